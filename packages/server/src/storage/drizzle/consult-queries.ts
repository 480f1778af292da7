import { and, asc, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { Consult, ConsultStore } from '@baton/core';
import type { BatonDb } from '../database.ts';
import { guarded } from '../driver-errors.ts';
import { consultMessages, consults } from '../schema.ts';

/** What a consult update may change: id, conversation, handoff, the two agents and createdAt never do. */
const consultChanges = (c: Consult) => ({
  note: c.note,
  status: c.status,
  endReason: c.endReason,
  acceptedAt: c.acceptedAt,
  endedAt: c.endedAt,
});

/**
 * ConsultStore over drizzle. "One open consult per conversation" is the partial unique index
 * `consults_open_per_conversation` (mapped to `consult_already_open`), so two instances starting a consult on
 * the same conversation at once cannot both succeed; status changes are compare-and-set on the status.
 */
export const drizzleConsultStore = (db: BatonDb): ConsultStore => ({
  createConsult: (c) =>
    guarded(async () => {
      await db.insert(consults).values(c);
    }),

  getConsult: (id) =>
    guarded(async () => {
      const [row] = await db.select().from(consults).where(eq(consults.id, id));
      return row ?? null;
    }),

  listConsults: (filter) =>
    guarded(async () => {
      const where: SQL[] = [];
      if (filter.agentId !== undefined) {
        const either = or(eq(consults.ownerId, filter.agentId), eq(consults.colleagueId, filter.agentId));
        if (either !== undefined) where.push(either);
      }
      if (filter.conversationId !== undefined) where.push(eq(consults.conversationId, filter.conversationId));
      if (filter.status !== undefined) {
        if (filter.status.length === 0) return [];
        where.push(inArray(consults.status, filter.status));
      }
      return await db
        .select()
        .from(consults)
        .where(and(...where))
        .orderBy(asc(consults.createdAt), asc(consults.id));
    }),

  updateConsult: (next, expected) =>
    guarded(async () => {
      const [row] = await db
        .update(consults)
        .set(consultChanges(next))
        .where(and(eq(consults.id, next.id), eq(consults.status, expected)))
        .returning();
      return row ?? null;
    }),

  addConsultMessage: (m) =>
    guarded(async () => {
      await db.insert(consultMessages).values(m);
    }),

  listConsultMessages: (consultId) =>
    guarded(
      async () =>
        await db
          .select()
          .from(consultMessages)
          .where(eq(consultMessages.consultId, consultId))
          .orderBy(asc(consultMessages.createdAt), asc(consultMessages.id)),
    ),
});
