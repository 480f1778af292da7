import {
  isDomainError,
  mayRecordAudio,
  type BusSubscription,
  type Conversation,
  type ConversationStatus,
  type TurnAnnotations,
} from '@baton/core';
import { normalizePhone } from '../services/phone.ts';
import type { CallerTurnOutcome, CallRecording, VoiceCallHost, VoiceOffer } from '@baton/twilio-voice';
import type { AppContext } from '../http/context.ts';
import { subjects, type LifecycleEvent, type TurnEvent } from '../realtime/subjects.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { askVoiceFeatures } from './voice-feature-relay.ts';

export interface VoiceHostOptions {
  /** How long a speech turn waits for the assistant's reply before the caller hears a stall message (ms). */
  replyTimeoutMs?: number;
  /** Identifies this instance's claims on offers. */
  owner: string;
}

/** The conversation of a Twilio call: deterministic, so webhook retries and other instances agree. */
export const conversationIdForCall = (callSid: string): string => `conv_call_${callSid.replace(/[^A-Za-z0-9]/g, '')}`;

/**
 * Opens (or finds, when it exists) the voice conversation `id` of the customer with phone `from` (V6: the
 * same customer as in chat when the number matches). Safe under retries and several instances.
 */
export const openVoiceConversation = async (
  deps: ServiceDeps,
  id: string,
  from: string | null,
): Promise<{ conversationId: string; customerName: string | null }> => {
  const { store, ids, clock } = deps;
  const existing = await store.getConversation(id);
  if (existing !== null) {
    const c = existing.customerId === null ? null : await store.getCustomer(existing.customerId);
    return { conversationId: id, customerName: c?.name ?? null };
  }
  const now = clock.now();
  const phone = from === null ? null : normalizePhone(from);
  const customer =
    phone !== null && /^\+?[0-9]{5,}$/.test(phone) ? await store.upsertCustomer(ids.next('cus'), { phone }, now) : null;
  const conversation: Conversation = {
    id,
    customerId: customer?.id ?? null,
    channel: 'voice',
    language: 'en',
    status: 'assistant',
    assignedAgentId: null,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  };
  try {
    await store.createConversation(conversation);
  } catch (err) {
    // A retried webhook on another instance got there first: same conversation.
    if (!(isDomainError(err) && err.code === 'conversation_exists')) throw err;
  }
  return { conversationId: id, customerName: customer?.name ?? null };
};

/** Marks the claim rows of internal consumers in the webhook delivery table (never sent over HTTP). */
export const AGENT_LEG_CONSUMER = 'internal:twilio-voice/agent-leg';

/**
 * Baton's side of the voice integrations' host interface: calls become voice conversations of the
 * customer found by phone (the same as in chat), speech becomes customer turns through the same
 * ConversationService as chat, and the agent leg drives the same reservation as the workspace.
 */
