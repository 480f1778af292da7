import { useEffect, useId, useState, type FormEvent } from 'react';

/**
 * What the transfer and consult panels share: the colleague list loads when the panel opens, a note for the
 * next person, and a submit that stays disabled while the server answers.
 */
export function useActionPanel(onLoad: () => Promise<void>) {
  const id = useId();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    onLoad().catch(() => undefined);
  }, [onLoad]);
  /** A form submit handler that runs `act` (when it returns a promise) with the panel busy meanwhile. */
  const submitWith = (act: () => Promise<void> | undefined) => (event: FormEvent) => {
    event.preventDefault();
    const running = act();
    if (running === undefined) return;
    setBusy(true);
    running.then(
      () => setBusy(false),
      () => setBusy(false),
    );
  };
  return { id, note, setNote, busy, submitWith };
}

/** The optional note and the submit / cancel buttons at the foot of an action panel. */
export function ActionPanelFoot({
  id,
  note,
  onNote,
  noteLabel,
  notePlaceholder,
  submitLabel,
  busyLabel,
  canSubmit,
  busy,
  onCancel,
}: {
  id: string;
  note: string;
  onNote: (note: string) => void;
  noteLabel: string;
  notePlaceholder: string;
  submitLabel: string;
  busyLabel: string;
  canSubmit: boolean;
  busy: boolean;
  onCancel: () => void;
}) {
  return (
    <>
      <label htmlFor={`${id}-note`}>{noteLabel}</label>
      <textarea
        id={`${id}-note`}
        rows={2}
        maxLength={1000}
        value={note}
        onChange={(e) => onNote(e.target.value)}
        placeholder={notePlaceholder}
      />
      <div className="action-buttons">
        <button type="submit" className="primary" disabled={!canSubmit || busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
