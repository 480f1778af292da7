import { redact, type RedactionPolicy, type StoredTurn, type TranscriptHandling } from '@baton/core';
import { sealTurnOriginal, type SensitiveFieldCipher } from '../storage/sealed-fields.ts';

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

/**
 * The sealed original to keep beside a turn stored redacted (P5), or undefined when none may be kept: only with
 * a cipher (`BATON_ENCRYPTION_KEYS`; without one the original is discarded), only while the transcript is kept
 * as written (a customer who declined recording leaves no original anywhere), and only when redaction changed
 * the text.
 */
export const sealedOriginalFor = (
  cipher: SensitiveFieldCipher | undefined,
  handling: TranscriptHandling,
  written: StoredTurn,
  stored: StoredTurn,
): unknown =>
  cipher === undefined || handling !== 'keep' || stored.text === written.text
    ? undefined
    : sealTurnOriginal(cipher, written, { text: written.text });
