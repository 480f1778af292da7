import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookEvent } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { randomIds } from '../services/ids.ts';
import { WebhookDispatcher } from './dispatcher.ts';
import { signWebhook, verifyWebhookSignature } from './signature.ts';

const SECRET = 'whsec_test_0123456789abcdef';

interface Receipt {
  eventId: string;
  type: string;
  attempt: string;
  validSignature: boolean;
  status: number;
}

/** A webhook receiver on 127.0.0.1: verifies the signature and fails the first attempt of every event. */
const startReceiver = async (): Promise<{ url: string; receipts: Receipt[]; server: Server }> => {
  const receipts: Receipt[] = [];
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const header = String(req.headers['baton-signature'] ?? '');
      const validSignature = verifyWebhookSignature(SECRET, header, body, Math.floor(Date.now() / 1000));
      const event = JSON.parse(body) as WebhookEvent;
      const status = !validSignature ? 401 : seen.has(event.id) ? 204 : 500;
      seen.add(event.id);
      receipts.push({
        eventId: event.id,
        type: event.type,
        attempt: String(req.headers['baton-delivery-attempt']),
        validSignature,
        status,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, receipts, server };
};

const eventually = async <T>(check: () => Promise<T | undefined> | T | undefined, ms = 8000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('webhook signatures', () => {
  it('verifies its own signature and rejects a changed body, a wrong secret and an old timestamp', () => {
    const body = '{"id":"evt_1"}';
    const header = signWebhook(SECRET, body, 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, header, body, 1_700_000_100)).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, '{"id":"evt_2"}', 1_700_000_100)).toBe(false);
    expect(verifyWebhookSignature('another-secret-value', header, body, 1_700_000_100)).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, body, 1_700_000_000 + 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, 'garbage', body, 1_700_000_000)).toBe(false);
  });
});

describe('outbound webhooks on a real server', () => {
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let peer: WebhookDispatcher;

  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startServer({
      port: 0,
      demo: true,
      logLevel: 'silent',
      botKeys: 'bot:k',
      webhooks: { urls: [receiver.url], secret: SECRET, retryBaseMs: 100, pollMs: 50 },
    });
    // A second instance's dispatcher over the same database and bus: it hears every event too.
    peer = new WebhookDispatcher(
      {
        store: server.ctx.store,
        bus: server.ctx.bus,
        clock: { now: () => new Date() },
        ids: randomIds,
        log: { warn: () => undefined, error: () => undefined },
      },
      { urls: [receiver.url], secret: SECRET, retryBaseMs: 100, pollMs: 50 },
    );
    await peer.start();
  });
  afterAll(async () => {
    await peer?.stop();
    await server?.close();
    receiver?.server.close();
  });

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('signs every lifecycle event, retries a failed attempt, logs it, replays, and sends each once', async () => {
    const created = await call('POST', '/v1/conversations', 'k', { customer: { name: 'Dana' } });
    const conversationId = (created.json['conversation'] as { id: string }).id;
    await call('POST', `/v1/conversations/${conversationId}/turns`, 'k', {
      role: 'customer',
      text: 'let me talk to a real person',
    });
    await call('POST', `/v1/conversations/${conversationId}/close`, 'k', {});

    // handoff.created and handoff.abandoned (no agent is online): each fails once, then is delivered.
    await eventually(() => (receipts('handoff.abandoned').some((r) => r.status === 204) ? true : undefined));
    await eventually(() => (receipts('handoff.created').some((r) => r.status === 204) ? true : undefined));
    await server.integrations.webhooks?.settle();
    await peer.settle();
    for (const type of ['handoff.created', 'handoff.abandoned']) {
      // Two HTTP requests per event although two instances heard it: one failure, one success.
      expect(receipts(type).map((r) => [r.attempt, r.status, r.validSignature])).toEqual([
        ['1', 500, true],
        ['2', 204, true],
      ]);
    }

    const sam = await call('POST', '/v1/auth/login', '', { email: 'sam@demo.baton', password: 'demo' });
    const supervisorToken = sam.json['token'] as string;
    const createdId = receipts('handoff.created')[0]?.eventId ?? '';
    const log = await call('GET', `/v1/webhooks/deliveries?eventId=${createdId}`, supervisorToken);
    expect(log.status).toBe(200);
    const [delivery] = log.json['deliveries'] as { id: string; status: string; attempts: number }[];
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    const detail = await call('GET', `/v1/webhooks/deliveries/${delivery?.id}`, supervisorToken);
    expect(
      (detail.json['attempts'] as { statusCode: number; error: string | null }[]).map((a) => [a.statusCode, a.error]),
    ).toEqual([
      [500, 'HTTP 500'],
      [204, null],
    ]);

    const replay = await call('POST', `/v1/webhooks/deliveries/${delivery?.id}/replay`, supervisorToken, {});
    expect(replay.status).toBe(202);
    await eventually(() => (receipts('handoff.created').length === 3 ? true : undefined));
    expect(receipts('handoff.created')[2]).toMatchObject({
      eventId: createdId,
      attempt: '3',
      validSignature: true,
      status: 204,
    });

    const alice = await call('POST', '/v1/auth/login', '', { email: 'alice@demo.baton', password: 'demo' });
    const forbidden = await call('GET', '/v1/webhooks/deliveries', alice.json['token'] as string);
    expect(forbidden.status).toBe(403);
    const missing = await call('POST', '/v1/webhooks/deliveries/whd_nope/replay', supervisorToken, {});
    expect(missing.status).toBe(404);
  });

  it('keeps the events of this instance when the bus is down, and the handoff goes on', async () => {
    const bus = server.ctx.bus;
    const publish = bus.publish.bind(bus);
    // The broker is unreachable for lifecycle events (what a NATS outage looks like to publish()).
    bus.publish = (subject, event) =>
      subject.startsWith('baton.handoff.') ? Promise.reject(new Error('bus unavailable')) : publish(subject, event);
    try {
      const created = await call('POST', '/v1/conversations', 'k', { customer: { name: 'Eli' } });
      const conversationId = (created.json['conversation'] as { id: string }).id;
      const before = receipts('handoff.created').length;
      const asked = await call('POST', `/v1/conversations/${conversationId}/turns`, 'k', {
        role: 'customer',
        text: 'I want to speak to a human',
      });
      expect(asked.status).toBe(201);
      await eventually(() =>
        receipts('handoff.created')
          .slice(before)
          .some((r) => r.status === 204)
          ? true
          : undefined,
      );
    } finally {
      bus.publish = publish;
    }
  });

  const receipts = (type: string) => receiver.receipts.filter((r) => r.type === type);
});
