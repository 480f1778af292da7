import { CrmError, renderCrmOutcome, type Crm, type CrmOutcome, type CrmQuery, type CrmRecord } from '@baton/core';
import { CrmHttpClient } from '@baton/crm-http';
import type { HubSpotConfig } from './config.ts';

/** A CRM v3 object as HubSpot returns it (search, batch read). */
interface HubSpotObject {
  id: string;
  properties: Record<string, string | null | undefined>;
}
interface SearchAnswer {
  total: number;
  results: HubSpotObject[];
}
/** CRM v4 associations: `GET /crm/v4/objects/contacts/{id}/associations/{toObjectType}`. */
interface AssociationsAnswer {
  results: { toObjectId: number | string }[];
}
interface BatchAnswer {
  results: HubSpotObject[];
}

/** Default ticket pipeline stages (HubSpot's "Support Pipeline"); other pipelines show the stage id. */
const TICKET_STAGES: Readonly<Record<string, string>> = {
  '1': 'new',
  '2': 'waiting on contact',
  '3': 'waiting on us',
  '4': 'closed',
};

const CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'phone',
  'mobilephone',
  'company',
  'hubspotscore',
  'lifecyclestage',
  'hs_lead_status',
  'total_revenue',
  'jobtitle',
];
const num = (v: string | null | undefined): number | null =>
  v === null || v === undefined || v.trim() === '' || !Number.isFinite(Number(v)) ? null : Number(v);
const text = (v: string | null | undefined): string | null =>
  v === null || v === undefined || v.trim() === '' ? null : v.trim();

/**
 * HubSpot connector (C2) over the CRM v3 API: contacts search by external id, e-mail or phone
 * (`POST /crm/v3/objects/contacts/search`), the contact's deals and tickets through v4 associations and
 * `batch/read`, and the handoff outcome written back as a note on the contact's timeline
 * (`POST /crm/v3/objects/notes`, association type 202 note → contact).
 * https://developers.hubspot.com/docs/api/crm/search, …/crm/associations, …/crm/notes
 */
export class HubSpotCrm implements Crm {
  readonly name = 'hubspot';
  private readonly http: CrmHttpClient;

  constructor(private readonly config: HubSpotConfig) {
    this.http = new CrmHttpClient({
      source: this.name,
      baseUrl: (config.baseUrl ?? 'https://api.hubapi.com').replace(/\/$/, ''),
      headers: () => ({ authorization: `Bearer ${config.token}` }),
      ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
      ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
    });
  }

  async lookup(query: CrmQuery, signal?: AbortSignal): Promise<CrmRecord | null> {
    const extProp = this.config.externalIdProperty ?? 'external_id';
    const wanted: [string, string][] = [];
    if (query.externalId) wanted.push([extProp, query.externalId]);
    if (query.email) wanted.push(['email', query.email.toLowerCase()]);
    if (query.phone) wanted.push(['phone', query.phone], ['mobilephone', query.phone]);
    if (wanted.length === 0) return null;
    const extra = [
      this.config.tierProperty ?? 'customer_tier',
      extProp,
      ...(this.config.orderNumbersProperty === undefined ? [] : [this.config.orderNumbersProperty]),
    ];
    // one filter group per identifier: groups are ORed (at most 5 groups)
    const found = await this.http.json<SearchAnswer>({
      method: 'POST',
      path: '/crm/v3/objects/contacts/search',
      body: {
        filterGroups: wanted.map(([propertyName, value]) => ({ filters: [{ propertyName, operator: 'EQ', value }] })),
        properties: [...CONTACT_PROPERTIES, ...extra],
        limit: 5,
      },
      signal,
    });
    const results = found?.results ?? [];
    // the strongest identifier wins when several contacts match
    const contact =
      wanted
        .map(([prop, value]) => results.find((r) => (r.properties[prop] ?? '').toLowerCase() === value.toLowerCase()))
        .find((r) => r !== undefined) ?? results[0];
    if (contact === undefined) return null;
    return this.record(contact, signal);
  }

