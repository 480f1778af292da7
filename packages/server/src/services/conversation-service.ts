import {
  DomainError,
  evaluate,
  initialEscalationState,
  isDomainError,
  storedRedactionFor,
  transcriptHandling,
  type BusSubscription,
  type Conversation,
  type Customer,
  type Decision,
  type StoredTurn,
  type TurnAnnotations,
  type TurnRole,
} from '@baton/core';
import type { AddTurnResponse, CreateConversationBody, HandoffNotice, PublicTurn } from '@baton/contracts';
import type { ServiceDeps } from './deps.ts';
import { ConversationHeads, type ConversationHead } from './conversation-heads.ts';
import { HandoffNotices, NOTICE_TTL_MS } from './handoff-notices.ts';
import { KeyedLanes } from './keyed-lanes.ts';
import { normalizePhone } from './phone.ts';
import type { HandoffService, NoticeBasis } from './handoff-service.ts';
import { presentAgentTurn, presentConversation, presentDecision, presentPublicTurn } from './presenters.ts';
import {
  subjects,
  type ConsentEvent,
  type LifecycleEvent,
  type QueueSettingsEvent,
  type StatusEvent,
  type TurnEvent,
  type WaitEvent,
} from '../realtime/subjects.ts';
import { redactForStorage, sealedOriginalFor } from './stored-redaction.ts';

export interface TurnCommand {
  role: TurnRole;
  text: string;
  annotations?: TurnAnnotations;
  idempotencyKey?: string;
  /** Agent id for agent turns, bot name for assistant turns. */
  authorId?: string | null;
  authorName?: string | null;
}

/**
 * How long a waiting conversation's notice basis (open handoff, queue, agent name) is served at most, ms, and
 * from what age it is read again in the background while the customer keeps writing (5–10 s, jittered so
 * that the bases of a queue's customers, read together, are not read again together). Every change to a
 * basis is announced (status and lifecycle events drop it): these only bound a lost event or a queue edit.
 */
const NOTICE_BASIS_TTL_MS = 20_000;
const NOTICE_BASIS_REFRESH = { afterMs: 10_000, jitter: 0.5 };

/** How often appendTurn is retried when another writer took the same seq. */
const MAX_APPEND_ATTEMPTS = 8;

/**
 * Conversations and turns: every turn goes through the escalation engine, is stored with its decision and
 * the engine's state, and is published. A `handoff` decision starts the handoff lifecycle.
 */
export class ConversationService {
  private readonly heads = new ConversationHeads();
  private readonly lanes = new KeyedLanes();
  /** Notice bases per waiting conversation; the wait part comes from the queue's shared snapshot. */
  private readonly bases = new HandoffNotices<NoticeBasis>(NOTICE_BASIS_TTL_MS, 20_000, NOTICE_BASIS_REFRESH);
  /** Notices carried by wait updates (the queue moved, maybe on another instance): newer than our snapshot. */
  private readonly notices = new HandoffNotices(NOTICE_TTL_MS);

  constructor(
    private readonly deps: ServiceDeps,
    private readonly handoffs: HandoffService,
  ) {}

  /**
   * Drops cached heads when any instance changes a conversation's status, and cached handoff notices on
   * anything that can change them: status and handoff lifecycle; a wait update replaces the notice with the
   * one it carries (subscribed once at start).
   */
  async watchStatusChanges(): Promise<BusSubscription> {
    const { bus } = this.deps;
    const subscriptions = await Promise.all([
      bus.subscribe(subjects.status('*'), (event) => {
        const id = (event as StatusEvent).conversation.id;
        this.heads.drop(id);
        this.dropNotice(id);
      }),
      // A wait update carries the notice itself (the queue moved: new place in line): keep it as the fresh one.
      bus.subscribe(subjects.wait('*'), (event) => {
        const { conversationId, handoff } = event as WaitEvent;
        this.notices.drop(conversationId);
        this.notices.set(conversationId, handoff, this.deps.clock.now().getTime(), this.notices.begin());
      }),
      bus.subscribe(subjects.allLifecycle, (event) =>
        this.dropNotice((event as LifecycleEvent).handoff.conversationId),
      ),
      // A queue renamed, closed or re-routed: its waiting customers' notices were made from the old settings.
      bus.subscribe(subjects.queueSettings('*'), (event) => {
        const { queueId } = event as QueueSettingsEvent;
        this.bases.dropWhere((basis) => basis?.handoff.queueId === queueId);
        this.notices.dropWhere(() => true); // carried notices name no queue id; they live 2 s anyway
      }),
    ]);
    return { unsubscribe: async () => void (await Promise.all(subscriptions.map((s) => s.unsubscribe()))) };
  }

