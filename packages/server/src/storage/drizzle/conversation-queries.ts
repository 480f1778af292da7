import { and, asc, desc, eq, gt, inArray, type SQL } from 'drizzle-orm';
import { DomainError, type ConversationStore } from '@baton/core';
import type { BatonDb } from '../database.ts';
import { guarded } from '../driver-errors.ts';
import { conversations, turns } from '../schema.ts';
import { TurnBatcher } from './turn-batcher.ts';
import { turnColumns } from './turn-columns.ts';

const conversationNotFound = (id: string) =>
  new DomainError('conversation_not_found', `conversation ${id} does not exist`, { conversationId: id });

/** ConversationStore over drizzle. */
export const drizzleConversationStore = (db: BatonDb, batcher = new TurnBatcher(db)): ConversationStore => ({
  createConversation: (c) =>
    guarded(async () => {
      await db.insert(conversations).values(c);
    }),

  getConversation: (id) =>
    guarded(async () => {
      const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
      return row ?? null;
    }),

  listConversations: (filter) =>
    guarded(async () => {
      const where: SQL[] = [];
      if (filter.status) where.push(inArray(conversations.status, filter.status));
      if (filter.assignedAgentId !== undefined) where.push(eq(conversations.assignedAgentId, filter.assignedAgentId));
      if (filter.customerId !== undefined) where.push(eq(conversations.customerId, filter.customerId));
      const query = db
        .select()
        .from(conversations)
        .where(and(...where))
        .orderBy(desc(conversations.updatedAt), asc(conversations.id));
      return filter.limit === undefined ? await query : await query.limit(filter.limit);
    }),

  updateConversation: (id, patch) =>
    guarded(async () => {
      const [row] = Object.values(patch).every((v) => v === undefined)
        ? await db.select().from(conversations).where(eq(conversations.id, id))
        : await db.update(conversations).set(patch).where(eq(conversations.id, id)).returning();
      if (!row) throw conversationNotFound(id);
      return row;
    }),

  // Group commit: see turn-batcher.ts.
  appendTurn: (turn, options) => batcher.append(turn, options),

  listTurns: (conversationId, afterSeq) =>
    guarded(async () => {
      const where = [eq(turns.conversationId, conversationId)];
      if (afterSeq !== undefined) where.push(gt(turns.seq, afterSeq));
      return await db
        .select(turnColumns)
        .from(turns)
        .where(and(...where))
        .orderBy(asc(turns.seq));
    }),

  lastTurn: (conversationId) =>
    guarded(async () => {
      const [row] = await db
        .select(turnColumns)
        .from(turns)
        .where(eq(turns.conversationId, conversationId))
        .orderBy(desc(turns.seq))
        .limit(1);
      return row ?? null;
    }),

  sealedTurnOriginal: (conversationId, turnId) =>
    guarded(async () => {
      const [row] = await db
        .select({ sealed: turns.originalSealed })
        .from(turns)
        .where(and(eq(turns.id, turnId), eq(turns.conversationId, conversationId)));
      return row?.sealed ?? null;
    }),
});
