/**
 * The in-memory router (R1–R7): an indexed state of queues, waiting handoffs and agents that answers
 * "a handoff arrived → which agent" and "an agent freed capacity → which handoff" at once, event by event.
 * No polling: every public method first runs the timers that are due (offer timeouts, escalation steps,
 * preferred-agent holds, decline cool-downs, wrap-up ends) and returns the offers its event caused.
 * `nextTimerAt()` tells the caller when to call `advance(now)` next.
 *
 * Index. Handoffs and agents are grouped by *class*: queue × channel × language (when the queue has
 * languages) × effective skills. Each class keeps
 *   - `waiting`: an ordered set (treap with ranks) of its handoffs, by ageing key then arrival sequence;
 *   - `free`: an ordered set of the eligible agents that are `available` with a free slot on the channel,
 *     by the queue's strategy key.
 * Each agent keeps one entry per class it is eligible for and a set of handoffs held for it (preferred agent).
 *
 * Ageing (R7) with one rate r for everyone: effective priority p + r·(now − t0) orders handoffs exactly like
 * the static key p − r·t0, so the sets never need re-sorting as time passes; FIFO within equal priority
 * follows from t0 and the arrival sequence.
 *
 * Complexity, n waiting handoffs, A agents, C classes an agent is eligible for, k skips for declines:
 *   - handoff arrives / is declined / escalates: O(log A + k) to find an agent, else O(log n) to queue;
 *   - agent frees a slot: O(C · (log n + k)) to find the best head among its classes, then
 *     O(C · log A) to re-index the agent;
 *   - position of a handoff: O(log n) (treap rank);
 *   - a class seen for the first time: O(A) to find its eligible agents (once per class; classes are kept).
 * Limits: one ageing rate for all queues; classes are never dropped (bounded by distinct requirement sets);
 * escalation steps follow the queue the handoff first entered, also after an overflow; a decline makes the
 * agent skip that handoff for `declineCooldownSeconds`, and past `skipLimit` skips a decision gives up until the
 * next event. Single-threaded and single-instance: across instances the store's atomic `reserve` stays the
 * arbiter and a refused offer comes back here as `decline(..., 'cancelled')`.
 */
import type { Channel } from '../conversation/types.ts';
import { DomainError } from '../errors.ts';
import { OrderedSet } from './ordered-set.ts';
import type {
  Offer,
  QueuePosition,
  QueueSnapshot,
  RouterAgent,
  RouterHandoff,
  RouterHandoffPhase,
} from './router-types.ts';
import type { Presence, Queue } from './types.ts';
import { RouterCore } from './router-core.ts';
import { byHandoff, type HState } from './router-state.ts';

export class Router extends RouterCore {
  // ---------------------------------------------------------------- queues and agents

  /** Adds or replaces a queue. Replacing re-places its waiting handoffs under the new requirements: O(waiting). */
  upsertQueue(queue: Queue, now: number): Offer[] {
    const out = this.runDue(now);
    const existed = this.queues.has(queue.id);
    this.queues.set(queue.id, queue);
    if (!existed) return out;
    const moved: HState[] = [];
    for (const [key, cls] of this.classes) {
      if (cls.queueId !== queue.id) continue;
      for (const h of cls.waiting) {
        h.cls = null;
        moved.push(h);
      }
      for (const e of cls.members) e.agent.entries = e.agent.entries.filter((x) => x.cls !== cls);
      this.classes.delete(key);
    }
    for (const h of this.handoffs.values()) if (h.queueId === queue.id) h.classKey = null;
    moved.sort(byHandoff);
    for (const h of moved) this.place(h, now, out);
    return out;
  }

