/**
 * Recent handle times and abandonment for one queue (R8), the history the wait estimator reads. A ring of the
 * last `size` handle times and of the last `size` waits (served or abandoned). Pure: times are passed in; O(1)
 * per record and per read (running sums).
 */
export interface WaitHistoryOptions {
  /** How many recent observations to keep. Default 200. */
  size?: number;
  /** Handle time to assume before anything was observed, seconds. Default 300. */
  priorHandleSeconds?: number;
  /** Abandonment rate to assume before anything was observed, per second of waiting. Default 0. */
  priorAbandonPerSecond?: number;
}

class Ring {
  private readonly items: number[] = [];
  private next = 0;
  sum = 0;
  constructor(private readonly size: number) {}
  get length(): number {
    return this.items.length;
  }
  push(x: number): number | undefined {
    let dropped: number | undefined;
    if (this.items.length < this.size) this.items.push(x);
    else {
      dropped = this.items[this.next];
      this.items[this.next] = x;
      this.next = (this.next + 1) % this.size;
      this.sum -= dropped ?? 0;
    }
    this.sum += x;
    return dropped;
  }
}

export class WaitHistory {
  private readonly handles: Ring;
  private readonly waits: Ring;
  private readonly outcomes: Ring;
  private readonly prior: { handle: number; abandon: number };

  constructor(options: WaitHistoryOptions = {}) {
    const size = options.size ?? 200;
    this.handles = new Ring(size);
    this.waits = new Ring(size);
    this.outcomes = new Ring(size);
    this.prior = { handle: options.priorHandleSeconds ?? 300, abandon: options.priorAbandonPerSecond ?? 0 };
  }

  /** A conversation ended after `seconds` with an agent (wrap-up included if it blocks the slot). */
  recordHandle(seconds: number): void {
    this.handles.push(seconds);
  }

  /** A customer's wait ended after `seconds`, with an agent or by leaving. */
  recordWait(seconds: number, abandoned: boolean): void {
    this.waits.push(seconds);
    this.outcomes.push(abandoned ? 1 : 0);
  }

  /** Mean recent handle time, seconds. */
  get meanHandleSeconds(): number {
    return this.handles.length === 0 ? this.prior.handle : this.handles.sum / this.handles.length;
  }

  /**
   * Abandonment hazard per second of waiting: abandonments over total time spent waiting (the maximum-likelihood
   * rate for exponential patience, and the average hazard otherwise).
   */
  get abandonPerSecond(): number {
    if (this.waits.sum <= 0) return this.prior.abandon;
    return this.outcomes.sum / this.waits.sum;
  }

  get observations(): { handles: number; waits: number } {
    return { handles: this.handles.length, waits: this.waits.length };
  }
}
