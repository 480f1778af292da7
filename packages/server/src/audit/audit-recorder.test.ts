import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyChain, type AuditInput, type BatonStore } from '@baton/core';
import type { FastifyBaseLogger } from 'fastify';
import { MemoryAuditLog } from '../storage/memory-audit-log.ts';
import { AUDIT_DEFER_MS, AuditRecorder } from './audit-recorder.ts';
import { sha256Hex } from './sha256.ts';

const input = (i: number): AuditInput => ({
  eventId: `evt_${i}`,
  at: new Date(i * 1000),
  actor: 'system',
  action: 'handoff.created',
  subject: `handoff:ho_${i}`,
  data: { i },
});

/** An audit log whose next `failures` appends reject, as a database that went away would. */
const flakyLog = () => {
  const log = new MemoryAuditLog();
  const state = { failures: 0, calls: 0 };
  const store = {
    appendAudit: (i: AuditInput, hash: (s: string) => string) => {
      state.calls++;
      if (state.failures > 0) {
        state.failures--;
        return Promise.reject(new Error('database unavailable'));
      }
      return log.appendAudit(i, hash);
    },
    listAudit: (after: number, limit: number) => log.listAudit(after, limit),
  };
  return { state, log, store: store as unknown as BatonStore };
};

const logger = () => {
  const errors: string[] = [];
  const log = { error: (_o: object, m: string) => errors.push(m) } as unknown as FastifyBaseLogger;
  return { errors, log: () => log };
};

describe('AuditRecorder', () => {
  afterEach(() => vi.useRealTimers());

  it('writes entries a moment after they are recorded, together and in order', async () => {
    vi.useFakeTimers();
    const { log, store, state } = flakyLog();
    const recorder = new AuditRecorder(store, logger().log);
    recorder.record(input(1));
    recorder.record(input(2));
    await vi.advanceTimersByTimeAsync(AUDIT_DEFER_MS - 1);
    expect(state.calls).toBe(0); // nothing competes with the offer being sent
    await vi.advanceTimersByTimeAsync(1);
    const entries = await log.listAudit(0, 10);
    expect(entries.map((e) => e.eventId)).toEqual(['evt_1', 'evt_2']);
    expect(verifyChain(entries, sha256Hex).ok).toBe(true);
  });

  it('keeps failed entries and writes them, in order, once the store is back', async () => {
    vi.useFakeTimers();
    const { log, store, state } = flakyLog();
    const { errors, log: logFn } = logger();
    const recorder = new AuditRecorder(store, logFn);
    state.failures = 2;
    recorder.record(input(1));
    recorder.record(input(2));
    await vi.advanceTimersByTimeAsync(AUDIT_DEFER_MS);
    expect(state.calls).toBe(2);
    expect(await log.listAudit(0, 10)).toHaveLength(0);
    recorder.record(input(3));
    await vi.advanceTimersByTimeAsync(10_000);
    const entries = await log.listAudit(0, 10);
    // What failed goes before what came later, and nothing is written twice.
    expect(entries.map((e) => e.eventId)).toEqual(['evt_1', 'evt_2', 'evt_3']);
    expect(verifyChain(entries, sha256Hex).ok).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('writes what is still waiting when it stops', async () => {
    const { log, store } = flakyLog();
    const recorder = new AuditRecorder(store, logger().log);
    recorder.record(input(1));
    await recorder.stop();
    expect((await log.listAudit(0, 10)).map((e) => e.eventId)).toEqual(['evt_1']);
  });

  it('recordNow waits for its entry and reports a failed write, which is still retried', async () => {
    const { log, store, state } = flakyLog();
    const recorder = new AuditRecorder(store, logger().log);
    recorder.record(input(1));
    await recorder.recordNow(input(2));
    expect((await log.listAudit(0, 10)).map((e) => e.eventId)).toEqual(['evt_1', 'evt_2']);
    state.failures = 1;
    await expect(recorder.recordNow(input(3))).rejects.toThrow('database unavailable');
    await recorder.stop();
    expect((await log.listAudit(0, 10)).map((e) => e.eventId)).toEqual(['evt_1', 'evt_2', 'evt_3']);
  });
});
