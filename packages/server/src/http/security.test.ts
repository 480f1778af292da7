import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { connectSocket } from '../testing/ws-client.ts';

/**
 * Attacks on the edges (P6, P8): headers, rate limits, and property-based fuzzing of every public body and
 * frame within a fixed budget. The server must never crash, never answer 5xx to bad input, and keep sockets open.
 */
describe('security at the edges', () => {
  let server: RunningServer;
  let conversationId = '';
  let token = '';
  let agentToken = '';
  const send = async (method: string, path: string, body: string | undefined, auth?: string) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(auth === undefined ? {} : { authorization: `Bearer ${auth}` }),
      },
      ...(body === undefined ? {} : { body }),
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      demo: true,
      botKeys: 'bot:k',
      logLevel: 'silent',
      rateLimitPerMinute: 100_000,
    });
    const created = JSON.parse((await send('POST', '/v1/conversations', '{}')).text) as {
      conversation: { id: string };
      token: string;
    };
    conversationId = created.conversation.id;
    token = created.token;
    const login = JSON.parse(
      (await send('POST', '/v1/auth/login', JSON.stringify({ email: 'bob@demo.baton', password: 'demo' }))).text,
    ) as {
      token: string;
    };
    agentToken = login.token;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sends security headers, and lets only the widget script be loaded cross-origin', async () => {
    const page = await send('GET', '/health', undefined);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cross-origin-resource-policy')).toBe('same-site');
    expect((await send('GET', '/widget.js', undefined)).headers.get('cross-origin-resource-policy')).toBe(
      'cross-origin',
    );
  });

  it('stores script in a message as text and answers JSON, never HTML', async () => {
    const evil = '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>';
    const res = await send(
      'POST',
      `/v1/conversations/${conversationId}/turns`,
      JSON.stringify({ role: 'customer', text: evil }),
      token,
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect((JSON.parse(res.text) as { turn: { text: string } }).turn.text).toBe(evil);
  });

  it('refuses an agent who reads a conversation that is not theirs, and a customer token on agent endpoints', async () => {
    expect((await send('GET', `/v1/conversations/${conversationId}`, undefined, agentToken)).status).toBe(403);
    expect((await send('GET', '/v1/agents/me', undefined, token)).status).toBe(403);
    expect((await send('GET', '/v1/handoffs', undefined, agentToken)).status).toBe(403);
    expect((await send('GET', '/v1/handoffs', undefined, token)).status).toBe(403);
  });

  it('never answers 5xx to arbitrary JSON on the public endpoints', async () => {
    const body = fc.oneof(
      fc.json(),
      fc
        .record(
          { role: fc.string(), text: fc.string({ maxLength: 5000 }), annotations: fc.anything() },
          { requiredKeys: [] },
        )
        .map((o) => JSON.stringify(o)),
      fc.string({ maxLength: 200 }),
    );
    const endpoint = fc.constantFrom(
      () => ['POST', `/v1/conversations/${conversationId}/turns`, token] as const,
      () => ['POST', '/v1/conversations', undefined] as const,
      () => ['POST', '/v1/auth/login', undefined] as const,
      () => ['POST', `/v1/conversations/${conversationId}/consent`, token] as const,
      () => ['POST', `/v1/conversations/${conversationId}/survey`, token] as const,
    );
    await fc.assert(
      fc.asyncProperty(endpoint, body, async (ep, b) => {
        const [method, path, auth] = ep();
        const res = await send(method, path, b, auth);
        expect(res.status, `${path} ${b.slice(0, 100)} → ${res.text.slice(0, 200)}`).toBeLessThan(500);
        const parsed = JSON.parse(res.text) as { error?: { code: string } };
        if (res.status >= 400) expect(typeof parsed.error?.code).toBe('string');
      }),
      { numRuns: 150 },
    );
    expect((await send('GET', '/health', undefined)).status).toBe(200);
  });

  it('answers arbitrary WebSocket frames with error frames and keeps the socket open', async () => {
    const ws = await connectSocket(`${server.url.replace('http', 'ws')}/v1/agent/stream?token=${agentToken}`);
    await ws.next((f) => f['type'] === 'hello');
    const frame = fc.oneof(
      fc.json(),
      fc.string({ maxLength: 300 }),
      fc
        .record(
          {
            type: fc.constantFrom(
              'offer.accept',
              'message.send',
              'presence.set',
              'conversation.close',
              'typing',
              'nope',
            ),
            ref: fc.string({ maxLength: 10 }),
            conversationId: fc.string(),
            reservationId: fc.string(),
            text: fc.string(),
            presence: fc.string(),
          },
          { requiredKeys: ['type'] },
        )
        .map((o) => JSON.stringify(o)),
    );
    await fc.assert(
      fc.asyncProperty(frame, async (f) => {
        ws.socket.send(f);
        ws.send({ type: 'ping', ref: 'alive' });
        await ws.next((x) => x['type'] === 'pong' && x['ref'] === 'alive');
      }),
      { numRuns: 100 },
    );
    expect(ws.frames.some((f) => f['type'] === 'error' && (f['error'] as { code: string }).code === 'internal')).toBe(
      false,
    );
    await ws.close();
  });
});

describe('rate limits', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, botKeys: 'a:key-a,b:key-b', logLevel: 'silent', rateLimitPerMinute: 5 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('limits each credential on its own, answers 429 rate_limited, and never limits health checks', async () => {
    const get = (auth: string) => fetch(`${server.url}/v1/handoffs`, { headers: { authorization: `Bearer ${auth}` } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await get('key-a')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await get('key-a');
    expect(limited.headers.get('retry-after')).not.toBeNull();
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await get('key-b')).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
