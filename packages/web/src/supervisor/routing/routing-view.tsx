import type { StaffingRoster } from '@baton/contracts';
import { useCallback, useEffect, useState } from 'react';
import { presenceLabels } from '../../agent/realtime/presence.ts';
import { formatWait } from '../floor-view.tsx';
import { settingsApi } from '../supervisor-api.ts';
import { AgentEditor } from './agent-editor.tsx';
import { formatSkills } from './form-fields.ts';
import { newQueueForm, queueFormFrom, type QueueView } from './queue-form.ts';
import { QueueEditor } from './queue-editor.tsx';

type Editing = { kind: 'queue'; id: string | null } | { kind: 'agent'; id: string } | null;

const STRATEGY = {
  longest_idle: 'Longest idle',
  least_busy: 'Least busy',
  best_skill: 'Best skill',
  round_robin: 'Round robin',
};

/**
 * The Routing tab (A7, R1–R6): every queue with its routing settings, editable by supervisors and admins, and
 * every agent's skills, languages and capacity, editable by admins (read-only, with the reason, for
 * supervisors). `onSaved` lets the console show the floor as it is after the change.
 */
export function RoutingView({ token, onSaved }: { token: string; onSaved: () => void }) {
  const [queues, setQueues] = useState<QueueView[] | null>(null);
  const [roster, setRoster] = useState<StaffingRoster | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(() => {
    Promise.all([settingsApi.queues(token), settingsApi.roster(token)]).then(
      ([q, r]) => {
        setQueues([...q.queues].sort((a, b) => a.name.localeCompare(b.name)));
        setRoster(r);
      },
      (e: unknown) => setLoadError(e instanceof Error ? e.message : 'Could not load the routing settings'),
    );
  }, [token]);
  useEffect(load, [load]);

  if (queues === null || roster === null)
    return <p className="muted">{loadError ?? 'Loading the routing settings…'}</p>;
  const editedQueue =
    editing?.kind === 'queue' && editing.id !== null ? queues.find((q) => q.id === editing.id) : undefined;
  const editedAgent = editing?.kind === 'agent' ? roster.agents.find((a) => a.id === editing.id) : undefined;
  const saved = (what: string) => {
    setEditing(null);
    setStatus(what);
    load();
    onSaved();
  };

  return (
    <div className="routing">
      <p className="saved-status" role="status">
        {status}
      </p>
      <section className="card" aria-labelledby="routing-queues-title">
        <header className="section-head">
          <h2 id="routing-queues-title">Queues and routing</h2>
          <button
            type="button"
            onClick={() => {
              setStatus(null);
              setEditing({ kind: 'queue', id: null });
            }}
          >
            New queue
          </button>
        </header>
        <table>
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col">Channels</th>
              <th scope="col">Required skills</th>
              <th scope="col">Languages</th>
              <th scope="col">Priority</th>
              <th scope="col">SLA target</th>
              <th scope="col">Offer timeout</th>
              <th scope="col">Strategy</th>
              <th scope="col">Hours</th>
              <th scope="col">Escalation</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr key={q.id}>
                <th scope="row">
                  {q.name} <span className="muted small">{q.id}</span>
                </th>
                <td>{q.channels.join(', ')}</td>
                <td>{formatSkills(q.requiredSkills) || 'any'}</td>
                <td>{q.languages.join(', ') || 'any'}</td>
                <td className="num">{q.priority}</td>
                <td className="num">{formatWait(q.slaSeconds * 1000)}</td>
                <td className="num">{formatWait(q.offerTimeoutSeconds * 1000)}</td>
                <td>{STRATEGY[q.strategy ?? 'longest_idle']}</td>
                <td>{q.businessHours ? q.businessHours.timeZone : 'always open'}</td>
                <td>
                  {q.escalation?.length ? `${q.escalation.length} step${q.escalation.length > 1 ? 's' : ''}` : 'none'}
                </td>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-label={`Edit ${q.name}`}
                    onClick={() => {
                      setStatus(null);
                      setEditing({ kind: 'queue', id: q.id });
                    }}
                  >
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {editing?.kind === 'queue' ? (
        <QueueEditor
          key={editing.id ?? 'new'}
          token={token}
          isNew={editing.id === null}
          initial={editedQueue ? queueFormFrom(editedQueue) : newQueueForm()}
          queues={queues}
          onSaved={(q) => saved(`Saved: ${q.name}. Routing uses it from the next offer.`)}
          onCancel={() => setEditing(null)}
        />
      ) : null}

      <section className="card" aria-labelledby="routing-agents-title">
        <h2 id="routing-agents-title">Agents: skills, languages and capacity</h2>
        {roster.canEdit ? null : (
          <p className="muted small" id="agents-read-only">
            Read-only: only admins change agents’ skills, languages, capacity and roles (each change is audited). Ask an
            admin, or sign in as one.
          </p>
        )}
        <table aria-describedby={roster.canEdit ? undefined : 'agents-read-only'}>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Role</th>
              <th scope="col">Presence</th>
              <th scope="col">Skills</th>
              <th scope="col">Languages</th>
              <th scope="col">Capacity per channel</th>
              {roster.canEdit ? (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {roster.agents.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.name}</th>
                <td>{a.role}</td>
                <td>{presenceLabels[a.presence]}</td>
                <td>{formatSkills(a.skills) || 'none'}</td>
                <td>{a.languages.join(', ') || 'none'}</td>
                <td>
                  {Object.entries(a.capacity)
                    .map(([c, n]) => `${c} ${n}`)
                    .join(', ') || 'none'}
                </td>
                {roster.canEdit ? (
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-label={`Edit ${a.name}`}
                      onClick={() => {
                        setStatus(null);
                        setEditing({ kind: 'agent', id: a.id });
                      }}
                    >
                      Edit
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {editedAgent ? (
        <AgentEditor
          key={editedAgent.id}
          token={token}
          agent={editedAgent}
          onSaved={() => saved(`Saved: ${editedAgent.name}. Waiting customers they now fit are offered at once.`)}
          onCancel={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}
