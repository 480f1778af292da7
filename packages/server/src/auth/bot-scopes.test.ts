import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { startServer, type RunningServer } from '../start-server.ts';
import { journey } from '../testing/http-journey.ts';
import { connectSocket } from '../testing/ws-client.ts';
import { DEFAULT_BOT_SCOPES, parseBotKeys, scopeFor } from './bot-scopes.ts';

const QUEUE = {
  name: 'Bot-made',
  channels: ['chat'],
  slaSeconds: 60,
  offerTimeoutSeconds: 30,
};

describe('bot API key scopes: configuration', () => {
  it('reads names, keys and scopes; keys without a list get the default scopes', () => {
    const keys = parseBotKeys(
      'triage:k1|conversations:write|handoffs:read, legacy:k2 ,bare, ops:k3|routing:read|routing:write',
    );
    expect(keys.get('k1')).toEqual({ name: 'triage', scopes: new Set(['conversations:write', 'handoffs:read']) });
    expect(keys.get('k2')).toBe('legacy');
    expect(keys.get('bare')).toBe('bot');
    expect(keys.get('k3')).toEqual({ name: 'ops', scopes: new Set(['routing:read', 'routing:write']) });
    expect([...DEFAULT_BOT_SCOPES]).not.toContain('routing:write');
  });

  it('rejects unknown scopes and empty keys, listing every problem', () => {
    let error: unknown;
    try {
      parseBotKeys('a:k1|conversations:write|routing:admin,b:|handoffs:read');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringContaining('a has unknown scopes routing:admin'),
      expect.stringContaining('b has no key'),
    ]);
  });

  it('maps every bot endpoint to one scope and closes the rest', () => {
    expect(scopeFor('POST', '/v1/conversations')).toBe('conversations:write');
    expect(scopeFor('POST', '/v1/conversations/:id/turns')).toBe('conversations:write');
    expect(scopeFor('GET', '/v1/conversations/:id')).toBe('conversations:read');
    expect(scopeFor('GET', '/v1/conversations/:id/stream')).toBe('conversations:read');
    expect(scopeFor('GET', '/v1/handoffs')).toBe('handoffs:read');
    expect(scopeFor('PUT', '/v1/admin/queues/:id')).toBe('routing:write');
    for (const [method, route] of [
      ['PUT', '/v1/supervisor/policy'],
      ['PATCH', '/v1/admin/agents/:id'],
      ['POST', '/v1/admin/customers/:id/erase'],
      ['GET', '/v1/supervisor/floor'],
      ['DELETE', '/v1/conversations/:id'],
    ] as const) {
      expect([route, scopeFor(method, route)]).toEqual([route, null]);
    }
  });
});

/** P6 attack tests over real HTTP and WebSocket: each key does its job and nothing more. */
describe('bot API key scopes: attacks', () => {
  let server: RunningServer;
  const j = journey(() => server);
  const code = (json: Record<string, unknown>) => (json['error'] as { code: string }).code;

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      demo: true,
      logLevel: 'silent',
      botKeys: [
        'writer:kw|conversations:write',
        'reader:kr|conversations:read|handoffs:read',
        'legacy:kl',
        'router:kroute|routing:read|routing:write',
      ].join(','),
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a bot key changing routing, policy or agents: 403 scope_missing, nothing changed or audited', async () => {
    const audited = (await server.ctx.store.listAudit(0, 1000)).length;
    for (const key of ['kw', 'kr', 'kl']) {
      const queue = await j.call('PUT', '/v1/admin/queues/q_support', { ...QUEUE, strategy: 'round_robin' }, key);
      expect([key, queue.status, code(queue.json)]).toEqual([key, 403, 'scope_missing']);
      const policy = await j.call('PUT', '/v1/supervisor/policy', { yaml: 'version: bot-owned\n' }, key);
      expect([key, policy.status, code(policy.json)]).toEqual([key, 403, 'scope_missing']);
      const agent = await j.call('PATCH', '/v1/admin/agents/agt_alice', { role: 'admin' }, key);
      expect([key, agent.status, code(agent.json)]).toEqual([key, 403, 'scope_missing']);
    }
    // Even the routing bot cannot reach the policy or promote an agent.
    const policy = await j.call('PUT', '/v1/supervisor/policy', { yaml: 'version: bot-owned\n' }, 'kroute');
    expect([policy.status, code(policy.json)]).toEqual([403, 'scope_missing']);
    expect((await j.call('PATCH', '/v1/admin/agents/agt_alice', { role: 'admin' }, 'kroute')).status).toBe(403);
    expect((await server.ctx.store.getQueue('q_support'))?.strategy).toBeUndefined();
    expect((await server.ctx.store.getAgent('agt_alice'))?.role).toBe('agent');
    expect((await server.ctx.store.listAudit(0, 1000)).length).toBe(audited);
  });

  it('lets a key do exactly what its scopes say', async () => {
    const created = await j.call('POST', '/v1/conversations', {}, 'kw');
    const id = (created.json['conversation'] as { id: string }).id;
    expect(created.status).toBe(201);
    expect(
      (await j.call('POST', `/v1/conversations/${id}/turns`, { role: 'assistant', text: 'Hi!' }, 'kw')).status,
    ).toBe(201);
    // The writer cannot read; the reader cannot write.
    const read = await j.call('GET', `/v1/conversations/${id}`, undefined, 'kw');
    expect([read.status, code(read.json), (read.json['error'] as { details: unknown }).details]).toEqual([
      403,
      'scope_missing',
      { scope: 'conversations:read' },
    ]);
    expect((await j.call('GET', `/v1/conversations/${id}`, undefined, 'kr')).status).toBe(200);
    const write = await j.call('POST', `/v1/conversations/${id}/turns`, { role: 'assistant', text: 'x' }, 'kr');
    expect([write.status, code(write.json)]).toEqual([403, 'scope_missing']);
    expect((await j.call('GET', '/v1/handoffs', undefined, 'kw')).status).toBe(403);
    expect((await j.call('GET', '/v1/handoffs', undefined, 'kr')).status).toBe(200);
    // The refused write lost nothing and added nothing.
    expect((await server.ctx.store.listTurns(id)).map((t) => t.text)).toEqual(['Hi!']);
    // A legacy key keeps what bots could always do.
    expect(
      (await j.call('POST', `/v1/conversations/${id}/turns`, { role: 'assistant', text: 'legacy' }, 'kl')).status,
    ).toBe(201);
    expect((await j.call('GET', `/v1/conversations/${id}`, undefined, 'kl')).status).toBe(200);
  });

  it('lets the routing key change a queue, audited as that bot', async () => {
    expect((await j.call('GET', '/v1/admin/queues', undefined, 'kroute')).status).toBe(200);
    expect((await j.call('GET', '/v1/admin/queues', undefined, 'kw')).status).toBe(403);
    const res = await j.call('PUT', '/v1/admin/queues/q_bots', QUEUE, 'kroute');
    expect(res.status).toBe(200);
    expect((await server.ctx.store.listAudit(0, 1000)).at(-1)).toMatchObject({
      action: 'settings.changed',
      actor: 'bot:router',
      subject: 'routing:q_bots',
    });
  });

  it('checks scopes on socket upgrades too', async () => {
    const url = server.url.replace('http', 'ws');
    await expect(connectSocket(`${url}/v1/bot/stream?token=kw`)).rejects.toThrow();
    const ok = await connectSocket(`${url}/v1/bot/stream?token=kr`);
    await ok.close();
  });
});
