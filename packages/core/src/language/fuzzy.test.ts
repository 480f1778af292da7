import { describe, expect, it } from 'vitest';
import { FuzzyVocabulary } from './fuzzy.ts';

describe('FuzzyVocabulary', () => {
  const v = new FuzzyVocabulary(['agent', 'person', 'manager', 'rep']);

  it('matches exact words and one edit (insertion, deletion, substitution, transposition)', () => {
    expect(v.match('agent')).toBe('agent');
    expect(v.match('agnet')).toBe('agent');
    expect(v.match('pesron')).toBe('person');
    expect(v.match('manger')).toBe('manager');
    expect(v.match('agentt')).toBe('agent');
    expect(v.match('pxrson')).toBe('person');
  });

  it('does not fuzz short words and rejects two edits; memoised answers stay the same', () => {
    expect(v.match('red')).toBeUndefined();
    expect(v.match('aegnnt')).toBeUndefined();
    for (let i = 0; i < 3; i++) {
      expect(v.match('agnet')).toBe('agent');
      expect(v.match('table')).toBeUndefined();
    }
  });
});
