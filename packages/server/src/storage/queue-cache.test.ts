import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.ts';
import { withQueueCache } from './queue-cache.ts';
import { aQueue } from './store-fixtures.ts';

const setUp = async () => {
  const inner = createMemoryStore();
  await inner.upsertQueue(aQueue('q1'));
  let reads = 0;
  const getQueue = inner.getQueue.bind(inner);
  inner.getQueue = (id) => {
    reads++;
    return getQueue(id);
  };
  let t = 0;
  const store = withQueueCache(inner, 2000, () => t);
  return { inner, store, reads: () => reads, advance: (ms: number) => (t += ms) };
};

describe('queue reads kept for a moment', () => {
  it('reads a queue once within the TTL, again after it', async () => {
    const { store, reads, advance } = await setUp();
    expect((await store.getQueue('q1'))?.name).toBe('Queue q1');
    await store.getQueue('q1');
    expect(reads()).toBe(1);
    advance(2000);
    await store.getQueue('q1');
    expect(reads()).toBe(2);
  });

  it('drops the kept queue on a write through it and when told another instance changed it', async () => {
    const { inner, store } = await setUp();
    await store.getQueue('q1');
    await store.upsertQueue(aQueue('q1', { name: 'Billing' }));
    expect((await store.getQueue('q1'))?.name).toBe('Billing');
    await inner.upsertQueue(aQueue('q1', { name: 'Elsewhere' })); // another instance's write
    expect((await store.getQueue('q1'))?.name).toBe('Billing'); // kept: nothing said so yet
    store.forgetQueue('q1');
    expect((await store.getQueue('q1'))?.name).toBe('Elsewhere');
  });

  it('does not keep a read that was under way when the queue changed, nor a missing queue', async () => {
    const { inner, store, reads } = await setUp();
    const reading = store.getQueue('q1'); // under way...
    store.forgetQueue('q1'); // ...when another instance's edit is announced
    await inner.upsertQueue(aQueue('q1', { name: 'New' }));
    await reading;
    expect((await store.getQueue('q1'))?.name).toBe('New');
    expect(await store.getQueue('q_none')).toBeNull();
    await inner.upsertQueue(aQueue('q_none'));
    expect((await store.getQueue('q_none'))?.name).toBe('Queue q_none');
    expect(reads()).toBe(4);
  });

  it('passes every other call to the store, and honours a method replaced on it after use', async () => {
    const { store } = await setUp();
    expect(await store.listQueues()).toHaveLength(1);
    expect(Reflect.get(store, 'listQueues')).toBe(Reflect.get(store, 'listQueues')); // bound once, not per access
    store.listQueues = () => Promise.resolve([]);
    expect(await store.listQueues()).toEqual([]);
  });
});
