import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNotNull,
  ne,
  sql,
  TransactionRollbackError,
  type SQL,
} from 'drizzle-orm';
import {
  DomainError,
  type Conversation,
  type Handoff,
  type HandoffStore,
  type Reservation,
  type ReserveOutcome,
} from '@baton/core';
import type { BatonDb } from '../database.ts';
import { guarded } from '../driver-errors.ts';
import { agents, conversations, handoffs, reservations } from '../schema.ts';
import { agentActiveCount } from './agent-load.ts';

const OPEN_HANDOFF = ['queued', 'offered', 'assigned'] as const;

/** What a handoff update writes: id, conversationId and createdAt identify the handoff and never change. */
const handoffChanges = (next: Handoff) => ({
  queueId: next.queueId,
  status: next.status,
  priority: next.priority,
  reason: next.reason,
  rule: next.rule,
  declinedBy: next.declinedBy,
  assignedAgentId: next.assignedAgentId,
  assignedAt: next.assignedAt,
  endedAt: next.endedAt,
  // A writer that does not carry routing leaves it as it was.
  ...(next.routing === undefined ? {} : { routing: next.routing }),
});

/** Row → Handoff: a handoff without routing reads as it was written, without the key (as the memory store). */
const toHandoff = (row: typeof handoffs.$inferSelect): Handoff => {
  const { routing, ...rest } = row;
  return routing === null ? rest : { ...rest, routing };
};

/** How the store commits what it writes (see `reserve`). */
export interface HandoffStoreOptions {
  /**
   * Offers wait for their WAL flush like every other write (BATON_DURABLE_OFFERS). Off by default: an offer's
   * commit is asynchronous, so a PostgreSQL crash can forget the last few hundred ms of offers (re-routed when
   * their timer fires) in exchange for one WAL flush less on the turn → screen pop path.
   */
  durableOffers?: boolean;
}

