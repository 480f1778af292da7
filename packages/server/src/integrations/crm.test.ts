import { CrmError, type Crm, type CrmOutcome, type CrmRecord } from '@baton/core';
import { describe, expect, it, vi } from 'vitest';
import { InProcessBus } from '../bus/in-process-bus.ts';
import { ConfigError, parseEnv } from '../config.ts';
import { subjects, type LifecycleEvent } from '../realtime/subjects.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { presentHandoff } from '../services/presenters.ts';
import { createMemoryStore } from '../storage/memory-store.ts';
import { aConversation, aHandoff } from '../storage/store-fixtures.ts';
import { BuiltinCrm, CompositeCrm, contextOptionsFromEnv, createCrm, CrmWriteBack, demoCrmRecords } from './crm.ts';

const at = new Date('2026-11-21T10:00:00Z');
const record = (over: Partial<CrmRecord>): CrmRecord => ({
  source: 'x',
  id: '1',
  accountId: null,
  name: null,
  email: null,
  phone: null,
  company: null,
  tier: null,
  leadScore: null,
  dealStage: null,
  accountValue: null,
  orderNumbers: [],
  openTickets: [],
  url: null,
  raw: {},
  ...over,
});
const fake = (name: string, answer: CrmRecord | null | Error): Crm & { written: CrmRecord[] } => {
  const written: CrmRecord[] = [];
  return {
    name,
    written,
    lookup: async () => {
      if (answer instanceof Error) throw answer;
      return answer;
    },
    writeOutcome: async (r) => {
      written.push(r);
    },
  };
};
const outcome: CrmOutcome = {
  conversationId: 'conv_1',
  handoffId: 'hof_1',
  channel: 'chat',
  status: 'completed',
  reasonCode: 'explicit_request',
  reason: 'asked for a person',
  agentName: 'Alice Martin',
  summary: 'Refund for order NW-4411; e-mail ana.l@example.org',
  startedAt: at,
  endedAt: new Date(at.getTime() + 60_000),
};

describe('BuiltinCrm', () => {
  it('finds the demo records by e-mail, phone or id', async () => {
    const crm = new BuiltinCrm(createMemoryStore());
    expect((await crm.lookup({ email: 'ANA@example.com' }))?.tier).toBe('gold');
    expect((await crm.lookup({ phone: '+15550100456' }))?.name).toBe('Ben Carter');
    expect(await crm.lookup({ email: 'nobody@example.com' })).toBeNull();
  });

  it("reads the customer's own attributes over the demo record, and stores the last outcome there", async () => {
    const store = createMemoryStore();
    const c = await store.upsertCustomer(
      'cus_1',
      { email: 'ana@example.com', name: 'Ana L.', attributes: { tier: 'platinum', openTickets: [] } },
      at,
    );
    const crm = new BuiltinCrm(store);
    const r = await crm.lookup({ customerId: c.id, email: c.email });
    expect(r).toMatchObject({
      source: 'builtin',
      id: 'cus_1',
      name: 'Ana L.',
      tier: 'platinum',
      leadScore: 82,
      openTickets: [],
      orderNumbers: ['NW-4411', 'NW-4390'],
    });
    await crm.writeOutcome(r!, outcome);
    const after = await store.getCustomer('cus_1');
    expect(after?.attributes.lastHandoff).toMatchObject({ handoffId: 'hof_1', agentName: 'Alice Martin' });
    expect(JSON.stringify(after?.attributes)).not.toContain('ana.l@example.org');
    expect(after?.attributes.tier).toBe('platinum');
  });

  it('a customer without CRM attributes and no demo record is not found', async () => {
    const store = createMemoryStore();
    const c = await store.upsertCustomer('cus_2', { name: 'Zoe' }, at);
    expect(await new BuiltinCrm(store).lookup({ customerId: c.id })).toBeNull();
    expect(demoCrmRecords.every((r) => r.source === 'builtin')).toBe(true);
  });
});

