import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentLoad } from '@baton/core';
import { AgentLoadView, LOAD_VIEW_STALE_MS, LOAD_VIEW_TTL_MS } from './agent-load-view.ts';

const load = (id: string, chat: number): AgentLoad => ({
  agent: {
    id,
    name: id,
    email: `${id}@x.test`,
    role: 'agent',
    skills: {},
    languages: ['en'],
    capacity: { chat: 2 },
    presence: 'available',
    presenceSince: new Date(0),
    lastAssignedAt: null,
  },
  active: { chat },
});

const fakeStore = () => {
  const state = { rows: [load('a', 0)], reads: 0, gate: null as Promise<void> | null };
  return {
    state,
    store: {
      listAgentLoads: async () => {
        state.reads++;
        const rows = state.rows.map((r) => ({ ...r, active: { ...r.active } }));
        if (state.gate !== null) await state.gate;
        return rows;
      },
    },
  };
};

describe('AgentLoadView', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Moves the monotonic clock the view ages its reads by. */
  const clock = () => {
    let now = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    return { advance: (ms: number) => (now += ms) };
  };

  it('serves a view past its TTL while the next read runs in the background, and waits once it is too old', async () => {
    const time = clock();
    const { state, store } = fakeStore();
    const view = new AgentLoadView(store);
    await view.get();
    time.advance(LOAD_VIEW_TTL_MS + 1);
    let open: () => void = () => undefined;
    state.gate = new Promise<void>((r) => (open = r));
    state.rows = [load('a', 1)];
    // The read in flight is gated: a caller that waited for it would never resolve before `open()`.
    expect((await view.get())[0]?.active).toEqual({ chat: 0 });
    expect(state.reads).toBe(2);
    expect((await view.get())[0]?.active).toEqual({ chat: 0 }); // joins the background read, starts no other
    expect(state.reads).toBe(2);
    state.gate = null;
    open();
    await vi.waitFor(() => expect(view.freshWithin(0)).toBe(true));
    expect((await view.get())[0]?.active).toEqual({ chat: 1 });
    // A caller that asks for an age gets it, never the stale view.
    time.advance(LOAD_VIEW_TTL_MS + 1);
    state.rows = [load('a', 2)];
    expect((await view.get(LOAD_VIEW_TTL_MS))[0]?.active).toEqual({ chat: 2 });
    // Past the stale limit the default caller waits for the read.
    time.advance(LOAD_VIEW_STALE_MS + 1);
    state.rows = [load('a', 0)];
    expect((await view.get())[0]?.active).toEqual({ chat: 0 });
    expect(state.reads).toBe(4);
  });

  it('applies offers noted during a read to the rows that read returns', async () => {
    const time = clock();
    const { state, store } = fakeStore();
    const view = new AgentLoadView(store);
    await view.get();
    time.advance(LOAD_VIEW_TTL_MS + 1);
    let open: () => void = () => undefined;
    state.gate = new Promise<void>((r) => (open = r));
    await view.get(); // starts the background read (rows taken before the offer below committed)
    view.noteOffer('a', 'chat', new Date(7));
    state.gate = null;
    open();
    await vi.waitFor(() => expect(view.freshWithin(0)).toBe(true));
    expect((await view.get())[0]).toMatchObject({ active: { chat: 1 }, agent: { lastAssignedAt: new Date(7) } });
  });

  it('serves one read to many callers until it is invalidated or too old', async () => {
    const { state, store } = fakeStore();
    const view = new AgentLoadView(store);
    const [x, y] = await Promise.all([view.get(), view.get()]);
    expect(x).toBe(y);
    expect(state.reads).toBe(1);
    await view.get();
    expect(state.reads).toBe(1);
    await view.get(-1); // older than allowed: read again
    expect(state.reads).toBe(2);
    view.invalidate();
    await view.get();
    expect(state.reads).toBe(3);
  });

  it('counts its own offers and refusals until the next read', async () => {
    const { state, store } = fakeStore();
    const view = new AgentLoadView(store);
    await view.get();
    view.noteOffer('a', 'chat', new Date(5));
    expect((await view.get())[0]).toMatchObject({ active: { chat: 1 }, agent: { lastAssignedAt: new Date(5) } });
    view.markFull('a', 'chat');
    expect((await view.get())[0]?.active).toEqual({ chat: 2 });
    state.rows = [load('a', 0)];
    expect((await view.get(-1))[0]?.active).toEqual({ chat: 0 }); // the store's truth wins on the next read
  });

  it('does not keep a read that started before an invalidation', async () => {
    const { state, store } = fakeStore();
    const view = new AgentLoadView(store);
    let open: () => void = () => undefined;
    state.gate = new Promise<void>((r) => (open = r));
    const early = view.get();
    state.rows = [load('a', 2)]; // the event the invalidation announces
    view.invalidate();
    const late = view.get(); // must not join the read that predates the event
    state.gate = null;
    open();
    expect((await early)[0]?.active).toEqual({ chat: 0 });
    expect((await late)[0]?.active).toEqual({ chat: 2 });
    expect((await view.get())[0]?.active).toEqual({ chat: 2 });
    expect(state.reads).toBe(2);
  });
});
