/**
 * Derives one fact row per handoff and per conversation from stored records (N1–N7). Pure: the same
 * records give the same rows. Every definition used by the summary lives here, once:
 *
 * - offered: the handoff got at least one reservation; connected: an agent accepted (`assignedAt`).
 * - wait (speed of answer): `assignedAt − createdAt`; abandoned after: `endedAt − createdAt` of an
 *   `abandoned` handoff, which dropped `before_offer` (never offered) or `after_offer`.
 * - handle time: `endedAt − assignedAt` of a completed, connected handoff.
 * - resolved: completed and connected, and either wrapped up as `resolved`, or without a wrap-up, the last
 *   handoff of a conversation that is now closed (not transferred on, not handed back and still open).
 * - agent replies: agent turns by the assigned agent between `assignedAt` and `endedAt`.
 * - unneeded: the wrap-up says the handoff was not needed, or it was resolved with exactly one agent reply.
 * - intent: the routing intent of the latest customer turn at or before the handoff (else the bot's intent
 *   annotation); a conversation's intent is that of its first handoff, else of its latest customer turn.
 * - frustrated: a customer turn whose stored decision fired one of the frustration signals.
 */
import type { Channel, Conversation } from '../conversation/types.ts';
import type { Handoff, HandoffStatus } from '../conversation/handoff.ts';
import type { AnalyticsRecords, SurveyResponse, TurnFact, WrapUp, WrapUpDisposition } from '../ports.ts';

/** Signals that count as frustration for "missed handoff" (T2): score, explicit words, profanity, caps, raised voice. */
export const DEFAULT_FRUSTRATION_SIGNALS: readonly string[] = [
  'frustration',
  'explicit_frustration',
  'profanity',
  'shouting',
  'loudness',
];

export interface HandoffFact {
  handoffId: string;
  conversationId: string;
  customerId: string | null;
  channel: Channel;
  queueId: string;
  reason: string;
  rule: string | null;
  intent: string | null;
  status: HandoffStatus;
  createdAt: Date;
  firstOfferedAt: Date | null;
  offers: number;
  rejected: number;
  timedOut: number;
  connectedAt: Date | null;
  agentId: string | null;
  endedAt: Date | null;
  /** Seconds from creation to acceptance; null when never connected. */
  waitSeconds: number | null;
  abandoned: boolean;
  abandonedAfterSeconds: number | null;
  droppedStage: 'before_offer' | 'after_offer' | null;
  handleSeconds: number | null;
  resolved: boolean;
  wrapUpDisposition: WrapUpDisposition | null;
  /** The agent's answer to "was this handoff needed?"; null without a wrap-up. */
  handoffNeeded: boolean | null;
  agentReplies: number;
  unneededMarked: boolean;
  unneededOneReply: boolean;
  surveyRating: number | null;
}

export interface ConversationFact {
  conversation: Conversation;
  intent: string | null;
  /** All handoffs of the conversation, oldest first. */
  handoffs: Handoff[];
  frustrated: boolean;
  survey: SurveyResponse | null;
}

const seconds = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / 1000;

const intentOf = (t: TurnFact): string | null => t.decision?.routing?.intent ?? t.annotations.intent?.name ?? null;

const groupBy = <T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> => {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
};

/** The latest intent seen on a customer turn created at or before `at` (any time when `at` is null). */
const latestIntent = (turns: readonly TurnFact[], at: Date | null): string | null => {
  let found: string | null = null;
  for (const t of turns) {
    if (t.role !== 'customer' || (at !== null && t.createdAt.getTime() > at.getTime())) continue;
    found = intentOf(t) ?? found;
  }
  return found;
};

export interface Facts {
  handoffs: HandoffFact[];
  conversations: ConversationFact[];
}

