import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '@baton/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAccessibility, blocking } from './support/accessibility-audit.ts';
import { ensureUiBuilt, repoRoot } from './support/ensure-ui-built.ts';
import { CHROMIUM, haveChromium, launchChromium } from './support/launch-chromium.ts';

/**
 * A3 and A5 in Chromium against the real server: a customer with CRM attributes and an earlier conversation
 * asks for a person; Alice accepts and sees the screen pop (summary, next step, intent and reason, sentiment,
 * CRM, collected details, previous conversations) and the assist panel, puts a suggested reply in the
 * composer, edits and sends it.
 */

const screenshots = join(repoRoot, 'docs', 'screenshots');
const STEP_MS = 15_000;

type Running = Awaited<ReturnType<typeof startServer>>;

describe.skipIf(!haveChromium && !process.env.CI)('screen pop and assist in the workspace', () => {
  let server: Running;
  let browser: Browser | undefined;
  let agent: Page;
  let conversationId = '';
  let customerToken = '';

  const api = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  const customerSays = (text: string) =>
    api(`/v1/conversations/${conversationId}/turns`, { role: 'customer', text }, customerToken);

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);
    await ensureUiBuilt();
    mkdirSync(screenshots, { recursive: true });
    server = await startServer({ port: 0, host: '127.0.0.1', demo: true, assistant: true, logLevel: 'warn' });
    browser = await launchChromium();
    const context = await browser.newContext({
      baseURL: server.url,
      bypassCSP: true,
      viewport: { width: 1440, height: 900 },
    });
    agent = await context.newPage();
    agent.setDefaultTimeout(STEP_MS);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('pops the context of an accepted conversation', async () => {
    const customer = {
      name: 'Maya Okafor',
      email: 'maya@example.com',
      attributes: { tier: 'gold', accountValue: 5200 },
    };
    // An earlier conversation of the same customer, for the history card.
    const earlier = await api('/v1/conversations', { customer });
    const earlierId = (earlier['conversation'] as { id: string }).id;
    await api(
      `/v1/conversations/${earlierId}/turns`,
      { role: 'customer', text: 'How do I reset my password?' },
      earlier['token'] as string,
    );
    await api(`/v1/conversations/${earlierId}/close`, {}, earlier['token'] as string);

    const created = await api('/v1/conversations', { customer });
    conversationId = (created['conversation'] as { id: string }).id;
    customerToken = created['token'] as string;
    await customerSays('My order 4417 has not arrived and I was charged twice.');
    await customerSays('This is ridiculous, I want a refund. Let me talk to a human now!');

    await agent.goto('/agent.html');
    await agent.getByLabel('Email').fill('alice@demo.baton');
    await agent.getByLabel('Password').fill('demo');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('radio', { name: 'Available' }).check();
    const offer = agent.getByTestId('offer-card');
    await offer.getByRole('button', { name: 'Accept' }).click();
    await agent
      .getByRole('list', { name: 'Conversation transcript' })
      .getByText(/charged twice/)
      .waitFor();

    const pop = agent.getByRole('complementary', { name: 'Customer context and assist' });
    for (const title of [
      'Summary',
      'Next step',
      'Intent and reason',
      'Sentiment',
      'Collected details',
      'Previous conversations',
    ]) {
      await pop.getByRole('heading', { name: title, exact: true }).waitFor();
    }
    const crm = pop.getByRole('region', { name: /^CRM/ });
    await crm.getByText('gold').waitFor();
    await pop.getByRole('img', { name: /Sentiment over \d+ messages/ }).waitFor();
    const history = pop.getByRole('region', { name: 'Previous conversations' });
    expect(await history.getByRole('listitem').count()).toBeGreaterThan(0);
    await pop
      .getByRole('region', { name: 'Intent and reason' })
      .getByText(/Reason/)
      .waitFor();
  }, 90_000);

  it('suggests replies and articles, and a suggestion can be edited and sent', async () => {
    const pop = agent.getByRole('complementary', { name: 'Customer context and assist' });
    const replies = pop.getByRole('list', { name: 'Suggested replies' });
    await replies.getByRole('listitem').first().waitFor();
    const suggestion = (await replies.getByRole('listitem').first().locator('p').textContent()) ?? '';
    expect(suggestion.length).toBeGreaterThan(10);
    await pop.getByRole('heading', { name: 'Knowledge articles' }).waitFor();
    await agent.screenshot({ path: join(screenshots, 'workspace-screen-pop-assist.png') });
    expect(blocking(await auditAccessibility(agent))).toEqual([]);

    await replies.getByRole('button', { name: 'Use this reply' }).first().click();
    const composer = agent.getByRole('textbox', { name: 'Reply to the customer' });
    await expect.poll(() => composer.inputValue()).toBe(suggestion);
    await composer.press('End');
    await composer.pressSequentially(' (order 4417)');
    await composer.press('Enter');
    const sent = `${suggestion} (order 4417)`;
    await agent.getByRole('list', { name: 'Conversation transcript' }).getByText(sent).waitFor();
    await expect
      .poll(async () => (await server.ctx.store.listTurns(conversationId)).some((t) => t.text === sent))
      .toBe(true);

    // A new customer message refreshes assist for that message.
    await customerSays('Can you also check the tracking of my parcel?');
    await pop.getByText(/For: “Can you also check the tracking of my parcel\?”/).waitFor();
  }, 90_000);

  it('shows the screen pop again after a reload, fetched from the server', async () => {
    await agent.reload();
    // The offer (which carried the package) is gone: pick the conversation from the list.
    await agent.getByText('Can you also check the tracking of my parcel?').first().click();
    await agent.getByRole('list', { name: 'Conversation transcript' }).waitFor();
    const pop = agent.getByRole('complementary', { name: 'Customer context and assist' });
    await pop.getByRole('heading', { name: 'Summary', exact: true }).waitFor();
    await pop.getByRole('region', { name: /^CRM/ }).getByText('gold').waitFor();
  }, 90_000);

  it('shows a card number the customer typed as a muted chip the agent can understand (P3)', async () => {
    await customerSays('My card is 4111 1111 1111 1111, please refund it there.');
    const transcript = agent.getByRole('list', { name: 'Conversation transcript' });
    await transcript.getByText(/please refund it there/).waitFor();
    await transcript.getByRole('img', { name: 'card number hidden' }).waitFor();
    expect(await transcript.textContent()).not.toContain('4111');
    expect(blocking(await auditAccessibility(agent))).toEqual([]);
  }, 90_000);
});
