import { detectPii } from './detect.ts';
import { DEFAULT_PLACEHOLDERS, type PiiSpan, type RedactionPolicy } from './types.ts';

/** Replaces the given spans (non-overlapping) with their placeholders. */
export const applyRedaction = (text: string, spans: readonly PiiSpan[], policy: RedactionPolicy = {}): string => {
  const types = policy.types === undefined ? null : new Set(policy.types);
  const minScore = policy.minScore ?? 0.5;
  let out = '';
  let last = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < last || s.score < minScore || (types !== null && !types.has(s.type))) continue;
    out += text.slice(last, s.start) + (policy.placeholders?.[s.type] ?? DEFAULT_PLACEHOLDERS[s.type]);
    last = s.end;
  }
  return out + text.slice(last);
};

/**
 * Detects and redacts personal data in one step: `redact("mail me at a@b.co", {})` → `"mail me at [EMAIL]"`.
 * Types outside `policy.types` stay as written.
 */
export const redact = (text: string, policy: RedactionPolicy = {}): string =>
  applyRedaction(text, detectPii(text, { minScore: policy.minScore ?? 0.5 }), policy);
