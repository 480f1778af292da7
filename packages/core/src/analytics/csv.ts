/**
 * CSV export of handoff fact rows (N8): one row per handoff, RFC 4180 quoting, ISO-8601 times, empty cells
 * for missing values. Cells that a spreadsheet would run as a formula (leading = + - @) are prefixed with
 * a quote, because reason codes and intents can come from bots.
 */
import type { HandoffFact } from './facts.ts';

const COLUMNS: readonly [string, (h: HandoffFact) => string | number | boolean | Date | null][] = [
  ['handoff_id', (h) => h.handoffId],
  ['conversation_id', (h) => h.conversationId],
  ['customer_id', (h) => h.customerId],
  ['channel', (h) => h.channel],
  ['queue_id', (h) => h.queueId],
  ['reason', (h) => h.reason],
  ['rule', (h) => h.rule],
  ['intent', (h) => h.intent],
  ['status', (h) => h.status],
  ['created_at', (h) => h.createdAt],
  ['first_offered_at', (h) => h.firstOfferedAt],
  ['offers', (h) => h.offers],
  ['rejected', (h) => h.rejected],
  ['timed_out', (h) => h.timedOut],
  ['connected_at', (h) => h.connectedAt],
  ['agent_id', (h) => h.agentId],
  ['ended_at', (h) => h.endedAt],
  ['wait_seconds', (h) => h.waitSeconds],
  ['abandoned', (h) => h.abandoned],
  ['abandoned_after_seconds', (h) => h.abandonedAfterSeconds],
  ['dropped_stage', (h) => h.droppedStage],
  ['handle_seconds', (h) => h.handleSeconds],
  ['resolved', (h) => h.resolved],
  ['wrap_up_disposition', (h) => h.wrapUpDisposition],
  ['handoff_needed', (h) => h.handoffNeeded],
  ['agent_replies', (h) => h.agentReplies],
  ['unneeded', (h) => h.unneededMarked || h.unneededOneReply],
  ['survey_rating', (h) => h.surveyRating],
];

const cell = (v: string | number | boolean | Date | null): string => {
  if (v === null) return '';
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The header line plus one line per handoff, CRLF-terminated. */
export const handoffsToCsv = (rows: readonly HandoffFact[]): string =>
  [COLUMNS.map(([name]) => name).join(','), ...rows.map((h) => COLUMNS.map(([, get]) => cell(get(h))).join(','))]
    .map((line) => `${line}\r\n`)
    .join('');

/** Column names of the export, in order. */
export const HANDOFF_CSV_COLUMNS: readonly string[] = COLUMNS.map(([name]) => name);
