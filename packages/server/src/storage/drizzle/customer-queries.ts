import { asc, eq, sql } from 'drizzle-orm';
import { DomainError, type Customer, type CustomerInput, type CustomerStore } from '@baton/core';
import type { BatonDb } from '../database.ts';
import { guarded, violatedConstraint } from '../driver-errors.ts';
import { mergeCustomer } from '../customer-merge.ts';
import { customers } from '../schema.ts';

const findMatch = async (db: BatonDb, input: CustomerInput): Promise<Customer | null> => {
  if (input.externalId != null) {
    const [row] = await db.select().from(customers).where(eq(customers.externalId, input.externalId)).limit(1);
    if (row) return row;
  }
  if (input.email != null) {
    const [row] = await db
      .select()
      .from(customers)
      .where(sql`lower(${customers.email}) = lower(${input.email})`)
      .orderBy(asc(customers.createdAt), asc(customers.id))
      .limit(1);
    if (row) return row;
  }
  if (input.phone != null) {
    const [row] = await db
      .select()
      .from(customers)
      .where(eq(customers.phone, input.phone))
      .orderBy(asc(customers.createdAt), asc(customers.id))
      .limit(1);
    if (row) return row;
  }
  return null;
};

/** CustomerStore over drizzle. */
export const drizzleCustomerStore = (db: BatonDb): CustomerStore => ({
  upsertCustomer: (id, input, at) =>
    guarded(async () => {
      // Bounded retries: if another instance creates the same external id between our lookup and our
      // insert, the second lookup finds it and we merge instead.
      for (let attempt = 0; attempt < 3; attempt++) {
        const existing = await findMatch(db, input);
        const next = mergeCustomer(existing, id, input, at);
        if (existing) {
          const [row] = await db.update(customers).set(next).where(eq(customers.id, existing.id)).returning();
          if (row) return row;
          continue;
        }
        try {
          const [row] = await db.insert(customers).values(next).returning();
          if (row) return row;
        } catch (e) {
          if (attempt < 2 && violatedConstraint(e) === 'customers_external_id_unique') continue;
          throw e;
        }
      }
      throw new DomainError('storage_retry', 'the customer kept changing while it was being saved; retry');
    }),

  getCustomer: (id) =>
    guarded(async () => {
      const [row] = await db.select().from(customers).where(eq(customers.id, id));
      return row ?? null;
    }),
});
