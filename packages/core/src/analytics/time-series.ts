/**
 * Handoff analytics over time (N8 "by time"): the range cut into hour or day buckets, with per bucket the
 * conversations started, the handoffs created, how many of those connected or were abandoned, and the
 * median speed of answer of those that connected. Pure.
 *
 * Each row counts by the creation time of what it counts (a handoff by when it was triggered, not by when
 * its conversation started), so a chart shows when the load arrived. The range selects conversations by
 * their start, so a handoff of a conversation started just before `to` may itself be created at or after
 * `to`: it is counted in the last bucket, and the rows always add up to the summary's totals.
 */
import type { HandoffFact } from './facts.ts';
import { percentile } from './stats.ts';

/** Up to this range (inclusive) the series is hourly; beyond it, daily. */
export const HOURLY_UP_TO_MS = 48 * 3_600_000;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export type TimeBucket = 'hour' | 'day';

export interface TimeSeriesRow {
  /** ISO-8601 start of the bucket (UTC hour or UTC midnight); the first bucket may start before `from`. */
  start: string;
  conversations: number;
  handoffs: number;
  /** Handoffs created in the bucket that an agent accepted (at any time). */
  connected: number;
  /** Handoffs created in the bucket that the customer abandoned. */
  abandoned: number;
  /** Nearest-rank median wait of the bucket's connected handoffs, seconds; null when none connected. */
  medianSpeedOfAnswer: number | null;
}

export interface TimeSeries {
  bucket: TimeBucket;
  rows: TimeSeriesRow[];
}

/** Hourly buckets for ranges up to 48 h, daily ones beyond. */
export const bucketFor = (from: Date, to: Date): TimeBucket =>
  to.getTime() - from.getTime() <= HOURLY_UP_TO_MS ? 'hour' : 'day';

/**
 * The series of the range [from, to) with one row per bucket (empty buckets included, so a chart's x axis
 * is the range itself). `conversationStarts` are the start times of the range's (filtered) conversations,
 * `handoffs` the matching handoff rows. O(n + buckets).
 */
export const timeSeries = (
  from: Date,
  to: Date,
  conversationStarts: readonly Date[],
  handoffs: readonly HandoffFact[],
): TimeSeries => {
  const bucket = bucketFor(from, to);
  const size = bucket === 'hour' ? HOUR_MS : DAY_MS;
  // UTC hours and UTC midnights: epoch milliseconds are multiples of both sizes at those instants.
  const first = Math.floor(from.getTime() / size) * size;
  const count = Math.max(1, Math.ceil((to.getTime() - first) / size));
  const indexOf = (d: Date): number => Math.min(count - 1, Math.max(0, Math.floor((d.getTime() - first) / size)));
  const rows = Array.from({ length: count }, (_, i) => ({
    start: new Date(first + i * size).toISOString(),
    conversations: 0,
    handoffs: 0,
    connected: 0,
    abandoned: 0,
    waits: [] as number[],
  }));
  for (const d of conversationStarts) {
    const row = rows[indexOf(d)];
    if (row !== undefined) row.conversations += 1;
  }
  for (const h of handoffs) {
    const row = rows[indexOf(h.createdAt)];
    if (row === undefined) continue;
    row.handoffs += 1;
    if (h.abandoned) row.abandoned += 1;
    if (h.waitSeconds !== null) {
      row.connected += 1;
      row.waits.push(h.waitSeconds);
    }
  }
  return {
    bucket,
    rows: rows.map(({ waits, ...row }) => ({
      ...row,
      medianSpeedOfAnswer: percentile(
        [...waits].sort((a, b) => a - b),
        50,
      ),
    })),
  };
};
