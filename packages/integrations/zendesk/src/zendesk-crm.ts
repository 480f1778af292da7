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
import type { ZendeskConfig } from './config.ts';

interface ZendeskUser {
  id: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  role: string;
  organization_id: number | null;
  external_id: string | null;
  tags?: string[];
  user_fields?: Record<string, unknown>;
}
interface ZendeskTicket {
  id: number;
  subject: string | null;
  status: string;
  updated_at?: string;
}
interface ZendeskOrganization {
  id: number;
  name: string;
  tags?: string[];
  organization_fields?: Record<string, unknown>;
}

const OPEN = new Set(['new', 'open', 'pending', 'hold']);
const text = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;
const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : null;
const tierTag = (tags: readonly string[] | undefined): string | null =>
  tags?.find((t) => t.startsWith('tier_'))?.slice(5) ?? null;
/** A search-syntax value: quoted, inner quotes dropped (Zendesk's syntax has no escape). */
const quoted = (v: string): string => `"${v.replace(/"/g, '')}"`;

/**
 * Zendesk Support connector (C2): the requester found with `GET /api/v2/users/search` (external_id, then
 * `email:` / `phone:` search), their unsolved requested tickets (`GET /api/v2/users/{id}/tickets/requested`)
 * and organization (`GET /api/v2/organizations/{id}`); the outcome written back as an internal note on the
 * latest open ticket (`PUT /api/v2/tickets/{id}`, `comment.public: false`), or, without one, as a solved ticket
 * tagged `baton_handoff` carrying the note. https://developer.zendesk.com/api-reference/ticketing/users/users/#search-users
 */
export class ZendeskCrm implements Crm {
  readonly name = 'zendesk';
  private readonly http: CrmHttpClient;

  constructor(private readonly config: ZendeskConfig) {
    const basic = Buffer.from(`${config.email}/token:${config.token}`).toString('base64');
    this.http = new CrmHttpClient({
      source: this.name,
      baseUrl: (config.baseUrl ?? `https://${config.subdomain}.zendesk.com`).replace(/\/$/, ''),
      headers: () => ({ authorization: `Basic ${basic}` }),
      ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
      ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
    });
  }

  private async users(query: Record<string, string>, signal: AbortSignal | undefined): Promise<ZendeskUser[]> {
    return (
      (await this.http.json<{ users: ZendeskUser[] }>({ path: '/api/v2/users/search.json', query, signal }))?.users ??
      []
    );
  }

  async lookup(q: CrmQuery, signal?: AbortSignal): Promise<CrmRecord | null> {
    // strongest identifier first; each is one request, stopping at the first hit
    const attempts: Record<string, string>[] = [];
    if (q.externalId) attempts.push({ external_id: q.externalId });
    if (q.email) attempts.push({ query: `email:${quoted(q.email)}` });
    if (q.phone) attempts.push({ query: `phone:${quoted(q.phone)}` });
    let user: ZendeskUser | undefined;
    for (const query of attempts) {
      const found = await this.users(query, signal);
      user = found.find((u) => u.role === 'end-user') ?? found[0];
      if (user !== undefined) break;
    }
    if (user === undefined) return null;
    const missing: string[] = [];
    const part = <T>(name: string, work: Promise<T>, empty: T): Promise<T> =>
      work.catch((err: unknown) => {
        if (!(err instanceof CrmError)) throw err;
        missing.push(name);
        return empty;
      });
    const [tickets, org] = await Promise.all([
      part(
        'tickets',
        this.http
          .json<{ tickets: ZendeskTicket[] }>({
            path: `/api/v2/users/${user.id}/tickets/requested.json`,
            query: { sort_by: 'updated_at', sort_order: 'desc' },
            signal,
          })
          .then((a) => a?.tickets ?? []),
        [],
      ),
      user.organization_id === null
        ? Promise.resolve(null)
        : part(
            'organization',
            this.http
              .json<{ organization: ZendeskOrganization }>({
                path: `/api/v2/organizations/${user.organization_id}.json`,
                signal,
              })
              .then((a) => a?.organization ?? null),
            null,
          ),
    ]);
    const tierKey = this.config.tierField ?? 'tier';
    const orgFields = org?.organization_fields ?? {};
    const base = (this.config.baseUrl ?? `https://${this.config.subdomain}.zendesk.com`).replace(/\/$/, '');
    return {
      source: this.name,
      id: String(user.id),
      accountId: user.organization_id === null ? null : String(user.organization_id),
      name: text(user.name),
      email: text(user.email),
      phone: text(user.phone),
      company: text(org?.name),
      tier: text(user.user_fields?.[tierKey]) ?? text(orgFields[tierKey]) ?? tierTag(user.tags) ?? tierTag(org?.tags),
      leadScore: null,
      dealStage: null,
      accountValue: num(orgFields[this.config.accountValueField ?? 'account_value']),
      orderNumbers: [],
      openTickets: tickets
        .filter((t) => OPEN.has(t.status))
        .map((t) => ({ id: String(t.id), subject: text(t.subject) ?? '', status: t.status })),
      url: `${base}/agent/users/${user.id}`,
      raw: { role: user.role, externalId: user.external_id, tags: user.tags ?? [], tickets: tickets.length },
      ...(missing.length === 0 ? {} : { missing }),
    };
  }

  async writeOutcome(record: CrmRecord, outcome: CrmOutcome, signal?: AbortSignal): Promise<void> {
    const body = renderCrmOutcome(outcome);
    const ticket = record.openTickets[0];
    const retry = { attempts: 4, maxWaitMs: 10_000 };
    if (ticket !== undefined) {
      const updated = await this.http.json<{ ticket: ZendeskTicket }>({
        method: 'PUT',
        path: `/api/v2/tickets/${encodeURIComponent(ticket.id)}.json`,
        body: { ticket: { comment: { body, public: false } } },
        signal,
        retry,
      });
      if (updated !== null) return;
      // the ticket was deleted meanwhile: fall through and create one
    }
    const created = await this.http.json<{ ticket: ZendeskTicket }>({
      method: 'POST',
      path: '/api/v2/tickets.json',
      body: {
        ticket: {
          subject: crmOutcomeSubject(outcome),
          comment: { body, public: false },
          requester_id: Number(record.id),
          status: 'solved',
          tags: ['baton_handoff'],
        },
      },
      signal,
      retry,
    });
    if (created === null) throw new CrmError(this.name, 'not_found', 'the tickets endpoint answered 404', 404);
  }
}
