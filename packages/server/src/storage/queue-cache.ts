import type { BatonStore, Queue } from '@baton/core';

/** How long a queue read is reused when no event said it changed, ms. */
export const QUEUE_CACHE_TTL_MS = 2000;

/** A store whose queue reads are kept for a moment; `forgetQueue` drops them (another instance changed one). */
export type QueueCachingStore = BatonStore & { forgetQueue(queueId?: string): void };

/**
 * Queue settings are read on every handoff (the queue choice, its escalation steps, the customer's notice) and
 * change only when a person edits them: keeps each queue read for `ttlMs`. Writes through this store drop the
 * entry at once; an edit on another instance drops it when its `baton.queue.<id>.settings` event arrives (the
 * caller wires `forgetQueue` to the bus), and the TTL bounds what no event announces (a write straight to the
 * database). A read that started before a drop is not kept. Missing queues are not kept.
 */
export const withQueueCache = (
  store: BatonStore,
  ttlMs = QUEUE_CACHE_TTL_MS,
  now: () => number = Date.now,
): QueueCachingStore => {
  const kept = new Map<string, { queue: Queue; until: number }>();
  /** Bumped by every drop: a read begun under an older generation may hold the old settings. */
  let generation = 0;
  const forgetQueue = (queueId?: string): void => {
    generation++;
    if (queueId === undefined) kept.clear();
    else kept.delete(queueId);
  };
  const overrides: Pick<QueueCachingStore, 'getQueue' | 'upsertQueue' | 'forgetQueue'> = {
    getQueue: async (id) => {
      const entry = kept.get(id);
      const t = now();
      if (entry !== undefined && t < entry.until) return entry.queue;
      const begun = generation;
      const queue = await store.getQueue(id);
      if (queue !== null && begun === generation) kept.set(id, { queue, until: t + ttlMs });
      return queue;
    },
    upsertQueue: async (queue) => {
      forgetQueue(queue.id);
      try {
        await store.upsertQueue(queue);
      } finally {
        forgetQueue(queue.id);
      }
    },
    forgetQueue,
  };
  // Everything else is the store's own (a plain object or a class instance: its methods keep their `this`),
  // each method bound once rather than on every call (the store is on every turn's path). Keyed by the function
  // itself, so a method replaced on the store (a test's stand-in) is bound afresh.
  const bound = new WeakMap<object, unknown>();
  return new Proxy(store, {
    get: (target, prop) => {
      if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof typeof overrides];
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      let fn = bound.get(value);
      if (fn === undefined) bound.set(value, (fn = (value as (...a: unknown[]) => unknown).bind(target)));
      return fn;
    },
  }) as QueueCachingStore;
};
