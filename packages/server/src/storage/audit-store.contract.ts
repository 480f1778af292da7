/**
 * The AuditStore half of the BatonStore contract: one chain, appended in order, idempotent per event id,
 * and serialised under concurrent appends.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyChain, type AuditInput } from '@baton/core';
import { at, type StoreContext } from './store-fixtures.ts';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const anInput = (i: number): AuditInput => ({
  eventId: `evt_${i}`,
  at: at(i),
  actor: 'system',
  action: 'handoff.created',
  subject: `handoff:ho_${i}`,
  data: { rule: 'explicit_request', nested: { b: 2, a: 1 } },
});

export const registerAuditContract = (ctx: StoreContext): void => {
  describe('audit log', () => {
    it('appends a verifiable chain and lists it in order', async () => {
      for (let i = 1; i <= 5; i++) await ctx.store().appendAudit(anInput(i), sha);
      const entries = await ctx.store().listAudit(0, 100);
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(entries[2]).toMatchObject({ eventId: 'evt_3', subject: 'handoff:ho_3', at: at(3) });
      expect(verifyChain(entries, sha)).toMatchObject({ ok: true, entries: 5 });
      expect((await ctx.store().listAudit(3, 1)).map((e) => e.seq)).toEqual([4]);
    });

    it('records an event id once', async () => {
      const first = await ctx.store().appendAudit(anInput(1), sha);
      const again = await ctx.store().appendAudit({ ...anInput(1), actor: 'someone else' }, sha);
      expect(again).toEqual(first);
      expect(await ctx.store().listAudit(0, 10)).toHaveLength(1);
    });

    it('keeps one chain under concurrent appends', async () => {
      // Spread over every instance sharing the database (PostgreSQL runs add peers).
      const stores = ctx.instances();
      await Promise.all(Array.from({ length: 12 }, (_, i) => stores[i % stores.length]!.appendAudit(anInput(i), sha)));
      const entries = await ctx.store().listAudit(0, 100);
      expect(entries).toHaveLength(12);
      expect(verifyChain(entries, sha).ok).toBe(true);
    });

    it('answers each of many appends made at once, one entry per event id', async () => {
      // Made in one tick: the SQL store chains them in one transaction; duplicates get the first one's entry.
      const inputs = Array.from({ length: 30 }, (_, i) => anInput(i % 20));
      const answers = await Promise.all(inputs.map((input) => ctx.store().appendAudit(input, sha)));
      const entries = await ctx.store().listAudit(0, 100);
      expect(entries).toHaveLength(20);
      expect(verifyChain(entries, sha).ok).toBe(true);
      answers.forEach((a, i) => expect(a).toEqual(entries.find((e) => e.eventId === inputs[i]?.eventId)));
    });
  });
};
