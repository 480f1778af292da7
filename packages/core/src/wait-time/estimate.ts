/**
 * Baton's expected-wait estimator (R8, M1–M2): a queue-length estimator with abandonment, after Ibrahim & Whitt,
 * "Real-time delay estimation based on delay history" / "…in overloaded multiserver queues with abandonments"
 * (QL_m). With `s` busy slots each finishing at rate μ = 1/mean handle time, and j customers ahead each leaving
 * at the abandonment hazard θ, the line ahead shrinks at rate sμ + jθ; a customer with k ahead (and no free
 * slot) waits on average
 *
 *     E[W | k] = Σ_{j=0..k} 1 / (sμ + jθ)
 *
 * Unlike Erlang C it uses the live state (the position, the staffed slots) and the recent history (handle
 * times, abandonment), so it follows load as it changes and does not blow up near saturation.
 * O(min(k, maxTerms)) per call: past `maxTerms` the remaining terms are replaced by their integral,
 * ln((sμ + kθ)/(sμ + mθ))/θ, so a position deep in a 500 000-long queue costs the same as position 10 000.
 * Limits: assumes the slots of the class serve only it (shared agents across classes overstate s), handle
 * times are taken as a rate (large s or exponential handle times), θ constant in the time waited.
 */
export interface WaitEstimateInput {
  /** Customers ahead in the same class (0 = next). */
  ahead: number;
  /** Staffed slots serving the class (capacity of `available` agents). */
  slots: number;
  /** Slots free right now. */
  freeSlots: number;
  /** Recent mean handle time, seconds. */
  meanHandleSeconds: number;
  /** Recent abandonment hazard, per second of waiting. */
  abandonPerSecond: number;
  /** Terms summed one by one before the closed-form tail. Default 10 000. */
  maxTerms?: number;
}

/** Expected wait in seconds; 0 when a slot is free for this customer; Infinity when nobody is staffed. */
export const estimateWait = (input: WaitEstimateInput): number => {
  const { ahead, slots, freeSlots, meanHandleSeconds, abandonPerSecond } = input;
  if (freeSlots > ahead) return 0;
  if (slots <= 0 || meanHandleSeconds <= 0) return Infinity;
  const k = ahead - Math.max(0, freeSlots);
  const rate = slots / meanHandleSeconds;
  const theta = Math.max(0, abandonPerSecond);
  const m = Math.min(k, input.maxTerms ?? 10_000);
  let sum = 0;
  for (let j = 0; j <= m; j++) sum += 1 / (rate + j * theta);
  if (k > m) sum += theta > 0 ? Math.log((rate + k * theta) / (rate + m * theta)) / theta : (k - m) / rate;
  return sum;
};

/** Expected wait for a customer who would join the class now: `waiting` ahead of them. */
export const estimateQueueWait = (input: Omit<WaitEstimateInput, 'ahead'> & { waiting: number }): number =>
  estimateWait({ ...input, ahead: input.waiting });
