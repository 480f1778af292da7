import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '@baton/core';
import { ConfigError } from '../config.ts';

/** A sensitive field as stored: AES-256-GCM ciphertext with the id of the key that sealed it. */
export interface SealedField {
  $sealed: 'aes-256-gcm';
  /** Key id: which configured key opens it (rotation keeps old keys for reading). */
  kid: string;
  /** 96-bit nonce, base64. */
  iv: string;
  /** Ciphertext of the JSON value, base64. */
  ct: string;
  /** 128-bit authentication tag, base64. */
  tag: string;
}

export const isSealed = (v: unknown): v is SealedField =>
  v !== null && typeof v === 'object' && (v as { $sealed?: unknown }).$sealed === 'aes-256-gcm';

/**
 * Authenticated encryption of sensitive fields at rest (CRM data), with key rotation without downtime:
 * the first key seals every new write; every listed key still opens what it sealed, so old rows stay readable
 * while `baton encryption reencrypt` moves them to the new key. `context` (e.g. `customers.attributes:cus_1`)
 * is bound as additional authenticated data, so a ciphertext copied to another row or column does not open.
 */
export class FieldCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(
    keys: { id: string; key: Buffer }[],
    private readonly random: (n: number) => Buffer = randomBytes,
  ) {
    if (keys.length === 0) throw new ConfigError(['at least one encryption key is needed']);
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    this.currentKeyId = keys[0]?.id ?? '';
  }

  /** The key new writes are sealed with. */
  readonly currentKeyId: string;

  seal(value: unknown, context: string): SealedField {
    const iv = this.random(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.currentKeyId), iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return {
      $sealed: 'aes-256-gcm',
      kid: this.currentKeyId,
      iv: iv.toString('base64'),
      ct: ct.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  /** Opens a sealed field; a plain value (written before encryption was on) is returned as it is. */
  open(stored: unknown, context: string): unknown {
    if (!isSealed(stored)) return stored;
    const decipher = createDecipheriv('aes-256-gcm', this.key(stored.kid), Buffer.from(stored.iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(stored.tag, 'base64'));
    try {
      const plain = Buffer.concat([decipher.update(Buffer.from(stored.ct, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as unknown;
    } catch {
      throw new DomainError('encrypted_field_invalid', `a sealed field (${context}) failed authentication`);
    }
  }

  /** Whether a stored value should be (re)sealed: plain, or sealed with an older key. */
  needsReseal(stored: unknown): boolean {
    return !isSealed(stored) || stored.kid !== this.currentKeyId;
  }

  private key(id: string): Buffer {
    const key = this.keys.get(id);
    if (key === undefined) throw new DomainError('encryption_key_unknown', `no configured encryption key has id ${id}`);
    return key;
  }
}

/**
 * `BATON_ENCRYPTION_KEYS`: comma-separated `id:base64key` (32-byte keys, e.g. `openssl rand -base64 32`), the
 * current key first, older keys after it for reading. Throws ConfigError listing every problem.
 */
export const parseEncryptionKeys = (raw: string): { id: string; key: Buffer }[] => {
  const problems: string[] = [];
  const keys: { id: string; key: Buffer }[] = [];
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = entry.indexOf(':');
    const id = i > 0 ? entry.slice(0, i) : '';
    const key = Buffer.from(i > 0 ? entry.slice(i + 1) : '', 'base64');
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) problems.push('BATON_ENCRYPTION_KEYS: each entry is id:base64key');
    else if (key.length !== 32) problems.push(`BATON_ENCRYPTION_KEYS: key ${id} must be 32 bytes (base64 of 32 bytes)`);
    else if (keys.some((k) => k.id === id)) problems.push(`BATON_ENCRYPTION_KEYS: key id ${id} appears twice`);
    else keys.push({ id, key });
  }
  if (keys.length === 0 && problems.length === 0) problems.push('BATON_ENCRYPTION_KEYS: no key given');
  if (problems.length > 0) throw new ConfigError(problems);
  return keys;
};
