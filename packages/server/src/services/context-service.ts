import {
  buildContextPackage,
  CrmError,
  DEFAULT_PLACEHOLDERS,
  hiddenTypesFor,
  redact,
  type Crm,
  type CrmRecord,
  type Customer,
  type ContextPackage,
  type ContextSummarizer,
  type ContextSummary,
  type Conversation,
  type Handoff,
  type ContextPackageInput,
  type HistoryInput,
  type PiiType,
  type RedactionPolicy,
  type StaffRole,
  type StoredTurn,
} from '@baton/core';
import type { AgentConversation, ContextPreview } from '@baton/contracts';
import type { ServiceDeps } from './deps.ts';
import { presentAgentTurn, presentConversation, presentCustomer, presentHandoff } from './presenters.ts';

/** Options of the context package; all optional, the defaults need no configuration. */
export interface ContextOptions {
  /** What to redact in the package's text fields; default: every PII type. */
  redaction?: RedactionPolicy;
  /** An LLM summariser; the offline extractive summary is used without one or when it fails. */
  summarizer?: ContextSummarizer | null;
  /** Budget for each slow part (history lookup, CRM, LLM summary) before the package goes without it; default 1500 ms. */
  partTimeoutMs?: number;
  /** The CRM connector(s) for C2; without one the customer's own attributes are the CRM data. */
  crm?: Crm | null;
}

/** A conversation's transcript, its customer and the display names of the agents who wrote in it. */
export interface ConversationParts {
  turns: StoredTurn[];
  customer: Customer | null;
  names: Map<string, string>;
}

/** What a CRM lookup came to: a record, nobody found there, or a failure / timeout (the package says `crm`). */
type CrmLookup = { record: CrmRecord | null } | null;

/** CRM fields the package carries (`crm.attributes`): no name, e-mail or phone, which stay in `identity`. */
const crmAttributes = (r: CrmRecord): Record<string, unknown> => ({
  recordId: r.id,
  accountId: r.accountId,
  company: r.company,
  tier: r.tier,
  leadScore: r.leadScore,
  dealStage: r.dealStage,
  accountValue: r.accountValue,
  orderNumbers: r.orderNumbers,
  // ticket subjects are free text written by people: redacted like the transcript
  openTickets: r.openTickets.map((t) => ({ ...t, subject: redact(t.subject) })),
  url: r.url,
  ...r.raw,
});

/** Identity fields by the PII type they hold. */
const IDENTITY_FIELDS = [
  ['name', 'PERSON'],
  ['email', 'EMAIL'],
  ['phone', 'PHONE'],
] as const;

/**
 * The package as a reader who may not see `hidden` reads it: text fields redacted of those types only, identity
 * fields of a hidden type shown as their placeholder, and a bridge message that does not name a hidden name.
 */
const forReader = (input: ContextPackageInput, hidden: readonly PiiType[]): ContextPackage => {
  const customer = input.customer;
  const masked =
    customer === null
      ? null
      : {
          ...customer,
          ...Object.fromEntries(IDENTITY_FIELDS.filter(([, t]) => hidden.includes(t)).map(([f]) => [f, null])),
        };
  const pkg = buildContextPackage({ ...input, customer: masked, redaction: { ...input.redaction, types: hidden } });
  if (pkg.identity === null || customer === null) return pkg;
  const identity = { ...pkg.identity };
  for (const [f, t] of IDENTITY_FIELDS)
    if (hidden.includes(t) && customer[f] !== null) identity[f] = DEFAULT_PLACEHOLDERS[t];
  return { ...pkg, identity };
};

