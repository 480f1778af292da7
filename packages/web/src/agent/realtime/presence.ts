import type { AgentView, PresenceReason } from '@baton/contracts';

/** An agent's presence (R2). */
export type Presence = AgentView['presence'];

/** Presence values the agent can choose; busy and wrap-up are set by the server. */
export const selectablePresences: readonly { value: Presence; label: string }[] = [
  { value: 'available', label: 'Available' },
  { value: 'away', label: 'Away' },
  { value: 'offline', label: 'Offline' },
];

/** Why an agent is away, as they can pick it beside Away (R2); the server checks the same list. */
export const presenceReasonOptions: readonly { value: PresenceReason; label: string }[] = [
  { value: 'break', label: 'Break' },
  { value: 'lunch', label: 'Lunch' },
  { value: 'meeting', label: 'Meeting' },
  { value: 'training', label: 'Training' },
  { value: 'other', label: 'Other' },
];

/** Reasons the server sets itself (wrap-up after a conversation, a socket that went away, an offer let time out). */
const serverReasonLabels: Record<string, string> = {
  after_conversation: 'after a conversation',
  disconnected: 'disconnected',
  missed_offer: 'missed an offer',
};

/** How a presence reason reads in the UI; an unknown reason shows as it is. */
export const presenceReasonLabel = (reason: string): string =>
  presenceReasonOptions.find((o) => o.value === reason)?.label ?? serverReasonLabels[reason] ?? reason;

/** `m:ss` of the wrap-up time left, never below 0:00. */
export const formatCountdown = (secondsLeft: number): string => {
  const s = Math.max(0, Math.ceil(secondsLeft));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** How each presence reads in the UI. */
export const presenceLabels: Record<Presence, string> = {
  available: 'Available',
  busy: 'Busy',
  away: 'Away',
  wrap_up: 'Wrap-up',
  offline: 'Offline',
};
