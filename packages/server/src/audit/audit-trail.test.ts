import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../start-server.ts';
import { createStore } from '../storage/create-store.ts';
import { connectSocket } from '../testing/ws-client.ts';
import { verifyAuditLog } from './verify-audit.ts';

/**
 * P4/P5 on a real history: a handoff leaves an audit trail (decision, offer, data access, accept, close),
 * `verifyAuditLog` passes on it, and fails naming the entry after each kind of tampering with the rows.
 */
describe('audit trail of a real handoff', () => {
  let dataDir = '';

  const tamper = async (statements: string[]): Promise<Awaited<ReturnType<typeof verifyAuditLog>>> => {
    const db = new PGlite(dataDir);
    try {
      await db.query('begin');
      for (const s of statements) await db.query(s);
      await db.query('commit');
    } finally {
      await db.close();
    }
    const store = await createStore({ dataDir, migrate: false });
    try {
      return await verifyAuditLog(store);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'baton-audit-'));
    const server = await startServer({ port: 0, demo: true, dataDir, botKeys: 'bot:k', logLevel: 'silent' });
    const post = async (path: string, body: unknown, token = 'k') =>
      (await (
        await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        })
      ).json()) as Record<string, unknown>;
    const login = await post('/v1/auth/login', { email: 'alice@demo.baton', password: 'demo' });
    const agent = await connectSocket(
      `${server.url.replace('http', 'ws')}/v1/agent/stream?token=${String(login['token'])}`,
    );
    await agent.next((f) => f['type'] === 'hello');
    agent.send({ type: 'presence.set', presence: 'available', ref: 'p' });
    await agent.next((f) => f['ref'] === 'p');
    const created = await post('/v1/conversations', {});
    const id = (created['conversation'] as { id: string }).id;
    await post(`/v1/conversations/${id}/turns`, { role: 'customer', text: 'I need to talk to a human please' });
    const offer = await agent.next<{ reservation: { id: string } }>((f) => f['type'] === 'offer');
    agent.send({ type: 'offer.accept', reservationId: offer.reservation.id, ref: 'a' });
    await agent.next((f) => f['ref'] === 'a');
    agent.send({ type: 'conversation.close', conversationId: id, ref: 'c' });
    await agent.next((f) => f['ref'] === 'c');
    await agent.close();
    // Audit writes are in the background: wait until the last lifecycle event is in.
    for (let i = 0; i < 100; i++) {
      const entries = await server.ctx.store.listAudit(0, 100);
      if (entries.some((e) => e.action === 'handoff.completed') && entries.some((e) => e.data['via'] === 'accept'))
        break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await server.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('records who did what, and why, and verifies', async () => {
    const store = await createStore({ dataDir, migrate: false });
    try {
      const entries = await store.listAudit(0, 100);
      const actions = entries.map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'handoff.created',
          'handoff.offered',
          'data.read',
          'handoff.accepted',
          'handoff.completed',
        ]),
      );
      expect(entries.find((e) => e.action === 'handoff.created')?.data).toMatchObject({
        rule: 'explicit_request',
        reasonCode: 'explicit_request',
      });
      expect(entries.filter((e) => e.action === 'data.read').every((e) => e.actor === 'agent:agt_alice')).toBe(true);
      expect(await verifyAuditLog(store)).toMatchObject({ ok: true, entries: entries.length });
    } finally {
      await store.close();
    }
  });

  it('fails naming the entry when one is edited', async () => {
    const v = await tamper([`update audit_log set data = jsonb_set(data, '{rule}', '"vip_tier"') where seq = 1`]);
    expect(v).toMatchObject({ ok: false, seq: 1, problem: 'edited' });
    await tamper([`update audit_log set data = jsonb_set(data, '{rule}', '"explicit_request"') where seq = 1`]);
  });

  it('fails naming the entry when one is removed', async () => {
    const v = await tamper([
      'create table audit_backup as select * from audit_log',
      'delete from audit_log where seq = 2',
    ]);
    expect(v).toMatchObject({ ok: false, seq: 3, problem: 'gap' });
    await tamper(['insert into audit_log select * from audit_backup where seq = 2']);
  });

  it('fails naming the entry when two are swapped', async () => {
    const v = await tamper([
      'update audit_log set seq = -2 where seq = 2',
      'update audit_log set seq = 2 where seq = 3',
      'update audit_log set seq = 3 where seq = -2',
    ]);
    expect(v).toMatchObject({ ok: false, seq: 2, problem: 'broken_link' });
  });
});
