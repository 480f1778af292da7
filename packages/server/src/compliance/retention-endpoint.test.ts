import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { journey } from '../testing/http-journey.ts';
import { retentionPolicySchema } from './retention-policy.ts';
import { addDemoAdmin } from '../testing/demo-admin.ts';

const DAY = 24 * 3600 * 1000;

/** The retention job inside the server: on demand for admins over HTTP, with the server's clock and policy. */
describe('retention run over HTTP', () => {
  let server: RunningServer;
  const j = journey(() => server);
  let now = Date.parse('2026-06-01T00:00:00.000Z');

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      demo: true,
      logLevel: 'silent',
      botKeys: 'bot:k',
      clock: { now: () => new Date(now) },
      retention: retentionPolicySchema.parse({ transcriptDays: 30 }),
    });
    await addDemoAdmin(server.ctx.store, new Date(now));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('wipes a transcript once the server clock is past the retention, for admins only', async () => {
    const created = await j.call('POST', '/v1/conversations', {}, 'k');
    const id = (created.json['conversation'] as { id: string }).id;
    await j.call('POST', `/v1/conversations/${id}/turns`, { role: 'customer', text: 'my PIN is 4321' }, 'k');
    await j.call('POST', `/v1/conversations/${id}/close`, {}, 'k');
    const early = await j.call('POST', '/v1/admin/retention/run', undefined, await j.login('ada@demo.baton'));
    expect(early.json['transcripts']).toMatchObject({ conversations: 0 });
    expect((await server.ctx.store.listTurns(id))[0]?.text).toBe('my PIN is 4321');

    now += 31 * DAY;
    // Sessions last 12 hours on the server's clock: sign in again.
    const admin = await j.login('ada@demo.baton');
    const sam = await j.login('sam@demo.baton');
    const refused = await j.call('POST', '/v1/admin/retention/run', undefined, sam);
    expect([refused.status, (refused.json['error'] as { code: string }).code]).toEqual([403, 'forbidden']);
    const bot = await j.call('POST', '/v1/admin/retention/run', undefined, 'k');
    expect([bot.status, (bot.json['error'] as { code: string }).code]).toEqual([403, 'scope_missing']);
    expect((await server.ctx.store.listTurns(id))[0]?.text).toBe('my PIN is 4321');

    const late = await j.call('POST', '/v1/admin/retention/run', undefined, admin);
    expect(late.status).toBe(200);
    expect(late.json['transcripts']).toMatchObject({ conversations: 1, turns: 1 });
    expect((await server.ctx.store.listTurns(id))[0]?.text).toBe('');
  });
});
