import type { PresenceReason } from '@baton/contracts';
import { useEffect, useState } from 'react';
import {
  formatCountdown,
  presenceLabels,
  presenceReasonLabel,
  presenceReasonOptions,
  selectablePresences,
  type Presence,
} from '../realtime/presence.ts';

/** Seconds of wrap-up left, ticking once a second while the agent is in wrap-up; null when not counting. */
function useWrapUpLeft(presence: Presence, since: string | null, wrapUpSeconds: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  const counting = presence === 'wrap_up' && since !== null && wrapUpSeconds !== null && wrapUpSeconds > 0;
  useEffect(() => {
    if (!counting) return undefined;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [counting]);
  if (!counting) return null;
  return (Date.parse(since) + wrapUpSeconds * 1000 - now) / 1000;
}

/**
 * Available / Away / Offline as a radio group, with a reason select beside Away (R2: break, lunch, …; sent with
 * away, shown on the supervisor floor). Busy shows as the current state; wrap-up shows "Wrap-up · 0:25" counting
 * down with a Ready button that makes the agent available at once.
 */
export function PresenceControl({
  presence,
  reason,
  since,
  wrapUpSeconds,
  onChange,
}: {
  presence: Presence;
  reason: string | null;
  since: string | null;
  wrapUpSeconds: number | null;
  onChange: (presence: Presence, reason?: PresenceReason) => Promise<void>;
}) {
  const [pending, setPending] = useState<Presence | null>(null);
  // The reason the next Away carries; follows the server's when it is one the agent can pick.
  const [awayReason, setAwayReason] = useState<PresenceReason | ''>('');
  useEffect(() => {
    const known = presenceReasonOptions.find((o) => o.value === reason);
    if (presence === 'away') setAwayReason(known?.value ?? '');
  }, [presence, reason]);
  const left = useWrapUpLeft(presence, since, wrapUpSeconds);

  const send = (next: Presence, why?: PresenceReason) => {
    setPending(next);
    onChange(next, why).then(
      () => setPending(null),
      () => setPending(null),
    );
  };
  const choose = (next: Presence) => {
    if (next === presence) return;
    send(next, next === 'away' && awayReason !== '' ? awayReason : undefined);
  };
  const chooseReason = (value: string) => {
    const picked = presenceReasonOptions.find((o) => o.value === value)?.value;
    setAwayReason(picked ?? '');
    // Already away: the new reason is sent at once so the floor shows it; otherwise it goes with the next Away.
    if (presence === 'away') send('away', picked);
  };
  const serverSet = !selectablePresences.some((p) => p.value === presence);
  return (
    <div className="presence">
      <div role="radiogroup" aria-label="Presence" className="segmented">
        {selectablePresences.map(({ value, label }) => (
          <label key={value} className={`segment presence-${value}${presence === value ? ' active' : ''}`}>
            <input
              type="radio"
              name="presence"
              value={value}
              // Optimistic: the choice shows at once and the server's presence takes over when it answers.
              checked={(pending ?? presence) === value}
              disabled={pending !== null}
              onChange={() => choose(value)}
            />
            <span className="dot" aria-hidden="true" />
            {label}
          </label>
        ))}
      </div>
      <label className="presence-reason">
        <span className="sr-only">Reason for being away</span>
        <select
          value={awayReason}
          disabled={pending !== null}
          onChange={(e) => chooseReason(e.target.value)}
          title="Reason for being away"
        >
          <option value="">No reason</option>
          {presenceReasonOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      {presence === 'wrap_up' ? (
        <span className="wrap-up-status">
          <span className="pill presence-wrap_up">
            {presenceLabels.wrap_up}
            {left === null ? null : ` · ${formatCountdown(left)}`}
          </span>
          <button type="button" disabled={pending !== null} onClick={() => send('available')}>
            Ready
          </button>
        </span>
      ) : serverSet ? (
        <span className={`pill presence-${presence}`}>
          {presenceLabels[presence]}
          {reason ? ` · ${presenceReasonLabel(reason)}` : null}
        </span>
      ) : null}
    </div>
  );
}
