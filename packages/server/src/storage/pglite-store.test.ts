import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDrizzleStore, createStore } from './create-store.ts';
import { openDatabase } from './database.ts';
import { migrate } from './migrate.ts';
import { aConversation, aTurn } from './store-fixtures.ts';
import { describeStoreContract } from './store.contract.ts';
import { truncateAll } from './test-database.ts';

// One PGlite for the whole file (it takes seconds to start); tables are emptied between tests.
describeStoreContract('PGlite', async () => {
  const opened = await openDatabase({});
  await migrate(opened.db);
  const store = createDrizzleStore(opened.db, async () => {});
  return {
    reset: async () => {
      await truncateAll(opened.db);
      return store;
    },
    peers: [],
    close: opened.close,
  };
});

describe('createStore with a data directory', () => {
  it('creates the directory, migrates, and keeps data across restarts', async () => {
    const root = await mkdtemp(join(tmpdir(), 'baton-pglite-'));
    const dataDir = join(root, 'nested', 'db');
    try {
      const first = await createStore({ dataDir });
      await first.createConversation(aConversation('conv_1'));
      await first.appendTurn(aTurn('conv_1', 1));
      await first.close();
      const second = await createStore({ dataDir });
      expect(await second.listTurns('conv_1')).toEqual([aTurn('conv_1', 1)]);
      await second.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
