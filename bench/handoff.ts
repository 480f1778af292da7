import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import WebSocket from 'ws';
import { TokenSigner } from '../packages/server/src/auth/tokens.ts';
import { createStore } from '../packages/server/src/storage/create-store.ts';
import { startBenchServer } from './server-process.ts';

const KEY = 'bench-key';
const SECRET = 'bench-handoff-shared-secret';

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
const round = (v: number) => Math.round(v * 1000) / 1000;

/**
 * Triggering turn → `offer` frame on the agent's socket, with N agents connected (default 10,000), loopback.
 * Agents are seeded straight into the store (available, capacity 3 chats) before the server starts, and
 * connect with tokens signed with the shared secret (no 10,000 password hashes). Each sample posts a
 * customer turn asking for a person and waits for the offer of that conversation on any agent socket; one
 * sample at a time. Offers stay pending (the queue's offer timeout is an hour), so nothing re-routes.
 *   npm run bench -- handoff --out FILE [--agents 10000] [--samples 300] [--max-seconds 120] [--database-url URL]
 */
export const runHandoffBench = async (args: string[]): Promise<Record<string, unknown>> => {
  const { values } = parseArgs({
    args,
    options: {
      agents: { type: 'string', default: '10000' },
      samples: { type: 'string', default: '300' },
      warmup: { type: 'string', default: '30' },
      'max-seconds': { type: 'string', default: '120' },
      'database-url': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const agentCount = Number(values.agents);
  const samples = Number(values.samples);
  const warmup = Number(values.warmup);
  const deadline = Date.now() + Number(values['max-seconds']) * 1000;
  const databaseUrl = values['database-url'];
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-handoff-'));

  // Seed before the server opens the database (the embedded one has a single owner).
  const seedStarted = Date.now();
  const store = await createStore(databaseUrl === undefined ? { dataDir } : { databaseUrl });
  const now = new Date();
  await store.upsertQueue({
    id: 'q_support',
    name: 'Support',
    requiredSkills: {},
    languages: [],
    channels: ['chat', 'voice'],
    priority: 0,
    slaSeconds: 60,
    offerTimeoutSeconds: 3600,
  });
  for (let i = 0; i < agentCount; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, agentCount - i) }, (_, k) =>
        store.upsertAgent({
          id: `agt_${String(i + k).padStart(5, '0')}`,
          name: `Agent ${i + k}`,
          email: `agent${i + k}@bench.baton`,
          role: 'agent',
          skills: { support: 5 },
          languages: ['en'],
          capacity: { chat: 3, voice: 1 },
          presence: 'available',
          presenceSince: now,
          lastAssignedAt: null,
        }),
      ),
    );
  }
  await store.close();
  const seedSeconds = (Date.now() - seedStarted) / 1000;

  const server = await startBenchServer({
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    env: { DATA_DIR: dataDir, BATON_SECRET: SECRET, BATON_DEMO: 'false' },
  });
  const sockets: WebSocket[] = [];
  const waiting = new Map<string, (at: number) => void>();
  try {
    const signer = new TokenSigner(SECRET);
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const wsBase = server.url.replace('http', 'ws');
    const connectStarted = Date.now();
    for (let i = 0; i < agentCount; i += 250) {
      await Promise.all(
        Array.from({ length: Math.min(250, agentCount - i) }, (_, k) => {
          const token = signer.sign({ kind: 'agent', sub: `agt_${String(i + k).padStart(5, '0')}`, exp });
          const ws = new WebSocket(`${wsBase}/v1/agent/stream?token=${token}`);
          sockets.push(ws);
          ws.on('message', (data: Buffer) => {
            const text = data.toString('utf8');
            if (!text.startsWith('{"type":"offer"')) return;
            const at = performance.now();
            const f = JSON.parse(text) as { reservation: { conversationId: string } };
            waiting.get(f.reservation.conversationId)?.(at);
          });
          return new Promise<void>((resolve, reject) => {
            ws.once('message', () => resolve()); // hello
            ws.once('error', reject);
          });
        }),
      );
      if (Date.now() > deadline) throw new Error(`only ${sockets.length} agents connected before the deadline`);
    }
    const connectSeconds = (Date.now() - connectStarted) / 1000;

    // One kept-alive connection through undici's pool rather than `fetch`: fetch's stream machinery cost the
    // client 0.3–0.7 ms more per request here (p50, 2 000 requests to a trivial local server, three rounds), and
    // its garbage is collected in this process, which also holds the 10 000 agent sockets whose frame is timed.
    const pool = new Pool(server.url, { connections: 1 });
    const post = async (path: string, body: unknown, token = KEY) => {
      const res = await pool.request({
        method: 'POST',
        path,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await res.body.json()) as Record<string, unknown>;
    };
    const latencies: number[] = [];
    const responses: number[] = [];
    let timeouts = 0;
    for (let i = 0; i < warmup + samples && Date.now() < deadline; i++) {
      const created = await post('/v1/conversations', {});
      const id = (created['conversation'] as { id: string }).id;
      const offered = new Promise<number>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no offer within 5 s')), 5000);
        waiting.set(id, (at) => {
          clearTimeout(t);
          resolve(at);
        });
      });
      const sent = performance.now();
      const turn = await post(`/v1/conversations/${id}/turns`, {
        role: 'customer',
        text: 'let me talk to a real person',
      });
      const answered = performance.now();
      if ((turn['conversation'] as { status?: string } | undefined)?.status === undefined) {
        throw new Error(`turn failed: ${JSON.stringify(turn)}`);
      }
      try {
        const at = await offered;
        if (i >= warmup) {
          latencies.push(at - sent);
          responses.push(answered - sent);
        }
      } catch {
        timeouts += 1;
      } finally {
        waiting.delete(id);
      }
    }
    await pool.close();
    latencies.sort((a, b) => a - b);
    responses.sort((a, b) => a - b);
    const figures = {
      agents_connected: sockets.filter((s) => s.readyState === WebSocket.OPEN).length,
      samples: latencies.length,
      timeouts,
      p50_ms: round(quantile(latencies, 0.5)),
      p99_ms: round(quantile(latencies, 0.99)),
      max_ms: round(latencies.at(-1) ?? NaN),
      turn_response_p50_ms: round(quantile(responses, 0.5)),
      turn_response_p99_ms: round(quantile(responses, 0.99)),
      seed_seconds: round(seedSeconds),
      connect_seconds: round(connectSeconds),
      database: databaseUrl === undefined ? 'embedded (PGlite)' : 'postgresql',
    };
    return figures;
  } finally {
    for (const s of sockets) s.terminate();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
