import { DomainError } from '@baton/core';
import { ConfigError } from '../config.ts';

/** What a bot API key may do (P6). Each bot endpoint needs exactly one scope; anything else is closed to bots. */
export const BOT_SCOPES = [
  /** Read a conversation, its consent and survey, and follow its stream. */
  'conversations:read',
  /** Add turns, close, record consent, survey and wait choices. */
  'conversations:write',
  /** List open handoffs and receive the bot event stream. */
  'handoffs:read',
  /** Read queues and their routing settings. */
  'routing:read',
  /** Create or change queues and their routing. */
  'routing:write',
] as const;
export type BotScope = (typeof BOT_SCOPES)[number];

/** A key without a scope list gets what every bot could do before scopes existed (no routing). */
export const DEFAULT_BOT_SCOPES: ReadonlySet<BotScope> = new Set([
  'conversations:read',
  'conversations:write',
  'handoffs:read',
]);

/** One configured bot key: who it is and what it may do. */
export interface BotKey {
  name: string;
  scopes: ReadonlySet<BotScope>;
}

/**
 * The endpoints open to bots and the scope each needs: method and route pattern (Fastify's, with `:id`).
 * Checked in order; a route not listed is refused to every bot key (`scope_missing`), so a new endpoint is
 * closed to bots until someone decides which scope it belongs to.
 */
const ROUTE_SCOPES: [method: string, route: RegExp, scope: BotScope][] = [
  ['GET', /^\/v1\/conversations\/:id(\/[^/]+)*$/, 'conversations:read'],
  ['POST', /^\/v1\/conversations(\/:id(\/[^/]+)*)?$/, 'conversations:write'],
  ['GET', /^\/v1\/handoffs$/, 'handoffs:read'],
  ['GET', /^\/v1\/bot\/stream$/, 'handoffs:read'],
  ['GET', /^\/v1\/admin\/queues$/, 'routing:read'],
  ['PUT', /^\/v1\/admin\/queues\/:id$/, 'routing:write'],
];

/** The scope a bot needs for `method route`, or null when the endpoint is closed to bots. */
export const scopeFor = (method: string, route: string): BotScope | null =>
  ROUTE_SCOPES.find(([m, r]) => m === method && r.test(route))?.[2] ?? null;

/** Throws `scope_missing` (403) unless the key holds the scope the endpoint needs. */
export const requireScope = (key: BotKey, method: string, route: string): void => {
  const scope = scopeFor(method, route);
  if (scope === null) {
    throw new DomainError('scope_missing', 'bot API keys cannot use this endpoint', { scope: null });
  }
  if (!key.scopes.has(scope)) {
    throw new DomainError('scope_missing', `this bot key does not have the ${scope} scope`, { scope });
  }
};

const isScope = (s: string): s is BotScope => (BOT_SCOPES as readonly string[]).includes(s);

/**
 * Bot API keys from configuration (`BATON_BOT_KEYS`): comma-separated entries `name:key`, a bare `key`, or
 * with scopes `name:key|conversations:write|handoffs:read`. Without `|` a key gets {@link DEFAULT_BOT_SCOPES}.
 * The value is the bot's name (default scopes) or its {@link BotKey}. Throws ConfigError for an unknown scope
 * or an empty key.
 */
export const parseBotKeys = (raw: string | undefined): Map<string, string | BotKey> => {
  const keys = new Map<string, string | BotKey>();
  const problems: string[] = [];
  for (const part of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [identity = '', ...scopeList] = part.split('|').map((s) => s.trim());
    const i = identity.indexOf(':');
    const name = i > 0 ? identity.slice(0, i) : 'bot';
    const key = i > 0 ? identity.slice(i + 1) : identity;
    if (key.length === 0) {
      problems.push(`BATON_BOT_KEYS: the entry of ${name} has no key`);
      continue;
    }
    if (!part.includes('|')) {
      keys.set(key, name);
      continue;
    }
    const unknown = scopeList.filter((s) => !isScope(s));
    if (unknown.length > 0) {
      problems.push(
        `BATON_BOT_KEYS: ${name} has unknown scopes ${unknown.join(', ')} (known: ${BOT_SCOPES.join(', ')})`,
      );
      continue;
    }
    keys.set(key, { name, scopes: new Set(scopeList.filter(isScope)) });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return keys;
};
