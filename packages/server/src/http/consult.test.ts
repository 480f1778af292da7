import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, BusSubscription } from '@baton/core';
import { startServer, type RunningServer } from '../start-server.ts';
import { journey } from '../testing/http-journey.ts';
import { connectSocket, type TestSocket } from '../testing/ws-client.ts';

type Frame = Record<string, unknown>;
interface ConsultFrame {
  consult: { id: string; status: string; endReason: string | null; note: string; messages: { text: string }[] };
}

/** Matches a `consult.updated` frame with that status, for a conversation id or a consult id. */
const consultIs =
  (status: string, conversationOrConsultId: string) =>
  (f: Frame): boolean => {
    if (f['type'] !== 'consult.updated') return false;
    const c = f['consult'] as { id: string; status: string; conversationId: string };
    return c.status === status && (c.conversationId === conversationOrConsultId || c.id === conversationOrConsultId);
  };

/**
 * Consult (warm) transfer over the real agent socket (R9, A6): request, accept, the private side thread, the
 * colleague's read access, warm transfer with capacity checked, the ways a consult ends, and the errors.
 */
describe('consult and warm transfer', () => {
  let server: RunningServer;
  const j = journey(() => server);
  let alice: { token: string; socket: TestSocket };
  let bob: { token: string; socket: TestSocket };
  /** Every bus event, to show where side-thread text travels (and where it never does). */
  const events: { subject: string; event: Frame }[] = [];
  let tap: BusSubscription;
  let bot: TestSocket;

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, assistant: true, logLevel: 'silent' });
    tap = await server.ctx.bus.subscribe('baton.>', (event, subject) =>
      events.push({ subject, event: event as Frame }),
    );
    alice = await j.agentOnline('alice@demo.baton');
    bot = await connectSocket(j.wsUrl('/v1/bot/stream'), { authorization: 'Bearer demo-bot-key' });
  });
  afterAll(async () => {
    await tap?.unsubscribe();
    await bot?.close();
    await alice?.socket.close();
    await bob?.socket.close();
    await server?.close();
  });

  /** A conversation Alice owns (Bob away while it is routed, so it cannot go to him). */
  /** The audit log once `ready` holds for it (entries are written just after the frames), within 10 s. */
  const auditWhen = async (ready: (entries: AuditEntry[]) => boolean): Promise<AuditEntry[]> => {
    const until = Date.now() + 10_000;
    for (;;) {
      const entries = await server.ctx.store.listAudit(0, 10_000);
      if (ready(entries) || Date.now() > until) return entries;
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const aliceOwns = async (name: string): Promise<{ id: string; token: string }> => {
    if (bob !== undefined) await j.command(bob.socket, { type: 'presence.set', presence: 'away' });
    const conv = await j.handedOff(name);
    await j.accept(alice.socket, conv.id);
    if (bob !== undefined) await j.command(bob.socket, { type: 'presence.set', presence: 'available' });
    return conv;
  };

  const startConsult = async (conversationId: string, note: string): Promise<string> => {
    const ack = await j.command(alice.socket, { type: 'consult.start', conversationId, agentId: 'agt_bob', note });
    expect(ack['type']).toBe('ack');
    const asked = await bob.socket.next<ConsultFrame>(consultIs('requested', conversationId));
    return asked.consult.id;
  };

  it('runs a consult: request, accept with read access, a private side thread, then a warm transfer', async () => {
    bob = await j.agentOnline('bob@demo.baton');
    const conv = await aliceOwns('Dana Reyes');
    const customer = await connectSocket(j.wsUrl(`/v1/conversations/${conv.id}/stream?token=${conv.token}`));
    const bobLoadBefore = (await server.ctx.store.listAgentLoads()).find((l) => l.agent.id === 'agt_bob')?.active;

    const consultId = await startConsult(conv.id, 'Refund over my limit?');
    const ownerSees = await alice.socket.next<ConsultFrame>(consultIs('requested', conv.id));
    expect(ownerSees.consult).toMatchObject({ id: consultId, note: 'Refund over my limit?', endReason: null });
    const request = bob.socket.frames.find(consultIs('requested', conv.id)) as unknown as {
      consult: { owner: { name: string }; customerName: string };
    };
    expect(request.consult).toMatchObject({ owner: { name: 'Alice Martin' }, customerName: 'Dana Reyes' });
    // Before accepting, the colleague has read nothing of the conversation.
    expect(bob.socket.frames.some((f) => f['type'] === 'consult.context')).toBe(false);

    expect((await j.command(bob.socket, { type: 'consult.accept', consultId }))['type']).toBe('ack');
    const context = await bob.socket.next<{
      context: { transcript: { text: string }[]; conversation: { id: string } };
    }>((f) => f['type'] === 'consult.context' && f['consultId'] === consultId);
    expect(context.context.conversation.id).toBe(conv.id);
    expect(context.context.transcript.map((t) => t.text)).toContain('can I talk to a human?');
    await alice.socket.next(consultIs('active', conv.id));

    // A consult takes none of the colleague's capacity.
    const bobLoadDuring = (await server.ctx.store.listAgentLoads()).find((l) => l.agent.id === 'agt_bob')?.active;
    expect(bobLoadDuring).toEqual(bobLoadBefore);

    // The customer keeps talking to Alice; Bob follows the conversation live.
    await j.call(
      'POST',
      `/v1/conversations/${conv.id}/turns`,
      { role: 'customer', text: 'It was 240 euros' },
      conv.token,
    );
    const live = await bob.socket.next<{ consultId: string; turn: { text: string } }>(
      (f) => f['type'] === 'consult.turn' && (f['turn'] as { text: string }).text === 'It was 240 euros',
    );
    expect(live.consultId).toBe(consultId);

    const secretA = 'INTERNAL-A: customer sounds like a churn risk';
    const secretB = 'INTERNAL-B: approve up to 250, I can take it';
    expect((await j.command(alice.socket, { type: 'consult.message', consultId, text: secretA }))['type']).toBe('ack');
    expect((await j.command(bob.socket, { type: 'consult.message', consultId, text: secretB }))['type']).toBe('ack');
    for (const s of [alice.socket, bob.socket]) {
      for (const text of [secretA, secretB]) {
        const m = await s.next<{ message: { text: string; authorName: string } }>(
          (f) => f['type'] === 'consult.message' && (f['message'] as { text: string }).text === text,
        );
        expect(m.message.authorName).toBe(text === secretA ? 'Alice Martin' : 'Bob Okafor');
      }
    }

    // Warm transfer: Bob gets the conversation directly; the customer is told a colleague is joining.
    expect((await j.command(alice.socket, { type: 'consult.transfer', consultId }))['type']).toBe('ack');
    await alice.socket.next((f) => f['type'] === 'conversation.released' && f['conversationId'] === conv.id);
    const assigned = await bob.socket.next<{ conversation: { conversation: { id: string; assignedAgentId: string } } }>(
      (f) =>
        f['type'] === 'conversation.assigned' &&
        (f['conversation'] as { conversation: { id: string } }).conversation.id === conv.id,
    );
    expect(assigned.conversation.conversation.assignedAgentId).toBe('agt_bob');
    const done = await bob.socket.next<ConsultFrame>(consultIs('transferred', conv.id));
    expect(done.consult.messages.map((m) => m.text)).toEqual([secretA, secretB]);
    const told = await customer.next<{ turn: { text: string } }>(
      (f) => f['type'] === 'turn' && /asked a colleague, Bob Okafor/.test((f['turn'] as { text: string }).text),
    );
    expect(told.turn.text).toContain('Alice Martin has asked a colleague, Bob Okafor, to take over');
    await customer.next(
      (f) => f['type'] === 'turn' && (f['turn'] as { text: string }).text === 'Bob Okafor has joined the conversation.',
    );

    // Assigned once: the first handoff completed, the second assigned to Bob through one accepted offer.
    const handoffs = await server.ctx.store.handoffsForConversation(conv.id);
    expect(handoffs.map((h) => [h.status, h.assignedAgentId])).toEqual([
      ['completed', 'agt_alice'],
      ['assigned', 'agt_bob'],
    ]);
    const second = handoffs[1]?.id ?? '';
    const offers = await server.ctx.store.listReservations({ handoffId: second });
    expect(offers.map((r) => [r.agentId, r.status])).toEqual([['agt_bob', 'accepted']]);
    expect((await server.ctx.store.getConversation(conv.id))?.assignedAgentId).toBe('agt_bob');

    // Bob now owns it: he can write to the customer; Alice cannot any more.
    expect(
      (await j.command(bob.socket, { type: 'message.send', conversationId: conv.id, text: 'Hi, Bob here.' }))['type'],
    ).toBe('ack');
    expect(
      await j.command(alice.socket, { type: 'message.send', conversationId: conv.id, text: 'still me?' }),
    ).toMatchObject({ error: { code: 'forbidden' } });

    // Privacy: the side thread never reached the customer socket, the customer's view, the bot stream, or
    // any bus event other than the two agents' own subjects (webhooks and audit are built from lifecycle events).
    await customer.next((f) => f['type'] === 'turn' && (f['turn'] as { text: string }).text === 'Hi, Bob here.');
    const view = await j.call('GET', `/v1/conversations/${conv.id}`, undefined, conv.token);
    for (const text of [secretA, secretB, 'Refund over my limit?']) {
      expect(JSON.stringify(customer.frames)).not.toContain(text);
      expect(JSON.stringify(view.json)).not.toContain(text);
      expect(JSON.stringify(bot.frames)).not.toContain(text);
      const carriers = events.filter((e) => JSON.stringify(e.event).includes(text));
      expect(carriers.length).toBeGreaterThan(0);
      expect([...new Set(carriers.map((e) => e.subject))].sort()).toEqual([
        'baton.agent.agt_alice',
        'baton.agent.agt_bob',
      ]);
    }
    expect(JSON.stringify(customer.frames)).not.toContain('consult');
    expect(JSON.stringify(view.json)).not.toContain('consult');

    // The audit trail has each step and the colleague's read, never the messages. Entries are written just
    // after the frames go out, so wait for them rather than for a fixed time.
    const audit = await auditWhen(
      (entries) =>
        entries.filter((e) => e.subject === `consult:${consultId}`).length >= 3 &&
        entries.some((e) => e.action === 'data.read' && e.actor === 'agent:agt_bob'),
    );
    const mine = audit.filter((e) => e.subject === `consult:${consultId}`);
    expect(mine.map((e) => [e.action, e.actor])).toEqual([
      ['consult.requested', 'agent:agt_alice'],
      ['consult.accepted', 'agent:agt_bob'],
      ['consult.transferred', 'agent:agt_alice'],
    ]);
    expect(mine[2]?.data).toMatchObject({ toAgentId: 'agt_bob', direct: true });
    const read = audit.find(
      (e) => e.action === 'data.read' && e.actor === 'agent:agt_bob' && e.subject === `conversation:${conv.id}`,
    );
    expect(read?.data).toMatchObject({ via: 'consult', consultId });
    expect(JSON.stringify(audit)).not.toContain('INTERNAL-');
    // After a reconnect the new owner still has the thread with the conversation.
    await bob.socket.close();
    bob = { token: bob.token, socket: await connectSocket(j.wsUrl(`/v1/agent/stream?token=${bob.token}`)) };
    const hello = await bob.socket.next<{
      consults: { consult: { id: string; status: string; messages: { text: string }[] } }[];
    }>((f) => f['type'] === 'hello');
    const kept = hello.consults.find((c) => c.consult.id === consultId);
    expect(kept?.consult.status).toBe('transferred');
    expect(kept?.consult.messages.map((m) => m.text)).toEqual([secretA, secretB]);
    await customer.close();
    expect((await j.command(bob.socket, { type: 'conversation.close', conversationId: conv.id }))['type']).toBe('ack');
  });

  it('refuses a warm transfer over the colleague capacity, changing nothing', async () => {
    const bobAgent = await server.ctx.store.getAgent('agt_bob');
    if (bobAgent === null) throw new Error('no Bob');
    const conv = await aliceOwns('Lee Chan');
    const consultId = await startConsult(conv.id, 'Can you take this one?');
    expect((await j.command(bob.socket, { type: 'consult.accept', consultId }))['type']).toBe('ack');
    // Bob is busy with another chat and may carry only one.
    await j.command(alice.socket, { type: 'presence.set', presence: 'away' });
    const other = await j.handedOff('Ira Novak');
    await j.accept(bob.socket, other.id);
    await j.command(alice.socket, { type: 'presence.set', presence: 'available' });
    await server.ctx.store.upsertAgent({ ...bobAgent, capacity: { ...bobAgent.capacity, chat: 1 } });

    expect(await j.command(alice.socket, { type: 'consult.transfer', consultId })).toMatchObject({
      type: 'error',
      error: { code: 'colleague_at_capacity' },
    });
    expect((await server.ctx.store.getConversation(conv.id))?.assignedAgentId).toBe('agt_alice');
    expect((await server.ctx.store.getConsult(consultId))?.status).toBe('active');
    expect((await server.ctx.store.handoffsForConversation(conv.id)).map((h) => h.status)).toEqual(['assigned']);

    // Away is refused the same way, before anything moves.
    await server.ctx.store.upsertAgent({ ...bobAgent, capacity: { ...bobAgent.capacity, chat: 3 } });
    await j.command(bob.socket, { type: 'presence.set', presence: 'away' });
    expect(await j.command(alice.socket, { type: 'consult.transfer', consultId })).toMatchObject({
      error: { code: 'colleague_unavailable' },
    });
    await j.command(bob.socket, { type: 'presence.set', presence: 'available' });

    // Freed, the transfer goes through and Bob carries two chats.
    await j.command(bob.socket, { type: 'conversation.close', conversationId: other.id });
    await server.ctx.store.upsertAgent({ ...bobAgent, capacity: { ...bobAgent.capacity, chat: 1 } });
    expect((await j.command(alice.socket, { type: 'consult.transfer', consultId }))['type']).toBe('ack');
    await bob.socket.next(
      (f) =>
        f['type'] === 'conversation.assigned' &&
        (f['conversation'] as { conversation: { id: string } }).conversation.id === conv.id,
    );
    const load = (await server.ctx.store.listAgentLoads()).find((l) => l.agent.id === 'agt_bob');
    expect(load?.active.chat).toBe(1);
    await server.ctx.store.upsertAgent({ ...bobAgent, capacity: { ...bobAgent.capacity, chat: 3 } });
    await j.command(bob.socket, { type: 'conversation.close', conversationId: conv.id });
  });

  it('routes the chat through the queue, not lost, when the colleague fills up at the last instant', async () => {
    const conv = await aliceOwns('Kai Ito');
    const consultId = await startConsult(conv.id, 'a race');
    await j.command(bob.socket, { type: 'consult.accept', consultId });
    // The capacity check passes; then Bob's slot goes (another instance offers him a chat) before the reservation.
    const store = server.ctx.store;
    const reserve = store.reserve.bind(store);
    let refused = 0;
    store.reserve = (r, channel) => {
      if (refused === 0 && r.agentId === 'agt_bob') {
        refused += 1;
        return Promise.resolve({ type: 'agent_unavailable' });
      }
      return reserve(r, channel);
    };
    try {
      expect((await j.command(alice.socket, { type: 'consult.transfer', consultId }))['type']).toBe('ack');
    } finally {
      store.reserve = reserve;
    }
    expect(refused).toBe(1);
    await alice.socket.next((f) => f['type'] === 'conversation.released' && f['conversationId'] === conv.id);
    // Routed as usual: Bob, free again, gets a normal offer for it.
    const offer = await bob.socket.next<{ reservation: { id: string } }>(
      (f) => f['type'] === 'offer' && (f['reservation'] as { conversationId: string }).conversationId === conv.id,
    );
    const handoffs = await server.ctx.store.handoffsForConversation(conv.id);
    expect(handoffs.map((h) => h.status)).toEqual(['completed', 'offered']);
    const audit = await auditWhen((entries) =>
      entries.some((e) => e.action === 'consult.transferred' && e.subject === `consult:${consultId}`),
    );
    expect(
      audit.find((e) => e.action === 'consult.transferred' && e.subject === `consult:${consultId}`)?.data,
    ).toMatchObject({
      direct: false,
    });
    expect((await j.command(bob.socket, { type: 'offer.accept', reservationId: offer.reservation.id }))['type']).toBe(
      'ack',
    );
    expect((await j.command(bob.socket, { type: 'conversation.close', conversationId: conv.id }))['type']).toBe('ack');
  });

  it('ends a consult: owner ends, colleague leaves or declines, the conversation closes', async () => {
    const conv = await aliceOwns('Sam Patel');
    // Declined.
    let consultId = await startConsult(conv.id, 'first');
    expect((await j.command(bob.socket, { type: 'consult.decline', consultId }))['type']).toBe('ack');
    expect((await alice.socket.next<ConsultFrame>(consultIs('declined', consultId))).consult.endReason).toBe(
      'declined',
    );
    // Withdrawn before Bob answered: his request card goes, and accepting it now fails.
    consultId = await startConsult(conv.id, 'withdrawn');
    expect((await j.command(alice.socket, { type: 'consult.end', consultId }))['type']).toBe('ack');
    expect((await bob.socket.next<ConsultFrame>(consultIs('ended', consultId))).consult.endReason).toBe(
      'ended_by_owner',
    );
    expect(await j.command(bob.socket, { type: 'consult.accept', consultId })).toMatchObject({
      error: { code: 'consult_not_pending' },
    });
    // Ended by the owner.
    consultId = await startConsult(conv.id, 'second');
    await j.command(bob.socket, { type: 'consult.accept', consultId });
    expect((await j.command(alice.socket, { type: 'consult.end', consultId }))['type']).toBe('ack');
    expect((await bob.socket.next<ConsultFrame>(consultIs('ended', consultId))).consult.endReason).toBe(
      'ended_by_owner',
    );
    expect(await j.command(bob.socket, { type: 'consult.message', consultId, text: 'late' })).toMatchObject({
      error: { code: 'consult_not_active' },
    });
    // Left by the colleague: no more live turns for him.
    consultId = await startConsult(conv.id, 'third');
    await j.command(bob.socket, { type: 'consult.accept', consultId });
    expect((await j.command(bob.socket, { type: 'consult.end', consultId }))['type']).toBe('ack');
    expect((await alice.socket.next<ConsultFrame>(consultIs('ended', consultId))).consult.endReason).toBe(
      'left_by_colleague',
    );
    await j.call('POST', `/v1/conversations/${conv.id}/turns`, { role: 'customer', text: 'after he left' }, conv.token);
    await alice.socket.next((f) => f['type'] === 'turn' && (f['turn'] as { text: string }).text === 'after he left');
    expect(
      bob.socket.frames.some(
        (f) => f['type'] === 'consult.turn' && (f['turn'] as { text: string }).text === 'after he left',
      ),
    ).toBe(false);
    // The conversation closes while a consult is open: it ends with it.
    consultId = await startConsult(conv.id, 'fourth');
    await j.command(bob.socket, { type: 'consult.accept', consultId });
    await j.command(alice.socket, { type: 'conversation.close', conversationId: conv.id });
    expect((await bob.socket.next<ConsultFrame>(consultIs('ended', consultId))).consult.endReason).toBe(
      'conversation_moved',
    );
    expect(await j.command(alice.socket, { type: 'consult.transfer', consultId })).toMatchObject({
      error: { code: 'consult_not_active' },
    });
  });

  it('refuses bad consult frames with stable codes and keeps the socket open', async () => {
    const conv = await aliceOwns('Noor Haddad');
    const cases: [object, string][] = [
      [{ type: 'consult.start', conversationId: conv.id, agentId: 'agt_alice' }, 'consult_to_self'],
      [{ type: 'consult.start', conversationId: conv.id, agentId: 'agt_nobody' }, 'agent_not_found'],
      // Sam has not signed in: offline.
      [{ type: 'consult.start', conversationId: conv.id, agentId: 'agt_sam' }, 'colleague_offline'],
      [{ type: 'consult.start', conversationId: 'conv_missing', agentId: 'agt_bob' }, 'conversation_not_found'],
      [{ type: 'consult.accept', consultId: 'cst_missing' }, 'consult_not_found'],
      [{ type: 'consult.end', consultId: 'cst_missing' }, 'consult_not_found'],
      [{ type: 'consult.message', consultId: 'cst_missing', text: '   ' }, 'invalid_frame'],
      [{ type: 'consult.transfer' }, 'invalid_frame'],
    ];
    for (const [frame, code] of cases) {
      expect(await j.command(alice.socket, frame)).toMatchObject({ type: 'error', error: { code } });
    }
    const consultId = await startConsult(conv.id, 'only one at a time');
    expect(
      await j.command(alice.socket, { type: 'consult.start', conversationId: conv.id, agentId: 'agt_bob' }),
    ).toMatchObject({ error: { code: 'consult_already_open' } });
    // Only the colleague answers a request; only the owner transfers; nobody else sees it.
    expect(await j.command(alice.socket, { type: 'consult.accept', consultId })).toMatchObject({
      error: { code: 'consult_not_found' },
    });
    expect(await j.command(alice.socket, { type: 'consult.transfer', consultId })).toMatchObject({
      error: { code: 'consult_not_active' },
    });
    await j.command(bob.socket, { type: 'consult.accept', consultId });
    expect(await j.command(bob.socket, { type: 'consult.accept', consultId })).toMatchObject({
      error: { code: 'consult_not_pending' },
    });
    expect(await j.command(bob.socket, { type: 'consult.transfer', consultId })).toMatchObject({
      error: { code: 'not_owner' },
    });
    expect(
      await j.command(bob.socket, { type: 'consult.start', conversationId: conv.id, agentId: 'agt_alice' }),
    ).toMatchObject({ error: { code: 'not_owner' } });
    const samToken = await j.login('sam@demo.baton');
    const sam = await connectSocket(j.wsUrl(`/v1/agent/stream?token=${samToken}`));
    await sam.next((f) => f['type'] === 'hello');
    for (const frame of [
      { type: 'consult.message', consultId, text: 'let me in' },
      { type: 'consult.end', consultId },
    ]) {
      expect(await j.command(sam, frame)).toMatchObject({ error: { code: 'consult_not_found' } });
    }
    await sam.close();
    // Both sockets still serve frames.
    alice.socket.send({ type: 'ping', ref: 'still-open' });
    await alice.socket.next((f) => f['type'] === 'pong' && f['ref'] === 'still-open');
    expect((await j.command(bob.socket, { type: 'consult.end', consultId }))['type']).toBe('ack');
  });

  it('restores open consults on reconnect, with the context for the colleague', async () => {
    const conv = await aliceOwns('Rae Kim');
    const consultId = await startConsult(conv.id, 'after a reconnect');
    await j.command(bob.socket, { type: 'consult.accept', consultId });
    await j.command(alice.socket, { type: 'consult.message', consultId, text: 'still there?' });
    await bob.socket.close();
    const again = await connectSocket(j.wsUrl(`/v1/agent/stream?token=${bob.token}`));
    bob = { token: bob.token, socket: again };
    const hello = await again.next<{
      consults: { consult: { id: string; messages: { text: string }[] }; context?: { conversation: { id: string } } }[];
    }>((f) => f['type'] === 'hello');
    const restored = hello.consults.find((s) => s.consult.id === consultId);
    expect(restored?.consult.messages.map((m) => m.text)).toEqual(['still there?']);
    expect(restored?.context?.conversation.id).toBe(conv.id);
    // Live turns reach the new socket too.
    await j.call('POST', `/v1/conversations/${conv.id}/turns`, { role: 'customer', text: 'hello again' }, conv.token);
    await again.next((f) => f['type'] === 'consult.turn' && (f['turn'] as { text: string }).text === 'hello again');
    await j.command(alice.socket, { type: 'conversation.close', conversationId: conv.id });
  });
});
