import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BatonStore, ReservationStatus } from '@baton/core';
import { createMemoryStore } from './memory-store.ts';
import { aConversation, aHandoff, anAgent, aQueue, aReservation, at, contractCipher } from './store-fixtures.ts';
import { describeStoreContract } from './store.contract.ts';

// With the contract cipher: the memory store keeps kept originals sealed and re-seals them on rotation.
describeStoreContract('memory', () =>
  Promise.resolve({
    reset: () => Promise.resolve(createMemoryStore({ cipher: contractCipher })),
    peers: [],
    close: () => Promise.resolve(),
    encrypted: true,
  }),
);

const AGENTS = 3;
const HANDOFFS = 5;

/** One agent's attempt at one handoff, carried out step by step as the services would. */
interface Attempt {
  agent: number;
  handoff: number;
  answer: Exclude<ReservationStatus, 'pending'>;
  /** After accepting, also finish the conversation (frees the slot). */
  finish: boolean;
}

const attempt: fc.Arbitrary<Attempt> = fc.record({
  agent: fc.nat(AGENTS - 1),
  handoff: fc.nat(HANDOFFS - 1),
  answer: fc.constantFrom('accepted', 'rejected', 'timed_out', 'cancelled'),
  finish: fc.boolean(),
});

/**
 * What "never exceed capacity" and "never double-assign" mean, checked from raw rows rather than from
 * the store's own load figures: per agent, conversations it owns, offers it has pending, and offers it
 * accepted whose conversation is not closed yet; per handoff, at most one live and one accepted offer.
 */
const checkInvariants = async (store: BatonStore, capacity: number[]): Promise<void> => {
  const reservations = await store.listReservations({});
  const conversations = await store.listConversations({});
  const closed = new Set(conversations.filter((c) => c.status === 'closed').map((c) => c.id));
  for (let a = 0; a < AGENTS; a++) {
    const carried = new Set<string>();
    for (const c of conversations) if (c.status === 'agent' && c.assignedAgentId === `a${a}`) carried.add(c.id);
    for (const r of reservations) {
      if (r.agentId !== `a${a}`) continue;
      if (r.status === 'pending' || (r.status === 'accepted' && !closed.has(r.conversationId)))
        carried.add(r.conversationId);
    }
    expect(carried.size).toBeLessThanOrEqual(capacity[a] ?? 0);
  }
  for (let h = 0; h < HANDOFFS; h++) {
    const mine = reservations.filter((r) => r.handoffId === `h${h}`);
    expect(mine.filter((r) => r.status === 'pending' || r.status === 'accepted').length).toBeLessThanOrEqual(1);
    expect(mine.filter((r) => r.status === 'accepted').length).toBeLessThanOrEqual(1);
  }
  for (const c of conversations.filter((x) => x.status === 'agent')) {
    const accepted = reservations.filter((r) => r.conversationId === c.id && r.status === 'accepted');
    expect(accepted.map((r) => r.agentId)).toEqual([c.assignedAgentId]);
  }
};

describe('memory store: reserve under random interleavings', () => {
  it('never exceeds capacity and never double-assigns', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(attempt, { minLength: 1, maxLength: 24 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: AGENTS, maxLength: AGENTS }),
        async (s, attempts, capacity) => {
          const store = createMemoryStore();
          await store.upsertQueue(aQueue('q'));
          for (let a = 0; a < AGENTS; a++)
            await store.upsertAgent(anAgent(`a${a}`, { capacity: { chat: capacity[a] ?? 0 } }));
          for (let h = 0; h < HANDOFFS; h++) {
            await store.createConversation(aConversation(`c${h}`, { status: 'queued' }));
            await store.createHandoff(aHandoff(`h${h}`, `c${h}`, 'q'));
          }
          // Every store call waits for the scheduler, so fast-check picks the interleaving.
          const step = async <T>(label: string, call: () => Promise<T>): Promise<T> => {
            await s.schedule(Promise.resolve(label));
            const result = await call();
            await checkInvariants(store, capacity);
            return result;
          };

          const run = async (t: Attempt, i: number): Promise<void> => {
            const agentId = `a${t.agent}`;
            const handoff = await step(`get h${t.handoff}`, () => store.getHandoff(`h${t.handoff}`));
            if (!handoff) throw new Error('fixture handoff missing');
            const out = await step(`reserve r${i}`, () =>
              store.reserve(aReservation(`r${i}`, handoff, agentId), 'chat'),
            );
            if (out.type !== 'reserved') return;
            const answered = await step(`answer r${i}`, () => store.resolveReservation(`r${i}`, t.answer, at(i)));
            if (!answered) return;
            const offered = out.handoff;
            if (t.answer !== 'accepted') {
              const declinedBy = [...offered.declinedBy, agentId];
              await step(`requeue h${t.handoff}`, () =>
                store.updateHandoff({ ...offered, status: 'queued', declinedBy }, 'offered'),
              );
              return;
            }
            const assigned = await step(`assign h${t.handoff}`, () =>
              store.updateHandoff(
                { ...offered, status: 'assigned', assignedAgentId: agentId, assignedAt: at(i) },
                'offered',
              ),
            );
            if (!assigned) return;
            await step(`own c${t.handoff}`, () =>
              store.updateConversation(offered.conversationId, { status: 'agent', assignedAgentId: agentId }),
            );
            if (!t.finish) return;
            await step(`complete h${t.handoff}`, () =>
              store.updateHandoff({ ...assigned, status: 'completed', endedAt: at(i) }, 'assigned'),
            );
            await step(`close c${t.handoff}`, () =>
              store.updateConversation(offered.conversationId, { status: 'closed', closedAt: at(i) }),
            );
          };

          await s.waitFor(Promise.all(attempts.map(run)));
          await checkInvariants(store, capacity);
        },
      ),
      { numRuns: 300 },
    );
  });
});
