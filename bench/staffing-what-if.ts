/**
 * Cost of one staffing what-if (`POST /v1/supervisor/staffing/simulate`, the console's Staffing tab) on the
 * instance that answers it: the response time, and the longest the event loop was held while it ran (what
 * a customer's turn or an agent's accept arriving at that moment would wait).
 *
 *   npx tsx bench/staffing-what-if.ts [--runs 7] [--out FILE]
 *
 * Two requests: a typical floor (9 agents, 120 arrivals/h, 8 h simulated) and the heaviest the contract
 * allows (10,000 arrivals/h, 1 h, 300 agents: 10,000 simulated arrivals in each of the six runs). The server
 * runs in-process (demo data, PGlite); figures are medians over `--runs` after one warm-up request each.
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startServer } from '@baton/server';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, out: { type: 'string' } } });
const runs = Math.max(3, Number(values.runs));

const CASES = {
  typical: { agents: 9, arrivalsPerHour: 120, ahtSeconds: 240, patienceSeconds: 90, slaSeconds: 20 },
  heaviest: { agents: 300, arrivalsPerHour: 10_000, ahtSeconds: 100, patienceSeconds: 60, slaSeconds: 20 },
} as const;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

const server = await startServer({ port: 0, host: '127.0.0.1', demo: true, assistant: false, logLevel: 'silent' });
try {
  const login = await fetch(`${server.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'sam@demo.baton', password: 'demo' }),
  });
  const token = ((await login.json()) as { token: string }).token;
  const ask = async (body: object): Promise<{ ms: number; stallMs: number }> => {
    const stall = monitorEventLoopDelay({ resolution: 1 });
    stall.enable();
    const started = performance.now();
    const res = await fetch(`${server.url}/v1/supervisor/staffing/simulate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    await res.json();
    const ms = performance.now() - started;
    stall.disable();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    return { ms, stallMs: stall.max / 1e6 };
  };
  const figures: Record<string, { responseMs: number; maxEventLoopStallMs: number }> = {};
  for (const [name, body] of Object.entries(CASES)) {
    await ask(body); // warm-up
    const samples: { ms: number; stallMs: number }[] = [];
    for (let i = 0; i < runs; i++) samples.push(await ask(body));
    figures[name] = {
      responseMs: Math.round(median(samples.map((s) => s.ms))),
      maxEventLoopStallMs: Math.round(median(samples.map((s) => s.stallMs))),
    };
    console.log(
      `${name.padEnd(9)} response ${figures[name].responseMs} ms, longest event-loop stall ${figures[name].maxEventLoopStallMs} ms (median of ${runs})`,
    );
  }
  if (values.out !== undefined) writeFileSync(values.out, JSON.stringify({ runs, figures }, null, 2));
} finally {
  await server.close();
}
