import type { ReactNode } from 'react';

/** The DOM id of a form field from its key (`escalation.0.skills` → `queue-escalation-0-skills`). */
export const fieldId = (form: string, key: string): string => `${form}-${key.replace(/\./g, '-')}`;

/**
 * One labelled text or number input with its hint and its error (client-side or the server's) right under it,
 * tied to the input by `aria-describedby` so a screen reader reads them with the field.
 */
export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  inputMode,
  placeholder,
  disabled,
  width,
}: {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  inputMode?: 'numeric' | 'decimal' | 'text';
  placeholder?: string;
  disabled?: boolean;
  width?: 'narrow' | 'wide';
}) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter((x) => x !== null).join(' ');
  return (
    <div className={`field${width ? ` field-${width}` : ''}${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={value}
        inputMode={inputMode}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={described === '' ? undefined : described}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Moves focus to the first field with an error, so a keyboard user lands where the fix is needed. */
export function focusFirstError(form: string, keys: string[]): void {
  const first = keys.find((k) => k !== '_form');
  if (first === undefined) return;
  window.setTimeout(() => document.getElementById(fieldId(form, first))?.focus(), 0);
}
