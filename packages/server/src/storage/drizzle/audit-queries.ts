import { asc, desc, gt, inArray, sql } from 'drizzle-orm';
import { chainEntry, type AuditEntry, type AuditInput, type AuditStore } from '@baton/core';
import type { BatonDb } from '../database.ts';
import { guarded } from '../driver-errors.ts';
import { auditLog } from '../schema.ts';

interface PendingAppend {
  input: AuditInput;
  hash: (material: string) => string;
  resolve: (entry: AuditEntry) => void;
  reject: (err: unknown) => void;
}

/** Most entries chained in one transaction. */
const MAX_BATCH = 500;

/**
 * Group commit for the audit chain. The chain has one head, so every append takes the advisory lock, reads the
 * head and inserts after it: five round trips and the lock held throughout. Appends made while a transaction is
 * running wait and are chained together in the next one (lock once, one read of the event ids already recorded,
 * one read of the head, one multi-row insert), so a burst of lifecycle and data-access entries costs one
 * transaction instead of one each, and this instance never holds more than one connection waiting on the lock.
 * Each caller still gets the answer of a single append: its new entry, or the stored one for a known event id.
 */
class AuditBatcher {
  private queue: PendingAppend[] = [];
  private writing = false;
  private scheduled = false;

  constructor(private readonly db: BatonDb) {}

  append(input: AuditInput, hash: (material: string) => string): Promise<AuditEntry> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, hash, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    // One event-loop turn of patience: appends made in this turn (one bus event heard by several recorders,
    // a recorder flushing its backlog) join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const entries = await guarded(() => this.write(batch));
          batch.forEach((p, i) => p.resolve(entries[i] as AuditEntry));
        } catch (err) {
          if (batch.length === 1) {
            batch[0]?.reject(err);
            continue;
          }
          // One bad entry must not fail its neighbours: write them one by one, each with its own outcome.
          for (const p of batch) {
            try {
              const [entry] = await guarded(() => this.write([p]));
              p.resolve(entry as AuditEntry);
            } catch (e) {
              p.reject(e);
            }
          }
        }
      }
    } finally {
      this.writing = false;
      this.schedule();
    }
  }

  /** Chains the batch after the current head in one transaction; returns each append's entry, in order. */
  private write(batch: readonly PendingAppend[]): Promise<AuditEntry[]> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('baton.audit_log'))`);
      const eventIds = [...new Set(batch.map((p) => p.input.eventId))];
      const known = new Map<string, AuditEntry>();
      for (const row of await tx.select().from(auditLog).where(inArray(auditLog.eventId, eventIds))) {
        known.set(row.eventId, row as AuditEntry);
      }
      const [head] = await tx.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
      let previous = (head as AuditEntry | undefined) ?? null;
      const added: AuditEntry[] = [];
      const out = batch.map((p) => {
        const stored = known.get(p.input.eventId);
        if (stored !== undefined) return stored;
        const entry = chainEntry(previous, p.input, p.hash);
        previous = entry;
        known.set(entry.eventId, entry);
        added.push(entry);
        return entry;
      });
      if (added.length > 0) await tx.insert(auditLog).values(added);
      return out;
    });
  }
}

/**
 * AuditStore over drizzle. The chain has one head, so appends are serialised with a transaction-scoped
 * advisory lock (works on PostgreSQL and PGlite), and the appends of this instance are grouped into one
 * transaction per batch (AuditBatcher); reads never lock.
 */
export const drizzleAuditStore = (db: BatonDb): AuditStore => {
  const batcher = new AuditBatcher(db);
  return {
    appendAudit: (input, hash) => batcher.append(input, hash),

    listAudit: (afterSeq, limit) =>
      guarded(async () => {
        const rows = await db
          .select()
          .from(auditLog)
          .where(gt(auditLog.seq, afterSeq))
          .orderBy(asc(auditLog.seq))
          .limit(limit);
        return rows as AuditEntry[];
      }),
  };
};
