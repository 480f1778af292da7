/**
 * A discrete-event simulation of a contact center (R8, S5 `baton simulate`): Poisson arrivals per queue,
 * lognormal handle times, customers who leave when their patience runs out, agents with skills and
 * capacity, routed by Baton's own `Router` (offers accepted at once). It is the ground truth the wait
 * estimators are measured against and the engine of staffing "what if" questions.
 *
 * Complexity: O(events · log events) plus the router's cost per decision; a day at 1 000 arrivals an hour runs
 * in well under a second. Deterministic for a given config and seed.
 * Limits: agents are always `available` (no breaks, shifts or wrap-up), one channel, no transfers, no
 * callbacks; arrival rates are constant over the run (no intraday curve).
 */
import type { Offer } from '../routing/router-types.ts';
import { Router } from '../routing/router.ts';
import { TimerHeap } from '../routing/timer-heap.ts';
import type { RoutingStrategy } from '../routing/types.ts';
import { WaitHistory } from '../wait-time/wait-history.ts';
import { Random } from './random.ts';

export interface SimulatedQueue {
  id: string;
  arrivalsPerHour: number;
  /** Mean handle time, seconds. */
  ahtSeconds: number;
  /** Coefficient of variation of the lognormal handle time. Default 1. */
  handleCv?: number;
  /** Customer patience; null or absent: nobody leaves. */
  patience?: { meanSeconds: number; distribution?: 'exponential' | 'lognormal'; cv?: number } | null;
  requiredSkills?: Record<string, number>;
  priority?: number;
  /** Service-level threshold, seconds. Default 20. */
  slaSeconds?: number;
}

export interface SimulatedAgents {
  count: number;
  skills?: Record<string, number>;
  /** Concurrent conversations per agent. Default 1. */
  capacity?: number;
}

export interface SimulationConfig {
  queues: SimulatedQueue[];
  agents: SimulatedAgents[];
  hours: number;
  /** Time simulated before measuring, so the run starts from a loaded state. Default 10% of `hours`, at most 1 h. */
  warmupHours?: number;
  seed?: number;
  strategy?: RoutingStrategy;
  /** Recent observations the wait history keeps per queue. Default 200. */
  historySize?: number;
  /** Keep one record per measured arrival (what was known at arrival, and what happened). */
  recordArrivals?: boolean;
  /**
   * Draw each customer's patience and handle time when they arrive, whatever happens next, so runs that
   * differ only in staffing see exactly the same customers (common random numbers): a staffing table then
   * moves with the staffing, not with the draw. Default false (draws happen when needed, as before).
   */
  sameCustomers?: boolean;
}

/** What a customer saw on arrival and what happened to them. */
export interface ArrivalRecord {
  queueId: string;
  /** Seconds since the start. */
  at: number;
  ahead: number;
  slots: number;
  freeSlots: number;
  /** The queue's history at that moment. */
  meanHandleSeconds: number;
  abandonPerSecond: number;
  outcome: 'answered' | 'abandoned' | 'waiting';
  /** Seconds until answered or abandoned (until the end for `waiting`). */
  waited: number;
}

export interface QueueFigures {
  offered: number;
  answered: number;
  abandoned: number;
  /**
   * Answered within the SLA threshold ÷ every measured customer: those who left and those still waiting at
   * the end count as not answered in time (in a queue that never catches up most never stop waiting, and a
   * ratio over ended waits alone would read 100 % there).
   */
  serviceLevel: number;
  /** Average speed of answer over answered customers, seconds. */
  asaSeconds: number;
  /** abandoned ÷ (answered + abandoned). */
  abandonRate: number;
  p90WaitSeconds: number;
}

export interface SimulationResult {
  queues: Record<string, QueueFigures>;
  total: QueueFigures;
  /** Busy slot-time ÷ staffed slot-time over the measured period. */
  occupancy: number;
  arrivals: ArrivalRecord[];
}

type SimEvent =
  | { kind: 'arrival'; queue: number }
  | { kind: 'abandon'; id: string }
  | { kind: 'complete'; id: string; handle: number };

