/**
 * The dashboard's filters and range, kept in the page's query string so a view can be shared and reloaded.
 * Pure: reads and writes search strings, and turns the filters into the API's query.
 */

export const RANGES = [
  { id: '24h', hours: 24, label: 'Last 24 hours' },
  { id: '7d', hours: 24 * 7, label: 'Last 7 days' },
  { id: '30d', hours: 24 * 30, label: 'Last 30 days' },
] as const;

export type RangeId = (typeof RANGES)[number]['id'] | 'custom';

export const CHANNELS = ['chat', 'voice', 'email', 'sms'] as const;

/** The filter names, as both the page's query string and the API spell them. */
export const FILTER_KEYS = ['channel', 'queue', 'agent', 'reason', 'intent'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface DashboardFilters {
  range: RangeId;
  /** ISO-8601; set for a custom range only. */
  from: string | null;
  to: string | null;
  /** Only the filters that are set. */
  select: Partial<Record<FilterKey, string>>;
}

export const DEFAULT_FILTERS: DashboardFilters = { range: '24h', from: null, to: null, select: {} };

/** The query parameters the dashboard owns (removed when it closes, so other tabs' URLs stay clean). */
export const OWNED_PARAMS = ['tab', 'range', 'from', 'to', ...FILTER_KEYS] as const;

const isoOrNull = (v: string | null): string | null => {
  if (v === null || v === '') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

/**
 * Reads the filters from a query string. A valid `from` < `to` pair makes a custom range; anything
 * unreadable falls back to the default, so a mangled link still opens the dashboard.
 */
export const filtersFromSearch = (search: string): DashboardFilters => {
  const q = new URLSearchParams(search);
  const select: Partial<Record<FilterKey, string>> = {};
  for (const key of FILTER_KEYS) {
    const v = q.get(key)?.trim();
    if (v === undefined || v === '' || v.length > 100) continue;
    if (key === 'channel' && !(CHANNELS as readonly string[]).includes(v)) continue;
    select[key] = v;
  }
  const from = isoOrNull(q.get('from'));
  const to = isoOrNull(q.get('to'));
  if (from !== null && to !== null && Date.parse(from) < Date.parse(to)) {
    return { range: 'custom', from, to, select };
  }
  const range = RANGES.find((r) => r.id === q.get('range'))?.id ?? DEFAULT_FILTERS.range;
  return { range, from: null, to: null, select };
};

/** The query string with the dashboard's state in it; parameters that are not the dashboard's are kept. */
export const filtersToSearch = (f: DashboardFilters, current: string): string => {
  const q = new URLSearchParams(current);
  for (const key of OWNED_PARAMS) q.delete(key);
  q.set('tab', 'analytics');
  if (f.range === 'custom' && f.from !== null && f.to !== null) {
    q.set('from', f.from);
    q.set('to', f.to);
  } else if (f.range !== 'custom') {
    q.set('range', f.range);
  }
  for (const key of FILTER_KEYS) {
    const v = f.select[key];
    if (v !== undefined) q.set(key, v);
  }
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
};

/** The query string without the dashboard's parameters (for when it closes). */
export const withoutDashboard = (current: string): string => {
  const q = new URLSearchParams(current);
  for (const key of OWNED_PARAMS) q.delete(key);
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
};

/** The [from, to) of the filters: the custom one, or the preset range ending `now`. */
export const rangeOf = (f: DashboardFilters, now: Date): { from: Date; to: Date } => {
  if (f.range === 'custom' && f.from !== null && f.to !== null) return { from: new Date(f.from), to: new Date(f.to) };
  const hours = RANGES.find((r) => r.id === f.range)?.hours ?? 24;
  return { from: new Date(now.getTime() - hours * 3_600_000), to: now };
};

/** The API query (`/v1/analytics/summary` and `/export.csv`) of the filters, for `withSelect` or none. */
export const apiQuery = (f: DashboardFilters, now: Date, withSelect = true): string => {
  const { from, to } = rangeOf(f, now);
  const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  if (withSelect) {
    for (const key of FILTER_KEYS) {
      const v = f.select[key];
      if (v !== undefined) q.set(key, v);
    }
  }
  return q.toString();
};

/** An ISO time as the value of a `datetime-local` input, in the browser's time zone. */
export const toLocalInput = (iso: string | null): string => {
  if (iso === null) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** A `datetime-local` value (browser's time zone) as ISO; null when empty or invalid. */
export const fromLocalInput = (value: string): string | null => {
  if (value === '') return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};
