/**
 * The ConsultStore half of the BatonStore contract: one open consult per conversation (also when several
 * instances start one at once), compare-and-set status changes, filters, and the side thread in order.
 */
import { describe, expect, it } from 'vitest';
import type { BatonStore, Consult, ConsultMessage } from '@baton/core';
import { aConversation, aHandoff, aQueue, at, expectCode, type StoreContext } from './store-fixtures.ts';

const aConsult = (id: string, over: Partial<Consult> = {}): Consult => ({
  id,
  conversationId: 'conv_1',
  handoffId: 'ho_1',
  ownerId: 'agt_owner',
  colleagueId: 'agt_colleague',
  note: 'Is this refund within policy?',
  status: 'requested',
  endReason: null,
  createdAt: at(30),
  acceptedAt: null,
  endedAt: null,
  ...over,
});

const aMessage = (id: string, over: Partial<ConsultMessage> = {}): ConsultMessage => ({
  id,
  consultId: 'cst_1',
  authorId: 'agt_owner',
  text: 'Customer wants 200 back',
  createdAt: at(40),
  ...over,
});

/** Registers the consult tests; `ctx` gives the store of the running test and its peers. */
export const registerConsultContract = (ctx: StoreContext): void => {
  const store = (): BatonStore => ctx.store();
  const assignedConversation = async (conversationId = 'conv_1', handoffId = 'ho_1'): Promise<void> => {
    if ((await store().getQueue('q')) === null) await store().upsertQueue(aQueue('q'));
    await store().createConversation(aConversation(conversationId, { status: 'agent', assignedAgentId: 'agt_owner' }));
    await store().createHandoff(
      aHandoff(handoffId, conversationId, 'q', { status: 'assigned', assignedAgentId: 'agt_owner' }),
    );
  };

  describe('consults', () => {
    it('round-trips a consult and refuses a second open one on the same conversation', async () => {
      await assignedConversation();
      await store().createConsult(aConsult('cst_1'));
      expect(await store().getConsult('cst_1')).toEqual(aConsult('cst_1'));
      expect(await store().getConsult('cst_missing')).toBeNull();
      await expectCode(store().createConsult(aConsult('cst_2', { colleagueId: 'agt_other' })), 'consult_already_open');
      await expectCode(store().createConsult(aConsult('cst_1', { conversationId: 'conv_1' })), 'consult_exists');
      await expectCode(
        store().createConsult(aConsult('cst_3', { conversationId: 'conv_missing' })),
        'conversation_not_found',
      );
    });

    it('allows a new consult once the previous one ended', async () => {
      await assignedConversation();
      await store().createConsult(aConsult('cst_1'));
      const ended = await store().updateConsult(
        aConsult('cst_1', { status: 'declined', endReason: 'declined', endedAt: at(35) }),
        'requested',
      );
      expect(ended).toEqual(aConsult('cst_1', { status: 'declined', endReason: 'declined', endedAt: at(35) }));
      await store().createConsult(aConsult('cst_2', { createdAt: at(36) }));
      expect((await store().listConsults({ conversationId: 'conv_1' })).map((c) => c.id)).toEqual(['cst_1', 'cst_2']);
    });

    it('changes status by compare-and-set only, and never the identity fields', async () => {
      await assignedConversation();
      await store().createConsult(aConsult('cst_1'));
      const accepted = aConsult('cst_1', { status: 'active', acceptedAt: at(32) });
      expect(await store().updateConsult(accepted, 'requested')).toEqual(accepted);
      // A second accept (another instance, a double click) loses.
      expect(await store().updateConsult(accepted, 'requested')).toBeNull();
      const moved = await store().updateConsult(
        { ...accepted, ownerId: 'agt_mallory', status: 'transferred', endReason: 'transferred', endedAt: at(50) },
        'active',
      );
      expect(moved?.ownerId).toBe('agt_owner');
      expect(moved?.status).toBe('transferred');
      expect(await store().updateConsult(aConsult('cst_missing'), 'requested')).toBeNull();
    });

    it('lists by agent on either side, conversation and status, oldest first', async () => {
      await assignedConversation('conv_1', 'ho_1');
      await assignedConversation('conv_2', 'ho_2');
      await store().createConsult(aConsult('cst_1', { status: 'ended', endReason: 'ended_by_owner', endedAt: at(31) }));
      await store().createConsult(
        aConsult('cst_2', {
          conversationId: 'conv_2',
          handoffId: 'ho_2',
          ownerId: 'agt_colleague',
          colleagueId: 'agt_x',
          createdAt: at(20),
        }),
      );
      await store().createConsult(aConsult('cst_3', { createdAt: at(40) }));
      const ids = async (f: Parameters<BatonStore['listConsults']>[0]) =>
        (await store().listConsults(f)).map((c) => c.id);
      expect(await ids({})).toEqual(['cst_2', 'cst_1', 'cst_3']);
      expect(await ids({ agentId: 'agt_colleague' })).toEqual(['cst_2', 'cst_1', 'cst_3']);
      expect(await ids({ agentId: 'agt_x' })).toEqual(['cst_2']);
      expect(await ids({ agentId: 'agt_owner', status: ['requested', 'active'] })).toEqual(['cst_3']);
      expect(await ids({ conversationId: 'conv_2' })).toEqual(['cst_2']);
      expect(await ids({ status: [] })).toEqual([]);
    });

    it('keeps the side thread in order and refuses messages for an unknown consult', async () => {
      await assignedConversation();
      await store().createConsult(aConsult('cst_1'));
      await store().addConsultMessage(
        aMessage('cm_2', { createdAt: at(45), authorId: 'agt_colleague', text: 'Yes, up to 250' }),
      );
      await store().addConsultMessage(aMessage('cm_1'));
      expect(await store().listConsultMessages('cst_1')).toEqual([
        aMessage('cm_1'),
        aMessage('cm_2', { createdAt: at(45), authorId: 'agt_colleague', text: 'Yes, up to 250' }),
      ]);
      expect(await store().listConsultMessages('cst_missing')).toEqual([]);
      await expectCode(store().addConsultMessage(aMessage('cm_3', { consultId: 'cst_missing' })), 'consult_not_found');
      await expectCode(store().addConsultMessage(aMessage('cm_1')), 'consult_message_exists');
    });

    it('wipes consult notes and messages with the transcript (retention), keeping the rows', async () => {
      await store().upsertQueue(aQueue('q'));
      await store().createConversation(aConversation('conv_1', { status: 'closed', closedAt: at(100) }));
      await store().createHandoff(aHandoff('ho_1', 'conv_1', 'q', { status: 'completed', endedAt: at(100) }));
      await store().createConsult(aConsult('cst_1', { status: 'ended', endReason: 'ended_by_owner', endedAt: at(90) }));
      await store().addConsultMessage(aMessage('cm_1', { text: 'Customer Dana, card ending 4417' }));
      // Only the consult holds free text: retention must still find the conversation.
      const wiped = await store().expireTranscripts(at(200), 10);
      expect(wiped.conversationIds).toEqual(['conv_1']);
      expect((await store().getConsult('cst_1'))?.note).toBe('');
      expect((await store().listConsultMessages('cst_1')).map((m) => [m.id, m.text])).toEqual([['cm_1', '']]);
      expect((await store().expireTranscripts(at(200), 10)).conversationIds).toEqual([]);
    });

    it('lets exactly one of several instances open a consult on a conversation at once', async () => {
      await assignedConversation();
      const stores = ctx.instances();
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (stores[i % stores.length] ?? store()).createConsult(aConsult(`cst_${i}`, { colleagueId: `agt_${i}` })).then(
            () => 'created',
            (e: unknown) => (e as { code?: string }).code ?? 'other',
          ),
        ),
      );
      expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'consult_already_open')).toHaveLength(5);
      expect(await store().listConsults({ conversationId: 'conv_1', status: ['requested', 'active'] })).toHaveLength(1);
    });
  });
};
