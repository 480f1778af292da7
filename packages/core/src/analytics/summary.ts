/**
 * Handoff analytics (N1–N7) over stored records: funnel per reason, handoff rates and containment,
 * drop-off, speed of answer, SLA per queue, handle time, first-contact resolution after transfer,
 * satisfaction, unneeded and missed handoffs. Pure and O(records · log records).
 *
 * Filters: `channel` and `intent` select conversations (and so their handoffs); `queueId`, `agentId` and
 * `reason` select handoffs only. Conversation-level figures (containment, assistant-only satisfaction,
 * frustrated-but-not-handed-off) therefore ignore the handoff-level filters.
 */
import type { Channel } from '../conversation/types.ts';
import type { Queue } from '../routing/types.ts';
import type { AnalyticsRecords, CustomerContact } from '../ports.ts';
import { deriveFacts, DEFAULT_FRUSTRATION_SIGNALS, type ConversationFact, type HandoffFact } from './facts.ts';
import { distribution, ratio, type Distribution } from './stats.ts';
import { timeSeries, type TimeSeries } from './time-series.ts';

export interface AnalyticsFilters {
  channel?: Channel;
  queueId?: string;
  /** The agent who accepted the handoff. */
  agentId?: string;
  /** Handoff reason code (`explicit_request`, `frustration`, `transfer` …). */
  reason?: string;
  intent?: string;
}

export interface AnalyticsOptions {
  from: Date;
  to: Date;
  filters?: AnalyticsFilters;
  /** Repeat-contact window for first-contact resolution (N4), seconds after the conversation closed. */
  repeatWindowSeconds: number;
  /** Queues, for SLA targets and names. */
  queues: readonly Queue[];
  /** Signal names that mark a customer as frustrated (default DEFAULT_FRUSTRATION_SIGNALS). */
  frustrationSignals?: readonly string[];
}

export interface FunnelRow {
  reason: string;
  triggered: number;
  queued: number;
  offered: number;
  connected: number;
  resolved: number;
  abandoned: number;
}

export interface RateRow {
  key: string;
  conversations: number;
  /** Conversations with at least one (matching) handoff. */
  handedOff: number;
  rate: number | null;
}

export interface SlaRow {
  queueId: string;
  queueName: string | null;
  slaSeconds: number | null;
  connected: number;
  answeredWithinSla: number;
  abandoned: number;
  /** answeredWithinSla / (connected + abandoned); null without either. */
  attainment: number | null;
}

export interface TimeRow extends Distribution {
  key: string;
  totalSeconds: number;
}

export interface Satisfaction {
  responses: number;
  meanRating: number | null;
  /** Share of ratings 4 or 5. */
  satisfiedShare: number | null;
}

export interface AnalyticsSummary {
  from: string;
  to: string;
  filters: AnalyticsFilters;
  totals: {
    conversations: number;
    handoffs: number;
    conversationsHandedOff: number;
    /** Conversations the assistant handled alone / all conversations (N1). */
    containment: number | null;
  };
  funnel: { all: FunnelRow; byReason: FunnelRow[] };
  handoffRate: { byReason: RateRow[]; byChannel: RateRow[]; byIntent: RateRow[] };
  dropOff: {
    abandoned: number;
    beforeOffer: number;
    afterOffer: number;
    /** abandoned / handoffs. */
    rate: number | null;
    abandonedAfter: Distribution;
  };
  speedOfAnswer: Distribution;
  sla: SlaRow[];
  handleTime: { all: Distribution; byQueue: TimeRow[]; byAgent: TimeRow[] };
  firstContactResolution: {
    windowSeconds: number;
    /** Closed conversations of a known customer with a connected handoff. */
    eligible: number;
    resolvedFirstContact: number;
    repeatContacts: number;
    rate: number | null;
  };
  satisfaction: {
    handedOff: Satisfaction;
    assistantOnly: Satisfaction;
    byReason: (Satisfaction & { reason: string })[];
  };
  quality: {
    unneeded: { total: number; markedByAgent: number; solvedInOneReply: number; rate: number | null };
    missed: { frustratedNotHandedOff: number; abandonedHandoffs: number; total: number };
  };
  /** Conversations, handoffs, connected, abandoned and median wait per hour (ranges ≤ 48 h) or day. */
  byTime: TimeSeries;
}

const byKey = <T extends { key: string }>(a: T, b: T): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

