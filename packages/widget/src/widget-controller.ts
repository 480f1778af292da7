import type { ConversationView, CustomerServerFrame, HandoffNotice, PublicTurn } from '@baton/contracts';
import { ApiClient, ApiError } from './api-client.ts';
import { ConversationStream } from './conversation-stream.ts';
import type { SurveyState } from './feedback-view.ts';
import { sessionStore, type StoredSession } from './session-store.ts';
import { Transcript } from './transcript.ts';
import type { WidgetConfig } from './widget-config.ts';
import type { WaitChoice } from './wait-choices-view.ts';
import { WidgetView } from './widget-view.ts';

const TYPING_SHOWN_MS = 5_000;
const TYPING_SENT_EVERY_MS = 2_000;
const OPEN_KEY = 'baton.widget.open';
const WAIT_CHOICE_KEY = 'baton.widget.waitChoice';

/** What the customer is told once they chose to stay in line (M3). */
const CHOSEN_TEXT = {
  callback: 'Callback requested: we will call you when it is your turn. You can close this window.',
  continue: 'You keep your place in line. Ask the assistant anything meanwhile.',
  message: 'Message sent: the next person free reads it and replies here. You can close this window.',
} as const;

/**
 * The widget's behaviour: creates the conversation on first open, resumes it after a reload (token in
 * sessionStorage), sends the customer's messages, and keeps the transcript in line with the stream,
 * refetching the detail after each (re)connect so nothing is lost while the socket was down.
 */
export class WidgetController {
  private readonly api: ApiClient;
  private readonly view: WidgetView;
  private readonly transcript = new Transcript();
  private session: StoredSession | null = null;
  private stream: ConversationStream | null = null;
  private conversation: ConversationView | null = null;
  private handoff: HandoffNotice | null = null;
  private creating: Promise<StoredSession> | null = null;
  private open = false;
  private unread = 0;
  private typingTimer: number | undefined;
  private lastTypingSent = 0;
  private pendingCounter = 0;
  /** The consent in force for this conversation, once known (asked again for a new conversation). */
  private consentAnswer: 'granted' | 'declined' | null = null;
  /** 'unknown' until asked for the conversation that ended; then whether to show it. */
  private surveyState: 'unknown' | 'checking' | SurveyState = 'unknown';
  /** What the long-wait card shows now; re-rendered only when this changes, so a half-typed form survives updates. */
  private waitCard: 'hidden' | 'offer' | keyof typeof CHOSEN_TEXT = 'hidden';

  constructor(private readonly config: WidgetConfig) {
    this.api = new ApiClient(config.serverUrl);
    this.view = new WidgetView(config, {
      onOpen: () => this.setOpen(true, true),
      onMinimize: () => this.setOpen(false, true),
      onSend: (text) => void this.send(text),
      onRetry: (key) => this.retry(key),
      onTyping: () => this.sendTyping(),
      onEnd: () => void this.end(),
      onRestart: () => this.restart(),
      onConsent: (recording) => void this.consent(recording),
      onSurvey: (rating, comment) => void this.answerSurvey(rating, comment),
      onWaitChoice: (choice) => void this.chooseWhileWaiting(choice),
    });
  }

  mount(parent: HTMLElement): void {
    parent.append(this.view.host);
    this.applyStatus(null, null);
    this.session = sessionStore.load();
    if (this.session) this.connect(this.session);
    if (readOpenFlag()) this.setOpen(true, false);
  }

  private setOpen(open: boolean, moveFocus: boolean): void {
    this.open = open;
    writeOpenFlag(open);
    if (open) this.unread = 0;
    this.view.setOpen(open, moveFocus);
    if (open && !this.session) void this.ensureSession().catch(() => undefined);
  }

