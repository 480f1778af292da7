import type { StoredTurn } from '@baton/core';

/**
 * A turn with what a person wrote or said removed (P7): the text, collected slots, the engine's memory of
 * customer texts and detector state, signal evidence and the clarification answer. Role, seq, times,
 * intent, rule and reason codes stay, so analytics and the audit trail still add up. The SQL store does
 * the same in `drizzle/compliance-queries.ts`; the contract suite keeps the two equal.
 */
export const wipeTurn = (t: StoredTurn): StoredTurn => {
  const { slots: _slots, ...annotations } = t.annotations;
  const decision =
    t.decision === null
      ? null
      : (() => {
          const { clarificationAnswer: _answer, ...d } = t.decision;
          return { ...d, signals: (d.signals ?? []).map(({ evidence: _evidence, ...s }) => s) };
        })();
  return {
    ...t,
    text: '',
    annotations,
    decision,
    escalationState: { ...t.escalationState, recentCustomerTexts: [], extra: {} },
  };
};

/** Whether a turn still holds anything {@link wipeTurn} removes. */
export const needsWipe = (t: StoredTurn): boolean => t.text !== '';
