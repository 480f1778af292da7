import { and, asc, desc, eq, inArray, lte, or, type SQL } from 'drizzle-orm';
import type { WebhookStore } from '@baton/core';
import type { BatonDb } from '../database.ts';
import { guarded } from '../driver-errors.ts';
import { webhookAttempts, webhookDeliveries } from '../schema.ts';

const d = webhookDeliveries;

/** Claimable at `now`: pending and due, or delivering under a lease that ran out. */
const claimable = (now: Date): SQL =>
  or(and(eq(d.status, 'pending'), lte(d.nextAttemptAt, now)), and(eq(d.status, 'delivering'), lte(d.leaseUntil, now)))!;

/** WebhookStore over drizzle: the unique (event, endpoint) insert and conditional-update claims. */
export const drizzleWebhookStore = (db: BatonDb): WebhookStore => ({
  enqueueWebhook: (delivery) =>
    guarded(async () => {
      const [inserted] = await db.insert(d).values(delivery).onConflictDoNothing().returning();
      if (inserted) return { delivery: inserted, created: true };
      const [existing] = await db
        .select()
        .from(d)
        .where(and(eq(d.eventId, delivery.eventId), eq(d.endpoint, delivery.endpoint)));
      if (!existing) throw new Error('webhook delivery neither inserted nor found');
      return { delivery: existing, created: false };
    }),

  claimWebhook: (id, owner, now, leaseUntil) =>
    guarded(async () => {
      // One UPDATE … WHERE claimable: of two instances racing, the second re-checks the row after the
      // first commits and matches nothing.
      const [row] = await db
        .update(d)
        .set({ status: 'delivering', claimedBy: owner, leaseUntil })
        .where(and(eq(d.id, id), claimable(now)))
        .returning();
      return row ?? null;
    }),

  listDueWebhooks: (now, limit) =>
    guarded(async () => {
      const rows = await db
        .select({ id: d.id })
        .from(d)
        .where(claimable(now))
        .orderBy(asc(d.nextAttemptAt), asc(d.id))
        .limit(limit);
      return rows.map((r) => r.id);
    }),

  finishWebhookAttempt: (id, owner, attempt, next) =>
    guarded(() =>
      db.transaction(async (tx) => {
        const [row] = await tx
          .update(d)
          .set({
            status: next.status,
            attempts: attempt.attempt,
            nextAttemptAt: next.nextAttemptAt,
            claimedBy: null,
            leaseUntil: null,
            lastStatusCode: attempt.statusCode,
            lastError: attempt.error,
            ...(next.status === 'delivered' ? { deliveredAt: attempt.at } : {}),
          })
          .where(and(eq(d.id, id), eq(d.status, 'delivering'), eq(d.claimedBy, owner)))
          .returning();
        if (!row) return null;
        await tx.insert(webhookAttempts).values(attempt);
        return row;
      }),
    ),

  getWebhook: (id) =>
    guarded(async () => {
      const [row] = await db.select().from(d).where(eq(d.id, id));
      return row ?? null;
    }),

  listWebhooks: (filter) =>
    guarded(async () => {
      const where: SQL[] = [];
      if (filter.eventId !== undefined) where.push(eq(d.eventId, filter.eventId));
      if (filter.status) where.push(inArray(d.status, filter.status));
      const query = db
        .select()
        .from(d)
        .where(and(...where))
        .orderBy(desc(d.createdAt), desc(d.id));
      return filter.limit === undefined ? await query : await query.limit(filter.limit);
    }),

  listWebhookAttempts: (deliveryId) =>
    guarded(() =>
      db
        .select()
        .from(webhookAttempts)
        .where(eq(webhookAttempts.deliveryId, deliveryId))
        .orderBy(asc(webhookAttempts.attempt)),
    ),

  replayWebhook: (id, now) =>
    guarded(async () => {
      const [row] = await db
        .update(d)
        .set({ status: 'pending', nextAttemptAt: now, claimedBy: null, leaseUntil: null })
        .where(and(eq(d.id, id), inArray(d.status, ['pending', 'delivered', 'failed'])))
        .returning();
      return row ?? null;
    }),
});
