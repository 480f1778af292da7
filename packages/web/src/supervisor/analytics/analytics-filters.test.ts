import { describe, expect, it } from 'vitest';
import {
  apiQuery,
  DEFAULT_FILTERS,
  filtersFromSearch,
  filtersToSearch,
  withoutDashboard,
} from './analytics-filters.ts';

describe('dashboard filters in the query string', () => {
  it('round-trips a custom range and filters, keeping parameters that are not the dashboard’s', () => {
    const f = filtersFromSearch(
      '?tab=analytics&from=2026-03-02T08:00:00Z&to=2026-03-03T08:00:00.000Z&channel=voice&queue=q_vip&x=1',
    );
    expect(f).toEqual({
      range: 'custom',
      from: '2026-03-02T08:00:00.000Z',
      to: '2026-03-03T08:00:00.000Z',
      select: { channel: 'voice', queue: 'q_vip' },
    });
    const search = filtersToSearch(f, '?x=1&channel=chat');
    expect(new URLSearchParams(search).get('x')).toBe('1');
    expect(filtersFromSearch(search)).toEqual(f);
    expect(withoutDashboard(search)).toBe('?x=1');
  });

  it('falls back to the default for unknown ranges, channels and inverted bounds', () => {
    expect(filtersFromSearch('?range=forever&channel=fax')).toEqual(DEFAULT_FILTERS);
    expect(filtersFromSearch('?from=2026-03-03T00:00:00Z&to=2026-03-02T00:00:00Z&range=7d')).toEqual({
      ...DEFAULT_FILTERS,
      range: '7d',
    });
  });

  it('asks the API for the preset range ending now, with or without the filters', () => {
    const now = new Date('2026-03-10T12:00:00.000Z');
    const f = { ...DEFAULT_FILTERS, range: '7d' as const, select: { reason: 'frustration', agent: 'agt_bob' } };
    const q = new URLSearchParams(apiQuery(f, now));
    expect(Object.fromEntries(q)).toEqual({
      from: '2026-03-03T12:00:00.000Z',
      to: '2026-03-10T12:00:00.000Z',
      agent: 'agt_bob',
      reason: 'frustration',
    });
    expect([...new URLSearchParams(apiQuery(f, now, false)).keys()]).toEqual(['from', 'to']);
  });
});
