import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../audit/verify-audit.ts';
import { startServer, type RunningServer } from '../start-server.ts';
import { journey } from '../testing/http-journey.ts';
import { changedFields, digestOf } from './settings-audit.ts';
import { addDemoAdmin } from '../testing/demo-admin.ts';

const POLICY = `version: audited-2
explicitRequest:
  enabled: true
  threshold: 0.8
  riskTolerance: immediate
  priority: 5
`;

const QUEUE = {
  name: 'Billing',
  requiredSkills: { billing: 3 },
  languages: ['en'],
  channels: ['chat'],
  priority: 1,
  slaSeconds: 60,
  offerTimeoutSeconds: 30,
};

/**
 * P5: settings changes (policy save, queue and routing, agent roles and skills) are written to the audit
 * chain with who, what, and before/after digests, and the chain still verifies.
 */
describe('audit of settings changes', () => {
  let server: RunningServer;
  const j = journey(() => server);
  let sam = '';
  let alice = '';
  let admin = '';

  const settingsEntries = async () =>
    (await server.ctx.store.listAudit(0, 1000)).filter((e) => e.action === 'settings.changed');

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, logLevel: 'silent', botKeys: 'bot:k' });
    await addDemoAdmin(server.ctx.store);
    sam = await j.login('sam@demo.baton');
    alice = await j.login('alice@demo.baton');
    admin = await j.login('ada@demo.baton');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('records a policy save with who, the versions, and digests of the YAML before and after', async () => {
    const before = (await j.call('GET', '/v1/supervisor/policy', undefined, sam)).json;
    const saved = await j.call('PUT', '/v1/supervisor/policy', { yaml: POLICY }, sam);
    expect(saved.status).toBe(200);
    const entry = (await settingsEntries()).find((e) => e.subject === 'policy:audited-2');
    expect(entry).toMatchObject({
      actor: 'agent:agt_sam',
      data: {
        setting: 'policy',
        beforeDigest: digestOf({ version: before['version'], yaml: before['yaml'] }),
        afterDigest: digestOf({ version: 'audited-2', yaml: POLICY }),
        changed: ['version', 'yaml'],
        note: { beforeVersion: before['version'], afterVersion: 'audited-2', source: 'memory' },
      },
    });
    // The values themselves are not in the chain, only digests.
    expect(JSON.stringify(entry?.data)).not.toContain('riskTolerance');
  });

  it('records a queue created, then its routing changed, with the changed field names', async () => {
    expect((await j.call('PUT', '/v1/admin/queues/q_billing', QUEUE, sam)).status).toBe(200);
    const changed = await j.call('PUT', '/v1/admin/queues/q_billing', { ...QUEUE, strategy: 'least_busy' }, sam);
    expect(changed.status).toBe(200);
    expect(await server.ctx.store.getQueue('q_billing')).toMatchObject({ strategy: 'least_busy' });
    const entries = (await settingsEntries()).filter((e) => e.data['id'] === 'q_billing');
    expect(entries.map((e) => [e.subject, e.data['changed'], e.data['beforeDigest'] === null])).toEqual([
      ['routing:q_billing', ['*'], true],
      ['routing:q_billing', ['strategy'], false],
    ]);
    expect(entries[1]?.data['beforeDigest']).toBe(entries[0]?.data['afterDigest']);
    // A name-only change is a queue setting, not routing.
    await j.call('PUT', '/v1/admin/queues/q_billing', { ...QUEUE, strategy: 'least_busy', name: 'Bills' }, sam);
    expect((await settingsEntries()).at(-1)).toMatchObject({ subject: 'queue:q_billing', data: { changed: ['name'] } });
  });

  it("records an admin changing an agent's role and capacity, without the agent's name or e-mail", async () => {
    const res = await j.call('PATCH', '/v1/admin/agents/agt_bob', { role: 'supervisor', capacity: { chat: 5 } }, admin);
    expect(res.status).toBe(200);
    expect(await server.ctx.store.getAgent('agt_bob')).toMatchObject({ role: 'supervisor', capacity: { chat: 5 } });
    const entry = (await settingsEntries()).at(-1);
    expect(entry).toMatchObject({
      actor: 'agent:agt_ada',
      subject: 'agent:agt_bob',
      data: { changed: ['capacity', 'role'] },
    });
    expect(JSON.stringify(entry)).not.toMatch(/Bob|bob@demo/);
  });

  it('refuses changes from agents, supervisors changing roles, customers and bots, and audits nothing for them', async () => {
    const count = (await settingsEntries()).length;
    const customer = (await j.call('POST', '/v1/conversations', {})).json['token'] as string;
    const attempts: [string, string, unknown, string][] = [
      ['PUT', '/v1/admin/queues/q_support', QUEUE, alice],
      ['PUT', '/v1/admin/queues/q_support', QUEUE, customer],
      ['PATCH', '/v1/admin/agents/agt_alice', { role: 'admin' }, alice],
      ['PATCH', '/v1/admin/agents/agt_alice', { role: 'admin' }, sam],
      ['PUT', '/v1/supervisor/policy', { yaml: POLICY }, alice],
    ];
    for (const [method, path, body, token] of attempts) {
      const res = await j.call(method, path, body, token);
      expect([path, res.status]).toEqual([path, 403]);
    }
    expect((await settingsEntries()).length).toBe(count);
    expect(await server.ctx.store.getAgent('agt_alice')).toMatchObject({ role: 'agent' });
  });

  it('answers bad settings with a stable code and changes nothing', async () => {
    const bad = await j.call('PUT', '/v1/admin/queues/q_support', { ...QUEUE, channels: [] }, sam);
    expect([bad.status, (bad.json['error'] as { code: string }).code]).toEqual([400, 'invalid_request']);
    const missing = await j.call('PATCH', '/v1/admin/agents/agt_nobody', { role: 'admin' }, admin);
    expect([missing.status, (missing.json['error'] as { code: string }).code]).toEqual([404, 'agent_not_found']);
    const overflow = await j.call(
      'PUT',
      '/v1/admin/queues/q_x',
      { ...QUEUE, escalation: [{ afterSeconds: 60, overflowQueueId: 'q_nowhere' }] },
      sam,
    );
    expect([overflow.status, (overflow.json['error'] as { code: string }).code]).toEqual([404, 'queue_not_found']);
    expect(await server.ctx.store.getQueue('q_x')).toBeNull();
  });

  it('leaves a chain that verifies', async () => {
    const verdict = await verifyAuditLog(server.ctx.store);
    expect(verdict).toMatchObject({ ok: true });
    expect((await settingsEntries()).length).toBeGreaterThanOrEqual(5);
  });

  it('names only the fields that changed, whatever the key order', () => {
    expect(changedFields({ a: 1, b: { x: 1, y: 2 } }, { b: { y: 2, x: 1 }, a: 2, c: 3 })).toEqual(['a', 'c']);
    expect(digestOf({ a: 1, b: 2 })).toBe(digestOf({ b: 2, a: 1 }));
  });
});
