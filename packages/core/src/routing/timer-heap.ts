/**
 * A binary min-heap of timers ordered by due time, then insertion order. push and pop O(log n), peek O(1).
 * Cancelling is lazy: a timer carries what it needs to check, when it fires, that it still applies.
 */
export interface Timer<T> {
  at: number;
  seq: number;
  data: T;
}

export class TimerHeap<T> {
  private readonly items: Timer<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  private less(a: Timer<T>, b: Timer<T>): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  push(at: number, data: T): void {
    const items = this.items;
    const t: Timer<T> = { at, seq: this.seq++, data };
    let i = items.length;
    items.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p];
      if (parent === undefined || !this.less(t, parent)) break;
      items[i] = parent;
      i = p;
    }
    items[i] = t;
  }

  peek(): Timer<T> | undefined {
    return this.items[0];
  }

  pop(): Timer<T> | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    const n = items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const left = items[l];
      const right = items[r];
      if (left === undefined) break;
      const c = right !== undefined && this.less(right, left) ? right : left;
      if (!this.less(c, last)) break;
      items[i] = c;
      i = c === left ? l : r;
    }
    items[i] = last;
    return top;
  }
}
