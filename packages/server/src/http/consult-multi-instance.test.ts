import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { createTestDatabase, type TestDatabase } from '../storage/test-database.ts';
import { journey } from '../testing/http-journey.ts';
import { connectSocket, type TestSocket } from '../testing/ws-client.ts';

const databaseUrl = process.env['DATABASE_URL'];
const natsUrl = process.env['NATS_URL'];

type Frame = Record<string, unknown>;
const consultIs = (status: string, consultId: string) => (f: Frame) =>
  f['type'] === 'consult.updated' &&
  (f['consult'] as { id: string; status: string }).id === consultId &&
  (f['consult'] as { status: string }).status === status;

/**
 * A consult across instances on one PostgreSQL and one NATS (S2): the owner on A, the colleague on B; B
 * restarts in the middle and the colleague reconnects to the new instance with the consult and its thread
 * intact, still following the conversation live, and the warm transfer reaches them there.
 */
if (databaseUrl !== undefined && natsUrl !== undefined) {
  describe('consult across two instances and a restart', () => {
    let db: TestDatabase;
    let a: RunningServer;
    let b: RunningServer;
    let alice: TestSocket;
    let bob: TestSocket;
    const shared = {
      databaseUrl: '',
      natsUrl,
      secret: 'a-shared-secret-for-both-instances',
      logLevel: 'silent',
      demo: true,
    } as const;
    const ja = journey(() => a);
    const jb = journey(() => b);

    beforeAll(async () => {
      db = await createTestDatabase(databaseUrl);
      a = await startServer({ ...shared, databaseUrl: db.url, port: 0 });
      b = await startServer({ ...shared, databaseUrl: db.url, port: 0 });
    });
    afterAll(async () => {
      await alice?.close();
      await bob?.close();
      await a?.close();
      await b?.close();
      await db?.drop();
    });

    it('serves both agents from different instances, keeps the consult over a restart, and transfers', async () => {
      alice = (await ja.agentOnline('alice@demo.baton')).socket;
      const bobToken = await jb.login('bob@demo.baton');
      bob = await connectSocket(jb.wsUrl(`/v1/agent/stream?token=${bobToken}`));
      await bob.next((f) => f['type'] === 'hello');
      await jb.command(bob, { type: 'presence.set', presence: 'away' });
      const conv = await ja.handedOff('Dana Reyes');
      await ja.accept(alice, conv.id);

      expect(
        (
          await ja.command(alice, { type: 'consult.start', conversationId: conv.id, agentId: 'agt_bob', note: 'help?' })
        )['type'],
      ).toBe('ack');
      const asked = await bob.next<{ consult: { id: string } }>((f) => f['type'] === 'consult.updated', 10_000);
      const consultId = asked.consult.id;
      expect((await jb.command(bob, { type: 'consult.accept', consultId }))['type']).toBe('ack');
      await alice.next(consultIs('active', consultId), 10_000);
      expect((await jb.command(bob, { type: 'consult.message', consultId, text: 'from B' }))['type']).toBe('ack');
      await alice.next(
        (f) => f['type'] === 'consult.message' && (f['message'] as { text: string }).text === 'from B',
        10_000,
      );

      // B goes away (a deploy); Bob reconnects to a fresh instance.
      await bob.close();
      await b.close();
      b = await startServer({ ...shared, databaseUrl: db.url, port: 0 });
      bob = await connectSocket(jb.wsUrl(`/v1/agent/stream?token=${bobToken}`));
      const hello = await bob.next<{
        consults: { consult: { id: string; status: string; messages: { text: string }[] }; context?: unknown }[];
      }>((f) => f['type'] === 'hello');
      const restored = hello.consults.find((s) => s.consult.id === consultId);
      expect(restored?.consult.status).toBe('active');
      expect(restored?.consult.messages.map((m) => m.text)).toEqual(['from B']);
      expect(restored?.context).toBeDefined();

      // A customer turn taken on A reaches Bob on the new B.
      await ja.call('POST', `/v1/conversations/${conv.id}/turns`, { role: 'customer', text: 'still here' }, conv.token);
      await bob.next(
        (f) => f['type'] === 'consult.turn' && (f['turn'] as { text: string }).text === 'still here',
        10_000,
      );

      await jb.command(bob, { type: 'presence.set', presence: 'available' });
      expect((await ja.command(alice, { type: 'consult.transfer', consultId }))['type']).toBe('ack');
      await bob.next(
        (f) =>
          f['type'] === 'conversation.assigned' &&
          (f['conversation'] as { conversation: { id: string } }).conversation.id === conv.id,
        10_000,
      );
      expect((await a.ctx.store.getConversation(conv.id))?.assignedAgentId).toBe('agt_bob');
      expect((await b.ctx.store.getConsult(consultId))?.status).toBe('transferred');
    }, 60_000);
  });
} else {
  describe.skip('consult across instances (set DATABASE_URL and NATS_URL to run)', () => {
    it('needs PostgreSQL and NATS', () => undefined);
  });
}
