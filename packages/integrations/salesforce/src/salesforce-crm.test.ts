import { CrmError, type CrmOutcome } from '@baton/core';
import { StubApi, type StubRequest } from '@baton/crm-http/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SalesforceCrm } from './salesforce-crm.ts';
import { soqlString } from './soql.ts';

const attrs = (type: string, id: string): { type: string; url: string } => ({
  type,
  url: `/services/data/v60.0/sobjects/${type}/${id}`,
});
const contact = {
  attributes: attrs('Contact', '003xx000004TmiQAAS'),
  Id: '003xx000004TmiQAAS',
  Name: 'Ana Lopez',
  Email: 'ana.lopez@example.com',
  Phone: '+1 555 010 0123',
  MobilePhone: null,
  AccountId: '001xx000003DGb2AAG',
  Account: {
    attributes: attrs('Account', '001xx000003DGb2AAG'),
    Name: 'Lopez Outdoor',
    AnnualRevenue: 250000,
    Type: 'Customer - Direct',
    Rating: 'Hot',
    Tier__c: 'Gold',
  },
};
const page = <T>(records: T[]): { totalSize: number; done: boolean; records: T[] } => ({
  totalSize: records.length,
  done: true,
  records,
});
let ordersEnabled = true;
/** Answers SOQL by the object it selects FROM, as the query resource does. */
const query = (req: StubRequest): { status?: number; body: unknown } => {
  const q = req.query.get('q') ?? '';
  if (/FROM Contact WHERE/.test(q))
    return { body: page(q.includes("'ana.lopez@example.com'") || q.includes('003xx000004TmiQAAS') ? [contact] : []) };
  if (/FROM Case WHERE ContactId = '003xx000004TmiQAAS' AND IsClosed = false/.test(q))
    return {
      body: page([
        {
          attributes: attrs('Case', '500A'),
          Id: '500A',
          CaseNumber: '00001026',
          Subject: 'Tent pole cracked',
          Status: 'Working',
        },
      ]),
    };
  if (/FROM Opportunity WHERE AccountId = '001xx000003DGb2AAG'/.test(q))
    return {
      body: page([
        {
          attributes: attrs('Opportunity', '006A'),
          Id: '006A',
          Name: 'Team kit 2026',
          StageName: 'Negotiation/Review',
          Amount: 1800,
          CloseDate: '2026-12-01',
          IsClosed: false,
          IsWon: false,
        },
        {
          attributes: attrs('Opportunity', '006B'),
          Id: '006B',
          Name: 'Team kit 2025',
          StageName: 'Closed Won',
          Amount: 1200,
          CloseDate: '2025-05-01',
          IsClosed: true,
          IsWon: true,
        },
      ]),
    };
  if (/FROM Order WHERE/.test(q))
    return ordersEnabled
      ? { body: page([{ attributes: attrs('Order', '801A'), OrderNumber: '00000100' }]) }
      : { status: 400, body: [{ message: "sObject type 'Order' is not supported.", errorCode: 'INVALID_TYPE' }] };
  return { status: 400, body: [{ message: 'unexpected query in the stub', errorCode: 'MALFORMED_QUERY' }] };
};
const api = new StubApi({
  'GET /services/data/v60.0/query': query,
  'POST /services/data/v60.0/sobjects/Task': () => ({ status: 201, body: { id: '00TA', success: true, errors: [] } }),
});
beforeAll(async () => {
  await api.start();
});
afterAll(async () => {
  await api.stop();
});
afterEach(() => {
  api.reset();
  ordersEnabled = true;
});

const crm = (timeoutMs = 2000): SalesforceCrm =>
  new SalesforceCrm({ instanceUrl: api.url, token: '00Dxx!token', timeoutMs, tierField: 'Tier__c' });
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
  channel: 'voice',
  status: 'completed',
  reasonCode: 'billing_dispute',
  reason: 'Disputed charge',
  agentName: 'Alice Martin',
  summary: 'Card 4111 1111 1111 1111 charged twice; call back on +44 7700 900123.',
  startedAt: new Date('2026-11-21T10:00:00Z'),
  endedAt: new Date('2026-11-21T10:05:00Z'),
};

