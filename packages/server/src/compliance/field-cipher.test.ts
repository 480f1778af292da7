import { randomBytes } from 'node:crypto';
import { DomainError } from '@baton/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { createDrizzleStore } from '../storage/create-store.ts';
import { openDatabase, type OpenedDatabase } from '../storage/database.ts';
import { migrate } from '../storage/migrate.ts';
import { customers } from '../storage/schema.ts';
import { describeStoreContract } from '../storage/store.contract.ts';
import { contractCipher } from '../storage/store-fixtures.ts';
import { truncateAll } from '../storage/test-database.ts';
import { FieldCipher, isSealed, parseEncryptionKeys } from './field-cipher.ts';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const CRM = { tier: 'gold', accountValue: 125000, notes: 'widow, prefers phone' };

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : String(e);
  }
  return 'no error';
};

describe('field cipher (AES-256-GCM with key ids)', () => {
  it('seals with a fresh nonce, keeps nothing readable, and opens again', () => {
    const cipher = new FieldCipher([k1]);
    const a = cipher.seal(CRM, 'customers.attributes:cus_1');
    const b = cipher.seal(CRM, 'customers.attributes:cus_1');
    expect(a).toMatchObject({ $sealed: 'aes-256-gcm', kid: 'k1' });
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
    expect(JSON.stringify(a)).not.toMatch(/gold|widow|125000/);
    expect(cipher.open(a, 'customers.attributes:cus_1')).toEqual(CRM);
    // Values stored before encryption was on still read.
    expect(cipher.open({ tier: 'plain' }, 'customers.attributes:cus_1')).toEqual({ tier: 'plain' });
  });

  it('refuses a tampered ciphertext or tag, and a ciphertext moved to another row', () => {
    const cipher = new FieldCipher([k1]);
    const sealed = cipher.seal(CRM, 'customers.attributes:cus_1');
    const flip = (b64: string) => {
      const buf = Buffer.from(b64, 'base64');
      buf[0] = (buf[0] ?? 0) ^ 1;
      return buf.toString('base64');
    };
    expect(codeOf(() => cipher.open({ ...sealed, ct: flip(sealed.ct) }, 'customers.attributes:cus_1'))).toBe(
      'encrypted_field_invalid',
    );
    expect(codeOf(() => cipher.open({ ...sealed, tag: flip(sealed.tag) }, 'customers.attributes:cus_1'))).toBe(
      'encrypted_field_invalid',
    );
    expect(codeOf(() => cipher.open(sealed, 'customers.attributes:cus_2'))).toBe('encrypted_field_invalid');
  });

  it('rotates: new writes use the first key, older keys still open, removed keys do not', () => {
    const old = new FieldCipher([k1]).seal(CRM, 'c');
    const rotated = new FieldCipher([k2, k1]);
    expect(rotated.open(old, 'c')).toEqual(CRM);
    expect(rotated.seal(CRM, 'c').kid).toBe('k2');
    expect(rotated.needsReseal(old)).toBe(true);
    expect(rotated.needsReseal(rotated.seal(CRM, 'c'))).toBe(false);
    expect(codeOf(() => new FieldCipher([k2]).open(old, 'c'))).toBe('encryption_key_unknown');
  });

  it('reads keys from configuration and lists every problem', () => {
    const raw = `k2:${k2.key.toString('base64')}, k1:${k1.key.toString('base64')}`;
    expect(parseEncryptionKeys(raw).map((k) => k.id)).toEqual(['k2', 'k1']);
    let error: unknown;
    try {
      parseEncryptionKeys(
        `short:${randomBytes(16).toString('base64')},nokey,k1:${k1.key.toString('base64')},k1:${k1.key.toString('base64')}`,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringContaining('key short must be 32 bytes'),
      expect.stringContaining('each entry is id:base64key'),
      expect.stringContaining('k1 appears twice'),
    ]);
  });
});

describe('CRM data encrypted at rest in the SQL store (PGlite)', () => {
  let opened: OpenedDatabase;
  const raw = async (id: string) =>
    (await opened.db.select({ a: customers.attributes }).from(customers).where(eq(customers.id, id)))[0]?.a;

  beforeAll(async () => {
    opened = await openDatabase({});
    await migrate(opened.db);
  });
  beforeEach(async () => {
    await truncateAll(opened.db);
  });
  afterAll(async () => {
    await opened.close();
  });

  it('stores ciphertext with its key id, reads plaintext, merges, and rotates without downtime', async () => {
    const s1 = createDrizzleStore(opened.db, async () => {}, new FieldCipher([k1]));
    const at = new Date('2026-01-01T00:00:00Z');
    await s1.upsertCustomer('cus_1', { email: 'a@example.com', attributes: CRM }, at);
    const merged = await s1.upsertCustomer('cus_x', { email: 'a@example.com', attributes: { tier: 'platinum' } }, at);
    expect(merged).toMatchObject({ id: 'cus_1', attributes: { ...CRM, tier: 'platinum' } });
    const stored = await raw('cus_1');
    expect(isSealed(stored)).toBe(true);
    expect(stored).toMatchObject({ kid: 'k1' });
    expect(JSON.stringify(stored)).not.toMatch(/platinum|widow|125000/);
    // A customer written before encryption was switched on.
    const plainStore = createDrizzleStore(opened.db, async () => {});
    await plainStore.upsertCustomer('cus_2', { email: 'b@example.com', attributes: { tier: 'silver' } }, at);

    // Rotation: k2 becomes current, k1 still reads; every row is readable at every moment.
    const s2 = createDrizzleStore(opened.db, async () => {}, new FieldCipher([k2, k1]));
    expect((await s2.getCustomer('cus_1'))?.attributes).toEqual({ ...CRM, tier: 'platinum' });
    expect((await s2.getCustomer('cus_2'))?.attributes).toEqual({ tier: 'silver' });
    expect(await s2.resealSensitiveFields(1)).toBe(1);
    expect(await s2.resealSensitiveFields(10)).toBe(1);
    expect(await s2.resealSensitiveFields(10)).toBe(0);
    expect(await raw('cus_1')).toMatchObject({ kid: 'k2' });
    expect(await raw('cus_2')).toMatchObject({ kid: 'k2' });

    // k1 can now be removed from configuration.
    const s3 = createDrizzleStore(opened.db, async () => {}, new FieldCipher([k2]));
    expect((await s3.getCustomer('cus_2'))?.attributes).toEqual({ tier: 'silver' });
    await expect(s1.getCustomer('cus_1')).rejects.toMatchObject({ code: 'encryption_key_unknown' });

    // Retention and erasure work on sealed data.
    expect(await s3.expireCrmData(new Date('2027-01-01T00:00:00Z'), 10)).toEqual(['cus_1', 'cus_2']);
    expect(await raw('cus_1')).toEqual({});
  });
});

// Every store rule holds with encryption at rest switched on.
describeStoreContract('PGlite, CRM data encrypted at rest', async () => {
  const db = await openDatabase({});
  await migrate(db.db);
  const store = createDrizzleStore(db.db, async () => {}, contractCipher);
  return {
    reset: async () => {
      await truncateAll(db.db);
      return store;
    },
    peers: [],
    close: db.close,
    encrypted: true,
  };
});
