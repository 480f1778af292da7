import { asc, eq, sql } from 'drizzle-orm';
import { DomainError, type Customer, type CustomerInput, type CustomerStore } from '@baton/core';
import type { BatonDb } from '../database.ts';
import { guarded, violatedConstraint } from '../driver-errors.ts';
import { mergeCustomer } from '../customer-merge.ts';
import { customers } from '../schema.ts';
import { openAttributes, sealAttributes, type SensitiveFieldCipher } from '../sealed-fields.ts';

/** A stored row with its attributes opened (they are sealed when encryption at rest is on). */
const opened = (cipher: SensitiveFieldCipher | undefined, row: Customer): Customer => ({
  ...row,
  attributes: openAttributes(cipher, row.id, row.attributes),
});

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
export const drizzleCustomerStore = (db: BatonDb, cipher?: SensitiveFieldCipher): CustomerStore => ({
  upsertCustomer: (id, input, at) =>
    guarded(async () => {
      // Bounded retries: if another instance creates the same external id between our lookup and our
      // insert, the second lookup finds it and we merge instead.
      for (let attempt = 0; attempt < 3; attempt++) {
        const found = await findMatch(db, input);
        const existing = found === null ? null : opened(cipher, found);
        const next = mergeCustomer(existing, id, input, at);
        const row = { ...next, attributes: sealAttributes(cipher, next.id, next.attributes) };
        if (existing) {
          const [updated] = await db.update(customers).set(row).where(eq(customers.id, existing.id)).returning();
          if (updated) return opened(cipher, updated);
          continue;
        }
        try {
          const [inserted] = await db.insert(customers).values(row).returning();
          if (inserted) return opened(cipher, inserted);
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
      return row === undefined ? null : opened(cipher, row);
    }),
});
