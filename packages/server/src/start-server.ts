import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultEscalationPolicy,
  type BatonStore,
  type Clock,
  type EscalationPolicy,
  type EventBus,
  type RedactionPolicy,
} from '@baton/core';
import type { FastifyInstance } from 'fastify';
import { OpenAiCompatibleSummarizer, type OpenAiCompatibleConfig } from '@baton/openai-compatible';
import { DemoAssistant } from './assistant/demo-assistant.ts';
import { AuditRecorder } from './audit/audit-recorder.ts';
import { Authenticator, parseBotKeys } from './auth/principal.ts';
import { TokenSigner } from './auth/tokens.ts';
import { createBus } from './bus/create-bus.ts';
import { seedDemo } from './demo-seed.ts';
import { buildApp } from './http/app.ts';
import type { AppContext } from './http/context.ts';
import { Metrics } from './http/metrics.ts';
import { StaffMasker } from './realtime/staff-masker.ts';
import { RealtimeHub } from './realtime/hub.ts';
import { AgentActionsService } from './services/agent-actions-service.ts';
import { ContextService } from './services/context-service.ts';
import { CustomerRecordsService } from './services/customer-records-service.ts';
import { PolicyEditor } from './services/policy-editor.ts';
import { ConversationService } from './services/conversation-service.ts';
import { HandoffService } from './services/handoff-service.ts';
import { randomIds } from './services/ids.ts';
import { TimerScheduler } from './services/scheduler.ts';
import { TurnOriginals } from './services/turn-originals.ts';
import { createStore } from './storage/create-store.ts';
import { withQueueCache } from './storage/queue-cache.ts';
import { subjects, type QueueSettingsEvent } from './realtime/subjects.ts';
import { PolicyRegistry } from './policy/policy-registry.ts';
import { startIntegrations, type IntegrationOptions, type RunningIntegrations } from './integrations/index.ts';
import { createCrm, CrmWriteBack, type CrmOptions } from './integrations/crm.ts';
import { loadKnowledgeDir } from './http/routes-assist.ts';
import type { RetentionPolicy } from './compliance/retention-policy.ts';
import type { SensitiveFieldCipher } from './storage/sealed-fields.ts';
import { loadIntentModel } from './intent/intent-model.ts';

