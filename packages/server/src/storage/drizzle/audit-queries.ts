import { asc, desc, eq, gt, sql } from 'drizzle-orm';
import { chainEntry, type AuditEntry, type AuditStore } from '@baton/core';
import type { BatonDb } from '../database.ts';
import { guarded } from '../driver-errors.ts';
import { auditLog } from '../schema.ts';

/**
 * AuditStore over drizzle. The chain has one head, so appends are serialised with a transaction-scoped
 * advisory lock (works on PostgreSQL and PGlite); reads never lock.
 */
export const drizzleAuditStore = (db: BatonDb): AuditStore => ({
  appendAudit: (input, hash) =>
    guarded(() =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext('baton.audit_log'))`);
        const [existing] = await tx.select().from(auditLog).where(eq(auditLog.eventId, input.eventId));
        if (existing) return existing as AuditEntry;
        const [head] = await tx.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
        const entry = chainEntry((head as AuditEntry | undefined) ?? null, input, hash);
        await tx.insert(auditLog).values(entry);
        return entry;
      }),
    ),

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
});
