import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { journey } from '../testing/http-journey.ts';
import { connectSocket, type TestSocket } from '../testing/ws-client.ts';

/**
 * Agent actions over the real agent socket (A6, R9): transfer to a queue and to a colleague with the context,
 * hand back to the assistant, wrap-up; and the errors each frame can meet.
 */
describe('agent actions: transfer, hand back, wrap-up', () => {
  let server: RunningServer;
  const j = journey(() => server);
  let alice: { token: string; socket: TestSocket };
  let bob: { token: string; socket: TestSocket } | undefined;

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, assistant: true, logLevel: 'silent' });
    await server.ctx.store.upsertQueue({
      id: 'queue_billing',
      name: 'Billing',
      requiredSkills: {},
      languages: [],
      channels: ['chat'],
      priority: 0,
      slaSeconds: 120,
      offerTimeoutSeconds: 30,
    });
    alice = await j.agentOnline('alice@demo.baton');
  });
  afterAll(async () => {
    await alice?.socket.close();
    await bob?.socket.close();
    await server?.close();
  });

  it('lists transfer targets: every queue, every colleague but yourself', async () => {
    const ack = await j.command(alice.socket, { type: 'transfer.targets' });
    expect(ack['type']).toBe('ack');
    const frame = await alice.socket.next<{ targets: { queues: { name: string }[]; agents: { name: string }[] } }>(
      (f) => f['type'] === 'transfer.targets',
    );
    expect(frame.targets.queues.map((q) => q.name)).toEqual(['Billing', 'Support']);
    expect(frame.targets.agents.map((a) => a.name)).toEqual(['Bob Okafor', 'Sam Rivera']);
  });

  it('transfers to another queue with the note; the customer is told and a colleague gets the offer', async () => {
    const conv = await j.handedOff('Dana Reyes');
    await j.accept(alice.socket, conv.id);
    const customer = await connectSocket(j.wsUrl(`/v1/conversations/${conv.id}/stream?token=${conv.token}`));
    bob = await j.agentOnline('bob@demo.baton');

    const ack = await j.command(alice.socket, {
      type: 'conversation.transfer',
      conversationId: conv.id,
      target: { kind: 'queue', queueId: 'queue_billing' },
      note: 'Refund over the limit, needs billing',
    });
    expect(ack['type']).toBe('ack');
    const released = await alice.socket.next(
      (f) => f['type'] === 'conversation.released' && f['conversationId'] === conv.id,
    );
    expect(released).toMatchObject({ conversationId: conv.id, reason: 'transferred' });

    const notice = await customer.next<{ turn: { text: string } }>(
      (f) => f['type'] === 'turn' && (f['turn'] as { role: string }).role === 'system',
    );
    expect(notice.turn.text).toMatch(/Alice Martin is passing your conversation.*Billing team/);

    // Bob gets it (Alice declined it by transferring), with the reason and the whole transcript.
    const offer = await bob.socket.next<{
      context: { handoff: { queueId: string; reason: { agent: string } }; transcript: { text: string }[] };
    }>(
      (f) => f['type'] === 'offer' && (f['reservation'] as { conversationId: string }).conversationId === conv.id,
      10_000,
    );
    expect(offer.context.handoff.queueId).toBe('queue_billing');
    expect(offer.context.handoff.reason.agent).toContain('Refund over the limit, needs billing');
    expect(offer.context.handoff.reason.agent).toContain('First handed off because');
    expect(offer.context.transcript.map((t) => t.text)).toContain('can I talk to a human?');

    const handoffs = await server.ctx.store.handoffsForConversation(conv.id);
    expect(handoffs.map((h) => [h.queueId, h.status])).toEqual([
      ['q_support', 'completed'],
      ['queue_billing', 'offered'],
    ]);
    expect((await server.ctx.store.getConversation(conv.id))?.assignedAgentId).toBeNull();
    await customer.close();
  });

  it('transfers to a named colleague: the offer goes to them first', async () => {
    if (bob === undefined) throw new Error('Bob must be online');
    // Bob steps away so that Alice takes the new conversation, then comes back.
    expect((await j.command(bob.socket, { type: 'presence.set', presence: 'away' }))['type']).toBe('ack');
    const conv = await j.handedOff('Lee Chan');
    await j.accept(alice.socket, conv.id);
    expect((await j.command(bob.socket, { type: 'presence.set', presence: 'available' }))['type']).toBe('ack');
    const ack = await j.command(alice.socket, {
      type: 'conversation.transfer',
      conversationId: conv.id,
      target: { kind: 'agent', agentId: 'agt_bob' },
    });
    expect(ack['type']).toBe('ack');
    const offered = await bob.socket.next<{
      reservation: { agentId: string };
      context: { handoff: { queueId: string } };
    }>(
      (f) => f['type'] === 'offer' && (f['reservation'] as { conversationId: string }).conversationId === conv.id,
      10_000,
    );
    expect(offered.reservation.agentId).toBe('agt_bob');
    expect(offered.context.handoff.queueId).toBe('q_support');
  });

  it('hands back to the assistant: status assistant, customer told, the assistant answers again; then wrap-up', async () => {
    await bob?.socket.close();
    await server.ctx.handoffs.setPresence('agt_bob', 'offline');
    bob = undefined;
    const conv = await j.handedOff('Sam Patel');
    await j.accept(alice.socket, conv.id);
    const customer = await connectSocket(j.wsUrl(`/v1/conversations/${conv.id}/stream?token=${conv.token}`));
    const handoffId = (await server.ctx.store.openHandoffForConversation(conv.id))?.id ?? '';

    // Wrap-up waits until the handoff has ended.
    const early = await j.command(alice.socket, {
      type: 'wrapup.submit',
      handoffId,
      disposition: 'resolved',
      notes: 'too early',
      handoffNeeded: true,
    });
    expect(early).toMatchObject({ type: 'error', error: { code: 'handoff_still_open' } });

    expect((await j.command(alice.socket, { type: 'conversation.hand_back', conversationId: conv.id }))['type']).toBe(
      'ack',
    );
    const status = await customer.next<{ conversation: { status: string }; handoff: unknown }>(
      (f) => f['type'] === 'status' && (f['conversation'] as { status: string }).status === 'assistant',
    );
    expect(status.handoff).toBeNull();
    const notice = await customer.next<{ turn: { text: string } }>(
      (f) =>
        f['type'] === 'turn' &&
        (f['turn'] as { role: string }).role === 'system' &&
        /handed you back/.test((f['turn'] as { text: string }).text),
    );
    expect(notice.turn.text).toContain('Alice Martin has handed you back to our virtual assistant');
    expect(
      await alice.socket.next((f) => f['type'] === 'conversation.released' && f['conversationId'] === conv.id),
    ).toMatchObject({
      conversationId: conv.id,
      handoffId,
      reason: 'handed_back',
    });
    expect((await server.ctx.store.getHandoff(handoffId))?.status).toBe('completed');

    const asked = await j.call(
      'POST',
      `/v1/conversations/${conv.id}/turns`,
      { role: 'customer', text: 'Where is my order?' },
      conv.token,
    );
    expect((asked.json['conversation'] as { status: string }).status).toBe('assistant');
    const answer = await customer.next<{ turn: { text: string } }>(
      (f) => f['type'] === 'turn' && (f['turn'] as { role: string }).role === 'assistant',
      10_000,
    );
    expect(answer.turn.text).toMatch(/order/i);

    const wrap = await j.command(alice.socket, {
      type: 'wrapup.submit',
      handoffId,
      disposition: 'handed_back',
      notes: 'Only needed the tracking link.',
      handoffNeeded: false,
    });
    expect(wrap['type']).toBe('ack');
    expect(await server.ctx.store.getWrapUp(handoffId)).toMatchObject({
      agentId: 'agt_alice',
      disposition: 'handed_back',
      notes: 'Only needed the tracking link.',
      handoffNeeded: false,
    });
    await customer.close();
  });

  it('refuses bad frames with stable codes and keeps the socket open', async () => {
    const conv = await j.handedOff('Ira Novak');
    await j.accept(alice.socket, conv.id);
    const cases: [object, string][] = [
      [
        { type: 'conversation.transfer', conversationId: conv.id, target: { kind: 'queue', queueId: 'q_nope' } },
        'queue_not_found',
      ],
      [
        { type: 'conversation.transfer', conversationId: conv.id, target: { kind: 'agent', agentId: 'agt_alice' } },
        'transfer_to_self',
      ],
      [
        { type: 'conversation.transfer', conversationId: conv.id, target: { kind: 'agent', agentId: 'agt_nobody' } },
        'agent_not_found',
      ],
      [{ type: 'conversation.transfer', conversationId: conv.id, target: { kind: 'team' } }, 'invalid_frame'],
      [{ type: 'conversation.hand_back', conversationId: 'conv_missing' }, 'conversation_not_found'],
      [
        { type: 'wrapup.submit', handoffId: 'ho_x', disposition: 'great', notes: '', handoffNeeded: true },
        'invalid_frame',
      ],
      [
        { type: 'wrapup.submit', handoffId: 'ho_missing', disposition: 'resolved', notes: '', handoffNeeded: true },
        'handoff_not_found',
      ],
    ];
    for (const [frame, code] of cases) {
      expect(await j.command(alice.socket, frame)).toMatchObject({ type: 'error', error: { code } });
    }
    // Someone else's conversation and someone else's handoff.
    const bobToken = await j.login('bob@demo.baton');
    const intruder = await connectSocket(j.wsUrl(`/v1/agent/stream?token=${bobToken}`));
    await intruder.next((f) => f['type'] === 'hello');
    expect(await j.command(intruder, { type: 'conversation.hand_back', conversationId: conv.id })).toMatchObject({
      error: { code: 'forbidden' },
    });
    const closedHandoff = (await server.ctx.store.listHandoffs({ status: ['completed'] }))[0]?.id ?? '';
    expect(
      await j.command(intruder, {
        type: 'wrapup.submit',
        handoffId: closedHandoff,
        disposition: 'resolved',
        notes: '',
        handoffNeeded: true,
      }),
    ).toMatchObject({ error: { code: 'forbidden' } });
    await intruder.close();
    // Still open: the conversation is still Alice's.
    expect((await j.command(alice.socket, { type: 'conversation.close', conversationId: conv.id }))['type']).toBe(
      'ack',
    );
  });
});
