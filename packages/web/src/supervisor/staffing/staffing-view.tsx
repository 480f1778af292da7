import type { FloorSnapshot, StaffingResult } from '@baton/contracts';
import { useEffect, useRef, useState } from 'react';
import type { AnalyticsSummaryView } from '../analytics/analytics-request.ts';
import { fieldId, focusFirstError, TextField } from '../routing/field.tsx';
import type { FieldErrors } from '../routing/form-fields.ts';
import { fieldErrorsFromDetails } from '../routing/form-fields.ts';
import { ApiError, settingsApi, staffingApi } from '../supervisor-api.ts';
import { eligibleAgentIds, queueAnalytics } from './staffing-evidence.ts';
import { prefillStaffing, readStaffingForm, type StaffingForm, type StaffingSources } from './staffing-form.ts';

const ANALYTICS_HOURS = 24;
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const secs = (x: number | null): string => (x === null ? '∞' : `${x.toFixed(1)} s`);

/** Server paths (`/slaTarget`) to this form's keys. */
const staffingFieldOf = (segments: string[]): string | null => {
  const [first] = segments;
  if (first === 'slaTarget') return 'slaTargetPercent';
  const keys = ['agents', 'arrivalsPerHour', 'ahtSeconds', 'patienceSeconds', 'slaSeconds', 'capacity', 'hours'];
  return first !== undefined && keys.includes(first) ? first : null;
};

/**
 * The Staffing tab (A7, S5): a what-if on the contact-center simulator, as `baton simulate` runs it, prefilled
 * from the live floor and the last day of analytics. Shows service level, speed of answer, abandonment and
 * occupancy for the staffing asked about, a table for N−2 … N+3 agents with Erlang C beside it, and the
 * fewest agents that meet the SLA target.
 */
