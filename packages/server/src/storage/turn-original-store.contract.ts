/**
 * The kept originals of redacted turns (P5): written with the turn, read only by `sealedTurnOriginal` (never by
 * the turn readers), wiped with the transcript, dropped on a decline, and moved to the current key by
 * `resealSensitiveFields` while older keys still open them.
 */
import { describe, expect, it } from 'vitest';
import type { BatonStore } from '@baton/core';
import { isSealed } from '../compliance/field-cipher.ts';
import { openTurnOriginal, sealTurnOriginal, turnOriginalContext } from './sealed-fields.ts';
import {
  aConversation,
  aTurn,
  at,
  contractCipher,
  contractCipherBeforeRotation,
  type StoreContext,
} from './store-fixtures.ts';

const ORIGINAL = 'My card 4111 1111 1111 1111, mail ana@example.org';
const REDACTED = 'My card [CREDIT_CARD], mail [EMAIL]';

/** A redacted customer turn with its original sealed by `cipher` (bound to the turn), appended. */
const appendRedacted = async (s: BatonStore, conversationId: string, seq: number, cipher = contractCipher) => {
  const turn = aTurn(conversationId, seq, { text: REDACTED });
  const sealedOriginal = sealTurnOriginal(cipher, turn, { text: ORIGINAL });
  expect(await s.appendTurn(turn, { sealedOriginal })).toEqual({ turn, created: true });
  return { turn, sealedOriginal };
};

