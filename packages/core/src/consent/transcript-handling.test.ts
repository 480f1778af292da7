import { describe, expect, it } from 'vitest';
import { redact } from '../privacy/index.ts';
import { storedRedactionFor, transcriptHandling, type ConsentPolicy } from './transcript-handling.ts';

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