  /**
   * The handoff notice for a conversation in line or with an agent: the one a wait update brought in the last
   * NOTICE_TTL_MS, else its kept basis with the wait from the queue's snapshot (shared by the queue, at most
   * about a second old), so a waiting customer's turn reads nothing and no per-customer expiry adds reads.
   */
  private async noticeFor(conversationId: string): Promise<HandoffNotice | null> {
    const now = this.deps.clock.now().getTime();
    const carried = this.notices.get(conversationId, now);
    if (carried !== undefined) return carried;
    let basis = this.bases.get(conversationId, now);
    if (basis === undefined) basis = await this.readBasis(conversationId, now);
    else if (this.bases.claimRefresh(conversationId, now)) {
      this.readBasis(conversationId, now).catch((err: unknown) =>
        this.deps.log.warn({ err, conversationId }, 'handoff notice basis not refreshed'),
      );
    }
    return basis === null ? null : this.handoffs.noticeFrom(basis);
  }

  private async readBasis(conversationId: string, now: number): Promise<NoticeBasis | null> {
    const since = this.bases.begin();
    const basis = await this.handoffs.noticeBasisFor(conversationId);
    this.bases.set(conversationId, basis, now, since);
    return basis;
  }

  private dropNotice(conversationId: string): void {
    this.notices.drop(conversationId);
    this.bases.drop(conversationId);
  }

  /** Drops cached heads when the customer answers the recording question on any instance (P1). */
  async watchConsentChanges(): Promise<BusSubscription> {
    return this.deps.bus.subscribe(subjects.consent('*'), (event) => {
      this.heads.drop((event as ConsentEvent).conversationId);
    });
  }

  /** The head of a conversation: cached, or read from the store. Throws `conversation_not_found`. */
  private async head(conversationId: string): Promise<ConversationHead> {
    const cached = this.heads.get(conversationId);
    if (cached !== undefined) return cached;
    const { store } = this.deps;
    const [conversation, last, consent] = await Promise.all([
      this.get(conversationId),
      store.lastTurn(conversationId),
      store.latestConsent(conversationId),
    ]);
    const customer = conversation.customerId === null ? null : await store.getCustomer(conversation.customerId);
    const head: ConversationHead = {
      conversation,
      customerAttributes: customer?.attributes ?? null,
      lastSeq: last?.seq ?? 0,
      state: last?.escalationState ?? initialEscalationState(),
      recording: consent?.recording ?? null,
    };
    this.heads.set(conversationId, head);
    return head;
  }

  async create(body: CreateConversationBody): Promise<Conversation> {
    const { store, ids, clock } = this.deps;
    const now = clock.now();
    let customerId: string | null = null;
    let customer: Customer | null = null;
    if (body.customer !== undefined) {
      // One customer across channels (V6): match keys in one spelling, whoever typed them.
      const { phone, email } = body.customer;
      const input = {
        ...body.customer,
        ...(phone === undefined ? {} : { phone: normalizePhone(phone) }),
        ...(email === undefined ? {} : { email: email.toLowerCase() }),
      };
      customer = await store.upsertCustomer(ids.next('cus'), input, now);
      customerId = customer.id;
    }
    const conversation: Conversation = {
      id: ids.next('conv'),
      customerId,
      channel: body.channel ?? 'chat',
      language: body.language ?? 'en',
      status: 'assistant',
      assignedAgentId: null,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
    };
    await store.createConversation(conversation);
    // Its head is known without reading it back (no turn, no consent yet), so the first turn, usually right
    // behind, costs one write instead of four reads and a write. A consent recorded on another instance before
    // that turn drops the head through the bus, as for any other conversation.
    this.heads.set(conversation.id, {
      conversation,
      customerAttributes: customer?.attributes ?? null,
      lastSeq: 0,
      state: initialEscalationState(),
      recording: null,
    });
    return conversation;
  }

