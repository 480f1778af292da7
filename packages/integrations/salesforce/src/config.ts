/** How to reach a Salesforce org's REST API with an OAuth access token (any flow: JWT bearer, client credentials ...). */
export interface SalesforceConfig {
  /** The org's instance URL, e.g. `https://acme.my.salesforce.com` (tests point it at a local server). */
  instanceUrl: string;
  /** OAuth access token, sent as a Bearer token. Baton does not refresh it: the operator's flow does. */
  token: string;
  /** REST API version; default `v60.0`. */
  apiVersion?: string;
  /** Per-request timeout, ms; default 2000. */
  timeoutMs?: number;
  /** Account field with the service tier (a custom field such as `Tier__c`); tier is null without it. */
  tierField?: string;
  /** Contact field with a lead / engagement score (custom); null without it. */
  leadScoreField?: string;
  /** Contact field matched against `externalId` (e.g. `External_Id__c`); without it an 18/15-character Salesforce id is matched on `Id`. */
  externalIdField?: string;
  /** Injected fetch (tests). */
  fetch?: typeof fetch;
}
