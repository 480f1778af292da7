import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { defaultEscalationPolicy, type Decision } from '@baton/core';
import type { FastifyBaseLogger } from 'fastify';
import { InProcessBus } from '../packages/server/src/bus/in-process-bus.ts';
import type { ServiceDeps } from '../packages/server/src/services/deps.ts';
import { randomIds } from '../packages/server/src/services/ids.ts';
import { RoutingPlanner } from '../packages/server/src/services/routing-plan.ts';
import type { Scheduler } from '../packages/server/src/services/scheduler.ts';
import { createStore } from '../packages/server/src/storage/create-store.ts';

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
const round = (v: number) => Math.round(v * 1000) / 1000;
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

const silent = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
} as unknown as FastifyBaseLogger;
const noTimers = { at: () => undefined, cancel: () => undefined, close: () => undefined } satisfies Scheduler;

/**
 * What routing by the policy adds at handoff start (R3, R4): `RoutingPlanner.plan` for a known customer (their
 * CRM attributes and the agent of their last handoff, read together; the default policy's rules; the queue),
 * against what start paid for its queue before (`listQueues` + sort), on a store holding a history of
 * `customers × contacts` ended handoffs. Also `lastAgentForCustomer` alone. One call at a time.
 *   npm run bench -- routing-plan --out FILE [--customers 5000] [--contacts 3] [--samples 1000] [--database-url URL]
 */
export const runRoutingPlanBench = async (args: string[]): Promise<Record<string, unknown>> => {
  const { values } = parseArgs({
    args,
    options: {
      customers: { type: 'string', default: '5000' },
      contacts: { type: 'string', default: '3' },
      samples: { type: 'string', default: '1000' },
      'database-url': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const customers = Number(values.customers);
  const contacts = Number(values.contacts);
  const samples = Number(values.samples);
  const databaseUrl = values['database-url'];
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-routing-plan-'));
  const store = await createStore(databaseUrl === undefined ? { dataDir } : { databaseUrl });
  const t = Date.parse('2026-01-01T00:00:00.000Z');
  const at = (s: number) => new Date(t + s * 1000);
  try {
    await store.upsertQueue({
      id: 'q_support',
      name: 'Support',
      requiredSkills: {},
      languages: [],
      channels: ['chat', 'voice'],
      priority: 0,
      slaSeconds: 60,
      offerTimeoutSeconds: 30,
    });
    const agents = 50;
    for (let a = 0; a < agents; a++) {
      await store.upsertAgent({
        id: `agt_${a}`,
        name: `Agent ${a}`,
        email: `agent${a}@bench.example`,
        role: 'agent',
        skills: {},
        languages: ['en'],
        capacity: { chat: 3 },
        presence: 'offline',
        presenceSince: at(0),
        lastAssignedAt: null,
      });
    }
    const seedStarted = Date.now();
    const ids: string[] = [];
    for (let c = 0; c < customers; c += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, customers - c) }, async (_, k) => {
          const n = c + k;
          const customer = await store.upsertCustomer(
            `cus_${n}`,
            { email: `c${n}@bench.example`, attributes: { tier: n % 10 === 0 ? 'enterprise' : 'standard' } },
            at(0),
          );
          ids.push(customer.id);
          for (let j = 0; j < contacts; j++) {
            const conv = `conv_${n}_${j}`;
            const s = n * 10 + j * 3;
            await store.createConversation({
              id: conv,
              customerId: customer.id,
              channel: j % 2 === 0 ? 'chat' : 'voice',
              language: 'en',
              status: 'closed',
              assignedAgentId: null,
              createdAt: at(s),
              updatedAt: at(s + 2),
              closedAt: at(s + 2),
            });
            await store.createHandoff({
              id: `ho_${n}_${j}`,
              conversationId: conv,
              queueId: 'q_support',
              status: 'completed',
              priority: 5,
              reason: { code: 'explicit_request', agent: 'asked', customer: 'ok' },
              rule: 'explicit_request',
              declinedBy: [],
              assignedAgentId: `agt_${(n + j) % agents}`,
              createdAt: at(s),
              assignedAt: at(s + 1),
              endedAt: at(s + 2),
            });
          }
        }),
      );
    }
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    if (databaseUrl !== undefined) {
      // Table statistics, as autovacuum would gather them within a minute on a live database: straight after a
      // bulk seed the planner has none and scans the handoffs table instead of using its indexes.
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query('analyze');
      await client.end();
    }

    const deps: ServiceDeps = {
      store,
      bus: new InProcessBus(),
      clock: { now: () => new Date() },
      ids: randomIds,
      policy: () => defaultEscalationPolicy,
      scheduler: noTimers,
      log: silent,
      audit: { record: () => undefined },
    };
    const planner = new RoutingPlanner(deps);
    const decision: Decision = {
      kind: 'handoff',
      signals: [{ name: 'negative_sentiment', score: 0.2, fired: false }],
      rule: 'explicit_request',
      policyVersion: 'bench',
      priority: 5,
      reason: null,
    };
    let seed = 7;
    const nextCustomer = (): string => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return ids[seed % ids.length] ?? 'cus_0';
    };
    const before: number[] = [];
    const plan: number[] = [];
    const last: number[] = [];
    const warmup = Math.min(50, samples);
    for (let i = 0; i < samples + warmup; i++) {
      const customerId = nextCustomer();
      const conversation = {
        id: 'conv_new',
        customerId,
        channel: 'chat' as const,
        language: 'en',
        status: 'assistant' as const,
        assignedAgentId: null,
        createdAt: new Date(),
        updatedAt: new Date(),
        closedAt: null,
      };
      let t0 = process.hrtime.bigint();
      const queues = await store.listQueues();
      [...queues].sort((a, b) => a.id.localeCompare(b.id));
      const b = ms(t0);
      t0 = process.hrtime.bigint();
      const planned = await planner.plan(conversation, decision);
      const p = ms(t0);
      t0 = process.hrtime.bigint();
      await store.lastAgentForCustomer(customerId);
      const l = ms(t0);
      if (planned.routing.preferredAgentId === null) throw new Error(`no preferred agent for ${customerId}`);
      if (i < warmup) continue;
      before.push(b);
      plan.push(p);
      last.push(l);
    }
    const figures = (v: number[]) => {
      const s = [...v].sort((x, y) => x - y);
      return { p50Ms: round(quantile(s, 0.5)), p99Ms: round(quantile(s, 0.99)), maxMs: round(s[s.length - 1] ?? NaN) };
    };
    const result = {
      store: databaseUrl === undefined ? 'pglite' : 'postgresql',
      customers,
      handoffs: customers * contacts,
      samples,
      seedSeconds: round(seedSeconds),
      queueBefore: figures(before),
      plan: figures(plan),
      lastAgentForCustomer: figures(last),
    };
    return result;
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
