/**
 * Turns pg / PGlite errors into DomainErrors so that no driver error (with its SQL, parameters and
 * connection details) ever leaves the storage layer. Drizzle wraps driver errors in DrizzleQueryError,
 * whose message contains the query and its parameters; we only read the SQLSTATE and constraint name.
 */
import { DomainError, isDomainError } from '@baton/core';

/** Constraint name → the DomainError code a caller can act on. Names are set in schema.ts. */
const constraintCodes: Record<string, string> = {
  customers_pkey: 'customer_exists',
  customers_external_id_unique: 'customer_exists',
  conversations_pkey: 'conversation_exists',
  conversations_customer_fk: 'customer_not_found',
  turns_pkey: 'turn_conflict',
  turns_conversation_seq_unique: 'turn_conflict',
  turns_conversation_idempotency_unique: 'turn_conflict',
  turns_conversation_fk: 'conversation_not_found',
  agents_email_unique: 'agent_email_taken',
  handoffs_pkey: 'handoff_exists',
  handoffs_open_per_conversation: 'handoff_already_open',
  handoffs_conversation_fk: 'conversation_not_found',
  handoffs_queue_fk: 'queue_not_found',
  reservations_pkey: 'reservation_exists',
  reservations_open_per_handoff: 'reservation_already_open',
  reservations_handoff_fk: 'handoff_not_found',
  reservations_agent_fk: 'agent_not_found',
  reservations_conversation_fk: 'conversation_not_found',
  webhook_attempts_pkey: 'webhook_attempt_exists',
  webhook_attempts_delivery_fk: 'webhook_delivery_not_found',
  consents_pkey: 'consent_exists',
  consents_conversation_fk: 'conversation_not_found',
  surveys_pkey: 'survey_already_answered',
  surveys_conversation_unique: 'survey_already_answered',
  surveys_conversation_fk: 'conversation_not_found',
  wrap_ups_handoff_fk: 'handoff_not_found',
  consults_pkey: 'consult_exists',
  consults_open_per_conversation: 'consult_already_open',
  consults_conversation_fk: 'conversation_not_found',
  consults_handoff_fk: 'handoff_not_found',
  consult_messages_pkey: 'consult_message_exists',
  consult_messages_consult_fk: 'consult_not_found',
};

interface DriverErrorFields {
  code?: unknown;
  constraint?: unknown;
}

/** The first error in the `cause` chain that carries a SQLSTATE. */
const findDriverError = (e: unknown): DriverErrorFields | null => {
  let current: unknown = e;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const fields = current as DriverErrorFields & { cause?: unknown };
    if (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code)) return fields;
    current = fields.cause;
  }
  return null;
};

/** The SQLSTATE of a driver error, e.g. `23505` for a unique violation; null if there is none. */
export const sqlState = (e: unknown): string | null => {
  const found = findDriverError(e);
  return typeof found?.code === 'string' ? found.code : null;
};

/** The violated constraint's name, when the driver reports one. */
export const violatedConstraint = (e: unknown): string | null => {
  const found = findDriverError(e);
  return typeof found?.constraint === 'string' ? found.constraint : null;
};

/** Maps any error thrown while talking to the database to a DomainError; DomainErrors pass through. */
export const toDomainError = (e: unknown): DomainError => {
  if (isDomainError(e)) return e;
  const state = sqlState(e);
  const constraint = violatedConstraint(e);
  const mapped = constraint === null ? undefined : constraintCodes[constraint];
  if (mapped !== undefined) return new DomainError(mapped, `storage constraint ${constraint} rejected the write`);
  if (state === '23505') return new DomainError('storage_conflict', 'a unique constraint rejected the write');
  if (state === '23503') return new DomainError('storage_reference_missing', 'a referenced record does not exist');
  if (state === '40001' || state === '40P01') {
    return new DomainError('storage_retry', 'the transaction conflicted with another one; retry');
  }
  return new DomainError('storage_unavailable', 'the database operation failed', state ? { sqlState: state } : {});
};

/** Runs a storage operation and rethrows any failure as a DomainError. */
export const guarded = async <T>(op: () => Promise<T>): Promise<T> => {
  try {
    return await op();
  } catch (e) {
    throw toDomainError(e);
  }
};
