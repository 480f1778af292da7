import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '@baton/server';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeClock,
  simulateAnalyticsDay,
  type TruthConversation,
  type TruthHandoff,
} from '../packages/server/src/testing/analytics-day.ts';
import { bucketLabel, duration, percent, rating } from '../packages/web/src/supervisor/analytics/analytics-format.ts';
import { auditAccessibility, blocking } from './support/accessibility-audit.ts';
import { ensureUiBuilt, repoRoot } from './support/ensure-ui-built.ts';
import { CHROMIUM, haveChromium, launchChromium } from './support/launch-chromium.ts';

/**
 * Issue 9 in Chromium: the simulated day of packages/server/src/testing/analytics-day.ts (known ground truth)
 * is played on a real server, and Sam opens a shared dashboard link for that day. Every figure shown — the
 * key figures, the funnel per reason, the hourly series, drop-off, SLA, handle time by queue and agent,
 * first-contact resolution, satisfaction, unneeded and missed handoffs, handoff rates by channel and intent —
 * must equal what the scenario recorded, counted here independently of the analytics code; then again with
 * the channel filter set, after a reload, and in the CSV export.
 */

const screenshots = join(repoRoot, 'docs', 'screenshots');
const STEP_MS = 20_000;
const DAY_START = Date.parse('2026-03-02T08:00:00.000Z');
const HOUR_MS = 3_600_000;
const QUEUE_NAMES: Record<string, string> = { q_support: 'Support', q_vip: 'VIP' };
const QUEUE_SLA: Record<string, number> = { q_support: 60, q_vip: 20 };

type Running = Awaited<ReturnType<typeof startServer>>;

const nearestRank = (values: number[], p: number): number | null => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? null : (s[Math.ceil((p / 100) * s.length) - 1] ?? null);
};
const mean = (v: number[]): number | null => (v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length);
const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const sorted = (keys: Iterable<string>) => [...new Set(keys)].sort();
const BOUNDS = [10, 20, 30, 60, 120, 300, 600, 1800];

/** A histogram's rows as its table shows them: buckets up to the last non-empty one. */
const histogramRows = (values: number[]): string[][] => {
  const counts = [...BOUNDS, null].map(
    (le, i) => values.filter((v) => (le === null || v <= le) && v > (BOUNDS[i - 1] ?? -Infinity)).length,
  );
  const last = counts.reduce((at, n, i) => (n > 0 ? i : at), -1);
  return counts.slice(0, last + 1).map((n, i) => [bucketLabel(BOUNDS[i] ?? null, BOUNDS[i - 1] ?? null), String(n)]);
};

