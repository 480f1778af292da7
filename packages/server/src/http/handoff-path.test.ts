import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { connectSocket, type TestSocket } from '../testing/ws-client.ts';

/**
 * The whole path of issue 2 over real HTTP and WebSockets: a customer talks to the built-in assistant,
 * asks for a person, an agent gets the offer with context, accepts, they chat, the agent closes.
 */
describe('handoff path over HTTP and WebSocket', () => {
  let server: RunningServer;
  const post = async (
    path: string,
    body: unknown,
    token?: string,
  ): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, assistant: true, logLevel: 'silent' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('hands a conversation to an agent and back out, with every message delivered', async () => {
    const lifecycle: string[] = [];
    const sub = await server.ctx.bus.subscribe('baton.handoff.*', (e) => lifecycle.push((e as { name: string }).name));
    const login = await post('/v1/auth/login', { email: 'alice@demo.baton', password: 'demo' });
    expect(login.status).toBe(200);
    const agentToken = login.json['token'] as string;
    const agent: TestSocket = await connectSocket(
      `${server.url.replace('http', 'ws')}/v1/agent/stream?token=${agentToken}`,
    );
    const hello = await agent.next((f) => f['type'] === 'hello');
    expect((hello['agent'] as { name: string }).name).toBe('Alice Martin');
    agent.send({ type: 'presence.set', presence: 'available', ref: 'p1' });
    await agent.next((f) => f['type'] === 'ack' && f['ref'] === 'p1');

    const created = await post('/v1/conversations', { customer: { name: 'Dana Reyes', email: 'dana@example.com' } });
    expect(created.status).toBe(201);
    const conversationId = (created.json['conversation'] as { id: string }).id;
    const token = created.json['token'] as string;
    const customer = await connectSocket(
      `${server.url.replace('http', 'ws')}/v1/conversations/${conversationId}/stream?token=${token}`,
    );

    // A routine question: the assistant answers through the bot API; no handoff.
    const q = await post(
      `/v1/conversations/${conversationId}/turns`,
      { role: 'customer', text: 'Where is my order?' },
      token,
    );
    expect(q.status).toBe(201);
    expect(q.json['decision']).toBeUndefined(); // customers never see decision internals
    expect((q.json['conversation'] as { status: string }).status).toBe('assistant');
    const answer = await customer.next<{ turn: { role: string; text: string } }>(
      (f) => f['type'] === 'turn' && (f['turn'] as { role: string }).role === 'assistant',
    );
    expect(answer.turn.text).toMatch(/track/i);

    // The explicit request: handoff, transparency notice, offer to Alice with reason and transcript.
    const ask = await post(
      `/v1/conversations/${conversationId}/turns`,
      { role: 'customer', text: 'can I talk to a human?' },
      token,
    );
    expect(ask.status).toBe(201);
    expect((ask.json['conversation'] as { status: string }).status).toBe('queued');
    expect((ask.json['handoff'] as { reason: string }).reason).toMatch(/person/i);
    expect((ask.json['notice'] as { role: string; text: string }).text).toMatch(/will join/i);
    const offer = await agent.next<{
      reservation: { id: string };
      context: { handoff: { reason: { code: string } }; transcript: unknown[]; customer: { name: string } };
    }>((f) => f['type'] === 'offer');
    expect(offer.context.handoff.reason.code).toBe('explicit_request');
    expect(offer.context.customer.name).toBe('Dana Reyes');
    expect(offer.context.transcript.length).toBeGreaterThanOrEqual(3);

    agent.send({ type: 'offer.accept', reservationId: offer.reservation.id, ref: 'a1' });
    await agent.next((f) => f['type'] === 'ack' && f['ref'] === 'a1');
    await agent.next((f) => f['type'] === 'conversation.assigned');
    const status = await customer.next<{ handoff: { agentName: string } }>(
      (f) => f['type'] === 'status' && (f['conversation'] as { status: string }).status === 'agent',
    );
    expect(status.handoff.agentName).toBe('Alice Martin');

    // The assistant is silent while a person owns the conversation; messages flow both ways.
    agent.send({ type: 'message.send', conversationId, text: 'Hi Dana, I am Alice. How can I help?', ref: 'm1' });
    const fromAgent = await customer.next<{ turn: { authorName: string; text: string } }>(
      (f) => f['type'] === 'turn' && (f['turn'] as { role: string }).role === 'agent',
    );
    expect(fromAgent.turn.authorName).toBe('Alice Martin');
    await post(
      `/v1/conversations/${conversationId}/turns`,
      { role: 'customer', text: 'My parcel never arrived.' },
      token,
    );
    const toAgent = await agent.next<{ turn: { text: string } }>(
      (f) => f['type'] === 'turn' && (f['turn'] as { role: string }).role === 'customer',
    );
    expect(toAgent.turn.text).toBe('My parcel never arrived.');
    await new Promise((r) => setTimeout(r, 200));
    const detail = (await (
      await fetch(`${server.url}/v1/conversations/${conversationId}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      turns: { role: string }[];
    };
    const afterHandoff = detail.turns.slice(detail.turns.findIndex((t) => t.role === 'agent'));
    expect(afterHandoff.some((t) => t.role === 'assistant')).toBe(false);

    agent.send({ type: 'conversation.close', conversationId, ref: 'c1' });
    await agent.next((f) => f['type'] === 'ack' && f['ref'] === 'c1');
    await customer.next((f) => f['type'] === 'status' && (f['conversation'] as { status: string }).status === 'closed');
    const late = await post(`/v1/conversations/${conversationId}/turns`, { role: 'customer', text: 'hello?' }, token);
    expect(late.status).toBe(409);
    expect((late.json['error'] as { code: string }).code).toBe('conversation_closed');
    await customer.close();
    await agent.close();
    await sub.unsubscribe();
    expect(lifecycle).toEqual(['handoff.created', 'handoff.offered', 'handoff.accepted', 'handoff.completed']);
  });
});
