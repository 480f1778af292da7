/**
 * A complete FAQ bot on Baton's bot API, written only against the public SDK (`@baton/sdk`).
 *
 * It listens on the bot event stream, answers customer turns from a small FAQ while the assistant owns
 * the conversation, says Baton's prompt when the engine asks to clarify / offer a person / collect
 * details, reports its fallbacks (so repeated failures escalate), and goes silent the moment Baton hands
 * the conversation to a person.
 */
import { BatonClient, type BotStream } from '@baton/sdk';
import type { BotServerFrame } from '@baton/contracts';

export interface FaqEntry {
  /** Lower-case words; an entry matches when every word of one group appears in the message. */
  match: string[][];
  answer: string;
}

export const defaultFaq: FaqEntry[] = [
  {
    match: [['password'], ['log', 'in'], ['login']],
    answer: 'You can reset your password from the sign-in page: choose "Forgot password" and follow the email.',
  },
  { match: [['order'], ['parcel'], ['track']], answer: 'You can track your order under Account → Orders.' },
  { match: [['return'], ['refund']], answer: 'Returns are free within 30 days: start one under Account → Orders.' },
  { match: [['hours'], ['open']], answer: 'Our team is available Monday to Friday, 8:00 to 18:00.' },
];

export const FALLBACK = 'Sorry, I did not understand. I can help with passwords, orders, returns and opening hours.';

export interface FaqBotOptions {
  baseUrl: string;
  /** A bot API key from BATON_BOT_KEYS. */
  apiKey: string;
  faq?: FaqEntry[];
  /** Where the bot reports what it does (default: nowhere). */
  log?: (line: string) => void;
}

export interface RunningFaqBot {
  client: BatonClient;
  stop(): void;
}

/** The FAQ answer for a message, or null. Pure; exported for tests. */
export const answerFor = (text: string, faq: FaqEntry[] = defaultFaq): string | null => {
  const words = new Set(text.toLowerCase().match(/[a-z]+/g) ?? []);
  const hit = faq.find((e) => e.match.some((group) => group.every((w) => words.has(w))));
  return hit?.answer ?? null;
};

/** What the bot says for one stream frame, or null to stay silent. Pure; exported for tests. */
export const replyFor = (
  frame: BotServerFrame,
  faq: FaqEntry[] = defaultFaq,
): { text: string; fallback: boolean } | null => {
  if (frame.type !== 'turn' || frame.turn.role !== 'customer') return null;
  // A person owns (or is about to own) the conversation: the bot must not talk over them.
  if (frame.conversation.status !== 'assistant' || frame.decision?.kind === 'handoff') return null;
  if (frame.decision?.prompt !== undefined && frame.decision.kind !== 'continue') {
    return { text: frame.decision.prompt, fallback: false };
  }
  const answer = answerFor(frame.turn.text, faq);
  return answer === null ? { text: FALLBACK, fallback: true } : { text: answer, fallback: false };
};

/** Connects the bot to Baton and answers until `stop()`. Resolves once the event stream is open. */
export const startFaqBot = async (opts: FaqBotOptions): Promise<RunningFaqBot> => {
  const log = opts.log ?? (() => undefined);
  const client = new BatonClient({ baseUrl: opts.baseUrl, token: opts.apiKey });
  const onFrame = async (frame: BotServerFrame): Promise<void> => {
    if (frame.type === 'status' && frame.handoff !== null) {
      log(`${frame.conversation.id}: handed off (${frame.handoff.status}), staying silent`);
    }
    const reply = replyFor(frame, opts.faq);
    if (reply === null || frame.type !== 'turn') return;
    try {
      // The key derives from the customer turn, so a redelivered frame never produces a second answer.
      const res = await client.addTurn(frame.conversation.id, {
        role: 'assistant',
        text: reply.text,
        annotations: { fallback: reply.fallback },
        idempotencyKey: `faq-${frame.turn.id}`,
      });
      log(`${frame.conversation.id}: answered "${reply.text}" (${res.created ? 'new' : 'already answered'})`);
    } catch (err) {
      // Typically conversation_closed: the customer left while we were answering.
      log(`${frame.conversation.id}: reply not recorded: ${(err as Error).message}`);
    }
  };
  const stream: BotStream = client.streamEvents(
    (frame) => void onFrame(frame),
    (err) => log(`stream error: ${err.message}`),
    { onOpen: () => log('connected to Baton') },
  );
  await stream.opened;
  return { client, stop: () => stream.close() };
};