describe('SalesforceCrm against a local Salesforce', () => {
  it('reads contact, account, open cases, opportunities and orders by SOQL', async () => {
    const r = await crm().lookup({ email: 'ana.lopez@example.com' });
    expect(r).toEqual({
      source: 'salesforce',
      id: '003xx000004TmiQAAS',
      accountId: '001xx000003DGb2AAG',
      name: 'Ana Lopez',
      email: 'ana.lopez@example.com',
      phone: '+1 555 010 0123',
      company: 'Lopez Outdoor',
      tier: 'Gold',
      leadScore: null,
      dealStage: 'Negotiation/Review',
      accountValue: 250000,
      orderNumbers: ['00000100'],
      openTickets: [{ id: '00001026', subject: 'Tent pole cracked', status: 'Working' }],
      url: `${api.url}/lightning/r/Contact/003xx000004TmiQAAS/view`,
      raw: { accountType: 'Customer - Direct', accountRating: 'Hot', opportunities: 2 },
    });
    expect(api.requests[0]!.headers.authorization).toBe('Bearer 00Dxx!token');
    expect(api.requests[0]!.query.get('q')).toBe(
      "SELECT Id, Name, Email, Phone, MobilePhone, AccountId, Account.Name, Account.AnnualRevenue, Account.Type, Account.Rating, Account.Tier__c FROM Contact WHERE Email = 'ana.lopez@example.com' LIMIT 5",
    );
    expect(api.unexpected).toEqual([]);
  });

  it('matches a Salesforce id given as external id; phone on Phone or MobilePhone; nobody is null', async () => {
    expect((await crm().lookup({ externalId: '003xx000004TmiQAAS' }))?.name).toBe('Ana Lopez');
    api.reset();
    expect(await crm().lookup({ phone: '+15550100999', externalId: 'cus_42' })).toBeNull();
    expect(api.requests[0]!.query.get('q')).toContain(
      "WHERE Phone = '+15550100999' OR MobilePhone = '+15550100999' LIMIT 5",
    );
  });

  it('escapes values: a quote in an e-mail cannot change the query', async () => {
    expect(soqlString("o'brien@example.com' OR Name != '")).toBe("'o\\'brien@example.com\\' OR Name != \\''");
    await crm().lookup({ email: "x' OR Email != '" });
    expect(api.requests[0]!.query.get('q')).toContain("WHERE Email = 'x\\' OR Email != \\'' LIMIT 5");
  });

  it('an org without Orders: the record comes, orders are listed as missing', async () => {
    ordersEnabled = false;
    const r = await crm().lookup({ email: 'ana.lopez@example.com' });
    expect(r?.orderNumbers).toEqual([]);
    expect(r?.missing).toEqual(['orders']);
    expect(r?.openTickets).toHaveLength(1);
  });

  it.each([
    [401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], {}, 'unauthorized'],
    [403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], {}, 'rate_limited'],
    [
      429,
      [{ message: 'Too many requests', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
      { 'retry-after': '60' },
      'rate_limited',
    ],
    [503, [{ message: 'Server unavailable', errorCode: 'SERVER_UNAVAILABLE' }], {}, 'unavailable'],
  ])('maps HTTP %i to a CrmError', async (status, body, headers, kind) => {
    api.override = () => ({ status, body, headers });
    expect(await kindOf(crm().lookup({ email: 'ana.lopez@example.com' }))).toBe(kind);
  });

  it('a 404 on the query resource (wrong API version) is "not found", and a hang times out', async () => {
    api.override = () => ({
      status: 404,
      body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
    });
    expect(await crm().lookup({ email: 'ana.lopez@example.com' })).toBeNull();
    api.override = () => ({ hang: true });
    expect(await kindOf(crm(150).lookup({ email: 'ana.lopez@example.com' }))).toBe('timeout');
  });

  it('writes the outcome as a completed Task on the contact and account, without PII', async () => {
    const record = (await crm().lookup({ email: 'ana.lopez@example.com' }))!;
    api.reset();
    await crm().writeOutcome(record, outcome);
    const body = api.requests[0]!.json as Record<string, string>;
    expect(body).toMatchObject({
      Subject: 'Baton handoff completed: billing_dispute',
      WhoId: '003xx000004TmiQAAS',
      WhatId: '001xx000003DGb2AAG',
      Status: 'Completed',
      ActivityDate: '2026-11-21',
    });
    expect(body.Description).toContain('[CARD]');
    expect(body.Description).not.toContain('4111');
    expect(body.Description).not.toContain('7700 900123');
  });

  it('reports a Task the API refused', async () => {
    const record = (await crm().lookup({ email: 'ana.lopez@example.com' }))!;
    api.override = () => ({
      status: 400,
      body: [
        {
          message: 'Related To ID: id value of incorrect type',
          errorCode: 'FIELD_INTEGRITY_EXCEPTION',
          fields: ['WhatId'],
        },
      ],
    });
    expect(await kindOf(crm().writeOutcome(record, outcome))).toBe('bad_response');
  });
});
