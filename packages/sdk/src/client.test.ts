import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BatonClient } from './client.ts';
import { BatonApiError, BatonNetworkError } from './errors.ts';
import { backoffDelay, defaultRetry, parseRetryAfter } from './retry.ts';

/** A local HTTP stub that answers each request with the next scripted reply and records what it got. */
const stub = async (
  replies: ((req: IncomingMessage, body: string, res: ServerResponse) => void)[],
): Promise<{ url: string; seen: { method: string; url: string; body: string }[]; server: Server }> => {
  const seen: { method: string; url: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      const reply = replies[Math.min(seen.length - 1, replies.length - 1)];
      reply?.(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
};
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, _body: string, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

const turnResponse = { turn: { id: 't1' }, created: true };

describe('retry timing', () => {
  it('backs off exponentially with full jitter, capped', () => {
    const opts = { ...defaultRetry, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, opts, () => 0.999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(3, opts, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter(new Date(5000).toUTCString(), 2000)).toBe(3000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(null, 0)).toBeNull();
  });
});

describe('BatonClient retries', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('retries addTurn on 503 and 429 with the same idempotency key, honouring Retry-After', async () => {
    const s = await stub([
      json(503, { error: { code: 'unavailable', message: 'x' } }),
      json(429, { error: { code: 'rate_limited', message: 'x' } }, { 'retry-after': '3' }),
      json(201, turnResponse),
    ]);
    server = s.server;
    const slept: number[] = [];
    const client = new BatonClient({
      baseUrl: s.url,
      token: 'k',
      sleep: async (ms) => void slept.push(ms),
      random: () => 0.5,
      idempotencyKey: () => 'key-1',
    });
    const res = await client.addTurn('conv_1', { role: 'customer', text: 'hi' });
    expect(res).toEqual(turnResponse);
    expect(s.seen).toHaveLength(3);
    const keys = s.seen.map((r) => (JSON.parse(r.body) as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toEqual(['key-1', 'key-1', 'key-1']);
    // First: jittered backoff (0.5 · 200 ms); second: the server's Retry-After of 3 s.
    expect(slept).toEqual([100, 3000]);
  });

  it('does not retry a 4xx answer and throws BatonApiError with the code', async () => {
    const s = await stub([json(409, { error: { code: 'conversation_closed', message: 'closed' } })]);
    server = s.server;
    const client = new BatonClient({ baseUrl: s.url, token: 'k', sleep: async () => undefined });
    const err = await client.addTurn('c', { role: 'customer', text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatonApiError);
    expect(err).toMatchObject({ status: 409, code: 'conversation_closed' });
    expect(s.seen).toHaveLength(1);
  });

  it('gives up after the configured retries', async () => {
    const s = await stub([json(500, { error: { code: 'internal', message: 'x' } })]);
    server = s.server;
    const client = new BatonClient({ baseUrl: s.url, token: 'k', retry: { retries: 2 }, sleep: async () => undefined });
    await expect(client.getConversation('c')).rejects.toMatchObject({ status: 500 });
    expect(s.seen).toHaveLength(3);
  });

  it('retries network errors, and creates a conversation again only when the connection was refused', async () => {
    let calls = 0;
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const flaky =
      (first: Error): typeof fetch =>
      async () => {
        calls++;
        if (calls === 1) throw first;
        return new Response(JSON.stringify({ conversation: { id: 'c1' }, token: 't' }), { status: 201 });
      };
    const ok = new BatonClient({
      baseUrl: 'http://x',
      token: 'k',
      fetch: flaky(refused),
      sleep: async () => undefined,
    });
    await expect(ok.createConversation({})).resolves.toMatchObject({ conversation: { id: 'c1' } });
    expect(calls).toBe(2);
    calls = 0;
    const unsure = new BatonClient({
      baseUrl: 'http://x',
      token: 'k',
      fetch: flaky(reset),
      sleep: async () => undefined,
    });
    const err = await unsure.createConversation({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatonNetworkError);
    expect(err).toMatchObject({ maybeDelivered: true });
    expect(calls).toBe(1);
  });
});
