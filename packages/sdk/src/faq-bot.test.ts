import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@baton/server';
import { startFaqBot, type RunningFaqBot } from '../../../examples/faq-bot/bot.ts';
import { BatonClient } from './client.ts';

/** Polls until `check` returns a value, or fails after `ms`. */
const eventually = async <T>(check: () => Promise<T | undefined>, ms = 5000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** The example bot (examples/faq-bot) against a real Baton server, over HTTP and the bot WebSocket. */
describe('example FAQ bot on a real server', () => {
  let server: RunningServer;
  let bot: RunningFaqBot;
  const lines: string[] = [];

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, logLevel: 'silent', botKeys: 'bot:k' });
    bot = await startFaqBot({ baseUrl: server.url, apiKey: 'k', log: (l) => lines.push(l) });
  });
  afterAll(async () => {
    bot?.stop();
    await server?.close();
  });

  it('answers while the assistant owns the conversation and stops answering after a handoff', async () => {
    const channel = new BatonClient({ baseUrl: server.url, token: 'k' });
    const { conversation } = await channel.createConversation({ customer: { email: 'dana@example.com' } });
    const assistantTurns = async () =>
      (await channel.getConversation(conversation.id)).turns.filter((t) => t.role === 'assistant');

    const first = await channel.addTurn(conversation.id, { role: 'customer', text: 'How do I reset my password?' });
    expect(first.decision?.kind).toBe('continue');
    const answered = await eventually(async () => {
      const turns = await assistantTurns();
      return turns.length > 0 ? turns : undefined;
    });
    expect(answered[0]?.text).toMatch(/Forgot password/);

    const ask = await channel.addTurn(conversation.id, { role: 'customer', text: 'I want to talk to a real person' });
    expect(ask.decision?.kind).toBe('handoff');
    expect(ask.conversation.status).toBe('queued');
    const later = await channel.addTurn(conversation.id, { role: 'customer', text: 'where is my order?' });
    expect(later.conversation.status).toBe('queued');
    await new Promise((r) => setTimeout(r, 400));
    const detail = await channel.getConversation(conversation.id);
    const afterHandoff = detail.turns.slice(
      detail.turns.findIndex((t) => t.text === 'I want to talk to a real person'),
    );
    expect(afterHandoff.filter((t) => t.role === 'assistant')).toEqual([]);
    expect(
      afterHandoff.some((t) => t.role === 'system' && /will join|connected as soon as someone is/.test(t.text)),
    ).toBe(true);
    expect(lines.some((l) => l.includes('handed off'))).toBe(true);
  });
});