  /** Creates the conversation once, however many callers ask at the same time. */
  private ensureSession(): Promise<StoredSession> {
    if (this.session) return Promise.resolve(this.session);
    this.creating ??= this.api
      .createConversation({
        channel: 'chat',
        language: this.config.language,
        customer: customerInput(this.config),
      })
      .then(({ conversation, token }) => {
        const session = { conversationId: conversation.id, token };
        this.session = session;
        sessionStore.save(session);
        this.applyStatus(conversation, null);
        this.view.setError(null);
        this.connect(session);
        return session;
      })
      .catch((error: unknown) => {
        this.view.setError('We could not start the chat. Please try again in a moment.');
        throw error;
      })
      .finally(() => {
        this.creating = null;
      });
    return this.creating;
  }

  private connect(session: StoredSession): void {
    this.stream?.stop();
    this.stream = new ConversationStream(this.api.streamUrl(session.conversationId, session.token), {
      onFrame: (frame) => this.onFrame(frame),
      onOpen: () => {
        this.view.setError(null);
        void this.refresh(session);
      },
      onDrop: () => this.view.setError('Connection lost. Reconnecting…'),
      onRejected: () => this.forgetSession(),
      onConnectFailed: () => void this.refresh(session),
    });
    this.stream.start();
  }

  /** Fills whatever the stream missed; also the reload path. */
  private async refresh(session: StoredSession): Promise<void> {
    try {
      const detail = await this.api.getDetail(session.conversationId, session.token);
      if (this.session !== session) return;
      this.addTurns(detail.turns, false);
      this.applyStatus(detail.conversation, detail.handoff);
      if (this.consentAnswer === null) {
        const { consent } = await this.api.getConsent(session.conversationId, session.token);
        if (this.session === session && consent !== null) this.showConsent(consent.recording);
      }
    } catch (error) {
      if (error instanceof ApiError && error.sessionLost) this.forgetSession();
    }
  }

  private onFrame(frame: CustomerServerFrame): void {
    switch (frame.type) {
      case 'turn':
        if (frame.turn.role !== 'customer') this.view.setTyping(null);
        this.addTurns([frame.turn], true);
        return;
      case 'status':
        this.applyStatus(frame.conversation, frame.handoff);
        return;
      case 'wait':
        // M2: the queue moved; only meaningful while this conversation is still waiting.
        if (this.conversation?.status === 'queued') this.applyStatus(this.conversation, frame.handoff);
        return;
      case 'typing': {
        const who = frame.role === 'agent' ? (frame.name ?? 'Support agent') : 'The assistant';
        this.view.setTyping(`${who} is typing…`);
        window.clearTimeout(this.typingTimer);
        this.typingTimer = window.setTimeout(() => this.view.setTyping(null), TYPING_SHOWN_MS);
        return;
      }
      case 'error':
        if (frame.error.code === 'unauthorized' || frame.error.code === 'conversation_not_found') this.forgetSession();
        return;
      case 'ack':
      case 'pong':
        return;
    }
  }

  private async send(text: string): Promise<void> {
    if (this.conversation?.status === 'closed') return;
    const key = `w-${Date.now().toString(36)}-${(this.pendingCounter += 1)}`;
    this.transcript.addPending(key, text);
    this.view.clearInput();
    // The next message is a new one: the first key of it says "typing" at once, whatever the throttle.
    this.lastTypingSent = 0;
    this.render();
    await this.deliver(key, text);
  }

  private async deliver(key: string, text: string): Promise<void> {
    try {
      const session = await this.ensureSession();
      const result = await this.api.addTurn(session.conversationId, session.token, text, key);
      this.transcript.confirm(key, result.turn);
      this.addTurns(result.notice ? [result.notice] : [], false);
      this.applyStatus(result.conversation, result.handoff);
      this.view.setError(null);
    } catch (error) {
      if (error instanceof ApiError && error.sessionLost) {
        this.transcript.removePending(key);
        this.forgetSession();
        this.view.setError('This conversation is no longer available. Please send your message again.');
      } else {
        this.transcript.markFailed(key);
      }
    }
    this.render();
  }

  private retry(key: string): void {
    const message = this.transcript.removePending(key);
    if (message) void this.send(message.text);
  }

