/**
 * The Router's mechanics: placing a waiting handoff, filling an agent's free slots, offers, declines,
 * escalation steps and timers. `Router` (router.ts) is the public face over this state.
 */
import type { Channel } from '../conversation/types.ts';
import { DomainError } from '../errors.ts';
import { OrderedSet } from './ordered-set.ts';
import { meetsSkills, skillScore, strategyKey } from './strategies.ts';
import { TimerHeap } from './timer-heap.ts';
import type { Offer, RouterOptions } from './router-types.ts';
import type { EscalationStep, Presence, Queue } from './types.ts';

import {
  better,
  byEntry,
  byHandoff,
  type AgentEntry,
  type AState,
  type HState,
  type RouteClass,
  type TimerData,
} from './router-state.ts';

export abstract class RouterCore {
  protected readonly queues = new Map<string, Queue>();
  protected readonly agents = new Map<string, AState>();
  protected readonly handoffs = new Map<string, HState>();
  protected readonly classes = new Map<string, RouteClass>();
  protected readonly timers = new TimerHeap<TimerData>();
  protected readonly aging: number;
  protected readonly cooldownMs: number;
  protected readonly holdMs: number;
  protected readonly skipLimit: number;
  protected seq = 0;
  protected offerSeq = 0;

  constructor(options: RouterOptions = {}) {
    this.aging = options.agingPerSecond ?? 1 / 60;
    this.cooldownMs = (options.declineCooldownSeconds ?? 120) * 1000;
    this.holdMs = (options.preferredAgentTimeoutSeconds ?? 30) * 1000;
    this.skipLimit = options.skipLimit ?? 64;
  }

  protected queue(id: string): Queue {
    const q = this.queues.get(id);
    if (q === undefined) throw new DomainError('queue_not_found', `no queue ${id}`);
    return q;
  }

  protected agent(id: string): AState {
    const a = this.agents.get(id);
    if (a === undefined) throw new DomainError('agent_not_found', `no agent ${id}`);
    return a;
  }

  protected handoff(id: string): HState {
    const h = this.handoffs.get(id);
    if (h === undefined) throw new DomainError('handoff_not_found', `handoff ${id} is not routed`);
    return h;
  }

  protected offeredTo(handoffId: string, agentId: string): HState {
    const h = this.handoffs.get(handoffId);
    if (h === undefined || h.phase !== 'offered' || h.agent?.id !== agentId) {
      throw new DomainError('reservation_not_pending', `no open offer of ${handoffId} to ${agentId}`);
    }
    return h;
  }

  protected rekey(h: HState): void {
    h.key = h.priority - (this.aging * h.enqueuedAt) / 1000;
  }

  protected effectiveSkills(h: HState): Record<string, number> {
    const skills: Record<string, number> = { ...this.queue(h.queueId).requiredSkills };
    for (const [s, l] of Object.entries(h.extraSkills)) skills[s] = Math.max(skills[s] ?? 0, l);
    for (const [s, l] of Object.entries(h.overrides)) skills[s] = l;
    for (const s of Object.keys(skills)) if ((skills[s] ?? 0) <= 0) delete skills[s];
    return skills;
  }

  protected classKey(h: HState): string {
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

  protected classFor(h: HState): RouteClass {
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

  protected eligible(a: AState, cls: RouteClass): boolean {
    if ((a.capacity[cls.channel] ?? 0) <= 0) return false;
    if (cls.language !== null && !a.languages.includes(cls.language)) return false;
    return meetsSkills(a.skills, cls.skills);
  }

  protected attach(a: AState, cls: RouteClass): void {
    const e: AgentEntry = { agent: a, cls, k1: 0, k2: 0, inFree: false, slots: 0, busy: 0 };
    a.entries.push(e);
    cls.members.add(e);
    this.reindexEntry(e);
  }

  protected detach(a: AState): void {
    for (const e of a.entries) {
      if (e.inFree) e.cls.free.delete(e);
      e.cls.slots -= e.slots;
      e.cls.busySlots -= e.busy;
      if (e.slots > 0) e.cls.staffed--;
      e.cls.members.delete(e);
    }
    a.entries = [];
  }

  protected hasRoom(a: AState, channel: Channel): boolean {
    return a.presence === 'available' && (a.active[channel] ?? 0) < (a.capacity[channel] ?? 0);
  }

  /** Re-sorts one agent in one class after its load, presence or idle time changed. O(log A). */
  protected reindexEntry(e: AgentEntry): void {
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

  protected reindex(a: AState): void {
    for (const e of a.entries) this.reindexEntry(e);
  }

  protected changePresence(a: AState, presence: Presence, reason: string | null, now: number, out: Offer[]): void {
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

  protected declinedBy(h: HState, a: AState, now: number): boolean {
    const until = h.declined?.get(a.id);
    return until !== undefined && until > now;
  }

  /** Frees a slot. The caller re-indexes the agent (through `fillAgent`), so a slot freed and taken again at once costs no set updates. */
  protected releaseSlot(a: AState, channel: Channel, _now: number): void {
    a.active[channel] = Math.max(0, (a.active[channel] ?? 0) - 1);
  }

  /** Takes a waiting handoff out of its set. */
  protected unplace(h: HState): void {
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
  protected place(h: HState, now: number, out: Offer[]): void {
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
  protected fillAgent(a: AState, now: number, out: Offer[]): void {
    if (this.agents.get(a.id) === a) this.fillLoop(a, now, out);
    this.reindex(a);
  }

  protected fillLoop(a: AState, now: number, out: Offer[]): void {
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

  protected offer(h: HState, a: AState, now: number, out: Offer[]): void {
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

  protected declineOffer(h: HState, why: 'rejected' | 'timed_out' | 'cancelled', now: number, out: Offer[]): void {
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

  protected scheduleStep(h: HState, steps: EscalationStep[] | undefined): void {
    const step = steps?.[h.step];
    if (step !== undefined) this.timers.push(h.stepBase + step.afterSeconds * 1000, { kind: 'step', h, step: h.step });
  }

  protected applyStep(h: HState, now: number, out: Offer[]): void {
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
  protected live(d: TimerData): boolean {
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

  protected dropDead(): void {
    for (let t = this.timers.peek(); t !== undefined && !this.live(t.data); t = this.timers.peek()) this.timers.pop();
  }

  protected runDue(now: number): Offer[] {
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
