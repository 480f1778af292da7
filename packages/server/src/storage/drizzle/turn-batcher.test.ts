import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainError, StoredTurn } from '@baton/core';
import { drizzleConversationStore } from './conversation-queries.ts';
import { TurnBatcher } from './turn-batcher.ts';
import { openDatabase, type OpenedDatabase } from '../database.ts';
import { migrate } from '../migrate.ts';
import { aConversation, aTurn } from '../store-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../test-database.ts';

/**
 * Group commit: turns appended at the same moment are written by one statement, yet each caller gets the
 * answer a lone append would get. The store contract covers single appends; this covers what only shows when
 * many arrive together (mixed outcomes in one batch, two turns of one conversation, several batchers).
 */
const describeBatcher = (name: string, open: () => Promise<{ db: OpenedDatabase; drop?: TestDatabase }>) =>
  describe(`TurnBatcher on ${name}`, () => {
    let opened: OpenedDatabase;
    let testDb: TestDatabase | undefined;
    let n = 0;
    /** Fresh conversation ids per test: the database is shared by the file. */
    const conversations = async (count: number): Promise<string[]> => {
      const store = drizzleConversationStore(opened.db);
      const ids = Array.from({ length: count }, () => `conv_${++n}`);
      for (const id of ids) await store.createConversation(aConversation(id));
      return ids;
    };
    const code = async (p: Promise<unknown>): Promise<string> =>
      p.then(
        () => 'ok',
        (e: unknown) => (e as DomainError).code,
      );

    beforeAll(async () => {
      const got = await open();
      opened = got.db;
      testDb = got.drop;
      await migrate(opened.db);
    });
    afterAll(async () => {
      await opened?.close();
      await testDb?.drop();
    });

    it('answers every turn of a mixed batch as a single append would', async () => {
      const [a, b, c] = await conversations(3);
      const batcher = new TurnBatcher(opened.db);
      const store = drizzleConversationStore(opened.db, batcher);
      await store.appendTurn(aTurn(c ?? '', 1, { idempotencyKey: 'k' }));
      const outcomes = await Promise.all([
        code(batcher.append(aTurn(a ?? '', 1))),
        code(batcher.append(aTurn(b ?? '', 1))),
        code(batcher.append(aTurn('conv_missing', 1))),
        code(batcher.append(aTurn(b ?? '', 3, { id: 'skipped' }))),
        code(batcher.append(aTurn(c ?? '', 1, { id: 'taken' }))),
        batcher.append(aTurn(c ?? '', 2, { id: 'retry', idempotencyKey: 'k' })),
      ]);
      expect(outcomes.slice(0, 5)).toEqual(['ok', 'ok', 'conversation_not_found', 'turn_conflict', 'turn_conflict']);
      expect(outcomes[5]).toEqual({ turn: aTurn(c ?? '', 1, { idempotencyKey: 'k' }), created: false });
      expect((await store.listTurns(b ?? '')).map((t) => t.id)).toEqual([`${b}_t1`]);
      expect((await store.listTurns(c ?? '')).map((t) => t.id)).toEqual([`${c}_t1`]);
    });

    it('writes consecutive turns of one conversation appended at once, in order', async () => {
      const [a] = await conversations(1);
      const batcher = new TurnBatcher(opened.db);
      const turns = [1, 2, 3].map((seq) => aTurn(a ?? '', seq));
      const results = await Promise.all(turns.map((t) => batcher.append(t)));
      expect(results.map((r) => r.created)).toEqual([true, true, true]);
      expect(await drizzleConversationStore(opened.db).listTurns(a ?? '')).toEqual(turns);
    });

    it('stores hundreds of conversations appended together, each exactly once', async () => {
      const ids = await conversations(300);
      const batcher = new TurnBatcher(opened.db, 2);
      const results = await Promise.all(ids.map((id) => batcher.append(aTurn(id, 1, { text: `hi ${id}` }))));
      expect(results.every((r) => r.created)).toBe(true);
      const store = drizzleConversationStore(opened.db);
      const stored: (StoredTurn | null)[] = await Promise.all(ids.map((id) => store.lastTurn(id)));
      expect(stored.map((t) => t?.text)).toEqual(ids.map((id) => `hi ${id}`));
    });

    it('stores any text and JSON as given, a lone surrogate as U+FFFD (as a text parameter would)', async () => {
      const [a, b] = await conversations(2);
      const batcher = new TurnBatcher(opened.db);
      const awkward =
        'say "hi" \\ back\nslash \u00e9t\u00e9 \u{1F600} \u0645\u0631\u062D\u0628\u0627 \'quoted\' {"a":[1]}';
      const full = aTurn(a ?? '', 1, {
        text: awkward,
        authorId: 'bot "x"',
        idempotencyKey: 'key \\ "1"',
        annotations: { intent: { name: 'say "x"', confidence: 0.25 }, slots: { note: 'a \\ b' } },
      });
      const lone = aTurn(b ?? '', 1, { text: 'broken \ud800 pair, kept \u{1F600}' });
      await Promise.all([batcher.append(full), batcher.append(lone)]);
      const store = drizzleConversationStore(opened.db);
      expect(await store.listTurns(a ?? '')).toEqual([full]);
      expect((await store.lastTurn(b ?? ''))?.text).toBe('broken \uFFFD pair, kept \u{1F600}');
    });

    it('lets one of two batchers (two instances) take a seq, and answers a key reused across them', async () => {
      const [a, b] = await conversations(2);
      const one = new TurnBatcher(opened.db);
      const two = new TurnBatcher(opened.db);
      const raced = await Promise.all([
        code(one.append(aTurn(a ?? '', 1, { id: 'x1' }))),
        code(two.append(aTurn(a ?? '', 1, { id: 'x2' }))),
      ]);
      expect(raced.sort()).toEqual(['ok', 'turn_conflict']);
      const keyed = await Promise.all([
        one.append(aTurn(b ?? '', 1, { id: 'y1', idempotencyKey: 'same' })),
        two.append(aTurn(b ?? '', 1, { id: 'y2', idempotencyKey: 'same' })),
      ]);
      expect(keyed.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(keyed.map((r) => r.turn.id)).size).toBe(1);
    });
  });

describeBatcher('PGlite', async () => ({ db: await openDatabase({}) }));

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl !== undefined && databaseUrl !== '') {
  describeBatcher('PostgreSQL', async () => {
    const drop = await createTestDatabase(databaseUrl);
    return { db: await openDatabase({ databaseUrl: drop.url }), drop };
  });
}
