import type { EscalationState } from './types.ts';

/** The state of a conversation before its first turn. */
export const initialEscalationState = (): EscalationState => ({
  turnCount: 0,
  customerTurnCount: 0,
  pushBacks: 0,
  clarifications: 0,
  fallbackStreak: 0,
  sentiment: [],
  recentCustomerTexts: [],
  extra: {},
  fallbackTotal: 0,
  lowUnderstandingStreak: 0,
  lowAsrStreak: 0,
  repeatCount: 0,
  turnsWithoutProgress: 0,
  frustrated: false,
  sensitiveTopic: null,
  awaitingClarification: false,
  pendingHandoff: null,
  slotCount: 0,
});

/** Bounds that keep the stored state small whatever the conversation length. */
export const STATE_LIMITS = {
  /** Customer sentiment scores kept for the trend. */
  sentiment: 8,
  /** Earlier customer turns compared for repetition. */
  recentTexts: 5,
  /** Characters kept of each earlier customer turn. */
  textChars: 300,
} as const;
