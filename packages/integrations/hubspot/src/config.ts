/** How to reach HubSpot's CRM API (a private app access token with crm.objects.contacts/deals/tickets read, notes write). */
export interface HubSpotConfig {
  /** Private app access token (`pat-…`), sent as a Bearer token. */
  token: string;
  /** API base URL; default https://api.hubapi.com (tests point it at a local server). */
  baseUrl?: string;
  /** Per-request timeout, ms; default 2000. */
  timeoutMs?: number;
  /** Contact property holding the service tier; default `customer_tier` (a custom property: null when absent). */
  tierProperty?: string;
  /** Contact property holding the business's own customer id, matched against `externalId`; default `external_id`. */
  externalIdProperty?: string;
  /** Contact property with order numbers (separated by `;` or `,`), when the portal keeps them; default none. */
  orderNumbersProperty?: string;
  /** HubSpot account (portal) id, to link the record in the UI. */
  portalId?: string;
  /** Injected fetch (tests). */
  fetch?: typeof fetch;
}
