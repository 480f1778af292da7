import { asc, desc, eq } from 'drizzle-orm';
import type { ConversationRecordStore } from '@baton/core';
import type { BatonDb } from '../database.ts';
import { guarded } from '../driver-errors.ts';
import { consents, handoffs, surveys, wrapUps } from '../schema.ts';

/** ConversationRecordStore (consent, survey, wrap-up) over drizzle. */
export const drizzleRecordStore = (db: BatonDb): ConversationRecordStore => ({
  recordConsent: (c) =>
    guarded(async () => {
      await db.insert(consents).values(c);
    }),

  latestConsent: (conversationId) =>
    guarded(async () => {
      const [row] = await db
        .select()
        .from(consents)
        .where(eq(consents.conversationId, conversationId))
        .orderBy(desc(consents.createdAt), desc(consents.id))
        .limit(1);
      return row ?? null;
    }),

  saveSurvey: (s) =>
    guarded(async () => {
      await db.insert(surveys).values(s);
    }),

  getSurvey: (conversationId) =>
    guarded(async () => {
      const [row] = await db.select().from(surveys).where(eq(surveys.conversationId, conversationId));
      return row ?? null;
    }),

  saveWrapUp: (w) =>
    guarded(async () => {
      const { handoffId: _key, ...rest } = w;
      const [row] = await db
        .insert(wrapUps)
        .values(w)
        .onConflictDoUpdate({ target: wrapUps.handoffId, set: rest })
        .returning();
      return row ?? w;
    }),

  getWrapUp: (handoffId) =>
    guarded(async () => {
      const [row] = await db.select().from(wrapUps).where(eq(wrapUps.handoffId, handoffId));
      return row ?? null;
    }),

  handoffsForConversation: (conversationId) =>
    guarded(
      async () =>
        await db
          .select()
          .from(handoffs)
          .where(eq(handoffs.conversationId, conversationId))
          .orderBy(asc(handoffs.createdAt), asc(handoffs.id)),
    ),
});