const funnelOf = (reason: string, rows: readonly HandoffFact[]): FunnelRow => ({
  reason,
  triggered: rows.length,
  // Every stored handoff entered a queue; a trigger that found no queue stores no handoff.
  queued: rows.length,
  offered: rows.filter((h) => h.offers > 0).length,
  connected: rows.filter((h) => h.connectedAt !== null).length,
  resolved: rows.filter((h) => h.resolved).length,
  abandoned: rows.filter((h) => h.abandoned).length,
});

const groups = <T>(items: readonly T[], key: (t: T) => string | null): Map<string, T[]> => {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
};

const satisfactionOf = (ratings: readonly number[]): Satisfaction => ({
  responses: ratings.length,
  meanRating: ratings.length === 0 ? null : ratings.reduce((s, r) => s + r, 0) / ratings.length,
  satisfiedShare: ratio(ratings.filter((r) => r >= 4).length, ratings.length),
});

const timeRows = (rows: readonly HandoffFact[], key: (h: HandoffFact) => string | null): TimeRow[] =>
  [...groups(rows, key)]
    .map(([k, list]) => {
      const secs = list.map((h) => h.handleSeconds ?? 0);
      return { key: k, totalSeconds: secs.reduce((s, v) => s + v, 0), ...distribution(secs) };
    })
    .sort(byKey);

const rateRows = (
  convs: readonly ConversationFact[],
  key: (c: ConversationFact) => string | null,
  handedOff: (c: ConversationFact) => boolean,
): RateRow[] =>
  [...groups(convs, key)]
    .map(([k, list]) => {
      const n = list.filter(handedOff).length;
      return { key: k, conversations: list.length, handedOff: n, rate: ratio(n, list.length) };
    })
    .sort(byKey);

/** Repeat contact: another conversation of the customer created after this one and by closedAt + window. */
const hasRepeat = (c: ConversationFact, contacts: Map<string, CustomerContact[]>, windowMs: number): boolean => {
  const conv = c.conversation;
  if (conv.customerId === null || conv.closedAt === null) return false;
  const limit = conv.closedAt.getTime() + windowMs;
  return (contacts.get(conv.customerId) ?? []).some(
    (o) =>
      o.conversationId !== conv.id &&
      o.createdAt.getTime() > conv.createdAt.getTime() &&
      o.createdAt.getTime() <= limit,
  );
};

