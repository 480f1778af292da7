import { describe, expect, it } from 'vitest';
import type { BatonStore } from '@baton/core';
import { createDrizzleStore, createStore, migrateDatabase } from './create-store.ts';
import { openDatabase } from './database.ts';
import { contractCipher } from './store-fixtures.ts';
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