  /** Adds or updates an agent (skills, languages, capacity, presence). Matching runs when it can take work. */
  upsertAgent(input: RouterAgent, now: number): Offer[] {
    const out = this.runDue(now);
    let a = this.agents.get(input.id);
    if (a === undefined) {
      a = {
        id: input.id,
        seq: this.seq++,
        gen: 0,
        skills: input.skills,
        languages: input.languages,
        capacity: input.capacity,
        presence: input.presence,
        reason: input.presenceReason ?? null,
        wrapUpSeconds: input.wrapUpSeconds ?? 0,
        active: {},
        idleSince: now,
        lastOfferSeq: 0,
        entries: [],
        preferred: new OrderedSet(byHandoff),
        work: new Set(),
      };
      this.agents.set(a.id, a);
    } else {
      this.detach(a);
      a.skills = input.skills;
      a.languages = input.languages;
      a.capacity = input.capacity;
      a.wrapUpSeconds = input.wrapUpSeconds ?? 0;
    }
    for (const cls of this.classes.values()) if (this.eligible(a, cls)) this.attach(a, cls);
    this.changePresence(a, input.presence, input.presenceReason ?? null, now, out);
    return out;
  }

  /**
   * Presence change (R2). `available` triggers matching. `offline` (signed out, heartbeat lost) takes back the
   * agent's pending offers and re-routes them; assigned conversations stay with the agent until transferred.
   */
  setPresence(agentId: string, presence: Presence, now: number, reason: string | null = null): Offer[] {
    const out = this.runDue(now);
    this.changePresence(this.agent(agentId), presence, reason, now, out);
    return out;
  }

  /** Removes an agent: pending offers and assigned conversations go back to routing. */
  removeAgent(agentId: string, now: number): Offer[] {
    const out = this.runDue(now);
    const a = this.agent(agentId);
    a.presence = 'offline';
    this.detach(a);
    this.agents.delete(a.id);
    a.gen++;
    for (const h of [...a.preferred]) {
      a.preferred.delete(h);
      h.holder = null;
      h.preferredUntil = 0;
      this.place(h, now, out);
    }
    for (const h of [...a.work]) {
      a.work.delete(h);
      h.agent = null;
      h.phase = 'waiting';
      this.place(h, now, out);
    }
    return out;
  }

  // ---------------------------------------------------------------- handoff lifecycle

  /** A handoff enters routing: offered at once when an agent is free, else queued. Throws `handoff_already_routed`. */
  enqueue(input: RouterHandoff, now: number): Offer[] {
    const out = this.runDue(now);
    if (this.handoffs.has(input.id))
      throw new DomainError('handoff_already_routed', `handoff ${input.id} is already routed`);
    const queue = this.queue(input.queueId);
    const enqueuedAt = input.enqueuedAt ?? now;
    const preferred = input.preferredAgentId ?? null;
    const h: HState = {
      id: input.id,
      seq: this.seq++,
      queueId: queue.id,
      stepsQueueId: queue.id,
      channel: input.channel,
      language: input.language,
      priority: queue.priority + input.priority,
      extraSkills: input.skills ?? {},
      overrides: {},
      enqueuedAt,
      stepBase: enqueuedAt,
      step: 0,
      key: 0,
      phase: 'waiting',
      cls: null,
      holder: null,
      agent: null,
      offerSeq: 0,
      declined: null,
      preferredAgentId: preferred,
      preferredUntil: preferred === null ? 0 : now + (input.preferredTimeoutSeconds ?? this.holdMs / 1000) * 1000,
      holdGen: 0,
      classKey: null,
    };
    this.rekey(h);
    this.handoffs.set(h.id, h);
    this.scheduleStep(h, queue.escalation);
    this.place(h, now, out);
    return out;
  }

  /** The agent accepted the offer. Throws `reservation_not_pending` when the offer is not theirs or not open. */
  accept(handoffId: string, agentId: string, now: number): Offer[] {
    const out = this.runDue(now);
    const h = this.offeredTo(handoffId, agentId);
    h.phase = 'assigned';
    return out;
  }

  /**
   * The offer ended without an accept: `rejected`, `timed_out`, or `cancelled` (the store refused the reservation,
   * or another instance got there first). The handoff keeps its place; rejected and timed-out agents are skipped
   * for it during the cool-down.
   */
  decline(handoffId: string, agentId: string, why: 'rejected' | 'timed_out' | 'cancelled', now: number): Offer[] {
    const out = this.runDue(now);
    this.declineOffer(this.offeredTo(handoffId, agentId), why, now, out);
    return out;
  }

