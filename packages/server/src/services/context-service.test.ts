import {
  defaultEscalationPolicy,
  initialEscalationState,
  type ContextSummarizer,
  type Handoff,
  type StoredTurn,
} from '@baton/core';
import { contextPreviewSchema } from '@baton/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../bus/in-process-bus.ts';
import { createMemoryStore } from '../storage/memory-store.ts';
import { ContextService } from './context-service.ts';
import type { ServiceDeps } from './deps.ts';
import { randomIds } from './ids.ts';
import type { Scheduler } from './scheduler.ts';

const at = new Date('2026-03-01T09:00:00Z');
const logged: unknown[] = [];
const log = {
  warn: (...args: unknown[]) => logged.push(args),
  info: () => undefined,
  error: () => undefined,
  debug: () => undefined,
} as unknown as FastifyBaseLogger;
const scheduler: Scheduler = { at: () => undefined, cancel: () => undefined } as unknown as Scheduler;

const setup = async (): Promise<{ deps: ServiceDeps; handoff: Handoff }> => {
  const store = createMemoryStore();
  const deps: ServiceDeps = {
    store,
    bus: new InProcessBus(),
    clock: { now: () => at },
    ids: randomIds,
    policy: () => defaultEscalationPolicy,
    scheduler,
    log,
    audit: { record: () => undefined },
  };
  const customer = await store.upsertCustomer(
    'cus_1',
    { name: 'Ana Silva', email: 'ana@example.com', attributes: { tier: 'gold' } },
    at,
  );
  const base = {
    customerId: customer.id,
    channel: 'chat' as const,
    language: 'en',
    assignedAgentId: null,
    updatedAt: at,
    closedAt: null,
  };
  await store.createConversation({
    ...base,
    id: 'conv_old',
    status: 'closed',
    createdAt: new Date('2026-02-01T00:00:00Z'),
    closedAt: at,
  });
  await store.createConversation({ ...base, id: 'conv_1', status: 'queued', createdAt: at });
  const turn = (conversationId: string, seq: number, role: StoredTurn['role'], text: string): StoredTurn => ({
    id: `${conversationId}_${seq}`,
    conversationId,
    seq,
    role,
    authorId: null,
    text,
    annotations: {},
    createdAt: new Date(at.getTime() + seq * 1000),
    decision: null,
    escalationState: initialEscalationState(),
    idempotencyKey: null,
  });
  await store.appendTurn(turn('conv_old', 1, 'customer', 'My parcel is late, call me on +44 7700 900123'));
  await store.appendTurn(turn('conv_1', 1, 'customer', 'I was charged twice, my card is 4111 1111 1111 1111'));
  await store.appendTurn(turn('conv_1', 2, 'assistant', 'Sorry about that, let me check.'));
  await store.appendTurn(turn('conv_1', 3, 'customer', 'Email me at ana.silva@mail.com, I want a person.'));
  const handoff: Handoff = {
    id: 'ho_1',
    conversationId: 'conv_1',
    queueId: 'q',
    status: 'offered',
    priority: 5,
    reason: { code: 'explicit_request', agent: 'Asked for a person.', customer: 'A person will help.' },
    rule: 'explicit_request',
    declinedBy: [],
    assignedAgentId: null,
    createdAt: at,
    assignedAt: null,
    endedAt: null,
  };
  return { deps, handoff };
};

const failing: ContextSummarizer = { name: 'llm', summarize: () => Promise.reject(new Error('503 from endpoint')) };
const hanging: ContextSummarizer = { name: 'llm', summarize: () => new Promise(() => undefined) };
const sent: string[] = [];
const recording: ContextSummarizer = {
  name: 'llm',
  summarize: (turns) => {
    sent.push(JSON.stringify(turns));
    return Promise.resolve({
      issue: 'Double charge',
      tried: 'Nothing',
      wants: 'Refund',
      nextStep: 'Refund it',
      text: 'Double charge.',
      source: 'llm',
    });
  },
};

describe('ContextService: the offer carries the context package', () => {
  it('the preview validates against the contract and carries a redacted package with history', async () => {
    const { deps, handoff } = await setup();
    const preview = await new ContextService(deps).preview(handoff);
    expect(contextPreviewSchema.parse(preview)).toBeTruthy();
    const pkg = preview.package!;
    expect(pkg.identity?.name).toBe('Ana Silva');
    expect(pkg.history.map((h) => h.conversationId)).toEqual(['conv_old']);
    expect(pkg.bridgeMessage.startsWith('Hi Ana')).toBe(true);
    const text = JSON.stringify(pkg.transcript) + JSON.stringify(pkg.history) + JSON.stringify(pkg.summary);
    for (const pii of ['4111 1111 1111 1111', 'ana.silva@mail.com', '+44 7700 900123']) expect(text).not.toContain(pii);
    // the existing fields are unchanged
    expect(preview.transcript).toHaveLength(3);
  });

  it('a failing or hanging LLM degrades the package to the offline summary and says so', async () => {
    const { deps, handoff } = await setup();
    for (const summarizer of [failing, hanging]) {
      const started = Date.now();
      const preview = await new ContextService(deps, { summarizer, partTimeoutMs: 200 }).preview(handoff);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(preview.package?.summary.source).toBe('extractive');
      expect(preview.package?.missing).toContain('summary.llm');
    }
  });

  it('the LLM gets only redacted turns, and its summary is used', async () => {
    const { deps, handoff } = await setup();
    sent.length = 0;
    const preview = await new ContextService(deps, { summarizer: recording }).preview(handoff);
    expect(preview.package?.summary.source).toBe('llm');
    expect(sent).toHaveLength(1);
    for (const pii of ['4111 1111 1111 1111', 'ana.silva@mail.com']) expect(sent[0]).not.toContain(pii);
  });

  it('a failing history lookup is listed as missing; the offer still goes', async () => {
    const { deps, handoff } = await setup();
    const broken = {
      ...deps,
      store: Object.assign(Object.create(deps.store) as typeof deps.store, {
        listConversations: () => Promise.reject(new Error('db down')),
      }),
    };
    const preview = await new ContextService(broken).preview(handoff);
    expect(preview.package?.missing).toEqual(['history']);
    expect(preview.package?.transcript).toHaveLength(3);
  });
});
