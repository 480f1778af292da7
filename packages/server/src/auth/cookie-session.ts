import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '@baton/core';
import type { FastifyRequest } from 'fastify';

/** The HttpOnly cookie holding the signed agent session (the same token the bearer sign-in returns). */
export const SESSION_COOKIE = 'baton_session';
/** A readable cookie holding the CSRF token, for the page to echo in {@link CSRF_HEADER}. */
export const CSRF_COOKIE = 'baton_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** One cookie from the Cookie header, or null. */
export const readCookie = (req: FastifyRequest, name: string): string | null => {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      const value = part.slice(i + 1).trim();
      return value.length > 0 ? value : null;
    }
  }
  return null;
};

/**
 * Set-Cookie values of a session: the session HttpOnly (script cannot read it, so an XSS cannot steal it),
 * both `Secure` and `SameSite=Strict` (never sent on cross-site requests by current browsers; the CSRF token
 * is the defence for the others). `maxAgeSeconds` 0 clears them.
 */
export const sessionCookies = (session: string, csrf: string, maxAgeSeconds: number): string[] => {
  const common = `Path=/; Max-Age=${maxAgeSeconds}; Secure; SameSite=Strict`;
  return [`${SESSION_COOKIE}=${session}; ${common}; HttpOnly`, `${CSRF_COOKIE}=${csrf}; ${common}`];
};

/** The host of an Origin header, or null when absent or malformed. */
const hostOf = (origin: string | undefined): string | null => {
  if (origin === undefined) return null;
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
};

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The checks a cookie-authenticated request must pass (signed double-submit): a state-changing request
 * carries {@link CSRF_HEADER} equal to the token derived from this very session (a token from another
 * session, or a cookie planted by a sibling domain, does not match); a WebSocket upgrade, which browsers
 * send with cookies from any page, must come from this server's own origin. Throws `csrf_failed` (403).
 */
export const checkCookieRequest = (req: FastifyRequest, expectedCsrf: string): void => {
  if (UNSAFE.has(req.method)) {
    const given = req.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !same(given, expectedCsrf)) {
      throw new DomainError('csrf_failed', `a cookie session needs the ${CSRF_HEADER} header on this request`);
    }
  }
  if (req.headers.upgrade?.toLowerCase() === 'websocket') {
    const origin = req.headers.origin;
    const host = req.headers.host;
    const originHost = hostOf(origin);
    if (originHost === null || host === undefined || originHost !== host) {
      throw new DomainError('csrf_failed', 'a cookie session socket must come from this origin');
    }
  }
};
