import { redact, type RedactionPolicy, type StoredTurn } from '@baton/core';

/**
 * A turn as it may be stored under a redaction policy (P5 at rest): personal data replaced by placeholders in
 * the text, in the engine's remembered customer texts (repetition detection) and in the evidence of each
 * signal. System turns are Baton's own words and stay as written. Without a policy the turn is unchanged.
 */
export const redactForStorage = (turn: StoredTurn, policy: RedactionPolicy | undefined): StoredTurn => {
  if (policy === undefined || turn.role === 'system') return turn;
  const r = (text: string): string => redact(text, policy);
  const state = turn.escalationState;
  return {
    ...turn,
    text: r(turn.text),
    decision:
      turn.decision === null
        ? null
        : {
            ...turn.decision,
            signals: turn.decision.signals.map((s) =>
              s.evidence === undefined ? s : { ...s, evidence: r(s.evidence) },
            ),
          },
    escalationState:
      state === null || state === undefined
        ? state
        : { ...state, recentCustomerTexts: state.recentCustomerTexts.map(r) },
  };
};
