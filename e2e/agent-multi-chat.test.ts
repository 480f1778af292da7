import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '@baton/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, type TestSocket } from '../packages/server/src/testing/ws-client.ts';
import { auditAccessibility, blocking } from './support/accessibility-audit.ts';
import { ensureUiBuilt, repoRoot } from './support/ensure-ui-built.ts';
import { haveChromium, launchChromium } from './support/launch-chromium.ts';

/**
 * An agent's day in the browser, against the real server: a customer on the demo page gives (recording)
 * consent and asks for a person, two more customers (over the API) do too; Alice handles the three chats at
 * once, transfers one to the Billing queue (Bob gets it), hands one back to the assistant (which answers
 * again), closes the last, and wraps each up; the widget customer then answers the satisfaction survey.
 */

const screenshots = join(repoRoot, 'docs', 'screenshots');
const WIDGET = '#baton-chat-widget';
const STEP_MS = 20_000;

type Running = Awaited<ReturnType<typeof startServer>>;

describe.skipIf(!haveChromium && !process.env.CI)('agent with three chats, transfer, hand back, wrap-up', () => {
  let server: Running | undefined;
  let browser: Browser | undefined;
  let customer: Page;
  let agent: Page;
  let bob: TestSocket | undefined;
  const customers = new Map<string, { id: string; token: string }>();

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

  beforeAll(async () => {
    await ensureUiBuilt();
    mkdirSync(screenshots, { recursive: true });
    server = await startServer({ port: 0, host: '127.0.0.1', demo: true, assistant: true, logLevel: 'warn' });
    await server.ctx.store.upsertQueue({
      id: 'queue_billing',
      name: 'Billing',
      requiredSkills: {},
      languages: [],
      channels: ['chat'],
      priority: 0,
      slaSeconds: 120,
      offerTimeoutSeconds: 60,
    });
    browser = await launchChromium();
    const customerContext = await browser.newContext({
      baseURL: server.url,
      bypassCSP: true,
      viewport: { width: 1440, height: 900 },
    });
    const agentContext = await browser.newContext({
      baseURL: server.url,
      bypassCSP: true,
      viewport: { width: 1400, height: 860 },
    });
    customer = await customerContext.newPage();
    agent = await agentContext.newPage();
    customer.setDefaultTimeout(STEP_MS);
    agent.setDefaultTimeout(STEP_MS);
  }, 240_000);

  afterAll(async () => {
    await bob?.close();
    await browser?.close();
    await server?.close();
  });

  const widgetInput = () => customer.getByRole('textbox', { name: 'Message' });
  const pick = (name: string) =>
    agent.getByRole('list', { name: 'Your conversations' }).getByRole('button', { name: new RegExp(name) });

  it('shows the AI disclosure and stores the recording consent with the wording', async () => {
    await customer.goto('/');
    await customer.getByRole('button', { name: /Open chat/ }).click();
    const consent = customer.getByRole('group', { name: 'AI disclosure and recording consent' });
    await consent.getByText(/virtual assistant, an AI/).waitFor();
    await customer.locator(`${WIDGET} .panel`).screenshot({ path: join(screenshots, 'widget-consent.png') });
    expect(blocking(await auditAccessibility(customer, WIDGET))).toEqual([]);
    await consent.getByRole('button', { name: 'Allow recording' }).click();
    await consent.getByText('You allowed this chat to be recorded.').waitFor();
    const session = JSON.parse(
      (await customer.evaluate<string | null>("sessionStorage.getItem('baton.widget.session')")) ?? '{}',
    ) as { conversationId: string; token: string };
    customers.set('Jordan Lee', { id: session.conversationId, token: session.token });
    const stored = await server?.ctx.store.latestConsent(session.conversationId);
    expect(stored).toMatchObject({ recording: 'granted', channel: 'chat', language: 'en' });
    expect(stored?.wording).toContain('May we record this chat');

    // The choice survives a reload (read back from the server).
    await customer.reload();
    await customer
      .getByRole('group', { name: 'AI disclosure and recording consent' })
      .getByText('You allowed this chat to be recorded.')
      .waitFor();
  }, 60_000);

  it('handles three chats at once', async () => {
    await agent.goto('/agent.html');
    await agent.getByLabel('Email').fill('alice@demo.baton');
    await agent.getByLabel('Password').fill('demo');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('radio', { name: 'Available' }).check();

    await widgetInput().fill('can I talk to a human?');
    await widgetInput().press('Enter');
    for (const name of ['Priya Shah', 'Tom Berg']) {
      const created = await api('POST', '/v1/conversations', { customer: { name } });
      const c = { id: (created['conversation'] as { id: string }).id, token: created['token'] as string };
      customers.set(name, c);
      await api(
        'POST',
        `/v1/conversations/${c.id}/turns`,
        { role: 'customer', text: 'I need to speak to an agent please' },
        c.token,
      );
    }

    for (let accepted = 0; accepted < 3; accepted++) {
      const offer = agent.getByTestId('offer-card').first();
      await offer.waitFor();
      await offer.getByRole('button', { name: 'Accept' }).click();
      await agent.getByRole('list', { name: 'Your conversations' }).getByRole('button').nth(accepted).waitFor();
    }
    for (const name of ['Jordan Lee', 'Priya Shah', 'Tom Berg']) {
      await pick(name).click();
      const composer = agent.getByRole('textbox', { name: 'Reply to the customer' });
      await composer.fill(`Hi ${name.split(' ')[0] ?? ''}, this is Alice. I'm on it.`);
      await composer.press('Enter');
      await agent
        .getByRole('list', { name: 'Conversation transcript' })
        .locator('[data-role="agent"]')
        .filter({ hasText: 'this is Alice' })
        .waitFor();
    }
    await agent.getByRole('list', { name: 'Capacity in use' }).getByText('3 / 3').waitFor();
    await customer.locator(`${WIDGET} [data-role="agent"]`).filter({ hasText: 'this is Alice' }).waitFor();
    await pick('Jordan Lee').click();
    await agent.screenshot({ path: join(screenshots, 'workspace-three-chats.png') });
    expect(blocking(await auditAccessibility(agent))).toEqual([]);
  }, 90_000);

  it('transfers one chat to the Billing queue with a note; Bob gets it with the context', async () => {
    const bobLogin = await api('POST', '/v1/auth/login', { email: 'bob@demo.baton', password: 'demo' });
    bob = await connectSocket(
      `${(server?.url ?? '').replace('http', 'ws')}/v1/agent/stream?token=${bobLogin['token'] as string}`,
    );
    await bob.next((f) => f['type'] === 'hello');
    bob.send({ type: 'presence.set', presence: 'available', ref: 'p' });
    await bob.next((f) => f['type'] === 'ack');

    await pick('Priya Shah').click();
    await agent.getByRole('button', { name: 'Transfer…' }).click();
    const panel = agent.getByRole('form', { name: 'Transfer the conversation' });
    await panel.getByRole('option', { name: 'Billing queue' }).waitFor({ state: 'attached' });
    await panel.getByLabel('Transfer to').selectOption({ label: 'Billing queue' });
    await panel.getByLabel('Note for the next person (optional)').fill('Double charge on the March invoice');
    await panel.getByRole('button', { name: 'Transfer now' }).click();
    await agent.locator('.conversation-head').getByText('Transferred').waitFor();

    const priya = customers.get('Priya Shah')?.id ?? '';
    const offer = await bob.next<{ context: { handoff: { queueId: string; reason: { agent: string } } } }>(
      (f) => f['type'] === 'offer' && (f['reservation'] as { conversationId: string }).conversationId === priya,
      STEP_MS,
    );
    expect(offer.context.handoff.queueId).toBe('queue_billing');
    expect(offer.context.handoff.reason.agent).toContain('Double charge on the March invoice');

    const wrap = agent.getByRole('form', { name: 'Wrap-up' });
    expect(await wrap.getByLabel('Disposition').inputValue()).toBe('transferred');
    await wrap.getByLabel('Notes').fill('Billing to refund the second charge.');
    await wrap.getByRole('radio', { name: 'Yes, it needed a person' }).check();
    await wrap.getByRole('button', { name: 'Save wrap-up' }).click();
    await agent.getByText('Wrap-up saved.').waitFor();
    const handoffs = await server?.ctx.store.handoffsForConversation(priya);
    expect(await server?.ctx.store.getWrapUp(handoffs?.[0]?.id ?? '')).toMatchObject({
      disposition: 'transferred',
      handoffNeeded: true,
      notes: 'Billing to refund the second charge.',
    });
  }, 60_000);

  it('hands one back to the assistant, which answers again', async () => {
    await pick('Tom Berg').click();
    await agent.getByRole('button', { name: 'Hand back to assistant' }).click();
    await agent.locator('.conversation-head').getByText('Handed back').waitFor();
    const tom = customers.get('Tom Berg') ?? { id: '', token: '' };
    await api('POST', `/v1/conversations/${tom.id}/turns`, { role: 'customer', text: 'Where is my order?' }, tom.token);
    await expect
      .poll(
        async () => {
          const detail = await api('GET', `/v1/conversations/${tom.id}`, undefined, tom.token);
          return (detail['turns'] as { role: string; text: string }[]).filter((t) => t.role === 'assistant').length;
        },
        { timeout: STEP_MS },
      )
      .toBeGreaterThan(0);

    const wrap = agent.getByRole('form', { name: 'Wrap-up' });
    await wrap.getByLabel('Notes').fill('Only wanted tracking; the assistant has it.');
    await wrap.getByRole('radio', { name: 'No, the assistant could have handled it' }).check();
    await wrap.getByRole('button', { name: 'Save wrap-up' }).click();
    await agent.getByText('Wrap-up saved.').waitFor();
  }, 60_000);

  it('closes the last chat, wraps it up, and the customer answers the survey', async () => {
    await pick('Jordan Lee').click();
    await agent.getByRole('button', { name: 'Close conversation' }).click();
    const wrap = agent.getByRole('form', { name: 'Wrap-up' });
    await wrap.getByLabel('Notes').fill('Order 4417 located.');
    await wrap.getByRole('radio', { name: 'Yes, it needed a person' }).check();
    await wrap.getByRole('button', { name: 'Save wrap-up' }).click();
    await agent.getByText('Wrap-up saved.').waitFor();

    const survey = customer.getByRole('form', { name: 'Satisfaction survey' });
    await survey.getByText('How did we do?').waitFor();
    await customer.locator(`${WIDGET} label[for="baton-rating-4"]`).click();
    await survey.getByRole('textbox', { name: 'Comment' }).fill('Alice was quick and kind.');
    await customer.locator(`${WIDGET} .panel`).screenshot({ path: join(screenshots, 'widget-survey.png') });
    expect(blocking(await auditAccessibility(customer, WIDGET))).toEqual([]);
    await survey.getByRole('button', { name: 'Send feedback' }).click();
    await survey.getByText('Thank you for your feedback.').waitFor();
    const jordan = customers.get('Jordan Lee')?.id ?? '';
    expect(await server?.ctx.store.getSurvey(jordan)).toMatchObject({
      rating: 4,
      comment: 'Alice was quick and kind.',
      agentId: 'agt_alice',
    });
    // After a reload the survey stays answered.
    await customer.reload();
    await customer
      .getByRole('form', { name: 'Satisfaction survey' })
      .getByText('Thank you for your feedback.')
      .waitFor();
  }, 60_000);
});
