import { CrmError, type CrmOutcome } from '@baton/core';
import { StubApi } from '@baton/crm-http/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZendeskCrm } from './zendesk-crm.ts';

const user = {
  id: 35436,
  url: 'https://acme.zendesk.com/api/v2/users/35436.json',
  name: 'Ana Lopez',
  email: 'ana.lopez@example.com',
  phone: '+15550100123',
  role: 'end-user',
  organization_id: 57542,
  external_id: 'cus_42',
  tags: ['vip'],
  user_fields: { tier: 'gold' },
};
const agentUser = { ...user, id: 1, name: 'Agent Smith', role: 'agent', organization_id: null, user_fields: {} };
const tickets = [
  { id: 35, subject: 'Tent pole cracked', status: 'open', updated_at: '2026-11-20T10:00:00Z' },
  { id: 34, subject: 'Where is my order?', status: 'pending', updated_at: '2026-11-10T10:00:00Z' },
  { id: 20, subject: 'Old question', status: 'closed', updated_at: '2025-01-10T10:00:00Z' },
];
const api = new StubApi({
  'GET /api/v2/users/search.json': (req) => {
    const q = req.query.get('query') ?? '';
    const hit =
      req.query.get('external_id') === 'cus_42' ||
      q === 'email:"ana.lopez@example.com"' ||
      q === 'phone:"+15550100123"';
    return { body: { users: hit ? [agentUser, user] : [], next_page: null, previous_page: null, count: hit ? 2 : 0 } };
  },
  'GET /api/v2/users/35436/tickets/requested.json': () => ({
    body: { tickets, next_page: null, previous_page: null, count: 3 },
  }),
  'GET /api/v2/organizations/57542.json': () => ({
    body: {
      organization: {
        id: 57542,
        name: 'Lopez Outdoor',
        tags: ['tier_silver'],
        organization_fields: { account_value: '48000' },
      },
    },
  }),
  'PUT /api/v2/tickets/35.json': () => ({
    body: { ticket: { id: 35, subject: 'Tent pole cracked', status: 'open' }, audit: {} },
  }),
  'POST /api/v2/tickets.json': () => ({
    status: 201,
    body: { ticket: { id: 36, subject: 'Baton handoff completed', status: 'solved' } },
  }),
});
beforeAll(async () => {
  await api.start();
});
afterAll(async () => {
  await api.stop();
});
afterEach(() => api.reset());

const crm = (timeoutMs = 2000): ZendeskCrm =>
  new ZendeskCrm({ subdomain: 'acme', email: 'ops@acme.test', token: 'zd-token', baseUrl: api.url, timeoutMs });
const kindOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err instanceof CrmError ? err.kind : 'other';
  }
};
const outcome: CrmOutcome = {
  conversationId: 'conv_1',
  handoffId: 'hof_1',
  channel: 'chat',
  status: 'completed',
  reasonCode: 'complaint',
  reason: 'Formal complaint',
  agentName: 'Bob Okafor',
  summary: 'Lives at 221B Baker Street, London; wants a replacement pole.',
  startedAt: new Date('2026-11-21T10:00:00Z'),
  endedAt: new Date('2026-11-21T10:20:00Z'),
};

describe('ZendeskCrm against a local Zendesk', () => {
  it('finds the end-user by e-mail with API-token basic auth; reads tier, organization and unsolved tickets', async () => {
    const r = await crm().lookup({ email: 'ana.lopez@example.com' });
    expect(r).toEqual({
      source: 'zendesk',
      id: '35436',
      accountId: '57542',
      name: 'Ana Lopez',
      email: 'ana.lopez@example.com',
      phone: '+15550100123',
      company: 'Lopez Outdoor',
      tier: 'gold',
      leadScore: null,
      dealStage: null,
      accountValue: 48000,
      orderNumbers: [],
      openTickets: [
        { id: '35', subject: 'Tent pole cracked', status: 'open' },
        { id: '34', subject: 'Where is my order?', status: 'pending' },
      ],
      url: `${api.url}/agent/users/35436`,
      raw: { role: 'end-user', externalId: 'cus_42', tags: ['vip'], tickets: 3 },
    });
    const auth = api.requests[0]!.headers.authorization ?? '';
    expect(Buffer.from(auth.replace('Basic ', ''), 'base64').toString()).toBe('ops@acme.test/token:zd-token');
    expect(api.unexpected).toEqual([]);
  });

  it('tries external id, then e-mail, then phone, and stops at the first hit', async () => {
    expect((await crm().lookup({ externalId: 'nope', phone: '+15550100123' }))?.id).toBe('35436');
    const searches = api.requests.filter((r) => r.path === '/api/v2/users/search.json');
    expect(searches.map((s) => s.query.toString())).toEqual([
      'external_id=nope',
      `query=${encodeURIComponent('phone:"+15550100123"')}`,
    ]);
    expect(await crm().lookup({ email: 'nobody@example.com' })).toBeNull();
  });

  it('keeps the user when the organization fails, listing it as missing', async () => {
    api.override = (req) =>
      req.path.startsWith('/api/v2/organizations/') ? { status: 500, body: { error: 'InternalError' } } : undefined;
    const r = await crm().lookup({ email: 'ana.lopez@example.com' });
    expect(r?.missing).toEqual(['organization']);
    expect(r?.company).toBeNull();
    expect(r?.openTickets).toHaveLength(2);
  });

  it.each([
    [401, { error: "Couldn't authenticate you" }, {}, 'unauthorized'],
    [
      429,
      { error: 'TooManyRequests', description: 'You have exceeded the rate limit' },
      { 'retry-after': '45' },
      'rate_limited',
    ],
    [500, { error: 'InternalError' }, {}, 'unavailable'],
  ])('maps HTTP %i to a CrmError', async (status, body, headers, kind) => {
    api.override = () => ({ status, body, headers });
    expect(await kindOf(crm().lookup({ email: 'ana.lopez@example.com' }))).toBe(kind);
  });

  it('times out a hanging Zendesk', async () => {
    api.override = () => ({ hang: true });
    expect(await kindOf(crm(150).lookup({ email: 'ana.lopez@example.com' }))).toBe('timeout');
  });

  it('writes an internal note on the latest open ticket, without PII', async () => {
    const record = (await crm().lookup({ email: 'ana.lopez@example.com' }))!;
    api.reset();
    await crm().writeOutcome(record, outcome);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /api/v2/tickets/35.json']);
    const body = api.requests[0]!.json as { ticket: { comment: { body: string; public: boolean } } };
    expect(body.ticket.comment.public).toBe(false);
    expect(body.ticket.comment.body).toContain('by Bob Okafor, 20 min');
    expect(body.ticket.comment.body).not.toContain('Baker Street');
  });

  it('without an open ticket (or when it was deleted), creates a solved one tagged baton_handoff', async () => {
    const record = (await crm().lookup({ email: 'ana.lopez@example.com' }))!;
    api.reset();
    api.override = (req) =>
      req.method === 'PUT' ? { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } } : undefined;
    await crm().writeOutcome(record, outcome);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /api/v2/tickets/35.json',
      'POST /api/v2/tickets.json',
    ]);
    expect(api.requests[1]!.json).toMatchObject({
      ticket: { requester_id: 35436, status: 'solved', tags: ['baton_handoff'], comment: { public: false } },
    });
  });
});
