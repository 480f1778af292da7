import { and, asc, eq, getTableColumns, gt, sql } from 'drizzle-orm';
import { DomainError, type Agent, type AgentLoad, type Channel, type DirectoryStore, type Presence } from '@baton/core';
import type { BatonDb } from '../database.ts';
import { guarded } from '../driver-errors.ts';
import { agents, queues } from '../schema.ts';
import { queueRow, toQueue } from '../queue-routing.ts';
import { agentLoadRows } from './agent-load.ts';

type AgentRow = Omit<typeof agents.$inferSelect, 'passwordHash'> & { passwordHash?: string | null };

/** Agents read per round trip by `listAgentLoads`. */
export const AGENT_PAGE = 500;

/** Every column but the password hash. */
const { passwordHash: _passwordHash, ...agentColumns } = getTableColumns(agents);

/**
 * The agent without its password hash (only sign-in ever needs the hash); optional settings left unset are
 * absent rather than null, as the memory store and the core type have them.
 */
const toAgent = ({ passwordHash: _hash, presenceReason, wrapUpSeconds, ...agent }: AgentRow): Agent => ({
  ...agent,
  ...(presenceReason === null ? {} : { presenceReason }),
  ...(wrapUpSeconds === null ? {} : { wrapUpSeconds }),
});

/** Presence and its reason; re-announcing the same presence keeps `presenceSince`, which longest-idle reads. */
const presenceSet = (presence: Presence, at: Date, reason: string | null | undefined) => ({
  presence,
  presenceReason: reason ?? null,
  presenceSince: sql<Date>`case when ${agents.presence} = ${presence} then ${agents.presenceSince} else ${at.toISOString()}::timestamptz end`,
});

/** DirectoryStore (agents, queues, loads) over drizzle. */
export const drizzleDirectoryStore = (db: BatonDb): DirectoryStore => ({
  upsertAgent: ({ passwordHash, ...agent }) =>
    guarded(async () => {
      // Absent optional settings are stored as null, so an upsert without them clears them (a full replace).
      const row = {
        ...agent,
        presenceReason: agent.presenceReason ?? null,
        wrapUpSeconds: agent.wrapUpSeconds ?? null,
        passwordHash: passwordHash ?? null,
      };
      // An undefined hash means "leave it as it is" so profile edits do not sign agents out.
      const { id: _id, passwordHash: _hash, ...update } = row;
      await db
        .insert(agents)
        .values(row)
        .onConflictDoUpdate({
          target: agents.id,
          set: passwordHash === undefined ? update : { ...update, passwordHash },
        });
    }),

  getAgent: (id) =>
    guarded(async () => {
      const [row] = await db.select().from(agents).where(eq(agents.id, id));
      return row ? toAgent(row) : null;
    }),

  findAgentByEmail: (email) =>
    guarded(async () => {
      const [row] = await db
        .select()
        .from(agents)
        .where(sql`lower(${agents.email}) = lower(${email})`);
      return row ? { ...toAgent(row), passwordHash: row.passwordHash } : null;
    }),

  listAgents: () =>
    guarded(async () => {
      const rows = await db.select().from(agents).orderBy(asc(agents.id));
      return rows.map(toAgent);
    }),

  setPresence: (agentId, presence, at, reason) =>
    guarded(async () => {
      const [row] = await db
        .update(agents)
        .set(presenceSet(presence, at, reason))
        .where(eq(agents.id, agentId))
        .returning();
      if (!row) throw new DomainError('agent_not_found', `agent ${agentId} does not exist`, { agentId });
      return toAgent(row);
    }),

  setPresenceIf: (agentId, expected, presence, at, reason) =>
    guarded(async () => {
      // One statement: the presence check and the write cannot interleave with another instance's write.
      const [row] = await db
        .update(agents)
        .set(presenceSet(presence, at, reason))
        .where(and(eq(agents.id, agentId), eq(agents.presence, expected)))
        .returning();
      if (row) return toAgent(row);
      const [exists] = await db.select({ id: agents.id }).from(agents).where(eq(agents.id, agentId));
      if (!exists) throw new DomainError('agent_not_found', `agent ${agentId} does not exist`, { agentId });
      return null;
    }),

  upsertQueue: (q) =>
    guarded(async () => {
      const row = queueRow(q);
      const { id: _id, ...update } = row;
      await db.insert(queues).values(row).onConflictDoUpdate({ target: queues.id, set: update });
    }),

  getQueue: (id) =>
    guarded(async () => {
      const [row] = await db.select().from(queues).where(eq(queues.id, id));
      return row ? toQueue(row) : null;
    }),

  listQueues: () => guarded(async () => (await db.select().from(queues).orderBy(asc(queues.id))).map(toQueue)),

  listAgentLoads: () =>
    guarded(async () => {
      const byAgent = new Map<string, Partial<Record<Channel, number>>>();
      for (const l of await agentLoadRows(db))
        byAgent.set(l.agentId, { ...byAgent.get(l.agentId), [l.channel]: l.active });
      // In pages by id, each its own round trip: routing refreshes this view in the background while turns
      // are served, and turning 10 000 rows into agents at once held the event loop for 50–170 ms every 2 s
      // (the turn → offer p99, docs/benchmarks.md). A page is a few ms. Not one snapshot, which the view never
      // needed: `reserve` checks the agent against the store. The password hash is not read.
      const result: AgentLoad[] = [];
      for (let after: string | null = null; ;) {
        const page: AgentRow[] = await db
          .select(agentColumns)
          .from(agents)
          .where(after === null ? undefined : gt(agents.id, after))
          .orderBy(asc(agents.id))
          .limit(AGENT_PAGE);
        for (const r of page) result.push({ agent: toAgent(r), active: byAgent.get(r.id) ?? {} });
        const end = page.at(-1);
        if (end === undefined || page.length < AGENT_PAGE) return result;
        after = end.id;
      }
    }),
});
