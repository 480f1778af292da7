import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { journey } from '../testing/http-journey.ts';
import { addDemoAdmin } from '../testing/demo-admin.ts';

/** A settings change takes effect on the floor at once: routing re-reads agents and offers what now fits. */
describe('agent settings changed while customers wait', () => {
  let server: RunningServer;
  let j: ReturnType<typeof journey>;

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, logLevel: 'silent', botKeys: 'bot:k' });
    j = journey(() => server);
    await addDemoAdmin(server.ctx.store);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('offers a waiting handoff as soon as an admin raises the agent capacity', async () => {
    const admin = await j.login('ada@demo.baton');
    const one = await j.call('PATCH', '/v1/admin/agents/agt_alice', { capacity: { chat: 1 } }, admin);
    expect(one.status).toBe(200);
    const alice = await j.agentOnline('alice@demo.baton');
    const first = await j.handedOff('First');
    await j.accept(alice.socket, first.id);
    const second = await j.handedOff('Second');
    expect((await server.ctx.store.openHandoffForConversation(second.id))?.status).toBe('queued'); // alice is full
    const two = await j.call('PATCH', '/v1/admin/agents/agt_alice', { capacity: { chat: 2 } }, admin);
    expect(two.status).toBe(200);
    await j.accept(alice.socket, second.id); // offered without any other event
    await alice.socket.close();
  });
});
