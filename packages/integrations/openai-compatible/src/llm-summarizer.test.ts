import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SummaryTurn } from '@baton/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiCompatibleSummarizer } from './llm-summarizer.ts';

/** A local server that speaks POST /v1/chat/completions as OpenAI documents it; the test sets its behaviour. */
type Mode = 'ok' | 'error' | 'hang' | 'garbage';
let mode: Mode = 'ok';
const received: { url: string; auth: string | undefined; body: string }[] = [];
let server: Server;
let baseURL = '';

const answer = (res: ServerResponse, content: string): void => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'local-model',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 },
    }),
  );
};

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ url: req.url ?? '', auth: req.headers.authorization, body });
      if (mode === 'hang') return; // never answers
      if (mode === 'error') {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'boom', type: 'server_error' } }));
        return;
      }
      if (mode === 'garbage') return answer(res, 'I cannot help with that.');
      answer(
        res,
        '```json\n{"issue":"Charged twice for order 4411; contact jane.doe@example.com","tried":"Assistant checked the order.","wants":"A refund of the duplicate charge.","nextStep":"Refund the duplicate charge."}\n```',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  received.length = 0;
  mode = 'ok';
});

const PII = [
  'Jane Doe',
  'jane.doe@example.com',
  '+44 7700 900123',
  '4111 1111 1111 1111',
  'GB82WEST12345698765432',
  '192.168.10.20',
];
const turns: SummaryTurn[] = [
  { role: 'customer', text: 'Hi, my name is Jane Doe and I was charged twice for order 4411.' },
  { role: 'assistant', text: 'Sorry about that. Can you confirm your e-mail?' },
  { role: 'customer', text: 'It is jane.doe@example.com, phone +44 7700 900123.' },
  {
    role: 'customer',
    text: 'Card 4111 1111 1111 1111, IBAN GB82WEST12345698765432, I logged in from 192.168.10.20. I want a refund.',
  },
];
const summarizer = (timeoutMs = 3000): OpenAiCompatibleSummarizer =>
  new OpenAiCompatibleSummarizer({ baseURL, model: 'local-model', apiKey: 'sk-test', timeoutMs });

describe('OpenAiCompatibleSummarizer against a local server', () => {
  it('sends a chat completion with the model and key, and no personal data at all', async () => {
    const note = await summarizer().summarize(turns, { reasonCode: 'explicit_request', topics: ['refund'] });
    expect(received).toHaveLength(1);
    const req = received[0]!;
    expect(req.url).toBe('/v1/chat/completions');
    expect(req.auth).toBe('Bearer sk-test');
    const body = JSON.parse(req.body) as { model: string; messages: { role: string; content: string }[] };
    expect(body.model).toBe('local-model');
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    for (const pii of PII) expect(req.body).not.toContain(pii);
    expect(req.body).toContain('[EMAIL]');
    expect(req.body).toContain('[CARD]');
    expect(req.body).toContain('order 4411');
    // the answer is used, and redacted again on the way back
    expect(note.source).toBe('llm');
    expect(note.issue).toBe('Charged twice for order 4411; contact [EMAIL]');
    expect(note.nextStep).toBe('Refund the duplicate charge.');
  });

  it.each<[Mode]>([['error'], ['garbage']])(
    'falls back to the offline summary when the endpoint answers %s',
    async (m) => {
      mode = m;
      const note = await summarizer().summarizeOrFallback(turns, { topics: ['refund'] });
      expect(note.fallback).toBe(true);
      expect(note.source).toBe('extractive');
      expect(note.issue).toContain('charged twice');
      for (const pii of PII) expect(JSON.stringify(note)).not.toContain(pii);
    },
  );

  it('gives up after the timeout and falls back', async () => {
    mode = 'hang';
    const started = Date.now();
    const note = await summarizer(300).summarizeOrFallback(turns);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(note.fallback).toBe(true);
    await expect(summarizer(200).summarize(turns, {})).rejects.toThrow();
  });

  it('falls back when nothing listens on the port', async () => {
    const s = new OpenAiCompatibleSummarizer({ baseURL: 'http://127.0.0.1:9/v1', model: 'm', timeoutMs: 1000 });
    const note = await s.summarizeOrFallback(turns);
    expect(note.fallback).toBe(true);
  });
});