  private sendTyping(): void {
    const now = Date.now();
    if (now - this.lastTypingSent < TYPING_SENT_EVERY_MS) return;
    this.lastTypingSent = now;
    this.stream?.send({ type: 'typing' });
  }

  private async end(): Promise<void> {
    const session = this.session;
    if (!session) return;
    try {
      const { conversation } = await this.api.close(session.conversationId, session.token);
      this.applyStatus(conversation, this.handoff);
    } catch {
      this.view.setError('We could not end the conversation. Please try again.');
    }
  }

  /** Stores the choice with the exact wording shown (P1); the conversation is created first if needed. */
  private async consent(recording: 'granted' | 'declined'): Promise<void> {
    this.view.setConsent({ kind: 'saving' });
    try {
      const session = await this.ensureSession();
      const { disclosure, question } = this.view.wording;
      await this.api.recordConsent(session.conversationId, session.token, {
        recording,
        wording: `${disclosure} ${question}`,
        language: this.config.language,
      });
      this.showConsent(recording);
    } catch {
      this.view.setConsent({ kind: 'ask' });
      this.view.setError('We could not save your choice. Please try again.');
    }
  }

  private showConsent(recording: 'granted' | 'declined'): void {
    this.consentAnswer = recording;
    this.view.setConsent({ kind: 'answered', recording });
  }

  /** Once the conversation has ended: the survey shows if a person helped and it is not answered yet (M7). */
  private async checkSurvey(): Promise<void> {
    const session = this.session;
    if (!session || this.surveyState !== 'unknown') return;
    this.surveyState = 'checking';
    try {
      const status = await this.api.getSurvey(session.conversationId, session.token);
      if (this.session !== session) return;
      this.setSurvey(status.survey !== null ? 'done' : status.eligible ? 'open' : 'hidden');
    } catch {
      this.surveyState = 'unknown';
    }
  }

  private async answerSurvey(rating: number, comment: string): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.setSurvey('sending');
    try {
      await this.api.answerSurvey(session.conversationId, session.token, {
        rating,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      this.setSurvey('done');
    } catch (error) {
      // Already answered (another tab): say thanks; otherwise let them try again.
      if (error instanceof ApiError && error.code === 'survey_already_answered') this.setSurvey('done');
      else {
        this.setSurvey('open');
        this.view.setError('We could not send your feedback. Please try again.');
      }
    }
  }

  /** M3: every choice keeps the place in line; a message waits there for the next free agent. */
  private async chooseWhileWaiting(choice: WaitChoice): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (choice.choice !== 'continue') this.view.setWaitChoices({ kind: choice.choice, sending: true });
    try {
      const result = await this.api.chooseWhileWaiting(session.conversationId, session.token, choice);
      if (this.session !== session) return;
      writeWaitChoice(session.conversationId, result.choice);
      this.addTurns(result.turns, false);
      this.applyStatus(result.conversation, result.handoff);
      this.view.setError(null);
    } catch (error) {
      if (choice.choice !== 'continue') this.view.setWaitChoices({ kind: choice.choice, sending: false });
      this.view.setError(
        error instanceof ApiError && error.code === 'not_waiting'
          ? 'You are no longer waiting in line.'
          : 'We could not save your choice. Please try again.',
      );
    }
  }

  /** Shows the long-wait choices while queued with a long wait, or the choice already made. */
  private updateWaitCard(): void {
    const conversationId = this.session?.conversationId;
    const waiting = this.conversation?.status === 'queued' && conversationId !== undefined;
    const chosen = waiting ? readWaitChoice(conversationId) : null;
    const next = !waiting ? 'hidden' : (chosen ?? (this.handoff?.longWait === true ? 'offer' : 'hidden'));
    if (next === this.waitCard) return;
    this.waitCard = next;
    this.view.setWaitChoices(
      next === 'hidden' || next === 'offer' ? { kind: next } : { kind: 'chosen', text: CHOSEN_TEXT[next] },
    );
  }

  private setSurvey(state: SurveyState): void {
    this.surveyState = state;
    this.view.setSurvey(state);
  }

