/**
 * CRM connectors (C2) behind the `Crm` port: the built-in customer store (default, with Northwind demo
 * records) and HubSpot, Salesforce and Zendesk, each switched on by its own settings (from the environment via
 * `crmOptionsFromEnv`). Several configured connectors are asked together and merged; the outcome of every
 * completed handoff is written back to each (`CrmWriteBack`).
 */
import {
  redact,
  type BusSubscription,
  type Crm,
  type CrmOutcome,
  type CrmQuery,
  type CrmRecord,
  type CustomerStore,
  type EventBus,
} from '@baton/core';
import { HubSpotCrm, type HubSpotConfig } from '@baton/hubspot';
import { SalesforceCrm, type SalesforceConfig } from '@baton/salesforce';
import { ZendeskCrm, type ZendeskConfig } from '@baton/zendesk';
import type { Env } from '../config.ts';
import { subjects, type LifecycleEvent } from '../realtime/subjects.ts';
import type { ServiceDeps } from '../services/deps.ts';

/** Which connectors to switch on; each is on when its settings are present. */
export interface CrmOptions {
  hubspot?: HubSpotConfig;
  salesforce?: SalesforceConfig;
  zendesk?: ZendeskConfig;
}

/** A connector that switches itself on from its settings (outline-style plugin registration). */
interface CrmRegistration {
  name: string;
  create(options: CrmOptions): Crm | null;
}
const registry: CrmRegistration[] = [];
/** Adds a connector to the registry; the order of registration is the order of precedence when merging. */
export const registerCrm = (r: CrmRegistration): void => {
  registry.push(r);
};
registerCrm({ name: 'hubspot', create: (o) => (o.hubspot === undefined ? null : new HubSpotCrm(o.hubspot)) });
registerCrm({
  name: 'salesforce',
  create: (o) => (o.salesforce === undefined ? null : new SalesforceCrm(o.salesforce)),
});
registerCrm({ name: 'zendesk', create: (o) => (o.zendesk === undefined ? null : new ZendeskCrm(o.zendesk)) });

/** The CRM settings the environment asks for. */
export const crmOptionsFromEnv = (env: Env): CrmOptions => ({
  ...(env.HUBSPOT_TOKEN === undefined
    ? {}
    : {
        hubspot: {
          token: env.HUBSPOT_TOKEN,
          ...(env.HUBSPOT_BASE_URL === undefined ? {} : { baseUrl: env.HUBSPOT_BASE_URL }),
          ...(env.HUBSPOT_TIER_PROPERTY === undefined ? {} : { tierProperty: env.HUBSPOT_TIER_PROPERTY }),
          ...(env.HUBSPOT_PORTAL_ID === undefined ? {} : { portalId: env.HUBSPOT_PORTAL_ID }),
        },
      }),
  ...(env.SALESFORCE_INSTANCE_URL === undefined || env.SALESFORCE_TOKEN === undefined
    ? {}
    : {
        salesforce: {
          instanceUrl: env.SALESFORCE_INSTANCE_URL,
          token: env.SALESFORCE_TOKEN,
          ...(env.SALESFORCE_API_VERSION === undefined ? {} : { apiVersion: env.SALESFORCE_API_VERSION }),
          ...(env.SALESFORCE_TIER_FIELD === undefined ? {} : { tierField: env.SALESFORCE_TIER_FIELD }),
        },
      }),
  ...(env.ZENDESK_SUBDOMAIN === undefined || env.ZENDESK_EMAIL === undefined || env.ZENDESK_TOKEN === undefined
    ? {}
    : {
        zendesk: {
          subdomain: env.ZENDESK_SUBDOMAIN,
          email: env.ZENDESK_EMAIL,
          token: env.ZENDESK_TOKEN,
          ...(env.ZENDESK_BASE_URL === undefined ? {} : { baseUrl: env.ZENDESK_BASE_URL }),
        },
      }),
});

/** The context-package and assist settings the environment asks for (what `baton start` passes to startServer). */
export const contextOptionsFromEnv = (
  env: Env,
): { crm: CrmOptions; crmWriteBack?: boolean; contextPartTimeoutMs?: number; knowledgeBaseDir?: string } => ({
  crm: crmOptionsFromEnv(env),
  ...(env.BATON_CRM_WRITE_BACK === undefined ? {} : { crmWriteBack: env.BATON_CRM_WRITE_BACK }),
  ...(env.BATON_CONTEXT_PART_TIMEOUT_MS === undefined
    ? {}
    : { contextPartTimeoutMs: env.BATON_CONTEXT_PART_TIMEOUT_MS }),
  ...(env.BATON_KB_DIR === undefined ? {} : { knowledgeBaseDir: env.BATON_KB_DIR }),
});

