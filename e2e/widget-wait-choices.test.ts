import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '@baton/server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAccessibility, blocking } from './support/accessibility-audit.ts';
import { ensureUiBuilt, repoRoot } from './support/ensure-ui-built.ts';
import { CHROMIUM, haveChromium, launchChromium } from './support/launch-chromium.ts';

/**
 * M3 in Chromium against the real server: nobody is signed in, so every wait is long and the widget offers
 * a callback, a message or to keep waiting. Each choice is made by its own customer and checked in the
 * store: every choice keeps the place in line; a message is written for the next free agent to read.
 */

const screenshots = join(repoRoot, 'docs', 'screenshots');
const WIDGET = '#baton-chat-widget';
const STEP_MS = 15_000;

type Running = Awaited<ReturnType<typeof startServer>>;

describe.skipIf(!haveChromium && !process.env.CI)('long-wait choices in the widget', () => {
  let server: Running;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);
    await ensureUiBuilt();
    mkdirSync(screenshots, { recursive: true });
    server = await startServer({ port: 0, host: '127.0.0.1', demo: true, assistant: true, logLevel: 'warn' });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A customer on the demo page who asked for a person and sees the choices. */
  async function waitingCustomer(): Promise<{ page: Page }> {
    const context = await browser!.newContext({
      baseURL: server.url,
      bypassCSP: true,
      viewport: { width: 1280, height: 860 },
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_MS);
    await page.goto('/');
    await page.getByRole('button', { name: /Open chat/ }).click();
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('can I talk to a human?');
    await input.press('Enter');
    await page.locator(`${WIDGET} [data-role="system"]`).first().waitFor();
    await page.getByRole('region', { name: 'Long wait options' }).waitFor();
    return { page };
  }

  const options = (page: Page) => page.getByRole('region', { name: 'Long wait options' });
  /** The widget's conversation id, from its session in sessionStorage. */
  const conversationIdOf = async (page: Page): Promise<string> => {
    const id = await page.evaluate<string>(
      `JSON.parse(sessionStorage.getItem('baton.widget.session') ?? '{}').conversationId ?? ''`,
    );
    if (!id) throw new Error('no conversation in sessionStorage');
    return id;
  };

  it('offers the three choices accessibly, and a callback keeps the place with the number stored', async () => {
    const { page } = await waitingCustomer();
    const card = options(page);
    await card.getByRole('button', { name: 'Request a callback' }).waitFor();
    await card.getByRole('button', { name: 'Leave a message' }).waitFor();
    await card.getByRole('button', { name: 'Keep waiting' }).waitFor();
    await page.locator(`${WIDGET} .panel`).screenshot({ path: join(screenshots, 'widget-long-wait-choices.png') });
    expect(blocking(await auditAccessibility(page, WIDGET))).toEqual([]);

    await card.getByRole('button', { name: 'Request a callback' }).click();
    const phone = card.getByLabel('Phone number for the callback');
    await phone.fill('+1 415 555 0134');
    expect(blocking(await auditAccessibility(page, WIDGET))).toEqual([]);
    await card.getByRole('button', { name: 'Call me back' }).click();
    await card.getByText(/Callback requested: we will call you/).waitFor();
    await page
      .locator(`${WIDGET} [data-role="system"]`)
      .filter({ hasText: 'Callback requested at +14155550134' })
      .waitFor();

    const id = await conversationIdOf(page);
    expect((await server.ctx.store.openHandoffForConversation(id))?.status).toMatch(/queued|offered/);
    const conversation = await server.ctx.store.getConversation(id);
    expect(conversation?.status).toBe('queued');
    const customer = await server.ctx.store.getCustomer(conversation!.customerId!);
    expect(customer?.phone).toBe('+14155550134');

    // The choice survives a reload: the card says what was chosen instead of asking again.
    await page.reload();
    await page.getByRole('dialog').waitFor();
    await options(page)
      .getByText(/Callback requested/)
      .waitFor();
    expect(await options(page).getByRole('button', { name: 'Request a callback' }).count()).toBe(0);
  }, 90_000);

  it('a message goes to the team and keeps its place in line', async () => {
    const { page } = await waitingCustomer();
    const card = options(page);
    await card.getByRole('button', { name: 'Leave a message' }).click();
    await card.getByLabel('Your message for our team').fill('Please email me about order 4417, it never arrived.');
    await card.getByRole('button', { name: 'Send message' }).click();
    await page.locator(`${WIDGET} [data-role="system"]`).filter({ hasText: 'your message is with our team' }).waitFor();
    await card.getByText('Message sent: the next person free reads it and replies here.').waitFor();

    const id = await conversationIdOf(page);
    expect((await server.ctx.store.openHandoffForConversation(id))?.status).toBe('queued');
    expect((await server.ctx.store.getConversation(id))?.status).toBe('queued');
    const turns = await server.ctx.store.listTurns(id);
    expect(turns.some((t) => t.role === 'customer' && t.text.includes('order 4417, it never arrived'))).toBe(true);
  }, 90_000);

  it('keep waiting stays in line and the customer can keep writing', async () => {
    const { page } = await waitingCustomer();
    await options(page).getByRole('button', { name: 'Keep waiting' }).click();
    await options(page).getByText('You keep your place in line. Ask the assistant anything meanwhile.').waitFor();
    const id = await conversationIdOf(page);
    expect((await server.ctx.store.getConversation(id))?.status).toBe('queued');
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('My order number is 4417.');
    await input.press('Enter');
    await page.locator(`${WIDGET} [data-role="customer"]`).filter({ hasText: 'My order number is 4417.' }).waitFor();
    await expect
      .poll(async () => (await server.ctx.store.listTurns(id)).some((t) => t.text === 'My order number is 4417.'))
      .toBe(true);
    // The assistant answers what its knowledge base covers while the customer waits, and stays silent otherwise.
    await input.fill('How long does shipping take?');
    await input.press('Enter');
    const answered = async () => {
      const all = await server.ctx.store.listTurns(id);
      const asked = all.findIndex((t) => t.text === 'How long does shipping take?');
      return asked >= 0 && all.slice(asked + 1).some((t) => t.role === 'assistant');
    };
    await expect.poll(answered, { timeout: 20_000 }).toBe(true);
    const turns = await server.ctx.store.listTurns(id);
    const order = turns.findIndex((t) => t.text === 'My order number is 4417.');
    expect(turns[order + 1]?.role === 'assistant' && turns[order + 1]?.text.startsWith('Sorry')).toBe(false);
    expect((await server.ctx.store.getConversation(id))?.status).toBe('queued');
  }, 90_000);
});