/** HandoffStore (handoffs, reservations and the atomic `reserve`) over drizzle. */
export const drizzleHandoffStore = (db: BatonDb, options: HandoffStoreOptions = {}): HandoffStore => ({
  createHandoff: (h) =>
    guarded(async () => {
      await db.insert(handoffs).values(h);
    }),

  queueHandoff: (h, at) =>
    guarded(async () => {
      // One statement: the insert as a data-modifying CTE, the conversation's status from its result.
      const inserted = db
        .$with('inserted')
        .as(db.insert(handoffs).values(h).returning({ id: handoffs.conversationId }));
      const [row] = await db
        .with(inserted)
        .update(conversations)
        .set({ status: 'queued', updatedAt: at })
        .where(sql`${conversations.id} = (select ${inserted.id} from ${inserted})`)
        .returning();
      if (!row) {
        throw new DomainError('conversation_not_found', `conversation ${h.conversationId} does not exist`);
      }
      return row;
    }),

  getHandoff: (id) =>
    guarded(async () => {
      const [row] = await db.select().from(handoffs).where(eq(handoffs.id, id));
      return row === undefined ? null : toHandoff(row);
    }),

  openHandoffForConversation: (conversationId) =>
    guarded(async () => {
      const [row] = await db
        .select()
        .from(handoffs)
        .where(and(eq(handoffs.conversationId, conversationId), inArray(handoffs.status, [...OPEN_HANDOFF])));
      return row === undefined ? null : toHandoff(row);
    }),

  lastAgentForCustomer: (customerId) =>
    guarded(async () => {
      // From the customer's conversations (conversations_customer_idx) to their handoffs (handoffs_conversation_idx).
      const [row] = await db
        .select({ agentId: handoffs.assignedAgentId })
        .from(handoffs)
        .innerJoin(conversations, eq(conversations.id, handoffs.conversationId))
        .where(and(eq(conversations.customerId, customerId), isNotNull(handoffs.assignedAgentId)))
        .orderBy(sql`${handoffs.assignedAt} desc nulls last`, desc(handoffs.id))
        .limit(1);
      return row?.agentId ?? null;
    }),

  listHandoffs: (filter) =>
    guarded(async () => {
      const where: SQL[] = [];
      if (filter.status) where.push(inArray(handoffs.status, filter.status));
      if (filter.queueId !== undefined) where.push(eq(handoffs.queueId, filter.queueId));
      const query = db
        .select()
        .from(handoffs)
        .where(and(...where))
        .orderBy(
          ...(filter.order === 'recently_ended'
            ? [sql`${handoffs.endedAt} desc nulls last`, asc(handoffs.id)]
            : [desc(handoffs.priority), asc(handoffs.createdAt), asc(handoffs.id)]),
        );
      return (filter.limit === undefined ? await query : await query.limit(filter.limit)).map(toHandoff);
    }),

  updateHandoff: (next, expected) =>
    guarded(async () => {
      // id, conversationId and createdAt identify the handoff and never change.
      const [row] = await db
        .update(handoffs)
        .set(handoffChanges(next))
        .where(and(eq(handoffs.id, next.id), eq(handoffs.status, expected)))
        .returning();
      return row === undefined ? null : toHandoff(row);
    }),

  reserve: (reservation, channel) =>
    guarded(() =>
      db.transaction(async (tx): Promise<ReserveOutcome> => {
        // Locking the agent row serialises every reserve() for this agent across instances, so the
        // load we count below cannot change before our reservation is in.
        //
        // The same statement makes this transaction's commit asynchronous (`synchronous_commit = off`, this
        // transaction only): the offer does not wait for the WAL flush (≈ 3 ms on the benchmark VM, the
        // largest part of turn → screen pop). Nothing is lost when a Baton instance dies: the commit is in
        // PostgreSQL, visible to every instance and flushed by its WAL writer within a few hundred ms. Only a
        // crash of PostgreSQL itself in that window forgets the offer: the handoff then reads `queued` (its
        // creation was a durable commit) and is routed again when the offer's timer fires; and any later durable
        // commit (an accept, a decline) flushes this one first, so nothing can depend on a forgotten offer.
        // With `durableOffers` the setting is left as it is (its current value set again: the statement's text,
        // and so its prepared plan, is the same either way).
        const [agent] = await tx
          .select({
            ...getTableColumns(agents),
            commit: sql`set_config('synchronous_commit', case when ${options.durableOffers === true} then current_setting('synchronous_commit') else 'off' end, true)`,
          })
          .from(agents)
          .where(eq(agents.id, reservation.agentId))
          .for('update')
          .prepare('baton_reserve_lock_agent')
          .execute();
        if (!agent) {
          throw new DomainError('agent_not_found', `agent ${reservation.agentId} does not exist`, {
            agentId: reservation.agentId,
          });
        }
        const capacity = agent.capacity[channel] ?? 0;
        if (agent.presence !== 'available' || capacity <= 0) return { type: 'agent_unavailable' };

        // One statement, issued once the agent's lock is held (so its snapshot sees every reservation of the
        // agent committed before): counts the agent's load on the channel, flips the handoff to offered when
        // there is room and it is still queued, and stores the reservation. The conditional update is also the
        // handoff-side lock: of two agents racing for one handoff, the second waits on the row and then finds
        // it no longer queued. One round trip instead of three (load, update, insert) on the offer's path.
        const offered = tx.$with('offered').as(
          tx
            .update(handoffs)
            .set({ status: 'offered' })
            .where(
              and(
                eq(handoffs.id, reservation.handoffId),
                eq(handoffs.status, 'queued'),
                sql`(${agentActiveCount(tx, { agentId: agent.id, channel })}) < ${capacity}`,
              ),
            )
            .returning(),
        );
        const stored = tx.$with('stored').as(
          tx
            .insert(reservations)
            .select(
              sql`select ${reservation.id}, ${offered.id}, ${offered.conversationId}, ${reservation.agentId}, 'pending', ${reservation.createdAt.toISOString()}::timestamptz, ${reservation.expiresAt.toISOString()}::timestamptz, null::timestamptz from ${offered}`,
            )
            .returning(),
        );
        // Named (a prepared statement per connection, its text the same every time): PostgreSQL plans this
        // union of joins once per connection instead of on every offer, where planning cost more than running it.
        const [row] = await tx
          .with(offered, stored)
          .select()
          .from(offered)
          .innerJoin(stored, sql`true`)
          .prepare('baton_reserve_offer')
          .execute();
        if (row !== undefined) {
          return { type: 'reserved', reservation: row.stored, handoff: toHandoff(row.offered) };
        }
        // Nothing written: say why (only on this path). The agent is still locked, so no offer of theirs came in.
        const [handoff] = await tx
          .select({ status: handoffs.status })
          .from(handoffs)
          .where(eq(handoffs.id, reservation.handoffId));
        if (!handoff) {
          throw new DomainError('handoff_not_found', `handoff ${reservation.handoffId} does not exist`, {
            handoffId: reservation.handoffId,
          });
        }
        return handoff.status === 'queued' ? { type: 'agent_unavailable' } : { type: 'handoff_not_queued' };
      }),
    ),

  getReservation: (id) =>
    guarded(async () => {
      const [row] = await db.select().from(reservations).where(eq(reservations.id, id));
      return row ?? null;
    }),

  listReservations: (filter) =>
    guarded(async () => {
      const where: SQL[] = [];
      if (filter.agentId !== undefined) where.push(eq(reservations.agentId, filter.agentId));
      if (filter.handoffId !== undefined) where.push(eq(reservations.handoffId, filter.handoffId));
      if (filter.status) where.push(inArray(reservations.status, filter.status));
      return await db
        .select()
        .from(reservations)
        .where(and(...where))
        .orderBy(asc(reservations.createdAt), asc(reservations.id));
    }),

  resolveReservation: (id, status, at) =>
    guarded(async () => {
      const [row] = await db
        .update(reservations)
        .set({ status, respondedAt: at })
        .where(and(eq(reservations.id, id), eq(reservations.status, 'pending')))
        .returning();
      return row ?? null;
    }),

  acceptReservation: (id, at, assign) =>
    guarded(async () => {
      try {
        return await acceptInTransaction(db, id, at, assign);
      } catch (err) {
        if (err instanceof TransactionRollbackError) return null; // the handoff had moved on: nothing written
        throw err;
      }
    }),

  declineReservation: (id, status, at, requeue) =>
    guarded(() =>
      db.transaction(async (tx) => {
        // Same lock order as accepting: the reservation, then its handoff.
        const [reservation] = await tx
          .update(reservations)
          .set({ status, respondedAt: at })
          .where(and(eq(reservations.id, id), eq(reservations.status, 'pending')))
          .returning();
        if (!reservation) return null;
        const [handoff] = await tx.select().from(handoffs).where(eq(handoffs.id, reservation.handoffId)).for('update');
        if (!handoff || handoff.status !== 'offered') return { reservation, handoff: null };
        const [saved] = await tx
          .update(handoffs)
          .set(handoffChanges(requeue(toHandoff(handoff), reservation)))
          .where(eq(handoffs.id, handoff.id))
          .returning();
        if (!saved) throw new DomainError('storage_unavailable', 'the handoff was not updated');
        return { reservation, handoff: toHandoff(saved) };
      }),
    ),
});

