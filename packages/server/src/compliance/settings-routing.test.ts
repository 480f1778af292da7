import { describe, expect, it } from 'vitest';
import { useDemoServer } from '../testing/demo-server.ts';
import { addDemoAdmin } from '../testing/demo-admin.ts';
import { connectSocket } from '../testing/ws-client.ts';
import { subjects, type QueueSettingsEvent } from '../realtime/subjects.ts';

/** A demo server of its own for a describe block, with an admin. */
const demoServerWithAdmin = () => useDemoServer({}, (server) => addDemoAdmin(server.ctx.store));

/** A settings change takes effect on the floor at once: routing re-reads agents and offers what now fits. */
describe('agent settings changed while customers wait', () => {
  const { server, j } = demoServerWithAdmin();

  it('offers a waiting handoff as soon as an admin raises the agent capacity', async () => {
    const admin = await j.login('ada@demo.baton');
    const one = await j.call('PATCH', '/v1/admin/agents/agt_alice', { capacity: { chat: 1 } }, admin);
    expect(one.status).toBe(200);
    const alice = await j.agentOnline('alice@demo.baton');
    const first = await j.handedOff('First');
    await j.accept(alice.socket, first.id);
    const second = await j.handedOff('Second');
    expect((await server().ctx.store.openHandoffForConversation(second.id))?.status).toBe('queued'); // alice is full
    const two = await j.call('PATCH', '/v1/admin/agents/agt_alice', { capacity: { chat: 2 } }, admin);
    expect(two.status).toBe(200);
    await j.accept(alice.socket, second.id); // offered without any other event
    await alice.socket.close();
  });
});

/** A queue edited while customers wait in it: they hear of it at once, on every instance's copy. */
describe('queue settings changed while customers wait', () => {
  const { server, j } = demoServerWithAdmin();

  it('tells a waiting customer the queue’s new name on their socket and in their next answer', async () => {
    const admin = await j.login('ada@demo.baton');
    const customer = await j.handedOff('Waiting'); // the demo agents are offline: it stays queued
    const socket = await connectSocket(j.wsUrl(`/v1/conversations/${customer.id}/stream?token=${customer.token}`));
    const say = async (text: string) =>
      (await j.call('POST', `/v1/conversations/${customer.id}/turns`, { role: 'customer', text }, customer.token)).json[
        'handoff'
      ] as { status: string; queueName: string };
    // A turn while waiting: its notice is now kept for this conversation (read again only after 5–10 s).
    const before = await say('still there?');
    expect(before.status).toBe('queued');
    const handoff = await server().ctx.store.openHandoffForConversation(customer.id);
    const queue = await server().ctx.store.getQueue(handoff!.queueId);
    expect(before.queueName).toBe(queue!.name);

    const { id, ...settings } = queue!;
    const renamed = await j.call('PUT', `/v1/admin/queues/${id}`, { ...settings, name: 'Billing help' }, admin);
    expect(renamed.status).toBe(200);
    const update = await socket.next<{ handoff: { queueName: string } }>(
      (f) => f['type'] === 'wait' && (f['handoff'] as { queueName: string }).queueName === 'Billing help',
      5_000,
    );
    expect(update.handoff.queueName).toBe('Billing help');
    expect((await say('and now?')).queueName).toBe('Billing help');
    await socket.close();
  });

  it('forgets a waiting customer’s kept notice when another instance announces the queue changed', async () => {
    const customer = await j.handedOff('Elsewhere');
    const say = async (text: string) =>
      (await j.call('POST', `/v1/conversations/${customer.id}/turns`, { role: 'customer', text }, customer.token)).json[
        'handoff'
      ] as { queueName: string };
    await say('hello?'); // the notice's basis (handoff, queue) is now kept here
    const handoff = await server().ctx.store.openHandoffForConversation(customer.id);
    const queue = await server().ctx.store.getQueue(handoff!.queueId);
    // What another instance's edit leaves behind: the row changed, and the event on the bus (no wait update here).
    await server().ctx.store.upsertQueue({ ...queue!, name: 'Renamed elsewhere' });
    expect((await say('still kept?')).queueName).toBe(queue!.name);
    const event: QueueSettingsEvent = { kind: 'queue_settings', queueId: queue!.id };
    await server().ctx.bus.publish(subjects.queueSettings(queue!.id), event);
    expect((await say('and now?')).queueName).toBe('Renamed elsewhere');
  });
});
