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
import { meetsSkills, skillScore, strategyKey } from './strategies.ts';
import { TimerHeap } from './timer-heap.ts';
import type {
  Offer,
  QueuePosition,
  QueueSnapshot,
  RouterAgent,
  RouterHandoff,
  RouterHandoffPhase,
  RouterOptions,
} from './router-types.ts';
import type { EscalationStep, Presence, Queue, RoutingStrategy } from './types.ts';

interface HState {
  id: string;
  seq: number;
  queueId: string;
  /** Queue whose escalation steps apply (the first one entered). */
  stepsQueueId: string;
  channel: Channel;
  language: string;
  /** Handoff priority including the queue's base and escalation raises. */
  priority: number;
  extraSkills: Record<string, number>;
  /** Escalation overrides: skill → new minimum (0 drops it). */
  overrides: Record<string, number>;
  enqueuedAt: number;
  stepBase: number;
  step: number;
  key: number;
  phase: RouterHandoffPhase;
  cls: RouteClass | null;
  holder: AState | null;
  agent: AState | null;
  offerSeq: number;
  declined: Map<string, number> | null;
  preferredAgentId: string | null;
  preferredUntil: number;
  holdGen: number;
  /** Cached class key; null after a change of queue or skills. */
  classKey: string | null;
}

interface AState {
  id: string;
  seq: number;
  gen: number;
  skills: Record<string, number>;
  languages: string[];
  capacity: Partial<Record<Channel, number>>;
  presence: Presence;
  reason: string | null;
  wrapUpSeconds: number;
  active: Partial<Record<Channel, number>>;
  idleSince: number;
  lastOfferSeq: number;
  entries: AgentEntry[];
  preferred: OrderedSet<HState>;
  work: Set<HState>;
}

interface AgentEntry {
  agent: AState;
  cls: RouteClass;
  k1: number;
  k2: number;
  inFree: boolean;
  /** Slots this agent adds to `cls.slots` (capacity when available, else 0). */
  slots: number;
  /** Of those, in use. */
  busy: number;
}

interface RouteClass {
  key: string;
  queueId: string;
  channel: Channel;
  language: string | null;
  skills: Record<string, number>;
  strategy: RoutingStrategy;
  waiting: OrderedSet<HState>;
  free: OrderedSet<AgentEntry>;
  members: Set<AgentEntry>;
  /** Members that are `available`. */
  staffed: number;
  slots: number;
  busySlots: number;
}

type TimerData =
  | { kind: 'offer'; h: HState; offerSeq: number }
  | { kind: 'step'; h: HState; step: number }
  | { kind: 'hold'; h: HState; gen: number }
  | { kind: 'retry'; h: HState }
  | { kind: 'wrap'; agent: AState; gen: number; channel: Channel };

const byHandoff = (a: HState, b: HState): number => b.key - a.key || a.seq - b.seq;
const byEntry = (a: AgentEntry, b: AgentEntry): number => a.k1 - b.k1 || a.k2 - b.k2 || a.agent.seq - b.agent.seq;
const better = (a: HState, b: HState | undefined): boolean => b === undefined || byHandoff(a, b) < 0;

export class Router {
  private readonly queues = new Map<string, Queue>();
  private readonly agents = new Map<string, AState>();
  private readonly handoffs = new Map<string, HState>();
  private readonly classes = new Map<string, RouteClass>();
  private readonly timers = new TimerHeap<TimerData>();
  private readonly aging: number;
  private readonly cooldownMs: number;
  private readonly holdMs: number;
  private readonly skipLimit: number;
  private seq = 0;
  private offerSeq = 0;

  constructor(options: RouterOptions = {}) {
    this.aging = options.agingPerSecond ?? 1 / 60;
    this.cooldownMs = (options.declineCooldownSeconds ?? 120) * 1000;
    this.holdMs = (options.preferredAgentTimeoutSeconds ?? 30) * 1000;
    this.skipLimit = options.skipLimit ?? 64;
  }

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

  private queue(id: string): Queue {
    const q = this.queues.get(id);
    if (q === undefined) throw new DomainError('queue_not_found', `no queue ${id}`);
    return q;
  }

  private agent(id: string): AState {
    const a = this.agents.get(id);
    if (a === undefined) throw new DomainError('agent_not_found', `no agent ${id}`);
    return a;
  }

  private handoff(id: string): HState {
    const h = this.handoffs.get(id);
    if (h === undefined) throw new DomainError('handoff_not_found', `handoff ${id} is not routed`);
    return h;
  }

