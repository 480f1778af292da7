import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { connectSocket } from '../testing/ws-client.ts';

/** P8: every bad input gets a clear error with a stable code, and nothing accepted before is lost. */
describe('bad input', () => {
  let server: RunningServer;
  let conversationId = '';
  let token = '';
  const call = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body }),
    });
    const json = (await res.json()) as { error?: { code: string; message: string }; requestId?: string };
    return { status: res.status, json };
  };
  const auth = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, assistant: false, logLevel: 'silent' });
    const res = await call('POST', '/v1/conversations', '{}');
    conversationId = (res.json as unknown as { conversation: { id: string } }).conversation.id;
    token = (res.json as unknown as { token: string }).token;
    await call(
      'POST',
      `/v1/conversations/${conversationId}/turns`,
      JSON.stringify({ role: 'customer', text: 'first message' }),
      auth(),
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ['malformed JSON', '{"role": "customer", "text": ', 400, 'bad_request'],
    ['missing text', '{"role":"customer"}', 400, 'invalid_request'],
    ['empty text', '{"role":"customer","text":"   "}', 400, 'invalid_request'],
    ['unknown field', '{"role":"customer","text":"hi","admin":true}', 400, 'invalid_request'],
    ['unknown role', '{"role":"agent","text":"hi"}', 400, 'invalid_request'],
    ['text too long', JSON.stringify({ role: 'customer', text: 'x'.repeat(4001) }), 400, 'invalid_request'],
    [
      'body over the size limit',
      JSON.stringify({ role: 'customer', text: 'x'.repeat(70_000) }),
      413,
      'payload_too_large',
    ],
    ['assistant turn from a customer token', '{"role":"assistant","text":"I am the bot"}', 403, 'forbidden'],
  ])('rejects %s on POST turns', async (_name, body, status, code) => {
    const res = await call('POST', `/v1/conversations/${conversationId}/turns`, body, auth());
    expect(res.status).toBe(status);
    expect(res.json.error?.code).toBe(code);
    expect(typeof res.json.requestId).toBe('string');
  });

  it('refuses missing, forged and foreign credentials', async () => {
    expect((await call('GET', `/v1/conversations/${conversationId}`)).json.error?.code).toBe('unauthorized');
    const forged = `${token.split('.')[0]}.AAAA`;
    expect(
      (await call('GET', `/v1/conversations/${conversationId}`, undefined, { authorization: `Bearer ${forged}` }))
        .status,
    ).toBe(401);
    const other = await call('POST', '/v1/conversations', '{}');
    const otherToken = (other.json as unknown as { token: string }).token;
    const res = await call('GET', `/v1/conversations/${conversationId}`, undefined, {
      authorization: `Bearer ${otherToken}`,
    });
    expect(res.status).toBe(403);
    expect(res.json.error?.code).toBe('forbidden');
  });

  it('rejects a bad conversation body and an unknown conversation', async () => {
    const bad = await call('POST', '/v1/conversations', JSON.stringify({ channel: 'fax' }));
    expect(bad.status).toBe(400);
    expect(bad.json.error?.code).toBe('invalid_request');
    const email = await call('POST', '/v1/conversations', JSON.stringify({ customer: { email: 'not-an-email' } }));
    expect(email.json.error?.code).toBe('invalid_request');
    const missing = await call('GET', '/v1/conversations/conv_nope', undefined, {
      authorization: 'Bearer demo-bot-key',
    });
    expect(missing.status).toBe(404);
    expect(missing.json.error?.code).toBe('conversation_not_found');
  });

  it('rejects wrong sign-in without saying which part was wrong', async () => {
    const res = await call('POST', '/v1/auth/login', JSON.stringify({ email: 'alice@demo.baton', password: 'nope' }));
    expect(res.status).toBe(401);
    expect(res.json.error?.code).toBe('unauthorized');
  });

  it('answers invalid WebSocket frames with error frames and keeps the socket open', async () => {
    const login = await call('POST', '/v1/auth/login', JSON.stringify({ email: 'bob@demo.baton', password: 'demo' }));
    const agentToken = (login.json as unknown as { token: string }).token;
    const ws = await connectSocket(`${server.url.replace('http', 'ws')}/v1/agent/stream?token=${agentToken}`);
    await ws.next((f) => f['type'] === 'hello');
    ws.socket.send('not json');
    const e1 = await ws.next<{ error: { code: string } }>((f) => f['type'] === 'error');
    expect(e1.error.code).toBe('invalid_json');
    ws.send({ type: 'offer.accept', ref: 'r1' });
    const e2 = await ws.next<{ ref: string; error: { code: string } }>((f) => f['type'] === 'error');
    expect(e2).toMatchObject({ ref: 'r1', error: { code: 'invalid_frame' } });
    ws.send({ type: 'offer.accept', reservationId: 'res_nope', ref: 'r2' });
    expect(await ws.next((f) => f['type'] === 'error')).toMatchObject({
      ref: 'r2',
      error: { code: 'reservation_not_found' },
    });
    ws.send({ type: 'message.send', conversationId, text: 'not mine', ref: 'r3' });
    expect(await ws.next((f) => f['type'] === 'error')).toMatchObject({ ref: 'r3', error: { code: 'forbidden' } });
    ws.send({ type: 'ping', ref: 'r4' });
    expect(await ws.next((f) => f['type'] === 'pong')).toMatchObject({ ref: 'r4' });
    await ws.close();
    await expect(
      connectSocket(`${server.url.replace('http', 'ws')}/v1/agent/stream?token=forged.token`),
    ).rejects.toThrow(/401/);
  });

  it('lost nothing that was accepted before the bad input', async () => {
    const res = await call('GET', `/v1/conversations/${conversationId}`, undefined, auth());
    const turns = (res.json as unknown as { turns: { text: string; seq: number }[] }).turns;
    expect(turns.map((t) => t.text)).toEqual(['first message']);
    const ok = await call(
      'POST',
      `/v1/conversations/${conversationId}/turns`,
      JSON.stringify({ role: 'customer', text: 'second' }),
      auth(),
    );
    expect(ok.status).toBe(201);
  });

  it('stores concurrent turns once each, at distinct positions', async () => {
    const texts = Array.from({ length: 12 }, (_, i) => `parallel ${i}`);
    const results = await Promise.all(
      texts.map((text) =>
        call('POST', `/v1/conversations/${conversationId}/turns`, JSON.stringify({ role: 'customer', text }), auth()),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const res = await call('GET', `/v1/conversations/${conversationId}`, undefined, auth());
    const turns = (res.json as unknown as { turns: { text: string; seq: number }[] }).turns;
    const seqs = turns.map((t) => t.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    for (const t of texts) expect(turns.filter((x) => x.text === t)).toHaveLength(1);
  });

  it('returns the first result for a retried idempotency key', async () => {
    const body = JSON.stringify({ role: 'customer', text: 'only once', idempotencyKey: 'k-1' });
    const a = await call('POST', `/v1/conversations/${conversationId}/turns`, body, auth());
    const b = await call('POST', `/v1/conversations/${conversationId}/turns`, body, auth());
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect((b.json as unknown as { turn: { id: string } }).turn.id).toBe(
      (a.json as unknown as { turn: { id: string } }).turn.id,
    );
  });
});