/** What the dashboard must show for these conversations and handoffs, as the strings on screen. */
function expectedView(conversations: TruthConversation[], handoffs: TruthHandoff[]) {
  const connected = handoffs.filter((h) => h.agentId !== null);
  const abandoned = handoffs.filter((h) => h.stage !== null);
  const handedOff = conversations.filter((c) => c.handedOff);
  const waits = connected.map((h) => h.wait ?? 0);
  const handled = handoffs.filter((h) => h.handle !== null);
  const queues = sorted(handoffs.map((h) => h.queueId));
  const within = (h: TruthHandoff) => h.wait !== null && h.wait <= (QUEUE_SLA[h.queueId] ?? 0);
  const eligible = conversations.filter((c) => c.fcr !== null);
  const repeats = eligible.filter((c) => c.fcr?.repeat === true).length;
  const unneeded = handoffs.filter((h) => h.notNeeded || (h.resolved && h.replies === 1));
  const missed = conversations.filter((c) => c.frustratedMissed);
  const funnel = (label: string, list: TruthHandoff[]) =>
    [
      label,
      list.length,
      list.length,
      list.filter((h) => h.offers > 0).length,
      list.filter((h) => h.agentId !== null).length,
      list.filter((h) => h.resolved).length,
      list.filter((h) => h.stage !== null).length,
    ].map(String);
  const timeRow = (label: string, list: TruthHandoff[]) => {
    const v = list.map((h) => h.handle ?? 0);
    return [
      label,
      String(v.length),
      duration(nearestRank(v, 50)),
      duration(mean(v)),
      duration(nearestRank(v, 90)),
      duration(v.reduce((a, b) => a + b, 0)),
    ];
  };
  const csat = (label: string, list: TruthConversation[]) => {
    const r = list.flatMap((c) => (c.rating === null ? [] : [c.rating]));
    return [label, String(r.length), rating(mean(r)), percent(ratio(r.filter((x) => x >= 4).length, r.length))];
  };
  const firstReason = (c: TruthConversation) => handoffs.find((h) => h.conversationId === c.id)?.reason;
  const rate = (key: string, list: TruthConversation[]) => {
    const n = list.filter((c) => c.handedOff).length;
    return [key, String(list.length), String(n), percent(ratio(n, list.length))];
  };
  const reasons = sorted(handoffs.map((h) => h.reason));
  const inHour = (ms: number, start: number) => ms >= start && ms < start + HOUR_MS;
  return {
    figures: {
      Handoffs: String(handoffs.length),
      'Contained by the assistant': percent(ratio(conversations.length - handedOff.length, conversations.length)),
      Abandoned: percent(ratio(abandoned.length, handoffs.length)),
      'Speed of answer': duration(nearestRank(waits, 50)),
      'Within SLA': percent(ratio(handoffs.filter(within).length, connected.length + abandoned.length)),
      'Handle time': duration(
        nearestRank(
          handled.map((h) => h.handle ?? 0),
          50,
        ),
      ),
      'First-contact resolution': percent(ratio(eligible.length - repeats, eligible.length)),
      'Unneeded handoffs': String(unneeded.length),
      'Missed handoffs': String(new Set([...missed.map((c) => c.id), ...abandoned.map((h) => h.conversationId)]).size),
    },
    tables: {
      'Funnel by reason': [
        ...reasons.map((r) =>
          funnel(
            r,
            handoffs.filter((h) => h.reason === r),
          ),
        ),
        funnel('All', handoffs),
      ],
      'Over time': Array.from({ length: 24 }, (_, i) => {
        const start = DAY_START + i * HOUR_MS;
        const created = handoffs.filter((h) => inHour(h.createdAt, start));
        const w = created.flatMap((h) => (h.wait === null ? [] : [h.wait]));
        return [
          new Date(start).toISOString(),
          String(conversations.filter((c) => inHour(c.createdAt, start)).length),
          String(created.length),
          String(w.length),
          String(created.filter((h) => h.stage !== null).length),
          duration(nearestRank(w, 50)),
        ];
      }),
      'Drop-off': [
        ['Before an offer', String(abandoned.filter((h) => h.stage === 'before_offer').length), ''],
        ['After an offer', String(abandoned.filter((h) => h.stage === 'after_offer').length), ''],
        [
          'All',
          String(abandoned.length),
          duration(
            nearestRank(
              abandoned.map((h) => h.abandonedAfter ?? 0),
              50,
            ),
          ),
        ],
        // When customers left: the histogram's table.
        ...histogramRows(abandoned.map((h) => h.abandonedAfter ?? 0)),
      ],
      'Speed of answer': histogramRows(waits),
      'SLA by queue': queues.map((q) => {
        const list = handoffs.filter((h) => h.queueId === q);
        const conn = list.filter((h) => h.wait !== null).length;
        const ab = list.filter((h) => h.stage !== null).length;
        const ok = list.filter(within).length;
        return [
          QUEUE_NAMES[q] ?? q,
          duration(QUEUE_SLA[q] ?? null),
          String(conn),
          String(ok),
          String(ab),
          percent(ratio(ok, conn + ab)),
        ];
      }),
      'Handle time by queue': sorted(handled.map((h) => h.queueId)).map((q) =>
        timeRow(
          QUEUE_NAMES[q] ?? q,
          handled.filter((h) => h.queueId === q),
        ),
      ),
      'Handle time by agent': sorted(handled.map((h) => h.agentId ?? '')).map((a) =>
        timeRow(
          a,
          handled.filter((h) => h.agentId === a),
        ),
      ),
      'First-contact resolution': [
        ['Closed after an agent answered', String(eligible.length)],
        ['Came back within 7 days', String(repeats)],
        [
          'Resolved at first contact',
          `${eligible.length - repeats} (${percent(ratio(eligible.length - repeats, eligible.length))})`,
        ],
      ],
      Satisfaction: [
        csat('Handed off', handedOff),
        csat(
          'Assistant only',
          conversations.filter((c) => !c.handedOff),
        ),
        ...reasons
          .map((r) => ({ r, list: handedOff.filter((c) => c.rating !== null && firstReason(c) === r) }))
          .filter((x) => x.list.length > 0)
          .map((x) => csat(`After ${x.r}`, x.list)),
      ],
      'Unneeded and missed handoffs': [
        ['Unneeded', String(unneeded.length)],
        ['Marked not needed by the agent', String(handoffs.filter((h) => h.notNeeded).length)],
        ['Solved in one reply', String(handoffs.filter((h) => h.resolved && h.replies === 1).length)],
        [
          'Missed (conversations)',
          String(new Set([...missed.map((c) => c.id), ...abandoned.map((h) => h.conversationId)]).size),
        ],
        ['Frustrated, never handed off', String(missed.length)],
        ['Abandoned handoffs', String(abandoned.length)],
      ],
      'Handoff rate by channel': sorted(conversations.map((c) => c.channel)).map((ch) =>
        rate(
          ch,
          conversations.filter((c) => c.channel === ch),
        ),
      ),
      'Handoff rate by intent': sorted(conversations.map((c) => c.intent ?? '(none)')).map((k) =>
        rate(
          k,
          conversations.filter((c) => (c.intent ?? '(none)') === k),
        ),
      ),
    } as Record<string, string[][]>,
    speedNote:
      `${waits.length} answered · median ${duration(nearestRank(waits, 50))} · p90 ${duration(nearestRank(waits, 90))}` +
      ` · p95 ${duration(nearestRank(waits, 95))} · longest ${duration(waits.length === 0 ? null : Math.max(...waits))}`,
  };
}

