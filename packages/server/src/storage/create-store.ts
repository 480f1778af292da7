/**
 * The composition point for storage: picks the driver from the options, migrates, and returns one
 * BatonStore implementation (drizzle/*-queries.ts) that is the same code on PGlite and PostgreSQL.
 */
import type { BatonStore } from '@baton/core';
import { openDatabase, type BatonDb, type DatabaseOptions } from './database.ts';
import { drizzleConversationStore } from './drizzle/conversation-queries.ts';
import { TurnBatcher } from './drizzle/turn-batcher.ts';
import { drizzleCustomerStore } from './drizzle/customer-queries.ts';
import { drizzleDirectoryStore } from './drizzle/directory-queries.ts';
import { drizzleHandoffStore, type HandoffStoreOptions } from './drizzle/handoff-queries.ts';
import { drizzleRecordStore } from './drizzle/record-queries.ts';
import { drizzleWebhookStore } from './drizzle/webhook-queries.ts';
import { drizzleAuditStore } from './drizzle/audit-queries.ts';
import { drizzleAnalyticsStore } from './drizzle/analytics-queries.ts';
import { drizzleComplianceStore } from './drizzle/compliance-queries.ts';
import { drizzleConsultStore } from './drizzle/consult-queries.ts';
import { guarded } from './driver-errors.ts';
import { migrate } from './migrate.ts';
import type { SensitiveFieldCipher } from './sealed-fields.ts';

export interface CreateStoreOptions extends DatabaseOptions, HandoffStoreOptions {
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Encrypts sensitive fields at rest (CRM data); stored in the clear without it. */
  cipher?: SensitiveFieldCipher;
}

/** A BatonStore over an already opened drizzle database; `close` releases whatever owns the connection. */
export const createDrizzleStore = (
  db: BatonDb,
  close: () => Promise<void>,
  cipher?: SensitiveFieldCipher,
  /** Where turns are written and how many batches at once (turn-batcher.ts); `db` and its default otherwise. */
  turnWriter?: { db: BatonDb; concurrency: number },
  handoffOptions?: HandoffStoreOptions,
): BatonStore => ({
  ...drizzleCustomerStore(db, cipher),
  ...drizzleConversationStore(db, new TurnBatcher(turnWriter?.db ?? db, turnWriter?.concurrency)),
  ...drizzleDirectoryStore(db),
  ...drizzleHandoffStore(db, handoffOptions),
  ...drizzleWebhookStore(db),
  ...drizzleRecordStore(db),
  ...drizzleAuditStore(db),
  ...drizzleAnalyticsStore(db),
  ...drizzleComplianceStore(db, cipher),
  ...drizzleConsultStore(db),
  close,
});

/**
 * Opens the store: PostgreSQL when `databaseUrl` is set, else PGlite persisted in `dataDir`, else PGlite
 * in memory (tests). Failures to connect or migrate are DomainErrors (`storage_unavailable`).
 */
export const createStore = async (opts: CreateStoreOptions): Promise<BatonStore> => {
  const opened = await guarded(() => openDatabase(opts));
  try {
    if (opts.migrate ?? true) await guarded(() => migrate(opened.db));
  } catch (e) {
    await opened.close();
    throw e;
  }
  return createDrizzleStore(opened.db, opened.close, opts.cipher, opened.turnWriter, {
    ...(opts.durableOffers === undefined ? {} : { durableOffers: opts.durableOffers }),
  });
};

/** Applies pending migrations and closes the connection: the `baton migrate` command. */
export const migrateDatabase = async (opts: DatabaseOptions): Promise<void> => {
  const opened = await guarded(() => openDatabase(opts));
  try {
    await guarded(() => migrate(opened.db));
  } finally {
    await opened.close();
  }
};
