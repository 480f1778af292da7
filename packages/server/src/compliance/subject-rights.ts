import {
  canonicalJson,
  DomainError,
  type AuditInput,
  type BatonStore,
  type Clock,
  type Customer,
  type StoredTurn,
} from '@baton/core';
import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../audit/sha256.ts';
import { openTurnOriginal, type SensitiveFieldCipher } from '../storage/sealed-fields.ts';

/** Version tag of the export format; bump when a field changes meaning. */
export const SUBJECT_EXPORT_FORMAT = 'baton.subject-export.v1';

/**
 * Everything Baton holds about one customer (P7, subject access): the customer record, and per conversation
 * its turns, handoffs with their reservations, wrap-ups, consent choices and survey answer. Engine state
 * and decisions are included as stored: they are data about the customer too. A turn stored redacted whose
 * original is kept sealed carries it as `originalText` (their own words; opened with `cipher`).
 */
export const exportCustomer = async (
  store: BatonStore,
  customerId: string,
  at: Date,
  cipher?: SensitiveFieldCipher,
) => {
  const customer = await store.getCustomer(customerId);
  if (customer === null) throw new DomainError('customer_not_found', `customer ${customerId} does not exist`);
  const conversations = (await store.listConversations({ customerId })).sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
  );
  return {
    format: SUBJECT_EXPORT_FORMAT,
    exportedAt: at,
    customer,
    conversations: await Promise.all(
      conversations.map(async (conversation) => {
        const handoffs = await store.handoffsForConversation(conversation.id);
        return {
          conversation,
          turns: await withOriginals(store, cipher, await store.listTurns(conversation.id)),
          handoffs: await Promise.all(
            handoffs.map(async (handoff) => ({
              handoff,
              reservations: await store.listReservations({ handoffId: handoff.id }),
              wrapUp: await store.getWrapUp(handoff.id),
            })),
          ),
          consents: await store.listConsents(conversation.id),
          survey: await store.getSurvey(conversation.id),
        };
      }),
    ),
  };
};
export type CustomerExport = Awaited<ReturnType<typeof exportCustomer>>;

/** Turns with the kept original of each redacted one; as stored without a cipher (nothing could be opened). */
const withOriginals = async (
  store: BatonStore,
  cipher: SensitiveFieldCipher | undefined,
  turns: StoredTurn[],
): Promise<(StoredTurn & { originalText?: string })[]> => {
  if (cipher === undefined) return turns;
  return Promise.all(
    turns.map(async (t) => {
      const sealed = await store.sealedTurnOriginal(t.conversationId, t.id);
      return sealed === null ? t : { ...t, originalText: openTurnOriginal(cipher, t, sealed).text };
    }),
  );
};

/** What an erasure did: ids and counts, the same that goes to the audit log. */
export interface ErasureReport {
  customerId: string;
  conversationIds: string[];
  turns: number;
  erasedAt: Date;
}

/**
 * Subject rights (P7): export and erasure of one customer, each written to the audit chain with ids and a
 * digest only. Erasure leaves the chain verifiable because entries never held the erased text (they hold
 * ids, codes and digests), so no entry has to change.
 */
export class SubjectRights {
  constructor(
    private readonly store: BatonStore,
    private readonly clock: Clock,
    /** Opens the kept originals of redacted turns for the export; they are left out without it. */
    private readonly cipher?: SensitiveFieldCipher,
  ) {}

  /** The customers a subject request may be about; audited with which identifiers were used, not their values. */
  async find(
    query: { email?: string; phone?: string; externalId?: string },
    actor: string,
  ): Promise<Pick<Customer, 'id' | 'name' | 'email' | 'phone' | 'externalId' | 'createdAt'>[]> {
    const found = await this.store.findCustomers(query);
    await this.store.appendAudit(
      {
        eventId: `data.read:${randomUUID()}`,
        at: this.clock.now(),
        actor,
        action: 'data.read',
        subject: 'customers:search',
        data: { what: 'customer_search', by: Object.keys(query).sort(), found: found.map((c) => c.id) },
      },
      sha256Hex,
    );
    return found.map(({ id, name, email, phone, externalId, createdAt }) => ({
      id,
      name,
      email,
      phone,
      externalId,
      createdAt,
    }));
  }

  /** Throws `customer_not_found`. */
  async export(customerId: string, actor: string): Promise<CustomerExport> {
    const at = this.clock.now();
    const data = await exportCustomer(this.store, customerId, at, this.cipher);
    await this.audit(actor, 'subject.exported', customerId, at, {
      conversations: data.conversations.length,
      // Proves later which export was handed out, without keeping it.
      digest: sha256Hex(canonicalJson(data)),
    });
    return data;
  }

  /** Throws `customer_not_found`, or `conversation_open` while a conversation of theirs is not closed. */
  async erase(customerId: string, actor: string): Promise<ErasureReport> {
    const wiped = await this.store.eraseCustomer(customerId);
    const at = this.clock.now();
    await this.audit(actor, 'subject.erased', customerId, at, {
      conversationIds: wiped.conversationIds,
      turns: wiped.turns,
    });
    return { customerId, conversationIds: wiped.conversationIds, turns: wiped.turns, erasedAt: at };
  }

  private async audit(
    actor: string,
    action: 'subject.exported' | 'subject.erased',
    customerId: string,
    at: Date,
    data: Record<string, unknown>,
  ): Promise<void> {
    const input: AuditInput = {
      eventId: `${action}:${randomUUID()}`,
      at,
      actor,
      action,
      subject: `customer:${customerId}`,
      data,
    };
    await this.store.appendAudit(input, sha256Hex);
  }
}
