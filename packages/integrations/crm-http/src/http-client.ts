import { CrmError } from '@baton/core';

/** How a connector reaches its CRM's REST API. */
export interface CrmHttpOptions {
  /** Connector name, used in errors (`hubspot` ...). */
  source: string;
  /** API base URL without a trailing slash, e.g. `https://api.hubapi.com`. */
  baseUrl: string;
  /** Headers sent with every request (authorization); called per request so tokens can rotate. */
  headers: () => Record<string, string>;
  /** Per-attempt timeout in ms (connect + answer); default 2000. The caller's signal can cut it shorter. */
  timeoutMs?: number;
  /** First backoff after a 5xx or a network error, ms, doubled per retry; default 100. */
  retryBaseMs?: number;
  fetch?: typeof fetch;
  /** Milliseconds clock, for the rate-limit cool-down; default Date.now. */
  now?: () => number;
}

/** Per-call retry policy. The lookup path retries little (a handoff is waiting); write-back retries more. */
export interface RetryPolicy {
  /** Attempts in all, including the first; default 2. */
  attempts?: number;
  /** Longest wait before a retry (Retry-After or backoff), ms; a longer Retry-After fails at once. Default 1000. */
  maxWaitMs?: number;
}

export interface CrmRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Path after the base URL, starting with `/`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
  retry?: RetryPolicy;
}

/** `Retry-After` in seconds or as an HTTP date (RFC 9110 §10.2.3) → ms from now; null when absent or unreadable. */
export const parseRetryAfter = (value: string | null, nowMs: number): number | null => {
  if (value === null || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
};

const abortable = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * A small JSON client shared by the CRM connectors: timeouts, the caller's abort signal, retries with backoff
 * on 5xx and network errors, Retry-After on 429 (and a cool-down: while the CRM said to wait, calls fail at
 * once with `rate_limited` instead of hitting it again), and every failure wrapped in a {@link CrmError}.
 * Answers 404 as `null` so "not found" is a value.
 */
export class CrmHttpClient {
  private blockedUntil = 0;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly opts: CrmHttpOptions) {
    this.fetch = opts.fetch ?? globalThis.fetch;
    this.now = opts.now ?? Date.now;
  }

  /** The parsed JSON answer (`undefined` for an empty body), or null on 404. Throws CrmError. */
  async json<T>(req: CrmRequest): Promise<T | null> {
    const { source } = this.opts;
    const attempts = Math.max(1, req.retry?.attempts ?? 2);
    const maxWaitMs = req.retry?.maxWaitMs ?? 1000;
    let last: CrmError = new CrmError(source, 'unavailable', 'no attempt made');
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const wait = this.blockedUntil - this.now();
      if (wait > 0) {
        if (wait > maxWaitMs || attempt === attempts) {
          throw new CrmError(source, 'rate_limited', `rate limited for another ${wait} ms`, 429, wait);
        }
        await this.sleep(wait, req.signal);
      }
      try {
        return await this.once<T>(req);
      } catch (err) {
        if (!(err instanceof CrmError)) throw err;
        last = err;
        const retryable = err.kind === 'rate_limited' || err.kind === 'unavailable';
        if (!retryable || attempt === attempts || req.signal?.aborted === true) throw err;
        // a rate limit without Retry-After (or a daily quota) will not clear by retrying now
        if (err.kind === 'rate_limited' && err.retryAfterMs === null) throw err;
        const delay =
          err.kind === 'rate_limited' ? (err.retryAfterMs ?? 0) : (this.opts.retryBaseMs ?? 100) * 2 ** (attempt - 1);
        if (delay > maxWaitMs) throw err;
        await this.sleep(delay, req.signal);
      }
    }
    throw last;
  }

  private async sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await abortable(ms, signal);
    } catch {
      throw new CrmError(this.opts.source, 'timeout', 'aborted by the caller while waiting to retry');
    }
  }

  private async once<T>(req: CrmRequest): Promise<T | null> {
    const { source, baseUrl } = this.opts;
    const url = new URL(baseUrl + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const timeout = AbortSignal.timeout(this.opts.timeoutMs ?? 2000);
    const signal = req.signal === undefined ? timeout : AbortSignal.any([req.signal, timeout]);
    let res: Response;
    try {
      res = await this.fetch(url, {
        method: req.method ?? 'GET',
        headers: {
          accept: 'application/json',
          ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...this.opts.headers(),
        },
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw new CrmError(source, 'timeout', `${req.method ?? 'GET'} ${req.path} timed out`);
      throw new CrmError(
        source,
        'unavailable',
        `${req.method ?? 'GET'} ${req.path} failed: ${err instanceof Error ? err.message : 'network error'}`,
      );
    }
    let text: string;
    try {
      text = await res.text();
    } catch {
      throw new CrmError(
        source,
        signal.aborted ? 'timeout' : 'unavailable',
        `${req.path}: the answer was cut off`,
        res.status,
      );
    }
    if (res.status === 404) return null;
    if (res.status === 401) throw new CrmError(source, 'unauthorized', 'the CRM rejected the credentials (401)', 401);
    if (res.status === 429) {
      const after = parseRetryAfter(res.headers.get('retry-after'), this.now());
      if (after !== null) this.blockedUntil = Math.max(this.blockedUntil, this.now() + after);
      throw new CrmError(source, 'rate_limited', 'rate limited (429)', 429, after);
    }
    if (res.status >= 500) throw new CrmError(source, 'unavailable', `the CRM answered ${res.status}`, res.status);
    if (res.status >= 400)
      throw new CrmError(source, this.clientErrorKind(res.status, text), `the CRM answered ${res.status}`, res.status);
    if (text.trim() === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CrmError(source, 'bad_response', `${req.path}: the answer is not JSON`, res.status);
    }
  }

  /** Salesforce answers its API limit with 403 REQUEST_LIMIT_EXCEEDED; other 4xx are the connector's bug or config. */
  private clientErrorKind(status: number, body: string): 'rate_limited' | 'unauthorized' | 'bad_response' {
    if (body.includes('REQUEST_LIMIT_EXCEEDED')) return 'rate_limited';
    if (status === 403) return 'unauthorized';
    return 'bad_response';
  }
}
