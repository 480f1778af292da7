import type { AnalyticsSummaryBody, ErrorBody } from '@baton/contracts';

/** Count, mean and percentiles of durations in seconds; null when the sample is empty. */
export interface Distribution {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** `le` is the inclusive upper bound in seconds; null for the overflow bucket. */
  buckets: { le: number | null; count: number }[];
}

type Summary = AnalyticsSummaryBody;
export type FunnelRowView = Summary['funnel']['all'];
export type RateRowView = Summary['handoffRate']['byChannel'][number];
export type TimeRowView = Summary['handleTime']['byAgent'][number];
export type SatisfactionView = Summary['satisfaction']['handedOff'];
export type TimeSeriesRowView = Summary['byTime']['rows'][number];

/** The part of the summary the staffing tab reads (its test builds one by hand). */
export interface AnalyticsSummaryView {
  from: string;
  to: string;
  totals: { conversations: number; handoffs: number; conversationsHandedOff: number; containment: number | null };
  funnel: {
    all: { triggered: number; connected: number; resolved: number; abandoned: number };
    byReason: { reason: string; triggered: number; connected: number; resolved: number; abandoned: number }[];
  };
  dropOff: {
    abandoned: number;
    beforeOffer: number;
    afterOffer: number;
    rate: number | null;
    /** How long those who left had waited (the staffing tab estimates patience from it). */
    abandonedAfter?: Distribution;
  };
  speedOfAnswer: Distribution;
  sla: SlaRowView[];
  handleTime: { all: Distribution };
}

export interface SlaRowView {
  queueId: string;
  queueName: string | null;
  slaSeconds: number | null;
  connected: number;
  answeredWithinSla: number;
  abandoned: number;
  attainment: number | null;
}

/** `GET /v1/analytics/summary` as the dashboard reads it: the contract's schema, which the server validates. */
export type AnalyticsSummaryFull = AnalyticsSummaryBody;

const rangeParams = (hours: number, now: Date): string =>
  new URLSearchParams({
    from: new Date(now.getTime() - hours * 3600_000).toISOString(),
    to: now.toISOString(),
  }).toString();

/** Fetches the summary of the last `hours` hours (supervisors and admins). */
export async function analyticsRequest(token: string, hours: number, now = new Date()): Promise<AnalyticsSummaryFull> {
  return analyticsSummary(token, rangeParams(hours, now));
}

/** Fetches the summary for an API query string (`from`, `to` and filters; see analytics-filters.ts). */
export async function analyticsSummary(token: string, query: string): Promise<AnalyticsSummaryFull> {
  const response = await fetch(`/v1/analytics/summary?${query}`, {
    headers: { accept: 'application/json', authorization: `Bearer ${token}` },
  });
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (payload as Partial<ErrorBody> | null)?.error?.message;
    throw new Error(message ?? `Analytics failed (HTTP ${response.status}).`);
  }
  return payload as AnalyticsSummaryFull;
}

/**
 * Downloads the CSV export (one row per handoff) for an API query string, so it holds the rows of the range
 * and filters on screen. The endpoint needs the bearer token, so the file is fetched and handed to the
 * browser as an object URL instead of a plain link.
 */
export async function downloadAnalyticsCsv(token: string, query: string, now = new Date()): Promise<void> {
  const response = await fetch(`/v1/analytics/export.csv?${query}`, {
    headers: { accept: 'text/csv', authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`Export failed (HTTP ${response.status}).`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `baton-handoffs-${now.toISOString().slice(0, 10)}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled; the download keeps its own reference.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
