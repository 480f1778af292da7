import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.ts';
import { scoreSentiment } from './sentiment.ts';

const TEXTS = [
  'WHY IS THIS STILL NOT WORKING!!!',
  "I don't need an agent, just tell me the opening hours",
  "pleeeeease `refund` 'my' money '' ''' a.b,,c;;\n\nDON'T",
  "I'M SOOOO MAD!!?! it's 2 late, AB-CD e'' ''e x1y2",
  'hello    world... ok?',
];

describe('analyze', () => {
  it('gives ASCII text the same analysis on its fast path as the Unicode path does', () => {
    for (const text of TEXTS) {
      const fast = analyze(text);
      // A trailing non-ASCII word sends the same text through the Unicode tokenizer.
      const slow = analyze(`${text} é`);
      expect(slow.tokens.slice(0, -1)).toEqual(fast.tokens);
      expect([...slow.negated.slice(0, -1)]).toEqual([...fast.negated]);
      expect([...slow.clause.slice(0, -1)]).toEqual([...fast.clause]);
      expect([slow.capsWords, slow.exclamations, slow.punctuationRun]).toEqual([
        fast.capsWords,
        fast.exclamations,
        fast.punctuationRun,
      ]);
    }
  });

  it('squeezes elongations, straightens quotes and splits clauses', () => {
    const a = analyze("Pleeeease, I `dont` want THIS. it's broken");
    expect(a.tokens).toEqual(['pleease', 'i', "don't", 'want', 'this', "it's", 'broken']);
    expect([...a.clause]).toEqual([0, 1, 1, 1, 1, 2, 2]);
    expect([...a.negated]).toEqual([0, 0, 0, 1, 1, 0, 0]);
    expect(a.capsWords).toBe(1);
    expect(analyze('constructor toString').tokens).toEqual(['constructor', 'tostring']);
  });
});

describe('scoreSentiment phrases', () => {
  it('matches expressions on whole tokens only', () => {
    expect(scoreSentiment(analyze('i am fed up')).score).toBeLessThan(-0.3);
    expect(scoreSentiment(analyze('my card is scuffed up')).score).toBe(0);
  });
});