export const registerTurnOriginalContract = (ctx: StoreContext): void => {
  const store = (): BatonStore => ctx.store();

  describe('kept originals of redacted turns', () => {
    it('keeps a sealed original beside its turn; turn readers never return it', async () => {
      await store().createConversation(aConversation('conv_1'));
      await store().createConversation(aConversation('conv_2'));
      const { turn, sealedOriginal } = await appendRedacted(store(), 'conv_1', 1);
      const plain = aTurn('conv_1', 2, { role: 'agent', text: 'Thanks' });
      await store().appendTurn(plain);
      expect(await store().sealedTurnOriginal('conv_1', turn.id)).toEqual(sealedOriginal);
      expect(openTurnOriginal(contractCipher, turn, await store().sealedTurnOriginal('conv_1', turn.id))).toEqual({
        text: ORIGINAL,
      });
      // Exactly the turns as appended: no extra field, no ciphertext, no original.
      expect(await store().listTurns('conv_1')).toEqual([turn, plain]);
      expect(await store().lastTurn('conv_1')).toEqual(plain);
      expect(JSON.stringify(await store().listTurns('conv_1'))).not.toMatch(/4111|ana@|\$sealed/);
      expect(await store().sealedTurnOriginal('conv_1', plain.id)).toBeNull();
      expect(await store().sealedTurnOriginal('conv_2', turn.id)).toBeNull();
      expect(await store().sealedTurnOriginal('conv_1', 'turn_none')).toBeNull();
    });

    it('writes no original for a reused idempotency key, and none without one', async () => {
      await store().createConversation(aConversation('conv_1'));
      const first = aTurn('conv_1', 1, { text: REDACTED, idempotencyKey: 'k' });
      const kept = sealTurnOriginal(contractCipher, first, { text: ORIGINAL });
      await store().appendTurn(first, { sealedOriginal: kept });
      const retry = aTurn('conv_1', 2, { id: 'retry', text: REDACTED, idempotencyKey: 'k' });
      const other = sealTurnOriginal(contractCipher, retry, { text: 'something else' });
      expect(await store().appendTurn(retry, { sealedOriginal: other })).toEqual({ turn: first, created: false });
      expect(await store().sealedTurnOriginal('conv_1', first.id)).toEqual(kept);
      expect(await store().sealedTurnOriginal('conv_1', 'retry')).toBeNull();
      await store().appendTurn(aTurn('conv_1', 2), {});
      expect(await store().sealedTurnOriginal('conv_1', 'conv_1_t2')).toBeNull();
    });

    it('wipes kept originals with the transcript: on demand, by retention and by erasure', async () => {
      await store().upsertCustomer('cus_1', { name: 'Ana' }, at(0));
      const closed = { status: 'closed' as const, closedAt: at(100), updatedAt: at(100) };
      await store().createConversation(aConversation('conv_wipe', closed));
      await store().createConversation(aConversation('conv_old', closed));
      // Closed after the retention cutoff below: only the erasure reaches the customer's conversations.
      const late = { status: 'closed' as const, closedAt: at(1000), updatedAt: at(1000), customerId: 'cus_1' };
      await store().createConversation(aConversation('conv_cus', late));
      const wiped = await appendRedacted(store(), 'conv_wipe', 1);
      const expired = await appendRedacted(store(), 'conv_old', 1);
      const erased = await appendRedacted(store(), 'conv_cus', 1);

      expect(await store().wipeTranscript('conv_wipe')).toEqual({ conversationIds: ['conv_wipe'], turns: 1 });
      expect(await store().sealedTurnOriginal('conv_wipe', wiped.turn.id)).toBeNull();
      expect(await store().sealedTurnOriginal('conv_old', expired.turn.id)).not.toBeNull();

      const due = await store().expireTranscripts(at(500), 10);
      expect(due.conversationIds).toEqual(expect.arrayContaining(['conv_old']));
      expect(await store().sealedTurnOriginal('conv_old', expired.turn.id)).toBeNull();

      expect(await store().sealedTurnOriginal('conv_cus', erased.turn.id)).not.toBeNull();
      await store().createConversation(aConversation('conv_cus2', late));
      const erased2 = await appendRedacted(store(), 'conv_cus2', 1);
      await store().eraseCustomer('cus_1');
      expect(await store().sealedTurnOriginal('conv_cus', erased.turn.id)).toBeNull();
      expect(await store().sealedTurnOriginal('conv_cus2', erased2.turn.id)).toBeNull();
    });

    it("drops one conversation's kept originals (a decline), and only that conversation's", async () => {
      await store().createConversation(aConversation('conv_1'));
      await store().createConversation(aConversation('conv_2'));
      const a = await appendRedacted(store(), 'conv_1', 1);
      const b = await appendRedacted(store(), 'conv_1', 2);
      const other = await appendRedacted(store(), 'conv_2', 1);
      expect(await store().discardTurnOriginals('conv_1')).toBe(2);
      expect(await store().sealedTurnOriginal('conv_1', a.turn.id)).toBeNull();
      expect(await store().sealedTurnOriginal('conv_1', b.turn.id)).toBeNull();
      expect(await store().sealedTurnOriginal('conv_2', other.turn.id)).toEqual(other.sealedOriginal);
      // The turns themselves are untouched.
      expect((await store().listTurns('conv_1')).map((t) => t.text)).toEqual([REDACTED, REDACTED]);
      expect(await store().discardTurnOriginals('conv_1')).toBe(0);
    });

    it('re-seals kept originals under the current key; the old key opens them meanwhile', async () => {
      await store().createConversation(aConversation('conv_1'));
      const before = await appendRedacted(store(), 'conv_1', 1, contractCipherBeforeRotation);
      const current = await appendRedacted(store(), 'conv_1', 2);
      const read = (id: string) => store().sealedTurnOriginal('conv_1', id);
      expect(await read(before.turn.id)).toMatchObject({ kid: 'k1' });
      if (!ctx.encrypted()) {
        // Without a cipher the store cannot open anything: it leaves every value as it is.
        expect(await store().resealSensitiveFields(10)).toBe(0);
        expect(await read(before.turn.id)).toEqual(before.sealedOriginal);
        return;
      }
      // Mid-rotation (k2 current, k1 still configured) both open.
      expect(openTurnOriginal(contractCipher, before.turn, await read(before.turn.id)).text).toBe(ORIGINAL);
      expect(await store().resealSensitiveFields(10)).toBe(1);
      expect(await store().resealSensitiveFields(10)).toBe(0);
      const moved = await read(before.turn.id);
      expect(isSealed(moved) && moved.kid).toBe('k2');
      expect(JSON.stringify(moved)).not.toMatch(/4111|ana@/);
      expect(openTurnOriginal(contractCipher, before.turn, moved).text).toBe(ORIGINAL);
      expect(await read(current.turn.id)).toEqual(current.sealedOriginal);
      // Bound to its turn: the ciphertext does not open as another turn's.
      const misplaced = (() => {
        try {
          return contractCipher.open(moved, turnOriginalContext('conv_1', current.turn.id));
        } catch (e) {
          return e;
        }
      })();
      expect(misplaced).toMatchObject({ code: 'encrypted_field_invalid' });
    });
  });
};
