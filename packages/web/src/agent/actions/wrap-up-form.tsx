import type { WrapUpDispositionView } from '@baton/contracts';
import { useId, useState, type FormEvent } from 'react';

const DISPOSITIONS: { value: WrapUpDispositionView; label: string }[] = [
  { value: 'resolved', label: 'Resolved' },
  { value: 'follow_up', label: 'Needs follow-up' },
  { value: 'transferred', label: 'Transferred' },
  { value: 'handed_back', label: 'Handed back to the assistant' },
  { value: 'no_resolution', label: 'Not resolved' },
  { value: 'other', label: 'Other' },
];

/**
 * The wrap-up after a handoff ends (A6): disposition, notes, and "was this handoff needed?" (N7), which
 * tells the policy owners where the assistant could have kept the conversation.
 */
export function WrapUpForm({
  initial,
  onSubmit,
}: {
  initial: WrapUpDispositionView;
  onSubmit: (wrapUp: { disposition: WrapUpDispositionView; notes: string; handoffNeeded: boolean }) => Promise<void>;
}) {
  const id = useId();
  const [disposition, setDisposition] = useState<WrapUpDispositionView>(initial);
  const [notes, setNotes] = useState('');
  const [needed, setNeeded] = useState<'yes' | 'no' | ''>('');
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (needed === '') return;
    setBusy(true);
    onSubmit({ disposition, notes: notes.trim(), handoffNeeded: needed === 'yes' }).then(
      () => setBusy(false),
      () => setBusy(false),
    );
  };

  return (
    <form className="action-panel wrap-up" onSubmit={submit} aria-label="Wrap-up">
      <h3>Wrap-up</h3>
      <label htmlFor={`${id}-disposition`}>Disposition</label>
      <select
        id={`${id}-disposition`}
        value={disposition}
        onChange={(e) => setDisposition(e.target.value as WrapUpDispositionView)}
      >
        {DISPOSITIONS.map((d) => (
          <option key={d.value} value={d.value}>
            {d.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-notes`}>Notes</label>
      <textarea
        id={`${id}-notes`}
        rows={3}
        maxLength={4000}
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
        placeholder="What was done, what is promised, what to check next time."
      />
      <fieldset className="needed">
        <legend>Was this handoff needed?</legend>
        <label>
          <input
            type="radio"
            name={`${id}-needed`}
            value="yes"
            checked={needed === 'yes'}
            onChange={() => setNeeded('yes')}
            required
          />
          Yes, it needed a person
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-needed`}
            value="no"
            checked={needed === 'no'}
            onChange={() => setNeeded('no')}
          />
          No, the assistant could have handled it
        </label>
      </fieldset>
      <div className="action-buttons">
        <button type="submit" className="primary" disabled={busy || needed === ''}>
          {busy ? 'Saving…' : 'Save wrap-up'}
        </button>
      </div>
    </form>
  );
}
