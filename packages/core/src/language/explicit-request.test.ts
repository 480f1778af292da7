import { describe, expect, it } from 'vitest';
import { detectExplicitRequest } from './explicit-request.ts';

const fires = (text: string): boolean => detectExplicitRequest(text).score >= 0.8;

describe('detectExplicitRequest', () => {
  it('hears requests for a person, typos included', () => {
    for (const t of [
      'can I talk to a real person',
      'agnet please',
      'pass me to a human please',
      'connect me to someone',
    ])
      expect(fires(t), t).toBe(true);
  });

  it('hears a refusal to talk to the assistant as a request', () => {
    expect(fires("i don't want to talk to you!")).toBe(true);
    expect(fires('i dont want to speak to you, give me a human')).toBe(true);
  });

  it('does not fire on negated requests', () => {
    for (const t of ["I don't need an agent", "I don't want to talk to a person", 'no need to transfer me'])
      expect(fires(t), t).toBe(false);
  });

  it('does not read head counts or look-alike words as a request', () => {
    for (const t of [
      'I want a table for 4 people',
      'can I get a room for five people',
      'just one person',
      'i need to add 1 person to my booking',
      "I'd like to edit the postcode associated with my account",
    ])
      expect(fires(t), t).toBe(false);
  });
});
