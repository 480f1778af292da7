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
      'Can I just speak to somebody else?',
      'can somebody else take a look at my claim',
      'is there someone there to talk to',
      'How can I speak with one of your non-robotic agents?',
      'billing department please',
      'what is your support number',
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

  it('reads a request in one clause past a negated mention in another', () => {
    expect(fires("I don't think you're the right person to ask. Can I speak to somebody else?")).toBe(true);
    expect(fires("I don't need an agent, I don't want a person")).toBe(false);
  });

  it('does not read people wanted for a task, or the customer’s own number, as a request', () => {
    for (const t of [
      'i need someone to clean my room',
      'put more people under the reservation',
      'I want to schedule a meeting with somebody at your branch',
      'change my mobile number',
      'verify phone number',
      'can someone help me top up my card',
    ])
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
