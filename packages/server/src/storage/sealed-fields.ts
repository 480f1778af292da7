import { DomainError } from '@baton/core';

/**
 * How sensitive fields are encrypted at rest (CRM data in `customers.attributes`, the kept originals of redacted
 * turns in `turns.original_sealed`). Implemented by
 * `compliance/field-cipher.ts` (AES-256-GCM with key ids); the store only needs these three operations.
 * Values written before encryption was switched on stay readable (`open` passes plain values through).
 */
export interface SensitiveFieldCipher {
  readonly currentKeyId: string;
  /** Seals a JSON value; `context` names the row and column and is authenticated with it. */
  seal(value: unknown, context: string): unknown;
  /** Opens a sealed value, or returns a plain one unchanged. */
  open(stored: unknown, context: string): unknown;
  /** Plain, or sealed with a key that is no longer the current one. */
  needsReseal(stored: unknown): boolean;
}

/** The authenticated context of a customer's attributes: a ciphertext moved to another customer fails to open. */
export const attributesContext = (customerId: string): string => `customers.attributes:${customerId}`;

/** Empty attributes stay `{}` in the clear, so retention can find customers that hold CRM data. */
export const sealAttributes = (
  cipher: SensitiveFieldCipher | undefined,
  customerId: string,
  attributes: Record<string, unknown>,
): Record<string, unknown> =>
  cipher === undefined || Object.keys(attributes).length === 0
    ? attributes
    : (cipher.seal(attributes, attributesContext(customerId)) as Record<string, unknown>);

export const openAttributes = (
  cipher: SensitiveFieldCipher | undefined,
  customerId: string,
  stored: Record<string, unknown>,
): Record<string, unknown> =>
  cipher === undefined ? stored : (cipher.open(stored, attributesContext(customerId)) as Record<string, unknown>);

/**
 * The authenticated context of a redacted turn's kept original: the turn and its conversation, so a ciphertext
 * copied to another turn or conversation fails to open.
 */
export const turnOriginalContext = (conversationId: string, turnId: string): string =>
  `turns.original_sealed:${conversationId}:${turnId}`;

/** What is kept of a redacted turn (P5): the text as the customer or agent wrote it. */
export interface TurnOriginal {
  text: string;
}

export const sealTurnOriginal = (
  cipher: SensitiveFieldCipher,
  turn: { id: string; conversationId: string },
  original: TurnOriginal,
): unknown => cipher.seal(original, turnOriginalContext(turn.conversationId, turn.id));

/** Throws `encrypted_field_invalid` when the value was tampered with or belongs to another turn. */
export const openTurnOriginal = (
  cipher: SensitiveFieldCipher,
  turn: { id: string; conversationId: string },
  stored: unknown,
): TurnOriginal => {
  const value = cipher.open(stored, turnOriginalContext(turn.conversationId, turn.id));
  const text = (value as { text?: unknown } | null)?.text;
  // A value that opens but is not ours (written by hand, or a plain one) is as invalid as a forged one.
  if (typeof text !== 'string') throw new DomainError('encrypted_field_invalid', 'a kept original is malformed');
  return { text };
};