export interface StartOptions extends IntegrationOptions {
  port?: number;
  host?: string;
  /** PostgreSQL; when absent the embedded database is used. */
  databaseUrl?: string;
  natsUrl?: string;
  /** Embedded database folder; undefined = in memory (tests). */
  dataDir?: string;
  /** Seed demo company, agents and queue into an empty database. */
  demo?: boolean;
  /** Run the built-in assistant as a bot on this instance. */
  assistant?: boolean;
  logLevel?: string;
  /** Token signing secret; shared by all instances. Generated (and kept in dataDir) when absent. */
  secret?: string;
  /** Bot API keys, `name:key,…`. */
  botKeys?: string;
  /** Returns the policy in force; overrides policyFile (tests). */
  policy?: () => EscalationPolicy;
  /** Requests per minute per credential or IP; 0 = off (benchmarks). Default 1200. */
  rateLimitPerMinute?: number;
  /** An OpenAI-compatible endpoint for agent summaries; the offline summary is used without it. */
  llm?: OpenAiCompatibleConfig;
  /** Escalation policy YAML, validated, put in force and hot reloaded on change (T12). */
  policyFile?: string;
  /** A model file from `baton intent train`: classifies customer turns the bot did not annotate (T3). */
  intentModelFile?: string;
  /** CRM connectors (HubSpot, Salesforce, Zendesk); the built-in customer store without any. */
  crm?: CrmOptions;
  /** Write handoff outcomes back to the CRM on this instance (default true). */
  crmWriteBack?: boolean;
  /** Budget for each slow part of the context package (CRM, history, LLM summary), ms; default 1500. */
  contextPartTimeoutMs?: number;
  /** Folder of the business's own markdown knowledge base for agent assist (A5). */
  knowledgeBaseDir?: string;
  /** Time source of every service (tests pass a fake clock); the system clock when absent. */
  clock?: Clock;
  /** Personal data redacted from transcripts before they are stored (BATON_REDACT_STORED). */
  storedRedaction?: RedactionPolicy;
  /** How long each data class is kept (P7); the retention job runs when a class has a limit. */
  retention?: RetentionPolicy;
  /**
   * Encrypts sensitive fields at rest (CRM data; with `storedRedaction`, the originals of redacted turns, which
   * are discarded without it); `compliance/field-cipher.ts`.
   */
  cipher?: SensitiveFieldCipher;
  /** Offers wait for PostgreSQL's WAL flush (BATON_DURABLE_OFFERS); asynchronous by default, see handoff-queries.ts. */
  durableOffers?: boolean;
  /** An agent who lets an offer time out is set away (`missed_offer`); default true (BATON_AWAY_AFTER_MISSED_OFFER). */
  awayAfterMissedOffer?: boolean;
  /** Seconds between pings of every WebSocket; one unanswered ping closes it (BATON_WS_HEARTBEAT_SECONDS, 30). */
  socketHeartbeatSeconds?: number;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  ctx: AppContext;
  /** Webhooks and voice integrations, when configured. */
  integrations: RunningIntegrations;
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

/** A secret that survives restarts of the embedded install, so tokens stay valid. */
const resolveSecret = (opts: StartOptions): string => {
  if (opts.secret !== undefined) return opts.secret;
  if (opts.dataDir === undefined || opts.databaseUrl !== undefined) return randomBytes(32).toString('base64url');
  mkdirSync(opts.dataDir, { recursive: true });
  const file = join(opts.dataDir, 'secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
};

/**
 * The composition root: store, bus, services, HTTP/WebSocket app, optional demo data and assistant.
 * Used by `baton start` and by tests (port 0, in-memory database).
 */
export const startServer = async (opts: StartOptions = {}): Promise<RunningServer> => {
  // A bad model file stops the start before anything is opened.
  const classifier = opts.intentModelFile === undefined ? undefined : loadIntentModel(opts.intentModelFile);
  const opened = await createStore({
    ...(opts.databaseUrl === undefined ? {} : { databaseUrl: opts.databaseUrl }),
    ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
    ...(opts.cipher === undefined ? {} : { cipher: opts.cipher }),
    ...(opts.durableOffers === undefined ? {} : { durableOffers: opts.durableOffers }),
    migrate: true,
  });
  const bus: EventBus = await createBus(opts.natsUrl === undefined ? {} : { natsUrl: opts.natsUrl });
  // Queue reads kept for a moment; an edit on any instance drops them (SettingsService announces it, below).
  const caching = withQueueCache(opened);
  const store: BatonStore = caching;
  const clock = opts.clock ?? systemClock;
  const botKeys = parseBotKeys(opts.botKeys);
  const assistantKey = `bk_${randomBytes(24).toString('base64url')}`;
  if (opts.assistant === true) botKeys.set(assistantKey, 'assistant');
  if (opts.demo === true && opts.botKeys === undefined) botKeys.set('demo-bot-key', 'demo-bot');

  const policies = new PolicyRegistry(defaultEscalationPolicy, {
    onReload: (p, path) => logRef.current?.info({ path, version: p.version }, 'escalation policy reloaded'),
    onError: (err, path) =>
      logRef.current?.error({ err, path }, 'policy file rejected; the running policy stays in force'),
  });
  // A bad file at start-up is fatal (the operator is there to see it); later edits are hot reloaded.
  if (opts.policyFile !== undefined) policies.load(opts.policyFile);
  const stopWatching = opts.policyFile === undefined ? () => undefined : policies.watch();

  const metrics = new Metrics();
  const metricsWatch = await metrics.watch(bus, store);
  // The logger comes with the app, which needs the services first: a holder breaks the cycle.
  const logRef: { current?: FastifyInstance['log'] } = {};
  const scheduler = new TimerScheduler(
    () => clock.now().getTime(),
    (err, key) => logRef.current?.error({ err, key }, 'scheduled task failed'),
  );
  const audit = new AuditRecorder(store, () => {
    if (logRef.current === undefined) throw new Error('logger used before the app was built');
    return logRef.current;
  });
  await audit.start(bus);
  const deps = {
    store,
    bus,
    audit,
    clock,
    ids: randomIds,
    policy: opts.policy ?? (() => policies.current()),
    scheduler,
    ...(opts.storedRedaction === undefined ? {} : { storedRedaction: opts.storedRedaction }),
    ...(opts.cipher === undefined ? {} : { cipher: opts.cipher }),
    ...(classifier === undefined ? {} : { classifier }),
    ...(opts.awayAfterMissedOffer === undefined ? {} : { awayAfterMissedOffer: opts.awayAfterMissedOffer }),
    get log(): FastifyInstance['log'] {
      if (logRef.current === undefined) throw new Error('logger used before the app was built');
      return logRef.current;
    },
  };
  const crm = createCrm(opts.crm ?? {}, store);
  const context = new ContextService(deps, {
    summarizer: opts.llm === undefined ? null : new OpenAiCompatibleSummarizer(opts.llm),
    crm,
    ...(opts.contextPartTimeoutMs === undefined ? {} : { partTimeoutMs: opts.contextPartTimeoutMs }),
  });
  const crmWriteBack =
    opts.crmWriteBack === false
      ? null
      : new CrmWriteBack(deps, crm, async (id) => {
          const c = await store.getConversation(id);
          return c === null ? null : (await context.contextPackage(c, null)).summary.text;
        });
  await crmWriteBack?.start(bus);
  const knowledge = opts.knowledgeBaseDir === undefined ? [] : await loadKnowledgeDir(opts.knowledgeBaseDir);
  const handoffs = new HandoffService(deps, context);
  // What this instance kept of a queue's settings goes when any instance changes them (conversation notices:
  // ConversationService.watchStatusChanges).
  const queueWatch = await bus.subscribe(subjects.queueSettings('*'), (event) => {
    const { queueId } = event as QueueSettingsEvent;
    caching.forgetQueue(queueId);
    handoffs.forgetQueueSnapshot(queueId);
  });
  const conversations = new ConversationService(deps, handoffs);
  handoffs.bind(conversations);
  const masker = new StaffMasker(deps.policy);
  const hub = new RealtimeHub(masker);
  await hub.start(bus);
  const headWatch = await conversations.watchStatusChanges();
  const consentWatch = await conversations.watchConsentChanges();
  const ctx: AppContext = {
    store,
    bus,
    auth: new Authenticator(new TokenSigner(resolveSecret(opts)), botKeys, store, () => clock.now().getTime()),
    conversations,
    handoffs,
    context,
    hub,
    masker,
    metrics,
    agentActions: new AgentActionsService(deps, handoffs, conversations, context),
    records: new CustomerRecordsService(deps),
    policyEditor: new PolicyEditor(policies),
    originals: new TurnOriginals(deps),
    ready: async () => {
      await store.listQueues();
      return true;
    },
  };
  const integrations = await startIntegrations(deps, ctx, opts);
  const app = await buildApp(ctx, {
    logLevel: opts.logLevel ?? 'info',
    ...(opts.socketHeartbeatSeconds === undefined ? {} : { socketHeartbeatSeconds: opts.socketHeartbeatSeconds }),
    ...(opts.rateLimitPerMinute === undefined ? {} : { hardening: { rateLimitPerMinute: opts.rateLimitPerMinute } }),
    plugins: integrations.plugins,
    assist: { articles: knowledge },
    clock,
    admin: {
      ...(opts.retention === undefined ? {} : { retention: opts.retention }),
      ...(opts.cipher === undefined ? {} : { cipher: opts.cipher }),
    },
  });
  logRef.current = app.log;
  if (opts.storedRedaction !== undefined && opts.cipher === undefined)
    app.log.warn(
      'BATON_REDACT_STORED without BATON_ENCRYPTION_KEYS: the originals of redacted turns are discarded, not kept sealed',
    );
  if (opts.demo === true && (await seedDemo(store, clock))) app.log.info('seeded demo company, agents and queue');
  await handoffs.recover();
  await ctx.agentActions.wrapUps.recover();
  const address = await app.listen({ port: opts.port ?? 3000, host: opts.host ?? '127.0.0.1' });
  const url = address.replace('[::1]', '127.0.0.1');

  let assistant: DemoAssistant | null = null;
  if (opts.assistant === true) {
    assistant = new DemoAssistant(url, assistantKey, app.log);
    await assistant.start();
  }

  return {
    url,
    app,
    ctx,
    integrations,
    close: async () => {
      assistant?.stop();
      await integrations.stop();
      await crmWriteBack?.stop();
      stopWatching();
      scheduler.close();
      await app.close();
      await hub.stop();
      await headWatch.unsubscribe();
      await consentWatch.unsubscribe();
      await metricsWatch.unsubscribe();
      await queueWatch.unsubscribe();
      await audit.stop();
      await bus.close();
      await store.close();
    },
  };
};
