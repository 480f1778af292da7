/**
 * The AnalyticsStore half of the BatonStore contract: `loadAnalyticsRecords` returns exactly the records of
 * conversations created in [from, to) — their handoffs, offers, customer/agent turns (no system or
 * assistant turns), wrap-ups and surveys — plus later contacts of the same customers up to `contactsUntil`.
 */
import { describe, expect, it } from 'vitest';
import type { BatonStore } from '@baton/core';
import {
  aConversation,
  aHandoff,
  anAgent,
  aQueue,
  aReservation,
  aTurn,
  at,
  type StoreContext,
} from './store-fixtures.ts';

/** Registers the analytics read tests; `ctx` gives the store of the running test. */
export const registerAnalyticsContract = (ctx: StoreContext): void => {
  const store = (): BatonStore => ctx.store();

  describe('analytics records', () => {
    it('reads the records of conversations created in the range, and later contacts of their customers', async () => {
      const s = store();
      await s.upsertQueue(aQueue('q'));
      await s.upsertAgent(anAgent('agt_1'));
      await s.upsertCustomer('cus_1', { externalId: 'x1' }, at(0));
      await s.upsertCustomer('cus_2', { externalId: 'x2' }, at(0));
      // before the range, in it (two), after it (a repeat contact of cus_1), and far after (outside the window)
      await s.createConversation(aConversation('c_before', { customerId: 'cus_1', createdAt: at(50) }));
      await s.createConversation(aConversation('c_in1', { customerId: 'cus_1', createdAt: at(100) }));
      await s.createConversation(aConversation('c_in2', { createdAt: at(150) }));
      await s.createConversation(aConversation('c_after', { customerId: 'cus_1', createdAt: at(250) }));
      await s.createConversation(aConversation('c_far', { customerId: 'cus_1', createdAt: at(900) }));
      await s.createConversation(aConversation('c_other', { customerId: 'cus_2', createdAt: at(260) }));
      await s.appendTurn(aTurn('c_in1', 1, { createdAt: at(101) }));
      await s.appendTurn(aTurn('c_in1', 2, { role: 'system', createdAt: at(102) }));
      await s.appendTurn(aTurn('c_in1', 3, { role: 'agent', authorId: 'agt_1', createdAt: at(120) }));
      await s.appendTurn(aTurn('c_before', 1, { createdAt: at(51) }));
      const h = aHandoff('ho_1', 'c_in1', 'q', { createdAt: at(105) });
      await s.createHandoff(h);
      await s.createHandoff(aHandoff('ho_0', 'c_before', 'q', { createdAt: at(55), status: 'abandoned' }));
      await s.reserve(aReservation('res_1', h, 'agt_1', { createdAt: at(106), expiresAt: at(136) }), 'chat');
      await s.resolveReservation('res_1', 'accepted', at(110));
      const assigned = await s.updateHandoff(
        { ...h, status: 'completed', assignedAgentId: 'agt_1', assignedAt: at(110), endedAt: at(130) },
        'offered',
      );
      expect(assigned?.status).toBe('completed');
      await s.saveWrapUp({
        handoffId: 'ho_1',
        conversationId: 'c_in1',
        agentId: 'agt_1',
        disposition: 'resolved',
        notes: '',
        handoffNeeded: false,
        createdAt: at(131),
      });
      await s.saveSurvey({
        id: 'sur_1',
        conversationId: 'c_in1',
        handoffId: 'ho_1',
        agentId: 'agt_1',
        rating: 5,
        comment: null,
        createdAt: at(140),
      });
      await s.saveSurvey({
        id: 'sur_0',
        conversationId: 'c_before',
        handoffId: null,
        agentId: null,
        rating: 1,
        comment: null,
        createdAt: at(60),
      });

      const r = await s.loadAnalyticsRecords({ from: at(100), to: at(200), contactsUntil: at(300) });
      expect(r.conversations.map((c) => c.id)).toEqual(['c_in1', 'c_in2']);
      expect(r.handoffs.map((x) => [x.id, x.status, x.assignedAt])).toEqual([['ho_1', 'completed', at(110)]]);
      expect(r.reservations.map((x) => [x.id, x.status, x.respondedAt])).toEqual([['res_1', 'accepted', at(110)]]);
      expect(r.turns).toEqual([
        {
          conversationId: 'c_in1',
          seq: 1,
          role: 'customer',
          authorId: null,
          createdAt: at(101),
          annotations: {},
          decision: null,
        },
        {
          conversationId: 'c_in1',
          seq: 3,
          role: 'agent',
          authorId: 'agt_1',
          createdAt: at(120),
          annotations: {},
          decision: null,
        },
      ]);
      expect(r.wrapUps.map((w) => [w.handoffId, w.handoffNeeded])).toEqual([['ho_1', false]]);
      expect(r.surveys.map((x) => x.id)).toEqual(['sur_1']);
      expect(r.contacts).toEqual([
        { conversationId: 'c_in1', customerId: 'cus_1', createdAt: at(100) },
        { conversationId: 'c_after', customerId: 'cus_1', createdAt: at(250) },
      ]);
    });

    it('returns empty lists for an empty range', async () => {
      await store().createConversation(aConversation('c1', { createdAt: at(10) }));
      expect(await store().loadAnalyticsRecords({ from: at(20), to: at(30), contactsUntil: at(30) })).toEqual({
        conversations: [],
        handoffs: [],
        reservations: [],
        turns: [],
        wrapUps: [],
        surveys: [],
        contacts: [],
      });
    });
  });
};
