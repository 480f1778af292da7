import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '@baton/server';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAccessibility, blocking } from './support/accessibility-audit.ts';
import { armArrivalClock } from './support/arrival-clock.ts';
import { ensureUiBuilt, repoRoot } from './support/ensure-ui-built.ts';
import { CHROMIUM, haveChromium, launchChromium } from './support/launch-chromium.ts';

/**
 * The whole handoff as people see it, in Chromium against the real server (in-memory database, demo data,
 * built-in assistant): a customer on the demo page asks the widget a routine question, then for a person;
 * Alice signs in to the workspace, gets the offer with the reason and transcript, accepts; messages go both
 * ways (latency measured from send to display); Alice closes and the customer sees the conversation ended.
 */

const screenshots = join(repoRoot, 'docs', 'screenshots');
const WIDGET = '#baton-chat-widget';
const STEP_MS = 15_000;

type Running = Awaited<ReturnType<typeof startServer>>;

describe.skipIf(!haveChromium && !process.env.CI)('handoff journey in the browser', () => {
  let server: Running | undefined;
  let browser: Browser | undefined;
  let customerContext: BrowserContext;
  let agentContext: BrowserContext;
  let customer: Page;
  let agent: Page;
  const latencies: { direction: string; ms: number }[] = [];
  /** The customer's stream as routed by Playwright (after the reload), and whether frames are withheld. */
  let customerSocket: WebSocketRoute | undefined;
  let droppingFrames = false;

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);
    await ensureUiBuilt();
    mkdirSync(screenshots, { recursive: true });
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: undefined,
      demo: true,
      assistant: true,
      logLevel: 'warn',
    });
    browser = await launchChromium();
    customerContext = await browser.newContext({
      baseURL: server.url,
      bypassCSP: true,
      viewport: { width: 1440, height: 900 },
    });
    agentContext = await browser.newContext({
      baseURL: server.url,
      bypassCSP: true,
      viewport: { width: 1280, height: 820 },
    });
    customer = await customerContext.newPage();
    agent = await agentContext.newPage();
    customer.setDefaultTimeout(STEP_MS);
    agent.setDefaultTimeout(STEP_MS);
  }, 240_000);

  afterAll(async () => {
    if (latencies.length > 0) console.log('message latency (send → on screen):', latencies);
    await browser?.close();
    await server?.close();
  });

  /** The widget's message box and its transcript (Playwright CSS locators pierce the open shadow root). */
  const widgetInput = () => customer.getByRole('textbox', { name: 'Message' });
  const widgetTurns = (role: string) => customer.locator(`${WIDGET} [data-role="${role}"]`);

  async function customerSays(text: string): Promise<void> {
    await widgetInput().fill(text);
    await widgetInput().press('Enter');
  }

  it('answers a routine question with the assistant', async () => {
    await customer.goto('/');
    await customer.getByRole('button', { name: /Open chat/ }).click();
    await customer.getByRole('dialog', { name: 'Northwind Outfitters' }).waitFor();
    await customerSays('Where is my order?');
    await widgetTurns('customer').filter({ hasText: 'Where is my order?' }).waitFor();
    const answer = widgetTurns('assistant').first();
    await answer.waitFor();
    expect((await answer.textContent())?.length ?? 0).toBeGreaterThan(20);
    expect(await widgetTurns('system').count()).toBe(0);
  }, 30_000);

  it('tells the customer a person will join, and why', async () => {
    await customerSays('can I talk to a human?');
    const notice = widgetTurns('system').last();
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/person|human|agent|someone/i);
    await customer.getByText(/Waiting for|helping you/).waitFor();
    await customer.locator(`${WIDGET} .panel`).screenshot({ path: join(screenshots, 'widget-handoff.png') });
    expect(blocking(await auditAccessibility(customer, WIDGET))).toEqual([]);
  }, 30_000);

  it('offers the conversation to Alice with the reason and the transcript', async () => {
    await agent.goto('/agent.html');
    await agent.getByText('alice@demo.baton').waitFor();
    await agent.getByLabel('Email').fill('alice@demo.baton');
    await agent.getByLabel('Password').fill('demo');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('radiogroup', { name: 'Presence' }).waitFor();
    await agent.getByRole('radio', { name: 'Available' }).check();

    const offer = agent.getByTestId('offer-card');
    await offer.waitFor();
    await offer.getByText('Reason').waitFor();
    const offerText = (await offer.textContent()) ?? '';
    expect(offerText).toContain('Jordan Lee');
    expect(offerText).toContain('can I talk to a human?');
    expect(offerText).toContain('Where is my order?');
    expect(offerText).toMatch(/\d+s to answer/);
    await agent.screenshot({ path: join(screenshots, 'workspace-offer.png') });
    expect(blocking(await auditAccessibility(agent))).toEqual([]);

    await offer.getByRole('button', { name: 'Accept' }).click();
    const transcript = agent.getByRole('list', { name: 'Conversation transcript' });
    await transcript.getByText('can I talk to a human?').waitFor();
    await offer.waitFor({ state: 'detached' });
    await agent.getByRole('list', { name: 'Your conversations' }).getByRole('button').first().waitFor();
    expect(await transcript.locator('.why').count()).toBeGreaterThan(0);
  }, 45_000);

  it('carries messages both ways and measures the latency', async () => {
    const toCustomer = 'Hi, I am Alice from Support. I can see your order question; let me check it.';
    const waitCustomer = await armArrivalClock(customer, {
      shadowHost: WIDGET,
      selector: '[data-role="agent"]',
      text: toCustomer,
      timeoutMs: STEP_MS,
    });
    const composer = agent.getByRole('textbox', { name: 'Reply to the customer' });
    await composer.fill(toCustomer);
    await customer.getByText('Alice Martin is typing…').waitFor();
    const sentToCustomer = Date.now();
    await composer.press('Enter');
    latencies.push({ direction: 'agent → customer', ms: (await waitCustomer()) - sentToCustomer });
    const agentTurn = widgetTurns('agent').filter({ hasText: toCustomer });
    expect(await agentTurn.locator('.who').textContent()).toMatch(/Alice/);

    const toAgent = 'Thanks Alice! It is order 4417 and it has not arrived yet.';
    const waitAgent = await armArrivalClock(agent, {
      selector: '[data-role="customer"]',
      text: toAgent,
      timeoutMs: STEP_MS,
    });
    await widgetInput().fill(toAgent);
    await agent.getByText('Jordan Lee is typing…').waitFor();
    const sentToAgent = Date.now();
    await widgetInput().press('Enter');
    latencies.push({ direction: 'customer → agent', ms: (await waitAgent()) - sentToAgent });

    for (const { ms } of latencies) expect(ms).toBeLessThan(2_000);
    expect(blocking(await auditAccessibility(agent))).toEqual([]);
    await agent.locator('.why summary').first().click();
    await agent.screenshot({ path: join(screenshots, 'workspace-conversation.png') });
    await agent.locator('.why summary').first().click();
    await customer.locator(`${WIDGET} .panel`).screenshot({ path: join(screenshots, 'widget-conversation.png') });
  }, 45_000);

  it('resumes the conversation after a reload', async () => {
    // From here on the customer's stream runs through a route, so the next test can cut it.
    await customer.routeWebSocket(/\/v1\/conversations\/[^/]+\/stream/, (socket) => {
      const upstream = socket.connectToServer();
      customerSocket = socket;
      upstream.onMessage((message) => {
        if (!droppingFrames) socket.send(message);
      });
    });
    await customer.reload();
    await widgetTurns('agent').filter({ hasText: 'Alice from Support' }).waitFor();
    expect(await widgetTurns('system').count()).toBeGreaterThan(0);
    expect(await widgetTurns('customer').filter({ hasText: 'order 4417' }).count()).toBe(1);
  }, 30_000);

  it('catches up on messages missed while the connection was down', async () => {
    const missed = 'Your parcel left our warehouse yesterday; the carrier has it now.';
    droppingFrames = true;
    const composer = agent.getByRole('textbox', { name: 'Reply to the customer' });
    await composer.fill(missed);
    await composer.press('Enter');
    const agentTranscript = agent.getByRole('list', { name: 'Conversation transcript' });
    await agentTranscript.locator('[data-role="agent"]').filter({ hasText: missed }).waitFor();
    await customer.waitForTimeout(300);
    expect(await widgetTurns('agent').filter({ hasText: missed }).count()).toBe(0);

    droppingFrames = false;
    await customerSocket?.close({ code: 4000, reason: 'connection cut by the test' });
    await customer.getByText('Connection lost. Reconnecting…').waitFor();
    await widgetTurns('agent').filter({ hasText: missed }).waitFor();
    expect(await widgetTurns('agent').filter({ hasText: missed }).count()).toBe(1);
    await customer.getByText('Connection lost. Reconnecting…').waitFor({ state: 'hidden' });
  }, 30_000);

  it('shows both sides on the demo page', async () => {
    const frame = customer.frameLocator('iframe[title="Agent workspace"]');
    await frame.getByLabel('Email').fill('alice@demo.baton');
    await frame.getByLabel('Password').fill('demo');
    await frame.getByRole('button', { name: 'Sign in' }).click();
    await frame.getByRole('list', { name: 'Your conversations' }).getByRole('button').first().click();
    await frame.getByRole('list', { name: 'Conversation transcript' }).getByText('order 4417').waitFor();
    await customer.screenshot({ path: join(screenshots, 'demo-page.png') });
  }, 30_000);

  it('ends the conversation for the customer when the agent closes it', async () => {
    await agent.getByRole('button', { name: 'Close conversation' }).click();
    await agent.getByRole('button', { name: 'Remove from list' }).waitFor();
    await customer.getByText('This conversation has ended.').waitFor();
    expect(await widgetInput().isVisible()).toBe(false);
    await customer.getByRole('button', { name: 'Start a new conversation' }).waitFor();
    await customer.locator(`${WIDGET} .panel`).screenshot({ path: join(screenshots, 'widget-ended.png') });
  }, 30_000);
});
