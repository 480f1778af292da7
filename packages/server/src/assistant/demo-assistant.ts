import type { BotServerFrame, DecisionView } from '@baton/contracts';
import { BatonClient, type BotStream } from '@baton/sdk';
import { findAnswer } from './knowledge-base.ts';

export interface AssistantLogger {
  warn(obj: object, msg: string): void;
}

const GREETING = /^(hi|hello|hey|good (morning|afternoon|evening))\b/i;
const THANKS = /\b(thanks|thank you|cheers)\b/i;

/**
 * The built-in assistant (V7): an ordinary bot that uses Baton's public bot API through the SDK, exactly
 * as an outside bot would. It answers routine questions from the knowledge base, says the engine's prompt
 * for clarify / offer_human / collect_details decisions, reports fallbacks, and stays silent whenever the
 * conversation is not owned by the assistant.
 */
export class DemoAssistant {
  private stream: BotStream | null = null;
  private readonly client: BatonClient;

  constructor(
    baseUrl: string,
    apiKey: string,
    private readonly log: AssistantLogger,
  ) {
    this.client = new BatonClient({ baseUrl, token: apiKey });
  }

  async start(): Promise<void> {
    this.stream = this.client.streamEvents(
      (frame) => void this.onFrame(frame),
      (err) => this.log.warn({ err: err.message }, 'assistant stream error'),
    );
    await this.stream.opened;
  }

  stop(): void {
    this.stream?.close();
  }

  /** The reply for a customer turn, with whether it is a fallback. Exposed for tests. */
  static reply(text: string, decision: DecisionView | null): { text: string; fallback: boolean } | null {
    if (decision !== null && decision.kind === 'handoff') return null;
    if (decision !== null && decision.prompt !== undefined && decision.kind !== 'continue') {
      return { text: decision.prompt, fallback: false };
    }
    if (GREETING.test(text.trim()))
      return { text: 'Hi! I’m Northwind’s virtual assistant. How can I help you today?', fallback: false };
    if (THANKS.test(text)) return { text: 'You’re welcome! Anything else I can help with?', fallback: false };
    const match = findAnswer(text);
    if (match !== null) return { text: match.article.answer, fallback: false };
    return {
      text: 'Sorry, I didn’t quite understand that. I can help with orders, shipping, returns, refunds, sizes, warranty and passwords.',
      fallback: true,
    };
  }

  private async onFrame(frame: BotServerFrame): Promise<void> {
    if (frame.type !== 'turn' || frame.turn.role !== 'customer') return;
    const { status } = frame.conversation;
    if (status !== 'assistant' && status !== 'queued') return;
    const reply = DemoAssistant.reply(frame.turn.text, frame.decision);
    // While the customer waits for a person (M3 "keep chatting meanwhile"), the assistant answers only what
    // its knowledge base covers: no greetings, no "I did not understand" between the customer and the team.
    if (reply === null || (status === 'queued' && (reply.fallback || frame.decision?.kind !== 'continue'))) return;
    try {
      await this.client.addTurn(frame.conversation.id, {
        role: 'assistant',
        text: reply.text,
        annotations: reply.fallback ? { fallback: true } : {},
        idempotencyKey: `reply-${frame.turn.id}`,
      });
    } catch (err) {
      // The conversation may have been handed off or closed meanwhile: the assistant then stays silent.
      this.log.warn(
        { err: err instanceof Error ? err.message : String(err), conversationId: frame.conversation.id },
        'assistant reply not recorded',
      );
    }
  }
}
