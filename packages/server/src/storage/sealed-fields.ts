/**
 * How the SQL store encrypts sensitive fields at rest (CRM data in `customers.attributes`). Implemented by
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
