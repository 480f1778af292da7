import { performance } from 'node:perf_hooks';
import type { AgentLoad, BatonStore, Channel } from '@baton/core';

/** How long a read of every agent's load serves routing before it is read again, ms. */
export const LOAD_VIEW_TTL_MS = 2_000;

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
 * Ages are measured on the monotonic clock, not the service clock: tests that freeze time still see reads expire.
 */
export class AgentLoadView {
  private loads: AgentLoad[] | null = null;
  private byId = new Map<string, AgentLoad>();
  private readAt = 0;
  private reading: Promise<AgentLoad[]> | null = null;
  private readingGeneration = -1;
  private generation = 0;

  constructor(private readonly store: Pick<BatonStore, 'listAgentLoads'>) {}

  /** Every agent's load, read at most `maxAgeMs` ago (one read in flight is shared by every caller). */
  async get(maxAgeMs = LOAD_VIEW_TTL_MS): Promise<readonly AgentLoad[]> {
    if (this.loads !== null && performance.now() - this.readAt <= maxAgeMs) return this.loads;
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
    const l = this.byId.get(agentId);
    if (l === undefined) return;
    l.active = { ...l.active, [channel]: (l.active[channel] ?? 0) + 1 };
    l.agent = { ...l.agent, lastAssignedAt: at };
  }

  /** The store refused the agent (full or no longer available elsewhere): skip them until the next read. */
  markFull(agentId: string, channel: Channel): void {
    const l = this.byId.get(agentId);
    if (l === undefined) return;
    l.active = { ...l.active, [channel]: Math.max(l.active[channel] ?? 0, l.agent.capacity[channel] ?? 0) };
  }

  private read(): Promise<AgentLoad[]> {
    // A read that started before the last invalidation may miss the event: start another.
    if (this.reading !== null && this.readingGeneration === this.generation) return this.reading;
    const generation = this.generation;
    this.readingGeneration = generation;
    const started = performance.now();
    const reading = this.store.listAgentLoads().then(
      (loads) => {
        if (this.reading === reading) this.reading = null;
        // An invalidation while reading means the rows may predate the event: serve them to this caller only.
        if (generation === this.generation) {
          this.loads = loads;
          this.byId = new Map(loads.map((l) => [l.agent.id, l]));
          this.readAt = started;
        }
        return loads;
      },
      (err: unknown) => {
        if (this.reading === reading) this.reading = null;
        throw err;
      },
    );
    this.reading = reading;
    return reading;
  }
}
