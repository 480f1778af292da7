import type { TransferTargets } from '@baton/contracts';
import { useState } from 'react';
import { presenceLabels } from '../realtime/presence.ts';
import { ActionPanelFoot, useActionPanel } from './action-panel.tsx';

/**
 * Starts a consult (R9): pick a colleague from the same list as transfer (with presence; offline colleagues
 * cannot be asked), add a short note, ask. The customer is not told anything until a warm transfer.
 */
export function ConsultPanel({
  targets,
  onLoad,
  onStart,
  onCancel,
}: {
  targets: TransferTargets | null;
  onLoad: () => Promise<void>;
  onStart: (agentId: string, note: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { id, note, setNote, busy, submitWith } = useActionPanel(onLoad);
  const [agentId, setAgentId] = useState('');
  const submit = submitWith(() => (agentId ? onStart(agentId, note) : undefined));

  return (
    <form className="action-panel consult-panel" onSubmit={submit} aria-label="Consult a colleague">
      <h3>Consult a colleague</h3>
      <p className="muted small">A private side thread with them; the customer keeps talking to you.</p>
      <label htmlFor={`${id}-agent`}>Colleague</label>
      <select id={`${id}-agent`} value={agentId} onChange={(e) => setAgentId(e.target.value)} required autoFocus>
        <option value="">{targets ? 'Choose a colleague…' : 'Loading…'}</option>
        {targets?.agents.map((a) => (
          <option key={a.id} value={a.id} disabled={a.presence === 'offline'}>
            {a.name} ({presenceLabels[a.presence]})
          </option>
        ))}
      </select>
      <ActionPanelFoot
        id={id}
        note={note}
        onNote={setNote}
        noteLabel="Note for them (optional)"
        notePlaceholder="What you need help with."
        submitLabel="Start consult"
        busyLabel="Asking…"
        canSubmit={agentId !== ''}
        busy={busy}
        onCancel={onCancel}
      />
    </form>
  );
}
