import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

type BenchServerOptions = { databaseUrl?: string; natsUrl?: string; env?: Record<string, string> };

/** A port nobody listens on now: the kernel's choice for port 0, released for the server to take. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port === 0 ? reject(new Error('no port assigned')) : resolve(port)));
    });
  });

/** Attempts at starting the server: between probing a port and the server binding it, a client may take it. */
const START_ATTEMPTS = 3;

/**
 * Starts Baton in its own process (`baton start`), so the load generator does not share its event loop.
 * Embedded database in a fresh temp folder unless `databaseUrl` is given. Loopback only. The port is one
 * the kernel reports free (a random pick could collide with an ephemeral port of an open connection:
 * EADDRINUSE); should another socket take it before the server binds it, the start is retried.
 */
export const startBenchServer = async (opts: BenchServerOptions = {}): Promise<BenchServer> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts, await freePort());
    } catch (err) {
      if (!(err instanceof ServerExited) || attempt >= START_ATTEMPTS) throw err;
    }
  }
};

class ServerExited extends Error {}

const startOnce = async (opts: BenchServerOptions, port: number): Promise<BenchServer> => {
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
    if (child.exitCode !== null) {
      rmSync(dataDir, { recursive: true, force: true });
      throw new ServerExited(`server exited with ${child.exitCode}`);
    }
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
