import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@baton/core';

/** What a token grants: one conversation (customer side) or one agent's session. */
export type TokenClaims =
  { kind: 'conversation'; sub: string; exp: number } | { kind: 'agent'; sub: string; exp: number };

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

/**
 * Stateless HMAC-SHA256 tokens (`payload.signature`, base64url). Stateless so that any instance can verify
 * them with the shared secret; expiry bounds the damage of a leaked token.
 */
export class TokenSigner {
  constructor(private readonly secret: string) {}

  sign(claims: TokenClaims): string {
    const payload = b64(JSON.stringify(claims));
    return `${payload}.${this.mac(payload)}`;
  }

  /** Throws `unauthorized` for a malformed, forged or expired token. */
  verify(token: string, nowMs: number): TokenClaims {
    const [payload, sig] = token.split('.');
    if (payload === undefined || sig === undefined) throw new DomainError('unauthorized', 'malformed token');
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new DomainError('unauthorized', 'invalid token');
    }
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      throw new DomainError('unauthorized', 'malformed token');
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < nowMs)
      throw new DomainError('unauthorized', 'token expired');
    return claims;
  }

  /** The CSRF token of one session (signed double-submit): only this server can derive it from the session. */
  csrfFor(sessionToken: string): string {
    return this.mac(`csrf:${sessionToken}`);
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
