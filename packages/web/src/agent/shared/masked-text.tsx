import { Fragment } from 'react';

/**
 * The placeholders the server writes for personal data a reader's role may not see (P3; `DEFAULT_PLACEHOLDERS`
 * in @baton/core): the short label shown in the chip and what a screen reader says.
 */
const PLACEHOLDERS: Record<string, { label: string; spoken: string }> = {
  '[CARD]': { label: 'card', spoken: 'card number hidden' },
  '[NATIONAL_ID]': { label: 'national id', spoken: 'national ID number hidden' },
  '[IBAN]': { label: 'IBAN', spoken: 'bank account number hidden' },
  '[EMAIL]': { label: 'e-mail', spoken: 'e-mail address hidden' },
  '[PHONE]': { label: 'phone', spoken: 'phone number hidden' },
  '[NAME]': { label: 'name', spoken: 'name hidden' },
  '[ADDRESS]': { label: 'address', spoken: 'address hidden' },
  '[DOB]': { label: 'date of birth', spoken: 'date of birth hidden' },
  '[IP]': { label: 'IP', spoken: 'IP address hidden' },
};

const PATTERN = /\[(?:CARD|NATIONAL_ID|IBAN|EMAIL|PHONE|NAME|ADDRESS|DOB|IP)\]/g;

/** One piece of a text: as written, or a hidden value's placeholder. */
export type TextPart = { text: string } | { hidden: string; label: string; spoken: string };

/** Splits `text` at the placeholders of hidden personal data, in order. */
export function splitPlaceholders(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(PATTERN)) {
    const known = PLACEHOLDERS[m[0]];
    if (known === undefined) continue;
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ hidden: m[0], ...known });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/**
 * Text with hidden personal data shown as muted chips ("card") that a screen reader announces as "card number
 * hidden", so the agent understands something was there and that the policy hides it.
 */
export function MaskedText({ text }: { text: string }) {
  if (!text.includes('[')) return <>{text}</>;
  return (
    <>
      {splitPlaceholders(text).map((p, i) =>
        'hidden' in p ? (
          <span
            key={i}
            className="pii-chip"
            role="img"
            aria-label={p.spoken}
            title={`${p.spoken} by the privacy policy`}
          >
            {p.label}
          </span>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}