  private offeredTo(handoffId: string, agentId: string): HState {
    const h = this.handoffs.get(handoffId);
    if (h === undefined || h.phase !== 'offered' || h.agent?.id !== agentId) {
      throw new DomainError('reservation_not_pending', `no open offer of ${handoffId} to ${agentId}`);
    }
    return h;
  }

  private rekey(h: HState): void {
    h.key = h.priority - (this.aging * h.enqueuedAt) / 1000;
  }

  private effectiveSkills(h: HState): Record<string, number> {
    const skills: Record<string, number> = { ...this.queue(h.queueId).requiredSkills };
    for (const [s, l] of Object.entries(h.extraSkills)) skills[s] = Math.max(skills[s] ?? 0, l);
    for (const [s, l] of Object.entries(h.overrides)) skills[s] = l;
    for (const s of Object.keys(skills)) if ((skills[s] ?? 0) <= 0) delete skills[s];
    return skills;
  }

  private classKey(h: HState): string {
    if (h.classKey !== null) return h.classKey;
    const queue = this.queue(h.queueId);
    const skills = this.effectiveSkills(h);
    const lang = queue.languages.length > 0 ? h.language : '*';
    const sk = Object.keys(skills)
      .sort()
      .map((s) => `${s}:${skills[s]}`)
      .join(',');
    h.classKey = `${queue.id}\u0000${h.channel}\u0000${lang}\u0000${sk}`;
    return h.classKey;
  }

  private classFor(h: HState): RouteClass {
    const key = this.classKey(h);
    let cls = this.classes.get(key);
    if (cls === undefined) {
      const queue = this.queue(h.queueId);
      cls = {
        key,
        queueId: queue.id,
        channel: h.channel,
        language: queue.languages.length > 0 ? h.language : null,
        skills: this.effectiveSkills(h),
        strategy: queue.strategy ?? 'longest_idle',
        waiting: new OrderedSet(byHandoff),
        free: new OrderedSet(byEntry),
        members: new Set(),
        staffed: 0,
        slots: 0,
        busySlots: 0,
      };
      this.classes.set(key, cls);
      for (const a of this.agents.values()) if (this.eligible(a, cls)) this.attach(a, cls);
    }
    return cls;
  }

  private eligible(a: AState, cls: RouteClass): boolean {
    if ((a.capacity[cls.channel] ?? 0) <= 0) return false;
    if (cls.language !== null && !a.languages.includes(cls.language)) return false;
    return meetsSkills(a.skills, cls.skills);
  }

  private attach(a: AState, cls: RouteClass): void {
    const e: AgentEntry = { agent: a, cls, k1: 0, k2: 0, inFree: false, slots: 0, busy: 0 };
    a.entries.push(e);
    cls.members.add(e);
    this.reindexEntry(e);
  }

  private detach(a: AState): void {
    for (const e of a.entries) {
      if (e.inFree) e.cls.free.delete(e);
      e.cls.slots -= e.slots;
      e.cls.busySlots -= e.busy;
      if (e.slots > 0) e.cls.staffed--;
      e.cls.members.delete(e);
    }
    a.entries = [];
  }

  private hasRoom(a: AState, channel: Channel): boolean {
    return a.presence === 'available' && (a.active[channel] ?? 0) < (a.capacity[channel] ?? 0);
  }

  /** Re-sorts one agent in one class after its load, presence or idle time changed. O(log A). */
  private reindexEntry(e: AgentEntry): void {
    const a = e.agent;
    const cls = e.cls;
    if (e.inFree) cls.free.delete(e);
    cls.slots -= e.slots;
    cls.busySlots -= e.busy;
    if (e.slots > 0) cls.staffed--;
    const cap = a.capacity[cls.channel] ?? 0;
    const active = a.active[cls.channel] ?? 0;
    e.slots = a.presence === 'available' ? cap : 0;
    e.busy = e.slots > 0 ? Math.min(cap, active) : 0;
    cls.slots += e.slots;
    cls.busySlots += e.busy;
    if (e.slots > 0) cls.staffed++;
    e.inFree = this.hasRoom(a, cls.channel);
    if (!e.inFree) return; // keys matter only inside `free`; computed on the way in
    [e.k1, e.k2] = strategyKey(cls.strategy, {
      idleSince: a.idleSince,
      lastOfferSeq: a.lastOfferSeq,
      active,
      capacity: cap,
      skillScore: cls.strategy === 'best_skill' ? skillScore(a.skills, cls.skills) : 0,
    });
    cls.free.insert(e);
  }

