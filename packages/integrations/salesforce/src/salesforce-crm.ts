import {
  CrmError,
  crmOutcomeSubject,
  renderCrmOutcome,
  type Crm,
  type CrmOutcome,
  type CrmQuery,
  type CrmRecord,
} from '@baton/core';
import { CrmHttpClient } from '@baton/crm-http';
import type { SalesforceConfig } from './config.ts';
import { soqlField, soqlString } from './soql.ts';

/** `GET /services/data/vXX.X/query?q=…` answer. */
interface QueryAnswer<T> {
  totalSize: number;
  done: boolean;
  records: T[];
}
type SObject = Record<string, unknown> & { attributes?: { type: string; url: string } };

const SF_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : null;
/** `Account.Name` → record.Account?.Name */
const field = (r: SObject, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (o, k) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined),
      r,
    );

/**
 * Salesforce connector (C2) over the REST API: SOQL on Contact (with its Account), open Cases,
 * Opportunities and Orders of the account (`GET /services/data/vXX.X/query`), and the handoff outcome
 * written back as a completed Task on the contact (`POST /services/data/vXX.X/sobjects/Task`).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
 */
export class SalesforceCrm implements Crm {
  readonly name = 'salesforce';
  private readonly http: CrmHttpClient;
  private readonly base: string;

  constructor(private readonly config: SalesforceConfig) {
    this.base = `/services/data/${config.apiVersion ?? 'v60.0'}`;
    this.http = new CrmHttpClient({
      source: this.name,
      baseUrl: config.instanceUrl.replace(/\/$/, ''),
      headers: () => ({ authorization: `Bearer ${config.token}` }),
      ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
      ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
    });
  }

  private async query<T extends SObject>(soql: string, signal: AbortSignal | undefined): Promise<T[]> {
    const answer = await this.http.json<QueryAnswer<T>>({ path: `${this.base}/query`, query: { q: soql }, signal });
    return answer?.records ?? [];
  }

  async lookup(q: CrmQuery, signal?: AbortSignal): Promise<CrmRecord | null> {
    const where: string[] = [];
    const ext = this.config.externalIdField;
    if (q.externalId && (ext !== undefined || SF_ID.test(q.externalId)))
      where.push(`${soqlField(ext ?? 'Id')} = ${soqlString(q.externalId)}`);
    if (q.email) where.push(`Email = ${soqlString(q.email)}`);
    if (q.phone) where.push(`Phone = ${soqlString(q.phone)}`, `MobilePhone = ${soqlString(q.phone)}`);
    if (where.length === 0) return null;
    const tier = this.config.tierField === undefined ? null : `Account.${soqlField(this.config.tierField)}`;
    const score = this.config.leadScoreField === undefined ? null : soqlField(this.config.leadScoreField);
    const fields = [
      'Id',
      'Name',
      'Email',
      'Phone',
      'MobilePhone',
      'AccountId',
      'Account.Name',
      'Account.AnnualRevenue',
      'Account.Type',
      'Account.Rating',
      ...(tier === null ? [] : [tier]),
      ...(score === null ? [] : [score]),
      ...(ext === undefined ? [] : [soqlField(ext)]),
    ];
    const contacts = await this.query(
      `SELECT ${[...new Set(fields)].join(', ')} FROM Contact WHERE ${where.join(' OR ')} LIMIT 5`,
      signal,
    );
    // the strongest identifier wins when several contacts match
    const byExt = q.externalId ? contacts.find((c) => field(c, ext ?? 'Id') === q.externalId) : undefined;
    const byEmail = q.email ? contacts.find((c) => text(c.Email)?.toLowerCase() === q.email?.toLowerCase()) : undefined;
    const contact = byExt ?? byEmail ?? contacts[0];
    if (contact === undefined) return null;
    const id = String(contact.Id);
    const accountId = text(contact.AccountId);
    const missing: string[] = [];
    const part = <T>(name: string, work: Promise<T>, empty: T): Promise<T> =>
      work.catch((err: unknown) => {
        if (!(err instanceof CrmError)) throw err;
        missing.push(name);
        return empty;
      });
    const [cases, opportunities, orders] = await Promise.all([
      part(
        'cases',
        this.query(
          `SELECT Id, CaseNumber, Subject, Status FROM Case WHERE ContactId = ${soqlString(id)} AND IsClosed = false ORDER BY CreatedDate DESC LIMIT 10`,
          signal,
        ),
        [],
      ),
      accountId === null
        ? Promise.resolve([])
        : part(
            'opportunities',
            this.query(
              `SELECT Id, Name, StageName, Amount, CloseDate, IsClosed, IsWon FROM Opportunity WHERE AccountId = ${soqlString(accountId)} ORDER BY CloseDate DESC LIMIT 10`,
              signal,
            ),
            [],
          ),
      // Orders exist only where the org enabled them; INVALID_TYPE then is a missing part, not a failure
      accountId === null
        ? Promise.resolve([])
        : part(
            'orders',
            this.query(
              `SELECT OrderNumber FROM Order WHERE AccountId = ${soqlString(accountId)} ORDER BY EffectiveDate DESC LIMIT 10`,
              signal,
            ),
            [],
          ),
    ]);
    const open = opportunities.find((o) => o.IsClosed !== true) ?? opportunities[0];
    const won = opportunities.filter((o) => o.IsWon === true).map((o) => num(o.Amount) ?? 0);
    return {
      source: this.name,
      id,
      accountId,
      name: text(contact.Name),
      email: text(contact.Email),
      phone: text(contact.Phone) ?? text(contact.MobilePhone),
      company: text(field(contact, 'Account.Name')),
      tier: tier === null ? null : text(field(contact, tier)),
      leadScore: score === null ? null : num(field(contact, score)),
      dealStage: open === undefined ? null : text(open.StageName),
      accountValue:
        num(field(contact, 'Account.AnnualRevenue')) ?? (won.length > 0 ? won.reduce((a, b) => a + b, 0) : null),
      orderNumbers: orders.map((o) => text(o.OrderNumber)).filter((o): o is string => o !== null),
      openTickets: cases.map((c) => ({
        id: text(c.CaseNumber) ?? String(c.Id),
        subject: text(c.Subject) ?? '',
        status: text(c.Status) ?? 'open',
      })),
      url: `${this.config.instanceUrl.replace(/\/$/, '')}/lightning/r/Contact/${id}/view`,
      raw: {
        accountType: text(field(contact, 'Account.Type')),
        accountRating: text(field(contact, 'Account.Rating')),
        opportunities: opportunities.length,
      },
      ...(missing.length === 0 ? {} : { missing }),
    };
  }

  async writeOutcome(record: CrmRecord, outcome: CrmOutcome, signal?: AbortSignal): Promise<void> {
    const created = await this.http.json<{ id: string; success: boolean; errors: unknown[] }>({
      method: 'POST',
      path: `${this.base}/sobjects/Task`,
      body: {
        Subject: crmOutcomeSubject(outcome).slice(0, 255),
        Description: renderCrmOutcome(outcome).slice(0, 32_000),
        WhoId: record.id,
        ...(record.accountId === null ? {} : { WhatId: record.accountId }),
        Status: 'Completed',
        Priority: 'Normal',
        ActivityDate: outcome.endedAt.toISOString().slice(0, 10),
      },
      signal,
      retry: { attempts: 4, maxWaitMs: 10_000 },
    });
    if (created === null) throw new CrmError(this.name, 'not_found', 'the Task endpoint answered 404', 404);
    if (created?.success !== true) throw new CrmError(this.name, 'bad_response', 'the Task was not created');
  }
}