const acceptInTransaction = (
  db: BatonDb,
  id: string,
  at: Date,
  assign: (handoff: Handoff) => Handoff,
): Promise<{ reservation: Reservation; handoff: Handoff; conversation: Conversation | null } | null> =>
  db.transaction(async (tx) => {
    // Reservation first, then the agent (the order `reserve` takes too: agent before handoff), then the
    // handoff row locked: a concurrent decline, expiry or customer leaving either committed before (we find
    // it moved on and write nothing) or waits for us.
    const [reservation] = await tx
      .update(reservations)
      .set({ status: 'accepted', respondedAt: at })
      .where(and(eq(reservations.id, id), eq(reservations.status, 'pending')))
      .returning();
    if (!reservation) return null;
    // One column: a presence change made meanwhile on another instance is kept.
    await tx.update(agents).set({ lastAssignedAt: at }).where(eq(agents.id, reservation.agentId));
    const [handoff] = await tx.select().from(handoffs).where(eq(handoffs.id, reservation.handoffId)).for('update');
    if (!handoff || handoff.status !== 'offered') {
      tx.rollback();
      return null;
    }
    const next = assign(toHandoff(handoff));
    const [saved] = await tx.update(handoffs).set(handoffChanges(next)).where(eq(handoffs.id, handoff.id)).returning();
    if (!saved) throw new DomainError('storage_unavailable', 'the handoff was not updated');
    // The customer may have left a moment ago: a closed conversation stays closed (its close path completes
    // the handoff it finds assigned).
    const [conversation] = await tx
      .update(conversations)
      .set({ status: 'agent', assignedAgentId: saved.assignedAgentId, updatedAt: at })
      .where(and(eq(conversations.id, saved.conversationId), ne(conversations.status, 'closed')))
      .returning();
    return { reservation, handoff: toHandoff(saved), conversation: conversation ?? null };
  });
