import { describe, expect, it } from 'vitest';
import type { BatonStore } from '@baton/core';
import { createDrizzleStore, createStore, migrateDatabase } from './create-store.ts';
import { openDatabase } from './database.ts';
import type pg from 'pg';
import { aConversation, aHandoff, anAgent, aQueue, aReservation, contractCipher } from './store-fixtures.ts';
import { describeStoreContract } from './store.contract.ts';
import { createTestDatabase, truncateAll } from './test-database.ts';

const databaseUrl = process.env.DATABASE_URL;

if (databaseUrl !== undefined && databaseUrl !== '') {
  // A fresh database per test file: parallel runs and other files never see each other's rows. Encryption at
  // rest is on (the contract passes without it on PGlite, same SQL), so key rotation runs on PostgreSQL too.
  describeStoreContract('PostgreSQL, sensitive fields encrypted at rest', async () => {
    const testDb = await createTestDatabase(databaseUrl);
    // Two instances migrating at once must take turns (advisory lock), as at a rolling deploy.
    const [peer, opened] = await Promise.all([
      createStore({ databaseUrl: testDb.url, cipher: contractCipher }),
      openDatabase({ databaseUrl: testDb.url }),
      migrateDatabase({ databaseUrl: testDb.url }),
    ]);
    const store: BatonStore = createDrizzleStore(opened.db, async () => {}, contractCipher);
    return {
      reset: async () => {
        await truncateAll(opened.db);
        return store;
      },
      peers: [peer],
      close: async () => {
        await peer.close();
        await opened.close();
        await testDb.drop();
      },
      encrypted: true,
    };
  });

  describe('how an offer commits on PostgreSQL', () => {
    /** The commit setting each offer's transaction ran with, as its locking statement set it. */
    const offerCommitSettings = async (durableOffers: boolean | undefined): Promise<string[]> => {
      const testDb = await createTestDatabase(databaseUrl);
      await migrateDatabase({ databaseUrl: testDb.url });
      const opened = await openDatabase({ databaseUrl: testDb.url });
      const seen: string[] = [];
      const pool = opened.db.$client as pg.Pool;
      pool.on('connect', (client) => {
        const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
        (client as { query: unknown }).query = async (...args: unknown[]) => {
          const result = await query(...args);
          const config = args[0] as { name?: string } | undefined;
          if (config?.name === 'baton_reserve_lock_agent') {
            seen.push(
              ...result.rows.map((row: unknown[] | Record<string, unknown>) => String(Object.values(row).at(-1))),
            );
          }
          return result;
        };
      });
      try {
        const store = createDrizzleStore(opened.db, async () => {}, undefined, undefined, {
          ...(durableOffers === undefined ? {} : { durableOffers }),
        });
        await store.upsertQueue(aQueue('q1'));
        await store.upsertAgent(anAgent('a1', { capacity: { chat: 2, voice: 0 } }));
        for (const n of [1, 2]) {
          await store.createConversation(aConversation(`conv_${n}`, { status: 'queued' }));
          const h = aHandoff(`h_${n}`, `conv_${n}`, 'q1');
          await store.createHandoff(h);
          expect(await store.reserve(aReservation(`r${n}`, h, 'a1'), 'chat')).toMatchObject({ type: 'reserved' });
        }
        return seen;
      } finally {
        await opened.close();
        await testDb.drop();
      }
    };

    it('commits offers asynchronously by default, and like every other write with durableOffers', async () => {
      expect(await offerCommitSettings(undefined)).toEqual(['off', 'off']);
      const durable = await offerCommitSettings(true);
      expect(durable).toHaveLength(2);
      expect(durable).not.toContain('off'); // the server's own setting (`on` unless configured otherwise)
    });
  });

  describe('createStore on PostgreSQL', () => {
    it('wraps connection failures in a DomainError without driver details', async () => {
      const bad = new URL(databaseUrl);
      bad.port = '1';
      const error: unknown = await createStore({ databaseUrl: bad.toString() }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: 'DomainError', code: 'storage_unavailable' });
      expect(String((error as Error).message)).not.toContain('ECONNREFUSED');
    });
  });
} else if (process.env.CI === 'true') {
  it('runs the PostgreSQL store contract in CI', () => {
    expect.fail('DATABASE_URL is not set: CI must run the PostgreSQL contract suite');
  });
} else {
  describe.skip('BatonStore contract: PostgreSQL (set DATABASE_URL to run)', () => {
    it('needs DATABASE_URL', () => undefined);
  });
}