interface Customer {
  queue: number;
  at: number;
  measured: boolean;
  record: ArrivalRecord | null;
  answeredAt: number | null;
  done: boolean;
  /** Handle time drawn at arrival (`sameCustomers`); null: drawn when answered. */
  handle: number | null;
}

const figures = (
  waits: number[],
  answered: number,
  abandoned: number,
  withinSla: number,
  offered: number,
): QueueFigures => {
  const sorted = [...waits].sort((a, b) => a - b);
  const ended = answered + abandoned;
  return {
    offered,
    answered,
    abandoned,
    serviceLevel: offered === 0 ? 1 : withinSla / offered,
    asaSeconds: waits.length === 0 ? 0 : waits.reduce((s, w) => s + w, 0) / waits.length,
    abandonRate: ended === 0 ? 0 : abandoned / ended,
    p90WaitSeconds: sorted[Math.floor(sorted.length * 0.9)] ?? 0,
  };
};

export const simulate = (config: SimulationConfig): SimulationResult => {
  const rng = new Random(config.seed ?? 1);
  const end = config.hours * 3600;
  const warmup = (config.warmupHours ?? Math.min(1, config.hours * 0.1)) * 3600;
  const router = new Router({ preferredAgentTimeoutSeconds: 0 });
  const events = new TimerHeap<SimEvent>();
  const histories = config.queues.map(
    (q) => new WaitHistory({ size: config.historySize ?? 200, priorHandleSeconds: q.ahtSeconds }),
  );
  config.queues.forEach((q) => {
    router.upsertQueue(
      {
        id: q.id,
        name: q.id,
        requiredSkills: q.requiredSkills ?? {},
        languages: [],
        channels: ['chat'],
        priority: q.priority ?? 0,
        slaSeconds: q.slaSeconds ?? 20,
        offerTimeoutSeconds: 1e9,
        ...(config.strategy !== undefined ? { strategy: config.strategy } : {}),
      },
      0,
    );
  });
  let slots = 0;
  config.agents.forEach((g, gi) => {
    for (let i = 0; i < g.count; i++) {
      const capacity = g.capacity ?? 1;
      slots += capacity;
      router.upsertAgent(
        {
          id: `g${gi}-${i}`,
          skills: g.skills ?? {},
          languages: [],
          capacity: { chat: capacity },
          presence: 'available',
        },
        0,
      );
    }
  });

  const customers = new Map<string, Customer>();
  const stats = config.queues.map(() => ({
    waits: [] as number[],
    answered: 0,
    abandoned: 0,
    withinSla: 0,
    offered: 0,
  }));
  const arrivals: ArrivalRecord[] = [];
  let busy = 0;
  let busyTime = 0;
  let last = 0;
  let nextId = 0;

  const drawPatience = (p: NonNullable<SimulatedQueue['patience']>): number =>
    p.distribution === 'lognormal' ? rng.lognormal(p.meanSeconds, p.cv ?? 1) : rng.exponential(p.meanSeconds);

  const advanceClock = (t: number): void => {
    const from = Math.max(last, warmup);
    if (t > from) busyTime += busy * (t - from);
    last = t;
  };

  const accept = (offers: Offer[], t: number): void => {
    for (const o of offers) {
      const c = customers.get(o.handoffId);
      if (c === undefined) continue;
      router.accept(o.handoffId, o.agentId, t * 1000);
      const q = config.queues[c.queue];
      if (q === undefined) continue;
      c.answeredAt = t;
      const waited = t - c.at;
      histories[c.queue]?.recordWait(waited, false);
      if (c.record !== null) {
        c.record.outcome = 'answered';
        c.record.waited = waited;
      }
      if (c.measured) {
        const s = stats[c.queue];
        if (s !== undefined) {
          s.answered++;
          s.waits.push(waited);
          if (waited <= (q.slaSeconds ?? 20)) s.withinSla++;
        }
      }
      busy++;
      const handle = c.handle ?? rng.lognormal(q.ahtSeconds, q.handleCv ?? 1);
      events.push(t + handle, { kind: 'complete', id: o.handoffId, handle });
    }
  };

  config.queues.forEach((q, i) => {
    if (q.arrivalsPerHour > 0) events.push(rng.exponential(3600 / q.arrivalsPerHour), { kind: 'arrival', queue: i });
  });

  for (let ev = events.pop(); ev !== undefined && ev.at <= end; ev = events.pop()) {
    const t = ev.at;
    advanceClock(t);
    const e = ev.data;
    if (e.kind === 'arrival') {
      const q = config.queues[e.queue];
      if (q === undefined) continue;
      events.push(t + rng.exponential(3600 / q.arrivalsPerHour), e);
      const id = `c${nextId++}`;
      const measured = t >= warmup;
      const same = config.sameCustomers === true;
      const c: Customer = {
        queue: e.queue,
        at: t,
        measured,
        record: null,
        answeredAt: null,
        done: false,
        handle: same ? rng.lognormal(q.ahtSeconds, q.handleCv ?? 1) : null,
      };
      customers.set(id, c);
      // Drawn before routing when every run must see the same customers, whether or not they wait.
      const drawnPatience = same && q.patience !== undefined && q.patience !== null ? drawPatience(q.patience) : null;
      const s = stats[e.queue];
      if (measured && s !== undefined) s.offered++;
      const offers = router.enqueue({ id, queueId: q.id, channel: 'chat', language: 'en', priority: 0 }, t * 1000);
      if (measured && config.recordArrivals === true) {
        const pos = router.position(id);
        const h = histories[e.queue];
        c.record = {
          queueId: q.id,
          at: t,
          ahead: offers.length > 0 ? 0 : (pos?.ahead ?? 0),
          slots: pos?.slots ?? 0,
          freeSlots: offers.length > 0 ? 1 : (pos?.freeSlots ?? 0),
          meanHandleSeconds: h?.meanHandleSeconds ?? q.ahtSeconds,
          abandonPerSecond: h?.abandonPerSecond ?? 0,
          outcome: 'waiting',
          waited: 0,
        };
        arrivals.push(c.record);
      }
      if (q.patience !== undefined && q.patience !== null && offers.length === 0) {
        events.push(t + (drawnPatience ?? drawPatience(q.patience)), { kind: 'abandon', id });
      }
      accept(offers, t);
    } else if (e.kind === 'abandon') {
      const c = customers.get(e.id);
      if (c === undefined || c.answeredAt !== null) continue;
      accept(router.abandon(e.id, t * 1000), t);
      customers.delete(e.id);
      histories[c.queue]?.recordWait(t - c.at, true);
      if (c.record !== null) {
        c.record.outcome = 'abandoned';
        c.record.waited = t - c.at;
      }
      const s = stats[c.queue];
      if (c.measured && s !== undefined) s.abandoned++;
    } else {
      const c = customers.get(e.id);
      customers.delete(e.id);
      busy--;
      if (c !== undefined) histories[c.queue]?.recordHandle(e.handle);
      accept(router.complete(e.id, t * 1000), t);
    }
  }
  advanceClock(end);
  for (const c of customers.values()) if (c.record !== null && c.answeredAt === null) c.record.waited = end - c.at;

  const queues: Record<string, QueueFigures> = {};
  config.queues.forEach((q, i) => {
    const s = stats[i];
    if (s !== undefined) queues[q.id] = figures(s.waits, s.answered, s.abandoned, s.withinSla, s.offered);
  });
  const all = stats.reduce(
    (acc, s) => ({
      waits: acc.waits.concat(s.waits),
      answered: acc.answered + s.answered,
      abandoned: acc.abandoned + s.abandoned,
      withinSla: acc.withinSla + s.withinSla,
      offered: acc.offered + s.offered,
    }),
    { waits: [] as number[], answered: 0, abandoned: 0, withinSla: 0, offered: 0 },
  );
  const measuredSeconds = Math.max(0, end - warmup);
  return {
    queues,
    total: figures(all.waits, all.answered, all.abandoned, all.withinSla, all.offered),
    occupancy: slots === 0 || measuredSeconds === 0 ? 0 : busyTime / (slots * measuredSeconds),
    arrivals,
  };
};
