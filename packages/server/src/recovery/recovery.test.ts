/**
 * Recovery under load (S2, S3, R5): three `baton start` processes on one PostgreSQL and one NATS. Customers
 * ask for a person through every instance; agents connected to every instance accept, reject or ignore
 * offers and close what they accept; some customers leave while waiting. One instance is killed with
 * SIGKILL while offers it made are pending, stays down past their expiry, and is restarted.
 *
 * Checked from the database: every handoff accounted for exactly once (assigned, completed, abandoned, or
 * still queued / offered with an offer that has not expired), no offer left pending past its expiry (also
 * while the instance is down), no conversation assigned twice, no agent over capacity at any sample, and
 * every turn the API acknowledged is stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import WebSocket from 'ws';
import type { BatonStore } from '@baton/core';
import { hashPassword } from '../auth/passwords.ts';
import { createStore } from '../storage/create-store.ts';
import { createTestDatabase, type TestDatabase } from '../storage/test-database.ts';
import { freePort, startInstance, type InstanceProcess } from './instance-process.ts';

const databaseUrl = process.env['DATABASE_URL'];
const natsUrl = process.env['NATS_URL'];

const OFFER_TIMEOUT_S = 3;
/** Hundreds of handoffs raced through the three instances by two dozen agents (issue 4's invariants at scale). */
const AGENTS = 24;
const CAPACITY = 2;
const CUSTOMERS = 200;
/** Between two arrivals, ms: about 20 customers a second over the three instances. */
const ARRIVAL_GAP_MS = 50;
const BOT_KEY = 'recovery-bot-key';
/** Slack for "pending past expiry": the sweep interval of HandoffService plus scheduling noise. */
const EXPIRY_SLACK_MS = 3_500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Snapshot {
  handoffs: { id: string; conversationId: string; status: string; assignedAgentId: string | null }[];
  reservations: { id: string; handoffId: string; agentId: string; status: string; expiresAt: Date }[];
  conversations: Map<string, { status: string; assignedAgentId: string | null }>;
}

/** Handoffs, reservations and conversations as of one instant (a repeatable-read transaction). */
const snapshot = async (url: string): Promise<Snapshot> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const handoffs = await client.query<Snapshot['handoffs'][number]>(
      'select id, conversation_id as "conversationId", status, assigned_agent_id as "assignedAgentId" from handoffs',
    );
    const reservations = await client.query<Snapshot['reservations'][number]>(
      'select id, handoff_id as "handoffId", agent_id as "agentId", status, expires_at as "expiresAt" from reservations',
    );
    const conversations = await client.query<{ id: string; status: string; assignedAgentId: string | null }>(
      'select id, status, assigned_agent_id as "assignedAgentId" from conversations',
    );
    await client.query('commit');
    return {
      handoffs: handoffs.rows,
      reservations: reservations.rows,
      conversations: new Map(conversations.rows.map((c) => [c.id, c])),
    };
  } finally {
    await client.end();
  }
};

interface AgentClient {
  id: string;
  /** Index of the instance the agent is connected to. */
  home: number;
  socket: WebSocket | null;
  ignoresOffers: boolean;
  acceptedAcks: string[];
}

