import type { AuditInput, BatonStore, Clock } from '@baton/core';
import { sha256Hex } from '../audit/sha256.ts';
import { retentionEnabled, type RetentionPolicy } from './retention-policy.ts';

const DAY_MS = 24 * 3600 * 1000;

/** What one pass wiped, per data class. Ids only: the data is gone. */
export interface RetentionReport {
  at: Date;
  transcripts: { cutoff: Date; conversations: number; turns: number } | null;
  crm: { cutoff: Date; customers: number } | null;
}

/** Timers, injectable so that tests drive the periodic run by hand. */
export interface RetentionTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: RetentionTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * The retention job (P7): wipes each data class once it is older than its policy allows, in batches, and
 * writes one `retention.purged` audit entry per batch naming what was wiped (ids and counts, never the data).
 * Idempotent and safe on several instances at once: a batch takes rows no other instance holds, and a
 * second pass finds nothing. Runs on a timer in the server and on demand (`baton retention run`).
 */
export class RetentionJob {
  private timer: unknown = null;
  private running: Promise<RetentionReport> | null = null;
  private stopped = false;

  constructor(
    private readonly store: BatonStore,
    private readonly clock: Clock,
    private readonly policy: RetentionPolicy,
    private readonly actor = 'system:retention',
  ) {}

  /** One pass over every class; a pass already running is joined, not doubled. */
  run(): Promise<RetentionReport> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Runs every `intervalMinutes` until stopped; errors go to `onError` and the next run still happens. */
  start(onError: (err: unknown) => void, timers: RetentionTimers = realTimers): void {
    if (!retentionEnabled(this.policy)) return;
    this.stopped = false;
    const schedule = (): void => {
      if (this.stopped) return;
      this.timer = timers.setTimeout(() => {
        this.run().catch(onError).finally(schedule);
      }, this.policy.intervalMinutes * 60_000);
    };
    schedule();
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(timers: RetentionTimers = realTimers): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) timers.clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<RetentionReport> {
    const now = this.clock.now();
    const report: RetentionReport = { at: now, transcripts: null, crm: null };
    const { transcriptDays, crmDays, batchSize } = this.policy;
    if (transcriptDays !== null) {
      const cutoff = new Date(now.getTime() - transcriptDays * DAY_MS);
      const total = { cutoff, conversations: 0, turns: 0 };
      for (;;) {
        const wiped = await this.store.expireTranscripts(cutoff, batchSize);
        if (wiped.conversationIds.length === 0) break;
        total.conversations += wiped.conversationIds.length;
        total.turns += wiped.turns;
        await this.audit(now, 'transcripts', {
          olderThanDays: transcriptDays,
          cutoff: cutoff.toISOString(),
          conversationIds: wiped.conversationIds,
          turns: wiped.turns,
        });
        if (wiped.conversationIds.length < batchSize) break;
      }
      report.transcripts = total;
    }
    if (crmDays !== null) {
      const cutoff = new Date(now.getTime() - crmDays * DAY_MS);
      const total = { cutoff, customers: 0 };
      for (;;) {
        const ids = await this.store.expireCrmData(cutoff, batchSize);
        if (ids.length === 0) break;
        total.customers += ids.length;
        await this.audit(now, 'crm', { olderThanDays: crmDays, cutoff: cutoff.toISOString(), customerIds: ids });
        if (ids.length < batchSize) break;
      }
      report.crm = total;
    }
    return report;
  }

  private async audit(at: Date, dataClass: string, data: Record<string, unknown>): Promise<void> {
    const ids = (data['conversationIds'] ?? data['customerIds']) as string[];
    const input: AuditInput = {
      // The same batch recorded twice (a retry) is one entry.
      eventId: `retention:${dataClass}:${at.toISOString()}:${sha256Hex(ids.join(','))}`,
      at,
      actor: this.actor,
      action: 'retention.purged',
      subject: `retention:${dataClass}`,
      data: { dataClass, ...data },
    };
    await this.store.appendAudit(input, sha256Hex);
  }
}
