import { initialEscalationState, type BatonStore, type Clock, type StoredTurn } from '@baton/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../audit/verify-audit.ts';
import { createDrizzleStore } from '../storage/create-store.ts';
import { openDatabase } from '../storage/database.ts';
import { createMemoryStore } from '../storage/memory-store.ts';
import { migrate } from '../storage/migrate.ts';
import { truncateAll } from '../storage/test-database.ts';
import { RetentionJob, type RetentionTimers } from './retention-job.ts';
import { retentionFromEnv, retentionPolicySchema } from './retention-policy.ts';

const DAY = 24 * 3600 * 1000;
const T0 = Date.parse('2026-03-01T00:00:00.000Z');

/** A clock the test moves by hand. */
const fakeClock = (): Clock & { advanceDays(d: number): void } => {
  let now = T0;
  return { now: () => new Date(now), advanceDays: (d) => (now += d * DAY) };
};

/** Timers the test fires by hand: the periodic run without waiting. */
const manualTimers = () => {
  const pending: { fn: () => void; ms: number }[] = [];
  const timers: RetentionTimers = {
    setTimeout: (fn, ms) => {
      const t = { fn, ms };
      pending.push(t);
      return t;
    },
    clearTimeout: (h) => {
      const i = pending.indexOf(h as (typeof pending)[number]);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  return { timers, pending };
};

const turn = (conversationId: string, seq: number, text: string, at: Date): StoredTurn => ({
  id: `${conversationId}_t${seq}`,
  conversationId,
  seq,
  role: seq % 2 === 1 ? 'customer' : 'agent',
  authorId: null,
  text,
  annotations: {},
  createdAt: at,
  decision: null,
  escalationState: initialEscalationState(),
  idempotencyKey: null,
});

/** A customer with CRM data and one conversation closed at `closedAt`. */
const seed = async (store: BatonStore, n: number, closedAt: Date): Promise<void> => {
  await store.upsertCustomer(
    `cus_${n}`,
    { email: `c${n}@example.com`, name: `Customer ${n}`, attributes: { tier: 'gold' } },
    closedAt,
  );
  const id = `conv_${n}`;
  await store.createConversation({
    id,
    customerId: `cus_${n}`,
    channel: 'chat',
    language: 'en',
    status: 'closed',
    assignedAgentId: null,
    createdAt: closedAt,
    updatedAt: closedAt,
    closedAt,
  });
  await store.appendTurn(turn(id, 1, `my card is 4111 and I am customer ${n}`, closedAt));
  await store.appendTurn(turn(id, 2, `thanks customer ${n}`, closedAt));
};

const runRetentionSuite = (
  name: string,
  open: () => Promise<{ store: () => BatonStore; reset: () => Promise<void> }>,
) => {
  describe(`retention job: ${name}`, () => {
    let db: { store: () => BatonStore; reset: () => Promise<void> };
    beforeAll(async () => {
      db = await open();
    });
    beforeEach(async () => {
      await db.reset();
    });

    it('wipes transcripts once they are older than the policy, audits ids and counts only, and the chain verifies', async () => {
      const store = db.store();
      const clock = fakeClock();
      await seed(store, 1, new Date(T0 - 40 * DAY));
      await seed(store, 2, new Date(T0 - 20 * DAY));
      const job = new RetentionJob(store, clock, retentionPolicySchema.parse({ transcriptDays: 30, batchSize: 1 }));

      const first = await job.run();
      expect(first.transcripts).toMatchObject({ conversations: 1, turns: 2 });
      expect(first.crm).toBeNull();
      expect((await store.listTurns('conv_1')).map((t) => t.text)).toEqual(['', '']);
      expect((await store.listTurns('conv_2'))[0]?.text).toContain('4111');

      // Eleven days later the second conversation is 31 days old.
      clock.advanceDays(11);
      expect((await job.run()).transcripts).toMatchObject({ conversations: 1, turns: 2 });
      expect((await store.listTurns('conv_2'))[0]?.text).toBe('');
      expect((await job.run()).transcripts).toMatchObject({ conversations: 0, turns: 0 });

      const purged = (await store.listAudit(0, 100)).filter((e) => e.action === 'retention.purged');
      expect(purged.map((e) => [e.actor, e.subject, e.data['conversationIds'], e.data['turns']])).toEqual([
        ['system:retention', 'retention:transcripts', ['conv_1'], 2],
        ['system:retention', 'retention:transcripts', ['conv_2'], 2],
      ]);
      expect(JSON.stringify(purged)).not.toMatch(/4111|customer 1|example\.com/);
      expect(await verifyAuditLog(store)).toMatchObject({ ok: true, entries: 2 });
      // Identity and CRM data are another class, untouched by transcript retention.
      expect(await store.getCustomer('cus_1')).toMatchObject({ email: 'c1@example.com', attributes: { tier: 'gold' } });
    });

    it('drains a backlog in batches, and clears CRM data of customers not contacted since the cutoff', async () => {
      const store = db.store();
      const clock = fakeClock();
      for (let n = 1; n <= 5; n++) await seed(store, n, new Date(T0 - (100 + n) * DAY));
      await seed(store, 6, new Date(T0 - DAY));
      const job = new RetentionJob(
        store,
        clock,
        retentionPolicySchema.parse({ transcriptDays: 90, crmDays: 90, batchSize: 2 }),
      );
      const report = await job.run();
      expect(report.transcripts).toMatchObject({ conversations: 5, turns: 10 });
      expect(report.crm).toMatchObject({ customers: 5 });
      const purged = (await store.listAudit(0, 100)).filter((e) => e.action === 'retention.purged');
      expect(purged.map((e) => e.data['dataClass'])).toEqual([
        'transcripts',
        'transcripts',
        'transcripts',
        'crm',
        'crm',
        'crm',
      ]);
      expect(
        purged
          .filter((e) => e.data['dataClass'] === 'crm')
          .flatMap((e) => e.data['customerIds'] as string[])
          .sort(),
      ).toEqual(['cus_1', 'cus_2', 'cus_3', 'cus_4', 'cus_5']);
      expect((await store.getCustomer('cus_3'))?.attributes).toEqual({});
      expect((await store.getCustomer('cus_6'))?.attributes).toEqual({ tier: 'gold' });
      expect((await store.listTurns('conv_6'))[0]?.text).toContain('customer 6');
      expect(await verifyAuditLog(store)).toMatchObject({ ok: true });
    });

    it('runs on its interval in the server until stopped', async () => {
      const store = db.store();
      const clock = fakeClock();
      const { timers, pending } = manualTimers();
      await seed(store, 1, new Date(T0 - 10 * DAY));
      const job = new RetentionJob(
        store,
        clock,
        retentionPolicySchema.parse({ transcriptDays: 30, intervalMinutes: 15 }),
      );
      const errors: unknown[] = [];
      job.start((e) => errors.push(e), timers);
      expect(pending.map((p) => p.ms)).toEqual([15 * 60_000]);

      clock.advanceDays(25);
      pending.shift()?.fn();
      await job.run(); // joins the pass the timer started
      expect((await store.listTurns('conv_1'))[0]?.text).toBe('');
      await new Promise((r) => setImmediate(r));
      expect(pending).toHaveLength(1); // the next run is scheduled
      await job.stop(timers);
      expect(pending).toHaveLength(0);
      expect(errors).toEqual([]);
    });
  });
};

runRetentionSuite('memory', async () => {
  let store = createMemoryStore();
  return {
    store: () => store,
    reset: async () => {
      store = createMemoryStore();
    },
  };
});

const pglite: { close: () => Promise<void> }[] = [];
runRetentionSuite('PGlite', async () => {
  const opened = await openDatabase({});
  await migrate(opened.db);
  pglite.push(opened);
  const store = createDrizzleStore(opened.db, async () => {});
  return { store: () => store, reset: () => truncateAll(opened.db) };
});
afterAll(async () => {
  for (const o of pglite) await o.close();
});

describe('retention policy from the environment', () => {
  it('keeps everything when nothing is set, and reads each class', () => {
    expect(retentionFromEnv({})).toEqual({ transcriptDays: null, crmDays: null, intervalMinutes: 60, batchSize: 500 });
    expect(
      retentionFromEnv({
        BATON_RETENTION_TRANSCRIPT_DAYS: 30,
        BATON_RETENTION_CRM_DAYS: 365,
        BATON_RETENTION_INTERVAL_MINUTES: 5,
      }),
    ).toMatchObject({ transcriptDays: 30, crmDays: 365, intervalMinutes: 5 });
  });
});