  /** After "conversation ended": a new conversation starts on the next message or open. */
  private restart(): void {
    this.forgetSession();
    this.view.setError(null);
    void this.ensureSession().catch(() => undefined);
    this.setOpen(true, true);
  }

  private forgetSession(): void {
    this.stream?.stop();
    this.stream = null;
    this.session = null;
    this.conversation = null;
    this.handoff = null;
    this.consentAnswer = null;
    this.view.setConsent({ kind: 'ask' });
    this.setSurvey('hidden');
    this.surveyState = 'unknown';
    sessionStore.clear();
    this.transcript.clear();
    this.view.setTyping(null);
    this.applyStatus(null, null);
    this.render();
  }

  private addTurns(turns: readonly PublicTurn[], live: boolean): void {
    const fresh = turns.filter((t) => !this.transcript.has(t.id));
    if (!this.transcript.merge(turns)) return;
    if (live && !this.open) {
      this.unread += fresh.filter((t) => t.role !== 'customer').length;
      this.view.setUnread(this.unread);
    }
    this.render();
  }

  private applyStatus(conversation: ConversationView | null, handoff: HandoffNotice | null): void {
    this.conversation = conversation;
    this.handoff = handoff;
    const status = conversation?.status ?? 'assistant';
    this.view.setSubtitle(subtitleFor(status, handoff));
    this.view.setEnded(status === 'closed', conversation !== null);
    this.updateWaitCard();
    if (status === 'closed') {
      this.view.setTyping(null);
      void this.checkSurvey();
    }
  }

  private render(): void {
    this.view.renderMessages(this.transcript.ordered(), this.transcript.pendingMessages(), (key) => this.retry(key));
  }
}

/** Place in line and expected wait, short enough for the header (M1, M2); truthful when nobody can come. */
function waitSuffix(handoff: HandoffNotice): string {
  if (handoff.position === undefined) return '';
  const eta = handoff.estimatedWaitSeconds;
  if (eta === null || eta === undefined) return ' · nobody is available right now';
  if (eta < 30) return ' · any moment now';
  return ` · number ${handoff.position} in line, about ${Math.max(1, Math.round(eta / 60))} min`;
}

function subtitleFor(status: ConversationView['status'], handoff: HandoffNotice | null): string {
  switch (status) {
    case 'assistant':
      return 'Virtual assistant · a person can join';
    case 'queued':
      return handoff ? `Waiting for ${handoff.queueName}${waitSuffix(handoff)}` : 'Waiting for a person';
    case 'agent':
      return handoff?.agentName ? `${handoff.agentName} is helping you` : 'You are talking to a person';
    case 'closed':
      return 'Conversation ended';
  }
}

function customerInput(config: WidgetConfig): { name?: string; email?: string } | undefined {
  if (!config.customerName && !config.customerEmail) return undefined;
  return {
    ...(config.customerName ? { name: config.customerName } : {}),
    ...(config.customerEmail ? { email: config.customerEmail } : {}),
  };
}

function readWaitChoice(conversationId: string): keyof typeof CHOSEN_TEXT | null {
  try {
    const value = window.sessionStorage.getItem(`${WAIT_CHOICE_KEY}.${conversationId}`);
    return value === 'callback' || value === 'continue' || value === 'message' ? value : null;
  } catch {
    return null;
  }
}

function writeWaitChoice(conversationId: string, choice: keyof typeof CHOSEN_TEXT): void {
  try {
    window.sessionStorage.setItem(`${WAIT_CHOICE_KEY}.${conversationId}`, choice);
  } catch {
    // Forgetting the choice only offers it again after a reload.
  }
}

function readOpenFlag(): boolean {
  try {
    return window.sessionStorage.getItem(OPEN_KEY) === '1';
  } catch {
    return false;
  }
}

function writeOpenFlag(open: boolean): void {
  try {
    window.sessionStorage.setItem(OPEN_KEY, open ? '1' : '0');
  } catch {
    // Not remembering whether the panel was open is harmless.
  }
}