describe.skipIf(!haveChromium && !process.env.CI)('analytics dashboard against a simulated day', () => {
  const clock = new FakeClock(DAY_START);
  let server: Running;
  let browser: Browser | undefined;
  let sam: Page;
  let handoffs: TruthHandoff[] = [];
  let conversations: TruthConversation[] = [];

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);
    await ensureUiBuilt();
    mkdirSync(screenshots, { recursive: true });
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      demo: true,
      logLevel: 'warn',
      clock,
      secret: 'analytics-dashboard-secret!',
    });
    ({ handoffs, conversations } = await simulateAnalyticsDay(server, clock, DAY_START));
    browser = await launchChromium();
    const context = await browser.newContext({
      baseURL: server.url,
      bypassCSP: true,
      viewport: { width: 1400, height: 1000 },
      timezoneId: 'UTC',
    });
    sam = await context.newPage();
    sam.setDefaultTimeout(STEP_MS);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const region = (name: string): Locator => sam.getByRole('region', { name, exact: true });
  const tableOf = async (name: string): Promise<string[][]> => {
    const rows = region(name).locator('table tbody tr');
    const out: string[][] = [];
    for (let i = 0; i < (await rows.count()); i++) out.push(await rows.nth(i).locator('th, td').allTextContents());
    return out;
  };
  const figure = (label: string) =>
    sam
      .getByRole('group', { name: 'Key figures' })
      .locator('.stat')
      .filter({ has: sam.locator('.stat-label', { hasText: new RegExp(`^${label}$`) }) })
      .locator('.stat-value');
  const expectDashboard = async (want: ReturnType<typeof expectedView>) => {
    await expect.poll(() => figure('Handoffs').textContent(), { timeout: STEP_MS }).toBe(want.figures.Handoffs);
    for (const [label, value] of Object.entries(want.figures)) {
      expect({ label, value: await figure(label).textContent() }).toEqual({ label, value });
    }
    for (const [name, rows] of Object.entries(want.tables)) {
      expect({ name, rows: await tableOf(name) }).toEqual({ name, rows });
    }
    expect(await region('Speed of answer').locator('.figures-note').textContent()).toBe(want.speedNote);
  };
  const range = `from=${new Date(DAY_START).toISOString()}&to=${new Date(DAY_START + 86_400_000).toISOString()}`;

  it('shows every figure of the day as the scenario counted it, filtered, reloaded and exported', async () => {
    // A shared link to the day: the dashboard opens on it after signing in.
    await sam.goto(`/supervisor.html?tab=analytics&${range}`);
    await sam.getByLabel('Email').fill('sam@demo.baton');
    await sam.getByLabel('Password').fill('demo');
    await sam.getByRole('button', { name: 'Sign in' }).click();
    await sam.getByRole('heading', { name: 'Handoff analytics' }).waitFor();
    expect(await sam.getByLabel('Range').inputValue()).toBe('custom');
    await expectDashboard(expectedView(conversations, handoffs));
    await sam.screenshot({ path: join(screenshots, 'supervisor-analytics.png'), fullPage: true });
    expect(blocking(await auditAccessibility(sam))).toEqual([]);

    // The voice channel only: conversations and their handoffs, in the URL so the view can be shared.
    await sam.getByRole('combobox', { name: 'Channel' }).selectOption('voice');
    await expect.poll(() => new URL(sam.url()).searchParams.get('channel')).toBe('voice');
    const voice = expectedView(
      conversations.filter((c) => c.channel === 'voice'),
      handoffs.filter((h) => h.channel === 'voice'),
    );
    expect(Number(voice.figures.Handoffs)).toBeGreaterThan(0);
    expect(voice.figures.Handoffs).not.toBe(String(handoffs.length));
    await expectDashboard(voice);
    await sam.screenshot({ path: join(screenshots, 'supervisor-analytics-filtered.png'), fullPage: true });

    // Reloaded, the same view (the session survives a reload).
    await sam.reload();
    await sam.getByRole('heading', { name: 'Handoff analytics' }).waitFor();
    expect(await sam.getByRole('combobox', { name: 'Channel' }).inputValue()).toBe('voice');
    await expectDashboard(voice);

    // The CSV export holds the rows on screen: one per voice handoff of the day.
    const [download] = await Promise.all([
      sam.waitForEvent('download'),
      sam.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const lines = readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(1 + Number(voice.figures.Handoffs));
    const channelCol = (lines[0] ?? '').split(',').indexOf('channel');
    expect(new Set(lines.slice(1).map((l) => l.split(',')[channelCol]))).toEqual(new Set(['voice']));

    // A handoff-level filter (transfers only, all channels): the handoff figures follow it, conversation-level
    // ones (containment, assistant-only satisfaction) do not, by definition; those following it are checked.
    await sam.getByRole('button', { name: 'Clear filters' }).click();
    await sam.getByRole('combobox', { name: 'Reason' }).selectOption('transfer');
    await expect.poll(() => new URL(sam.url()).searchParams.get('reason')).toBe('transfer');
    expect(new URL(sam.url()).searchParams.get('channel')).toBeNull();
    const transfers = expectedView(
      conversations,
      handoffs.filter((h) => h.reason === 'transfer'),
    );
    await expect.poll(() => figure('Handoffs').textContent(), { timeout: STEP_MS }).toBe(transfers.figures.Handoffs);
    for (const label of ['Abandoned', 'Speed of answer', 'Within SLA', 'Handle time', 'Unneeded handoffs'] as const) {
      expect({ label, value: await figure(label).textContent() }).toEqual({ label, value: transfers.figures[label] });
    }
    for (const name of [
      'Funnel by reason',
      'SLA by queue',
      'Handle time by queue',
      'Handle time by agent',
      'Speed of answer',
    ]) {
      expect({ name, rows: await tableOf(name) }).toEqual({ name, rows: transfers.tables[name] });
    }
    expect(blocking(await auditAccessibility(sam))).toEqual([]);
  }, 180_000);
});
