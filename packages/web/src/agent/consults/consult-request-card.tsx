import { useState } from 'react';
import type { WorkspaceConsult } from './consult-state.ts';

/**
 * A consult in the colleague's sidebar: a request with Accept / Decline (it takes none of their chat
 * capacity), or an active consult to open.
 */
export function ConsultCard({
  entry,
  selected,
  onAccept,
  onDecline,
  onOpen,
}: {
  entry: WorkspaceConsult;
  selected: boolean;
  onAccept: (consultId: string) => Promise<void>;
  onDecline: (consultId: string) => Promise<void>;
  onOpen: (consultId: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const { consult } = entry;
  const answer = (action: (consultId: string) => Promise<void>) => {
    setBusy(true);
    action(consult.id).then(
      () => setBusy(false),
      () => setBusy(false),
    );
  };
  const title = `${consult.owner.name} asks for help${consult.customerName ? ` with ${consult.customerName}` : ''}`;

  if (consult.status === 'active') {
    return (
      <button
        type="button"
        className={`conversation-item consult-item${selected ? ' selected' : ''}`}
        aria-current={selected ? 'true' : undefined}
        onClick={() => onOpen(consult.id)}
      >
        <span className="item-top">
          <span className="item-name">{consult.customerName ?? 'Customer'}</span>
          <span className="pill pill-internal">Consult</span>
        </span>
        <span className="item-last muted">With {consult.owner.name}</span>
      </button>
    );
  }
  return (
    <article className="offer-card consult-request" aria-labelledby={`consult-${consult.id}`}>
      <header className="offer-head">
        <h3 id={`consult-${consult.id}`}>{title}</h3>
        <span className="pill pill-internal">Consult</span>
      </header>
      {consult.note ? <p className="offer-reason">{consult.note}</p> : null}
      <p className="muted small">Does not use one of your chat slots unless it becomes a transfer.</p>
      <div className="offer-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => answer(onAccept)}>
          Accept consult
        </button>
        <button type="button" disabled={busy} onClick={() => answer(onDecline)}>
          Decline
        </button>
      </div>
    </article>
  );
}
