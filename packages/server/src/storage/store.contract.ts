/**
 * The BatonStore contract: one suite, run against every implementation (memory, PGlite, PostgreSQL).
 * Handoffs, reservations and the concurrency races live in handoff-store.contract.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BatonStore, DomainError } from '@baton/core';
import { registerHandoffContract } from './handoff-store.contract.ts';
import { registerRecordContract } from './record-store.contract.ts';
import { registerAuditContract } from './audit-store.contract.ts';
import { registerWebhookContract } from './webhook-store.contract.ts';
import { registerAnalyticsContract } from './analytics-store.contract.ts';
import { registerComplianceContract } from './compliance-store.contract.ts';
import { registerConsultContract } from './consult-store.contract.ts';
import { registerTurnOriginalContract } from './turn-original-store.contract.ts';
import { aConversation, anAgent, aQueue, aTurn, at, expectCode, type StoreContext } from './store-fixtures.ts';

export interface StoreFixture {
  /** Empties the data and returns the store under test. Called before every test. */
  reset: () => Promise<BatonStore>;
  /** Other instances over the same data (other Baton processes); empty when there can be only one. */
  peers: BatonStore[];
  /** Releases every store and connection. */
  close: () => Promise<void>;
  /** The store (and its peers) seal with `contractCipher` (store-fixtures.ts); in the clear otherwise. */
  encrypted?: boolean;
}