  private reindex(a: AState): void {
    for (const e of a.entries) this.reindexEntry(e);
  }

  private changePresence(a: AState, presence: Presence, reason: string | null, now: number, out: Offer[]): void {
    const was = a.presence;
    a.presence = presence;
    a.reason = presence === 'available' ? null : reason;
    if (presence === 'available' && was !== 'available') a.idleSince = now;
    this.reindex(a);
    if (presence === 'offline') {
      for (const h of [...a.work]) {
        if (h.phase !== 'offered') continue;
        a.work.delete(h);
        h.agent = null;
        h.phase = 'waiting';
        a.active[h.channel] = (a.active[h.channel] ?? 1) - 1;
        this.place(h, now, out);
      }
      this.reindex(a);
    }
    if (presence === 'available') this.fillAgent(a, now, out);
  }

  private declinedBy(h: HState, a: AState, now: number): boolean {
    const until = h.declined?.get(a.id);
    return until !== undefined && until > now;
  }

  /** Frees a slot. The caller re-indexes the agent (through `fillAgent`), so a slot freed and taken again at once costs no set updates. */
  private releaseSlot(a: AState, channel: Channel, _now: number): void {
    a.active[channel] = Math.max(0, (a.active[channel] ?? 0) - 1);
  }

  /** Takes a waiting handoff out of its set. */
  private unplace(h: HState): void {
    if (h.cls !== null) {
      h.cls.waiting.delete(h);
      h.cls = null;
    }
    if (h.holder !== null) {
      h.holder.preferred.delete(h);
      h.holder = null;
    }
  }

  /** A waiting handoff (in no set) finds an agent or a place: hold for the preferred agent, else its class. */
  private place(h: HState, now: number, out: Offer[]): void {
    h.phase = 'waiting';
    const pa = h.preferredAgentId !== null && now < h.preferredUntil ? this.agents.get(h.preferredAgentId) : undefined;
    if (pa !== undefined && !this.declinedBy(h, pa, now)) {
      const cls = this.classFor(h);
      if (pa.entries.some((e) => e.cls === cls)) {
        if (this.hasRoom(pa, h.channel)) {
          this.offer(h, pa, now, out);
          this.reindex(pa);
          return;
        }
        h.holder = pa;
        pa.preferred.insert(h);
        h.holdGen++;
        this.timers.push(h.preferredUntil, { kind: 'hold', h, gen: h.holdGen });
        return;
      }
    }
    const cls = this.classFor(h);
    const e = cls.free.find((x) => !this.declinedBy(h, x.agent, now), this.skipLimit);
    if (e !== undefined) {
      this.offer(h, e.agent, now, out);
      this.reindex(e.agent);
      return;
    }
    h.cls = cls;
    cls.waiting.insert(h);
  }

  /**
   * An agent with room takes the best waiting handoffs it can, until full or nothing fits, then is re-indexed
   * once. Room is read from the agent's counts, not from the `free` sets, which are stale until that re-index.
   */
  private fillAgent(a: AState, now: number, out: Offer[]): void {
    if (this.agents.get(a.id) === a) this.fillLoop(a, now, out);
    this.reindex(a);
  }

  private fillLoop(a: AState, now: number, out: Offer[]): void {
    for (;;) {
      if (a.presence !== 'available') return;
      let best: HState | undefined;
      const held = a.preferred.find((h) => this.hasRoom(a, h.channel), this.skipLimit);
      if (held !== undefined) best = held;
      else {
        for (const e of a.entries) {
          if (e.cls.waiting.size === 0 || !this.hasRoom(a, e.cls.channel)) continue;
          const head = e.cls.waiting.first();
          const h =
            head !== undefined && head.declined === null
              ? head
              : e.cls.waiting.find((x) => !this.declinedBy(x, a, now), this.skipLimit);
          if (h !== undefined && better(h, best)) best = h;
        }
      }
      if (best === undefined) return;
      this.offer(best, a, now, out);
    }
  }

  private offer(h: HState, a: AState, now: number, out: Offer[]): void {
    this.unplace(h);
    h.phase = 'offered';
    h.agent = a;
    h.offerSeq = ++this.offerSeq;
    a.work.add(h);
    a.active[h.channel] = (a.active[h.channel] ?? 0) + 1;
    a.lastOfferSeq = this.offerSeq;
    a.idleSince = now;
    const queue = this.queue(h.queueId);
    const expiresAt = now + queue.offerTimeoutSeconds * 1000;
    this.timers.push(expiresAt, { kind: 'offer', h, offerSeq: h.offerSeq });
    out.push({ handoffId: h.id, agentId: a.id, queueId: h.queueId, expiresAt });
  }

