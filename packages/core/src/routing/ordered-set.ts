/**
 * An ordered set with rank: a treap (randomised binary search tree) whose nodes carry subtree sizes.
 *
 * Complexity, n elements: insert, delete, rank O(log n) expected; first O(log n); `find` visits nodes in order
 * and stops at the first match or after `limit` visits, O(log n + limit). Memory: one node object per element.
 *
 * Limits: the comparator must be a strict total order over the elements in the set (ties broken by a unique
 * sequence number) and an element's sort key must not change while it is in the set: delete, mutate,
 * insert. Node priorities come from a fixed-seed xorshift, so shapes (and timings) are reproducible.
 */
interface TreapNode<T> {
  value: T;
  prio: number;
  size: number;
  left: TreapNode<T> | null;
  right: TreapNode<T> | null;
}

const size = <T>(n: TreapNode<T> | null): number => (n === null ? 0 : n.size);

export class OrderedSet<T> {
  private root: TreapNode<T> | null = null;
  private seed = 0x9e3779b9;

  constructor(private readonly cmp: (a: T, b: T) => number) {}

  get size(): number {
    return size(this.root);
  }

  private nextPrio(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed;
  }

  insert(value: T): void {
    const node: TreapNode<T> = { value, prio: this.nextPrio(), size: 1, left: null, right: null };
    this.root = this.insertAt(this.root, node);
  }

  private insertAt(t: TreapNode<T> | null, node: TreapNode<T>): TreapNode<T> {
    if (t === null) return node;
    if (node.prio > t.prio) {
      const [l, r] = this.split(t, node.value);
      node.left = l;
      node.right = r;
      node.size = 1 + size(l) + size(r);
      return node;
    }
    if (this.cmp(node.value, t.value) < 0) t.left = this.insertAt(t.left, node);
    else t.right = this.insertAt(t.right, node);
    t.size++;
    return t;
  }

  /** Splits into (< value, >= value). */
  private split(t: TreapNode<T> | null, value: T): [TreapNode<T> | null, TreapNode<T> | null] {
    if (t === null) return [null, null];
    if (this.cmp(t.value, value) < 0) {
      const [l, r] = this.split(t.right, value);
      t.right = l;
      t.size = 1 + size(t.left) + size(l);
      return [t, r];
    }
    const [l, r] = this.split(t.left, value);
    t.left = r;
    t.size = 1 + size(r) + size(t.right);
    return [l, t];
  }

  private merge(a: TreapNode<T> | null, b: TreapNode<T> | null): TreapNode<T> | null {
    if (a === null) return b;
    if (b === null) return a;
    if (a.prio > b.prio) {
      a.right = this.merge(a.right, b);
      a.size = 1 + size(a.left) + size(a.right);
      return a;
    }
    b.left = this.merge(a, b.left);
    b.size = 1 + size(b.left) + size(b.right);
    return b;
  }

  /** Removes the element comparing equal to `value`; false when absent. */
  delete(value: T): boolean {
    let removed = false;
    const del = (t: TreapNode<T> | null): TreapNode<T> | null => {
      if (t === null) return null;
      const c = this.cmp(value, t.value);
      if (c === 0) {
        removed = true;
        return this.merge(t.left, t.right);
      }
      if (c < 0) t.left = del(t.left);
      else t.right = del(t.right);
      if (removed) t.size--;
      return t;
    };
    this.root = del(this.root);
    return removed;
  }

  first(): T | undefined {
    let t = this.root;
    if (t === null) return undefined;
    while (t.left !== null) t = t.left;
    return t.value;
  }

  /** Number of elements ordered before `value` (its 0-based position if present). */
  rank(value: T): number {
    let t = this.root;
    let r = 0;
    while (t !== null) {
      const c = this.cmp(value, t.value);
      if (c <= 0) t = t.left;
      else {
        r += size(t.left) + 1;
        t = t.right;
      }
    }
    return r;
  }

  /** The first element in order satisfying `pred`, looking at no more than `limit` elements. */
  find(pred: (v: T) => boolean, limit = Infinity): T | undefined {
    const stack: TreapNode<T>[] = [];
    let t = this.root;
    let seen = 0;
    while (t !== null || stack.length > 0) {
      while (t !== null) {
        stack.push(t);
        t = t.left;
      }
      const n = stack.pop();
      if (n === undefined) break;
      if (pred(n.value)) return n.value;
      if (++seen >= limit) return undefined;
      t = n.right;
    }
    return undefined;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    const stack: TreapNode<T>[] = [];
    let t = this.root;
    while (t !== null || stack.length > 0) {
      while (t !== null) {
        stack.push(t);
        t = t.left;
      }
      const n = stack.pop();
      if (n === undefined) break;
      yield n.value;
      t = n.right;
    }
  }
}
