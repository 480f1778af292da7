/**
 * How many conversations each agent is carrying, per channel, as `reserve()` and `listAgentLoads()` count
 * them. A conversation counts once for an agent when any of these holds:
 * - the agent owns it (conversation status `agent`, assigned to the agent);
 * - the agent has a pending offer for it;
 * - the agent accepted an offer for it and the handoff is still open (`offered` / `assigned`). This
 *   covers the moment between accepting and the conversation being marked `agent`, which would
 *   otherwise let a second offer slip past capacity.
 * UNION (not UNION ALL) keeps a conversation from counting twice when several of these hold.
 */
import { and, count, eq, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { union } from 'drizzle-orm/pg-core';
import type { Channel } from '@baton/core';
import type { BatonDb } from '../database.ts';
import { conversations, handoffs, reservations } from '../schema.ts';

export interface LoadRow {
  agentId: string;
  channel: Channel;
  active: number;
}

/** The conversations each agent carries (agent, channel, conversation), optionally for one agent on one channel. */
const carriedConversations = (db: BatonDb, only?: { agentId: string; channel: Channel }) => {
  const owned: SQL[] = [eq(conversations.status, 'agent'), isNotNull(conversations.assignedAgentId)];
  const offered: SQL[] = [];
  if (only) {
    owned.push(eq(conversations.assignedAgentId, only.agentId), eq(conversations.channel, only.channel));
    offered.push(eq(reservations.agentId, only.agentId), eq(conversations.channel, only.channel));
  }
  const live = or(
    eq(reservations.status, 'pending'),
    and(eq(reservations.status, 'accepted'), inArray(handoffs.status, ['offered', 'assigned'])),
  );
  if (live) offered.push(live);

  return union(
    db
      .select({
        agentId: sql<string>`${conversations.assignedAgentId}`.as('agent_id'),
        channel: sql<Channel>`${conversations.channel}`.as('channel'),
        conversationId: sql<string>`${conversations.id}`.as('conversation_id'),
      })
      .from(conversations)
      .where(and(...owned)),
    db
      .select({
        agentId: sql<string>`${reservations.agentId}`.as('agent_id'),
        channel: sql<Channel>`${conversations.channel}`.as('channel'),
        conversationId: sql<string>`${conversations.id}`.as('conversation_id'),
      })
      .from(reservations)
      .innerJoin(handoffs, eq(handoffs.id, reservations.handoffId))
      .innerJoin(conversations, eq(conversations.id, reservations.conversationId))
      .where(and(...offered)),
  ).as('carried');
};

/**
 * The number of conversations one agent carries on one channel, as a query to embed in a statement (`reserve`
 * compares it with the agent's capacity in the same statement that flips the handoff).
 */
export const agentActiveCount = (db: BatonDb, only: { agentId: string; channel: Channel }) =>
  db.select({ active: count() }).from(carriedConversations(db, only));

/** Load rows (only non-zero ones), optionally for one agent on one channel. */
export const agentLoadRows = async (db: BatonDb, only?: { agentId: string; channel: Channel }): Promise<LoadRow[]> => {
  const carried = carriedConversations(db, only);
  const rows = await db
    .select({ agentId: carried.agentId, channel: carried.channel, active: count() })
    .from(carried)
    .groupBy(carried.agentId, carried.channel);
  return rows.map((r) => ({ agentId: r.agentId, channel: r.channel, active: Number(r.active) }));
};
