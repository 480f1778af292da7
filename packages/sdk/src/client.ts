import { randomUUID } from 'node:crypto';
import type {
  AddTurnBody,
  AddTurnResponse,
  ConversationDetail,
  ConversationView,
  CreateConversationBody,
  CreateConversationResponse,
  BotServerFrame,
  ErrorBody,
} from '@baton/contracts';
import { BatonApiError, BatonNetworkError } from './errors.ts';
import { backoffDelay, defaultRetry, isRetryableStatus, parseRetryAfter, type RetryOptions } from './retry.ts';
import { openBotStream, type BotStream, type BotStreamOptions } from './stream.ts';

export interface BatonClientOptions {
  /** Baton's base URL, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  /** A bot API key (BATON_BOT_KEYS) or a conversation token. */
  token: string;
  /** Per-attempt timeout in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Retry policy for network errors, 429 and 5xx (exponential backoff with full jitter, Retry-After honoured). */
  retry?: RetryOptions;
  /** The fetch to use (default: the global one). For tests and custom agents. */
  fetch?: typeof fetch;
  /** How to wait between attempts (default: setTimeout). For tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Random source in [0, 1) for the jitter (default Math.random). */
  random?: () => number;
  /** Idempotency keys for `addTurn` calls that do not bring their own (default: random UUIDs). */
  idempotencyKey?: () => string;
}

/**
 * Which failures a call may be retried on. `safe` calls (reads, turns with an idempotency key, close)
 * are retried on any network error, 429 and 5xx. `unsafe` ones (creating a conversation) only when the
 * request certainly did not run: connection refused, or 429.
 */
type RetryMode = 'safe' | 'unsafe';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** True when the connection was refused, so the request never reached Baton. */
const connectionRefused = (err: unknown): boolean => {
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  return cause?.code === 'ECONNREFUSED';
};

/**
 * A typed client for Baton's bot API: create conversations, report turns and get the escalation decision
 * back, and receive every conversation event over one WebSocket. Calls are retried with exponential
 * backoff and jitter; `addTurn` carries an idempotency key so a retry never adds the turn twice.
 */
export class BatonClient {
  private readonly baseUrl: string;
  private readonly retry: Required<RetryOptions>;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly newKey: () => string;

  constructor(private readonly opts: BatonClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/$/, '');
    this.retry = { ...defaultRetry, ...opts.retry };
    this.fetchFn = opts.fetch ?? globalThis.fetch;
    this.sleep = opts.sleep ?? delay;
    this.random = opts.random ?? Math.random;
    this.newKey = opts.idempotencyKey ?? randomUUID;
  }

  /** Starts a conversation; optionally says who the customer is (matched by externalId, email, phone). */
  createConversation(body: CreateConversationBody = {}): Promise<CreateConversationResponse> {
    return this.request('POST', '/v1/conversations', 'unsafe', body);
  }

  getConversation(id: string): Promise<ConversationDetail> {
    return this.request('GET', `/v1/conversations/${encodeURIComponent(id)}`, 'safe');
  }

  /**
   * Reports a turn; the response carries the decision (`handoff`, `clarify`, ...). Without an
   * `idempotencyKey` one is generated, so retries after a lost response return the first result
   * (`created: false`) instead of adding the turn twice.
   */
  addTurn(conversationId: string, body: AddTurnBody): Promise<AddTurnResponse> {
    const withKey: AddTurnBody = { ...body, idempotencyKey: body.idempotencyKey ?? this.newKey() };
    return this.request('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/turns`, 'safe', withKey);
  }

  /** The customer left (or the bot ends the conversation); closing twice is harmless. */
  closeConversation(conversationId: string): Promise<{ conversation: ConversationView }> {
    return this.request('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/close`, 'safe', {});
  }

  /**
   * Opens the bot event stream (every turn with its decision, every status change). Reconnects with
   * backoff and jitter until `close()` is called. `onError` gets socket errors and unreadable frames.
   */
  streamEvents(
    onFrame: (frame: BotServerFrame) => void,
    onError?: (err: Error) => void,
    options: Omit<BotStreamOptions, 'url' | 'token' | 'onFrame' | 'onError'> = {},
  ): BotStream {
    return openBotStream({
      ...options,
      url: `${this.baseUrl.replace(/^http/, 'ws')}/v1/bot/stream`,
      token: this.opts.token,
      onFrame,
      ...(onError === undefined ? {} : { onError }),
      random: options.random ?? this.random,
    });
  }

  private async request<T>(method: string, path: string, mode: RetryMode, body?: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.retry.retries;
      let res: Response;
      try {
        res = await this.fetchFn(`${this.baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${this.opts.token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
        });
      } catch (err) {
        const refused = connectionRefused(err);
        if (last || (mode === 'unsafe' && !refused)) {
          throw new BatonNetworkError(`${method} ${path} failed: ${(err as Error).message}`, !refused, { cause: err });
        }
        await this.sleep(backoffDelay(attempt, this.retry, this.random));
        continue;
      }
      const retryable = mode === 'safe' ? isRetryableStatus(res.status) : res.status === 429;
      if (retryable && !last) {
        await res.body?.cancel();
        const asked = parseRetryAfter(res.headers.get('retry-after'), Date.now());
        const wait = asked ?? backoffDelay(attempt, this.retry, this.random);
        await this.sleep(Math.min(wait, this.retry.maxDelayMs));
        continue;
      }
      const text = await res.text();
      let json: unknown;
      try {
        json = text === '' ? null : JSON.parse(text);
      } catch {
        json = null; // a proxy's HTML error page: fall back to the status text below
      }
      if (!res.ok) {
        const err = (json as ErrorBody | null)?.error;
        throw new BatonApiError(res.status, err?.code ?? 'http_error', err?.message ?? res.statusText, err?.details);
      }
      return json as T;
    }
  }
}
