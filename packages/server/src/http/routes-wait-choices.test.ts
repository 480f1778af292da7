import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** M3 through the API: callback, message and keep waiting, each with what it does to the handoff. */
describe('the long-wait choices', () => {
  let server: RunningServer;
  const call = async (method: string, path: string, token: string, body?: unknown): Promise<Reply> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  /** A customer who asked for a person while nobody is signed in: the wait is long. */
  const waitingCustomer = async (customer?: { email: string }): Promise<{ id: string; token: string }> => {
    const created = await call('POST', '/v1/conversations', 'k', customer === undefined ? {} : { customer });
    const id = (created.body['conversation'] as { id: string }).id;
    const token = created.body['token'] as string;
    const res = await call('POST', `/v1/conversations/${id}/turns`, token, {
      role: 'customer',
      text: 'I want to talk to a person',
    });
    expect(res.body['handoff']).toMatchObject({ status: 'queued', longWait: true });
    return { id, token };
  };
  const texts = async (id: string): Promise<string[]> =>
    (await server.ctx.store.listTurns(id)).map((t) => `${t.role}: ${t.text}`);

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, botKeys: 'bot:k', logLevel: 'silent' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('callback keeps the place in line and stores the number on the customer', async () => {
    const c = await waitingCustomer({ email: 'callback@example.com' });
    const res = await call('POST', `/v1/conversations/${c.id}/wait-choice`, c.token, {
      choice: 'callback',
      phone: '+1 (415) 555-0134',
    });
    expect(res.status).toBe(200);
    expect(res.body['conversation']).toMatchObject({ status: 'queued' });
    expect(res.body['handoff']).toMatchObject({ status: 'queued', longWait: true });
    expect(typeof (res.body['handoff'] as { position?: unknown }).position).toBe('number');
    const handoff = await server.ctx.store.openHandoffForConversation(c.id);
    expect(handoff?.status).toBe('queued');
    const conversation = await server.ctx.store.getConversation(c.id);
    const customer = await server.ctx.store.getCustomer(conversation!.customerId!);
    expect(customer).toMatchObject({ email: 'callback@example.com', phone: '+14155550134' });
    expect((await texts(c.id)).at(-1)).toMatch(/^system: Callback requested at \+14155550134/);
  });

  it('a message keeps its place in line, so the next free agent reads it', async () => {
    const c = await waitingCustomer();
    const before = await server.ctx.store.openHandoffForConversation(c.id);
    const res = await call('POST', `/v1/conversations/${c.id}/wait-choice`, c.token, {
      choice: 'message',
      text: 'Please email me about order 1234.',
    });
    expect(res.status).toBe(200);
    expect(res.body['conversation']).toMatchObject({ status: 'queued' });
    expect(res.body['handoff']).toMatchObject({ status: 'queued' });
    expect((await server.ctx.store.openHandoffForConversation(c.id))?.id).toBe(before?.id);
    const all = await texts(c.id);
    expect(all.slice(-2)).toEqual([
      'customer: Please email me about order 1234.',
      expect.stringMatching(/^system: Thanks, your message is with our team/),
    ]);
    const turns = await server.ctx.store.listTurns(c.id);
    expect(turns.find((t) => t.text === 'Please email me about order 1234.')?.annotations).toMatchObject({
      actions: ['left_message'],
    });
  });

  it('continue keeps the customer in line and records the choice', async () => {
    const c = await waitingCustomer();
    const res = await call('POST', `/v1/conversations/${c.id}/wait-choice`, c.token, { choice: 'continue' });
    expect(res.status).toBe(200);
    expect(res.body['conversation']).toMatchObject({ status: 'queued' });
    expect((await server.ctx.store.openHandoffForConversation(c.id))?.status).toBe('queued');
    expect((await texts(c.id)).at(-1)).toMatch(/^system: You keep your place in line/);
  });

  it('refuses another conversation token, a bad phone, and a conversation that is not waiting', async () => {
    const c = await waitingCustomer();
    const other = await waitingCustomer();
    const foreign = await call('POST', `/v1/conversations/${c.id}/wait-choice`, other.token, { choice: 'continue' });
    expect(foreign.status).toBe(403);
    const badPhone = await call('POST', `/v1/conversations/${c.id}/wait-choice`, c.token, {
      choice: 'callback',
      phone: '<script>',
    });
    expect(badPhone.status).toBe(400);
    const fresh = await call('POST', '/v1/conversations', 'k', {});
    const id = (fresh.body['conversation'] as { id: string }).id;
    const notWaiting = await call('POST', `/v1/conversations/${id}/wait-choice`, fresh.body['token'] as string, {
      choice: 'continue',
    });
    expect(notWaiting.status).toBe(409);
  });
});