/** Northwind Outfitters' CRM records for the demo (matched by e-mail, phone or external id). */
export const demoCrmRecords: readonly CrmRecord[] = [
  {
    source: 'builtin',
    id: 'nw_1001',
    accountId: 'acct_lopez',
    name: 'Ana Lopez',
    email: 'ana@example.com',
    phone: '+15550100123',
    company: 'Lopez Outdoor Club',
    tier: 'gold',
    leadScore: 82,
    dealStage: 'renewal',
    accountValue: 4200,
    orderNumbers: ['NW-4411', 'NW-4390'],
    openTickets: [{ id: 'T-311', subject: 'Tent pole cracked on first use', status: 'open' }],
    url: null,
    raw: { customerSince: '2021-04-02', plan: 'Trail Club' },
  },
  {
    source: 'builtin',
    id: 'nw_1002',
    accountId: null,
    name: 'Ben Carter',
    email: 'ben@example.com',
    phone: '+15550100456',
    company: null,
    tier: 'standard',
    leadScore: 35,
    dealStage: null,
    accountValue: 310,
    orderNumbers: ['NW-5120'],
    openTickets: [],
    url: null,
    raw: { customerSince: '2025-09-14' },
  },
];

const CRM_FIELDS = [
  'tier',
  'leadScore',
  'dealStage',
  'accountValue',
  'orderNumbers',
  'openTickets',
  'company',
] as const;

/**
 * Baton's own customer store as a CRM (the default): the customer's `attributes` (what bots and the
 * customer API stored: `tier`, `leadScore` ...) over the demo records. Write-back stores the last handoff
 * outcome in the customer's attributes (`lastHandoff`).
 */
export class BuiltinCrm implements Crm {
  readonly name = 'builtin';

  constructor(
    private readonly store: CustomerStore,
    private readonly records: readonly CrmRecord[] = demoCrmRecords,
  ) {}

  async lookup(q: CrmQuery): Promise<CrmRecord | null> {
    const demo =
      (q.externalId ? this.records.find((r) => r.id === q.externalId) : undefined) ??
      (q.email ? this.records.find((r) => r.email?.toLowerCase() === q.email?.toLowerCase()) : undefined) ??
      (q.phone ? this.records.find((r) => r.phone === q.phone) : undefined);
    const customer = q.customerId ? await this.store.getCustomer(q.customerId) : null;
    if (customer === null) return demo ?? null;
    const a = customer.attributes;
    const has = CRM_FIELDS.some((k) => a[k] !== undefined);
    if (!has && demo === undefined) return null;
    const pick = <K extends (typeof CRM_FIELDS)[number]>(k: K): CrmRecord[K] | null =>
      (a[k] as CrmRecord[K] | undefined) ?? demo?.[k] ?? null;
    return {
      source: this.name,
      id: customer.id,
      accountId: typeof a.accountId === 'string' ? a.accountId : (demo?.accountId ?? customer.externalId),
      name: customer.name ?? demo?.name ?? null,
      email: customer.email ?? demo?.email ?? null,
      phone: customer.phone ?? demo?.phone ?? null,
      company: pick('company'),
      tier: pick('tier'),
      leadScore: pick('leadScore'),
      dealStage: pick('dealStage'),
      accountValue: pick('accountValue'),
      orderNumbers: pick('orderNumbers') ?? [],
      openTickets: pick('openTickets') ?? [],
      url: null,
      raw: { ...demo?.raw },
    };
  }

  async writeOutcome(record: CrmRecord, outcome: CrmOutcome): Promise<void> {
    const customer = await this.store.getCustomer(record.id);
    if (customer === null || (customer.externalId ?? customer.email ?? customer.phone) === null) return;
    await this.store.upsertCustomer(
      customer.id,
      {
        externalId: customer.externalId,
        email: customer.email,
        phone: customer.phone,
        attributes: {
          lastHandoff: {
            handoffId: outcome.handoffId,
            conversationId: outcome.conversationId,
            status: outcome.status,
            reasonCode: outcome.reasonCode,
            agentName: outcome.agentName,
            summary: outcome.summary === null ? null : redact(outcome.summary),
            endedAt: outcome.endedAt.toISOString(),
          },
        },
      },
      outcome.endedAt,
    );
  }
}

const first = <T>(values: (T | null | undefined)[]): T | null =>
  values.find((v) => v !== null && v !== undefined) ?? null;

/**
 * Several CRMs asked at once (e.g. Salesforce for the account, Zendesk for tickets): each lookup runs in
 * parallel; the first connector (registration order) that knows a field wins it; lists are joined. A
 * connector that fails is named in `missing` (`crm.zendesk`) while the others' data goes on; only when every
 * one fails does the lookup reject.
 */
export class CompositeCrm implements Crm {
  readonly name: string;

  constructor(private readonly crms: readonly Crm[]) {
    this.name = crms.map((c) => c.name).join('+');
  }

