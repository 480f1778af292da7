/**
 * Small descriptive statistics for analytics: nearest-rank percentiles and fixed-bucket histograms.
 * Nearest rank (the value at position ceil(p/100 · n) of the sorted sample) is used because it always
 * returns a value that was observed, so a figure can be checked against the records it came from.
 */

/** Upper bounds (seconds, inclusive) of the wait and handle-time histograms; a last bucket catches the rest. */
export const DEFAULT_BUCKETS_SECONDS: readonly number[] = [10, 20, 30, 60, 120, 300, 600, 1800];

export interface HistogramBucket {
  /** Inclusive upper bound in seconds; null for the overflow bucket (+Inf). */
  le: number | null;
  count: number;
}

/** Count, mean, nearest-rank percentiles and a histogram of a sample of durations in seconds. */
export interface Distribution {
  count: number;
  /** Null when the sample is empty (also for every percentile). */
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  buckets: HistogramBucket[];
}

/** Nearest-rank percentile of an ascending sample; null when empty. */
export const percentile = (sorted: readonly number[], p: number): number | null => {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
};

/** Counts per bucket: each value goes to the first bound it does not exceed. */
export const histogram = (values: readonly number[], bounds: readonly number[]): HistogramBucket[] => {
  const buckets: HistogramBucket[] = [...bounds.map((le) => ({ le, count: 0 })), { le: null, count: 0 }];
  for (const v of values) {
    const i = bounds.findIndex((b) => v <= b);
    const bucket = buckets[i === -1 ? bounds.length : i];
    if (bucket !== undefined) bucket.count += 1;
  }
  return buckets;
};

/** Summarises a sample of seconds. O(n log n). */
export const distribution = (
  values: readonly number[],
  bounds: readonly number[] = DEFAULT_BUCKETS_SECONDS,
): Distribution => {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    mean: sorted.length === 0 ? null : sum / sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? null,
    buckets: histogram(sorted, bounds),
  };
};

/** `part / whole`, or null when there is nothing to divide by. */
export const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
