import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '@baton/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket } from '../packages/server/src/testing/ws-client.ts';
import { auditAccessibility, blocking } from './support/accessibility-audit.ts';
import { ensureUiBuilt, repoRoot } from './support/ensure-ui-built.ts';
import { CHROMIUM, haveChromium, launchChromium } from './support/launch-chromium.ts';

/**
 * N8 in Chromium against the real server: three customers ask for a person, Alice answers one, two leave;
 * Sam opens the Analytics tab and sees the funnel by reason, abandonment, speed of answer and SLA, live (real
 * clock, real sockets); every figure against a known day is checked in analytics-dashboard.test.ts.
 */

const screenshots = join(repoRoot, 'docs', 'screenshots');
const STEP_MS = 15_000;

type Running = Awaited<ReturnType<typeof startServer>>;

describe.skipIf(!haveChromium && !process.env.CI)('analytics dashboard for supervisors', () => {
  let server: Running;
  let browser: Browser | undefined;
  let sam: Page;

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
  const askForPerson = async (name: string) => {
    const created = await api('/v1/conversations', { customer: { name } });
    const id = (created['conversation'] as { id: string }).id;
    const token = created['token'] as string;
    await api(`/v1/conversations/${id}/turns`, { role: 'customer', text: 'can I talk to a human?' }, token);
    return { id, token };
  };

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);
    await ensureUiBuilt();
    mkdirSync(screenshots, { recursive: true });
    server = await startServer({ port: 0, host: '127.0.0.1', demo: true, assistant: true, logLevel: 'warn' });
    browser = await launchChromium();
    const context = await browser.newContext({
      baseURL: server.url,
      bypassCSP: true,
      viewport: { width: 1400, height: 1000 },
    });
    sam = await context.newPage();
    sam.setDefaultTimeout(STEP_MS);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows handoffs by reason and queue, abandonment, wait and SLA', async () => {
    // Alice answers the first handoff; the other two customers leave while waiting.
    const login = await api('/v1/auth/login', { email: 'alice@demo.baton', password: 'demo' });
    const alice = await connectSocket(
      `${server.url.replace('http', 'ws')}/v1/agent/stream?token=${String(login['token'])}`,
    );
    await alice.next((f) => f['type'] === 'hello');
    alice.send({ type: 'presence.set', presence: 'available', ref: 'p' });
    await alice.next((f) => f['ref'] === 'p');
    await askForPerson('Ada Quinn');
    const offer = await alice.next<{ reservation: { id: string } }>((f) => f['type'] === 'offer');
    alice.send({ type: 'offer.accept', reservationId: offer.reservation.id, ref: 'a' });
    await alice.next((f) => f['type'] === 'conversation.assigned');
    alice.send({ type: 'presence.set', presence: 'away', ref: 'q' });
    await alice.next((f) => f['ref'] === 'q');
    for (const name of ['Ben Ortiz', 'Cleo Park']) {
      const c = await askForPerson(name);
      await api(`/v1/conversations/${c.id}/close`, {}, c.token);
    }
    await alice.close();

    await sam.goto('/supervisor.html');
    await sam.getByLabel('Email').fill('sam@demo.baton');
    await sam.getByLabel('Password').fill('demo');
    await sam.getByRole('button', { name: 'Sign in' }).click();
    await sam.getByRole('tab', { name: 'Analytics' }).click();
    const figures = sam.getByRole('group', { name: 'Key figures' });
    await figures.getByText('Handoffs', { exact: true }).waitFor();
    const handoffs = figures
      .locator('.stat')
      .filter({ has: sam.locator('.stat-label', { hasText: /^Handoffs$/ }) })
      .locator('.stat-value');
    await expect.poll(() => handoffs.textContent()).toBe('3');
    const abandoned = figures
      .locator('.stat')
      .filter({ has: sam.locator('.stat-label', { hasText: /^Abandoned$/ }) })
      .locator('.stat-value');
    expect(await abandoned.textContent()).toBe('67%');

    await sam
      .getByRole('region', { name: 'Funnel by reason' })
      .getByRole('rowheader', { name: 'explicit_request' })
      .waitFor();
    await sam.getByRole('img', { name: 'Speed of answer histogram' }).waitFor();
    const slaRow = sam.getByRole('region', { name: 'SLA by queue' }).getByRole('row', { name: /^Support/ });
    await slaRow.waitFor();
    // Target, answered, within target, abandoned: the two who left.
    expect(await slaRow.getByRole('cell').nth(3).textContent()).toBe('2');

    // The CSV export: one row per handoff, behind the same supervisor token.
    const [download] = await Promise.all([
      sam.waitForEvent('download'),
      sam.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csvPath = await download.path();
    const csv = readFileSync(csvPath, 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + 3);

    // The screenshots of the dashboard are taken by analytics-dashboard.test.ts, on a fuller day.
    expect(blocking(await auditAccessibility(sam))).toEqual([]);
  }, 120_000);
});
