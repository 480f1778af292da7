import { useNow } from '../shared/use-now.ts';

/** Seconds left until `expiresAt`, with a bar that empties; the offer moves on when it reaches zero (R5). */
export function Countdown({ createdAt, expiresAt }: { createdAt: string; expiresAt: string }) {
  const now = useNow(250);
  const end = Date.parse(expiresAt);
  const total = Math.max(1, end - Date.parse(createdAt));
  const left = Math.max(0, end - now);
  const seconds = Math.ceil(left / 1000);
  return (
    <div className={`countdown${seconds <= 5 ? ' urgent' : ''}`}>
      <span className="countdown-text" aria-live="off">
        {seconds > 0 ? `${seconds}s to answer` : 'Expiring…'}
      </span>
      <div className="countdown-track" aria-hidden="true">
        <div className="countdown-fill" style={{ width: `${(left / total) * 100}%` }} />
      </div>
    </div>
  );
}
