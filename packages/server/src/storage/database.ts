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

export interface OpenedDatabase {
  driver: 'pg' | 'pglite';
  db: DriverDb;
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
    // An idle client losing its connection emits 'error' on the pool; unhandled, it would crash the
    // process. The next query gets a fresh connection, so there is nothing else to do here.
    pool.on('error', () => undefined);
    const db = drizzlePg({ client: pool, schema });
    return { driver: 'pg', db, close: once(() => pool.end()) };
  }
  if (opts.dataDir !== undefined) await mkdir(opts.dataDir, { recursive: true });
  const client = opts.dataDir === undefined ? new PGlite() : new PGlite(opts.dataDir);
  await client.waitReady;
  const db = drizzlePglite({ client, schema });
  return { driver: 'pglite', db, close: once(() => client.close()) };
};
