import { Pool } from 'undici';

export interface OpenLoopRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface OpenLoopResult {
  rate_per_s: number;
  sent: number;
  completed: number;
  errors: number;
  non2xx: number;
  achieved_rps: number;
  /** From the moment the request was due (its slot in the schedule) to the end of its response. */
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  p999_ms: number;
  max_ms: number;
  /** From the moment it was written to the socket: what the server and the wire took, without the client's lag. */
  service_p50_ms: number;
  service_p99_ms: number;
  /** How late the client sent requests against their slot (its own event loop, or every connection busy). */
  send_lag_p99_ms: number;
}

/** Exact percentile of sorted values (nearest rank), in ms with two decimals. */
const percentile = (sorted: Float64Array, p: number): number => {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank]! * 100) / 100;
};

/**
 * Open-loop load at a constant rate, as wrk2 does it: request i is due at start + i / rate, whatever happened to
 * the ones before, and its latency runs from that moment. A stall therefore shows in every request that was due
 * during it, once each — no burst at the top of each second (autocannon's `overallRate` lets each connection send
 * its share of the second back to back) and no synthetic samples (autocannon's coordinated-omission correction
 * assumes a 1 ms interval per connection whatever the rate). `connections` bounds the requests in flight; a
 * request due while all are busy waits in the client, and that wait counts in its latency.
 */
export const runOpenLoop = async (opts: {
  url: string;
  rate: number;
  seconds: number;
  connections: number;
  request: (i: number) => OpenLoopRequest;
  /** Called for every completed request (the moment it was due, its latency and service time, ms). */
  onDone?: (due: number, latencyMs: number, serviceMs: number) => void;
}): Promise<OpenLoopResult> => {
  const pool = new Pool(opts.url, { connections: opts.connections, pipelining: 1 });
  const total = Math.round(opts.rate * opts.seconds);
  const latency = new Float64Array(total);
  const service = new Float64Array(total);
  const lag = new Float64Array(total);
  let sent = 0;
  let completed = 0;
  let errors = 0;
  let non2xx = 0;
  const intervalMs = 1000 / opts.rate;
  const start = performance.now();
  let lastEnd = start;
  const fire = (i: number): Promise<void> => {
    const due = start + i * intervalMs;
    const sentAt = performance.now();
    lag[i] = sentAt - due;
    const req = opts.request(i);
    return pool
      .request({ method: req.method, path: req.path, headers: req.headers, body: req.body })
      .then(async (res) => {
        await res.body.dump();
        if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
      })
      .catch(() => {
        errors++;
      })
      .finally(() => {
        const end = performance.now();
        latency[i] = end - due;
        service[i] = end - sentAt;
        completed++;
        lastEnd = end;
        opts.onDone?.(due, latency[i], service[i]);
      });
  };
  const inFlight: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const dueNow = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < dueNow) inFlight.push(fire(sent++));
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  await pool.close();
  const sortedLatency = latency.slice(0, completed).sort();
  const sortedService = service.slice(0, completed).sort();
  const sortedLag = lag.slice(0, sent).sort();
  return {
    rate_per_s: opts.rate,
    sent,
    completed,
    errors,
    non2xx,
    achieved_rps: Math.round((completed / ((lastEnd - start) / 1000)) * 10) / 10,
    p50_ms: percentile(sortedLatency, 50),
    p90_ms: percentile(sortedLatency, 90),
    p99_ms: percentile(sortedLatency, 99),
    p999_ms: percentile(sortedLatency, 99.9),
    max_ms: percentile(sortedLatency, 100),
    service_p50_ms: percentile(sortedService, 50),
    service_p99_ms: percentile(sortedService, 99),
    send_lag_p99_ms: percentile(sortedLag, 99),
  };
};