  private declineOffer(h: HState, why: 'rejected' | 'timed_out' | 'cancelled', now: number, out: Offer[]): void {
    const a = h.agent;
    if (a === null) return;
    a.work.delete(h);
    h.agent = null;
    h.phase = 'waiting';
    this.releaseSlot(a, h.channel, now);
    if (why !== 'cancelled') {
      h.declined ??= new Map();
      h.declined.set(a.id, now + this.cooldownMs);
      this.timers.push(now + this.cooldownMs, { kind: 'retry', h });
    }
    this.place(h, now, out);
    this.fillAgent(a, now, out);
  }

  private scheduleStep(h: HState, steps: EscalationStep[] | undefined): void {
    const step = steps?.[h.step];
    if (step !== undefined) this.timers.push(h.stepBase + step.afterSeconds * 1000, { kind: 'step', h, step: h.step });
  }

  private applyStep(h: HState, now: number, out: Offer[]): void {
    const steps = this.queues.get(h.stepsQueueId)?.escalation;
    const step = steps?.[h.step];
    if (step === undefined) return;
    h.step++;
    // Out of its set before the key changes: a treap must not see a key move under it.
    const waiting = h.phase === 'waiting';
    if (waiting) this.unplace(h);
    if (step.skills !== undefined || step.overflowQueueId !== undefined) h.classKey = null;
    if (step.skills !== undefined) h.overrides = { ...h.overrides, ...step.skills };
    if (step.overflowQueueId !== undefined && this.queues.has(step.overflowQueueId)) {
      const from = this.queue(h.queueId).priority;
      const to = this.queue(step.overflowQueueId).priority;
      h.queueId = step.overflowQueueId;
      h.priority += to - from;
      // The new queue's requirements apply; widening done for the old queue does not carry over.
      h.overrides = {};
    }
    if (step.raisePriorityBy !== undefined) h.priority += step.raisePriorityBy;
    this.rekey(h);
    this.scheduleStep(h, steps);
    if (waiting) this.place(h, now, out);
  }

  /** False for a timer whose subject moved on (lazy cancellation). */
  private live(d: TimerData): boolean {
    switch (d.kind) {
      case 'offer':
        return d.h.phase === 'offered' && d.h.offerSeq === d.offerSeq && this.handoffs.get(d.h.id) === d.h;
      case 'step':
        return d.h.step === d.step && d.h.phase !== 'assigned' && this.handoffs.get(d.h.id) === d.h;
      case 'hold':
        return d.h.holder !== null && d.h.holdGen === d.gen && this.handoffs.get(d.h.id) === d.h;
      case 'retry':
        // Kept while the handoff is open, even when it is offered: an offer can fall back to waiting before the
        // cooldown ends, and a retry dropped meanwhile would leave the handoff waiting beside a free agent.
        return this.handoffs.get(d.h.id) === d.h;
      case 'wrap':
        return this.agents.get(d.agent.id) === d.agent && d.agent.gen === d.gen;
    }
  }

  private dropDead(): void {
    for (let t = this.timers.peek(); t !== undefined && !this.live(t.data); t = this.timers.peek()) this.timers.pop();
  }

  private runDue(now: number): Offer[] {
    const out: Offer[] = [];
    for (let t = this.timers.peek(); t !== undefined && t.at <= now; t = this.timers.peek()) {
      this.timers.pop();
      const d = t.data;
      if (!this.live(d)) continue;
      switch (d.kind) {
        case 'offer':
          this.declineOffer(d.h, 'timed_out', t.at, out);
          break;
        case 'step':
          this.applyStep(d.h, t.at, out);
          break;
        case 'retry':
          if (d.h.cls === null) break; // offered or held right now: the next fall-back places it afresh
          this.unplace(d.h);
          this.place(d.h, t.at, out);
          break;
        case 'hold':
          this.unplace(d.h);
          d.h.preferredUntil = 0;
          this.place(d.h, t.at, out);
          break;
        case 'wrap':
          this.releaseSlot(d.agent, d.channel, t.at);
          this.fillAgent(d.agent, t.at, out);
          break;
      }
    }
    this.dropDead();
    return out;
  }
}
