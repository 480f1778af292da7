import type { TransferTargets } from '@baton/contracts';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { presenceLabels } from '../realtime/presence.ts';
import type { TransferTarget } from '../realtime/use-agent-workspace.ts';

/**
 * Transfer with the context (R9): pick a queue or a colleague, add a note for them, confirm. The picker is a
 * native select (keyboard and screen readers work as everywhere else); targets load when the panel opens.
 */
export function TransferPanel({
  targets,
  onLoad,
  onTransfer,
  onCancel,
}: {
  targets: TransferTargets | null;
  onLoad: () => Promise<void>;
  onTransfer: (target: TransferTarget, note: string) => Promise<void>;
  onCancel: () => void;
}) {
  const id = useId();
  const [choice, setChoice] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    onLoad().catch(() => undefined);
  }, [onLoad]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [kind, value] = choice.split(':', 2);
    if (!value) return;
    const target: TransferTarget =
      kind === 'agent' ? { kind: 'agent', agentId: value } : { kind: 'queue', queueId: value };
    setBusy(true);
    onTransfer(target, note).then(
      () => setBusy(false),
      () => setBusy(false),
    );
  };

  return (
    <form className="action-panel" onSubmit={submit} aria-label="Transfer the conversation">
      <h3>Transfer</h3>
      <label htmlFor={`${id}-target`}>Transfer to</label>
      <select id={`${id}-target`} value={choice} onChange={(e) => setChoice(e.target.value)} required autoFocus>
        <option value="">{targets ? 'Choose a queue or a colleague…' : 'Loading…'}</option>
        {targets ? (
          <>
            <optgroup label="Queues">
              {targets.queues.map((q) => (
                <option key={q.id} value={`queue:${q.id}`}>
                  {q.name} queue
                </option>
              ))}
            </optgroup>
            <optgroup label="Colleagues">
              {targets.agents.map((a) => (
                <option key={a.id} value={`agent:${a.id}`}>
                  {a.name} ({presenceLabels[a.presence]})
                </option>
              ))}
            </optgroup>
          </>
        ) : null}
      </select>
      <label htmlFor={`${id}-note`}>Note for the next person (optional)</label>
      <textarea
        id={`${id}-note`}
        rows={2}
        maxLength={1000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder="What they should know; the transcript and context go with it."
      />
      <div className="action-buttons">
        <button type="submit" className="primary" disabled={!choice || busy}>
          {busy ? 'Transferring…' : 'Transfer now'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
