/**
 * Staffing "what if" for one queue (A7, S5): the simulator's figures for a few staffing levels around the one
 * asked about, with Erlang C's answer beside each, and the fewest agents that meet a service-level target.
 * The supervisor console's Staffing tab and `baton simulate` ask the same questions of the same engine.
 *
 * Complexity: one `simulate` run per staffing level (O(arrivals · log arrivals) each, arrivals = rate × hours);
 * `erlangCAgentsFor` is O(s²) in the answer s, fine below ~10⁵ slots.
 * Limits: those of `simulate` (constant arrival rate, no shifts or breaks, every agent available) and of
 * Erlang C (nobody leaves, exponential handle times, steady state).
 */
import { erlangCFigures, erlangCServiceLevel } from '../wait-time/erlang-c.ts';
import { simulate } from './simulate.ts';

export interface StaffingInput {
  arrivalsPerHour: number;
  /** Mean handle time, seconds. */
  ahtSeconds: number;
  /** Mean customer patience, seconds (exponential); null: nobody leaves. */
  patienceSeconds: number | null;
  /** Service-level threshold: answered within this many seconds. */
  slaSeconds: number;
  /** Share of customers to answer within `slaSeconds`, 0–1. */
  slaTarget: number;
  /** Concurrent conversations per agent. */
  capacity: number;
  hours: number;
  seed: number;
}

export interface StaffingScenario {
  agents: number;
  simulated: {
    offered: number;
    answered: number;
    abandoned: number;
    /** Measured customers neither answered nor gone when the run ended (a queue that never catches up). */
    waitingAtEnd: number;
    /** Answered within the threshold ÷ every measured customer (those still waiting at the end count as missed). */
    serviceLevel: number;
    asaSeconds: number;
    p90WaitSeconds: number;
    abandonRate: number;
    occupancy: number;
  };
  erlangC: {
    serviceLevel: number;
    /** Null when the load reaches the staffed slots: Erlang C's queue then grows without bound. */
    asaSeconds: number | null;
    pWait: number;
    occupancy: number;
  };
  /** The simulated service level reaches the target. */
  meetsTarget: boolean;
}

/** Offered load in erlangs: arrivals per second × mean handle time. */
export const offeredLoad = (input: Pick<StaffingInput, 'arrivalsPerHour' | 'ahtSeconds'>): number =>
  (input.arrivalsPerHour / 3600) * input.ahtSeconds;

/**
 * The staffing levels of the table: two below the one asked about and three above (N−2 … N+3), never
 * below one agent (then the table starts at one and still has six rows).
 */
export const staffingLevels = (agents: number): number[] => {
  const from = Math.max(1, agents - 2);
  return Array.from({ length: 6 }, (_, i) => from + i);
};

/** Simulator and Erlang C figures for `agents` agents. Deterministic for a given input (seeded). */
export const simulateStaffing = (input: StaffingInput, agents: number): StaffingScenario => {
  const run = simulate({
    queues: [
      {
        id: 'queue',
        arrivalsPerHour: input.arrivalsPerHour,
        ahtSeconds: input.ahtSeconds,
        patience: input.patienceSeconds === null ? null : { meanSeconds: input.patienceSeconds },
        slaSeconds: input.slaSeconds,
      },
    ],
    agents: [{ count: agents, capacity: input.capacity }],
    hours: input.hours,
    // The same seed and the same customers at every level: the rows differ by staffing, not by the draw.
    seed: input.seed,
    sameCustomers: true,
  });
  const erlangInput = {
    arrivalsPerSecond: input.arrivalsPerHour / 3600,
    ahtSeconds: input.ahtSeconds,
    agents: agents * input.capacity,
  };
  const erlang = erlangCFigures(erlangInput);
  const t = run.total;
  // The simulator counts everyone measured: those still waiting at the end were not answered in time (only
  // arrivals of the last `slaSeconds` could still be).
  const ended = t.answered + t.abandoned;
  const serviceLevel = t.serviceLevel;
  return {
    agents,
    simulated: {
      offered: t.offered,
      answered: t.answered,
      abandoned: t.abandoned,
      waitingAtEnd: t.offered - ended,
      serviceLevel,
      asaSeconds: t.asaSeconds,
      p90WaitSeconds: t.p90WaitSeconds,
      abandonRate: t.abandonRate,
      occupancy: Math.min(1, run.occupancy),
    },
    erlangC: {
      serviceLevel: erlangCServiceLevel(erlangInput, input.slaSeconds),
      asaSeconds: Number.isFinite(erlang.asaSeconds) ? erlang.asaSeconds : null,
      pWait: erlang.pWait,
      occupancy: erlang.occupancy,
    },
    meetsTarget: serviceLevel >= input.slaTarget,
  };
};

/**
 * The fewest agents Erlang C says reach `slaTarget` within `slaSeconds`, or null when even `maxAgents` do not.
 * Erlang C's service level rises with every slot above the offered load (fewer slots never keep up), so a
 * binary search over slots finds the answer in O(log slots) evaluations of O(slots) each; slots are then
 * converted to agents at `capacity` each.
 */
export const erlangCAgentsFor = (
  input: Pick<StaffingInput, 'arrivalsPerHour' | 'ahtSeconds' | 'slaSeconds' | 'slaTarget' | 'capacity'>,
  maxAgents: number,
): number | null => {
  const arrivalsPerSecond = input.arrivalsPerHour / 3600;
  const meets = (slots: number) =>
    erlangCServiceLevel({ arrivalsPerSecond, ahtSeconds: input.ahtSeconds, agents: slots }, input.slaSeconds) >=
    input.slaTarget;
  let low = Math.max(1, Math.floor(offeredLoad(input)) + 1);
  let high = maxAgents * input.capacity;
  if (low > high || !meets(high)) return null;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (meets(mid)) high = mid;
    else low = mid + 1;
  }
  return Math.ceil(high / input.capacity);
};

/** The fewest agents among the scenarios whose simulated service level meets the target; null if none does. */
export const fewestMeetingTarget = (scenarios: readonly StaffingScenario[]): number | null =>
  scenarios
    .filter((s) => s.meetsTarget)
    .reduce<number | null>((m, s) => (m === null || s.agents < m ? s.agents : m), null);
