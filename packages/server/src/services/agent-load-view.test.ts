import { describe, expect, it } from 'vitest';
import type { AgentLoad } from '@baton/core';
import { AgentLoadView } from './agent-load-view.ts';

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
