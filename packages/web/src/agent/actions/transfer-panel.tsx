import type { TransferTargets } from '@baton/contracts';
import { useState } from 'react';
import { presenceLabels } from '../realtime/presence.ts';
import type { TransferTarget } from '../realtime/use-agent-workspace.ts';
import { ActionPanelFoot, useActionPanel } from './action-panel.tsx';

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
  const { id, note, setNote, busy, submitWith } = useActionPanel(onLoad);
  const [choice, setChoice] = useState('');
  const submit = submitWith(() => {
    const [kind, value] = choice.split(':', 2);
    if (!value) return undefined;
    const target: TransferTarget =
      kind === 'agent' ? { kind: 'agent', agentId: value } : { kind: 'queue', queueId: value };
    return onTransfer(target, note);
  });

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
      <ActionPanelFoot
        id={id}
        note={note}
        onNote={setNote}
        noteLabel="Note for the next person (optional)"
        notePlaceholder="What they should know; the transcript and context go with it."
        submitLabel="Transfer now"
        busyLabel="Transferring…"
        canSubmit={choice !== ''}
        busy={busy}
        onCancel={onCancel}
      />
    </form>
  );
}