/** Resolves with the value, or null when the promise rejects or takes longer than `ms`. */
const within = async <T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T | null> => {
  const ctrl = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      ctrl.abort();
      resolve(null);
    }, ms);
  });
  try {
    return await Promise.race([work(ctrl.signal).catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Builds what an agent sees with an offer and after accepting (screen pop): the conversation, the handoff,
 * the customer, the transcript, and the context package (C1–C9). A failing or slow part (history, LLM
 * summary) never blocks the offer: the package goes without it and lists it in `missing`; if building the
 * package itself fails the preview goes without `package`.
 */
export class ContextService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly options: ContextOptions = {},
  ) {}

  /** Records that an agent opened a conversation's context package outside an offer (P4 data access). */
  recordRead(agentId: string, conversationId: string, via: string): void {
    const at = this.deps.clock.now();
    this.deps.audit.record({
      eventId: `read:${via}:${conversationId}:${agentId}:${at.getTime()}`,
      at,
      actor: `agent:${agentId}`,
      action: 'data.read',
      subject: `conversation:${conversationId}`,
      data: { via, what: 'context_package' },
    });
  }

  /**
   * The offer's screen pop. `reader`: the role of the one staff member it is for, whose package then shows the
   * personal data their role may see (P3); the transcript is masked per socket at the edge (StaffMasker).
   * `reading`: the conversation's parts, when the caller started reading them earlier (`readParts`).
   */
  async preview(
    handoff: Handoff,
    known?: Conversation,
    reader?: StaffRole,
    reading?: Promise<ConversationParts>,
  ): Promise<ContextPreview> {
    const conversation = known ?? (await this.deps.store.getConversation(handoff.conversationId));
    if (conversation === null)
      throw new Error(`conversation ${handoff.conversationId} missing for handoff ${handoff.id}`);
    // The transcript and the customer are read once for both halves (the screen pop is on the offer's path).
    const parts = await (reading ?? this.readParts(conversation));
    const [base, pkg] = await Promise.all([
      this.agentConversation(conversation, handoff, parts),
      this.contextPackage(conversation, handoff, null, parts, reader).catch((err: unknown) => {
        this.deps.log.warn(
          { err: err instanceof Error ? err.name : 'unknown', handoffId: handoff.id },
          'context package failed',
        );
        return null;
      }),
    ]);
    return {
      conversation: base.conversation,
      handoff: presentHandoff(handoff),
      customer: base.customer,
      transcript: base.transcript,
      ...(pkg === null ? {} : { package: pkg }),
    };
  }

  /** The conversation's transcript, customer and agents' names, read once for everything shown about it. */
  async readParts(conversation: Conversation): Promise<ConversationParts> {
    const { store } = this.deps;
    const [turns, customer] = await Promise.all([
      store.listTurns(conversation.id),
      conversation.customerId === null ? Promise.resolve(null) : store.getCustomer(conversation.customerId),
    ]);
    return { turns, customer, names: await this.authorNames(turns) };
  }

  /**
   * The context package for a handoff (C1–C9), with `agentName` filled in the bridge message when known. `known`:
   * the transcript, customer and names already read by the caller. `reader`: the role of the staff member it is
   * shown to, when the policy has a `privacy:` section: what that role may see stays as written (P3). Without a
   * reader (webhooks, desks, CRM, the voice whisper) the configured redaction applies, and the LLM summariser
   * always gets that one.
   */
  async contextPackage(
    conversation: Conversation,
    handoff: Handoff | null,
    agentName: string | null = null,
    known?: ConversationParts,
    reader?: StaffRole,
  ): Promise<ContextPackage> {
    const { clock } = this.deps;
    const timeoutMs = this.options.partTimeoutMs ?? 1500;
    const { turns, customer, names } = known ?? (await this.readParts(conversation));
    const [history, crm] = await Promise.all([
      conversation.customerId === null ? Promise.resolve([]) : within(timeoutMs, () => this.history(conversation)),
      this.crmLookup(customer, timeoutMs),
    ]);
    const record = crm?.record ?? null;
    const privacy = this.deps.policy().privacy;
    const hidden = reader === undefined || privacy === undefined ? null : hiddenTypesFor(privacy, reader);
    const input = {
      conversation,
      handoff: handoff === null ? null : { id: handoff.id, reason: handoff.reason, priority: handoff.priority },
      // the CRM fills the identity's company and account when the customer record lacks them
      customer:
        customer === null || record === null
          ? customer
          : {
              ...customer,
              attributes: { company: record.company, accountId: record.accountId ?? undefined, ...customer.attributes },
            },
      // undefined: no connector or nobody found there → the customer's own attributes; null: failed → missing
      ...(this.options.crm == null || (crm !== null && record === null)
        ? {}
        : { crm: record === null ? null : { source: record.source, attributes: crmAttributes(record) } }),
      missing: record?.missing?.map((m) => (m.startsWith('crm.') ? m : `crm.${m}`)) ?? [],
      history,
      turns,
      authorNames: names,
      agentName,
      builtAt: clock.now(),
      redaction: this.options.redaction,
    };
    const offline = hidden === null ? buildContextPackage(input) : forReader(input, hidden);
    const summarizer = this.options.summarizer;
    if (summarizer === undefined || summarizer === null) return offline;
    // The LLM sees only the transcript redacted as configured, whoever the package is for.
    const prompt = hidden === null ? offline : buildContextPackage(input);
    const llm: ContextSummary | null = await within(timeoutMs, (signal) =>
      summarizer.summarize(
        prompt.transcript.map((t) => ({ role: t.role, text: t.text })),
        { reasonCode: prompt.reason?.code ?? null, topics: prompt.intents.map((i) => i.name) },
        signal,
      ),
    );
    if (llm === null) return { ...offline, missing: [...offline.missing, `summary.${summarizer.name}`] };
    return { ...offline, summary: llm };
  }

  /** The customer's CRM record within the part budget; null when the connector failed or ran out of time. */
  private async crmLookup(customer: Customer | null, timeoutMs: number): Promise<CrmLookup> {
    const crm = this.options.crm;
    if (crm == null || customer === null) return { record: null };
    const query = {
      customerId: customer.id,
      externalId: customer.externalId,
      email: customer.email,
      phone: customer.phone,
    };
    return within(timeoutMs, async (signal) => {
      try {
        return { record: await crm.lookup(query, signal) };
      } catch (err) {
        this.deps.log.warn(
          {
            crm: crm.name,
            kind: err instanceof CrmError ? err.kind : 'unknown',
            status: err instanceof CrmError ? err.status : null,
          },
          'crm lookup failed; the context package goes without it',
        );
        throw err;
      }
    });
  }

  /** Earlier conversations of the same customer, newest first (C4). */
  private async history(conversation: Conversation): Promise<HistoryInput[]> {
    const { store } = this.deps;
    if (conversation.customerId === null) return [];
    const earlier = await store.listConversations({ customerId: conversation.customerId, limit: 11 });
    const mine = earlier
      .filter((c) => c.id !== conversation.id)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, 10);
    return Promise.all(
      mine.map(async (c) => {
        const [turns, agent] = await Promise.all([
          store.listTurns(c.id),
          c.assignedAgentId === null ? Promise.resolve(null) : store.getAgent(c.assignedAgentId),
        ]);
        const handedOff = turns.some((t) => t.decision?.kind === 'handoff');
        return {
          conversation: c,
          firstCustomerText: turns.find((t) => t.role === 'customer')?.text ?? null,
          agentName: agent?.name ?? null,
          outcome: c.status !== 'closed' ? null : handedOff ? 'handed_off' : 'resolved_by_assistant',
        };
      }),
    );
  }

  /** What the agent sees of a conversation: `known` parts (see contextPackage) are not read again. */
  async agentConversation(
    conversation: Conversation,
    knownHandoff?: Handoff,
    known?: ConversationParts,
  ): Promise<AgentConversation> {
    const { store } = this.deps;
    const [{ turns, customer, names }, handoff] = await Promise.all([
      known ?? this.readParts(conversation),
      knownHandoff === undefined ? store.openHandoffForConversation(conversation.id) : Promise.resolve(knownHandoff),
    ]);
    return {
      conversation: presentConversation(conversation),
      customer: customer === null ? null : presentCustomer(customer),
      handoff: handoff === null ? null : presentHandoff(handoff),
      transcript: turns.map((t) => presentAgentTurn(t, names.get(t.authorId ?? '') ?? null)),
    };
  }

  /** Display names for the agents who wrote turns. */
  async authorNames(turns: readonly StoredTurn[]): Promise<Map<string, string>> {
    const ids = new Set(
      turns.filter((t) => t.role === 'agent' && t.authorId !== null).map((t) => t.authorId as string),
    );
    const names = new Map<string, string>();
    for (const id of ids) {
      const a = await this.deps.store.getAgent(id);
      if (a !== null) names.set(id, a.name);
    }
    return names;
  }
}
