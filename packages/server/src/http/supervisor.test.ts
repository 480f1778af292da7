import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { journey } from '../testing/http-journey.ts';
import { connectSocket } from '../testing/ws-client.ts';

const POLICY = `version: floor-1
explicitRequest:
  enabled: true
  threshold: 0.8
  riskTolerance: immediate
  priority: 5
`;

/**
 * The supervisor console's server side (A7, T12): the live stream and the floor, policy read / validate /
 * test / save with the policy file, and that only supervisors and admins get in.
 */
describe('supervisor endpoints and stream', () => {
  let server: RunningServer;
  let dir: string;
  let policyFile: string;
  const j = journey(() => server);
  let sam: string;
  let alice: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-supervisor-'));
    policyFile = join(dir, 'floor.yaml');
    await writeFile(policyFile, POLICY);
    server = await startServer({ port: 0, demo: true, assistant: false, logLevel: 'silent', policyFile });
    sam = await j.login('sam@demo.baton');
    alice = await j.login('alice@demo.baton');
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps agents, customers and anonymous callers out (403 / 401), HTTP and WebSocket', async () => {
    const customer = await j.call('POST', '/v1/conversations', {});
    const customerToken = customer.json['token'] as string;
    for (const [method, path, body] of [
      ['GET', '/v1/supervisor/floor', undefined],
      ['GET', '/v1/supervisor/policy', undefined],
      ['POST', '/v1/supervisor/policy/validate', { yaml: POLICY }],
      ['POST', '/v1/supervisor/policy/test', { yaml: POLICY, tests: 'tests: []' }],
      ['PUT', '/v1/supervisor/policy', { yaml: POLICY }],
    ] as const) {
      const asAgent = await j.call(method, path, body, alice);
      expect([path, asAgent.status, (asAgent.json['error'] as { code: string }).code]).toEqual([
        path,
        403,
        'forbidden',
      ]);
      expect((await j.call(method, path, body, customerToken)).status).toBe(403);
      expect((await j.call(method, path, body, 'demo-bot-key-nope')).status).toBe(401);
    }
    await expect(connectSocket(j.wsUrl(`/v1/supervisor/stream?token=${alice}`))).rejects.toThrow(/403/);
    await expect(connectSocket(j.wsUrl('/v1/supervisor/stream'))).rejects.toThrow(/401/);
  });

  it('streams the floor: a queue filling, agents with presence and load, a conversation read live', async () => {
    const stream = await connectSocket(j.wsUrl(`/v1/supervisor/stream?token=${sam}`));
    const first = await stream.next<{ floor: { queues: { name: string; waiting: number; slaSeconds: number }[] } }>(
      (f) => f['type'] === 'floor',
    );
    expect(first.floor.queues).toEqual([expect.objectContaining({ name: 'Support', waiting: 0, slaSeconds: 60 })]);

    const conv = await j.handedOff('Ada Quinn');
    const filled = await stream.next<{
      floor: {
        queues: { waiting: number; oldestWaitingSince: string | null }[];
        conversations: { customerName: string }[];
      };
    }>((f) => f['type'] === 'floor' && (f['floor'] as { queues: { waiting: number }[] }).queues[0]?.waiting === 1);
    expect(filled.floor.queues[0]?.oldestWaitingSince).not.toBeNull();
    expect(filled.floor.conversations.map((c) => c.customerName)).toContain('Ada Quinn');
    expect(await stream.next((f) => f['type'] === 'activity' && f['name'] === 'handoff.created')).toBeDefined();

    // Alice comes online: presence and then her load show on the floor.
    const agent = await j.agentOnline('alice@demo.baton');
    await stream.next(
      (f) =>
        f['type'] === 'floor' &&
        (f['floor'] as { agents: { name: string; presence: string; load: { chat?: number } }[] }).agents.some(
          (a) => a.name === 'Alice Martin' && a.presence === 'available' && a.load.chat === 1,
        ),
    );

    // Read the conversation live, read-only.
    stream.send({ type: 'conversation.watch', conversationId: conv.id, ref: 'w1' });
    const transcript = await stream.next<{ transcript: { text: string; decision: unknown }[] }>(
      (f) => f['type'] === 'conversation.transcript',
    );
    expect(transcript.transcript.map((t) => t.text)).toContain('can I talk to a human?');
    expect(transcript.transcript[0]?.decision).not.toBeNull();
    await stream.next((f) => f['type'] === 'ack' && f['ref'] === 'w1');
    await j.call('POST', `/v1/conversations/${conv.id}/turns`, { role: 'customer', text: 'still there?' }, conv.token);
    const live = await stream.next<{ turn: { text: string } }>((f) => f['type'] === 'turn');
    expect(live.turn.text).toBe('still there?');

    stream.send({ type: 'conversation.watch', conversationId: 'conv_missing', ref: 'w2' });
    expect(await stream.next((f) => f['type'] === 'error' && f['ref'] === 'w2')).toMatchObject({
      error: { code: 'conversation_not_found' },
    });
    stream.send({ type: 'agent.spy' });
    expect(await stream.next((f) => f['type'] === 'error')).toMatchObject({ error: { code: 'invalid_frame' } });
    const floor = await j.call('GET', '/v1/supervisor/floor', undefined, sam);
    expect(floor.status).toBe(200);
    await agent.socket.close();
    await stream.close();
  });

  it('shows the policy file, reports errors with line numbers, runs tests, saves into the file and in force', async () => {
    const doc = await j.call('GET', '/v1/supervisor/policy', undefined, sam);
    expect(doc.json).toMatchObject({ yaml: POLICY, version: 'floor-1', source: 'file', path: policyFile });
    expect(doc.json['tests']).toContain('tests:');

    const broken = POLICY.replace('threshold: 0.8', 'threshold: high').replace('version: floor-1', 'version: floor-2');
    const invalid = await j.call('POST', '/v1/supervisor/policy/validate', { yaml: broken }, sam);
    expect(invalid.status).toBe(200);
    expect(invalid.json).toMatchObject({ valid: false, version: null });
    expect(invalid.json['problems']).toEqual([expect.objectContaining({ line: 4, path: 'explicitRequest.threshold' })]);
    const syntax = await j.call('POST', '/v1/supervisor/policy/validate', { yaml: 'version: [x\n' }, sam);
    expect((syntax.json['problems'] as { line: number }[])[0]?.line).toBeGreaterThan(0);

    const refused = await j.call('PUT', '/v1/supervisor/policy', { yaml: broken }, sam);
    expect([refused.status, (refused.json['error'] as { code: string }).code]).toEqual([400, 'policy_invalid']);
    expect(await readFile(policyFile, 'utf8')).toBe(POLICY);

    const pushback = POLICY.replace('riskTolerance: immediate', 'riskTolerance: push_back').replace(
      'floor-1',
      'floor-2',
    );
    const tests = `tests:
  - name: explicit request hands off
    turns: [{ text: "can I talk to a real person please" }]
    expect: { kind: handoff, rule: explicit_request }
`;
    const ran = await j.call('POST', '/v1/supervisor/policy/test', { yaml: pushback, tests }, sam);
    expect(ran.status).toBe(200);
    expect(ran.json).toMatchObject({ version: 'floor-2', passed: 0, failed: 1 });
    expect((ran.json['results'] as { failures: string[] }[])[0]?.failures[0]).toMatch(
      /expected handoff, got offer_human/,
    );
    const badTests = await j.call(
      'POST',
      '/v1/supervisor/policy/test',
      { yaml: pushback, tests: 'tests: [{ name: x }]' },
      sam,
    );
    expect([badTests.status, (badTests.json['error'] as { code: string }).code]).toEqual([400, 'policy_test_invalid']);
    const badPolicy = await j.call('POST', '/v1/supervisor/policy/test', { yaml: broken, tests }, sam);
    expect((badPolicy.json['error'] as { code: string }).code).toBe('policy_invalid');

    const saved = await j.call('PUT', '/v1/supervisor/policy', { yaml: pushback }, sam);
    expect(saved.json).toEqual({ version: 'floor-2', source: 'file' });
    expect(await readFile(policyFile, 'utf8')).toBe(pushback);
    // In force for the very next customer turn.
    const created = await j.call('POST', '/v1/conversations', {});
    const id = (created.json['conversation'] as { id: string }).id;
    const turn = await j.call(
      'POST',
      `/v1/conversations/${id}/turns`,
      { role: 'customer', text: 'can I talk to a real person please' },
      'demo-bot-key',
    );
    expect(turn.json['decision']).toMatchObject({ kind: 'offer_human', policyVersion: 'floor-2' });
    expect((await j.call('POST', '/v1/supervisor/policy/validate', { nope: 1 }, sam)).status).toBe(400);
  });
});
