import type { PiiSpan } from '../privacy/types.ts';
import type { ContextEntity } from './types.ts';

const ORDER =
  /\b(?:order|ord|booking|reservation|invoice|ticket|case|ref(?:erence)?|tracking)(?:\s+(?:number|no\.?|id))?\s*(?:is|:)?\s*#?\s*([A-Z]{0,4}-?\d[A-Z0-9-]{3,19})\b/gi;
const HASH_ID = /(?<![\w&])#([A-Z]{0,4}\d{4,12})\b/g;
const AMOUNT =
  /(?:[$€£]\s?\d{1,3}(?:[,.]?\d{3})*(?:[.,]\d{1,2})?|\b\d+(?:[.,]\d{1,2})?\s?(?:usd|eur|gbp|dollars?|euros?|pounds?)\b)/gi;

/**
 * Business entities a person would note from one turn: order / booking / ticket numbers and money amounts,
 * plus the personal data found (as their placeholder when that type is redacted). Values are taken from the
 * text as written; spans that overlap PII of a redacted type are skipped.
 */
export const extractEntities = (
  text: string,
  turnSeq: number,
  pii: readonly PiiSpan[],
  redacted: (span: PiiSpan) => string | null,
): ContextEntity[] => {
  const out: ContextEntity[] = [];
  const inPii = (start: number, end: number): boolean =>
    pii.some((p) => p.start < end && start < p.end && redacted(p) !== null);
  const push = (type: string, value: string, start: number, end: number): void => {
    if (inPii(start, end) || out.some((e) => e.type === type && e.value === value)) return;
    out.push({ type, value, turnSeq });
  };
  for (const m of text.matchAll(ORDER)) {
    const id = m[1] ?? '';
    push('order_number', id, m.index + m[0].length - id.length, m.index + m[0].length);
  }
  for (const m of text.matchAll(HASH_ID)) push('order_number', m[1] ?? '', m.index, m.index + m[0].length);
  for (const m of text.matchAll(AMOUNT)) push('amount', m[0].trim(), m.index, m.index + m[0].length);
  for (const p of pii) out.push({ type: p.type, value: redacted(p) ?? p.value, turnSeq });
  return out;
};