  async lookup(q: CrmQuery, signal?: AbortSignal): Promise<CrmRecord | null> {
    const settled = await Promise.allSettled(this.crms.map((c) => c.lookup(q, signal)));
    const failed = this.crms.filter((_, i) => settled[i]?.status === 'rejected').map((c) => c.name);
    const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed.length === this.crms.length && rejected !== undefined) throw rejected.reason;
    const found = settled.flatMap((s) => (s.status === 'fulfilled' && s.value !== null ? [s.value] : []));
    const missing = [...failed.map((n) => `crm.${n}`), ...found.flatMap((r) => r.missing ?? [])];
    if (found.length === 0) return null;
    return {
      source: found.map((r) => r.source).join('+'),
      id: found[0]?.id ?? '',
      accountId: first(found.map((r) => r.accountId)),
      name: first(found.map((r) => r.name)),
      email: first(found.map((r) => r.email)),
      phone: first(found.map((r) => r.phone)),
      company: first(found.map((r) => r.company)),
      tier: first(found.map((r) => r.tier)),
      leadScore: first(found.map((r) => r.leadScore)),
      dealStage: first(found.map((r) => r.dealStage)),
      accountValue: first(found.map((r) => r.accountValue)),
      orderNumbers: [...new Set(found.flatMap((r) => r.orderNumbers))],
      openTickets: found.flatMap((r) => r.openTickets.map((t) => ({ ...t, id: `${r.source}:${t.id}` }))),
      url: first(found.map((r) => r.url)),
      raw: Object.fromEntries(found.map((r) => [r.source, { ...r.raw, id: r.id, openTickets: r.openTickets }])),
      ...(missing.length === 0 ? {} : { missing }),
    };
  }

  /** Writes to every connector with its own record (looked up again: ids differ per CRM). */
  async writeOutcome(_merged: CrmRecord, outcome: CrmOutcome, signal?: AbortSignal, q?: CrmQuery): Promise<void> {
    const results = await Promise.allSettled(
      this.crms.map(async (c) => {
        const own = q === undefined ? null : await c.lookup(q, signal);
        if (own !== null) await c.writeOutcome(own, outcome, signal);
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }
}

/** The CRM the server uses: the configured connectors (merged when several), else the built-in store. */
export const createCrm = (options: CrmOptions, store: CustomerStore): Crm => {
  const configured = registry.map((r) => r.create(options)).filter((c): c is Crm => c !== null);
  if (configured.length === 0) return new BuiltinCrm(store);
  return configured.length === 1 ? (configured[0] as Crm) : new CompositeCrm(configured);
};

/** The CRM query for a customer: Baton's id for the built-in store, contacts for the others. */
export const crmQueryFor = (c: {
  id: string;
  externalId: string | null;
  email: string | null;
  phone: string | null;
}): CrmQuery => ({
  customerId: c.id,
  externalId: c.externalId,
  email: c.email,
  phone: c.phone,
});

/**
 * Writes the outcome of every completed handoff to the CRM (C2 write-back), off the handoff path: it
 * listens to `handoff.completed` on the bus. Failures are logged, never retried forever (the connectors
 * retry 429 / 5xx a few times). With several instances on NATS the instances form one queue group, so each
 * completed handoff is written back once, by one of them.
 */
export class CrmWriteBack {
  private subscription: BusSubscription | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly crm: Crm,
    private readonly summary: (conversationId: string) => Promise<string | null>,
    private readonly timeoutMs = 20_000,
  ) {}

  async start(bus: EventBus): Promise<void> {
    this.subscription = await bus.subscribe(subjects.lifecycle('handoff.completed'), this.onCompleted, {
      queue: 'baton-crm-write-back',
    });
  }

  private readonly onCompleted = (event: unknown): void => {
    const e = event as LifecycleEvent;
    if (e.kind !== 'lifecycle' || e.name !== 'handoff.completed') return;
    const work = this.write(e).then(
      () => undefined,
      (err: unknown) =>
        this.deps.log.warn(
          { err: err instanceof Error ? err.message : 'unknown', handoffId: e.handoff.id, crm: this.crm.name },
          'crm write-back failed',
        ),
    );
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  };

  /** Looks the customer up and writes the outcome; resolves false when there was nothing to write to. */
  async write(e: LifecycleEvent): Promise<boolean> {
    const { store } = this.deps;
    const conversation = await store.getConversation(e.handoff.conversationId);
    if (conversation?.customerId == null) return false;
    const customer = await store.getCustomer(conversation.customerId);
    if (customer === null) return false;
    const signal = AbortSignal.timeout(this.timeoutMs);
    const q = crmQueryFor(customer);
    const record = await this.crm.lookup(q, signal);
    if (record === null) return false;
    const agent = e.handoff.assignedAgentId === null ? null : await store.getAgent(e.handoff.assignedAgentId);
    const outcome: CrmOutcome = {
      conversationId: conversation.id,
      handoffId: e.handoff.id,
      channel: conversation.channel,
      status: 'completed',
      reasonCode: e.handoff.reason.code,
      reason: e.handoff.reason.agent,
      agentName: agent?.name ?? null,
      summary: await this.summary(conversation.id).catch(() => null),
      startedAt: new Date(e.handoff.createdAt),
      endedAt: new Date(e.at),
    };
    if (this.crm instanceof CompositeCrm) await this.crm.writeOutcome(record, outcome, signal, q);
    else await this.crm.writeOutcome(record, outcome, signal);
    return true;
  }

  async stop(): Promise<void> {
    await this.subscription?.unsubscribe();
    this.subscription = null;
    await Promise.allSettled([...this.inFlight]);
  }
}
