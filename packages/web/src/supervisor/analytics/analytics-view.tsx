import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import './analytics.css';
import {
  apiQuery,
  CHANNELS,
  filtersFromSearch,
  filtersToSearch,
  fromLocalInput,
  RANGES,
  toLocalInput,
  withoutDashboard,
  type DashboardFilters,
  type FilterKey,
  type RangeId,
} from './analytics-filters.ts';
import { bucketLabel, duration, percent, rating } from './analytics-format.ts';
import {
  analyticsSummary,
  downloadAnalyticsCsv,
  type AnalyticsSummaryFull,
  type Distribution,
  type FunnelRowView,
  type RateRowView,
  type SatisfactionView,
  type TimeRowView,
} from './analytics-request.ts';
import { BarChart } from './bar-chart.tsx';
import { DataTable, type DataRow } from './data-table.tsx';
import { TimeChart } from './time-chart.tsx';

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
      {hint ? <span className="muted small">{hint}</span> : null}
    </div>
  );
}

function Card({ id, title, wide, children }: { id: string; title: string; wide?: boolean; children: React.ReactNode }) {
  return (
    <section className={wide === true ? 'chart-card wide' : 'chart-card'} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

/** Only the buckets up to the last non-empty one: long empty tails say nothing. */
const histogram = (d: Distribution) => {
  const last = d.buckets.reduce((at, b, i) => (b.count > 0 ? i : at), -1);
  return d.buckets.slice(0, last + 1).map((b, i) => ({
    label: bucketLabel(b.le, d.buckets[i - 1]?.le ?? null),
    values: [b.count],
  }));
};

/** The overall SLA attainment: answered within SLA over connected + abandoned, across queues. */
const slaOverall = (s: AnalyticsSummaryFull): number | null => {
  const within = s.sla.reduce((n, q) => n + q.answeredWithinSla, 0);
  const all = s.sla.reduce((n, q) => n + q.connected + q.abandoned, 0);
  return all === 0 ? null : within / all;
};

const share = (part: number, whole: number) => ({ text: String(part), share: whole === 0 ? 0 : part / whole });

const funnelRow = (label: string, r: FunnelRowView): DataRow => ({
  key: label,
  cells: [
    label,
    share(r.triggered, r.triggered),
    share(r.queued, r.triggered),
    share(r.offered, r.triggered),
    share(r.connected, r.triggered),
    share(r.resolved, r.triggered),
    share(r.abandoned, r.triggered),
  ],
});

const rateRows = (rows: RateRowView[]): DataRow[] =>
  rows.map((r) => ({
    key: r.key,
    cells: [r.key, String(r.conversations), String(r.handedOff), { text: percent(r.rate), share: r.rate }],
  }));

const timeRows = (rows: TimeRowView[], name: (key: string) => string): DataRow[] =>
  rows.map((r) => ({
    key: r.key,
    cells: [name(r.key), String(r.count), duration(r.p50), duration(r.mean), duration(r.p90), duration(r.totalSeconds)],
  }));

const satisfactionRow = (label: string, s: SatisfactionView): DataRow => ({
  key: label,
  cells: [
    label,
    String(s.responses),
    rating(s.meanRating),
    { text: percent(s.satisfiedShare), share: s.satisfiedShare },
  ],
});

interface Option {
  value: string;
  label: string;
}

/** Filter choices from the range's unfiltered summary, plus the current choice even when it has no data. */
const optionsOf = (s: AnalyticsSummaryFull | undefined, f: DashboardFilters): Record<FilterKey, Option[]> => {
  const same = (values: string[]) => values.map((v) => ({ value: v, label: v }));
  const out: Record<FilterKey, Option[]> = {
    channel: same([...CHANNELS]),
    queue: (s?.sla ?? []).map((q) => ({ value: q.queueId, label: q.queueName ?? q.queueId })),
    agent: same((s?.handleTime.byAgent ?? []).map((a) => a.key)),
    reason: same((s?.funnel.byReason ?? []).map((r) => r.reason)),
    // Conversations without an intent cannot be selected by one.
    intent: same((s?.handoffRate.byIntent ?? []).map((r) => r.key).filter((k) => k !== '(none)')),
  };
  for (const key of Object.keys(out) as FilterKey[]) {
    const v = f.select[key];
    if (v !== undefined && !out[key].some((o) => o.value === v)) out[key] = [...out[key], { value: v, label: v }];
  }
  return out;
};

const FILTER_LABELS: Record<FilterKey, string> = {
  channel: 'Channel',
  queue: 'Queue',
  agent: 'Agent',
  reason: 'Reason',
  intent: 'Intent',
};

/**
 * The supervisors' analytics dashboard (N8, issue 9) from `GET /v1/analytics/summary`: the funnel per
 * reason, handoffs over time, drop-off and when customers left, speed of answer, SLA, handle time by queue
 * and agent, first-contact resolution, satisfaction, unneeded and missed handoffs, and handoff rates by
 * channel and intent. Range and filters live in the page's query string, so a view can be shared; the CSV
 * export uses the same query. Figures refresh every minute.
 */
export function AnalyticsView({ token }: { token: string }) {
  const [filters, setFilters] = useState<DashboardFilters>(() => filtersFromSearch(window.location.search));
  const hasSelect = Object.keys(filters.select).length > 0;

  useEffect(() => {
    const { pathname, search, hash } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${filtersToSearch(filters, search)}${hash}`);
  }, [filters]);
  useEffect(
    () => () => {
      const { pathname, search, hash } = window.location;
      window.history.replaceState(window.history.state, '', `${pathname}${withoutDashboard(search)}${hash}`);
    },
    [],
  );

  const summary = useQuery({
    queryKey: ['analytics', filters],
    queryFn: () => analyticsSummary(token, apiQuery(filters, new Date())),
    refetchInterval: 60_000,
    // The previous figures stay on screen (dimmed) while new ones load: no layout jump on each change.
    placeholderData: keepPreviousData,
  });
  const unfiltered = useQuery({
    queryKey: ['analytics', { ...filters, select: {} }],
    queryFn: () => analyticsSummary(token, apiQuery(filters, new Date(), false)),
    enabled: hasSelect,
    placeholderData: keepPreviousData,
  });
  const s = summary.data;
  const options = optionsOf(hasSelect ? unfiltered.data : s, filters);
  const [exportError, setExportError] = useState<string | null>(null);
  const exportCsv = () => {
    setExportError(null);
    downloadAnalyticsCsv(token, apiQuery(filters, new Date())).catch((e: unknown) =>
      setExportError(e instanceof Error ? e.message : 'Export failed.'),
    );
  };
  const setSelect = (key: FilterKey, value: string) => {
    const select = { ...filters.select };
    if (value === '') delete select[key];
    else select[key] = value;
    setFilters({ ...filters, select });
  };
  const setRange = (range: RangeId) => {
    if (range !== 'custom') {
      setFilters({ ...filters, range, from: null, to: null });
      return;
    }
    // A custom range starts as the last 24 hours, to the minute, for the user to adjust.
    const to = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    setFilters({
      ...filters,
      range,
      from: filters.from ?? new Date(to.getTime() - 86_400_000).toISOString(),
      to: filters.to ?? to.toISOString(),
    });
  };
  const setBound = (bound: 'from' | 'to', value: string) => {
    const iso = fromLocalInput(value);
    if (iso !== null) setFilters({ ...filters, [bound]: iso });
  };
  const queueName = (id: string) => s?.sla.find((q) => q.queueId === id)?.queueName ?? id;
  const rangeInvalid =
    filters.range === 'custom' &&
    filters.from !== null &&
    filters.to !== null &&
    Date.parse(filters.from) >= Date.parse(filters.to);

  return (
    <section className="analytics" aria-labelledby="analytics-title">
      <div className="analytics-head">
        <h2 id="analytics-title">Handoff analytics</h2>
        <button type="button" onClick={() => void summary.refetch()} disabled={summary.isFetching}>
          {summary.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
        <button type="button" onClick={exportCsv}>
          Download CSV
        </button>
      </div>
      <fieldset className="analytics-filters">
        <legend>Filters</legend>
        <label>
          Range
          <select value={filters.range} onChange={(e) => setRange(e.target.value as RangeId)}>
            {RANGES.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
            <option value="custom">Custom</option>
          </select>
        </label>
        <label>
          From
          <input
            type="datetime-local"
            value={toLocalInput(filters.range === 'custom' ? filters.from : null)}
            disabled={filters.range !== 'custom'}
            onChange={(e) => setBound('from', e.target.value)}
          />
        </label>
        <label>
          To
          <input
            type="datetime-local"
            value={toLocalInput(filters.range === 'custom' ? filters.to : null)}
            disabled={filters.range !== 'custom'}
            onChange={(e) => setBound('to', e.target.value)}
          />
        </label>
        {(Object.keys(FILTER_LABELS) as FilterKey[]).map((key) => (
          <label key={key}>
            {FILTER_LABELS[key]}
            <select value={filters.select[key] ?? ''} onChange={(e) => setSelect(key, e.target.value)}>
              <option value="">All</option>
              {options[key].map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        ))}
        <button type="button" onClick={() => setFilters({ ...filters, select: {} })} disabled={!hasSelect}>
          Clear filters
        </button>
      </fieldset>
      {summary.error || exportError || rangeInvalid ? (
        <p className="form-error" role="alert">
          {rangeInvalid ? '“From” must be before “To”.' : (summary.error?.message ?? exportError)}
        </p>
      ) : null}
      {s === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <div className={summary.isPlaceholderData ? 'stale' : undefined} aria-busy={summary.isFetching}>
          <div className="stats" role="group" aria-label="Key figures">
            <Stat label="Handoffs" value={String(s.totals.handoffs)} hint={`${s.totals.conversations} conversations`} />
            <Stat
              label="Contained by the assistant"
              value={percent(s.totals.containment)}
              hint={`${s.totals.conversationsHandedOff} handed off`}
            />
            <Stat
              label="Abandoned"
              value={percent(s.dropOff.rate)}
              hint={`${s.dropOff.abandoned} (${s.dropOff.beforeOffer} before an offer)`}
            />
            <Stat
              label="Speed of answer"
              value={duration(s.speedOfAnswer.p50)}
              hint={`median · p90 ${duration(s.speedOfAnswer.p90)}`}
            />
            <Stat label="Within SLA" value={percent(slaOverall(s))} />
            <Stat label="Handle time" value={duration(s.handleTime.all.p50)} hint="median" />
            <Stat
              label="First-contact resolution"
              value={percent(s.firstContactResolution.rate)}
              hint={`${s.firstContactResolution.resolvedFirstContact} of ${s.firstContactResolution.eligible}`}
            />
            <Stat
              label="Unneeded handoffs"
              value={String(s.quality.unneeded.total)}
              hint={`${percent(s.quality.unneeded.rate)} of connected`}
            />
            <Stat label="Missed handoffs" value={String(s.quality.missed.total)} hint="conversations" />
          </div>
          <div className="charts">
            <Card id="an-funnel" title="Funnel by reason" wide>
              <DataTable
                caption="Handoffs by reason at each stage: triggered, queued, offered, connected, resolved, abandoned"
                columns={['Reason', 'Triggered', 'Queued', 'Offered', 'Connected', 'Resolved', 'Abandoned']}
                rows={
                  s.funnel.byReason.length === 0
                    ? []
                    : [...s.funnel.byReason.map((r) => funnelRow(r.reason, r)), funnelRow('All', s.funnel.all)]
                }
              />
            </Card>
            <Card id="an-time" title="Over time" wide>
              <TimeChart bucket={s.byTime.bucket} rows={s.byTime.rows} />
            </Card>
            <Card id="an-drop" title="Drop-off">
              <DataTable
                caption="Customers who left while waiting, by stage"
                columns={['Left', 'Customers', 'Median wait before leaving']}
                rows={
                  s.dropOff.abandoned === 0
                    ? []
                    : [
                        {
                          key: 'before',
                          cells: ['Before an offer', share(s.dropOff.beforeOffer, s.dropOff.abandoned), ''],
                        },
                        {
                          key: 'after',
                          cells: ['After an offer', share(s.dropOff.afterOffer, s.dropOff.abandoned), ''],
                        },
                        {
                          key: 'all',
                          cells: ['All', String(s.dropOff.abandoned), duration(s.dropOff.abandonedAfter.p50)],
                        },
                      ]
                }
              />
              <h4 className="small">When customers left</h4>
              <BarChart
                title="How long customers who left had waited"
                series={['Customers']}
                rows={histogram(s.dropOff.abandonedAfter)}
              />
            </Card>
            <Card id="an-wait" title="Speed of answer">
              <BarChart title="Speed of answer histogram" series={['Handoffs']} rows={histogram(s.speedOfAnswer)} />
              <p className="muted small figures-note">
                {s.speedOfAnswer.count} answered · median {duration(s.speedOfAnswer.p50)} · p90{' '}
                {duration(s.speedOfAnswer.p90)} · p95 {duration(s.speedOfAnswer.p95)} · longest{' '}
                {duration(s.speedOfAnswer.max)}
              </p>
            </Card>
            <Card id="an-sla" title="SLA by queue">
              <DataTable
                caption="Answered within the queue's target, over answered and abandoned"
                columns={['Queue', 'Target', 'Answered', 'Within target', 'Abandoned', 'Within SLA']}
                rows={s.sla.map((q) => ({
                  key: q.queueId,
                  cells: [
                    q.queueName ?? q.queueId,
                    duration(q.slaSeconds),
                    String(q.connected),
                    String(q.answeredWithinSla),
                    String(q.abandoned),
                    { text: percent(q.attainment), share: q.attainment },
                  ],
                }))}
              />
            </Card>
            <Card id="an-handle-queue" title="Handle time by queue">
              <DataTable
                caption="Handle time of completed handoffs by queue"
                columns={['Queue', 'Handled', 'Median', 'Mean', 'p90', 'Total']}
                rows={timeRows(s.handleTime.byQueue, queueName)}
              />
            </Card>
            <Card id="an-handle-agent" title="Handle time by agent">
              <DataTable
                caption="Handle time of completed handoffs by agent"
                columns={['Agent', 'Handled', 'Median', 'Mean', 'p90', 'Total']}
                rows={timeRows(s.handleTime.byAgent, (id) => id)}
              />
            </Card>
            <Card id="an-fcr" title="First-contact resolution">
              <DataTable
                caption="Closed, connected conversations whose customer did not come back within the window"
                columns={['Figure', 'Value']}
                rows={[
                  {
                    key: 'eligible',
                    cells: ['Closed after an agent answered', String(s.firstContactResolution.eligible)],
                  },
                  {
                    key: 'repeat',
                    cells: [
                      `Came back within ${Math.round(s.firstContactResolution.windowSeconds / 86_400)} days`,
                      String(s.firstContactResolution.repeatContacts),
                    ],
                  },
                  {
                    key: 'rate',
                    cells: [
                      'Resolved at first contact',
                      {
                        text: `${s.firstContactResolution.resolvedFirstContact} (${percent(s.firstContactResolution.rate)})`,
                        share: s.firstContactResolution.rate,
                      },
                    ],
                  },
                ]}
              />
            </Card>
            <Card id="an-csat" title="Satisfaction">
              <DataTable
                caption="Survey ratings after a handoff and with the assistant only, and by the first handoff's reason"
                columns={['Conversations', 'Responses', 'Mean rating', 'Rated 4–5']}
                rows={[
                  satisfactionRow('Handed off', s.satisfaction.handedOff),
                  satisfactionRow('Assistant only', s.satisfaction.assistantOnly),
                  ...s.satisfaction.byReason.map((r) => satisfactionRow(`After ${r.reason}`, r)),
                ]}
              />
            </Card>
            <Card id="an-quality" title="Unneeded and missed handoffs">
              <DataTable
                caption="Handoffs that were not needed, and customers who needed one and did not get through"
                columns={['Kind', 'Count']}
                rows={[
                  { key: 'u', cells: ['Unneeded', String(s.quality.unneeded.total)] },
                  { key: 'um', cells: ['Marked not needed by the agent', String(s.quality.unneeded.markedByAgent)] },
                  { key: 'uo', cells: ['Solved in one reply', String(s.quality.unneeded.solvedInOneReply)] },
                  { key: 'm', cells: ['Missed (conversations)', String(s.quality.missed.total)] },
                  {
                    key: 'mf',
                    cells: ['Frustrated, never handed off', String(s.quality.missed.frustratedNotHandedOff)],
                  },
                  { key: 'ma', cells: ['Abandoned handoffs', String(s.quality.missed.abandonedHandoffs)] },
                ]}
              />
            </Card>
            <Card id="an-rate-channel" title="Handoff rate by channel">
              <DataTable
                caption="Conversations handed off, by channel"
                columns={['Channel', 'Conversations', 'Handed off', 'Rate']}
                rows={rateRows(s.handoffRate.byChannel)}
              />
            </Card>
            <Card id="an-rate-intent" title="Handoff rate by intent">
              <DataTable
                caption="Conversations handed off, by intent"
                columns={['Intent', 'Conversations', 'Handed off', 'Rate']}
                rows={rateRows(s.handoffRate.byIntent)}
              />
            </Card>
          </div>
        </div>
      )}
    </section>
  );
}
