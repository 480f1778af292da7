/**
 * Retry timing for the SDK: exponential backoff with full jitter ("Exponential Backoff And Jitter",
 * AWS Architecture Blog, 2015), capped, and the server's `Retry-After` when it sends one (RFC 9110 §10.2.3).
 */

export interface RetryOptions {
  /** Attempts after the first one (default 4; 0 disables retries). */
  retries?: number;
  /** Delay scale of the first retry in ms (default 200). */
  baseDelayMs?: number;
  /** Upper bound of any one delay, Retry-After included (default 10 000). */
  maxDelayMs?: number;
}

export const defaultRetry: Required<RetryOptions> = { retries: 4, baseDelayMs: 200, maxDelayMs: 10_000 };

/** Full jitter: a uniform delay in [0, min(max, base · 2^attempt)). `attempt` counts from 0. */
export const backoffDelay = (attempt: number, opts: Required<RetryOptions>, random: () => number = Math.random) =>
  Math.floor(random() * Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** attempt));

/**
 * The delay a `Retry-After` header asks for, in ms: delta-seconds or an HTTP date. Null when absent or
 * unreadable. Never negative.
 */
export const parseRetryAfter = (value: string | null, nowMs: number): number | null => {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
};

/** Status codes worth retrying: rate limited, or the server (or a proxy in front of it) failed. */
export const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500;
