import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts Baton in its own process (`baton start`), so the load generator does not share its event loop.
 * Embedded database in a fresh temp folder unless `databaseUrl` is given. Loopback only.
 */
export const startBenchServer = async (
  opts: { databaseUrl?: string; natsUrl?: string; env?: Record<string, string> } = {},
): Promise<BenchServer> => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
  const child = spawn(
    process.execPath,
    [
      ...(process.env['BENCH_SERVER_PROF'] ? ['--cpu-prof', '--cpu-prof-dir=' + process.env['BENCH_SERVER_PROF']] : []),
      '--import',
      'tsx',
      'packages/cli/src/bin.ts',
      'start',
    ],
    {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        BATON_DEMO: 'true',
        BATON_ASSISTANT: 'false',
        BATON_BOT_KEYS: 'bench:bench-key',
        // The load generator is one client: rate limits would measure the limiter, not the server.
        BATON_RATE_LIMIT_PER_MINUTE: '0',
        ...(opts.databaseUrl === undefined ? {} : { DATABASE_URL: opts.databaseUrl }),
        ...(opts.natsUrl === undefined ? {} : { NATS_URL: opts.natsUrl }),
        ...opts.env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
