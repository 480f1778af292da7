/**
 * Parsing of the routing forms' text fields, with the message a supervisor reads next to the field. The bounds
 * are the server's (`packages/server/src/compliance/settings-schemas.ts`); the server still validates, and its
 * answer is shown next to the same field (`fieldErrorsFromServer`). Kept free of the DOM so the server's tests
 * can send exactly what this code builds.
 */

export type Channel = 'chat' | 'voice' | 'email' | 'sms';
export const CHANNELS: readonly Channel[] = ['chat', 'voice', 'email', 'sms'];

/** Errors by field key (`slaSeconds`, `weekly.mon`, `escalation.0.afterSeconds`, `_form` for the whole form). */
export type FieldErrors = Record<string, string>;

/** A parsed value, or the message to show. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A whole number within [min, max]; empty is an error unless `optional` (then undefined). */
export function parseWhole(raw: string, min: number, max: number): Parsed<number>;
export function parseWhole(raw: string, min: number, max: number, optional: true): Parsed<number | undefined>;
export function parseWhole(raw: string, min: number, max: number, optional = false): Parsed<number | undefined> {
  const text = raw.trim();
  if (text === '') return optional ? { ok: true, value: undefined } : { ok: false, error: 'Required.' };
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    return { ok: false, error: `Enter a whole number from ${min} to ${max}.` };
  }
  return { ok: true, value: n };
}

const SKILL = /^[A-Za-z0-9_.-]{1,60}$/;

/** "support:5, billing:3" → { support: 5, billing: 3 }. Empty text → {}. Levels are whole numbers 0–10. */
export function parseSkills(raw: string): Parsed<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const part of raw.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const m = /^([^:\s]+)\s*:\s*(\S+)$/.exec(part);
    if (!m || m[1] === undefined || m[2] === undefined) {
      return { ok: false, error: `"${part}": write skill:level, e.g. billing:5.` };
    }
    if (!SKILL.test(m[1])) {
      return { ok: false, error: `"${m[1]}": a skill is 1–60 letters, digits, _ . or -.` };
    }
    const level = Number(m[2]);
    if (!Number.isInteger(level) || level < 0 || level > 10) {
      return { ok: false, error: `"${part}": the level is a whole number from 0 to 10.` };
    }
    if (m[1] in out) return { ok: false, error: `"${m[1]}" is listed twice.` };
    out[m[1]] = level;
  }
  return { ok: true, value: out };
}

/** { support: 5 } → "support:5". */
export const formatSkills = (skills: Record<string, number>): string =>
  Object.entries(skills)
    .map(([k, v]) => `${k}:${v}`)
    .join(', ');

/** "en, fr-CA" → ["en", "fr-CA"]: language codes of 2–16 characters, at most 50, no repeats. */
export function parseLanguages(raw: string): Parsed<string[]> {
  const list = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const bad = list.find((l) => !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(l) || l.length > 16);
  if (bad !== undefined) return { ok: false, error: `"${bad}" is not a language code such as en or fr-CA.` };
  if (list.length > 50) return { ok: false, error: 'At most 50 languages.' };
  if (new Set(list).size !== list.length) return { ok: false, error: 'A language is listed twice.' };
  return { ok: true, value: list };
}

const HHMM = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** "09:00-12:30, 13:30-17:00" → [["09:00","12:30"], ["13:30","17:00"]]; empty → closed that day. */
export function parseIntervals(raw: string): Parsed<[string, string][]> {
  const out: [string, string][] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const m = /^(\S+)\s*[-–]\s*(\S+)$/.exec(part);
    const [from, to] = [m?.[1], m?.[2]];
    if (from === undefined || to === undefined || !HHMM.test(from) || !HHMM.test(to)) {
      return { ok: false, error: `"${part}": write HH:MM-HH:MM, e.g. 09:00-17:00.` };
    }
    if (from >= to) return { ok: false, error: `"${part}": the end must be after the start.` };
    out.push([from, to]);
  }
  if (out.length > 10) return { ok: false, error: 'At most 10 intervals a day.' };
  return { ok: true, value: out };
}

/** "2026-12-25, 2027-01-01" → dates (YYYY-MM-DD, real calendar days), at most 400. */
export function parseDates(raw: string): Parsed<string[]> {
  const list = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const bad = list.find(
    (d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d,
  );
  if (bad !== undefined) return { ok: false, error: `"${bad}" is not a date written YYYY-MM-DD.` };
  if (list.length > 400) return { ok: false, error: 'At most 400 closed dates.' };
  return { ok: true, value: list };
}

/** True when the browser (or Node) knows the IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0 && zone.length <= 64;
  } catch {
    return false;
  }
}

/**
 * The server's validation answer (`invalid_request`: details `[{ path: "/escalation/0/afterSeconds", message }]`)
 * as errors by field key. `group` maps a path's segments to the form's key; unknown paths go to `_form`.
 */
export function fieldErrorsFromDetails(details: unknown, group: (segments: string[]) => string | null): FieldErrors {
  const out: FieldErrors = {};
  if (!Array.isArray(details)) return out;
  for (const d of details as { path?: unknown; message?: unknown }[]) {
    const path = typeof d.path === 'string' ? d.path : '';
    const message = typeof d.message === 'string' ? d.message : 'Not accepted by the server.';
    const key = group(path.split('/').filter((s) => s !== '')) ?? '_form';
    out[key] = out[key] === undefined ? `Server: ${message}` : `${out[key]}; ${message}`;
  }
  return out;
}
