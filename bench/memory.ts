import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startBenchServer } from './server-process.ts';

const KEY = 'bench-key';
const TEXTS = ['Where is my order?', 'my password reset email never came', 'is the warranty two years?'];

/** Resident set of a process, MiB, from /proc (Linux). */
const rssMib = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
};

/**
 * Resident memory of one server process holding N active conversations (default 100,000): each is created
 * and gets one customer turn over HTTP (so it went through the engine, the store and the head cache) and
 * stays open. RSS is read from /proc after a settle pause; the peak is sampled every second. Bounded by
 * `--max-seconds`: when the deadline comes first, the figure says how many conversations were reached.
 *   npm run bench -- memory --out FILE [--conversations 100000] [--concurrency 64] [--max-seconds 900] [--database-url URL]
 */
export const runMemoryBench = async (args: string[]): Promise<Record<string, unknown>> => {
  const { values } = parseArgs({
    args,
    options: {
      conversations: { type: 'string', default: '100000' },
      concurrency: { type: 'string', default: '64' },
      'max-seconds': { type: 'string', default: '900' },
      'database-url': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const target = Number(values.conversations);
  const deadline = Date.now() + Number(values['max-seconds']) * 1000;
  const databaseUrl = values['database-url'];
  const server = await startBenchServer(databaseUrl === undefined ? {} : { databaseUrl });
  const pid = server.child.pid ?? 0;
  try {
    const idle = rssMib(pid);
    let peak = idle;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMib(pid));
    }, 1000);
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    let next = 0;
    let done = 0;
    let errors = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < target && Date.now() < deadline) {
        const i = next++;
        try {
          const created = await post('/v1/conversations', { customer: { externalId: `mem-${i}` } });
          const id = (created['conversation'] as { id: string }).id;
          await post(`/v1/conversations/${id}/turns`, { role: 'customer', text: TEXTS[i % TEXTS.length] });
          done += 1;
        } catch {
          errors += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: Number(values.concurrency) }, worker));
    const loadSeconds = (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 5000));
    clearInterval(sampler);
    const rss = rssMib(pid);
    return {
      conversations: done,
      target,
      errors,
      rss_mib: rss,
      peak_rss_mib: Math.max(peak, rss),
      idle_rss_mib: idle,
      load_seconds: Math.round(loadSeconds),
      conversations_per_second: Math.round(done / loadSeconds),
      database: databaseUrl === undefined ? 'embedded (PGlite, in the server process)' : 'postgresql',
    };
  } finally {
    await server.stop();
  }
};
