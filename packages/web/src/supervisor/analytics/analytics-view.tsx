import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  analyticsRequest,
  downloadAnalyticsCsv,
  type AnalyticsSummaryView,
  type Distribution,
} from './analytics-request.ts';
import { BarChart } from './bar-chart.tsx';

const RANGES = [
  { hours: 24, label: 'Last 24 hours' },
  { hours: 24 * 7, label: 'Last 7 days' },
  { hours: 24 * 30, label: 'Last 30 days' },
] as const;

const percent = (r: number | null) => (r === null ? '–' : `${Math.round(r * 100)}%`);
const duration = (s: number | null) =>
  s === null ? '–' : s < 90 ? `${Math.round(s)} s` : `${(s / 60).toFixed(s < 600 ? 1 : 0)} min`;
const bucketLabel = (le: number | null, previous: number | null) =>
  le === null ? `> ${duration(previous)}` : `≤ ${duration(le)}`;

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
      {hint ? <span className="muted small">{hint}</span> : null}
    </div>
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
const slaOverall = (s: AnalyticsSummaryView): number | null => {
  const within = s.sla.reduce((n, q) => n + q.answeredWithinSla, 0);
  const all = s.sla.reduce((n, q) => n + q.connected + q.abandoned, 0);
  return all === 0 ? null : within / all;
};

/**
 * The supervisors' analytics dashboard (N8): handoffs by reason and by queue, speed of answer, abandonment
 * and SLA over a chosen range, from `GET /v1/analytics/summary`.
 */
export function AnalyticsView({ token }: { token: string }) {
  const [hours, setHours] = useState<number>(RANGES[0].hours);
  const summary = useQuery({
    queryKey: ['analytics', hours],
    queryFn: () => analyticsRequest(token, hours),
    refetchInterval: 60_000,
  });
  const s = summary.data;
  const [exportError, setExportError] = useState<string | null>(null);
  const exportCsv = () => {
    setExportError(null);
    downloadAnalyticsCsv(token, hours).catch((e: unknown) =>
      setExportError(e instanceof Error ? e.message : 'Export failed.'),
    );
  };

  return (
    <section className="analytics" aria-labelledby="analytics-title">
      <div className="analytics-head">
        <h2 id="analytics-title">Handoff analytics</h2>
        <label htmlFor="analytics-range">Range</label>
        <select id="analytics-range" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
          {RANGES.map((r) => (
            <option key={r.hours} value={r.hours}>
              {r.label}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void summary.refetch()} disabled={summary.isFetching}>
          {summary.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
        <button type="button" onClick={exportCsv}>
          Download CSV
        </button>
      </div>
      {summary.error || exportError ? (
        <p className="form-error" role="alert">
          {summary.error?.message ?? exportError}
        </p>
      ) : null}
      {s === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <div className="stats" role="group" aria-label="Key figures">
            <Stat label="Handoffs" value={String(s.totals.handoffs)} hint={`${s.totals.conversations} conversations`} />
            <Stat label="Contained by the assistant" value={percent(s.totals.containment)} />
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
          </div>
          <div className="charts">
            <section className="chart-card" aria-labelledby="chart-reason">
              <h3 id="chart-reason">Handoffs by reason</h3>
              <BarChart
                title="Handoffs by reason: connected, abandoned, still waiting or other"
                series={['Connected', 'Abandoned', 'Waiting / other']}
                rows={s.funnel.byReason.map((r) => ({
                  label: r.reason,
                  values: [r.connected, r.abandoned, Math.max(0, r.triggered - r.connected - r.abandoned)],
                }))}
              />
            </section>
            <section className="chart-card" aria-labelledby="chart-queue">
              <h3 id="chart-queue">Handoffs by queue</h3>
              <BarChart
                title="Handoffs by queue: answered within SLA, abandoned, answered late"
                series={['Within SLA', 'Abandoned', 'Answered late']}
                rows={s.sla.map((q) => ({
                  label: q.queueName ?? q.queueId,
                  values: [q.answeredWithinSla, q.abandoned, Math.max(0, q.connected - q.answeredWithinSla)],
                }))}
              />
            </section>
            <section className="chart-card" aria-labelledby="chart-wait">
              <h3 id="chart-wait">Wait before an agent answered</h3>
              <BarChart title="Speed of answer histogram" series={['Handoffs']} rows={histogram(s.speedOfAnswer)} />
            </section>
            <section className="chart-card" aria-labelledby="chart-sla">
              <h3 id="chart-sla">SLA by queue</h3>
              {s.sla.length === 0 ? (
                <p className="muted small">No data in this range.</p>
              ) : (
                <table className="sla-table">
                  <thead>
                    <tr>
                      <th scope="col">Queue</th>
                      <th scope="col">Target</th>
                      <th scope="col">Answered</th>
                      <th scope="col">Abandoned</th>
                      <th scope="col">Within SLA</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.sla.map((q) => (
                      <tr key={q.queueId}>
                        <th scope="row">{q.queueName ?? q.queueId}</th>
                        <td>{duration(q.slaSeconds)}</td>
                        <td>{q.connected}</td>
                        <td>{q.abandoned}</td>
                        <td>{percent(q.attainment)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
        </>
      )}
    </section>
  );
}
