import { and, asc, count, eq, gte, inArray, isNotNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { DomainError, type ComplianceStore, type WipedTranscripts } from '@baton/core';
import type { BatonDb } from '../database.ts';
import { guarded } from '../driver-errors.ts';
import { consents, consultMessages, consults, conversations, customers, surveys, turns, wrapUps } from '../schema.ts';
import { openAttributes, sealAttributes, turnOriginalContext, type SensitiveFieldCipher } from '../sealed-fields.ts';

type Tx = Parameters<Parameters<BatonDb['transaction']>[0]>[0];

/** The SQL twin of `wipeTurn` (transcript-wipe.ts): keep the rows, remove what a person wrote or said. */
const wipeTurnsSet = {
  text: sql`''`,
  annotations: sql`${turns.annotations} - 'slots'`,
  decision: sql`case when ${turns.decision} is null then null else
    (${turns.decision} - 'clarificationAnswer') || jsonb_build_object('signals', coalesce(
      (select jsonb_agg(s.value - 'evidence' order by s.ordinality)
         from jsonb_array_elements(${turns.decision} -> 'signals') with ordinality as s(value, ordinality)),
      '[]'::jsonb)) end`,
  escalationState: sql`${turns.escalationState} || '{"recentCustomerTexts":[],"extra":{}}'::jsonb`,
  originalSealed: sql`null`,
};

/** Free text still held by a conversation: turn text, a survey comment, wrap-up notes, consult notes and messages. */
const holdsFreeText = (conversationId: SQL | typeof conversations.id): SQL =>
  sql`(exists (select 1 from ${turns} where ${turns.conversationId} = ${conversationId}
      and (${turns.text} <> '' or ${turns.originalSealed} is not null))
    or exists (select 1 from ${surveys} where ${surveys.conversationId} = ${conversationId} and ${surveys.comment} is not null)
    or exists (select 1 from ${wrapUps} where ${wrapUps.conversationId} = ${conversationId} and ${wrapUps.notes} <> '')
    or exists (select 1 from ${consults} where ${consults.conversationId} = ${conversationId} and ${consults.note} <> '')
    or exists (select 1 from ${consultMessages} join ${consults} on ${consults.id} = ${consultMessages.consultId}
      where ${consults.conversationId} = ${conversationId} and ${consultMessages.text} <> ''))`;

const wipeConversations = async (tx: Tx, ids: string[]): Promise<WipedTranscripts> => {
  if (ids.length === 0) return { conversationIds: [], turns: 0 };
  const [wiped] = await tx
    .select({ n: count() })
    .from(turns)
    .where(and(inArray(turns.conversationId, ids), ne(turns.text, '')));
  await tx.update(turns).set(wipeTurnsSet).where(inArray(turns.conversationId, ids));
  await tx.update(surveys).set({ comment: null }).where(inArray(surveys.conversationId, ids));
  await tx.update(wrapUps).set({ notes: '' }).where(inArray(wrapUps.conversationId, ids));
  // Agents' consult notes and side-thread messages may quote the customer: wiped with the transcript.
  await tx.update(consults).set({ note: '' }).where(inArray(consults.conversationId, ids));
  await tx
    .update(consultMessages)
    .set({ text: '' })
    .where(
      inArray(
        consultMessages.consultId,
        tx.select({ id: consults.id }).from(consults).where(inArray(consults.conversationId, ids)),
      ),
    );
  return { conversationIds: ids, turns: Number(wiped?.n ?? 0) };
};

/** ComplianceStore (retention, subject rights) over drizzle. Each call is one transaction. */
export const drizzleComplianceStore = (db: BatonDb, cipher?: SensitiveFieldCipher): ComplianceStore => ({
  listConsents: (conversationId) =>
    guarded(
      async () =>
        await db
          .select()
          .from(consents)
          .where(eq(consents.conversationId, conversationId))
          .orderBy(asc(consents.createdAt), asc(consents.id)),
    ),

  expireTranscripts: (closedBefore, limit) =>
    guarded(() =>
      db.transaction(async (tx) => {
        // SKIP LOCKED: two instances running the job at once take different conversations.
        const due = await tx
          .select({ id: conversations.id })
          .from(conversations)
          .where(
            and(
              eq(conversations.status, 'closed'),
              isNotNull(conversations.closedAt),
              lt(conversations.closedAt, closedBefore),
              holdsFreeText(conversations.id),
            ),
          )
          .orderBy(asc(conversations.closedAt), asc(conversations.id))
          .limit(limit)
          .for('update', { skipLocked: true });
        return wipeConversations(
          tx,
          due.map((r) => r.id),
        );
      }),
    ),

  expireCrmData: (lastContactBefore, limit) =>
    guarded(() =>
      db.transaction(async (tx) => {
        const contacted = tx
          .select({ id: conversations.customerId })
          .from(conversations)
          .where(and(isNotNull(conversations.customerId), gte(conversations.createdAt, lastContactBefore)));
        const due = await tx
          .select({ id: customers.id })
          .from(customers)
          .where(
            and(
              lt(customers.createdAt, lastContactBefore),
              sql`${customers.attributes} <> '{}'::jsonb`,
              sql`${customers.id} not in (${contacted})`,
            ),
          )
          .orderBy(asc(customers.createdAt), asc(customers.id))
          .limit(limit)
          .for('update', { skipLocked: true });
        const ids = due.map((r) => r.id);
        if (ids.length > 0) await tx.update(customers).set({ attributes: {} }).where(inArray(customers.id, ids));
        return ids;
      }),
    ),

  eraseCustomer: (customerId) =>
    guarded(() =>
      db.transaction(async (tx) => {
        const [customer] = await tx
          .select({ id: customers.id })
          .from(customers)
          .where(eq(customers.id, customerId))
          .for('update');
        if (customer === undefined)
          throw new DomainError('customer_not_found', `customer ${customerId} does not exist`);
        const theirs = await tx
          .select({ id: conversations.id, status: conversations.status })
          .from(conversations)
          .where(eq(conversations.customerId, customerId))
          .orderBy(asc(conversations.id))
          .for('update');
        const open = theirs.find((c) => c.status !== 'closed');
        if (open !== undefined) {
          throw new DomainError('conversation_open', "close the customer's conversations before erasing them", {
            conversationId: open.id,
          });
        }
        await tx
          .update(customers)
          .set({ externalId: null, name: null, email: null, phone: null, attributes: {} })
          .where(eq(customers.id, customerId));
        return wipeConversations(
          tx,
          theirs.map((c) => c.id),
        );
      }),
    ),

  wipeTranscript: (conversationId) =>
    guarded(() =>
      db.transaction(async (tx) => {
        const found = await tx
          .select({ id: conversations.id })
          .from(conversations)
          .where(eq(conversations.id, conversationId))
          .for('update');
        return wipeConversations(
          tx,
          found.map((r) => r.id),
        );
      }),
    ),

  replaceTurnContent: (updates) =>
    guarded(async () => {
      if (updates.length === 0) return;
      await db.transaction(async (tx) => {
        for (const u of updates) {
          await tx
            .update(turns)
            .set({ text: u.text, decision: u.decision, escalationState: u.escalationState })
            .where(eq(turns.id, u.id));
        }
      });
    }),

  discardTurnOriginals: (conversationId) =>
    guarded(async () => {
      const dropped = await db
        .update(turns)
        .set({ originalSealed: null })
        .where(and(eq(turns.conversationId, conversationId), isNotNull(turns.originalSealed)))
        .returning({ id: turns.id });
      return dropped.length;
    }),

  findCustomers: ({ email, phone, externalId }) =>
    guarded(async () => {
      const match = [
        ...(email === undefined ? [] : [sql`lower(${customers.email}) = lower(${email})`]),
        ...(phone === undefined ? [] : [eq(customers.phone, phone)]),
        ...(externalId === undefined ? [] : [eq(customers.externalId, externalId)]),
      ];
      if (match.length === 0) return [];
      const rows = await db
        .select()
        .from(customers)
        .where(or(...match))
        .orderBy(asc(customers.createdAt), asc(customers.id))
        .limit(50);
      return rows.map((c) => ({ ...c, attributes: openAttributes(cipher, c.id, c.attributes) }));
    }),

  resealSensitiveFields: (limit) =>
    guarded(async () => {
      if (cipher === undefined) return 0;
      return db.transaction(async (tx) => {
        const due = await tx
          .select({ id: customers.id, attributes: customers.attributes })
          .from(customers)
          .where(
            and(
              sql`${customers.attributes} <> '{}'::jsonb`,
              sql`(${customers.attributes} ->> '$sealed' is null or ${customers.attributes} ->> 'kid' <> ${cipher.currentKeyId})`,
            ),
          )
          .orderBy(asc(customers.id))
          .limit(limit)
          .for('update', { skipLocked: true });
        for (const row of due) {
          const plain = openAttributes(cipher, row.id, row.attributes);
          await tx
            .update(customers)
            .set({ attributes: sealAttributes(cipher, row.id, plain) })
            .where(eq(customers.id, row.id));
        }
        if (due.length >= limit) return due.length;
        // Then the kept originals of redacted turns, in what is left of this batch.
        const originals = await tx
          .select({ id: turns.id, conversationId: turns.conversationId, sealed: turns.originalSealed })
          .from(turns)
          .where(
            and(
              isNotNull(turns.originalSealed),
              sql`(${turns.originalSealed} ->> '$sealed' is null or ${turns.originalSealed} ->> 'kid' <> ${cipher.currentKeyId})`,
            ),
          )
          .orderBy(asc(turns.id))
          .limit(limit - due.length)
          .for('update', { skipLocked: true });
        for (const row of originals) {
          const context = turnOriginalContext(row.conversationId, row.id);
          await tx
            .update(turns)
            .set({ originalSealed: cipher.seal(cipher.open(row.sealed, context), context) })
            .where(eq(turns.id, row.id));
        }
        return due.length + originals.length;
      });
    }),
});
