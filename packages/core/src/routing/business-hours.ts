import type { BusinessHours, Weekday } from './types.ts';

/**
 * Business hours in a queue's own time zone (R1, R10). Uses the runtime's IANA data through `Intl`; no clock of
 * its own: the instant is passed in. Daylight-saving gaps and overlaps follow `Intl`'s resolution of local time.
 */

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

const formatter = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
};

interface LocalTime {
  year: number;
  month: number;
  day: number;
  minutes: number;
  second: number;
}

const localTime = (timeZone: string, at: number): LocalTime => {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    minutes: (parts.hour ?? 0) * 60 + (parts.minute ?? 0),
    second: parts.second ?? 0,
  };
};

const offsetMs = (timeZone: string, at: number): number => {
  const l = localTime(timeZone, at);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, 0, l.minutes, l.second);
  return asUtc - Math.floor(at / 1000) * 1000;
};

/** The UTC instant of a local wall-clock time in `timeZone`. */
const localToUtc = (timeZone: string, year: number, month: number, day: number, minutes: number): number => {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  const first = guess - offsetMs(timeZone, guess);
  const second = guess - offsetMs(timeZone, first);
  return second;
};

const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

const isoDate = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

const weekdayOf = (y: number, m: number, d: number): Weekday =>
  WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? 'sun';

/** True when `at` falls inside an opening interval and not on a closed date. */
export const isOpen = (hours: BusinessHours, at: Date): boolean => {
  const l = localTime(hours.timeZone, at.getTime());
  if (hours.closedDates?.includes(isoDate(l.year, l.month, l.day)) === true) return false;
  const intervals = hours.weekly[weekdayOf(l.year, l.month, l.day)] ?? [];
  return intervals.some(([from, to]) => l.minutes >= toMinutes(from) && l.minutes < toMinutes(to));
};

/**
 * The next instant at or after `at` when the queue is open, looking up to 14 local days ahead; `at` itself when
 * open now; null when there is no opening in that window (e.g. an empty schedule).
 */
export const nextOpening = (hours: BusinessHours, at: Date): Date | null => {
  if (isOpen(hours, at)) return at;
  const l = localTime(hours.timeZone, at.getTime());
  for (let i = 0; i < 15; i++) {
    const day = new Date(Date.UTC(l.year, l.month - 1, l.day + i));
    const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    if (hours.closedDates?.includes(isoDate(y, m, d)) === true) continue;
    const starts = (hours.weekly[weekdayOf(y, m, d)] ?? []).map(([from]) => toMinutes(from)).sort((a, b) => a - b);
    for (const start of starts) {
      const t = localToUtc(hours.timeZone, y, m, d, start);
      if (t > at.getTime()) return new Date(t);
    }
  }
  return null;
};
