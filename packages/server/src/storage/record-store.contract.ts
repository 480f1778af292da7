/**
 * The ConversationRecordStore half of the BatonStore contract: consent choices (latest in force), one survey
 * answer per conversation, wrap-ups replaced per handoff, and a conversation's handoffs in order.
 */
import { describe, expect, it } from 'vitest';
import type { BatonStore, ConsentRecord, SurveyResponse, WrapUp } from '@baton/core';
import { aConversation, aHandoff, aQueue, at, expectCode, type StoreContext } from './store-fixtures.ts';

const aConsent = (id: string, over: Partial<ConsentRecord> = {}): ConsentRecord => ({
  id,
  conversationId: 'conv_1',
  recording: 'granted',
  wording: 'You are chatting with a virtual assistant. May we record this chat?',
  language: 'en',
  channel: 'chat',
  createdAt: at(1),
  ...over,
});

const aSurvey = (id: string, over: Partial<SurveyResponse> = {}): SurveyResponse => ({
  id,
  conversationId: 'conv_1',
  handoffId: null,
  agentId: null,
  rating: 4,
  comment: null,
  createdAt: at(5),
  ...over,
});

const aWrapUp = (over: Partial<WrapUp> = {}): WrapUp => ({
  handoffId: 'ho_1',
  conversationId: 'conv_1',
  agentId: 'agt_1',
  disposition: 'resolved',
  notes: 'Refund issued.',
  handoffNeeded: true,
  createdAt: at(9),
  ...over,
});

/** Registers the consent / survey / wrap-up tests; `ctx` gives the store of the running test. */
export const registerRecordContract = (ctx: StoreContext): void => {
  const store = (): BatonStore => ctx.store();

  describe('consent, survey and wrap-up records', () => {
    it('keeps every consent choice with its wording; the latest is in force', async () => {
      await store().createConversation(aConversation('conv_1'));
      expect(await store().latestConsent('conv_1')).toBeNull();
      await store().recordConsent(aConsent('con_1'));
      await store().recordConsent(aConsent('con_2', { recording: 'declined', createdAt: at(3), language: 'fr' }));
      expect(await store().latestConsent('conv_1')).toEqual(
        aConsent('con_2', { recording: 'declined', createdAt: at(3), language: 'fr' }),
      );
      await expectCode(
        store().recordConsent(aConsent('con_3', { conversationId: 'conv_missing' })),
        'conversation_not_found',
      );
    });

    it('stores one survey answer per conversation', async () => {
      await store().createConversation(aConversation('conv_1'));
      expect(await store().getSurvey('conv_1')).toBeNull();
      await store().saveSurvey(aSurvey('sur_1', { rating: 5, comment: 'Quick and kind' }));
      expect(await store().getSurvey('conv_1')).toEqual(aSurvey('sur_1', { rating: 5, comment: 'Quick and kind' }));
      await expectCode(store().saveSurvey(aSurvey('sur_2', { rating: 1 })), 'survey_already_answered');
      expect((await store().getSurvey('conv_1'))?.rating).toBe(5);
      await expectCode(
        store().saveSurvey(aSurvey('sur_3', { conversationId: 'conv_missing' })),
        'conversation_not_found',
      );
    });

    it('replaces a wrap-up submitted twice for the same handoff and lists handoffs oldest first', async () => {
      await store().upsertQueue(aQueue('q'));
      await store().createConversation(aConversation('conv_1'));
      await store().createHandoff(aHandoff('ho_1', 'conv_1', 'q', { status: 'completed', createdAt: at(10) }));
      await store().createHandoff(aHandoff('ho_2', 'conv_1', 'q', { createdAt: at(20) }));
      expect(await store().getWrapUp('ho_1')).toBeNull();
      expect(await store().saveWrapUp(aWrapUp())).toEqual(aWrapUp());
      const second = aWrapUp({
        disposition: 'follow_up',
        notes: 'Call back Friday',
        handoffNeeded: false,
        createdAt: at(12),
      });
      expect(await store().saveWrapUp(second)).toEqual(second);
      expect(await store().getWrapUp('ho_1')).toEqual(second);
      await expectCode(store().saveWrapUp(aWrapUp({ handoffId: 'ho_missing' })), 'handoff_not_found');
      expect((await store().handoffsForConversation('conv_1')).map((h) => h.id)).toEqual(['ho_1', 'ho_2']);
      expect(await store().handoffsForConversation('conv_other')).toEqual([]);
    });
  });
};