describe('CompositeCrm', () => {
  it('merges: first connector wins a field, lists are joined, ticket ids carry their source', async () => {
    const sf = fake(
      'salesforce',
      record({ source: 'salesforce', id: '003', tier: 'Gold', dealStage: 'Negotiation', orderNumbers: ['1'] }),
    );
    const zd = fake(
      'zendesk',
      record({
        source: 'zendesk',
        id: '35',
        tier: 'silver',
        openTickets: [{ id: '35', subject: 'Pole', status: 'open' }],
        orderNumbers: ['1', '2'],
      }),
    );
    const r = await new CompositeCrm([sf, zd]).lookup({ email: 'a@b.c' });
    expect(r).toMatchObject({
      source: 'salesforce+zendesk',
      tier: 'Gold',
      dealStage: 'Negotiation',
      orderNumbers: ['1', '2'],
      openTickets: [{ id: 'zendesk:35' }],
    });
    expect(r?.missing).toBeUndefined();
  });

  it('one failing connector is listed as missing; all failing rejects', async () => {
    const ok = fake('hubspot', record({ source: 'hubspot', tier: 'gold' }));
    const down = fake('zendesk', new CrmError('zendesk', 'unavailable', 'down', 503));
    expect((await new CompositeCrm([ok, down]).lookup({ email: 'a@b.c' }))?.missing).toEqual(['crm.zendesk']);
    await expect(
      new CompositeCrm([down, fake('x', new CrmError('x', 'timeout', 't'))]).lookup({}),
    ).rejects.toBeInstanceOf(CrmError);
  });

  it('writes the outcome to each CRM with its own record', async () => {
    const a = fake('a', record({ source: 'a', id: 'A1' }));
    const b = fake('b', record({ source: 'b', id: 'B1' }));
    const c = new CompositeCrm([a, b]);
    await c.writeOutcome(record({}), outcome, undefined, { email: 'a@b.c' });
    expect([...a.written, ...b.written].map((r) => r.id)).toEqual(['A1', 'B1']);
  });
});

describe('CRM configuration', () => {
  it('switches connectors on from the environment; built-in without any', () => {
    const store = createMemoryStore();
    expect(createCrm({}, store).name).toBe('builtin');
    const env = parseEnv({
      HUBSPOT_TOKEN: 'pat-na1-0000',
      HUBSPOT_BASE_URL: 'http://127.0.0.1:9999',
      ZENDESK_SUBDOMAIN: 'acme',
      ZENDESK_EMAIL: 'ops@acme.test',
      ZENDESK_TOKEN: 'zd-token-1',
      BATON_KB_DIR: './kb',
      BATON_CRM_WRITE_BACK: 'false',
      BATON_CONTEXT_PART_TIMEOUT_MS: '800',
    });
    const opts = contextOptionsFromEnv(env);
    expect(opts).toMatchObject({ crmWriteBack: false, contextPartTimeoutMs: 800, knowledgeBaseDir: './kb' });
    expect(opts.crm.hubspot).toEqual({ token: 'pat-na1-0000', baseUrl: 'http://127.0.0.1:9999' });
    expect(createCrm(opts.crm, store).name).toBe('hubspot+zendesk');
    expect(createCrm({ salesforce: { instanceUrl: 'http://127.0.0.1:1', token: 'tok-12345' } }, store).name).toBe(
      'salesforce',
    );
  });

  it('refuses half a connector configuration, naming what is missing', () => {
    expect(() => parseEnv({ ZENDESK_SUBDOMAIN: 'acme', ZENDESK_TOKEN: 'zd-token-1' })).toThrow(/ZENDESK_EMAIL/);
    expect(() => parseEnv({ SALESFORCE_TOKEN: 'tok-12345' })).toThrow(ConfigError);
    expect(() =>
      parseEnv({ ZENDESK_SUBDOMAIN: 'https://acme.zendesk.com', ZENDESK_EMAIL: 'x@y.z', ZENDESK_TOKEN: 'zd-token-1' }),
    ).toThrow(/ZENDESK_SUBDOMAIN/);
  });
});

describe('CrmWriteBack across instances', () => {
  it('writes each completed handoff back once, whichever instance hears it', async () => {
    const store = createMemoryStore();
    await store.upsertCustomer('cus_1', { email: 'ana@example.org' }, at);
    await store.createConversation(aConversation('conv_1', { customerId: 'cus_1', status: 'closed' }));
    const bus = new InProcessBus();
    const crm = fake('x', record({ email: 'ana@example.org' }));
    const deps = { store, log: { warn: () => undefined } } as unknown as ServiceDeps;
    // Two instances on one bus: both subscribe, as each `baton start` does.
    const instances = [new CrmWriteBack(deps, crm, async () => null), new CrmWriteBack(deps, crm, async () => null)];
    for (const w of instances) await w.start(bus);
    for (let i = 0; i < 6; i++) {
      const event: LifecycleEvent = {
        kind: 'lifecycle',
        id: `evt_${i}`,
        name: 'handoff.completed',
        at: at.toISOString(),
        handoff: presentHandoff(aHandoff(`hof_${i}`, 'conv_1', 'q', { status: 'completed' })),
        agentId: null,
      };
      await bus.publish(subjects.lifecycle('handoff.completed'), event);
    }
    await vi.waitFor(() => expect(crm.written).toHaveLength(6));
    for (const w of instances) await w.stop();
    expect(crm.written).toHaveLength(6);
  });
});
