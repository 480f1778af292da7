/**
 * NATS subject rules, shared by both buses so they accept and match exactly the same things.
 * Subjects are dot-separated non-empty tokens without whitespace; in patterns `*` stands for one token
 * and `>` (last token only) for one or more tokens. https://docs.nats.io/nats-concepts/subjects
 */
import { DomainError } from '@baton/core';

const TOKEN = /^[^\s.*>]+$/;

const invalid = (subject: string, why: string): never => {
  throw new DomainError('bus_invalid_subject', `invalid subject "${subject}": ${why}`, { subject });
};

/** Throws `bus_invalid_subject` unless `subject` is a concrete subject one can publish to. */
export const assertPublishSubject = (subject: string): void => {
  for (const token of subject.split('.')) {
    if (!TOKEN.test(token)) invalid(subject, 'tokens must be non-empty, without spaces or wildcards');
  }
};

/** Throws `bus_invalid_subject` unless `pattern` is a valid subscription subject. */
export const assertSubscribePattern = (pattern: string): void => {
  const tokens = pattern.split('.');
  tokens.forEach((token, i) => {
    if (token === '*') return;
    if (token === '>') {
      if (i !== tokens.length - 1) invalid(pattern, '">" must be the last token');
      return;
    }
    if (!TOKEN.test(token)) invalid(pattern, 'tokens must be non-empty, without spaces; wildcards stand alone');
  });
};

/** True when the concrete `subject` matches the subscription `pattern`. O(tokens). */
export const subjectMatches = (pattern: string, subject: string): boolean => {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    const token = p[i];
    if (token === '>') return s.length > i;
    if (i >= s.length) return false;
    if (token !== '*' && token !== s[i]) return false;
  }
  return p.length === s.length;
};

/** Serialises an event the way it travels over NATS; throws `bus_invalid_event` if it cannot. */
export const encodeEvent = (subject: string, event: unknown): string => {
  let json: string | undefined;
  try {
    json = JSON.stringify(event);
  } catch {
    json = undefined;
  }
  if (json === undefined) {
    throw new DomainError('bus_invalid_event', `the event for "${subject}" is not JSON-serialisable`, { subject });
  }
  return json;
};