  private async record(contact: HubSpotObject, signal: AbortSignal | undefined): Promise<CrmRecord> {
    const p = contact.properties;
    const missing: string[] = [];
    const [deals, tickets] = await Promise.all([
      this.associated(
        contact.id,
        'deals',
        ['dealname', 'dealstage', 'amount', 'closedate', 'hs_is_closed'],
        signal,
      ).catch((err: unknown) => {
        if (!(err instanceof CrmError)) throw err;
        missing.push('deals');
        return [];
      }),
      this.associated(
        contact.id,
        'tickets',
        ['subject', 'hs_pipeline_stage', 'hs_pipeline', 'closed_date'],
        signal,
      ).catch((err: unknown) => {
        if (!(err instanceof CrmError)) throw err;
        missing.push('tickets');
        return [];
      }),
    ]);
    const open = deals.filter((d) => d.properties.hs_is_closed !== 'true');
    const latest = (list: HubSpotObject[]): HubSpotObject | undefined =>
      [...list].sort((a, b) => (b.properties.closedate ?? '').localeCompare(a.properties.closedate ?? ''))[0];
    const deal = latest(open) ?? latest(deals);
    const won = deals.filter((d) => d.properties.dealstage === 'closedwon').map((d) => num(d.properties.amount) ?? 0);
    const name = [text(p.firstname), text(p.lastname)].filter((x) => x !== null).join(' ');
    const orders = this.config.orderNumbersProperty === undefined ? null : text(p[this.config.orderNumbersProperty]);
    return {
      source: this.name,
      id: contact.id,
      accountId: null,
      name: name === '' ? null : name,
      email: text(p.email),
      phone: text(p.phone) ?? text(p.mobilephone),
      company: text(p.company),
      tier: text(p[this.config.tierProperty ?? 'customer_tier']),
      leadScore: num(p.hubspotscore),
      dealStage: text(deal?.properties.dealstage),
      accountValue:
        num(p.total_revenue) ?? (won.length > 0 ? won.reduce((a, b) => a + b, 0) : num(deal?.properties.amount)),
      orderNumbers:
        orders === null
          ? []
          : orders
              .split(/[;,]/)
              .map((s) => s.trim())
              .filter(Boolean),
      openTickets: tickets
        .map((t) => ({
          id: t.id,
          subject: text(t.properties.subject) ?? '',
          status: TICKET_STAGES[t.properties.hs_pipeline_stage ?? ''] ?? t.properties.hs_pipeline_stage ?? 'open',
          closed: text(t.properties.closed_date) !== null,
        }))
        .filter((t) => t.status !== 'closed' && !t.closed)
        .map(({ id, subject, status }) => ({ id, subject, status })),
      url:
        this.config.portalId === undefined
          ? null
          : `https://app.hubspot.com/contacts/${this.config.portalId}/record/0-1/${contact.id}`,
      raw: {
        lifecyclestage: text(p.lifecyclestage),
        leadStatus: text(p.hs_lead_status),
        jobTitle: text(p.jobtitle),
        deals: deals.length,
      },
      ...(missing.length === 0 ? {} : { missing }),
    };
  }

  /** Objects of `type` associated with the contact, with `properties` (v4 associations, then v3 batch read). */
  private async associated(
    contactId: string,
    type: 'deals' | 'tickets',
    properties: string[],
    signal: AbortSignal | undefined,
  ): Promise<HubSpotObject[]> {
    const links = await this.http.json<AssociationsAnswer>({
      path: `/crm/v4/objects/contacts/${encodeURIComponent(contactId)}/associations/${type}`,
      query: { limit: '20' },
      signal,
    });
    const ids = [...new Set((links?.results ?? []).map((r) => String(r.toObjectId)))];
    if (ids.length === 0) return [];
    const read = await this.http.json<BatchAnswer>({
      method: 'POST',
      path: `/crm/v3/objects/${type}/batch/read`,
      body: { properties, inputs: ids.map((id) => ({ id })) },
      signal,
    });
    return read?.results ?? [];
  }

  async writeOutcome(record: CrmRecord, outcome: CrmOutcome, signal?: AbortSignal): Promise<void> {
    const created = await this.http.json<{ id: string }>({
      method: 'POST',
      path: '/crm/v3/objects/notes',
      body: {
        properties: { hs_timestamp: outcome.endedAt.toISOString(), hs_note_body: renderCrmOutcome(outcome) },
        associations: [
          { to: { id: record.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] },
        ],
      },
      signal,
      retry: { attempts: 4, maxWaitMs: 10_000 },
    });
    if (created === null) throw new CrmError(this.name, 'not_found', `contact ${record.id} is gone`, 404);
  }
}
