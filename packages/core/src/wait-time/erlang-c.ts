/**
 * Erlang C (M/M/s, no abandonment), the industry's staffing formula, kept as the baseline Baton's estimator is
 * measured against. O(s) per call through the numerically stable Erlang B recursion.
 * Limits: assumes Poisson arrivals, exponential handle times, nobody leaves the queue, and a steady state;
 * at offered load ≥ agents the queue grows without bound and the wait is reported as Infinity.
 */

/** Probability that an arriving customer waits, for `agents` servers and `erlangs` = arrivals × AHT. */
export const erlangC = (agents: number, erlangs: number): number => {
  if (agents <= 0) return 1;
  if (erlangs <= 0) return 0;
  if (erlangs >= agents) return 1;
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (erlangs * b) / (k + erlangs * b);
  return (agents * b) / (agents - erlangs * (1 - b));
};

export interface ErlangCInput {
  arrivalsPerSecond: number;
  ahtSeconds: number;
  agents: number;
}

export interface ErlangCFigures {
  /** Probability of waiting at all. */
  pWait: number;
  /** Average speed of answer (mean wait over all customers), seconds. */
  asaSeconds: number;
  /** Mean wait of those who wait, seconds. */
  waitIfQueuedSeconds: number;
  /** Agent occupancy = offered load / agents. */
  occupancy: number;
}

export const erlangCFigures = ({ arrivalsPerSecond, ahtSeconds, agents }: ErlangCInput): ErlangCFigures => {
  const a = arrivalsPerSecond * ahtSeconds;
  const pWait = erlangC(agents, a);
  const drain = agents / ahtSeconds - arrivalsPerSecond;
  const waitIfQueuedSeconds = drain > 0 ? 1 / drain : Infinity;
  return { pWait, asaSeconds: pWait * waitIfQueuedSeconds, waitIfQueuedSeconds, occupancy: Math.min(1, a / agents) };
};

/** Share of customers answered within `seconds` under Erlang C: 1 − C·e^{−(sμ−λ)t}. */
export const erlangCServiceLevel = (input: ErlangCInput, seconds: number): number => {
  const { pWait } = erlangCFigures(input);
  const drain = input.agents / input.ahtSeconds - input.arrivalsPerSecond;
  return drain > 0 ? 1 - pWait * Math.exp(-drain * seconds) : 0;
};
