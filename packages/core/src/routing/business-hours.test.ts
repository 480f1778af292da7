import { describe, expect, it } from 'vitest';
import { isOpen, nextOpening } from './business-hours.ts';
import type { BusinessHours } from './types.ts';

const paris: BusinessHours = {
  timeZone: 'Europe/Paris',
  weekly: {
    mon: [
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ],
    tue: [['09:00', '18:00']],
    sat: [['10:00', '24:00']],
  },
  closedDates: ['2026-01-06'],
};

describe('business hours', () => {
  it.each([
    ['Monday 08:59 Paris (07:59Z)', '2026-01-05T07:59:00Z', false],
    ['Monday 09:00 Paris', '2026-01-05T08:00:00Z', true],
    ['Monday lunch', '2026-01-05T11:30:00Z', false],
    ['Monday 17:59 Paris', '2026-01-05T16:59:00Z', true],
    ['Monday 18:00 Paris (end exclusive)', '2026-01-05T17:00:00Z', false],
    ['Tuesday, a closed date', '2026-01-06T10:00:00Z', false],
    ['Saturday 23:30 Paris', '2026-01-10T22:30:00Z', true],
    ['Sunday', '2026-01-11T10:00:00Z', false],
    ['Monday 09:30 Paris in summer time (07:30Z)', '2026-07-06T07:30:00Z', true],
  ])('%s → open %s', (_name, at, open) => {
    expect(isOpen(paris, new Date(at))).toBe(open);
  });

  it('finds the next opening across lunch, closed dates and weekends, in the queue time zone', () => {
    expect(nextOpening(paris, new Date('2026-01-05T11:30:00Z'))?.toISOString()).toBe('2026-01-05T12:00:00.000Z');
    // Monday evening → Tuesday is closed → Saturday 10:00 Paris.
    expect(nextOpening(paris, new Date('2026-01-05T18:00:00Z'))?.toISOString()).toBe('2026-01-10T09:00:00.000Z');
    const open = new Date('2026-01-05T08:30:00Z');
    expect(nextOpening(paris, open)).toBe(open);
    expect(nextOpening({ timeZone: 'UTC', weekly: {} }, open)).toBeNull();
  });

  it('handles a zone west of UTC', () => {
    const ny: BusinessHours = { timeZone: 'America/New_York', weekly: { fri: [['20:00', '23:00']] } };
    expect(isOpen(ny, new Date('2026-01-10T02:00:00Z'))).toBe(true); // Friday 21:00 in New York
    expect(nextOpening(ny, new Date('2026-01-09T12:00:00Z'))?.toISOString()).toBe('2026-01-10T01:00:00.000Z');
  });
});
