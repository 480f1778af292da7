import { performance } from 'node:perf_hooks';
import type { AgentLoad, BatonStore, Channel } from '@baton/core';

/** How long a read of every agent's load serves routing before it is read again, ms. */
export const LOAD_VIEW_TTL_MS = 2_000;

/**
 * Past the TTL, a view at most this old is still served to callers that accept the default age, while a new read
 * runs in the background; older than this, the caller waits for the read, ms.
 */
export const LOAD_VIEW_STALE_MS = 10_000;

/** An adjustment this instance made to the view while a read was in flight: applied again to that read's rows. */
type Note =
  { kind: 'offer'; agentId: string; channel: Channel; at: Date } | { kind: 'full'; agentId: string; channel: Channel };

/**
 * This instance's view of every agent's load (presence, capacity, conversations and pending offers per channel),
 * so that routing one handoff does not read every agent from the database. Reading 10,000 agents per routing
 * pass was what made turn → offer take over a second at contact-center scale.
 *
 * The view may be stale; it never decides alone:
 *   - "this agent can take it" is checked by the store's atomic `reserve`, the arbiter across instances; a refusal
 *     marks the agent full here until the next read (`markFull`);
 *   - "nobody can take it" is re-checked on a fresh read before a handoff is left waiting (`routing` asks for one
 *     with `maxAgeMs` near zero), so staleness never leaves a handoff queued beside a free agent;
 *   - events that free capacity or change presence on this instance drop the view (`invalidate`); the same events
 *     on another instance make that instance route the queue itself.
 * Reading 10,000 agents takes tens of milliseconds: a caller that accepts the default age is served the view it has
 * (up to LOAD_VIEW_STALE_MS old) while the next read runs in the background, so no handoff waits for the periodic
 * read. Offers and refusals noted while a read is in flight are applied to its rows too: the read may have started
 * before the reservation committed, and dropping the note would offer the same agent again on the old count (if
 * the read did see it, the agent looks one busier until the next read: conservative, and the fresh "nobody" check
 * still holds).
 * Ages are measured on the monotonic clock, not the service clock: tests that freeze time still see reads expire.
 */
export class AgentLoadView {
  private loads: AgentLoad[] | null = null;
  private byId = new Map<string, AgentLoad>();
  private readAt = 0;
  private reading: Promise<AgentLoad[]> | null = null;
  private readingGeneration = -1;
  private generation = 0;
  /** Notes made since the read in flight started (null when none is in flight). */
  private readingNotes: Note[] | null = null;

  constructor(private readonly store: Pick<BatonStore, 'listAgentLoads'>) {}

  /**
   * Every agent's load (one read in flight is shared by every caller). With `maxAgeMs`, read at most that long ago;
   * without, read within LOAD_VIEW_TTL_MS, or up to LOAD_VIEW_STALE_MS while a fresher read runs in the background.
   */
  async get(maxAgeMs?: number): Promise<readonly AgentLoad[]> {
    if (this.loads !== null) {
      const age = performance.now() - this.readAt;
      if (age <= (maxAgeMs ?? LOAD_VIEW_TTL_MS)) return this.loads;
      if (maxAgeMs === undefined && age <= LOAD_VIEW_STALE_MS) {
        // A failed background read is retried by the next caller; the view in hand stays valid meanwhile.
        this.read().catch(() => undefined);
        return this.loads;
      }
    }
    return this.read();
  }

  /** True when the view was read within `ms`. */
  freshWithin(ms: number): boolean {
    return this.loads !== null && performance.now() - this.readAt <= ms;
  }

  /** Forgets the view: the next `get` reads the store. */
  invalidate(): void {
    this.generation++;
    this.loads = null;
    this.byId.clear();
  }

  /** This instance just reserved the agent on `channel`: count the offer until the next read. */
  noteOffer(agentId: string, channel: Channel, at: Date): void {
    this.readingNotes?.push({ kind: 'offer', agentId, channel, at });
    applyNote(this.byId, { kind: 'offer', agentId, channel, at });
  }

  /** The store refused the agent (full or no longer available elsewhere): skip them until the next read. */
  markFull(agentId: string, channel: Channel): void {
    this.readingNotes?.push({ kind: 'full', agentId, channel });
    applyNote(this.byId, { kind: 'full', agentId, channel });
  }

  private read(): Promise<AgentLoad[]> {
    // A read that started before the last invalidation may miss the event: start another.
    if (this.reading !== null && this.readingGeneration === this.generation) return this.reading;
    const generation = this.generation;
    this.readingGeneration = generation;
    const notes: Note[] = [];
    this.readingNotes = notes;
    const started = performance.now();
    const reading = this.store.listAgentLoads().then(
      (loads) => {
        if (this.reading === reading) {
          this.reading = null;
          this.readingNotes = null;
        }
        // An invalidation while reading means the rows may predate the event: serve them to this caller only.
        if (generation === this.generation) {
          const byId = new Map(loads.map((l) => [l.agent.id, l]));
          for (const n of notes) applyNote(byId, n);
          this.loads = loads;
          this.byId = byId;
          this.readAt = started;
        }
        return loads;
      },
      (err: unknown) => {
        if (this.reading === reading) {
          this.reading = null;
          this.readingNotes = null;
        }
        throw err;
      },
    );
    this.reading = reading;
    return reading;
  }
}

/** Applies one of this instance's own adjustments to the agent's load, if the agent is in the view. */
const applyNote = (byId: Map<string, AgentLoad>, n: Note): void => {
  const l = byId.get(n.agentId);
  if (l === undefined) return;
  if (n.kind === 'offer') {
    l.active = { ...l.active, [n.channel]: (l.active[n.channel] ?? 0) + 1 };
    l.agent = { ...l.agent, lastAssignedAt: n.at };
  } else {
    l.active = { ...l.active, [n.channel]: Math.max(l.active[n.channel] ?? 0, l.agent.capacity[n.channel] ?? 0) };
  }
};
