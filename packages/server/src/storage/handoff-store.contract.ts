/**
 * The handoff half of the BatonStore contract: handoff lifecycle writes, `reserve()` and its capacity
 * rule, reservations, agent loads, and the races that must never double-assign.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { BatonStore, Handoff, Reservation, ReserveOutcome } from '@baton/core';
import {
  aConversation,
  aHandoff,
  anAgent,
  aQueue,
  aReservation,
  at,
  expectCode,
  type StoreContext,
} from './store-fixtures.ts';
import { AGENT_PAGE } from './drizzle/directory-queries.ts';

/** Registers handoff, reservation and race tests; `ctx` gives the store of the running test. */
export const registerHandoffContract = (ctx: StoreContext): void => {
  const store = (): BatonStore => ctx.store();

  /** A conversation with a queued handoff on it: ids `conv_<n>` and `h_<n>`. */
  const queuedHandoff = async (
    n: number,
    over: Parameters<typeof aHandoff>[3] = {},
    channel: 'chat' | 'voice' = 'chat',
  ) => {
    await store().createConversation(aConversation(`conv_${n}`, { status: 'queued', channel }));
    const h = aHandoff(`h_${n}`, `conv_${n}`, 'q1', over);
    await store().createHandoff(h);
    return h;
  };

  beforeEach(async () => {
    await store().upsertQueue(aQueue('q1'));
    await store().upsertQueue(aQueue('q2'));
  });

  describe('handoffs', () => {
    it('stores a handoff and allows only one open handoff per conversation', async () => {
      const h = await queuedHandoff(1);
      expect(await store().getHandoff('h_1')).toEqual(h);
      expect(await store().openHandoffForConversation('conv_1')).toEqual(h);
      await expectCode(
        store().createHandoff(aHandoff('h_2', 'conv_1', 'q1', { status: 'assigned' })),
        'handoff_already_open',
      );
      // Once the first one ends, the conversation can be handed off again.
      expect(await store().updateHandoff({ ...h, status: 'abandoned', endedAt: at(30) }, 'queued')).toMatchObject({
        status: 'abandoned',
      });
      expect(await store().openHandoffForConversation('conv_1')).toBeNull();
      await store().createHandoff(aHandoff('h_2', 'conv_1', 'q1'));
      expect((await store().openHandoffForConversation('conv_1'))?.id).toBe('h_2');
    });

    it('rejects unknown conversations and queues', async () => {
      await expectCode(store().createHandoff(aHandoff('h_1', 'conv_nope', 'q1')), 'conversation_not_found');
      await store().createConversation(aConversation('conv_1'));
      await expectCode(store().createHandoff(aHandoff('h_1', 'conv_1', 'q_nope')), 'queue_not_found');
      expect(await store().getHandoff('h_1')).toBeNull();
    });

    it('queues a handoff and its conversation together, or neither', async () => {
      await store().createConversation(aConversation('conv_1', { status: 'assistant' }));
      const h = aHandoff('h_1', 'conv_1', 'q1');
      const conv = await store().queueHandoff(h, at(40));
      expect(conv).toMatchObject({ id: 'conv_1', status: 'queued', updatedAt: at(40) });
      expect(await store().getHandoff('h_1')).toEqual(h);
      // A second open handoff is refused and the conversation is not touched again.
      await store().updateConversation('conv_1', { status: 'assistant', updatedAt: at(41) });
      await expectCode(store().queueHandoff(aHandoff('h_2', 'conv_1', 'q1'), at(42)), 'handoff_already_open');
      expect(await store().getConversation('conv_1')).toMatchObject({ status: 'assistant', updatedAt: at(41) });
      await expectCode(store().queueHandoff(aHandoff('h_3', 'conv_nope', 'q1'), at(43)), 'conversation_not_found');
      expect(await store().getHandoff('h_3')).toBeNull();
    });

    it('lists highest priority first, then oldest, with filters', async () => {
      await queuedHandoff(1, { priority: 5, createdAt: at(3) });
      await queuedHandoff(2, { priority: 9, createdAt: at(4) });
      await queuedHandoff(3, { priority: 5, createdAt: at(1) });
      await queuedHandoff(4, { priority: 7, status: 'assigned', queueId: 'q2' });
      const ids = async (f: Parameters<BatonStore['listHandoffs']>[0]) =>
        (await store().listHandoffs(f)).map((h) => h.id);
      expect(await ids({ status: ['queued'] })).toEqual(['h_2', 'h_3', 'h_1']);
      expect(await ids({})).toEqual(['h_2', 'h_4', 'h_3', 'h_1']);
      expect(await ids({ queueId: 'q2' })).toEqual(['h_4']);
      expect(await ids({ status: ['queued'], limit: 2 })).toEqual(['h_2', 'h_3']);
    });

    it('lists the most recently ended first when asked (history for wait estimates)', async () => {
      await queuedHandoff(1, { status: 'completed', priority: 9, createdAt: at(1), endedAt: at(50) });
      await queuedHandoff(2, { status: 'abandoned', createdAt: at(2), endedAt: at(70) });
      await queuedHandoff(3, { status: 'completed', createdAt: at(3), endedAt: at(60) });
      await queuedHandoff(4, { status: 'queued', createdAt: at(4) });
      const recent = await store().listHandoffs({
        status: ['completed', 'abandoned'],
        queueId: 'q1',
        order: 'recently_ended',
        limit: 2,
      });
      expect(recent.map((h) => h.id)).toEqual(['h_2', 'h_3']);
    });

    it('updates only while the stored status is the expected one', async () => {
      const h = await queuedHandoff(1);
      const offered = await store().updateHandoff(
        { ...h, status: 'offered', declinedBy: ['a9'], priority: 8 },
        'queued',
      );
      expect(offered).toEqual({ ...h, status: 'offered', declinedBy: ['a9'], priority: 8 });
      expect(await store().updateHandoff({ ...h, status: 'abandoned' }, 'queued')).toBeNull();
      expect(await store().getHandoff('h_1')).toEqual(offered);
    });

    it('keeps routing state with the handoff; a writer without it leaves it as it was (R3, R4, R6)', async () => {
      const routing = {
        skills: { billing: 6 },
        matched: ['enterprise', 'angry'],
        preferredAgentId: 'a1',
        preferredUntil: at(40).toISOString(),
        stepsQueueId: 'q1',
        step: 0,
        overrides: {},
      };
      const h = await queuedHandoff(1, { routing });
      expect(await store().getHandoff('h_1')).toEqual(h);
      expect((await store().listHandoffs({ status: ['queued'] }))[0]?.routing).toEqual(routing);
      const { routing: _dropped, ...withoutRouting } = h;
      expect((await store().updateHandoff({ ...withoutRouting, priority: 9 }, 'queued'))?.routing).toEqual(routing);
      const stepped = { ...routing, step: 1, overrides: { billing: 0 } };
      const moved = await store().updateHandoff({ ...h, queueId: 'q2', routing: stepped }, 'queued');
      expect(moved).toMatchObject({ queueId: 'q2', routing: stepped });
      expect(await store().getHandoff('h_1')).toEqual(moved);
      // A handoff made without routing reads back without it.
      await queuedHandoff(2);
      expect(await store().getHandoff('h_2')).not.toHaveProperty('routing');
    });

    it("finds the agent of a customer's most recently assigned handoff, across conversations (R4)", async () => {
      const dana = await store().upsertCustomer('cus_1', { email: 'dana@example.com' }, at(0));
      const other = await store().upsertCustomer('cus_2', { email: 'lee@example.com' }, at(0));
      expect(await store().lastAgentForCustomer(dana.id)).toBeNull();
      const handoffOf = async (n: number, customerId: string, over: Parameters<typeof aHandoff>[3]) => {
        await store().createConversation(aConversation(`conv_${n}`, { customerId, status: 'closed' }));
        await store().createHandoff(aHandoff(`h_${n}`, `conv_${n}`, 'q1', over));
      };
      await handoffOf(1, dana.id, { status: 'completed', assignedAgentId: 'a1', assignedAt: at(10), endedAt: at(20) });
      await handoffOf(2, dana.id, { status: 'completed', assignedAgentId: 'a2', assignedAt: at(30), endedAt: at(40) });
      await handoffOf(3, dana.id, { status: 'abandoned', endedAt: at(50) }); // never assigned: not a preference
      await handoffOf(4, other.id, { status: 'completed', assignedAgentId: 'a3', assignedAt: at(60), endedAt: at(70) });
      expect(await store().lastAgentForCustomer(dana.id)).toBe('a2');
      expect(await store().lastAgentForCustomer(other.id)).toBe('a3');
      expect(await store().lastAgentForCustomer('cus_nobody')).toBeNull();
    });
  });

  describe('reserve', () => {
    beforeEach(async () => {
      await store().upsertAgent(anAgent('a1', { capacity: { chat: 1, voice: 0 } }));
    });

    it('offers a queued handoff to an available agent with capacity', async () => {
      const h = await queuedHandoff(1);
      const r = aReservation('r1', h, 'a1');
      const out = await store().reserve(r, 'chat');
      expect(out).toEqual({ type: 'reserved', reservation: r, handoff: { ...h, status: 'offered' } });
      expect(await store().getHandoff('h_1')).toMatchObject({ status: 'offered' });
      expect(await store().getReservation('r1')).toEqual(r);
      expect(await store().listReservations({ agentId: 'a1', status: ['pending'] })).toEqual([r]);
      expect(await store().listReservations({ handoffId: 'h_9' })).toEqual([]);
    });

    it('refuses a handoff that is not queued', async () => {
      const h = await queuedHandoff(1, { status: 'offered' });
      expect(await store().reserve(aReservation('r1', h, 'a1'), 'chat')).toEqual({ type: 'handoff_not_queued' });
      expect(await store().getReservation('r1')).toBeNull();
    });

    it('refuses an agent who is not available or has no capacity on the channel', async () => {
      const h = await queuedHandoff(1, {}, 'voice');
      expect(await store().reserve(aReservation('r1', h, 'a1'), 'voice')).toEqual({ type: 'agent_unavailable' });
      await store().setPresence('a1', 'away', at(1));
      expect(await store().reserve(aReservation('r1', h, 'a1'), 'chat')).toEqual({ type: 'agent_unavailable' });
      expect(await store().getHandoff('h_1')).toMatchObject({ status: 'queued' });
    });

    it('counts pending offers and owned conversations on that channel only', async () => {
      await store().upsertAgent(anAgent('a2', { capacity: { chat: 2, voice: 1 } }));
      await store().createConversation(
        aConversation('owned_voice', { channel: 'voice', status: 'agent', assignedAgentId: 'a2' }),
      );
      await store().createConversation(aConversation('owned_chat', { status: 'agent', assignedAgentId: 'a2' }));
      await store().createConversation(aConversation('closed_chat', { status: 'closed', assignedAgentId: 'a2' }));
      const [h1, h2] = [await queuedHandoff(1), await queuedHandoff(2)];
      expect((await store().reserve(aReservation('r1', h1, 'a2'), 'chat')).type).toBe('reserved');
      // One owned + one pending = capacity 2.
      expect(await store().reserve(aReservation('r2', h2, 'a2'), 'chat')).toEqual({ type: 'agent_unavailable' });
      const loads = await store().listAgentLoads();
      expect(loads.map((l) => [l.agent.id, l.active])).toEqual([
        ['a1', {}],
        ['a2', { chat: 2, voice: 1 }],
      ]);
      expect(loads[0]?.agent).not.toHaveProperty('passwordHash');
    });

    it('lists every agent with their load when there are more than a page of them', async () => {
      // Three pages of the drizzle stores' read (AGENT_PAGE); the offer is on the last agent of the last page.
      const ids = Array.from({ length: AGENT_PAGE * 2 + 1 }, (_, i) => `b${String(i).padStart(5, '0')}`);
      for (let i = 0; i < ids.length; i += 50) {
        await Promise.all(ids.slice(i, i + 50).map((id) => store().upsertAgent(anAgent(id))));
      }
      const last = ids[ids.length - 1] ?? '';
      expect((await store().reserve(aReservation('r1', await queuedHandoff(1), last), 'chat')).type).toBe('reserved');
      const loads = await store().listAgentLoads();
      expect(loads.map((l) => l.agent.id)).toEqual(['a1', ...ids]);
      expect(loads.filter((l) => Object.keys(l.active).length > 0).map((l) => [l.agent.id, l.active])).toEqual([
        [last, { chat: 1 }],
      ]);
    });

    it('frees capacity when an offer is rejected and holds it from acceptance until the handoff ends', async () => {
      const [h1, h2] = [await queuedHandoff(1), await queuedHandoff(2)];
      await store().reserve(aReservation('r1', h1, 'a1'), 'chat');
      const rejected = await store().resolveReservation('r1', 'rejected', at(25));
      expect(rejected).toMatchObject({ status: 'rejected', respondedAt: at(25) });
      expect(await store().resolveReservation('r1', 'accepted', at(26))).toBeNull();
      await store().updateHandoff({ ...h1, status: 'queued', declinedBy: ['a1'] }, 'offered');
      expect((await store().reserve(aReservation('r2', h2, 'a1'), 'chat')).type).toBe('reserved');
      // Accepted, but the conversation is not yet marked `agent`: the offer still holds the slot.
      await store().resolveReservation('r2', 'accepted', at(27));
      expect(await store().reserve(aReservation('r3', h1, 'a1'), 'chat')).toEqual({ type: 'agent_unavailable' });
      await store().updateHandoff({ ...h2, status: 'assigned', assignedAgentId: 'a1', assignedAt: at(28) }, 'offered');
      await store().updateConversation('conv_2', { status: 'agent', assignedAgentId: 'a1' });
      expect((await store().listAgentLoads())[0]?.active).toEqual({ chat: 1 });
      await store().updateHandoff({ ...h2, status: 'completed', endedAt: at(40) }, 'assigned');
      await store().updateConversation('conv_2', { status: 'closed', closedAt: at(40) });
      expect((await store().listAgentLoads())[0]?.active).toEqual({});
      expect((await store().reserve(aReservation('r3', h1, 'a1'), 'chat')).type).toBe('reserved');
    });

    it('accepts an offer and assigns its handoff in one step, or writes nothing when either moved on', async () => {
      const [h1, h2] = [await queuedHandoff(1), await queuedHandoff(2)];
      await store().reserve(aReservation('r1', h1, 'a1'), 'chat');
      const assign = (h: Handoff): Handoff => ({ ...h, status: 'assigned', assignedAgentId: 'a1', assignedAt: at(30) });
      const done = await store().acceptReservation('r1', at(30), assign);
      expect(done?.reservation).toMatchObject({ id: 'r1', status: 'accepted', respondedAt: at(30) });
      expect(done?.handoff).toMatchObject({ id: h1.id, status: 'assigned', assignedAgentId: 'a1' });
      // The conversation and the agent moved in the same step.
      expect(done?.conversation).toMatchObject({ id: 'conv_1', status: 'agent', assignedAgentId: 'a1' });
      expect(await store().getConversation('conv_1')).toMatchObject({ status: 'agent', assignedAgentId: 'a1' });
      expect((await store().getAgent('a1'))?.lastAssignedAt).toEqual(at(30));
      expect(await store().acceptReservation('r1', at(31), assign)).toBeNull(); // no longer pending
      // The customer left while the offer was open: the handoff is abandoned, the reservation stays pending.
      await store().upsertAgent(anAgent('a2'));
      expect((await store().reserve(aReservation('r2', h2, 'a2'), 'chat')).type).toBe('reserved');
      await store().updateHandoff({ ...h2, status: 'abandoned', endedAt: at(32) }, 'offered');
      expect(await store().acceptReservation('r2', at(33), assign)).toBeNull();
      expect(await store().getReservation('r2')).toMatchObject({ status: 'pending', respondedAt: null });
      expect(await store().getHandoff(h2.id)).toMatchObject({ status: 'abandoned', assignedAgentId: null });
    });

    it('accepts an offer whose customer has just closed the conversation without reopening it', async () => {
      const h = await queuedHandoff(1);
      await store().reserve(aReservation('r1', h, 'a1'), 'chat');
      await store().updateConversation('conv_1', { status: 'closed', closedAt: at(29) });
      const assign = (x: Handoff): Handoff => ({ ...x, status: 'assigned', assignedAgentId: 'a1', assignedAt: at(30) });
      const done = await store().acceptReservation('r1', at(30), assign);
      expect(done?.handoff.status).toBe('assigned'); // the close path completes it
      expect(done?.conversation).toBeNull();
      expect(await store().getConversation('conv_1')).toMatchObject({ status: 'closed', assignedAgentId: null });
    });

    it('declines an offer and re-queues its handoff in one step, leaving a handoff that moved on alone', async () => {
      const [h1, h2] = [await queuedHandoff(1), await queuedHandoff(2)];
      await store().upsertAgent(anAgent('a2'));
      await store().reserve(aReservation('r1', h1, 'a1'), 'chat');
      await store().reserve(aReservation('r2', h2, 'a2'), 'chat');
      const requeue = (x: Handoff, r: Reservation): Handoff => ({ ...x, status: 'queued', declinedBy: [r.agentId] });
      const done = await store().declineReservation('r1', 'timed_out', at(30), requeue);
      expect(done?.reservation).toMatchObject({ id: 'r1', status: 'timed_out', respondedAt: at(30) });
      expect(done?.handoff).toMatchObject({ id: h1.id, status: 'queued', declinedBy: ['a1'] });
      expect(await store().getHandoff(h1.id)).toMatchObject({ status: 'queued', declinedBy: ['a1'] });
      expect(await store().declineReservation('r1', 'rejected', at(31), requeue)).toBeNull(); // no longer pending
      expect(await store().getReservation('r1')).toMatchObject({ status: 'timed_out' });
      // The customer left while the offer was open: the offer ends, the abandoned handoff stays abandoned.
      await store().updateHandoff({ ...h2, status: 'abandoned', endedAt: at(32) }, 'offered');
      const late = await store().declineReservation('r2', 'cancelled', at(33), requeue);
      expect(late?.reservation.status).toBe('cancelled');
      expect(late?.handoff).toBeNull();
      expect(await store().getHandoff(h2.id)).toMatchObject({ status: 'abandoned', declinedBy: [] });
    });

    it('throws for an unknown agent or handoff', async () => {
      const h = await queuedHandoff(1);
      await expectCode(store().reserve(aReservation('r1', h, 'a_nope'), 'chat'), 'agent_not_found');
      await expectCode(store().reserve(aReservation('r1', { ...h, id: 'h_nope' }, 'a1'), 'chat'), 'handoff_not_found');
      expect(await store().listReservations({})).toEqual([]);
    });
  });

  describe('races', () => {
    const spread = <T>(n: number, call: (s: BatonStore, i: number) => Promise<T>): Promise<T[]> => {
      const stores = ctx.instances();
      return Promise.all(Array.from({ length: n }, (_, i) => call(stores[i % stores.length] ?? store(), i)));
    };
    const reservedCount = (outs: ReserveOutcome[]) => outs.filter((o) => o.type === 'reserved').length;

    it('offers one handoff to exactly one of many agents reserving at once', async () => {
      const h = await queuedHandoff(1);
      for (let i = 0; i < 8; i++) await store().upsertAgent(anAgent(`a${i}`));
      const outs = await spread(8, (s, i) => s.reserve(aReservation(`r${i}`, h, `a${i}`), 'chat'));
      expect(reservedCount(outs)).toBe(1);
      expect(outs.filter((o) => o.type === 'handoff_not_queued')).toHaveLength(7);
      expect(await store().listReservations({ handoffId: 'h_1' })).toHaveLength(1);
    });

    it('gives an agent with capacity 1 exactly one of many handoffs reserved at once', async () => {
      await store().upsertAgent(anAgent('solo', { capacity: { chat: 1 } }));
      const hs: Handoff[] = [];
      for (let i = 0; i < 8; i++) hs.push(await queuedHandoff(i));
      const outs = await spread(8, (s, i) =>
        s.reserve(aReservation(`r${i}`, hs[i] ?? expect.fail('no handoff'), 'solo'), 'chat'),
      );
      expect(reservedCount(outs)).toBe(1);
      expect(await store().listReservations({ agentId: 'solo', status: ['pending'] })).toHaveLength(1);
      expect(await store().listHandoffs({ status: ['offered'] })).toHaveLength(1);
    });
  });
};
