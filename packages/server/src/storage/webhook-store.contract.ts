/**
 * The WebhookStore half of the BatonStore contract: one delivery per (event, endpoint), claims that only
 * one instance wins, the attempt log, lease expiry and replay.
 */
import { describe, expect, it } from 'vitest';
import type { BatonStore, WebhookAttempt, WebhookDelivery } from '@baton/core';
import { at, type StoreContext } from './store-fixtures.ts';

export const aDelivery = (id: string, over: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  id,
  eventId: `evt_${id}`,
  eventName: 'handoff.created',
  endpoint: 'http://127.0.0.1:9/hook',
  payload: '{"id":"evt"}',
  status: 'pending',
  attempts: 0,
  nextAttemptAt: at(0),
  claimedBy: null,
  leaseUntil: null,
  lastStatusCode: null,
  lastError: null,
  createdAt: at(0),
  deliveredAt: null,
  ...over,
});

const anAttempt = (deliveryId: string, attempt: number, over: Partial<WebhookAttempt> = {}): WebhookAttempt => ({
  deliveryId,
  attempt,
  at: at(attempt),
  statusCode: 500,
  error: 'HTTP 500',
  durationMs: 12,
  ...over,
});

/** Registers the webhook delivery tests; `ctx` gives the store of the running test. */
export const registerWebhookContract = (ctx: StoreContext): void => {
  const store = (): BatonStore => ctx.store();

  describe('webhook deliveries', () => {
    it('stores one delivery per (event, endpoint) however often it is enqueued', async () => {
      const first = await store().enqueueWebhook(aDelivery('wd_1', { eventId: 'evt_a' }));
      expect(first.created).toBe(true);
      const again = await store().enqueueWebhook(aDelivery('wd_2', { eventId: 'evt_a' }));
      expect(again).toEqual({ delivery: first.delivery, created: false });
      const other = await store().enqueueWebhook(aDelivery('wd_3', { eventId: 'evt_a', endpoint: 'http://x/2' }));
      expect(other.created).toBe(true);
      expect((await store().listWebhooks({ eventId: 'evt_a' })).map((d) => d.id).sort()).toEqual(['wd_1', 'wd_3']);
      expect(await store().getWebhook('wd_2')).toBeNull();
    });

    it('lets exactly one of many instances claim a due delivery', async () => {
      await store().enqueueWebhook(aDelivery('wd_1'));
      const stores = ctx.instances();
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (stores[i % stores.length] ?? store()).claimWebhook('wd_1', `inst_${i}`, at(1), at(31)),
        ),
      );
      const won = claims.filter((c) => c !== null);
      expect(won).toHaveLength(1);
      expect(won[0]).toMatchObject({ status: 'delivering', leaseUntil: at(31) });
      expect(await store().listDueWebhooks(at(2), 10)).toEqual([]);
    });

    it('does not claim before nextAttemptAt, and takes over a delivery whose lease ran out', async () => {
      await store().enqueueWebhook(aDelivery('wd_1', { nextAttemptAt: at(10) }));
      expect(await store().claimWebhook('wd_1', 'a', at(5), at(35))).toBeNull();
      expect(await store().listDueWebhooks(at(5), 10)).toEqual([]);
      expect(await store().listDueWebhooks(at(10), 10)).toEqual(['wd_1']);
      expect(await store().claimWebhook('wd_1', 'a', at(10), at(40))).not.toBeNull();
      expect(await store().claimWebhook('wd_1', 'b', at(20), at(50))).toBeNull();
      expect(await store().claimWebhook('wd_1', 'b', at(40), at(70))).toMatchObject({ claimedBy: 'b' });
      // The first claimer's late result is refused: b owns it now.
      expect(
        await store().finishWebhookAttempt('wd_1', 'a', anAttempt('wd_1', 1), {
          status: 'delivered',
          nextAttemptAt: at(41),
        }),
      ).toBeNull();
      expect(await store().listWebhookAttempts('wd_1')).toEqual([]);
    });

    it('logs attempts, schedules the retry, records delivery, and replays', async () => {
      await store().enqueueWebhook(aDelivery('wd_1'));
      await store().claimWebhook('wd_1', 'a', at(0), at(30));
      const retry = await store().finishWebhookAttempt('wd_1', 'a', anAttempt('wd_1', 1), {
        status: 'pending',
        nextAttemptAt: at(2),
      });
      expect(retry).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastStatusCode: 500,
        claimedBy: null,
        nextAttemptAt: at(2),
      });
      expect(await store().claimWebhook('wd_1', 'a', at(1), at(31))).toBeNull();
      await store().claimWebhook('wd_1', 'a', at(2), at(32));
      const ok = anAttempt('wd_1', 2, { statusCode: 204, error: null });
      const done = await store().finishWebhookAttempt('wd_1', 'a', ok, { status: 'delivered', nextAttemptAt: at(2) });
      expect(done).toMatchObject({ status: 'delivered', attempts: 2, deliveredAt: at(2), lastError: null });
      expect(await store().listWebhookAttempts('wd_1')).toEqual([anAttempt('wd_1', 1), ok]);
      expect(await store().listWebhooks({ status: ['delivered'] })).toHaveLength(1);

      const replayed = await store().replayWebhook('wd_1', at(9));
      expect(replayed).toMatchObject({ status: 'pending', nextAttemptAt: at(9), attempts: 2 });
      expect(await store().listDueWebhooks(at(9), 10)).toEqual(['wd_1']);
      await store().claimWebhook('wd_1', 'a', at(9), at(39));
      expect(await store().replayWebhook('wd_1', at(10))).toBeNull(); // in flight: not now
      expect(await store().replayWebhook('wd_missing', at(10))).toBeNull();
    });
  });
};
