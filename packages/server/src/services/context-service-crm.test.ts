import { CrmError, defaultEscalationPolicy, type Crm, type CrmRecord } from '@baton/core';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../bus/in-process-bus.ts';
import { createMemoryStore } from '../storage/memory-store.ts';
import { ContextService } from './context-service.ts';
import type { ServiceDeps } from './deps.ts';
import { randomIds } from './ids.ts';
import type { Scheduler } from './scheduler.ts';

/** ContextService with a CRM connector (C2): found, not found, failing, hanging, partly failing. */
const at = new Date('2026-11-21T10:00:00Z');
const warnings: unknown[] = [];
const log = {
  warn: (...a: unknown[]) => warnings.push(a),
  info: () => undefined,
  error: () => undefined,
  debug: () => undefined,
} as unknown as FastifyBaseLogger;
const record: CrmRecord = {
  source: 'hubspot',
  id: '151',
  accountId: 'acc_9',
  name: 'Ana Lopez',
  email: 'ana@example.com',
  phone: '+15550100123',
  company: 'Lopez Outdoor',
  tier: 'gold',
  leadScore: 72,
  dealStage: 'contractsent',
  accountValue: 1800,
  orderNumbers: ['NW-1'],
  openTickets: [{ id: '7', subject: 'Call Ana Lopez at ana@example.com', status: 'open' }],
  url: 'https://app.hubspot.com/contacts/1/record/0-1/151',
  raw: { lifecyclestage: 'customer' },
};
const crmAnswering = (answer: () => Promise<CrmRecord | null>): Crm => ({
  name: 'hubspot',
  lookup: answer,
  writeOutcome: async () => undefined,
});

const packageWith = async (crm: Crm) => {
  const store = createMemoryStore();
  const deps: ServiceDeps = {
    store,
    bus: new InProcessBus(),
    clock: { now: () => at },
    ids: randomIds,
    policy: () => defaultEscalationPolicy,
    scheduler: { at: () => undefined, cancel: () => undefined } as unknown as Scheduler,
    log,
    audit: { record: () => undefined },
  };
  const customer = await store.upsertCustomer(
    'cus_1',
    { name: 'Ana Lopez', email: 'ana@example.com', attributes: { tier: 'bronze' } },
    at,
  );
  const conversation = {
    id: 'conv_1',
    customerId: customer.id,
    channel: 'chat' as const,
    language: 'en',
    status: 'queued' as const,
    assignedAgentId: null,
    createdAt: at,
    updatedAt: at,
    closedAt: null,
  };
  await store.createConversation(conversation);
  return new ContextService(deps, { crm, partTimeoutMs: 200 }).contextPackage(conversation, null);
};

describe('ContextService with a CRM', () => {
  it('carries the CRM record, fills the company, and keeps contact data out of crm.attributes', async () => {
    const pkg = await packageWith(crmAnswering(async () => record));
    expect(pkg.crm).toMatchObject({
      source: 'hubspot',
      tier: 'gold',
      leadScore: 72,
      dealStage: 'contractsent',
      accountValue: 1800,
      orderNumbers: ['NW-1'],
    });
    expect(pkg.identity?.company).toBe('Lopez Outdoor');
    expect(pkg.missing).toEqual([]);
    const attrs = JSON.stringify(pkg.crm?.attributes);
    expect(attrs).not.toContain('ana@example.com');
    expect(attrs).not.toContain('+15550100123');
    expect(pkg.crm?.openTickets[0]?.subject).toBe('Call [NAME] at [EMAIL]');
  });

  it("falls back to the customer's own attributes when the CRM does not know them", async () => {
    const pkg = await packageWith(crmAnswering(async () => null));
    expect(pkg.crm).toMatchObject({ source: 'builtin', tier: 'bronze' });
    expect(pkg.missing).toEqual([]);
  });

  it('lists crm as missing when the CRM fails or hangs, within the budget', async () => {
    const failed = await packageWith(
      crmAnswering(async () => Promise.reject(new CrmError('hubspot', 'unauthorized', '401', 401))),
    );
    expect(failed.crm).toBeNull();
    expect(failed.missing).toEqual(['crm']);
    const started = Date.now();
    const hung = await packageWith(crmAnswering(() => new Promise<CrmRecord | null>(() => undefined)));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(hung.missing).toEqual(['crm']);
  });

  it('names the parts of the record that could not be read', async () => {
    const pkg = await packageWith(crmAnswering(async () => ({ ...record, missing: ['deals'] })));
    expect(pkg.crm?.tier).toBe('gold');
    expect(pkg.missing).toEqual(['crm.deals']);
  });
});
