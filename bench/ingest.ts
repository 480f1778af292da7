import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { runOpenLoop } from './open-loop.ts';
import { startBenchServer } from './server-process.ts';

const KEY = 'bench-key';
const TEXTS = [
  'Where is my order?',
  'How long does shipping take to Canada?',
  'I would like to return a jacket that does not fit',
  'when are you open on sunday',
  'my password reset email never came',
  'is the warranty two years?',
];

const run = (opts: autocannon.Options): Promise<Result> =>
  new Promise((resolve, reject) => {
    autocannon(opts, (err, result) =>
      err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result),
    );
  });

/**
 * Handoffs the server has started so far (`baton_handoffs_total`, summed over its labels). Each conversation
 * here escalates after a few turns, and a turn that starts a handoff costs far more than one that does not
 * (routing, audit, the notice): the figures say how many fell inside each measured phase.
 */
const handoffsSoFar = async (url: string): Promise<number> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    const m = /^baton_handoffs_total(?:\{[^}]*\})? ([0-9.e+]+)$/.exec(line);
    if (m?.[1] !== undefined) total += Number(m[1]);
  }
  return total;
};

/**
 * Turn ingest over HTTP with the decision in the response, against the same server's empty route
 * (`/health`), in one run: the server in its own process, autocannon here, loopback. Throughput (`ingest_rps`,
 * the ratio) is autocannon's, saturated; latency at `--rate` (`p50_ms`, `p99_ms`) is open loop (open-loop.ts:
 * a turn due every 1/rate s, timed from when it was due), then again as autocannon paces it, for comparison
 * with figures from before 2026-12-03 evening (`autocannon_paced_*`).
 *   npm run bench -- ingest --out FILE [--seconds 10] [--connections 32] [--conversations 500] [--database-url URL]
 *     [--rate 1000] [--warm-up-seconds 2]
 */
export const runIngestBench = async (args: string[]): Promise<Record<string, unknown>> => {
  const { values } = parseArgs({
    args,
    options: {
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      conversations: { type: 'string', default: '500' },
      rate: { type: 'string', default: '1000' },
      // Seconds of turns before measuring. Longer than the default lets every conversation escalate first, so
      // the phases measure turns of conversations already in line rather than the handoffs being started.
      'warm-up-seconds': { type: 'string', default: '2' },
      'database-url': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const server = await startBenchServer(
    values['database-url'] === undefined ? {} : { databaseUrl: values['database-url'] },
  );
  try {
    const ids: string[] = [];
    for (let i = 0; i < Number(values.conversations); i++) {
      const res = await fetch(`${server.url}/v1/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: '{}',
      });
      ids.push(((await res.json()) as { conversation: { id: string } }).conversation.id);
    }
    let n = 0;
    // Each conversation walks through the questions in turn, as a customer would.
    const nextTurn = () => {
      const i = n++;
      return {
        method: 'POST' as const,
        path: `/v1/conversations/${ids[i % ids.length]}/turns`,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'customer', text: TEXTS[Math.floor(i / ids.length) % TEXTS.length] }),
      };
    };
    const turnRequest = {
      method: 'POST' as const,
      setupRequest: (req: autocannon.Request) => ({ ...req, ...nextTurn() }),
    };
    // Warm-up, then the two throughput runs back to back, then latency at a fixed rate.
    await run({ url: `${server.url}/health`, connections, duration: 2 });
    await run({ url: server.url, connections, duration: Number(values['warm-up-seconds']), requests: [turnRequest] });
    const empty = await run({ url: `${server.url}/health`, connections, duration: seconds });
    const handoffsBefore = await handoffsSoFar(server.url);
    const ingest = await run({ url: server.url, connections, duration: seconds, requests: [turnRequest] });
    const handoffsAfterIngest = await handoffsSoFar(server.url);
    // Latency at a fixed rate, open loop: a turn due every 1/rate s, latency from the moment it was due.
    const paced = await runOpenLoop({
      url: server.url,
      rate: Number(values.rate),
      seconds,
      connections: 64,
      request: nextTurn,
    });
    // The same rate as autocannon paces it (each of 16 connections sends its share of a second back to back),
    // kept so the figures compare with those of earlier sessions.
    const bursty = await run({
      url: server.url,
      connections: 16,
      duration: seconds,
      overallRate: Number(values.rate),
      requests: [turnRequest],
    });
    const figures = {
      database: values['database-url'] === undefined ? 'pglite' : 'postgresql',
      seconds,
      warm_up_seconds: Number(values['warm-up-seconds']),
      connections,
      empty_route_rps: empty.requests.average,
      ingest_rps: ingest.requests.average,
      ratio_to_empty_route: Number((ingest.requests.average / empty.requests.average).toFixed(3)),
      ingest_p50_ms_saturated: ingest.latency.p50,
      ingest_p99_ms_saturated: ingest.latency.p99,
      paced_rate_per_s: Number(values.rate),
      paced_achieved_rps: paced.achieved_rps,
      p50_ms: paced.p50_ms,
      p99_ms: paced.p99_ms,
      paced: paced,
      autocannon_paced_achieved_rps: bursty.requests.average,
      autocannon_paced_p50_ms: bursty.latency.p50,
      autocannon_paced_p99_ms: bursty.latency.p99,
      errors: ingest.errors + ingest.non2xx + paced.errors + paced.non2xx + bursty.errors + bursty.non2xx,
      handoffs_started_before_ingest: handoffsBefore,
      handoffs_started_during_ingest: handoffsAfterIngest - handoffsBefore,
      handoffs_started_during_paced: (await handoffsSoFar(server.url)) - handoffsAfterIngest,
    };
    return figures;
  } finally {
    await server.stop();
  }
};