/** Computes the analytics summary and the per-handoff rows (for CSV export) of the records. */
export const computeAnalytics = (
  records: AnalyticsRecords,
  opts: AnalyticsOptions,
): { summary: AnalyticsSummary; rows: HandoffFact[] } => {
  const filters = opts.filters ?? {};
  const facts = deriveFacts(records, opts.frustrationSignals ?? DEFAULT_FRUSTRATION_SIGNALS);
  const inRange = (d: Date) => d.getTime() >= opts.from.getTime() && d.getTime() < opts.to.getTime();
  const convs = facts.conversations.filter(
    (c) =>
      inRange(c.conversation.createdAt) &&
      (filters.channel === undefined || c.conversation.channel === filters.channel) &&
      (filters.intent === undefined || c.intent === filters.intent),
  );
  const convIds = new Set(convs.map((c) => c.conversation.id));
  const matches = (h: HandoffFact): boolean =>
    convIds.has(h.conversationId) &&
    (filters.queueId === undefined || h.queueId === filters.queueId) &&
    (filters.agentId === undefined || h.agentId === filters.agentId) &&
    (filters.reason === undefined || h.reason === filters.reason);
  const rows = facts.handoffs.filter(matches);
  const matchedConvs = new Set(rows.map((h) => h.conversationId));
  const handedOff = (c: ConversationFact) => matchedConvs.has(c.conversation.id);

  const connected = rows.filter((h) => h.connectedAt !== null);
  const abandoned = rows.filter((h) => h.abandoned);
  const completedHandled = rows.filter((h) => h.handleSeconds !== null);
  const queues = new Map(opts.queues.map((q) => [q.id, q]));

  const sla = [...groups(rows, (h) => h.queueId)]
    .map(([queueId, list]): SlaRow => {
      const q = queues.get(queueId);
      const target = q?.slaSeconds ?? null;
      const conn = list.filter((h) => h.waitSeconds !== null);
      const within = target === null ? 0 : conn.filter((h) => (h.waitSeconds ?? Infinity) <= target).length;
      const ab = list.filter((h) => h.abandoned).length;
      return {
        queueId,
        queueName: q?.name ?? null,
        slaSeconds: target,
        connected: conn.length,
        answeredWithinSla: within,
        abandoned: ab,
        attainment: ratio(within, conn.length + ab),
      };
    })
    .sort((a, b) => (a.queueId < b.queueId ? -1 : 1));

  const contacts = groups(records.contacts, (c) => c.customerId);
  const windowMs = opts.repeatWindowSeconds * 1000;
  const connectedConvs = new Set(connected.map((h) => h.conversationId));
  const eligible = convs.filter(
    (c) =>
      connectedConvs.has(c.conversation.id) && c.conversation.customerId !== null && c.conversation.closedAt !== null,
  );
  const repeats = eligible.filter((c) => hasRepeat(c, contacts, windowMs)).length;

  const firstReason = new Map<string, string>();
  for (const h of rows) if (!firstReason.has(h.conversationId)) firstReason.set(h.conversationId, h.reason);
  const rated = convs.filter((c) => c.survey !== null);
  const ratingsOf = (list: readonly ConversationFact[]) => list.map((c) => c.survey?.rating ?? 0);

  const markedByAgent = rows.filter((h) => h.unneededMarked).length;
  const oneReply = rows.filter((h) => h.unneededOneReply).length;
  const unneeded = rows.filter((h) => h.unneededMarked || h.unneededOneReply).length;
  const anyHandoff = (c: ConversationFact) => c.handoffs.length > 0;
  const frustratedMissed = convs.filter((c) => c.frustrated && !anyHandoff(c));
  const missedConvs = new Set([
    ...frustratedMissed.map((c) => c.conversation.id),
    ...abandoned.map((h) => h.conversationId),
  ]);

  const summary: AnalyticsSummary = {
    from: opts.from.toISOString(),
    to: opts.to.toISOString(),
    filters,
    totals: {
      conversations: convs.length,
      handoffs: rows.length,
      conversationsHandedOff: matchedConvs.size,
      containment: ratio(convs.filter((c) => !anyHandoff(c)).length, convs.length),
    },
    funnel: {
      all: funnelOf('all', rows),
      byReason: [...groups(rows, (h) => h.reason)]
        .map(([reason, list]) => funnelOf(reason, list))
        .sort((a, b) => (a.reason < b.reason ? -1 : 1)),
    },
    handoffRate: {
      byReason: [...groups(rows, (h) => h.reason)]
        .map(([key, list]) => {
          const n = new Set(list.map((h) => h.conversationId)).size;
          return { key, conversations: convs.length, handedOff: n, rate: ratio(n, convs.length) };
        })
        .sort(byKey),
      byChannel: rateRows(convs, (c) => c.conversation.channel, handedOff),
      byIntent: rateRows(convs, (c) => c.intent ?? '(none)', handedOff),
    },
    dropOff: {
      abandoned: abandoned.length,
      beforeOffer: abandoned.filter((h) => h.droppedStage === 'before_offer').length,
      afterOffer: abandoned.filter((h) => h.droppedStage === 'after_offer').length,
      rate: ratio(abandoned.length, rows.length),
      abandonedAfter: distribution(abandoned.map((h) => h.abandonedAfterSeconds ?? 0)),
    },
    speedOfAnswer: distribution(connected.map((h) => h.waitSeconds ?? 0)),
    sla,
    handleTime: {
      all: distribution(completedHandled.map((h) => h.handleSeconds ?? 0)),
      byQueue: timeRows(completedHandled, (h) => h.queueId),
      byAgent: timeRows(completedHandled, (h) => h.agentId),
    },
    firstContactResolution: {
      windowSeconds: opts.repeatWindowSeconds,
      eligible: eligible.length,
      resolvedFirstContact: eligible.length - repeats,
      repeatContacts: repeats,
      rate: ratio(eligible.length - repeats, eligible.length),
    },
    satisfaction: {
      handedOff: satisfactionOf(ratingsOf(rated.filter(handedOff))),
      assistantOnly: satisfactionOf(ratingsOf(rated.filter((c) => !anyHandoff(c)))),
      byReason: [...groups(rated.filter(handedOff), (c) => firstReason.get(c.conversation.id) ?? null)]
        .map(([reason, list]) => ({ reason, ...satisfactionOf(ratingsOf(list)) }))
        .sort((a, b) => (a.reason < b.reason ? -1 : 1)),
    },
    quality: {
      unneeded: { total: unneeded, markedByAgent, solvedInOneReply: oneReply, rate: ratio(unneeded, connected.length) },
      missed: {
        frustratedNotHandedOff: frustratedMissed.length,
        abandonedHandoffs: abandoned.length,
        total: missedConvs.size,
      },
    },
    byTime: timeSeries(
      opts.from,
      opts.to,
      convs.map((c) => c.conversation.createdAt),
      rows,
    ),
  };
  return { summary, rows };
};
