import { CrmError, type CrmOutcome } from '@baton/core';
import { StubApi, type StubRequest } from '@baton/crm-http/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HubSpotCrm } from './hubspot-crm.ts';

const contact = {
  id: '151',
  properties: {
    email: 'ana.lopez@example.com',
    firstname: 'Ana',
    lastname: 'Lopez',
    phone: '+15550100123',
    mobilephone: null,
    company: 'Lopez Outdoor',
    hubspotscore: '72',
    lifecyclestage: 'customer',
    hs_lead_status: 'OPEN',
    total_revenue: null,
    customer_tier: 'gold',
    external_id: 'cus_42',
    hs_object_id: '151',
    createdate: '2025-01-02T10:00:00.000Z',
    lastmodifieddate: '2026-10-01T10:00:00.000Z',
  },
  createdAt: '2025-01-02T10:00:00.000Z',
  updatedAt: '2026-10-01T10:00:00.000Z',
  archived: false,
};
const deals = [
  {
    id: '901',
    properties: {
      dealname: 'Team kit 2025',
      dealstage: 'closedwon',
      amount: '1200',
      closedate: '2025-05-01T00:00:00Z',
      hs_is_closed: 'true',
    },
  },
  {
    id: '902',
    properties: {
      dealname: 'Team kit 2026',
      dealstage: 'contractsent',
      amount: '1800',
      closedate: '2026-12-01T00:00:00Z',
      hs_is_closed: 'false',
    },
  },
];
const tickets = [
  {
    id: '7001',
    properties: { subject: 'Tent pole cracked', hs_pipeline_stage: '3', hs_pipeline: '0', closed_date: null },
  },
  {
    id: '7002',
    properties: {
      subject: 'Old question',
      hs_pipeline_stage: '4',
      hs_pipeline: '0',
      closed_date: '2025-01-01T00:00:00Z',
    },
  },
];
const searchMatches = (req: StubRequest): boolean => {
  const body = req.json as { filterGroups: { filters: { propertyName: string; value: string }[] }[] };
  return body.filterGroups.some((g) =>
    g.filters.some((f) => ['ana.lopez@example.com', 'cus_42', '+15550100123'].includes(f.value)),
  );
};
const api = new StubApi({
  'POST /crm/v3/objects/contacts/search': (req) =>
    searchMatches(req) ? { body: { total: 1, results: [contact] } } : { body: { total: 0, results: [] } },
  'GET /crm/v4/objects/contacts/151/associations/deals': () => ({
    body: {
      results: deals.map((d) => ({
        toObjectId: Number(d.id),
        associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 4, label: null }],
      })),
    },
  }),
  'GET /crm/v4/objects/contacts/151/associations/tickets': () => ({
    body: {
      results: tickets.map((t) => ({
        toObjectId: Number(t.id),
        associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 15, label: null }],
      })),
    },
  }),
  'POST /crm/v3/objects/deals/batch/read': () => ({
    body: { status: 'COMPLETE', results: deals, startedAt: '', completedAt: '' },
  }),
  'POST /crm/v3/objects/tickets/batch/read': () => ({
    body: { status: 'COMPLETE', results: tickets, startedAt: '', completedAt: '' },
  }),
  'POST /crm/v3/objects/notes': () => ({
    status: 201,
    body: { id: '5001', properties: {}, createdAt: '', updatedAt: '', archived: false },
  }),
});
beforeAll(async () => {
  await api.start();
});
afterAll(async () => {
  await api.stop();
});
afterEach(() => api.reset());

const crm = (timeoutMs = 2000): HubSpotCrm =>
  new HubSpotCrm({ token: 'pat-test', baseUrl: api.url, timeoutMs, portalId: '999' });
const outcome: CrmOutcome = {
  conversationId: 'conv_1',
  handoffId: 'hof_1',
  channel: 'chat',
  status: 'completed',
  reasonCode: 'explicit_request',
  reason: 'Customer asked for a person about a refund; card 4111 1111 1111 1111',
  agentName: 'Alice Martin',
  summary: 'Charged twice for order 4411; reach her at ana.lopez@example.com.',
  startedAt: new Date('2026-11-21T10:00:00Z'),
  endedAt: new Date('2026-11-21T10:12:00Z'),
};
const kindOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err instanceof CrmError ? err.kind : 'other';
  }
};

