import { describe, expect, it } from 'vitest';
import { defaultEscalationPolicy } from '../escalation/policy.ts';
import { detectPii } from './detect.ts';
import { PII_TYPES } from './types.ts';
import { DEFAULT_PRIVACY_POLICY, hiddenTypesFor, maskFor, maskSpans } from './visibility.ts';

const TURN = 'I am Maria Garcia, card 4111 1111 1111 1111, mail maria@example.com, IBAN GB82 WEST 1234 5698 7654 32';

describe('maskFor', () => {
  it('keeps the visible types and replaces every other with its placeholder', () => {
    expect(maskFor(TURN, ['PERSON', 'EMAIL'])).toBe(
      'I am Maria Garcia, card [CARD], mail maria@example.com, IBAN [IBAN]',
    );
    expect(maskFor(TURN, ['CREDIT_CARD'])).toBe('I am [NAME], card 4111 1111 1111 1111, mail [EMAIL], IBAN [IBAN]');
  });

  it('all shows the text as written, an empty list hides every type', () => {
    expect(maskFor(TURN, 'all')).toBe(TURN);
    expect(maskFor(TURN, [])).toBe('I am [NAME], card [CARD], mail [EMAIL], IBAN [IBAN]');
    expect(maskFor('nothing personal here', [])).toBe('nothing personal here');
  });

  it('maskSpans over spans found once gives what maskFor gives, for every role', () => {
    const spans = detectPii(TURN);
    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      const visible = DEFAULT_PRIVACY_POLICY.visible[role];
      expect(maskSpans(TURN, spans, hiddenTypesFor(DEFAULT_PRIVACY_POLICY, role))).toBe(maskFor(TURN, visible));
    }
  });
});

describe('privacy policy', () => {
  it('default: agents see name, e-mail and phone; supervisors addresses too; admins everything', () => {
    expect(defaultEscalationPolicy.privacy).toEqual(DEFAULT_PRIVACY_POLICY);
    expect(hiddenTypesFor(DEFAULT_PRIVACY_POLICY, 'agent')).toEqual([
      'CREDIT_CARD',
      'NATIONAL_ID',
      'IBAN',
      'ADDRESS',
      'DATE_OF_BIRTH',
      'IP_ADDRESS',
    ]);
    expect(hiddenTypesFor(DEFAULT_PRIVACY_POLICY, 'supervisor')).toEqual([
      'CREDIT_CARD',
      'NATIONAL_ID',
      'IBAN',
      'DATE_OF_BIRTH',
      'IP_ADDRESS',
    ]);
    expect(hiddenTypesFor(DEFAULT_PRIVACY_POLICY, 'admin')).toEqual([]);
  });

  it('without a privacy section nothing is hidden (a missing section is off)', () => {
    for (const role of ['agent', 'supervisor', 'admin'] as const) expect(hiddenTypesFor(undefined, role)).toEqual([]);
  });

  it('an empty list hides every type', () => {
    expect(hiddenTypesFor({ visible: { agent: [], supervisor: 'all', admin: 'all' } }, 'agent')).toEqual(PII_TYPES);
  });
});
