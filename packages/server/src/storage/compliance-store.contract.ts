/**
 * The ComplianceStore half of the BatonStore contract (P7): every consent choice in order, transcripts wiped
 * once their conversation has been closed long enough (in batches, oldest first, never twice), CRM
 * attributes cleared for customers not contacted since a cutoff, and a customer's erasure.
 */
import { describe, expect, it } from 'vitest';
import type { BatonStore, Decision } from '@baton/core';
import { wipeTurn } from './transcript-wipe.ts';
import { aConversation, aHandoff, aQueue, aTurn, at, expectCode, type StoreContext } from './store-fixtures.ts';

const decision: Decision = {
  kind: 'clarify',
  signals: [
    { name: 'explicit_request', score: 0.9, fired: true, evidence: "matched 'my card number is 4111'" },
    { name: 'negative_sentiment', score: 0.1, fired: false },
  ],
  rule: 'clarify',
  policyVersion: 'v1',
  priority: 3,
  reason: null,
  prompt: 'Could you tell me more?',
  clarificationAnswer: 'it is about my divorce',
};

/** A closed conversation with personal text in turns, slots, engine memory, a survey comment and a wrap-up. */
const closedWithText = async (s: BatonStore, id: string, closedAt: Date, customerId: string | null = null) => {
  await s.createConversation(aConversation(id, { customerId, status: 'closed', closedAt, updatedAt: closedAt }));
  await s.appendTurn(
    aTurn(id, 1, {
      text: 'My email is jane@example.com',
      annotations: { slots: { email: 'jane@example.com' }, intent: { name: 'billing', confidence: 0.9 } },
      decision,
      escalationState: { ...aTurn(id, 1).escalationState, recentCustomerTexts: ['my email is jane'], extra: { x: 1 } },
    }),
  );
  await s.appendTurn(aTurn(id, 2, { role: 'agent', text: 'Thanks Jane' }));
};

