/**
 * Timers keyed by name (reservation timeouts). In-process: a restarted instance re-schedules from the
 * store (see HandoffService.recover), and every timed action is a compare-and-set, so a timer firing on
 * two instances is harmless.
 */
export interface Scheduler {
  at(key: string, when: Date, fn: () => Promise<void>): void;
  cancel(key: string): void;
  close(): void;
}

export class TimerScheduler implements Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly nowMs: () => number,
    private readonly onError: (err: unknown, key: string) => void,
  ) {}

  at(key: string, when: Date, fn: () => Promise<void>): void {
    this.cancel(key);
    const delay = Math.max(0, when.getTime() - this.nowMs());
    const t = setTimeout(() => {
      this.timers.delete(key);
      fn().catch((err: unknown) => this.onError(err, key));
    }, delay);
    t.unref();
    this.timers.set(key, t);
  }

  cancel(key: string): void {
    const t = this.timers.get(key);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(key);
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
