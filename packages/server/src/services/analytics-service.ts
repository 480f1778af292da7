import {
  computeAnalytics,
  DomainError,
  handoffsToCsv,
  type AnalyticsFilters,
  type AnalyticsSummary,
  type BatonStore,
  type Clock,
  type HandoffFact,
} from '@baton/core';

/** What a supervisor asks for: a time range (conversations started in [from, to)) and filters. */
export interface AnalyticsQuery extends AnalyticsFilters {
  from?: Date;
  to?: Date;
  /** Repeat-contact window for first-contact resolution, in days (default 7). */
  repeatWindowDays?: number;
}

/** Longest range one request may read: analytics loads the range's records into memory. */
export const MAX_RANGE_DAYS = 92;
const DAY_MS = 86_400_000;

/**
 * Handoff analytics (N1–N8) for supervisors: loads the records of the range from the store and computes the
 * figures with the pure core functions. Stateless; any instance answers the same.
 */
export class AnalyticsService {
  constructor(
    private readonly store: BatonStore,
    private readonly clock: Clock,
  ) {}

  /** The summary and the per-handoff rows. Throws `invalid_range` for an empty or too long range. */
  async compute(q: AnalyticsQuery): Promise<{ summary: AnalyticsSummary; rows: HandoffFact[] }> {
    const to = q.to ?? this.clock.now();
    const from = q.from ?? new Date(to.getTime() - DAY_MS);
    if (from.getTime() >= to.getTime()) throw new DomainError('invalid_range', '`from` must be before `to`');
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
      throw new DomainError('invalid_range', `a range may span at most ${MAX_RANGE_DAYS} days`);
    }
    const windowDays = q.repeatWindowDays ?? 7;
    const repeatWindowSeconds = Math.round(windowDays * 86_400);
    const [records, queues] = await Promise.all([
      this.store.loadAnalyticsRecords({ from, to, contactsUntil: new Date(to.getTime() + repeatWindowSeconds * 1000) }),
      this.store.listQueues(),
    ]);
    const filters: AnalyticsFilters = {
      ...(q.channel === undefined ? {} : { channel: q.channel }),
      ...(q.queueId === undefined ? {} : { queueId: q.queueId }),
      ...(q.agentId === undefined ? {} : { agentId: q.agentId }),
      ...(q.reason === undefined ? {} : { reason: q.reason }),
      ...(q.intent === undefined ? {} : { intent: q.intent }),
    };
    return computeAnalytics(records, { from, to, filters, repeatWindowSeconds, queues });
  }

  async summary(q: AnalyticsQuery): Promise<AnalyticsSummary> {
    return (await this.compute(q)).summary;
  }

  /** CSV, one row per handoff of the range that matches the filters. */
  async csv(q: AnalyticsQuery): Promise<string> {
    return handoffsToCsv((await this.compute(q)).rows);
  }
}
