import { DomainError, type Agent } from '@baton/core';
import type { FastifyRequest } from 'fastify';
import type { TokenSigner } from './tokens.ts';
import { checkCookieRequest, readCookie, SESSION_COOKIE } from './cookie-session.ts';
import { DEFAULT_BOT_SCOPES, requireScope, type BotKey, type BotScope } from './bot-scopes.ts';
import type { BatonStore } from '@baton/core';

/** Who is calling. Resolved once per request or socket at the edge. */
export type Principal =
  | { kind: 'bot'; name: string; scopes: ReadonlySet<BotScope> }
  | { kind: 'customer'; conversationId: string }
  | { kind: 'agent'; agent: Agent };

export { parseBotKeys } from './bot-scopes.ts';

/** Reads the bearer token from the Authorization header, or `?token=` (browsers cannot set WebSocket headers). */
export const bearerToken = (req: FastifyRequest): string | null => {
  const h = req.headers.authorization;
  if (typeof h === 'string' && h.startsWith('Bearer ')) return h.slice(7).trim();
  const q = req.query as Record<string, unknown> | undefined;
  const t = q?.['token'];
  return typeof t === 'string' && t.length > 0 ? t : null;
};

export class Authenticator {
  constructor(
    private readonly signer: TokenSigner,
    private readonly botKeys: Map<string, string | BotKey>,
    private readonly store: BatonStore,
    private readonly nowMs: () => number,
  ) {}

  /** Throws `unauthorized` when there is no valid credential. */
  async authenticate(req: FastifyRequest): Promise<Principal> {
    const token = bearerToken(req);
    if (token === null) return this.fromCookie(req);
    const bot = this.botKeys.get(token);
    if (bot !== undefined) {
      const key = typeof bot === 'string' ? { name: bot, scopes: DEFAULT_BOT_SCOPES } : bot;
      // Every bot request passes here, so the scope check cannot be forgotten by a route (P6).
      requireScope(key, req.method, req.routeOptions.url ?? req.url);
      return { kind: 'bot', name: key.name, scopes: key.scopes };
    }
    const claims = this.signer.verify(token, this.nowMs());
    if (claims.kind === 'conversation') return { kind: 'customer', conversationId: claims.sub };
    const agent = await this.store.getAgent(claims.sub);
    if (agent === null) throw new DomainError('unauthorized', 'agent no longer exists');
    return { kind: 'agent', agent };
  }

  /** An agent session carried in the HttpOnly cookie instead of a bearer token, with its CSRF checks. */
  private async fromCookie(req: FastifyRequest): Promise<Principal> {
    const session = readCookie(req, SESSION_COOKIE);
    if (session === null) throw new DomainError('unauthorized', 'missing bearer token or session cookie');
    const claims = this.signer.verify(session, this.nowMs());
    if (claims.kind !== 'agent') throw new DomainError('unauthorized', 'the session cookie is not an agent session');
    checkCookieRequest(req, this.signer.csrfFor(session));
    const agent = await this.store.getAgent(claims.sub);
    if (agent === null) throw new DomainError('unauthorized', 'agent no longer exists');
    return { kind: 'agent', agent };
  }

  /** The CSRF token a page signed in with a cookie session sends in the `x-csrf-token` header. */
  csrfToken(sessionToken: string): string {
    return this.signer.csrfFor(sessionToken);
  }

  /** Allows bots and the conversation's own customer token. */
  async forConversation(req: FastifyRequest, conversationId: string): Promise<Principal> {
    const p = await this.authenticate(req);
    if (p.kind === 'bot') return p;
    if (p.kind === 'customer' && p.conversationId === conversationId) return p;
    if (p.kind === 'agent' && p.agent.role !== 'agent') return p;
    throw new DomainError('forbidden', 'this credential cannot access that conversation');
  }

  async agent(req: FastifyRequest): Promise<Agent> {
    const p = await this.authenticate(req);
    if (p.kind !== 'agent') throw new DomainError('forbidden', 'an agent session is required');
    return p.agent;
  }

  async bot(req: FastifyRequest): Promise<{ name: string }> {
    const p = await this.authenticate(req);
    if (p.kind !== 'bot') throw new DomainError('forbidden', 'a bot API key is required');
    return p;
  }

  conversationToken(conversationId: string, ttlSeconds = 24 * 3600): string {
    return this.signer.sign({
      kind: 'conversation',
      sub: conversationId,
      exp: Math.floor(this.nowMs() / 1000) + ttlSeconds,
    });
  }

  agentToken(agentId: string, ttlSeconds = 12 * 3600): string {
    return this.signer.sign({ kind: 'agent', sub: agentId, exp: Math.floor(this.nowMs() / 1000) + ttlSeconds });
  }
}