describe('HubSpotCrm against a local HubSpot', () => {
  it('finds the contact by e-mail and reads tier, lead score, deal stage, account value and open tickets', async () => {
    const r = await crm().lookup({ email: 'Ana.Lopez@example.com' });
    expect(r).toEqual({
      source: 'hubspot',
      id: '151',
      accountId: null,
      name: 'Ana Lopez',
      email: 'ana.lopez@example.com',
      phone: '+15550100123',
      company: 'Lopez Outdoor',
      tier: 'gold',
      leadScore: 72,
      dealStage: 'contractsent',
      accountValue: 1200,
      orderNumbers: [],
      openTickets: [{ id: '7001', subject: 'Tent pole cracked', status: 'waiting on us' }],
      url: 'https://app.hubspot.com/contacts/999/record/0-1/151',
      raw: { lifecyclestage: 'customer', leadStatus: 'OPEN', jobTitle: null, deals: 2 },
    });
    const search = api.requests[0]!;
    expect(search.headers.authorization).toBe('Bearer pat-test');
    expect(search.json).toMatchObject({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'ana.lopez@example.com' }] }],
      limit: 5,
    });
    expect(api.requests.find((q) => q.path === '/crm/v3/objects/deals/batch/read')?.json).toMatchObject({
      inputs: [{ id: '901' }, { id: '902' }],
    });
    expect(api.unexpected).toEqual([]);
  });

  it('searches by external id and phone as ORed filter groups; nobody found is null', async () => {
    expect((await crm().lookup({ externalId: 'cus_42', phone: '+15550100123' }))?.id).toBe('151');
    const groups = (api.requests[0]!.json as { filterGroups: { filters: { propertyName: string }[] }[] }).filterGroups;
    expect(groups.map((g) => g.filters[0]!.propertyName)).toEqual(['external_id', 'phone', 'mobilephone']);
    expect(await crm().lookup({ email: 'nobody@example.com' })).toBeNull();
    expect(await crm().lookup({})).toBeNull();
  });

  it('keeps the contact when deals fail, and says which part is missing', async () => {
    api.override = (req) =>
      req.path.endsWith('/associations/deals')
        ? { status: 500, body: { status: 'error', message: 'internal error', correlationId: 'x' } }
        : undefined;
    const r = await crm().lookup({ email: 'ana.lopez@example.com' });
    expect(r?.missing).toEqual(['deals']);
    expect(r?.dealStage).toBeNull();
    expect(r?.openTickets).toHaveLength(1);
  });

  it.each([
    [
      401,
      { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' },
      {},
      'unauthorized',
    ],
    [
      429,
      {
        status: 'error',
        message: 'You have reached your secondly limit.',
        errorType: 'RATE_LIMIT',
        policyName: 'SECONDLY',
      },
      { 'retry-after': '10' },
      'rate_limited',
    ],
    [502, { status: 'error', message: 'Bad gateway' }, {}, 'unavailable'],
  ])('maps HTTP %i from the search to a CrmError', async (status, body, headers, kind) => {
    api.override = () => ({ status, body, headers });
    expect(await kindOf(crm().lookup({ email: 'ana.lopez@example.com' }))).toBe(kind);
  });

  it('times out a hanging HubSpot', async () => {
    api.override = () => ({ hang: true });
    expect(await kindOf(crm(150).lookup({ email: 'ana.lopez@example.com' }))).toBe('timeout');
  });

  it('writes the outcome as a note on the contact timeline, without PII', async () => {
    const record = (await crm().lookup({ email: 'ana.lopez@example.com' }))!;
    api.reset();
    await crm().writeOutcome(record, outcome);
    const note = api.requests[0]!;
    expect(note.path).toBe('/crm/v3/objects/notes');
    const body = note.json as { properties: { hs_note_body: string; hs_timestamp: string }; associations: unknown };
    expect(body.properties.hs_timestamp).toBe('2026-11-21T10:12:00.000Z');
    expect(body.properties.hs_note_body).toContain('Baton handoff hof_1 (chat) completed by Alice Martin, 12 min.');
    expect(body.properties.hs_note_body).toContain('order 4411');
    expect(body.properties.hs_note_body).not.toContain('ana.lopez@example.com');
    expect(body.properties.hs_note_body).not.toContain('4111 1111');
    expect(body.associations).toEqual([
      { to: { id: '151' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] },
    ]);
  });

  it('retries the write-back after a 429 with Retry-After', async () => {
    const record = (await crm().lookup({ email: 'ana.lopez@example.com' }))!;
    let n = 0;
    api.override = () =>
      ++n === 1
        ? { status: 429, headers: { 'retry-after': '0' }, body: { status: 'error', errorType: 'RATE_LIMIT' } }
        : { status: 201, body: { id: '5002' } };
    await crm().writeOutcome(record, outcome);
    expect(n).toBe(2);
  });
});