/** Registers the whole BatonStore contract for one implementation. */
export const describeStoreContract = (name: string, open: () => Promise<StoreFixture>): void => {
  describe(`BatonStore contract: ${name}`, () => {
    let fixture: StoreFixture | undefined;
    let current: BatonStore | undefined;
    const store = (): BatonStore => current ?? expect.fail('store not ready');
    const ctx: StoreContext = {
      store,
      instances: () => [store(), ...(fixture?.peers ?? [])],
      encrypted: () => fixture?.encrypted === true,
    };

    beforeAll(async () => {
      fixture = await open();
    });
    afterAll(async () => {
      await fixture?.close();
    });
    beforeEach(async () => {
      current = await (fixture ?? expect.fail('fixture not open')).reset();
    });

    describe('customers', () => {
      it('creates a customer with the given id when nothing matches', async () => {
        const c = await store().upsertCustomer(
          'cus_1',
          { email: 'ann@example.com', attributes: { tier: 'gold' } },
          at(1),
        );
        expect(c).toEqual({
          id: 'cus_1',
          externalId: null,
          name: null,
          email: 'ann@example.com',
          phone: null,
          attributes: { tier: 'gold' },
          createdAt: at(1),
        });
        expect(await store().getCustomer('cus_1')).toEqual(c);
        expect(await store().getCustomer('cus_missing')).toBeNull();
      });

      it('matches by external id, then email (any case), then phone, and merges', async () => {
        await store().upsertCustomer(
          'cus_1',
          { externalId: 'crm-1', name: 'Ann', attributes: { tier: 'gold' } },
          at(1),
        );
        await store().upsertCustomer('cus_2', { email: 'Bob@Example.com', phone: '+441234' }, at(2));
        const byExternal = await store().upsertCustomer(
          'cus_x',
          { externalId: 'crm-1', attributes: { score: 3 } },
          at(3),
        );
        expect(byExternal).toMatchObject({ id: 'cus_1', name: 'Ann', attributes: { tier: 'gold', score: 3 } });
        expect(byExternal.createdAt).toEqual(at(1));
        const byEmail = await store().upsertCustomer('cus_y', { email: 'bob@example.COM', name: 'Bob' }, at(4));
        expect(byEmail).toMatchObject({ id: 'cus_2', name: 'Bob', phone: '+441234' });
        const byPhone = await store().upsertCustomer('cus_z', { phone: '+441234', name: null }, at(5));
        expect(byPhone).toMatchObject({ id: 'cus_2', name: 'Bob' });
        expect(await store().getCustomer('cus_x')).toBeNull();
      });
    });

    describe('conversations', () => {
      it('round-trips a conversation with Date fields', async () => {
        const conv = aConversation('conv_1', { closedAt: at(9) });
        await store().createConversation(conv);
        const got = await store().getConversation('conv_1');
        expect(got).toEqual(conv);
        expect(got?.createdAt).toBeInstanceOf(Date);
        expect(await store().getConversation('conv_missing')).toBeNull();
      });

      it('rejects a duplicate id and an unknown customer', async () => {
        await store().createConversation(aConversation('conv_1'));
        await expectCode(store().createConversation(aConversation('conv_1')), 'conversation_exists');
        await expectCode(
          store().createConversation(aConversation('conv_2', { customerId: 'cus_nope' })),
          'customer_not_found',
        );
      });

      it('lists by status and agent, most recently updated first, with a limit', async () => {
        await store().createConversation(
          aConversation('c1', { status: 'agent', assignedAgentId: 'a1', updatedAt: at(1) }),
        );
        await store().createConversation(
          aConversation('c2', { status: 'agent', assignedAgentId: 'a2', updatedAt: at(3) }),
        );
        await store().createConversation(aConversation('c3', { status: 'queued', updatedAt: at(2) }));
        const ids = async (f: Parameters<BatonStore['listConversations']>[0]) =>
          (await store().listConversations(f)).map((c) => c.id);
        expect(await ids({ status: ['agent', 'queued'] })).toEqual(['c2', 'c3', 'c1']);
        expect(await ids({ status: ['agent'] })).toEqual(['c2', 'c1']);
        expect(await ids({ assignedAgentId: 'a1' })).toEqual(['c1']);
        await store().upsertCustomer('cus_h', { email: 'h@example.com' }, at(0));
        await store().createConversation(aConversation('c4', { customerId: 'cus_h', updatedAt: at(0) }));
        expect(await ids({ customerId: 'cus_h' })).toEqual(['c4']);
        expect(await ids({ limit: 1 })).toEqual(['c2']);
        expect(await ids({ status: [] })).toEqual([]);
      });

      it('patches a conversation and throws conversation_not_found for an unknown id', async () => {
        await store().createConversation(aConversation('conv_1'));
        const next = await store().updateConversation('conv_1', {
          status: 'agent',
          assignedAgentId: 'a1',
          updatedAt: at(5),
        });
        expect(next).toMatchObject({ status: 'agent', assignedAgentId: 'a1', updatedAt: at(5), language: 'en' });
        expect(await store().getConversation('conv_1')).toEqual(next);
        await expectCode(store().updateConversation('nope', { status: 'closed' }), 'conversation_not_found');
        await expectCode(store().updateConversation('conv_1', { customerId: 'cus_nope' }), 'customer_not_found');
      });
    });

    describe('turns', () => {
      beforeEach(async () => {
        await store().createConversation(aConversation('conv_1'));
      });

      it('appends in seq order and lists, pages and returns the last turn with its decision and state', async () => {
        const first = aTurn('conv_1', 1, {
          annotations: { fallback: true, intent: { name: 'refund', confidence: 0.8 } },
        });
        const second = aTurn('conv_1', 2, {
          role: 'assistant',
          decision: {
            kind: 'continue',
            signals: [{ name: 'x', score: 0.5, fired: false }],
            rule: null,
            policyVersion: 'v1',
            priority: 0,
            reason: null,
          },
        });
        expect(await store().appendTurn(first)).toEqual({ turn: first, created: true });
        await store().appendTurn(second);
        expect(await store().listTurns('conv_1')).toEqual([first, second]);
        expect(await store().listTurns('conv_1', 1)).toEqual([second]);
        expect(await store().lastTurn('conv_1')).toEqual(second);
        expect(await store().lastTurn('conv_none')).toBeNull();
      });

      it('throws turn_conflict for a taken or skipped seq and conversation_not_found for no conversation', async () => {
        await store().appendTurn(aTurn('conv_1', 1));
        await expectCode(store().appendTurn(aTurn('conv_1', 1, { id: 'other' })), 'turn_conflict');
        await expectCode(store().appendTurn(aTurn('conv_1', 3)), 'turn_conflict');
        await expectCode(store().appendTurn(aTurn('conv_nope', 1)), 'conversation_not_found');
        expect(await store().listTurns('conv_1')).toHaveLength(1);
      });

      it('returns the stored turn when an idempotency key is reused', async () => {
        const original = aTurn('conv_1', 1, { idempotencyKey: 'k1' });
        await store().appendTurn(original);
        const retry = await store().appendTurn(
          aTurn('conv_1', 2, { id: 'retry', text: 'changed', idempotencyKey: 'k1' }),
        );
        expect(retry).toEqual({ turn: original, created: false });
        expect(await store().listTurns('conv_1')).toEqual([original]);
        // Keys are scoped to a conversation.
        await store().createConversation(aConversation('conv_2'));
        expect((await store().appendTurn(aTurn('conv_2', 1, { idempotencyKey: 'k1' }))).created).toBe(true);
      });

      it('lets exactly one of two concurrent writers take a seq', async () => {
        const [a, b] = ctx.instances().length > 1 ? ctx.instances() : [store(), store()];
        const results = await Promise.allSettled([
          (a ?? store()).appendTurn(aTurn('conv_1', 1, { id: 'ta' })),
          (b ?? store()).appendTurn(aTurn('conv_1', 1, { id: 'tb' })),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((r) => r.status === 'rejected');
        expect((rejected?.reason as DomainError).code).toBe('turn_conflict');
      });

      it('answers concurrent retries of one idempotency key with one stored turn', async () => {
        const stores = ctx.instances();
        const results = await Promise.all(
          [0, 1, 2, 3].map((i) =>
            (stores[i % stores.length] ?? store()).appendTurn(
              aTurn('conv_1', 1, { id: `t${i}`, idempotencyKey: 'same' }),
            ),
          ),
        );
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.turn.id)).size).toBe(1);
      });
    });

    describe('directory', () => {
      it('stores agents without exposing the password hash, finds them by email in any case', async () => {
        await store().upsertAgent({ ...anAgent('a1', { email: 'Ann@Example.com' }), passwordHash: 'hash1' });
        const got = await store().getAgent('a1');
        expect(got).toEqual(anAgent('a1', { email: 'Ann@Example.com' }));
        expect(got).not.toHaveProperty('passwordHash');
        expect(await store().findAgentByEmail('ann@example.COM')).toMatchObject({ id: 'a1', passwordHash: 'hash1' });
        expect(await store().findAgentByEmail('nobody@example.com')).toBeNull();
        expect((await store().listAgents())[0]).not.toHaveProperty('passwordHash');
      });

      it('keeps the hash when an update omits it, clears it on null, and refuses a taken email', async () => {
        await store().upsertAgent({ ...anAgent('a1'), passwordHash: 'hash1' });
        await store().upsertAgent(anAgent('a1', { name: 'Renamed' }));
        expect(await store().findAgentByEmail('a1@example.com')).toMatchObject({
          name: 'Renamed',
          passwordHash: 'hash1',
        });
        await store().upsertAgent({ ...anAgent('a1'), passwordHash: null });
        expect((await store().findAgentByEmail('a1@example.com'))?.passwordHash).toBeNull();
        await expectCode(store().upsertAgent(anAgent('a2', { email: 'A1@example.com' })), 'agent_email_taken');
      });

      it('sets presence, keeping presenceSince when it does not change', async () => {
        await store().upsertAgent(anAgent('a1', { presence: 'offline' }));
        expect(await store().setPresence('a1', 'available', at(5))).toMatchObject({
          presence: 'available',
          presenceSince: at(5),
        });
        expect((await store().setPresence('a1', 'available', at(9))).presenceSince).toEqual(at(5));
        expect(await store().getAgent('a1')).toMatchObject({ presence: 'available', presenceSince: at(5) });
        await expectCode(store().setPresence('nope', 'available', at(1)), 'agent_not_found');
      });

      it('keeps wrap-up seconds and the presence reason; a compare-and-set presence change loses to another', async () => {
        await store().upsertAgent(anAgent('a1', { presence: 'available', wrapUpSeconds: 45 }));
        expect((await store().getAgent('a1'))?.wrapUpSeconds).toBe(45);
        expect(await store().setPresence('a1', 'away', at(5), 'lunch')).toMatchObject({
          presence: 'away',
          presenceReason: 'lunch',
          presenceSince: at(5),
        });
        // Same presence, new reason: the reason changes, presenceSince stays.
        expect(await store().setPresence('a1', 'away', at(7), 'meeting')).toMatchObject({
          presenceReason: 'meeting',
          presenceSince: at(5),
        });
        expect((await store().listAgents())[0]).toMatchObject({ presenceReason: 'meeting', wrapUpSeconds: 45 });
        // Not in wrap-up: ending a wrap-up writes nothing.
        expect(await store().setPresenceIf('a1', 'wrap_up', 'available', at(8))).toBeNull();
        expect(await store().getAgent('a1')).toMatchObject({ presence: 'away', presenceReason: 'meeting' });
        await store().setPresence('a1', 'wrap_up', at(9), 'after_conversation');
        expect(await store().setPresenceIf('a1', 'wrap_up', 'available', at(10))).toMatchObject({
          presence: 'available',
          presenceSince: at(10),
        });
        const back = await store().getAgent('a1');
        expect(back?.presenceReason ?? null).toBeNull();
        await expectCode(store().setPresenceIf('nope', 'wrap_up', 'available', at(1)), 'agent_not_found');
        // Settings saved without wrap-up clear it (a full replace), as the admin API's read-back expects.
        await store().upsertAgent(anAgent('a1'));
        expect((await store().getAgent('a1'))?.wrapUpSeconds ?? null).toBeNull();
      });

      it('upserts, gets and lists queues in id order', async () => {
        await store().upsertQueue(aQueue('q2'));
        await store().upsertQueue(aQueue('q1', { requiredSkills: { billing: 3 } }));
        await store().upsertQueue(aQueue('q2', { slaSeconds: 5 }));
        expect(await store().getQueue('q1')).toEqual(aQueue('q1', { requiredSkills: { billing: 3 } }));
        expect((await store().listQueues()).map((q) => [q.id, q.slaSeconds])).toEqual([
          ['q1', 60],
          ['q2', 5],
        ]);
        expect(await store().getQueue('nope')).toBeNull();
      });

      it("keeps a queue's routing settings: strategy, business hours, escalation steps", async () => {
        const q = aQueue('q3', {
          strategy: 'best_skill',
          businessHours: { timeZone: 'Europe/Paris', weekly: { mon: [['09:00', '17:00']] } },
          escalation: [{ afterSeconds: 120, raisePriorityBy: 2 }],
        });
        await store().upsertQueue(q);
        expect(await store().getQueue('q3')).toEqual(q);
        const { strategy: _s, businessHours: _b, escalation: _e, ...plain } = q;
        await store().upsertQueue(plain);
        expect(await store().getQueue('q3')).toEqual(plain);
      });
    });

    registerHandoffContract(ctx);
    registerWebhookContract(ctx);
    registerRecordContract(ctx);
    registerAuditContract(ctx);
    registerAnalyticsContract(ctx);
    registerComplianceContract(ctx);
    registerConsultContract(ctx);
    registerTurnOriginalContract(ctx);
  });
};
