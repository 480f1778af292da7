import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { ibanValid, luhnValid, ssnValid } from './checksums.ts';
import type { PiiSpan, PiiType } from './types.ts';

/**
 * Detectors for personal data with a fixed shape: e-mail, card (Luhn), IBAN (mod-97), national ids (US SSN,
 * UK NINO, driver's licence / passport / id numbers after a cue), IP v4/v6, phone numbers, dates of birth.
 * Each is a regular expression plus a validity check and context cues; scores say how sure the shape is.
 */

const span = (text: string, type: PiiType, start: number, end: number, score: number): PiiSpan => ({
  type,
  start,
  end,
  value: text.slice(start, end),
  score,
});

/** Lower-cased text of up to `n` characters before `i`, for cue words. */
const before = (text: string, i: number, n = 40): string => text.slice(Math.max(0, i - n), i).toLowerCase();
const after = (text: string, i: number, n = 20): string => text.slice(i, i + n).toLowerCase();
const digitsOf = (s: string): string => s.replace(/\D/g, '');

const EMAIL = /[\p{L}\p{N}._%+!#$&'*/=?^`{|}~-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

export const detectEmails = (text: string): PiiSpan[] =>
  [...text.matchAll(EMAIL)].map((m) => span(text, 'EMAIL', m.index, m.index + m[0].length, 0.99));

const CARD = /(?<![\d-])(?:\d[ -]?){11,18}\d(?![\d-])/g;
/** Issuer prefixes of the major networks (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay, Maestro). */
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5|4[4-9]|2)|3(?:0[0-5]|6|8|9)|35|2131|1800|5[06-9]|6)/;
const CARD_CUE = /\b(?:card|visa|mastercard|amex|credit|debit|cc)\b/;

export const detectCards = (text: string): PiiSpan[] => {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(CARD)) {
    const digits = digitsOf(m[0]);
    const cue = CARD_CUE.test(before(text, m.index));
    // 12-digit Maestro numbers exist, but without a cue twelve digits are more often something else
    if (digits.length < (cue ? 12 : 13) || digits.length > 19 || !luhnValid(digits)) continue;
    let score = CARD_PREFIX.test(digits) ? 0.85 : 0.6;
    if (cue) score = Math.min(0.99, score + 0.1);
    out.push(span(text, 'CREDIT_CARD', m.index, m.index + m[0].length, score));
  }
  return out;
};

const IBAN = /\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}\b/g;

export const detectIbans = (text: string): PiiSpan[] => {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(IBAN)) {
    // A trailing word separated by a space may have been swallowed: shrink until the checksum holds.
    let value = m[0];
    while (value.length >= 15 && !ibanValid(value)) {
      const cut = value.lastIndexOf(' ');
      if (cut < 0) break;
      value = value.slice(0, cut);
    }
    if (ibanValid(value)) out.push(span(text, 'IBAN', m.index, m.index + value.length, 0.99));
  }
  return out;
};

const SSN = /(?<![\d-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\d-])/g;
const SSN_CUE = /\b(?:ssn|social security|social insurance|sin|tax id|taxpayer)\b/;
const NINO = /\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g;
/** A cue for an identity document number, then the number itself (letters and digits, at least 5 digits). */
const ID_CUE =
  /\b(?:driver'?s? licen[cs]e|licen[cs]e (?:number|no\.?|#)|passport|national id(?:entity)?|id (?:number|no\.?|card)|identity (?:card|number)|personal number|dni|nie|bsn|steuer-?id|codice fiscale|personnummer|pesel)\b(?:[^\d\n]{0,25}?)((?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{4,19})\b/gi;

export const detectNationalIds = (text: string): PiiSpan[] => {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(SSN)) {
    const digits = `${m[1] ?? ''}${m[3] ?? ''}${m[4] ?? ''}`;
    if (!ssnValid(digits)) continue;
    const cue = SSN_CUE.test(before(text, m.index));
    const dashed = m[2] === '-';
    if (!cue && !dashed) continue;
    out.push(span(text, 'NATIONAL_ID', m.index, m.index + m[0].length, cue ? 0.95 : 0.8));
  }
  for (const m of text.matchAll(NINO)) out.push(span(text, 'NATIONAL_ID', m.index, m.index + m[0].length, 0.75));
  for (const m of text.matchAll(ID_CUE)) {
    const id = m[1] ?? '';
    if (digitsOf(id).length < 5) continue;
    const start = m.index + m[0].length - id.length;
    out.push(span(text, 'NATIONAL_ID', start, start + id.length, 0.9));
  }
  return out;
};

