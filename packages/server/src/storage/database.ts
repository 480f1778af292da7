/**
 * Opens the database behind the store: PostgreSQL through a pg Pool when a URL is given, otherwise an
 * embedded PGlite (on disk in `dataDir`, or in memory). Both are driven through the same drizzle
 * `PgDatabase` type, so the store is written once.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite, type PgliteDatabase } from 'drizzle-orm/pglite';
import pg from 'pg';
import { schema, type BatonSchema } from './schema.ts';

/** The drizzle database both drivers share; store code only ever sees this type. */
export type BatonDb = PgDatabase<PgQueryResultHKT, BatonSchema>;

/** A drizzle database as returned by one of the two drivers (what `migrate()` accepts). */
export type DriverDb =
  | (PgliteDatabase<BatonSchema> & { $client: PGlite })
  | (NodePgDatabase<BatonSchema> & { $client: pg.Pool | pg.PoolClient | pg.Client });

export interface DatabaseOptions {
  /** PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl?: string;
  /** Directory for the embedded PGlite database (created if missing); in memory when undefined. */
  dataDir?: string;
  /** Maximum pooled PostgreSQL connections (default 10). */
  poolSize?: number;
}

/** Where turns are written (turn-batcher.ts) and how many batches may be written at once. */
export interface TurnWriter {
  db: DriverDb;
  concurrency: number;
}

/**
 * PostgreSQL connections of their own for turn writes: a turn's write never waits for a connection held by
 * other work (a handoff's transactions, an audit append queued on its advisory lock), and the batcher keeps
 * one batch in flight per connection.
 */
const TURN_WRITE_CONNECTIONS = 4;

export interface OpenedDatabase {
  driver: 'pg' | 'pglite';
  db: DriverDb;
  /** Turn writes: their own small pool on PostgreSQL; the one PGlite, one batch at a time, otherwise. */
  turnWriter: TurnWriter;
  /** Releases the pool or shuts PGlite down. Idempotent. */
  close: () => Promise<void>;
}

const once = (fn: () => Promise<void>): (() => Promise<void>) => {
  let closing: Promise<void> | undefined;
  return () => (closing ??= fn());
};

/** Opens (but does not migrate) the database the options point at. */
export const openDatabase = async (opts: DatabaseOptions): Promise<OpenedDatabase> => {
  if (opts.databaseUrl !== undefined) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    const turnPool = new pg.Pool({ connectionString: opts.databaseUrl, max: TURN_WRITE_CONNECTIONS });
    // An idle client losing its connection emits 'error' on the pool; unhandled, it would crash the
    // process. The next query gets a fresh connection, so there is nothing else to do here.
    pool.on('error', () => undefined);
    turnPool.on('error', () => undefined);
    const db = drizzlePg({ client: pool, schema });
    const turnWriter = { db: drizzlePg({ client: turnPool, schema }), concurrency: TURN_WRITE_CONNECTIONS };
    return {
      driver: 'pg',
      db,
      turnWriter,
      close: once(async () => {
        await Promise.all([pool.end(), turnPool.end()]);
      }),
    };
  }
  if (opts.dataDir !== undefined) await mkdir(opts.dataDir, { recursive: true });
  const client = opts.dataDir === undefined ? new PGlite() : new PGlite(opts.dataDir);
  await client.waitReady;
  const db = drizzlePglite({ client, schema });
  // PGlite runs one query at a time: a second batch in flight would only make both smaller.
  return { driver: 'pglite', db, turnWriter: { db, concurrency: 1 }, close: once(() => client.close()) };
};
