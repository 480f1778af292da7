import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '@baton/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAccessibility, blocking } from './support/accessibility-audit.ts';
import { ensureUiBuilt, repoRoot } from './support/ensure-ui-built.ts';
import { haveChromium, launchChromium } from './support/launch-chromium.ts';

/**
 * Consult and warm transfer in the browser (R9, A6), against the real server: a customer on the demo page
 * asks for a person and Alice takes the chat; she consults Bob, who accepts from his workspace, reads the
 * conversation live and answers in the private side thread; Alice then transfers the chat to him directly,
 * and the customer is told a colleague is joining. The widget never shows the side thread.
 */

const screenshots = join(repoRoot, 'docs', 'screenshots');
const WIDGET = '#baton-chat-widget';
const STEP_MS = 20_000;
const SECRET_ALICE = 'Churn risk: they asked about cancelling twice';
const SECRET_BOB = 'Approve up to 250, I will take it';

type Running = Awaited<ReturnType<typeof startServer>>;

describe.skipIf(!haveChromium && !process.env.CI)('two agents consult, then a warm transfer', () => {
  let server: Running | undefined;
  let browser: Browser | undefined;
  let customer: Page;
  let alice: Page;
  let bob: Page;
  let conversationId = '';

  beforeAll(async () => {
    await ensureUiBuilt();
    mkdirSync(screenshots, { recursive: true });
    server = await startServer({ port: 0, host: '127.0.0.1', demo: true, assistant: true, logLevel: 'warn' });
    browser = await launchChromium();
    const page = async (width: number) => {
      const context = await browser?.newContext({
        baseURL: server?.url ?? '',
        bypassCSP: true,
        viewport: { width, height: 860 },
      });
      if (!context) throw new Error('no browser');
      const p = await context.newPage();
      p.setDefaultTimeout(STEP_MS);
      return p;
    };
    customer = await page(1280);
    alice = await page(1400);
    bob = await page(1400);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signIn = async (p: Page, email: string, presence: 'Available' | 'Away') => {
    await p.goto('/agent.html');
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill('demo');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('radio', { name: presence }).check();
  };
  const widgetInput = () => customer.getByRole('textbox', { name: 'Message' });
  const thread = (p: Page) => p.getByTestId('consult-thread');

  it('Alice takes the chat while Bob is away', async () => {
    await signIn(bob, 'bob@demo.baton', 'Away');
    await signIn(alice, 'alice@demo.baton', 'Available');
    await customer.goto('/');
    await customer.getByRole('button', { name: /Open chat/ }).click();
    const consent = customer.getByRole('group', { name: 'AI disclosure and recording consent' });
    await consent.getByRole('button', { name: 'Allow recording' }).click();
    await widgetInput().fill('can I talk to a human?');
    await widgetInput().press('Enter');
    const offer = alice.getByTestId('offer-card').first();
    await offer.getByRole('button', { name: 'Accept' }).click();
    await alice.getByRole('list', { name: 'Your conversations' }).getByRole('button').first().waitFor();
    const session = JSON.parse(
      (await customer.evaluate<string | null>("sessionStorage.getItem('baton.widget.session')")) ?? '{}',
    ) as { conversationId: string };
    conversationId = session.conversationId;
    expect((await server?.ctx.store.getConversation(conversationId))?.assignedAgentId).toBe('agt_alice');
    await bob.getByRole('radio', { name: 'Available' }).check();
  }, 60_000);

  it('Alice asks Bob to consult with a note; Bob accepts and reads the conversation', async () => {
    await alice.getByRole('button', { name: 'Consult…' }).click();
    const form = alice.getByRole('form', { name: 'Consult a colleague' });
    await form.getByRole('option', { name: 'Bob Okafor (Available)' }).waitFor({ state: 'attached' });
    await form.getByLabel('Colleague').selectOption({ label: 'Bob Okafor (Available)' });
    await form.getByLabel('Note for them (optional)').fill('Refund of 240 is over my limit, can you approve?');
    await form.getByRole('button', { name: 'Start consult' }).click();
    await thread(alice).getByText('Waiting for Bob Okafor to accept…').waitFor();
    await alice.getByRole('list', { name: 'Your conversations' }).getByText('Consult', { exact: true }).waitFor();

    const request = bob.getByRole('region', { name: 'Consults' });
    await request.getByText('Refund of 240 is over my limit, can you approve?').waitFor();
    await bob.screenshot({ path: join(screenshots, 'workspace-consult-request.png') });
    // Keyboard only: Tab to "Accept consult" and press Enter.
    const accept = request.getByRole('button', { name: 'Accept consult' });
    await accept.focus();
    await bob.keyboard.press('Enter');
    await bob.getByRole('list', { name: 'Conversation transcript' }).getByText('can I talk to a human?').waitFor();
    await thread(bob).getByText('Internal — the customer does not see this').waitFor();
    await thread(alice).getByText('Live').waitFor();

    // The customer keeps talking to Alice; Bob follows live.
    await widgetInput().fill('It was 240 euros, charged twice');
    await widgetInput().press('Enter');
    await bob
      .getByRole('list', { name: 'Conversation transcript' })
      .getByText('It was 240 euros, charged twice')
      .waitFor();
  }, 60_000);

  it('they talk in the side thread; the widget never shows it', async () => {
    const aliceBox = thread(alice).getByRole('textbox', { name: 'Internal message to Bob Okafor' });
    await aliceBox.fill(SECRET_ALICE);
    await aliceBox.press('Enter');
    await thread(bob).getByText(SECRET_ALICE).waitFor();
    const bobBox = thread(bob).getByRole('textbox', { name: 'Internal message to Alice Martin' });
    await bobBox.fill(SECRET_BOB);
    await bobBox.press('Enter');
    await thread(alice).getByText(SECRET_BOB).waitFor();

    // Alice still answers the customer in the normal composer.
    const composer = alice.getByRole('textbox', { name: 'Reply to the customer' });
    await composer.fill('Thanks, one moment while I check with a colleague.');
    await composer.press('Enter');
    await customer.locator(`${WIDGET} [data-role="agent"]`).filter({ hasText: 'one moment' }).waitFor();

    await alice.screenshot({ path: join(screenshots, 'workspace-consult.png') });
    await bob.screenshot({ path: join(screenshots, 'workspace-consult-colleague.png') });
    expect(blocking(await auditAccessibility(alice))).toEqual([]);
    expect(blocking(await auditAccessibility(bob))).toEqual([]);

    const widgetText = await customer.locator(WIDGET).innerText();
    for (const text of [SECRET_ALICE, SECRET_BOB, 'over my limit', 'Internal', 'Consult']) {
      expect(widgetText).not.toContain(text);
    }
  }, 60_000);

  it('Alice completes it as a warm transfer: Bob has the chat and the thread, the customer is told', async () => {
    const transfer = thread(alice).getByRole('button', { name: 'Transfer to Bob Okafor' });
    await transfer.focus();
    await alice.keyboard.press('Enter');
    await alice.locator('.conversation-head').getByText('Transferred').waitFor();

    await bob.getByRole('list', { name: 'Your conversations' }).getByRole('button').first().waitFor();
    await bob.getByRole('textbox', { name: 'Reply to the customer' }).waitFor();
    await thread(bob).getByText(SECRET_ALICE).waitFor();
    await thread(bob).getByText('Alice Martin transferred the conversation to Bob Okafor.').waitFor();

    await customer
      .locator(WIDGET)
      .getByText(/asked a colleague, Bob Okafor, to take over/)
      .waitFor();
    await customer.locator(WIDGET).getByText('Bob Okafor has joined the conversation.').waitFor();
    const reply = bob.getByRole('textbox', { name: 'Reply to the customer' });
    await reply.fill('Hi, Bob here. I have approved the refund of 240 euros.');
    await reply.press('Enter');
    await customer.locator(`${WIDGET} [data-role="agent"]`).filter({ hasText: 'Bob here' }).waitFor();
    await bob.screenshot({ path: join(screenshots, 'workspace-consult-transferred.png') });
    expect(blocking(await auditAccessibility(bob))).toEqual([]);

    const handoffs = (await server?.ctx.store.handoffsForConversation(conversationId)) ?? [];
    expect(handoffs.map((h) => [h.status, h.assignedAgentId])).toEqual([
      ['completed', 'agt_alice'],
      ['assigned', 'agt_bob'],
    ]);
    const widgetText = await customer.locator(WIDGET).innerText();
    expect(widgetText).not.toContain(SECRET_ALICE);
    expect(widgetText).not.toContain(SECRET_BOB);
  }, 60_000);
});