  /** The conversation ended (closed by the agent, or handed back to the assistant with `wrapUp: false`). */
  complete(handoffId: string, now: number, options: { wrapUp?: boolean } = {}): Offer[] {
    const out = this.runDue(now);
    const h = this.handoff(handoffId);
    if (h.phase !== 'assigned' || h.agent === null) {
      throw new DomainError('handoff_invalid_transition', `cannot complete a handoff that is ${h.phase}`);
    }
    const a = h.agent;
    this.handoffs.delete(h.id);
    a.work.delete(h);
    h.agent = null;
    if ((options.wrapUp ?? true) && a.wrapUpSeconds > 0) {
      // The slot stays in use until the wrap-up ends.
      this.timers.push(now + a.wrapUpSeconds * 1000, { kind: 'wrap', agent: a, gen: a.gen, channel: h.channel });
    } else {
      this.releaseSlot(a, h.channel, now);
      this.fillAgent(a, now, out);
    }
    return out;
  }

  /** The customer left before an agent accepted (N2). Throws `handoff_invalid_transition` once assigned. */
  abandon(handoffId: string, now: number): Offer[] {
    const out = this.runDue(now);
    const h = this.handoff(handoffId);
    if (h.phase === 'assigned')
      throw new DomainError('handoff_invalid_transition', 'cannot abandon an assigned handoff');
    this.handoffs.delete(h.id);
    if (h.phase === 'offered' && h.agent !== null) {
      const a = h.agent;
      a.work.delete(h);
      h.agent = null;
      this.releaseSlot(a, h.channel, now);
      this.fillAgent(a, now, out);
    } else {
      this.unplace(h);
    }
    return out;
  }

  /**
   * Transfer (R9) of a queued or assigned handoff to another queue (new requirements; the customer keeps the
   * time already waited) or to a named agent (held for them like a preferred agent, then the current queue).
   */
  transfer(
    handoffId: string,
    to: { queueId: string; priority?: number } | { agentId: string; timeoutSeconds?: number },
    now: number,
  ): Offer[] {
    const out = this.runDue(now);
    const h = this.handoff(handoffId);
    const previous = h.agent;
    if (previous !== null) {
      previous.work.delete(h);
      h.agent = null;
      this.releaseSlot(previous, h.channel, now);
    } else this.unplace(h);
    h.phase = 'waiting';
    if ('queueId' in to) {
      const queue = this.queue(to.queueId);
      const base = h.priority - (this.queues.get(h.queueId)?.priority ?? 0);
      h.queueId = queue.id;
      h.stepsQueueId = queue.id;
      h.priority = queue.priority + (to.priority ?? base);
      h.overrides = {};
      h.classKey = null;
      h.step = 0;
      h.stepBase = now;
      h.preferredAgentId = null;
      h.preferredUntil = 0;
      h.declined = null;
      this.rekey(h);
      this.scheduleStep(h, queue.escalation);
    } else {
      h.preferredAgentId = to.agentId;
      h.preferredUntil = now + (to.timeoutSeconds ?? this.holdMs / 1000) * 1000;
      h.declined?.delete(to.agentId);
    }
    this.place(h, now, out);
    if (previous !== null) this.fillAgent(previous, now, out);
    return out;
  }

  /** Runs the timers due by `now` (offer timeouts, escalation steps, holds, cool-downs, wrap-ups). */
  advance(now: number): Offer[] {
    return this.runDue(now);
  }

  /** When `advance` should next be called (ms), or null when nothing is scheduled. */
  nextTimerAt(): number | null {
    this.dropDead();
    return this.timers.peek()?.at ?? null;
  }

  // ---------------------------------------------------------------- reading

  /** Where a handoff stands (R8, M2), or null when it is not routed here. O(log n). */
  position(handoffId: string): QueuePosition | null {
    const h = this.handoffs.get(handoffId);
    if (h === undefined) return null;
    const cls = h.cls ?? this.classes.get(this.classKey(h));
    return {
      phase: h.phase,
      ahead: h.cls !== null ? h.cls.waiting.rank(h) : h.holder !== null ? h.holder.preferred.rank(h) : 0,
      waiting: cls?.waiting.size ?? 0,
      agents: cls?.staffed ?? 0,
      slots: cls?.slots ?? 0,
      freeSlots: cls === undefined ? 0 : cls.slots - cls.busySlots,
      heldForAgentUntil: h.holder !== null ? h.preferredUntil : null,
    };
  }