/** Registers the retention and subject-rights tests; `ctx` gives the store of the running test. */
export const registerComplianceContract = (ctx: StoreContext): void => {
  const store = (): BatonStore => ctx.store();

  describe('retention and subject rights', () => {
    it('lists every consent choice of a conversation, oldest first', async () => {
      await store().createConversation(aConversation('conv_1'));
      const base = {
        conversationId: 'conv_1',
        wording: 'May we record this chat?',
        language: 'en',
        channel: 'chat' as const,
      };
      await store().recordConsent({ ...base, id: 'con_b', recording: 'declined', createdAt: at(5) });
      await store().recordConsent({ ...base, id: 'con_a', recording: 'granted', createdAt: at(2) });
      expect((await store().listConsents('conv_1')).map((c) => [c.id, c.recording])).toEqual([
        ['con_a', 'granted'],
        ['con_b', 'declined'],
      ]);
      expect(await store().listConsents('conv_none')).toEqual([]);
    });

    it('wipes transcripts of conversations closed before the cutoff, oldest first, in batches, once', async () => {
      await closedWithText(store(), 'conv_old2', at(200));
      await closedWithText(store(), 'conv_old1', at(100));
      await closedWithText(store(), 'conv_recent', at(1000));
      await store().createConversation(aConversation('conv_open'));
      await store().appendTurn(aTurn('conv_open', 1));

      expect(await store().expireTranscripts(at(500), 1)).toEqual({ conversationIds: ['conv_old1'], turns: 2 });
      expect(await store().expireTranscripts(at(500), 10)).toEqual({ conversationIds: ['conv_old2'], turns: 2 });
      expect(await store().expireTranscripts(at(500), 10)).toEqual({ conversationIds: [], turns: 0 });

      const [t1, t2] = await store().listTurns('conv_old1');
      expect(t1).toMatchObject({ seq: 1, role: 'customer', text: '', annotations: { intent: { name: 'billing' } } });
      expect(t1?.annotations.slots).toBeUndefined();
      expect(t1?.escalationState).toMatchObject({ recentCustomerTexts: [], extra: {} });
      expect(t1?.decision).toEqual({
        ...decision,
        clarificationAnswer: undefined,
        signals: [
          { name: 'explicit_request', score: 0.9, fired: true },
          { name: 'negative_sentiment', score: 0.1, fired: false },
        ],
      });
      expect(JSON.stringify(await store().listTurns('conv_old1'))).not.toMatch(/jane|divorce|4111/i);
      expect(t2?.text).toBe('');
      // The SQL wipe and the in-memory one agree.
      expect(t1).toEqual(wipeTurn(t1!));
      // Not yet due, or not closed: untouched.
      expect((await store().listTurns('conv_recent'))[0]?.text).toBe('My email is jane@example.com');
      expect((await store().listTurns('conv_open'))[0]?.text).toBe('message 1');
    });

    it('wipes survey comments and wrap-up notes with the transcript', async () => {
      await closedWithText(store(), 'conv_1', at(100));
      await store().upsertQueue(aQueue('q_1'));
      await store().createHandoff(aHandoff('ho_1', 'conv_1', 'q_1', { status: 'completed', endedAt: at(90) }));
      await store().saveWrapUp({
        handoffId: 'ho_1',
        conversationId: 'conv_1',
        agentId: 'agt_1',
        disposition: 'resolved',
        notes: 'Jane lost her husband',
        handoffNeeded: true,
        createdAt: at(95),
      });
      await store().saveSurvey({
        id: 'sv_1',
        conversationId: 'conv_1',
        handoffId: 'ho_1',
        agentId: 'agt_1',
        rating: 5,
        comment: 'Thanks, call me on 555-0100',
        createdAt: at(99),
      });
      await store().expireTranscripts(at(500), 10);
      expect(await store().getWrapUp('ho_1')).toMatchObject({ notes: '', disposition: 'resolved' });
      expect(await store().getSurvey('conv_1')).toMatchObject({ comment: null, rating: 5 });
      expect(await store().expireTranscripts(at(500), 10)).toEqual({ conversationIds: [], turns: 0 });
    });

    it('wipes one conversation on demand, open or closed, whatever its age (P1 discard)', async () => {
      await closedWithText(store(), 'conv_1', at(1000));
      await closedWithText(store(), 'conv_2', at(1000));
      expect(await store().wipeTranscript('conv_1')).toEqual({ conversationIds: ['conv_1'], turns: 2 });
      expect((await store().listTurns('conv_1')).map((t) => t.text)).toEqual(['', '']);
      expect((await store().listTurns('conv_2'))[0]?.text).toBe('My email is jane@example.com');
      expect(await store().wipeTranscript('conv_1')).toEqual({ conversationIds: ['conv_1'], turns: 0 });
      expect(await store().wipeTranscript('conv_none')).toEqual({ conversationIds: [], turns: 0 });
    });

    it("replaces stored turns' text, decision and engine state by id, leaving the rest as it was", async () => {
      await closedWithText(store(), 'conv_1', at(100));
      const [t1, t2] = await store().listTurns('conv_1');
      if (t1 === undefined || t2 === undefined) throw new Error('turns missing');
      const redactedState = { ...t1.escalationState, recentCustomerTexts: ['my email is [EMAIL]'] };
      await store().replaceTurnContent([
        { id: t1.id, text: 'My email is [EMAIL]', decision: null, escalationState: redactedState },
      ]);
      const [r1, r2] = await store().listTurns('conv_1');
      expect(r1).toEqual({ ...t1, text: 'My email is [EMAIL]', decision: null, escalationState: redactedState });
      expect(r2).toEqual(t2);
      await store().replaceTurnContent([]);
      expect(await store().listTurns('conv_1')).toEqual([r1, r2]);
    });

    it('clears CRM attributes of customers not contacted since the cutoff', async () => {
      const old = await store().upsertCustomer(
        'cus_old',
        { email: 'old@example.com', attributes: { tier: 'gold' } },
        at(0),
      );
      await store().upsertCustomer('cus_back', { email: 'back@example.com', attributes: { tier: 'silver' } }, at(0));
      await store().createConversation(aConversation('conv_back', { customerId: 'cus_back', createdAt: at(900) }));
      await store().upsertCustomer('cus_new', { email: 'new@example.com', attributes: { tier: 'bronze' } }, at(800));
      await store().upsertCustomer('cus_empty', { email: 'empty@example.com' }, at(0));
      // Every sensitive field is already in its final form (clear without encryption, current key with it).
      expect(await store().resealSensitiveFields(10)).toBe(0);
      expect(await store().expireCrmData(at(500), 10)).toEqual(['cus_old']);
      expect(await store().getCustomer('cus_old')).toEqual({ ...old, attributes: {} });
      expect((await store().getCustomer('cus_back'))?.attributes).toEqual({ tier: 'silver' });
      expect((await store().getCustomer('cus_new'))?.attributes).toEqual({ tier: 'bronze' });
      expect(await store().expireCrmData(at(500), 10)).toEqual([]);
    });

    it('erases a customer: identity and attributes cleared, every transcript wiped, ids kept', async () => {
      await store().upsertCustomer(
        'cus_1',
        {
          externalId: 'crm-7',
          name: 'Jane Doe',
          email: 'jane@example.com',
          phone: '+15550100',
          attributes: { tier: 'gold' },
        },
        at(0),
      );
      await closedWithText(store(), 'conv_a', at(100), 'cus_1');
      await closedWithText(store(), 'conv_b', at(5000), 'cus_1');
      await closedWithText(store(), 'conv_other', at(100));
      expect(await store().eraseCustomer('cus_1')).toEqual({ conversationIds: ['conv_a', 'conv_b'], turns: 4 });
      expect(await store().getCustomer('cus_1')).toMatchObject({
        id: 'cus_1',
        externalId: null,
        name: null,
        email: null,
        phone: null,
        attributes: {},
      });
      expect(JSON.stringify(await store().listTurns('conv_b'))).not.toMatch(/jane/i);
      expect((await store().getConversation('conv_a'))?.customerId).toBe('cus_1');
      expect((await store().listTurns('conv_other'))[0]?.text).toBe('My email is jane@example.com');
      // A new contact with the old e-mail is a new customer: nothing links back to the erased one.
      const again = await store().upsertCustomer('cus_2', { email: 'jane@example.com' }, at(6000));
      expect(again.id).toBe('cus_2');
    });

    it('finds customers by e-mail (any case), phone or external id, oldest first', async () => {
      await store().upsertCustomer('cus_a', { email: 'Jane@Example.com', attributes: { tier: 'gold' } }, at(1));
      await store().upsertCustomer('cus_b', { phone: '+15550100', externalId: 'crm-9' }, at(2));
      await store().upsertCustomer('cus_c', { email: 'other@example.com' }, at(3));
      const ids = async (q: Parameters<BatonStore['findCustomers']>[0]) =>
        (await store().findCustomers(q)).map((c) => c.id);
      expect(await store().findCustomers({ email: 'jane@example.COM' })).toEqual([
        expect.objectContaining({ id: 'cus_a', attributes: { tier: 'gold' } }),
      ]);
      expect(await ids({ phone: '+15550100' })).toEqual(['cus_b']);
      expect(await ids({ externalId: 'crm-9', email: 'jane@example.com' })).toEqual(['cus_a', 'cus_b']);
      expect(await ids({ email: 'nobody@example.com' })).toEqual([]);
      expect(await ids({})).toEqual([]);
    });

    it('refuses to erase an unknown customer, or one with a conversation still open', async () => {
      await expectCode(store().eraseCustomer('cus_missing'), 'customer_not_found');
      await store().upsertCustomer('cus_1', { name: 'Jane Doe' }, at(0));
      await store().createConversation(aConversation('conv_live', { customerId: 'cus_1' }));
      await store().appendTurn(aTurn('conv_live', 1, { text: 'hello, Jane here' }));
      await expectCode(store().eraseCustomer('cus_1'), 'conversation_open');
      expect((await store().getCustomer('cus_1'))?.name).toBe('Jane Doe');
      expect((await store().listTurns('conv_live'))[0]?.text).toBe('hello, Jane here');
    });
  });
};
