import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { startBenchServer } from './server-process.ts';

const run = promisify(execFile);

/** The server's resident memory, from /proc (the process the bench started). */
const rssMiB = (pid: number | undefined): number | null => {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? null : Math.round((Number(kb) / 1024) * 10) / 10;
  } catch {
    return null;
  }
};

/** What `baton simulate-live --json` prints (the fields used here). */
interface LiveFigures {
  customers: number;
  requests: number;
  http_p50_ms: number | null;
  http_p99_ms: number | null;
  to_agent_p50_ms: number | null;
  agent_joined: number;
  left_waiting: number;
  waiting_at_end: number;
  errors_total: number;
}

/**
 * Soak: one server (its own process, embedded database unless --database-url), driven in consecutive windows
 * by `baton simulate-live` (customers over HTTP and WebSockets, the demo agents accepting and closing). After
 * each window: the window's latency percentiles and errors, the server's RSS and its conversation count. A
 * leak or a slowdown shows as a trend across windows; one window's figures are noisy on a shared machine.
 *   npm run bench -- soak --out FILE [--windows 6] [--window-seconds 60] [--rate 3] [--database-url URL]
 */
export const runSoakBench = async (args: string[]): Promise<Record<string, unknown>> => {
  const { values } = parseArgs({
    args,
    options: {
      windows: { type: 'string', default: '6' },
      'window-seconds': { type: 'string', default: '60' },
      rate: { type: 'string', default: '3' },
      'database-url': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const windows = Number(values.windows);
  const seconds = Number(values['window-seconds']);
  const rate = Number(values.rate);
  const server = await startBenchServer(
    values['database-url'] === undefined ? {} : { databaseUrl: values['database-url'] },
  );
  const pid = server.child.pid;
  const rows: Record<string, unknown>[] = [];
  try {
    const rssStart = rssMiB(pid);
    for (let w = 0; w < windows; w++) {
      // simulate-live exits 1 when any request failed; its figures (with the errors counted) are still printed.
      const { stdout } = await run(
        process.execPath,
        [
          '--import',
          'tsx',
          'packages/cli/src/bin.ts',
          'simulate-live',
          '--url',
          server.url,
          '--customers',
          String(Math.ceil(rate * seconds)),
          '--rate',
          String(rate),
          '--duration',
          String(seconds),
          '--agent',
          'alice@demo.baton',
          '--agent',
          'bob@demo.baton',
          '--bot-key',
          'bench-key',
          '--patience-seconds',
          '30',
          '--json',
        ],
        { maxBuffer: 16 * 1024 * 1024, timeout: (seconds + 120) * 1000 },
      ).catch((err: unknown) => {
        const out = (err as { stdout?: unknown }).stdout;
        if (typeof out === 'string' && out.trim().startsWith('{')) return { stdout: out };
        throw err;
      });
      const f = JSON.parse(stdout) as LiveFigures;
      const row = {
        window: w + 1,
        customers: f.customers,
        requests: f.requests,
        http_p50_ms: f.http_p50_ms,
        http_p99_ms: f.http_p99_ms,
        to_agent_p50_ms: f.to_agent_p50_ms,
        agent_joined: f.agent_joined,
        left_waiting: f.left_waiting,
        waiting_at_end: f.waiting_at_end,
        errors: f.errors_total,
        server_rss_mib: rssMiB(pid),
      };
      rows.push(row);
      console.error(JSON.stringify(row));
    }
    const rss = rows.map((r) => r['server_rss_mib']).filter((v): v is number => typeof v === 'number');
    return {
      database: values['database-url'] === undefined ? 'embedded (PGlite)' : 'PostgreSQL',
      windows,
      window_seconds: seconds,
      customers_per_second: rate,
      server_rss_start_mib: rssStart,
      server_rss_end_mib: rss.at(-1) ?? null,
      rows,
    };
  } finally {
    await server.stop();
  }
};
