import type { TransferTargets } from '@baton/contracts';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { presenceLabels } from '../realtime/presence.ts';

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
  const id = useId();
  const [agentId, setAgentId] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    onLoad().catch(() => undefined);
  }, [onLoad]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!agentId) return;
    setBusy(true);
    onStart(agentId, note).then(
      () => setBusy(false),
      () => setBusy(false),
    );
  };

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
      <label htmlFor={`${id}-note`}>Note for them (optional)</label>
      <textarea
        id={`${id}-note`}
        rows={2}
        maxLength={1000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder="What you need help with."
      />
      <div className="action-buttons">
        <button type="submit" className="primary" disabled={!agentId || busy}>
          {busy ? 'Asking…' : 'Start consult'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