const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]*\d)/g;
const IPV6 = /(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi;

const ipv6Valid = (s: string): boolean => {
  const doubles = s.split('::').length - 1;
  if (doubles > 1) return false;
  const groups = s.split(':');
  if (groups.some((g) => g.length > 4)) return false;
  const filled = groups.filter((g) => g !== '').length;
  return doubles === 1 ? filled <= 7 && filled >= 1 : groups.length === 8 && filled === 8;
};

export const detectIps = (text: string): PiiSpan[] => {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(IPV4)) out.push(span(text, 'IP_ADDRESS', m.index, m.index + m[0].length, 0.9));
  for (const m of text.matchAll(IPV6)) {
    // "12:30:45" is a time, not an address: require a hex letter or at least four groups.
    if (!ipv6Valid(m[0]) || (!/[a-f]/i.test(m[0]) && m[0].split(':').length < 5)) continue;
    out.push(span(text, 'IP_ADDRESS', m.index, m.index + m[0].length, 0.9));
  }
  return out;
};

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE = new RegExp(
  [
    String.raw`\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b`,
    String.raw`\b\d{4}-\d{2}-\d{2}\b`,
    String.raw`\b(?:${MONTHS})\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}\b`,
    String.raw`\b\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:${MONTHS})\.?,? \d{4}\b`,
  ].join('|'),
  'gi',
);
const DOB_CUE = /\b(?:born|birth|birthday|dob|d\.o\.b\.?|date of birth|birthdate|geboren|né|née)\b/;

export const detectDatesOfBirth = (text: string): PiiSpan[] => {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(DATE)) {
    if (!DOB_CUE.test(before(text, m.index, 45))) continue;
    out.push(span(text, 'DATE_OF_BIRTH', m.index, m.index + m[0].length, 0.85));
  }
  return out;
};

/** Digits in groups joined by spaces, dots, dashes or brackets; an optional + or 00 country prefix. */
const PHONE = /(?<![\w+.-])(?:\+|00)?\(?\d[\d ().-]{4,22}\d(?![\d-]*\d)(?![.,]\d)/g;
const PHONE_CUE =
  /\b(?:phone|tel|telephone|mobile|cell|call|calling|ring|text|sms|whatsapp|fax|number|contact|reach|dial|messages? to|answering at|on my registered)\b/;
const ZIP_CUE = /\b(?:zip|zip code|postal code|post ?code)\b[\s:]*$/;
const PHONE_AFTER = /^[\s-]*(?:office|fax|mobile|cell|home|work|ext)\b/;

export const detectPhones = (text: string): PiiSpan[] => {
  const out: PiiSpan[] = [];
  if (digitsOf(text).length < 7) return out;
  for (const m of text.matchAll(PHONE)) {
    const raw = m[0].replace(/[\s(.-]+$/, '');
    const digits = digitsOf(raw);
    if (digits.length < 7 || digits.length > 15) continue;
    if (/^\d{4}-\d{2}-\d{2}/.test(raw) || /^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$/.test(raw)) continue;
    const grouped = /[\s().-]/.test(raw);
    const international = raw.startsWith('+') || raw.startsWith('00');
    const groups = raw.split(/[\s().-]+/).filter((g) => g !== '').length;
    // "17151 2450 Crown St" is a house number pair: two bare groups need a cue to be a phone
    let score = grouped ? (groups >= 3 ? 0.6 : 0.45) : 0.35;
    if (ZIP_CUE.test(before(text, m.index, 20))) continue;
    const cued = PHONE_CUE.test(before(text, m.index, 30)) || PHONE_AFTER.test(after(text, m.index + raw.length));
    if (international) {
      // libphonenumber's length rules per country; skipped when a cue already says "phone" (it is the slow part)
      const possible =
        cued || parsePhoneNumberFromString(raw.startsWith('00') ? `+${raw.slice(2)}` : raw)?.isPossible() === true;
      score = possible ? 0.95 : 0.6;
    }
    if (cued) score = Math.max(score, 0.85);
    out.push(span(text, 'PHONE', m.index, m.index + raw.length, score));
  }
  return out;
};
