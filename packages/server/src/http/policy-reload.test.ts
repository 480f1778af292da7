import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';

const defaultPolicy = fileURLToPath(new URL('../../../../policies/default.yaml', import.meta.url));

/** T12 in the product: the server runs the policy file, hot reloads it, and keeps the old one on a bad edit. */
describe('policy file in the running server', () => {
  let server: RunningServer;
  let dir = '';
  let file = '';

  const ask = async (): Promise<{ kind: string; policyVersion: string }> => {
    const c = await fetch(`${server.url}/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: '{}',
    });
    const id = ((await c.json()) as { conversation: { id: string } }).conversation.id;
    const t = await fetch(`${server.url}/v1/conversations/${id}/turns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: JSON.stringify({ role: 'customer', text: 'I want to speak to an agent' }),
    });
    return ((await t.json()) as { decision: { kind: string; policyVersion: string } }).decision;
  };

  const waitFor = async (pred: () => Promise<boolean>, ms = 5000): Promise<void> => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await pred()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('condition not met in time');
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-policy-'));
    file = join(dir, 'policy.yaml');
    copyFileSync(defaultPolicy, file);
    server = await startServer({ port: 0, demo: true, botKeys: 'bot:k', logLevel: 'silent', policyFile: file });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses the file, reloads an edit, and keeps the running policy when the edit is malformed', async () => {
    expect(await ask()).toMatchObject({ kind: 'handoff', policyVersion: 'default-1.0' });

    const pushBack = readFileSync(defaultPolicy, 'utf8')
      .replace('version: default-1.0', 'version: pushback-2')
      .replace(/(explicitRequest:[\s\S]*?riskTolerance:) immediate/, '$1 push_back');
    writeFileSync(file, pushBack);
    await waitFor(async () => (await ask()).policyVersion === 'pushback-2');
    expect((await ask()).kind).toBe('offer_human');

    writeFileSync(file, pushBack.replace('threshold: 0.8', 'threshold: "high"'));
    await new Promise((r) => setTimeout(r, 400));
    expect(await ask()).toMatchObject({ kind: 'offer_human', policyVersion: 'pushback-2' });
  });
});
