/**
 * Test support for the real-database contract runs: a throwaway PostgreSQL database per test file, and
 * emptying tables between tests when one database (PGlite) is shared by a whole file.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { BatonDb } from './database.ts';

export interface TestDatabase {
  /** Connection string of the new database. */
  url: string;
  /** Drops the database, disconnecting anyone still on it. */
  drop: () => Promise<void>;
}

const withAdmin = async (url: string, query: string): Promise<void> => {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(query);
  } finally {
    await admin.end();
  }
};

/** Creates `baton_test_<random>` next to the database `url` points at, so parallel runs never collide. */
export const createTestDatabase = async (url: string): Promise<TestDatabase> => {
  const name = `baton_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(url, `create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: () => withAdmin(url, `drop database if exists ${name} with (force)`),
  };
};

/** Removes every row from every Baton table. */
export const truncateAll = async (db: BatonDb): Promise<void> => {
  await db.execute(
    sql`truncate table consult_messages, consults, audit_log, wrap_ups, surveys, consents, webhook_attempts, webhook_deliveries, reservations, handoffs, turns, conversations, customers, agents, queues restart identity cascade`,
  );
};