/** Builds the fact rows. O(records) with per-conversation grouping. */
export const deriveFacts = (
  records: AnalyticsRecords,
  frustrationSignals: readonly string[] = DEFAULT_FRUSTRATION_SIGNALS,
): Facts => {
  const frustration = new Set(frustrationSignals);
  const handoffsByConv = groupBy(records.handoffs, (h) => h.conversationId);
  const reservationsByHandoff = groupBy(records.reservations, (r) => r.handoffId);
  const turnsByConv = groupBy(records.turns, (t) => t.conversationId);
  const wrapUps = new Map<string, WrapUp>(records.wrapUps.map((w) => [w.handoffId, w]));
  const surveys = new Map<string, SurveyResponse>(records.surveys.map((s) => [s.conversationId, s]));

  const conversations: ConversationFact[] = [];
  const handoffs: HandoffFact[] = [];
  for (const c of records.conversations) {
    const mine = [...(handoffsByConv.get(c.id) ?? [])].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
    );
    const turns = turnsByConv.get(c.id) ?? [];
    const survey = surveys.get(c.id) ?? null;
    const first = mine[0];
    conversations.push({
      conversation: c,
      intent: latestIntent(turns, first?.createdAt ?? null),
      handoffs: mine,
      frustrated: turns.some(
        (t) => t.role === 'customer' && (t.decision?.signals ?? []).some((s) => s.fired && frustration.has(s.name)),
      ),
      survey,
    });
    mine.forEach((h, i) => {
      const reservations = reservationsByHandoff.get(h.id) ?? [];
      const firstOffer = reservations.reduce<Date | null>(
        (min, r) => (min === null || r.createdAt.getTime() < min.getTime() ? r.createdAt : min),
        null,
      );
      const wrapUp = wrapUps.get(h.id) ?? null;
      const connected = h.assignedAt !== null;
      const completed = h.status === 'completed';
      const isLast = i === mine.length - 1;
      const resolved =
        completed &&
        connected &&
        (wrapUp !== null ? wrapUp.disposition === 'resolved' : isLast && c.status === 'closed');
      const end = h.endedAt;
      const agentReplies =
        h.assignedAt === null
          ? 0
          : turns.filter(
              (t) =>
                t.role === 'agent' &&
                t.authorId === h.assignedAgentId &&
                t.createdAt.getTime() >= (h.assignedAt?.getTime() ?? 0) &&
                (end === null || t.createdAt.getTime() <= end.getTime()),
            ).length;
      const abandoned = h.status === 'abandoned';
      handoffs.push({
        handoffId: h.id,
        conversationId: c.id,
        customerId: c.customerId,
        channel: c.channel,
        queueId: h.queueId,
        reason: h.reason.code,
        rule: h.rule,
        intent: latestIntent(turns, h.createdAt),
        status: h.status,
        createdAt: h.createdAt,
        firstOfferedAt: firstOffer,
        offers: reservations.length,
        rejected: reservations.filter((r) => r.status === 'rejected').length,
        timedOut: reservations.filter((r) => r.status === 'timed_out').length,
        connectedAt: h.assignedAt,
        agentId: h.assignedAgentId,
        endedAt: end,
        waitSeconds: h.assignedAt === null ? null : seconds(h.createdAt, h.assignedAt),
        abandoned,
        abandonedAfterSeconds: abandoned && end !== null ? seconds(h.createdAt, end) : null,
        droppedStage: abandoned ? (reservations.length > 0 ? 'after_offer' : 'before_offer') : null,
        handleSeconds: completed && h.assignedAt !== null && end !== null ? seconds(h.assignedAt, end) : null,
        resolved,
        wrapUpDisposition: wrapUp?.disposition ?? null,
        handoffNeeded: wrapUp?.handoffNeeded ?? null,
        agentReplies,
        unneededMarked: wrapUp !== null && !wrapUp.handoffNeeded,
        unneededOneReply: resolved && agentReplies === 1,
        surveyRating: survey?.rating ?? null,
      });
    });
  }
  return { handoffs, conversations };
};
