import type { FloorSnapshot } from '@baton/contracts';
import { presenceLabels, presenceReasonLabel } from '../agent/realtime/presence.ts';
import { useNow } from '../agent/shared/use-now.ts';
import type { Activity } from './supervisor-socket.ts';

/** "45s", "3m 05s": a wait as a supervisor reads it. */
export function formatWait(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

const STATUS_LABELS = {
  assistant: 'With assistant',
  queued: 'Waiting',
  agent: 'With agent',
  closed: 'Closed',
} as const;
const ACTIVITY_LABELS: Record<string, string> = {
  'handoff.created': 'Handoff created',
  'handoff.offered': 'Offered to an agent',
  'handoff.accepted': 'Accepted',
  'handoff.declined': 'Offer declined',
  'handoff.completed': 'Completed',
  'handoff.abandoned': 'Customer left while waiting',
};

/** Live queues with their SLA, agents with presence and load, and every open conversation (A7). */
export function FloorView({
  floor,
  activity,
  watchedId,
  onWatch,
}: {
  floor: FloorSnapshot;
  activity: Activity[];
  watchedId: string | null;
  onWatch: (conversationId: string) => void;
}) {
  const now = useNow(1000);
  const queueNames = new Map(floor.queues.map((q) => [q.id, q.name]));
  return (
    <div className="floor">
      <section aria-labelledby="queues-title" className="card">
        <h2 id="queues-title">Queues</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col">Waiting</th>
              <th scope="col">Longest wait</th>
              <th scope="col">SLA target</th>
              <th scope="col">With agents</th>
            </tr>
          </thead>
          <tbody>
            {floor.queues.map((q) => {
              const waitMs = q.oldestWaitingSince ? now - Date.parse(q.oldestWaitingSince) : 0;
              const breached = q.oldestWaitingSince !== null && waitMs > q.slaSeconds * 1000;
              return (
                <tr key={q.id} data-queue={q.name}>
                  <th scope="row">{q.name}</th>
                  <td className="num" data-testid={`waiting-${q.id}`}>
                    {q.waiting}
                  </td>
                  <td className={`num${breached ? ' breach' : ''}`}>
                    {q.oldestWaitingSince ? formatWait(waitMs) : '–'}
                    {breached ? <span className="sr-only"> (over SLA)</span> : null}
                  </td>
                  <td className="num">{formatWait(q.slaSeconds * 1000)}</td>
                  <td className="num">{q.assigned}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="agents-title" className="card">
        <h2 id="agents-title">Agents</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Presence</th>
              <th scope="col">Load</th>
            </tr>
          </thead>
          <tbody>
            {floor.agents.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  {a.name}
                  {a.role !== 'agent' ? <span className="muted small"> · {a.role}</span> : null}
                </th>
                <td>
                  <span className={`presence-pill presence-${a.presence}`}>{presenceLabels[a.presence]}</span>
                  {a.presenceReason ? (
                    <span className="muted small"> · {presenceReasonLabel(a.presenceReason)}</span>
                  ) : null}
                </td>
                <td>
                  {Object.entries(a.capacity)
                    .filter(([, max]) => max > 0)
                    .map(([channel, max]) => `${channel} ${a.load[channel] ?? 0}/${max}`)
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="conversations-title" className="card wide">
        <h2 id="conversations-title">Conversations</h2>
        {floor.conversations.length === 0 ? (
          <p className="muted">No open conversations.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Status</th>
                <th scope="col">Queue</th>
                <th scope="col">Agent</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span className="sr-only">Read</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {floor.conversations.map((c) => (
                <tr key={c.conversation.id} className={c.conversation.id === watchedId ? 'selected' : undefined}>
                  <th scope="row">{c.customerName ?? 'Website visitor'}</th>
                  <td>{STATUS_LABELS[c.conversation.status]}</td>
                  <td>{c.queueName ?? '–'}</td>
                  <td>{c.agentName ?? '–'}</td>
                  <td className="num">{c.handoffSince ? formatWait(now - Date.parse(c.handoffSince)) : '–'}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => onWatch(c.conversation.id)}
                      aria-label={`Read the conversation with ${c.customerName ?? 'website visitor'}`}
                    >
                      Read
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="activity-title" className="card">
        <h2 id="activity-title">Activity</h2>
        {activity.length === 0 ? (
          <p className="muted">Handoff events appear here as they happen.</p>
        ) : (
          <ol className="activity" aria-live="polite">
            {activity.map((a) => (
              <li key={a.key}>
                <time dateTime={a.at}>{new Date(a.at).toLocaleTimeString()}</time> {ACTIVITY_LABELS[a.name] ?? a.name}
                <span className="muted small"> · {queueNames.get(a.queueId) ?? a.queueId}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
