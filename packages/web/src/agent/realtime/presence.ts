import type { AgentView } from '@baton/contracts';

/** An agent's presence (R2). */
export type Presence = AgentView['presence'];

/** Presence values the agent can choose; busy and wrap-up are set by the server. */
export const selectablePresences: readonly { value: Presence; label: string }[] = [
  { value: 'available', label: 'Available' },
  { value: 'away', label: 'Away' },
  { value: 'offline', label: 'Offline' },
];

/** How each presence reads in the UI. */
export const presenceLabels: Record<Presence, string> = {
  available: 'Available',
  busy: 'Busy',
  away: 'Away',
  wrap_up: 'Wrap-up',
  offline: 'Offline',
};
