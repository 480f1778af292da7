import { describe, expect, it } from 'vitest';
import { splitPlaceholders } from './masked-text.tsx';

describe('splitPlaceholders', () => {
  it('splits the placeholders of hidden personal data out of the text, in order', () => {
    expect(splitPlaceholders('card [CARD], mail a@b.co, IBAN [IBAN]')).toEqual([
      { text: 'card ' },
      { hidden: '[CARD]', label: 'card', spoken: 'card number hidden' },
      { text: ', mail a@b.co, IBAN ' },
      { hidden: '[IBAN]', label: 'IBAN', spoken: 'bank account number hidden' },
    ]);
  });

  it('leaves other brackets and plain text alone', () => {
    expect(splitPlaceholders('order [A-12] is late')).toEqual([{ text: 'order [A-12] is late' }]);
    expect(splitPlaceholders('[NAME]')).toEqual([{ hidden: '[NAME]', label: 'name', spoken: 'name hidden' }]);
  });
});
