import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '@baton/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAccessibility, blocking } from './support/accessibility-audit.ts';
import { ensureUiBuilt, repoRoot } from './support/ensure-ui-built.ts';
import { haveChromium, launchChromium } from './support/launch-chromium.ts';

/**
 * A supervisor's journey in the browser, against the real server (no agent online): Sam watches the Support
 * queue fill as customers ask for a person, reads one conversation live, then edits the escalation policy,
 * makes a mistake and sees it on its line, fixes it, runs the policy tests, saves, and sees the new wording
 * in the very next customer turn of a conversation he is reading.
 */

const screenshots = join(repoRoot, 'docs', 'screenshots');
const STEP_MS = 20_000;
const NEW_PROMPT = 'I am very sorry for your loss. Would you like to talk to one of our team now?';

type Running = Awaited<ReturnType<typeof startServer>>;

describe.skipIf(!haveChromium && !process.env.CI)('supervisor console in the browser', () => {
  let server: Running | undefined;
  let browser: Browser | undefined;
  let sam: Page;

  const api = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${server?.url ?? ''}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  /** A customer (over the API, as the widget does) who says `text`. */
  const customerSays = async (name: string, text: string): Promise<string> => {
    const created = await api('POST', '/v1/conversations', { customer: { name } });
    const id = (created['conversation'] as { id: string }).id;
    await api('POST', `/v1/conversations/${id}/turns`, { role: 'customer', text }, created['token'] as string);
    return id;
  };
  const waiting = () =>
    sam
      .getByRole('row', { name: /^Support/ })
      .getByRole('cell')
      .first();

  beforeAll(async () => {
    await ensureUiBuilt();
    mkdirSync(screenshots, { recursive: true });
    server = await startServer({ port: 0, host: '127.0.0.1', demo: true, assistant: true, logLevel: 'warn' });
    browser = await launchChromium();
    const context = await browser.newContext({
      baseURL: server.url,
      bypassCSP: true,
      viewport: { width: 1400, height: 900 },
    });
    sam = await context.newPage();
    sam.setDefaultTimeout(STEP_MS);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses an agent and signs the supervisor in', async () => {
    await sam.goto('/supervisor.html');
    await sam.getByLabel('Email').fill('alice@demo.baton');
    await sam.getByLabel('Password').fill('demo');
    await sam.getByRole('button', { name: 'Sign in' }).click();
    await sam
      .getByRole('alert')
      .getByText(/for supervisors/)
      .waitFor();
    await sam.getByLabel('Email').fill('sam@demo.baton');
    await sam.getByRole('button', { name: 'Sign in' }).click();
    await sam.getByRole('heading', { name: 'Queues' }).waitFor();
    await sam.getByRole('status').getByText('Live').waitFor();
    expect(await waiting().textContent()).toBe('0');
  }, 60_000);

  it('watches the Support queue fill and reads a conversation live', async () => {
    const first = await customerSays('Ada Quinn', 'can I talk to a human?');
    await sam
      .getByRole('row', { name: /^Support/ })
      .getByRole('cell', { name: '1', exact: true })
      .first()
      .waitFor();
    await customerSays('Ben Ortiz', 'I want to speak to a real person');
    await customerSays('Cleo Park', 'get me your manager');
    await expect.poll(async () => waiting().textContent(), { timeout: STEP_MS }).toBe('3');
    await sam.getByText('Handoff created').first().waitFor();
    await sam
      .getByRole('row', { name: /Alice Martin/ })
      .getByText('Offline')
      .waitFor();

    await sam.getByRole('button', { name: 'Read the conversation with Ada Quinn' }).click();
    const live = sam.getByRole('list', { name: 'Live transcript' });
    await live.getByText('can I talk to a human?').waitFor();
    await api(
      'POST',
      `/v1/conversations/${first}/turns`,
      { role: 'customer', text: 'hello? anyone there?' },
      'demo-bot-key',
    );
    await live.getByText('hello? anyone there?').waitFor();
    await sam.screenshot({ path: join(screenshots, 'supervisor-console.png'), fullPage: true });
    expect(blocking(await auditAccessibility(sam))).toEqual([]);
  }, 60_000);

  it('shows a policy error on its line, then tests and saves the fix', async () => {
    await sam.getByRole('tab', { name: 'Escalation policy' }).click();
    const editor = sam.getByRole('textbox', { name: 'Policy YAML' });
    await sam.getByText('Valid: version default-1.0.').waitFor();
    const original = await editor.inputValue();
    const thresholdLine = original.split('\n').findIndex((l) => l.trim() === 'threshold: 0.8') + 1;
    expect(thresholdLine).toBeGreaterThan(0);

    const broken = original.replace('threshold: 0.8', 'threshold: high');
    await editor.fill(broken);
    const problems = sam.getByRole('list', { name: 'Policy problems' });
    await problems.getByText(`Line ${thresholdLine}`).waitFor();
    expect(await problems.textContent()).toContain('explicitRequest.threshold');
    expect(await sam.getByRole('button', { name: 'Save and put in force' }).isDisabled()).toBe(true);
    await editor.press('Control+Home'); // back to the top, where the problem is
    await sam.screenshot({ path: join(screenshots, 'supervisor-policy-error.png'), fullPage: true });

    // The fix: the threshold back, a new version, gentler wording for bereavement.
    const fixed = original
      .replace(/^version: .*$/m, 'version: floor-2')
      .replace(/^ {2}offerPrompt: .*\n( {4}.*\n)*/m, `  offerPrompt: ${NEW_PROMPT}\n`);
    expect(fixed).toContain(NEW_PROMPT);
    await editor.fill(fixed);
    await sam.getByText('Valid: version floor-2.').waitFor();
    await sam.getByRole('button', { name: 'Test this policy' }).click();
    const results = sam.getByRole('status', { name: 'Test results' });
    await results.getByText(/\d+ passed, 0 failed \(version floor-2\)/).waitFor();
    await sam.getByRole('button', { name: 'Save and put in force' }).click();
    await sam.getByText('Saved: policy floor-2 is in force.').waitFor();
    expect(server?.ctx.policyEditor.document().version).toBe('floor-2');
  }, 60_000);

  it('sees the change take effect on the next customer turn', async () => {
    const id = await customerSays('Dee Marsh', 'hi');
    await sam.getByRole('tab', { name: 'Floor' }).click();
    await sam.getByRole('button', { name: 'Read the conversation with Dee Marsh' }).click();
    const live = sam.getByRole('list', { name: 'Live transcript' });
    await live.getByText('hi', { exact: true }).waitFor();
    await api(
      'POST',
      `/v1/conversations/${id}/turns`,
      { role: 'customer', text: 'my father passed away and I need to close his account' },
      'demo-bot-key',
    );
    await live.locator('[data-role="assistant"]').filter({ hasText: NEW_PROMPT }).waitFor();
    const turns = await server?.ctx.store.listTurns(id);
    expect(turns?.find((t) => t.text.startsWith('my father'))?.decision?.policyVersion).toBe('floor-2');
  }, 60_000);
});