export class ServerVoiceHost implements VoiceCallHost {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly ctx: AppContext,
    private readonly o: VoiceHostOptions,
  ) {}

  /** The call's media socket is on another instance: ask it over the bus (see voice-feature-relay.ts). */
  remoteVoiceFeatures(conversationId: string) {
    return askVoiceFeatures(this.deps.bus, conversationId);
  }

  async startCall(call: { callSid: string; from: string; to: string }) {
    return openVoiceConversation(this.deps, conversationIdForCall(call.callSid), call.from);
  }

  async addCallerTurn(
    conversationId: string,
    turn: { text: string; annotations: TurnAnnotations; idempotencyKey: string },
  ): Promise<CallerTurnOutcome> {
    const replies: { seq: number; text: string }[] = [];
    let wake: () => void = () => undefined;
    const sub: BusSubscription = await this.deps.bus.subscribe(subjects.turn(conversationId), (e) => {
      const t = (e as TurnEvent).turn;
      if (t.role === 'assistant') {
        replies.push({ seq: t.seq, text: t.text });
        wake();
      }
    });
    try {
      const res = await this.ctx.conversations.addTurn(conversationId, {
        role: 'customer',
        text: turn.text,
        annotations: turn.annotations,
        idempotencyKey: turn.idempotencyKey,
      });
      const status = res.conversation.status;
      if (status !== 'assistant') {
        const notice = res.notice?.text ?? (res.handoff === null ? null : `${res.handoff.reason} Please hold.`);
        return { status, reply: null, handoffMessage: notice?.replace(/\bthis chat\b/g, 'this call') ?? null };
      }
      const after = res.turn.seq;
      const found = () => replies.find((r) => r.seq > after) ?? null;
      if (!res.created) {
        // A retried webhook: the reply may already be stored.
        const stored = (await this.deps.store.listTurns(conversationId, after)).find((t) => t.role === 'assistant');
        if (stored !== undefined) return { status, reply: stored.text, handoffMessage: null };
      }
      const deadline = Date.now() + (this.o.replyTimeoutMs ?? 4000);
      while (found() === null && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.max(1, deadline - Date.now())).unref();
        });
      }
      return { status, reply: found()?.text ?? null, handoffMessage: null };
    } finally {
      await sub.unsubscribe();
    }
  }

  async status(conversationId: string): Promise<ConversationStatus | null> {
    return (await this.deps.store.getConversation(conversationId))?.status ?? null;
  }

  async callerLeft(callSid: string): Promise<string | null> {
    const id = conversationIdForCall(callSid);
    const conversation = await this.deps.store.getConversation(id);
    if (conversation === null) return null;
    if (conversation.status === 'agent') {
      // The agent keeps the conversation for wrap-up (notes, disposition) and closes it from the workspace.
      await this.ctx.conversations.addSystemTurn(id, 'The caller hung up.');
      return id;
    }
    await this.ctx.conversations.close(id, { kind: 'customer' });
    return id;
  }

  async agentAnswered(reservationId: string): Promise<{ conversationId: string; whisper: string } | null> {
    const { store } = this.deps;
    const r = await store.getReservation(reservationId);
    if (r === null) return null;
    let conversation: Conversation;
    if (r.status === 'accepted') {
      // Already accepted (in the workspace, or a retried answer webhook): the agent still joins the call.
      const current = await store.getConversation(r.conversationId);
      if (current === null || current.status !== 'agent' || current.assignedAgentId !== r.agentId) return null;
      conversation = current;
    } else {
      if (r.status !== 'pending') return null;
      try {
        conversation = await this.ctx.handoffs.accept(r.agentId, r.id);
      } catch (err) {
        if (isDomainError(err)) return null; // timed out or withdrawn meanwhile
        throw err;
      }
    }
    const [handoff, agent, customer] = await Promise.all([
      store.getHandoff(r.handoffId),
      store.getAgent(r.agentId),
      conversation.customerId === null ? Promise.resolve(null) : store.getCustomer(conversation.customerId),
    ]);
    const pkg = await this.ctx.context.contextPackage(conversation, handoff, agent?.name ?? null).catch(() => null);
    const who = customer?.name ?? (customer?.phone ? `a caller on ${customer.phone}` : 'a caller');
    const summary = pkg?.summary.text ?? '';
    const whisper = [`Incoming call from ${who}.`, handoff?.reason.agent ?? '', summary, 'Connecting you now.']
      .filter((s) => s.trim() !== '')
      .join(' ')
      .slice(0, 900);
    return { conversationId: conversation.id, whisper };
  }

  /** The caller's answer to the recording notice, stored as their consent (P1) with the wording they heard. */
  async recordingChoice(conversationId: string, choice: 'granted' | 'declined', wording: string): Promise<void> {
    await this.ctx.records.recordConsent(conversationId, { recording: choice, wording });
  }

  /** Audio is recorded only with the caller's consent, or unanswered when the policy allows it (P1). */
  async mayRecord(conversationId: string): Promise<boolean> {
    const consent = await this.deps.store.latestConsent(conversationId);
    return mayRecordAudio(this.deps.policy().consent, consent?.recording ?? null);
  }

  /**
   * A finished recording of the call (P2): its reference goes into the audit chain, so what was recorded,
   * when and where it is kept is tamper-evident. The audio itself stays with Twilio.
   */
  async callRecorded(conversationId: string, recording: CallRecording): Promise<void> {
    this.deps.audit.record({
      eventId: `recording:${recording.sid}`,
      at: this.deps.clock.now(),
      actor: 'system',
      action: 'call.recorded',
      subject: `conversation:${conversationId}`,
      data: {
        provider: 'twilio',
        recordingSid: recording.sid,
        url: recording.url,
        durationSeconds: recording.durationSeconds,
        source: recording.source,
      },
    });
  }

  async agentMissed(reservationId: string, why: 'rejected' | 'timed_out'): Promise<void> {
    await this.ctx.handoffs.decline(reservationId, why);
  }

  async onVoiceOffer(listener: (offer: VoiceOffer) => Promise<void>): Promise<() => Promise<void>> {
    const { store, bus, ids, clock } = this.deps;
    const handle = async (event: LifecycleEvent): Promise<void> => {
      if (event.kind !== 'lifecycle' || event.agentId === null) return;
      const conversation = await store.getConversation(event.handoff.conversationId);
      if (conversation?.channel !== 'voice') return;
      const now = clock.now();
      // Every instance hears the offer; the unique (event, consumer) row lets exactly one ring the agent.
      const { created } = await store.enqueueWebhook({
        id: ids.next('whd'),
        eventId: event.id,
        eventName: event.name,
        endpoint: AGENT_LEG_CONSUMER,
        payload: JSON.stringify({ handoffId: event.handoff.id, agentId: event.agentId, owner: this.o.owner }),
        status: 'delivered',
        attempts: 1,
        nextAttemptAt: now,
        claimedBy: this.o.owner,
        leaseUntil: null,
        lastStatusCode: null,
        lastError: null,
        createdAt: now,
        deliveredAt: now,
      });
      if (!created) return;
      const [reservation] = await store.listReservations({ handoffId: event.handoff.id, status: ['pending'] });
      if (reservation === undefined || reservation.agentId !== event.agentId) return;
      await listener({ reservationId: reservation.id, conversationId: conversation.id, agentId: reservation.agentId });
    };
    const sub = await bus.subscribe(subjects.lifecycle('handoff.offered'), (e) => {
      handle(e as LifecycleEvent).catch((err: unknown) => this.deps.log.error({ err }, 'voice offer not handled'));
    });
    return () => sub.unsubscribe();
  }
}
