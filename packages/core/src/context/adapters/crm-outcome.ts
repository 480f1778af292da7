import type { CrmOutcome } from '../../ports.ts';
import { redact } from '../../privacy/redact.ts';

const minutes = (from: Date, to: Date): number => Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));

/**
 * The handoff outcome as plain text for a CRM note, task or internal comment (C2 write-back). The summary and
 * reason are redacted again here (idempotent on placeholders): what leaves for a CRM never carries PII the
 * package did not.
 */
export const renderCrmOutcome = (o: CrmOutcome): string =>
  [
    `Baton handoff ${o.handoffId} (${o.channel}) ${o.status}${o.agentName === null ? '' : ` by ${o.agentName}`}, ${minutes(o.startedAt, o.endedAt)} min.`,
    ...(o.reason === null ? [] : [`Reason: ${redact(o.reason)}${o.reasonCode === null ? '' : ` (${o.reasonCode})`}`]),
    ...(o.summary === null ? [] : [`Summary: ${redact(o.summary)}`]),
    `Conversation: ${o.conversationId}`,
  ].join('\n');

/** A one-line subject for the outcome (Salesforce Task subject, Zendesk ticket subject). */
export const crmOutcomeSubject = (o: CrmOutcome): string =>
  `Baton handoff ${o.status}${o.reasonCode === null ? '' : `: ${o.reasonCode}`}`;
