import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '@baton/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDemoAdmin } from '../packages/server/src/testing/demo-admin.ts';
import { auditAccessibility, blocking } from './support/accessibility-audit.ts';
import { ensureUiBuilt, repoRoot } from './support/ensure-ui-built.ts';
import { haveChromium, launchChromium } from './support/launch-chromium.ts';

/**
 * A supervisor's settings journey in the browser, against the real server: Sam opens the Routing tab, edits
 * the Support queue with an SLA of 0 seconds, sees the error next to the field (focus lands on it), fixes it
 * from the keyboard, sees it saved and on the floor; reads the agents' skills (read-only for a supervisor);
 * then runs a staffing what-if and reads how many agents the SLA target needs. Both tabs pass the audit.
 * Ada, an admin, then changes an agent's capacity in the same tab (a bad value first).
 */

const screenshots = join(repoRoot, 'docs', 'screenshots');
const STEP_MS = 20_000;

type Running = Awaited<ReturnType<typeof startServer>>;

describe.skipIf(!haveChromium && !process.env.CI)('supervisor routing and staffing settings in the browser', () => {
  let server: Running | undefined;
  let browser: Browser | undefined;
  let sam: Page;

  beforeAll(async () => {
    await ensureUiBuilt();
    mkdirSync(screenshots, { recursive: true });
    server = await startServer({ port: 0, host: '127.0.0.1', demo: true, assistant: true, logLevel: 'warn' });
    await addDemoAdmin(server.ctx.store);
    browser = await launchChromium();
    const context = await browser.newContext({
      baseURL: server.url,
      bypassCSP: true,
      viewport: { width: 1400, height: 900 },
    });
    sam = await context.newPage();
    sam.setDefaultTimeout(STEP_MS);
    await sam.goto('/supervisor.html');
    await sam.getByLabel('Email').fill('sam@demo.baton');
    await sam.getByLabel('Password').fill('demo');
    await sam.getByRole('button', { name: 'Sign in' }).click();
    await sam.getByRole('heading', { name: 'Queues' }).waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses an SLA of 0 next to the field, then saves the fix made from the keyboard', async () => {
    await sam.getByRole('tab', { name: 'Routing' }).click();
    await sam.getByRole('heading', { name: 'Queues and routing' }).waitFor();
    await sam.getByRole('button', { name: 'Edit Support' }).focus();
    await sam.keyboard.press('Enter');
    const sla = sam.getByLabel('SLA target (seconds)');
    expect(await sla.inputValue()).toBe('60');
    await sla.fill('0');
    await sam.getByRole('button', { name: 'Save queue' }).click();

    await sam.getByRole('alert').getByText('Not saved: one field needs a fix.').waitFor();
    expect(await sla.getAttribute('aria-invalid')).toBe('true');
    const error = sam.locator('#queue-slaSeconds-error');
    expect(await error.textContent()).toBe('Enter a whole number from 1 to 86400.');
    expect((await sla.getAttribute('aria-describedby'))?.split(' ')).toContain('queue-slaSeconds-error');
    // Focus is on the field to fix.
    expect(await sam.evaluate<string | undefined>('document.activeElement?.id')).toBe('queue-slaSeconds');
    expect((await server?.ctx.store.getQueue('q_support'))?.slaSeconds).toBe(60);
    await sam.getByText('Read-only: only admins change agents’ skills').waitFor();
    await sam.screenshot({ path: join(screenshots, 'supervisor-routing.png'), fullPage: true });
    expect(blocking(await auditAccessibility(sam))).toEqual([]);

    await sam.keyboard.press('Control+A');
    await sam.keyboard.type('45');
    await sam.keyboard.press('Enter'); // submits the form
    await sam.getByRole('status').getByText('Saved: Support. Routing uses it from the next offer.').waitFor();
    expect((await server?.ctx.store.getQueue('q_support'))?.slaSeconds).toBe(45);
    await sam
      .getByRole('row', { name: /^Support/ })
      .getByText('45s')
      .waitFor();
    // Alice's skills are listed for Sam to read; no edit button for a supervisor.
    await sam
      .getByRole('row', { name: /Alice Martin/ })
      .getByText(/billing:5, support:8|support:8, billing:5/)
      .waitFor();
    expect(await sam.getByRole('button', { name: 'Edit Alice Martin' }).count()).toBe(0);
  }, 60_000);

  it('shows the saved SLA on the floor at once', async () => {
    await sam.getByRole('tab', { name: 'Floor' }).click();
    await sam
      .getByRole('row', { name: /^Support/ })
      .getByRole('cell', { name: '45s', exact: true })
      .waitFor();
  }, 30_000);

  it('runs a staffing what-if and reads how many agents meet the SLA target', async () => {
    await sam.getByRole('tab', { name: 'Staffing' }).click();
    await sam.getByRole('heading', { name: 'Staffing what-if' }).waitFor();
    // Prefilled from the floor: the Support queue's SLA as just saved.
    expect(await sam.getByLabel('SLA: answer within (s)').inputValue()).toBe('45');
    await sam.getByLabel('Agents (N)').fill('0');
    await sam.getByRole('button', { name: 'Run the what-if' }).click();
    expect(await sam.locator('#staffing-agents-error').textContent()).toBe('Enter a whole number from 1 to 1000.');

    await sam.getByLabel('Agents (N)').fill('9');
    await sam.getByLabel('Arrivals per hour').fill('120');
    await sam.getByLabel('Average handle time (s)').fill('240');
    await sam.getByLabel('Patience (s)').fill('90');
    await sam.getByLabel('SLA: answer within (s)').fill('20');
    await sam.getByLabel('SLA target (%)').fill('80');
    await sam.getByLabel('Conversations per agent').fill('1');
    await sam.getByRole('button', { name: 'Run the what-if' }).click();

    const table = sam.getByRole('table', { name: 'Staffing from N−2 to N+3 agents' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(6);
    expect(await rows.first().getByRole('rowheader').textContent()).toBe('7');
    await table.getByRole('rowheader', { name: '9 (asked)' }).waitFor();
    const recommendation = await sam.locator('.recommendation').textContent();
    expect(recommendation).toMatch(
      /^\d+ agents meet the target in the simulation\. Erlang C \(nobody leaves\) asks for \d+\.$/,
    );
    // Fewer agents, worse service: the first row misses the target, the last meets it.
    expect(await rows.first().locator('td').last().textContent()).toBe('No');
    expect(await rows.last().locator('td').last().textContent()).toBe('Yes');
    await sam.getByRole('definition').first().waitFor();
    await sam.screenshot({ path: join(screenshots, 'supervisor-staffing.png'), fullPage: true });
    expect(blocking(await auditAccessibility(sam))).toEqual([]);
  }, 60_000);

  it('lets an admin change an agent’s capacity, refusing a bad value next to the field', async () => {
    const context = await browser?.newContext({
      baseURL: server?.url,
      bypassCSP: true,
      viewport: { width: 1400, height: 900 },
    });
    if (context === undefined) throw new Error('no browser');
    const ada = await context.newPage();
    ada.setDefaultTimeout(STEP_MS);
    await ada.goto('/supervisor.html');
    await ada.getByLabel('Email').fill('ada@demo.baton');
    await ada.getByLabel('Password').fill('demo');
    await ada.getByRole('button', { name: 'Sign in' }).click();
    await ada.getByRole('tab', { name: 'Routing' }).click();
    await ada.getByRole('button', { name: 'Edit Bob Okafor' }).click();
    const chat = ada.getByLabel('Capacity: chat');
    expect(await chat.inputValue()).toBe('3');
    await chat.fill('60');
    await ada.getByRole('button', { name: 'Save agent' }).click();
    expect(await ada.locator('#agent-capacity-chat-error').textContent()).toBe('Enter a whole number from 0 to 50.');
    expect(await ada.evaluate<string | undefined>('document.activeElement?.id')).toBe('agent-capacity-chat');
    await chat.fill('2');
    await ada.getByRole('button', { name: 'Save agent' }).click();
    await ada
      .getByRole('status')
      .getByText(/^Saved: Bob Okafor\./)
      .waitFor();
    await ada
      .getByRole('row', { name: /Bob Okafor/ })
      .getByText('chat 2, voice 1')
      .waitFor();
    expect((await server?.ctx.store.getAgent('agt_bob'))?.capacity).toEqual({ chat: 2, voice: 1 });
    expect(blocking(await auditAccessibility(ada))).toEqual([]);
    await context.close();
  }, 60_000);
});