export function StaffingView({ token, floor }: { token: string; floor: FloorSnapshot | null }) {
  /** The chosen queue's last day of analytics; 'failed' when it could not be read. */
  const [analytics, setAnalytics] = useState<{ queueId: string; summary: AnalyticsSummaryView | 'failed' } | null>(
    null,
  );
  /** Who can take which queue (routing settings); 'failed': count every agent. */
  const [eligible, setEligible] = useState<Map<string, Set<string>> | 'failed' | null>(null);
  const [queueId, setQueueId] = useState<string>('');
  const [form, setForm] = useState<StaffingForm | null>(null);
  const [sources, setSources] = useState<StaffingSources>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [result, setResult] = useState<StaffingResult | null>(null);
  const [running, setRunning] = useState(false);
  /** The queue whose evidence is awaited before the form is (re)filled; null once filled. */
  const pending = useRef<string | null>(null);
  const F = 'staffing';

  useEffect(() => {
    Promise.all([settingsApi.queues(token), settingsApi.roster(token)]).then(
      ([q, r]) => setEligible(new Map(q.queues.map((queue) => [queue.id, eligibleAgentIds(r.agents, queue)]))),
      () => setEligible('failed'),
    );
  }, [token]);
  // The first queue of the floor is chosen once the floor is in.
  useEffect(() => {
    if (queueId !== '' || floor === null || floor.queues[0] === undefined) return;
    setQueueId(floor.queues[0].id);
    pending.current = floor.queues[0].id;
  }, [floor, queueId]);
  useEffect(() => {
    if (queueId === '') return;
    let current = true;
    queueAnalytics(token, queueId, ANALYTICS_HOURS).then(
      (summary) => current && setAnalytics({ queueId, summary }),
      () => current && setAnalytics({ queueId, summary: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [token, queueId]);

  const refill = (queue: string) => {
    const summary = analytics?.queueId === queue && analytics.summary !== 'failed' ? analytics.summary : null;
    const who = eligible instanceof Map ? (eligible.get(queue) ?? null) : null;
    const p = prefillStaffing(floor, summary, queue || null, ANALYTICS_HOURS, who);
    setForm(p.form);
    setSources(p.sources);
    setErrors({});
  };
  // Fill once the floor, the routing settings and the queue's analytics are in (or failed); edits after that
  // are the supervisor's until they pick another queue or ask to refill.
  useEffect(() => {
    const queue = pending.current;
    if (queue === null || floor === null || eligible === null || analytics?.queueId !== queue) return;
    pending.current = null;
    refill(queue);
  });

  if (form === null) {
    return (
      <p className="muted">
        {floor !== null && floor.queues.length === 0
          ? 'No queue yet: create one in the Routing tab.'
          : 'Reading the floor, the routing settings and the last day of analytics…'}
      </p>
    );
  }
  const set = (key: keyof StaffingForm) => (v: string) => {
    setForm((f) => (f ? { ...f, [key]: v } : f));
    // The value is the supervisor's now, no longer the floor's or the analytics'.
    setSources(({ [key]: _, ...rest }) => rest);
  };
  const field = (key: keyof StaffingForm) => ({
    id: fieldId(F, key),
    value: form[key],
    onChange: set(key),
    error: errors[key],
    hint: sources[key] ? `From ${sources[key]}.` : undefined,
    inputMode: 'decimal' as const,
    width: 'narrow' as const,
  });

  const run = () => {
    const read = readStaffingForm(form);
    if (read.errors) {
      setErrors(read.errors);
      focusFirstError(F, Object.keys(read.errors));
      return;
    }
    setErrors({});
    setRunning(true);
    staffingApi.simulate(token, read.body).then(
      (r) => {
        setResult(r);
        setRunning(false);
      },
      (e: unknown) => {
        setRunning(false);
        const found =
          e instanceof ApiError
            ? e.code === 'invalid_request'
              ? fieldErrorsFromDetails(e.details, staffingFieldOf)
              : { _form: e.message }
            : { _form: 'The simulation could not run.' };
        setErrors(found);
        focusFirstError(F, Object.keys(found));
      },
    );
  };

  const asked = result?.scenarios.find((s) => s.agents === result.input.agents);
  return (
    <div className="staffing">
      <form
        className="card settings-form"
        aria-labelledby="staffing-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <header className="section-head">
          <h2 id="staffing-title">Staffing what-if</h2>
          <div className="field inline">
            <label htmlFor="staffing-queue">SLA of queue</label>
            <select
              id="staffing-queue"
              value={queueId}
              onChange={(e) => {
                setQueueId(e.target.value);
                pending.current = e.target.value;
              }}
            >
              {(floor?.queues ?? []).map((q) => (
                <option key={q.id} value={q.id}>
                  {q.name}
                </option>
              ))}
            </select>
          </div>
        </header>
        <p className="muted small">
          Baton’s contact-center simulator (Poisson arrivals, lognormal handle times, customers who leave when their
          patience runs out) run for N−2 … N+3 agents on the same customers, with Erlang C beside it.
          {analytics?.summary === 'failed' ? ' The analytics could not be read: arrivals and times are defaults.' : ''}
        </p>
        {errors['_form'] ? (
          <p className="form-alert" role="alert">
            {errors['_form']}
          </p>
        ) : Object.keys(errors).length > 0 ? (
          <p className="form-alert" role="alert">
            Fix the fields marked below.
          </p>
        ) : null}
        <div className="field-grid">
          <TextField {...field('agents')} label="Agents (N)" inputMode="numeric" />
          <TextField {...field('arrivalsPerHour')} label="Arrivals per hour" />
          <TextField {...field('ahtSeconds')} label="Average handle time (s)" />
          <TextField
            {...field('patienceSeconds')}
            label="Patience (s)"
            hint={
              sources.patienceSeconds
                ? `From ${sources.patienceSeconds}.`
                : 'Mean wait before leaving; empty: nobody leaves.'
            }
          />
          <TextField {...field('slaSeconds')} label="SLA: answer within (s)" inputMode="numeric" />
          <TextField {...field('slaTargetPercent')} label="SLA target (%)" inputMode="numeric" />
          <TextField {...field('capacity')} label="Conversations per agent" inputMode="numeric" />
          <TextField {...field('hours')} label="Hours simulated" hint="Empty: 8 h, less at high volume." />
        </div>
        <div className="policy-actions">
          <button type="submit" className="primary" disabled={running}>
            {running ? 'Simulating…' : 'Run the what-if'}
          </button>
          <button type="button" onClick={() => refill(queueId)} disabled={running}>
            Refill from the floor
          </button>
        </div>
      </form>

      {result && asked ? (
        <section className="card" aria-labelledby="staffing-results-title" aria-live="polite">
          <h2 id="staffing-results-title">
            With {result.input.agents} agent{result.input.agents > 1 ? 's' : ''}
          </h2>
          <p className="muted small">
            {result.input.arrivalsPerHour}/h × {result.input.ahtSeconds} s = {result.offeredLoadErlangs.toFixed(1)}{' '}
            erlangs of work, {result.input.hours} h simulated ({asked.simulated.offered} customers measured), target{' '}
            {Math.round(result.input.slaTarget * 100)} % within {result.input.slaSeconds} s.
          </p>
          <dl className="figures" aria-label="Figures for the staffing asked about">
            <div>
              <dt>Service level</dt>
              <dd className={asked.meetsTarget ? 'ok' : 'breach'}>{pct(asked.simulated.serviceLevel)}</dd>
            </div>
            <div>
              <dt>Average speed of answer</dt>
              <dd>{secs(asked.simulated.asaSeconds)}</dd>
            </div>
            <div>
              <dt>Abandonment</dt>
              <dd>{pct(asked.simulated.abandonRate)}</dd>
            </div>
            <div>
              <dt>Occupancy</dt>
              <dd>{pct(asked.simulated.occupancy)}</dd>
            </div>
          </dl>
          <p className="recommendation" role="status">
            {result.recommendedAgents !== null
              ? `${result.recommendedAgents} agents meet the target in the simulation.`
              : `None of ${result.scenarios[0]?.agents ?? 1}–${result.scenarios.at(-1)?.agents ?? 1} agents meet the target in the simulation.`}{' '}
            {result.erlangCAgents !== null
              ? `Erlang C (nobody leaves) asks for ${result.erlangCAgents}.`
              : 'Erlang C finds no staffing within the limit.'}
          </p>
          <table>
            <caption className="sr-only">Staffing from N−2 to N+3 agents</caption>
            <thead>
              <tr>
                <th scope="col">Agents</th>
                <th scope="col">Service level</th>
                <th scope="col">Avg speed of answer</th>
                <th scope="col">90th pct wait</th>
                <th scope="col">Abandonment</th>
                <th scope="col">Occupancy</th>
                <th scope="col">Erlang C service level</th>
                <th scope="col">Erlang C speed of answer</th>
                <th scope="col">Meets target</th>
              </tr>
            </thead>
            <tbody>
              {result.scenarios.map((s) => (
                <tr key={s.agents} className={s.agents === result.input.agents ? 'current' : undefined}>
                  <th scope="row">
                    {s.agents}
                    {s.agents === result.input.agents ? ' (asked)' : ''}
                  </th>
                  <td className="num">{pct(s.simulated.serviceLevel)}</td>
                  <td className="num">{secs(s.simulated.asaSeconds)}</td>
                  <td className="num">{secs(s.simulated.p90WaitSeconds)}</td>
                  <td className="num">{pct(s.simulated.abandonRate)}</td>
                  <td className="num">{pct(s.simulated.occupancy)}</td>
                  <td className="num">{pct(s.erlangC.serviceLevel)}</td>
                  <td className="num">{secs(s.erlangC.asaSeconds)}</td>
                  <td className={s.meetsTarget ? 'ok' : 'breach'}>{s.meetsTarget ? 'Yes' : 'No'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            Service level counts everyone who arrived: customers still waiting when the run ended were not answered in
            time. Erlang C assumes nobody leaves and exponential handle times.
          </p>
        </section>
      ) : null}
    </div>
  );
}
