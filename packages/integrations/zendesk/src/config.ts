/** How to reach Zendesk Support's API with an API token (Admin Center → Apps and integrations → Zendesk API). */
export interface ZendeskConfig {
  /** `acme` for https://acme.zendesk.com. */
  subdomain: string;
  /** The agent's e-mail the token belongs to (`{email}/token:{token}` basic auth). */
  email: string;
  token: string;
  /** API base URL; default https://{subdomain}.zendesk.com (tests point it at a local server). */
  baseUrl?: string;
  /** Per-request timeout, ms; default 2000. */
  timeoutMs?: number;
  /** User or organization field key with the service tier; default `tier` (else a `tier_<x>` tag is read). */
  tierField?: string;
  /** Organization field key with the account value; default `account_value`. */
  accountValueField?: string;
  /** Injected fetch (tests). */
  fetch?: typeof fetch;
}
