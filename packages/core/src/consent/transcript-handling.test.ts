import { describe, expect, it } from 'vitest';
import { redact } from '../privacy/index.ts';
import {
  asksNotToRecord,
  mayRecordAudio,
  storedRedactionFor,
  transcriptHandling,
  type ConsentPolicy,
} from './transcript-handling.ts';

const policy = (p: Partial<ConsentPolicy>): ConsentPolicy => ({
  recordingDeclined: 'redact',
  unanswered: 'granted',
  ...p,
});

describe('transcript handling by consent (P1)', () => {
  it('keeps everything without a consent section, whatever the customer answered', () => {
    for (const choice of ['granted', 'declined', null] as const)
      expect(transcriptHandling(undefined, choice)).toBe('keep');
  });

  it('applies the declined handling only to a declined (or, when strict, unanswered) conversation', () => {
    for (const handling of ['keep', 'redact', 'discard'] as const) {
      const lenient = policy({ recordingDeclined: handling });
      expect(transcriptHandling(lenient, 'declined')).toBe(handling);
      expect(transcriptHandling(lenient, 'granted')).toBe('keep');
      expect(transcriptHandling(lenient, null)).toBe('keep');
      const strict = policy({ recordingDeclined: handling, unanswered: 'declined' });
      expect(transcriptHandling(strict, null)).toBe(handling);
      expect(transcriptHandling(strict, 'granted')).toBe('keep');
    }
  });

  it('widens the configured redaction to every type when the transcript is not kept as written', () => {
    const text = 'I am Maria Lopez, card 4111 1111 1111 1111, mail maria@example.com';
    const cardsOnly = { types: ['CREDIT_CARD'] as const };
    expect(storedRedactionFor('keep', undefined)).toBeUndefined();
    expect(storedRedactionFor('keep', cardsOnly)).toBe(cardsOnly);
    const widened = storedRedactionFor('redact', cardsOnly);
    expect(widened?.types).toBeUndefined();
    const out = redact(text, widened ?? {});
    expect(out).not.toContain('4111');
    expect(out).not.toContain('maria@example.com');
    expect(redact(text, storedRedactionFor('discard', undefined) ?? {})).not.toContain('maria@example.com');
  });
});

describe('call recording consent (P1, P2)', () => {
  it('records audio with consent, or unanswered when the policy allows it; never after a decline', () => {
    expect(mayRecordAudio(undefined, null)).toBe(true);
    expect(mayRecordAudio(undefined, 'declined')).toBe(false);
    expect(mayRecordAudio(policy({ unanswered: 'declined' }), null)).toBe(false);
    expect(mayRecordAudio(policy({ unanswered: 'declined' }), 'granted')).toBe(true);
    expect(mayRecordAudio(policy({ recordingDeclined: 'keep' }), 'declined')).toBe(false);
  });

  it("hears a caller's request not to be recorded, and not ordinary sentences about records", () => {
    for (const yes of [
      "Please don't record this call",
      'do not record',
      'No recording please.',
      'I do not want to be recorded',
      "I don't want this call recorded",
      'stop recording',
      'I would rather not be recorded',
    ])
      expect(asksNotToRecord(yes), yes).toBe(true);
    for (const no of [
      'I want to check my records',
      'Can you record my new address?',
      'my record of the payment shows it went through',
      'the call was recorded yesterday, can I get it?',
      'I need a person',
    ])
      expect(asksNotToRecord(no), no).toBe(false);
  });
});