  async get(id: string): Promise<Conversation> {
    const c = await this.deps.store.getConversation(id);
    if (c === null) throw new DomainError('conversation_not_found', `no conversation ${id}`);
    return c;
  }

  /**
   * Adds a turn: evaluates it, stores it at the next seq (optimistic: retried when another writer won the
   * seq), publishes it, and starts a handoff when the decision says so and the assistant still owns it.
   */
  addTurn(conversationId: string, cmd: TurnCommand): Promise<AddTurnResponse & { decisionFull: Decision | null }> {
    return this.lanes.run(conversationId, () => this.addTurnNow(conversationId, cmd));
  }

  private async addTurnNow(
    conversationId: string,
    cmd: TurnCommand,
  ): Promise<AddTurnResponse & { decisionFull: Decision | null }> {
    const { store, ids, clock } = this.deps;
    let stored: StoredTurn | undefined;
    let created = false;
    let conversation: Conversation | undefined;
    for (let attempt = 1; stored === undefined; attempt++) {
      const head = await this.head(conversationId);
      conversation = head.conversation;
      if (conversation.status === 'closed') {
        throw new DomainError('conversation_closed', 'the conversation is closed', { conversationId });
      }
      const state = head.state;
      const annotations = cmd.annotations ?? {};
      const { decision, state: nextState } = evaluate(
        {
          role: cmd.role,
          text: cmd.text,
          channel: conversation.channel,
          annotations,
          ...(head.customerAttributes === null ? {} : { customer: head.customerAttributes }),
        },
        state,
        this.deps.policy(),
        this.deps.classifier === undefined ? {} : { classifier: this.deps.classifier },
      );
      const written: StoredTurn = {
        id: ids.next('turn'),
        conversationId,
        seq: head.lastSeq + 1,
        role: cmd.role,
        authorId: cmd.authorId ?? null,
        text: cmd.text,
        annotations,
        createdAt: clock.now(),
        decision: cmd.role === 'customer' ? decision : null,
        escalationState: nextState,
        idempotencyKey: cmd.idempotencyKey ?? null,
      };
      // Redaction at rest (BATON_REDACT_STORED): the engine read the original above; what is stored, and
      // what every reader gets afterwards, carries placeholders instead. The original is kept only sealed,
      // beside the turn, for an audited reveal (turn-originals.ts).
      const handling = transcriptHandling(this.deps.policy().consent, head.recording);
      const turn = redactForStorage(written, storedRedactionFor(handling, this.deps.storedRedaction));
      const sealedOriginal = sealedOriginalFor(this.deps.cipher, handling, written, turn);
      try {
        const result = await store.appendTurn(turn, sealedOriginal === undefined ? {} : { sealedOriginal });
        stored = result.turn;
        created = result.created;
        if (created) this.heads.set(conversationId, { ...head, lastSeq: turn.seq, state: turn.escalationState });
      } catch (err) {
        // Another instance took the seq: our head is stale. Re-read and retry after a short random pause,
        // so that instances racing on one conversation spread out instead of colliding again.
        this.heads.drop(conversationId);
        if (!(isDomainError(err) && err.code === 'turn_conflict') || attempt >= MAX_APPEND_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
    if (conversation === undefined)
      throw new DomainError('conversation_not_found', `no conversation ${conversationId}`);
    const authorName = cmd.authorName ?? null;
    let notice: PublicTurn | null = null;
    let handoff: HandoffNotice | null = null;
    if (created) {
      await this.publishTurn(stored, authorName, conversation);
      if (stored.decision?.kind === 'handoff' && conversation.status === 'assistant') {
        // Inside this conversation's lane already: the notice is written directly, not queued behind us.
        const say = async (text: string): Promise<PublicTurn> =>
          (await this.addTurnNow(conversationId, { role: 'system', text })).turn;
        try {
          const started = await this.handoffs.start(conversation, stored.decision, say);
          notice = started.notice;
          conversation = started.conversation;
        } catch (err) {
          // Another instance handed this conversation off a moment ago (our head was stale): the turn is
          // stored and the handoff exists, which is all the caller asked for.
          if (!(isDomainError(err) && err.code === 'handoff_already_open')) throw err;
          this.heads.drop(conversationId);
          conversation = await this.get(conversationId);
        }
      }
    }
    if (conversation.status === 'queued' || conversation.status === 'agent') {
      handoff = await this.noticeFor(conversation.id);
    }
    return {
      turn: presentPublicTurn(stored, authorName),
      decision: stored.decision === null ? undefined : presentDecision(stored.decision),
      decisionFull: stored.decision,
      conversation: presentConversation(conversation),
      handoff,
      notice,
      created,
    };
  }

  /** Stores and publishes one of Baton's own messages to the customer (`system` turn). */
  async addSystemTurn(conversationId: string, text: string): Promise<PublicTurn> {
    const res = await this.addTurn(conversationId, { role: 'system', text });
    return res.turn;
  }

  async publishTurn(turn: StoredTurn, authorName: string | null, conversation: Conversation): Promise<void> {
    const event: TurnEvent = {
      kind: 'turn',
      turn: presentAgentTurn(turn, authorName),
      conversation: presentConversation(conversation),
    };
    await this.deps.bus.publish(subjects.turn(turn.conversationId), event);
  }

  async publishStatus(conversation: Conversation): Promise<void> {
    this.heads.drop(conversation.id);
    this.dropNotice(conversation.id);
    const event: StatusEvent = {
      kind: 'status',
      conversation: presentConversation(conversation),
      handoff: conversation.status === 'assistant' ? null : await this.handoffs.noticeFor(conversation.id),
    };
    await this.deps.bus.publish(subjects.status(conversation.id), event);
  }

  /**
   * Closes a conversation. From the customer's side an open handoff becomes `abandoned`; from the agent's
   * side it becomes `completed`. Closing twice is a no-op.
   */
  async close(
    conversationId: string,
    by: { kind: 'customer' } | { kind: 'agent'; agentId: string },
  ): Promise<Conversation> {
    const conversation = await this.get(conversationId);
    if (conversation.status === 'closed') return conversation;
    if (by.kind === 'agent' && conversation.assignedAgentId !== by.agentId) {
      throw new DomainError('forbidden', 'only the assigned agent can close this conversation');
    }
    await this.handoffs.endForConversation(conversationId, by.kind === 'agent' ? 'completed' : 'abandoned');
    const now = this.deps.clock.now();
    const closed = await this.deps.store.updateConversation(conversationId, {
      status: 'closed',
      closedAt: now,
      updatedAt: now,
    });
    await this.discardIfDeclined(conversationId);
    await this.publishStatus(closed);
    if (by.kind === 'agent' || conversation.assignedAgentId !== null) await this.handoffs.routeWaiting();
    return closed;
  }

  /**
   * P1: when the customer declined recording and the policy discards transcripts, what a person wrote is wiped
   * as the conversation ends (rows, times and codes stay, as retention leaves them).
   */
  private async discardIfDeclined(conversationId: string): Promise<void> {
    const { store } = this.deps;
    const policy = this.deps.policy().consent;
    if (policy === undefined || policy.recordingDeclined !== 'discard') return;
    const consent = await store.latestConsent(conversationId);
    if (transcriptHandling(policy, consent?.recording ?? null) === 'discard')
      await store.wipeTranscript(conversationId);
  }
}