if (databaseUrl !== undefined && databaseUrl !== '' && natsUrl !== undefined && natsUrl !== '') {
  // retry: once, for the 2-core CI machine's scheduling noise (each attempt starts from a fresh database and
  // processes). The earlier one-in-three failure was the test reading reservations while agents still accepted
  // offers, plus a real accept/abandon race now closed by `acceptReservation`.
  describe('three instances, one killed mid-reservation and restarted', { retry: 1 }, () => {
    let db: TestDatabase | undefined;
    let store: BatonStore | undefined;
    const instances: (InstanceProcess | null)[] = [null, null, null];
    const agents: AgentClient[] = [];
    let stopped = false;
    /** Set before the final checks: agents stop answering, so the database holds still while it is read. */
    let quiet = false;
    let sampling = true;
    let sampler: Promise<void> = Promise.resolve();

    afterEach(async () => {
      stopped = true;
      sampling = false;
      await sampler;
      for (const a of agents) a.socket?.terminate();
      await Promise.all(instances.flatMap((i) => (i === null ? [] : [i.stop()])));
      await store?.close();
      await db?.drop();
    });

    it('accounts for every handoff exactly once', async () => {
      stopped = false;
      quiet = false;
      sampling = true;
      agents.length = 0;
      instances.fill(null);
      db = await createTestDatabase(databaseUrl);
      store = await createStore({ databaseUrl: db.url });
      const s = store;
      const now = new Date();
      await s.upsertQueue({
        id: 'q_support',
        name: 'Support',
        requiredSkills: {},
        languages: [],
        channels: ['chat', 'voice'],
        priority: 0,
        slaSeconds: 60,
        offerTimeoutSeconds: OFFER_TIMEOUT_S,
      });
      const passwordHash = await hashPassword('pw');
      for (let i = 0; i < AGENTS; i++) {
        await s.upsertAgent({
          id: `agt_${i}`,
          name: `Agent ${i}`,
          email: `agent${i}@recovery.test`,
          role: 'agent',
          skills: {},
          languages: ['en'],
          capacity: { chat: CAPACITY, voice: 1 },
          presence: 'offline',
          presenceSince: now,
          lastAssignedAt: null,
          passwordHash,
        });
      }
      const ports = [await freePort(), await freePort(), await freePort()];
      const env = {
        DATABASE_URL: db.url,
        NATS_URL: natsUrl,
        BATON_SECRET: 'recovery-test-shared-secret',
        BATON_BOT_KEYS: `bot:${BOT_KEY}`,
        BATON_DEMO: 'false',
        BATON_ASSISTANT: 'false',
      };
      const started = await Promise.all(ports.map((p) => startInstance(p, env)));
      started.forEach((inst, i) => (instances[i] = inst));
      const live = () => instances.flatMap((i, n) => (i === null ? [] : [n]));
      const url = (n: number) => instances[n]?.url ?? '';
      /** Like a load balancer: the wanted instance if it is up, else the next live one. */
      const route = (n: number) => url(instances[n] === null ? (live()[0] ?? 0) : n);

      const post = async (n: number, path: string, body: unknown, token = BOT_KEY) => {
        const res = await fetch(`${route(n)}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        });
        return { status: res.status, json: (await res.json()) as Record<string, unknown> };
      };

      // Agents: a third per instance; the last three (one per instance) never answer (their offers time out).
      const tokens: string[] = [];
      for (let i = 0; i < AGENTS; i++) {
        const login = await post(i % 3, '/v1/auth/login', { email: `agent${i}@recovery.test`, password: 'pw' });
        tokens.push(login.json['token'] as string);
      }
      const handleFrame = (a: AgentClient, raw: string) => {
        const f = JSON.parse(raw) as Record<string, unknown>;
        const send = (frame: object, evenWhenQuiet = false) => {
          if (quiet && !evenWhenQuiet) return;
          if (a.socket?.readyState === WebSocket.OPEN) a.socket.send(JSON.stringify(frame));
        };
        const offers =
          f['type'] === 'offer'
            ? [f['reservation'] as { id: string }]
            : f['type'] === 'hello'
              ? (f['offers'] as { reservation: { id: string } }[]).map((o) => o.reservation)
              : [];
        if (f['type'] === 'hello') {
          send({ type: 'presence.set', presence: 'available', ref: 'presence' });
          for (const c of f['conversations'] as { conversation?: { id: string }; id?: string }[]) {
            const id = c.conversation?.id ?? c.id;
            if (id !== undefined) setTimeout(() => send({ type: 'conversation.close', conversationId: id }), 300);
          }
        }
        for (const r of offers) {
          if (a.ignoresOffers) continue;
          setTimeout(
            () => {
              const reject = Math.random() < 0.25;
              send({
                type: reject ? 'offer.reject' : 'offer.accept',
                reservationId: r.id,
                ref: `${reject ? 'rej' : 'acc'}:${r.id}`,
              });
            },
            50 + Math.random() * 250,
          );
        }
        if (f['type'] === 'ack' && typeof f['ref'] === 'string' && f['ref'].startsWith('acc:')) {
          a.acceptedAcks.push(f['ref'].slice(4));
        }
        if (f['type'] === 'conversation.assigned') {
          const c = f['conversation'] as { conversation?: { id: string }; id?: string };
          const id = c.conversation?.id ?? c.id;
          if (id !== undefined) {
            setTimeout(() => send({ type: 'conversation.close', conversationId: id }), 300 + Math.random() * 500);
          }
        }
      };
      const connect = (a: AgentClient) => {
        const ws = new WebSocket(
          `${route(a.home).replace('http', 'ws')}/v1/agent/stream?token=${tokens[Number(a.id.slice(4))] ?? ''}`,
        );
        a.socket = ws;
        ws.on('message', (d: Buffer) => handleFrame(a, d.toString('utf8')));
        ws.on('error', () => undefined);
        ws.on('close', () => {
          if (stopped || a.socket !== ws) return;
          // The instance went away: reconnect through the load balancer (another instance).
          setTimeout(() => connect(a), 300);
        });
      };
      for (let i = 0; i < AGENTS; i++) {
        const a: AgentClient = {
          id: `agt_${i}`,
          home: i % 3,
          socket: null,
          ignoresOffers: i >= AGENTS - 3,
          acceptedAcks: [],
        };
        agents.push(a);
        connect(a);
      }

      // Capacity sampler: raw rows, every 100 ms, for the whole run.
      const overCapacity: string[] = [];
      sampler = (async () => {
        while (sampling) {
          const [convs, pending] = await Promise.all([
            s.listConversations({ status: ['agent'] }),
            s.listReservations({ status: ['pending'] }),
          ]).catch(() => [[], []] as const);
          const load = new Map<string, Set<string>>();
          const add = (agentId: string | null, conv: string) => {
            if (agentId === null) return;
            load.set(agentId, (load.get(agentId) ?? new Set()).add(conv));
          };
          for (const c of convs) add(c.assignedAgentId, c.id);
          for (const r of pending) add(r.agentId, r.conversationId);
          for (const [agentId, set] of load) if (set.size > CAPACITY) overCapacity.push(`${agentId}: ${set.size}`);
          await sleep(100);
        }
      })();

      // Customers: one every ARRIVAL_GAP_MS through instance i % 3; one in five leaves after 1–3 s if still waiting.
      const conversations: { id: string; token: string; via: number }[] = [];
      const ackedTurns: { conversationId: string; turnId: string }[] = [];
      const errors: string[] = [];
      const leaving: Promise<void>[] = [];
      let killedAt = 0;
      const killC = async () => {
        const c = instances[2];
        instances[2] = null;
        killedAt = Date.now();
        await c?.kill();
      };
      const customers = (async () => {
        for (let i = 0; i < CUSTOMERS; i++) {
          const via = i % 3;
          try {
            const created = await post(via, '/v1/conversations', { customer: { externalId: `rc-${i}` } });
            const conv = created.json['conversation'] as { id: string };
            const token = created.json['token'] as string;
            conversations.push({ id: conv.id, token, via });
            const asked = await post(
              via,
              `/v1/conversations/${conv.id}/turns`,
              {
                role: 'customer',
                text: 'let me talk to a real person',
              },
              token,
            );
            if (asked.status !== 201) errors.push(`turn ${asked.status} ${JSON.stringify(asked.json)}`);
            else ackedTurns.push({ conversationId: conv.id, turnId: (asked.json['turn'] as { id: string }).id });
            if (i % 5 === 4) {
              leaving.push(
                (async () => {
                  await sleep(1000 + Math.random() * 2000);
                  const c = await s.getConversation(conv.id);
                  if (c?.status === 'queued') {
                    const res = await post(via, `/v1/conversations/${conv.id}/close`, {}, token);
                    if (res.status >= 500) errors.push(`close ${res.status}`);
                  }
                })(),
              );
            }
          } catch (err) {
            // Only requests that were in flight to the instance at the moment it was killed may fail.
            if (instances[via] !== null || Date.now() - killedAt > 1000) errors.push(String(err));
          }
          // Kill C once offers it made are pending (customers routed through C, an ignoring agent holding one).
          if (killedAt === 0 && i >= 15) {
            const pending = await s.listReservations({ status: ['pending'] });
            const viaC = new Set(conversations.filter((c) => c.via === 2).map((c) => c.id));
            if (pending.some((r) => viaC.has(r.conversationId))) await killC();
          }
          await sleep(ARRIVAL_GAP_MS);
        }
      })();
      await customers;
      if (killedAt === 0) await killC();
      await Promise.all(leaving);

      // While C is down, past the offer timeout: nothing may stay pending past its expiry.
      await sleep(Math.max(0, killedAt + OFFER_TIMEOUT_S * 1000 + EXPIRY_SLACK_MS - Date.now()));
      const overdueWhileDown = (await s.listReservations({ status: ['pending'] })).filter(
        (r) => r.expiresAt.getTime() < Date.now() - EXPIRY_SLACK_MS,
      );
      expect(overdueWhileDown.map((r) => `${r.id} expired ${Date.now() - r.expiresAt.getTime()} ms ago`)).toEqual([]);

      // Restart C on its port, let the floor settle.
      instances[2] = await startInstance(ports[2] ?? 0, env);
      await sleep(2_500);
      sampling = false;
      await sampler;

      // Hold the floor still before reading it: agents stop answering and go away (which withdraws their
      // pending offers), so no accept lands between the reads below. Acks are copied first: an ack is sent
      // only after its accept committed, so every copied ack must show as accepted in what we read next.
      quiet = true;
      const awayAcks = new Set<string>();
      for (const a of agents) {
        a.socket?.on('message', (d: Buffer) => {
          const f = JSON.parse(d.toString('utf8')) as { type?: string; ref?: string };
          if (f.type === 'ack' && f.ref === 'quiet') awayAcks.add(a.id);
        });
        if (a.socket?.readyState === WebSocket.OPEN) {
          a.socket.send(JSON.stringify({ type: 'presence.set', presence: 'away', ref: 'quiet' }));
        }
      }
      for (let i = 0; i < 50 && awayAcks.size < agents.length; i++) await sleep(100);
      await sleep(500);
      const acks = agents.map((a) => ({ id: a.id, accepted: [...a.acceptedAcks] }));

      expect(errors).toEqual([]);
      expect(overCapacity).toEqual([]);
      expect(conversations).toHaveLength(CUSTOMERS);
      // One consistent snapshot of the three tables (a timer still firing on an instance cannot tear the read).
      const checkedAt = Date.now();
      const snap = await snapshot(db.url);
      const reservations = snap.reservations;
      for (const c of conversations) {
        const conv = snap.conversations.get(c.id);
        const hs = snap.handoffs.filter((h) => h.conversationId === c.id);
        expect(hs, `handoffs of ${c.id}`).toHaveLength(1);
        const h = hs[0];
        if (h === undefined || conv === undefined) throw new Error('missing');
        const mine = reservations.filter((r) => r.handoffId === h.id);
        const accepted = mine.filter((r) => r.status === 'accepted');
        const pending = mine.filter((r) => r.status === 'pending');
        const where = `${h.id} (${h.status}), conversation ${c.id} (${conv.status})`;
        expect(accepted.length, `accepted offers of ${where}`).toBeLessThanOrEqual(1);
        switch (h.status) {
          case 'assigned':
            expect([conv.status, conv.assignedAgentId], where).toEqual(['agent', h.assignedAgentId]);
            expect(
              accepted.map((r) => r.agentId),
              where,
            ).toEqual([h.assignedAgentId]);
            break;
          case 'completed':
            expect(conv.status, where).toBe('closed');
            expect(
              accepted.map((r) => r.agentId),
              where,
            ).toEqual([h.assignedAgentId]);
            break;
          case 'abandoned':
            expect(conv.status, where).toBe('closed');
            expect(accepted, where).toEqual([]);
            break;
          case 'offered':
            expect(pending, where).toHaveLength(1);
            expect(pending[0]?.expiresAt.getTime() ?? 0, where).toBeGreaterThan(checkedAt - EXPIRY_SLACK_MS);
            break;
          case 'queued':
            expect(pending, where).toEqual([]);
            expect(conv.status, where).toBe('queued');
            break;
        }
        if (h.status !== 'offered') expect(pending, where).toEqual([]);
      }
      // Every acknowledged turn is stored; every acknowledged accept is the accepted offer.
      for (const t of ackedTurns) {
        expect((await s.listTurns(t.conversationId)).some((x) => x.id === t.turnId)).toBe(true);
      }
      const acceptedIds = new Set(reservations.filter((r) => r.status === 'accepted').map((r) => r.id));
      for (const a of acks) for (const id of a.accepted) expect(acceptedIds.has(id), `${a.id} ack ${id}`).toBe(true);
      // The run exercised what it claims to: offers timed out, were rejected, accepted, and customers left.
      const statuses = new Set(reservations.map((r) => r.status));
      expect([...statuses].sort()).toEqual(expect.arrayContaining(['accepted', 'rejected', 'timed_out']));
      expect(killedAt).toBeGreaterThan(0);
    }, 180_000);
  });
} else {
  describe('three instances, one killed mid-reservation and restarted', () => {
    it.skipIf(process.env['CI'] !== 'true')('runs in CI', () => {
      expect.fail('DATABASE_URL and NATS_URL must be set in CI');
    });
  });
}
