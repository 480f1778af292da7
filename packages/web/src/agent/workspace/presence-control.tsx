import { useState } from 'react';
import { presenceLabels, selectablePresences, type Presence } from '../realtime/presence.ts';

/** Available / Away / Offline as a radio group; busy and wrap-up show as the current state. */
export function PresenceControl({
  presence,
  onChange,
}: {
  presence: Presence;
  onChange: (presence: Presence) => Promise<void>;
}) {
  const [pending, setPending] = useState<Presence | null>(null);
  const choose = (next: Presence) => {
    if (next === presence) return;
    setPending(next);
    onChange(next).then(
      () => setPending(null),
      () => setPending(null),
    );
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
              checked={presence === value}
              disabled={pending !== null}
              onChange={() => choose(value)}
            />
            <span className="dot" aria-hidden="true" />
            {label}
          </label>
        ))}
      </div>
      {serverSet ? <span className={`pill presence-${presence}`}>{presenceLabels[presence]}</span> : null}
    </div>
  );
}
