import type { ConsultView } from '@baton/contracts';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { formatClock } from '../shared/format-time.ts';

/** Same limit as the contracts' `limits.turnText`. */
const MAX_TEXT = 4000;

const CLOSED_TEXT: Record<NonNullable<ConsultView['endReason']>, (c: ConsultView) => string> = {
  declined: (c) => `${c.colleague.name} declined the consult.`,
  ended_by_owner: (c) => `${c.owner.name} ended the consult.`,
  left_by_colleague: (c) => `${c.colleague.name} left the consult.`,
  conversation_moved: () => 'The consult ended with the conversation.',
  transferred: (c) => `${c.owner.name} transferred the conversation to ${c.colleague.name}.`,
};

/** What each side of a consult can do from the thread. */
export interface ConsultThreadActions {
  onSend: (text: string) => Promise<void>;
  onEnd: () => Promise<void>;
  /** Owner only: complete as a warm transfer. */
  onTransfer?: () => Promise<void>;
}

/**
 * The private side thread of a consult (R9), visibly not part of the customer conversation: its own boxed,
 * dashed panel, labelled "Internal — the customer does not see this", with its own message box. The owner
 * can transfer to the colleague or end the consult; the colleague can leave it.
 */
export function ConsultThread({
  consult,
  me,
  actions,
}: {
  consult: ConsultView;
  me: string;
  actions: ConsultThreadActions | null;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<'transfer' | 'end' | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const isOwner = consult.owner.id === me;
  const other = isOwner ? consult.colleague : consult.owner;
  const active = consult.status === 'active';
  const open = active || consult.status === 'requested';
  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [consult.messages.length]);

  const act = (what: 'transfer' | 'end', action: (() => Promise<void>) | undefined) => {
    if (!action) return;
    setBusy(what);
    action().then(
      () => setBusy(null),
      () => setBusy(null),
    );
  };
  const send = () => {
    const trimmed = text.trim();
    if (!trimmed || !actions) return;
    actions.onSend(trimmed).then(
      () => setText(''),
      () => undefined,
    );
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <section className="consult-thread" aria-labelledby={`${id}-title`} data-testid="consult-thread">
      <header className="consult-head">
        <h3 id={`${id}-title`}>
          {isOwner ? `Consult with ${other.name}` : `Consult for ${other.name}`}
          {consult.customerName ? <span className="muted small"> · {consult.customerName}</span> : null}
        </h3>
        <span className={`pill consult-status-${consult.status}`}>
          {consult.status === 'requested' ? 'Waiting for answer' : consult.status === 'active' ? 'Live' : 'Ended'}
        </span>
      </header>
      <p className="internal-label" role="note">
        Internal — the customer does not see this
      </p>
      {consult.note ? (
        <p className="consult-note">
          <span className="label">Note from {consult.owner.name}</span> {consult.note}
        </p>
      ) : null}
      <ol className="consult-messages" aria-label="Internal messages" aria-live="polite" ref={listRef} tabIndex={0}>
        {consult.messages.length === 0 ? (
          <li className="muted small">
            {consult.status === 'requested' ? `Waiting for ${consult.colleague.name} to accept…` : 'No messages yet.'}
          </li>
        ) : null}
        {consult.messages.map((m) => (
          <li key={m.id} className={`consult-message${m.authorId === me ? ' mine' : ''}`}>
            <span className="turn-meta">
              <span className="turn-author">{m.authorId === me ? 'You' : m.authorName}</span>
              <span className="muted small">{formatClock(m.createdAt)}</span>
            </span>
            <p>{m.text}</p>
          </li>
        ))}
      </ol>
      {!open && consult.endReason ? (
        <p className="muted small" role="status">
          {CLOSED_TEXT[consult.endReason](consult)}
        </p>
      ) : null}
      {active && actions ? (
        <form
          className="consult-composer"
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
        >
          <label htmlFor={`${id}-input`} className="sr-only">
            Internal message to {other.name}
          </label>
          <textarea
            id={`${id}-input`}
            rows={2}
            maxLength={MAX_TEXT}
            value={text}
            placeholder={`Internal message to ${other.name}. Enter to send`}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <button type="submit" disabled={!text.trim()}>
            Send internal
          </button>
        </form>
      ) : null}
      {open && actions ? (
        <div className="action-buttons">
          {isOwner && active && actions.onTransfer ? (
            <button
              type="button"
              className="primary"
              disabled={busy !== null}
              onClick={() => act('transfer', actions.onTransfer)}
            >
              {busy === 'transfer' ? 'Transferring…' : `Transfer to ${consult.colleague.name}`}
            </button>
          ) : null}
          <button type="button" disabled={busy !== null} onClick={() => act('end', actions.onEnd)}>
            {isOwner ? (active ? 'End consult' : 'Withdraw request') : 'Leave consult'}
          </button>
        </div>
      ) : null}
    </section>
  );
}
