import { useLayoutEffect, useRef, useState } from 'react';
import type { Offer } from '../realtime/workspace-state.ts';
import { customerLabel } from '../shared/customer-label.ts';
import { TurnItem } from '../conversations/turn-item.tsx';
import { Countdown } from './countdown.tsx';

const PREVIEW_TURNS = 6;

/** An incoming offer (A2): why it was handed off, who the customer is, the latest turns, accept or reject. */
export function OfferCard({
  offer,
  onAccept,
  onReject,
}: {
  offer: Offer;
  onAccept: (reservationId: string, conversationId: string) => Promise<void>;
  onReject: (reservationId: string) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const previewRef = useRef<HTMLOListElement>(null);
  const { reservation, context } = offer;
  const customer = context.customer;
  const preview = context.transcript.slice(-PREVIEW_TURNS);
  // The latest turns say most about why the customer is here: keep the preview scrolled to the end.
  useLayoutEffect(() => {
    const list = previewRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [preview.length]);
  const answer = (action: (reservationId: string, conversationId: string) => Promise<void>) => {
    setBusy(true);
    action(reservation.id, reservation.conversationId).then(
      () => setBusy(false),
      () => setBusy(false),
    );
  };

  return (
    <article className="offer-card" aria-labelledby={`offer-${reservation.id}`} data-testid="offer-card">
      <header className="offer-head">
        <h3 id={`offer-${reservation.id}`}>Incoming: {customerLabel(customer)}</h3>
        <span className="pill">Priority {context.handoff.priority}</span>
      </header>
      <p className="offer-reason">
        <span className="label">Reason</span> {context.handoff.reason.agent}
      </p>
      {customer?.email ? <p className="muted small">{customer.email}</p> : null}
      <ol className="offer-preview" aria-label="Latest messages" ref={previewRef} tabIndex={0}>
        {preview.map((turn) => (
          <TurnItem key={turn.id} turn={turn} compact />
        ))}
      </ol>
      <Countdown createdAt={reservation.createdAt} expiresAt={reservation.expiresAt} />
      <div className="offer-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => answer(onAccept)}>
          Accept
        </button>
        <button type="button" disabled={busy} onClick={() => answer(onReject)}>
          Reject
        </button>
      </div>
    </article>
  );
}
