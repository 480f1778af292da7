import { signRetell } from '@baton/voice-ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';

const VAPI_SECRET = 'vapi-server-url-secret';
const RETELL_KEY = 'key_retell_test_0123456789';
const CALLER = '+15550100177';

/** Vapi and Retell transfer requests shaped as their documentation shows, against a real server. */
describe('voice AI platforms: dynamic transfer destinations', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      demo: true,
      logLevel: 'silent',
      botKeys: 'bot:k',
      voiceAi: { vapiSecret: VAPI_SECRET, retellApiKey: RETELL_KEY, transferNumbers: { q_support: '+15550100200' } },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = async (path: string, body: unknown, headers: Record<string, string>) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  const vapiMessage = (type: string, extra: Record<string, unknown> = {}) => ({
    message: {
      type,
      timestamp: 1_732_000_000_000,
      call: {
        id: 'c1d2e3f4-0000-4000-8000-000000000001',
        orgId: 'org_1',
        type: 'inboundPhoneCall',
        customer: { number: CALLER },
      },
      customer: { number: CALLER },
      phoneNumber: { number: '+15550100000' },
      artifact: {
        messages: [
          { role: 'system', message: 'You are a helpful support assistant.', time: 1, secondsFromStart: 0 },
          { role: 'bot', message: 'Hi, thanks for calling. How can I help?', time: 2, secondsFromStart: 1 },
          { role: 'user', message: 'I was charged twice for my order', time: 3, secondsFromStart: 4 },
        ],
      },
      ...extra,
    },
  });

  it('answers transfer-destination-request with the number of the queue Baton routed to', async () => {
    // The caller chatted before with the same number: one customer across channels (V6).
    const chat = await post(
      '/v1/conversations',
      { customer: { name: 'Sam Lee', phone: CALLER } },
      { authorization: 'Bearer k' },
    );
    const chatCustomer = (await server.ctx.store.getConversation((chat.json['conversation'] as { id: string }).id))
      ?.customerId;

    expect(
      (
        await post('/voice-ai/vapi', vapiMessage('transfer-destination-request'), {
          'x-vapi-secret': 'wrong-secret-value',
        })
      ).status,
    ).toBe(401);
    const res = await post('/voice-ai/vapi', vapiMessage('transfer-destination-request'), {
      'x-vapi-secret': VAPI_SECRET,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      destination: {
        type: 'number',
        number: '+15550100200',
        message: "A person can help you better with this. I'm transferring you to our Support team now.",
        description: 'Baton queue Support',
      },
    });
    const id = `conv_vapi_${'c1d2e3f4-0000-4000-8000-000000000001'.replace(/-/g, '')}`;
    expect(await server.ctx.store.getConversation(id)).toMatchObject({
      channel: 'voice',
      status: 'queued',
      customerId: chatCustomer,
    });
    const turns = await server.ctx.store.listTurns(id);
    expect(turns.filter((t) => t.role !== 'system').map((t) => [t.role, t.text])).toEqual([
      ['assistant', 'Hi, thanks for calling. How can I help?'],
      ['customer', 'I was charged twice for my order'],
    ]);
    expect(await server.ctx.store.openHandoffForConversation(id)).toMatchObject({
      status: 'queued',
      queueId: 'q_support',
    });

    // Vapi asks again for the same call: same conversation and handoff, no duplicated turns.
    const again = await post('/voice-ai/vapi', vapiMessage('transfer-destination-request'), {
      'x-vapi-secret': VAPI_SECRET,
    });
    expect(again.json).toEqual(res.json);
    expect(await server.ctx.store.listTurns(id)).toHaveLength(turns.length);
  });

  it('answers a tool call of the transfer tool with the destination and the message to say', async () => {
    const body = vapiMessage('tool-calls', {
      call: { id: 'call-2', customer: { number: '+15550100178' } },
      customer: { number: '+15550100178' },
      toolCallList: [
        {
          id: 'toolu_1',
          type: 'function',
          function: { name: 'transfer_to_human', arguments: { reason: 'billing dispute' } },
        },
        { id: 'toolu_2', type: 'function', function: { name: 'lookup_weather', arguments: {} } },
      ],
    });
    const res = await post('/voice-ai/vapi', body, { 'x-vapi-secret': VAPI_SECRET });
    expect(res.status).toBe(200);
    const [first, second] = res.json['results'] as { toolCallId: string; result?: string; error?: string }[];
    expect(first?.toolCallId).toBe('toolu_1');
    expect(JSON.parse(first?.result ?? '{}')).toMatchObject({
      destination: '+15550100200',
      queue: 'Support',
      conversationId: 'conv_vapi_call2',
    });
    expect(second).toEqual({ toolCallId: 'toolu_2', error: 'unknown tool lookup_weather' });
    const handoff = await server.ctx.store.openHandoffForConversation('conv_vapi_call2');
    expect(handoff?.reason.agent).toBe('The Vapi assistant asked for a person: billing dispute.');
    expect((await post('/voice-ai/vapi', { nope: true }, { 'x-vapi-secret': VAPI_SECRET })).status).toBe(400);
  });

  it('answers a signed Retell custom function with the transfer number; bad signatures get 401', async () => {
    const body = JSON.stringify({
      name: 'baton_transfer',
      args: {},
      call: {
        call_id: 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6',
        agent_id: 'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD',
        call_status: 'ongoing',
        from_number: '+15550100179',
        to_number: '+15550100000',
        direction: 'inbound',
        transcript_object: [
          { role: 'agent', content: 'Hello, how can I help you today?', words: [] },
          { role: 'user', content: 'Let me speak to a real person please', words: [] },
        ],
      },
    });
    const now = Date.now();
    const bad = await post('/voice-ai/retell', body, {
      'x-retell-signature': signRetell('another-key-0000', body, now),
    });
    expect(bad.status).toBe(401);
    const stale = await post('/voice-ai/retell', body, {
      'x-retell-signature': signRetell(RETELL_KEY, body, now - 10 * 60_000),
    });
    expect(stale.status).toBe(401);
    const res = await post('/voice-ai/retell', body, { 'x-retell-signature': signRetell(RETELL_KEY, body, now) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      transfer_number: '+15550100200',
      queue: 'Support',
      conversation_id: 'conv_retell_Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6',
    });
    expect(String(res.json['message'])).toMatch(/person/i);
    // The explicit request in the transcript already handed off: Baton's own rule is on record.
    const handoff = await server.ctx.store.openHandoffForConversation('conv_retell_Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6');
    expect(handoff?.rule).toBe('explicit_request');
  });
});
