import { and, asc, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { AnalyticsStore } from '@baton/core';
import type { BatonDb } from '../database.ts';
import { guarded } from '../driver-errors.ts';
import { conversations, handoffs, reservations, surveys, turns, wrapUps } from '../schema.ts';

/**
 * AnalyticsStore over drizzle: six range-bounded reads driven by sub-selects on the conversations created
 * in the range (index `conversations_created_idx`), so no id list travels back and forth. Turn text and
 * engine state are not read.
 */
export const drizzleAnalyticsStore = (db: BatonDb): AnalyticsStore => ({
  loadAnalyticsRecords: (range) =>
    guarded(async () => {
      const inRange = and(gte(conversations.createdAt, range.from), lt(conversations.createdAt, range.to));
      const ids = db.select({ id: conversations.id }).from(conversations).where(inRange);
      const handoffIds = db.select({ id: handoffs.id }).from(handoffs).where(inArray(handoffs.conversationId, ids));
      const customerIds = db
        .select({ id: conversations.customerId })
        .from(conversations)
        .where(and(inRange, isNotNull(conversations.customerId)));
      const [convRows, handoffRows, reservationRows, turnRows, wrapUpRows, surveyRows, contactRows] = await Promise.all(
        [
          db.select().from(conversations).where(inRange).orderBy(asc(conversations.createdAt), asc(conversations.id)),
          db
            .select()
            .from(handoffs)
            .where(inArray(handoffs.conversationId, ids))
            .orderBy(asc(handoffs.createdAt), asc(handoffs.id)),
          db
            .select()
            .from(reservations)
            .where(inArray(reservations.handoffId, handoffIds))
            .orderBy(asc(reservations.createdAt), asc(reservations.id)),
          db
            .select({
              conversationId: turns.conversationId,
              seq: turns.seq,
              role: turns.role,
              authorId: turns.authorId,
              createdAt: turns.createdAt,
              annotations: turns.annotations,
              decision: turns.decision,
            })
            .from(turns)
            .where(and(inArray(turns.conversationId, ids), inArray(turns.role, ['customer', 'agent'])))
            .orderBy(asc(turns.conversationId), asc(turns.seq)),
          db.select().from(wrapUps).where(inArray(wrapUps.handoffId, handoffIds)),
          db.select().from(surveys).where(inArray(surveys.conversationId, ids)),
          db
            .select({
              conversationId: conversations.id,
              customerId: conversations.customerId,
              createdAt: conversations.createdAt,
            })
            .from(conversations)
            .where(
              and(
                gte(conversations.createdAt, range.from),
                lt(conversations.createdAt, range.contactsUntil),
                inArray(conversations.customerId, customerIds),
              ),
            )
            .orderBy(asc(conversations.createdAt), asc(conversations.id)),
        ],
      );
      return {
        conversations: convRows,
        handoffs: handoffRows,
        reservations: reservationRows,
        turns: turnRows,
        wrapUps: wrapUpRows,
        surveys: surveyRows,
        contacts: contactRows.flatMap((c) => (c.customerId === null ? [] : [{ ...c, customerId: c.customerId }])),
      };
    }),
});