  /** Counts for one queue, O(classes + handoffs offered or assigned in it). */
  snapshot(queueId: string): QueueSnapshot {
    let waiting = 0;
    for (const cls of this.classes.values()) if (cls.queueId === queueId) waiting += cls.waiting.size;
    let offered = 0;
    let assigned = 0;
    for (const a of this.agents.values()) {
      for (const h of a.work) {
        if (h.queueId !== queueId) continue;
        if (h.phase === 'offered') offered++;
        else assigned++;
      }
      for (const h of a.preferred) if (h.queueId === queueId) waiting++;
    }
    return { queueId, waiting, offered, assigned };
  }

  /** The phase and agent of a handoff, or null when it ended or was never routed. */
  handoffState(
    handoffId: string,
  ): { phase: RouterHandoffPhase; agentId: string | null; queueId: string; priority: number } | null {
    const h = this.handoffs.get(handoffId);
    return h === undefined
      ? null
      : { phase: h.phase, agentId: h.agent?.id ?? null, queueId: h.queueId, priority: h.priority };
  }

  /** An agent's load: slots in use per channel (offers, assignments, wrap-ups) and the handoffs they hold. */
  agentState(agentId: string): {
    presence: Presence;
    reason: string | null;
    active: Partial<Record<Channel, number>>;
    handoffs: string[];
  } | null {
    const a = this.agents.get(agentId);
    return a === undefined
      ? null
      : { presence: a.presence, reason: a.reason, active: { ...a.active }, handoffs: [...a.work].map((h) => h.id) };
  }

  get waitingCount(): number {
    let n = 0;
    for (const cls of this.classes.values()) n += cls.waiting.size;
    for (const a of this.agents.values()) n += a.preferred.size;
    return n;
  }

  /**
   * Checks the router's internal invariants and returns what is broken (empty when sound). O(n · C): for tests.
   * No agent over capacity; every handoff in exactly one place; no waiting handoff left while an eligible
   * free agent who has not declined it exists (work conservation).
   */
  verify(now: number): string[] {
    const problems: string[] = [];
    const placed = new Map<HState, number>();
    const count = (h: HState): void => void placed.set(h, (placed.get(h) ?? 0) + 1);
    for (const cls of this.classes.values()) {
      for (const h of cls.waiting) {
        count(h);
        if (h.phase !== 'waiting' || h.cls !== cls) problems.push(`${h.id} in waiting set but ${h.phase}`);
        const free = cls.free.find((e) => !this.declinedBy(h, e.agent, now));
        if (free !== undefined && h.holder === null) problems.push(`${h.id} waits while ${free.agent.id} is free`);
      }
    }
    for (const a of this.agents.values()) {
      const used: Partial<Record<Channel, number>> = {};
      for (const h of a.work) {
        count(h);
        used[h.channel] = (used[h.channel] ?? 0) + 1;
        if (h.agent !== a) problems.push(`${h.id} in ${a.id}'s work but agent is ${h.agent?.id ?? 'none'}`);
      }
      for (const h of a.preferred) {
        count(h);
        if (h.holder !== a || h.phase !== 'waiting') problems.push(`${h.id} held by ${a.id} but ${h.phase}`);
        if (this.hasRoom(a, h.channel)) problems.push(`${h.id} held for ${a.id} who has room`);
      }
      for (const [ch, n] of Object.entries(a.active) as Array<[Channel, number]>) {
        if (n > (a.capacity[ch] ?? 0)) problems.push(`${a.id} over capacity on ${ch}: ${n}`);
        if ((used[ch] ?? 0) > n) problems.push(`${a.id} holds ${used[ch]} on ${ch} but counts ${n}`);
      }
    }
    for (const h of this.handoffs.values()) {
      if ((placed.get(h) ?? 0) !== 1) problems.push(`${h.id} placed ${placed.get(h) ?? 0} times`);
    }
    return problems;
  }

  // ---------------------------------------------------------------- internals
}
