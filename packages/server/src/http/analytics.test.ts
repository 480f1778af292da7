/**
 * Handoff analytics against a simulated day with known ground truth (N1–N8): the scenario of
 * testing/analytics-day.ts drives a real server's services on a fake clock and records what happened.
 * Every figure of `GET /v1/analytics/summary` and every CSV row is compared with that record, counted here
 * independently of the analytics code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import {
  FakeClock,
  simulateAnalyticsDay,
  type TruthConversation,
  type TruthHandoff,
} from '../testing/analytics-day.ts';

const DAY_START = Date.parse('2026-03-02T08:00:00.000Z');
const DAY_MS = 86_400_000;

const nearestRank = (values: number[], p: number): number | null => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? null : (s[Math.ceil((p / 100) * s.length) - 1] ?? null);
};
const mean = (v: number[]): number | null => (v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length);

const HOUR_MS = 3_600_000;

/** The expected hourly series of the day starting at DAY_START (a UTC hour), counted from the record. */
const hourly = (conversations: TruthConversation[], handoffs: TruthHandoff[]) =>
  Array.from({ length: 24 }, (_, i) => {
    const start = DAY_START + i * HOUR_MS;
    const inHour = (ms: number) => ms >= start && ms < start + HOUR_MS;
    const created = handoffs.filter((h) => inHour(h.createdAt));
    const waits = created.flatMap((h) => (h.wait === null ? [] : [h.wait]));
    return {
      start: new Date(start).toISOString(),
      conversations: conversations.filter((c) => inHour(c.createdAt)).length,
      handoffs: created.length,
      connected: waits.length,
      abandoned: created.filter((h) => h.stage !== null).length,
      medianSpeedOfAnswer: nearestRank(waits, 50),
    };
  });

describe('analytics over a simulated day', () => {
  const clock = new FakeClock(DAY_START);
  let server: RunningServer;
  let handoffs: TruthHandoff[] = [];
  let conversations: TruthConversation[] = [];
  let supervisorToken = '';
  let agentToken = '';

  const get = async (path: string, token = supervisorToken) => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
  };

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, logLevel: 'silent', clock, secret: 'analytics-test-secret!' });
    const login = async (email: string) => {
      const res = await fetch(`${server.url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'demo' }),
      });
      return ((await res.json()) as { token: string }).token;
    };
    ({ handoffs, conversations } = await simulateAnalyticsDay(server, clock, DAY_START));
    // Signed in last: tokens expire on the (fake) clock.
    supervisorToken = await login('sam@demo.baton');
    agentToken = await login('alice@demo.baton');
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  const range = `from=${new Date(DAY_START).toISOString()}&to=${new Date(DAY_START + DAY_MS).toISOString()}`;

  it('has a scenario with every case in it', () => {
    const outcomes = {
      abandonedQueued: handoffs.filter((h) => h.stage === 'before_offer').length,
      abandonedOffered: handoffs.filter((h) => h.stage === 'after_offer').length,
      rejectedThenAccepted: handoffs.filter((h) => h.rejected > 0 && h.agentId !== null).length,
      transfers: handoffs.filter((h) => h.reason === 'transfer').length,
      missed: conversations.filter((c) => c.frustratedMissed).length,
      repeat: conversations.filter((c) => c.fcr?.repeat === true).length,
      notNeeded: handoffs.filter((h) => h.notNeeded).length,
      oneReply: handoffs.filter((h) => h.resolved && h.replies === 1).length,
    };
    for (const [name, n] of Object.entries(outcomes)) expect({ name, n: n > 0 }).toEqual({ name, n: true });
  });

  it('matches the ground truth on every summary figure', async () => {
    const res = await get(`/v1/analytics/summary?${range}`);
    expect(res.status).toBe(200);
    const s = JSON.parse(res.text) as Record<string, unknown> & {
      totals: Record<string, unknown>;
      funnel: { all: Record<string, unknown>; byReason: Record<string, unknown>[] };
      handoffRate: { byChannel: unknown[]; byReason: unknown[]; byIntent: unknown[] };
      dropOff: Record<string, unknown> & { abandonedAfter: Record<string, unknown> };
      speedOfAnswer: Record<string, unknown> & { buckets: { le: number | null; count: number }[] };
      sla: unknown[];
      handleTime: { byQueue: Record<string, unknown>[]; byAgent: Record<string, unknown>[] };
      firstContactResolution: Record<string, unknown>;
      satisfaction: { handedOff: unknown; assistantOnly: unknown; byReason: unknown[] };
      quality: { unneeded: Record<string, unknown>; missed: Record<string, unknown> };
      byTime: { bucket: string; rows: unknown[] };
    };
    const connected = handoffs.filter((h) => h.agentId !== null);
    const abandoned = handoffs.filter((h) => h.stage !== null);
    const handedOff = conversations.filter((c) => c.handedOff);
    expect(s.totals).toEqual({
      conversations: conversations.length,
      handoffs: handoffs.length,
      conversationsHandedOff: handedOff.length,
      containment: (conversations.length - handedOff.length) / conversations.length,
    });

    const funnel = (reason: string, list: TruthHandoff[]) => ({
      reason,
      triggered: list.length,
      queued: list.length,
      offered: list.filter((h) => h.offers > 0).length,
      connected: list.filter((h) => h.agentId !== null).length,
      resolved: list.filter((h) => h.resolved).length,
      abandoned: list.filter((h) => h.stage !== null).length,
    });
    const reasons = [...new Set(handoffs.map((h) => h.reason))].sort();
    expect(s.funnel.all).toEqual(funnel('all', handoffs));
    expect(s.funnel.byReason).toEqual(
      reasons.map((r) =>
        funnel(
          r,
          handoffs.filter((h) => h.reason === r),
        ),
      ),
    );
    expect(s.handoffRate.byReason).toEqual(
      reasons.map((r) => {
        const n = new Set(handoffs.filter((h) => h.reason === r).map((h) => h.conversationId)).size;
        return { key: r, conversations: conversations.length, handedOff: n, rate: n / conversations.length };
      }),
    );
    const rate = (key: string, list: TruthConversation[]) => {
      const n = list.filter((c) => c.handedOff).length;
      return { key, conversations: list.length, handedOff: n, rate: n / list.length };
    };
    expect(s.handoffRate.byChannel).toEqual(
      (['chat', 'voice'] as const).map((ch) =>
        rate(
          ch,
          conversations.filter((c) => c.channel === ch),
        ),
      ),
    );
    expect(s.handoffRate.byIntent).toEqual(
      ['(none)', 'order_status', 'password_reset'].map((k) =>
        rate(
          k,
          conversations.filter((c) => (c.intent ?? '(none)') === k),
        ),
      ),
    );

    const dist = (v: number[]) => ({
      count: v.length,
      mean: mean(v),
      p50: nearestRank(v, 50),
      p90: nearestRank(v, 90),
      p95: nearestRank(v, 95),
      p99: nearestRank(v, 99),
      max: v.length === 0 ? null : Math.max(...v),
    });
    const abandonedAfter = abandoned.map((h) => h.abandonedAfter ?? -1);
    expect(s.dropOff).toMatchObject({
      abandoned: abandoned.length,
      beforeOffer: abandoned.filter((h) => h.stage === 'before_offer').length,
      afterOffer: abandoned.filter((h) => h.stage === 'after_offer').length,
      rate: abandoned.length / handoffs.length,
      abandonedAfter: dist(abandonedAfter),
    });
    const waits = connected.map((h) => h.wait ?? -1);
    expect(s.speedOfAnswer).toMatchObject(dist(waits));
    const bounds = [10, 20, 30, 60, 120, 300, 600, 1800];
    expect(s.speedOfAnswer.buckets).toEqual([
      ...bounds.map((le, i) => ({ le, count: waits.filter((w) => w <= le && w > (bounds[i - 1] ?? -1)).length })),
      { le: null, count: waits.filter((w) => w > 1800).length },
    ]);

    const sla = (queueId: string, name: string, target: number) => {
      const list = handoffs.filter((h) => h.queueId === queueId);
      const conn = list.filter((h) => h.wait !== null);
      const within = conn.filter((h) => (h.wait ?? Infinity) <= target).length;
      const ab = list.filter((h) => h.stage !== null).length;
      return {
        queueId,
        queueName: name,
        slaSeconds: target,
        connected: conn.length,
        answeredWithinSla: within,
        abandoned: ab,
        attainment: within / (conn.length + ab),
      };
    };
    expect(s.sla).toEqual([sla('q_support', 'Support', 60), sla('q_vip', 'VIP', 20)]);

    const handled = handoffs.filter((h) => h.handle !== null);
    const timeRow = (key: string, list: TruthHandoff[]) => {
      const v = list.map((h) => h.handle ?? -1);
      return { key, totalSeconds: v.reduce((a, b) => a + b, 0), ...dist(v) };
    };
    expect(s.handleTime.byQueue).toMatchObject(
      ['q_support', 'q_vip'].map((q) =>
        timeRow(
          q,
          handled.filter((h) => h.queueId === q),
        ),
      ),
    );
    expect(s.handleTime.byAgent).toMatchObject(
      ['agt_alice', 'agt_bob'].map((a) =>
        timeRow(
          a,
          handled.filter((h) => h.agentId === a),
        ),
      ),
    );

    const eligible = conversations.filter((c) => c.fcr !== null);
    const repeats = eligible.filter((c) => c.fcr?.repeat === true).length;
    expect(s.firstContactResolution).toEqual({
      windowSeconds: 7 * 86_400,
      eligible: eligible.length,
      resolvedFirstContact: eligible.length - repeats,
      repeatContacts: repeats,
      rate: (eligible.length - repeats) / eligible.length,
    });

    const csat = (list: TruthConversation[]) => {
      const r = list.flatMap((c) => (c.rating === null ? [] : [c.rating]));
      return { responses: r.length, meanRating: mean(r), satisfiedShare: r.filter((x) => x >= 4).length / r.length };
    };
    expect(s.satisfaction.handedOff).toEqual(csat(handedOff));
    expect(s.satisfaction.assistantOnly).toEqual(csat(conversations.filter((c) => !c.handedOff)));
    const firstReason = (c: TruthConversation) => handoffs.find((h) => h.conversationId === c.id)?.reason;
    expect(s.satisfaction.byReason).toEqual(
      reasons
        .map((r) => ({ reason: r, list: handedOff.filter((c) => c.rating !== null && firstReason(c) === r) }))
        .filter((x) => x.list.length > 0)
        .map((x) => ({ reason: x.reason, ...csat(x.list) })),
    );

    const oneReply = handoffs.filter((h) => h.resolved && h.replies === 1);
    const unneeded = handoffs.filter((h) => h.notNeeded || (h.resolved && h.replies === 1));
    expect(s.quality.unneeded).toEqual({
      total: unneeded.length,
      markedByAgent: handoffs.filter((h) => h.notNeeded).length,
      solvedInOneReply: oneReply.length,
      rate: unneeded.length / connected.length,
    });
    const missed = conversations.filter((c) => c.frustratedMissed);
    expect(s.quality.missed).toEqual({
      frustratedNotHandedOff: missed.length,
      abandonedHandoffs: abandoned.length,
      total: new Set([...missed.map((c) => c.id), ...abandoned.map((h) => h.conversationId)]).size,
    });

    // By time: a one-day range is cut into its 24 UTC hours, each counting what was created in it.
    expect(s.byTime.bucket).toBe('hour');
    expect(s.byTime.rows).toEqual(hourly(conversations, handoffs));
    expect(s.byTime.rows.filter((r) => (r as { handoffs: number }).handoffs > 0).length).toBeGreaterThan(3);
  });

  it('filters by channel, queue, agent and reason', async () => {
    const voice = JSON.parse((await get(`/v1/analytics/summary?${range}&channel=voice`)).text) as {
      totals: { conversations: number; handoffs: number };
      byTime: { rows: unknown[] };
    };
    expect(voice.totals).toMatchObject({
      conversations: conversations.filter((c) => c.channel === 'voice').length,
      handoffs: handoffs.filter((h) => h.channel === 'voice').length,
    });
    expect(voice.byTime.rows).toEqual(
      hourly(
        conversations.filter((c) => c.channel === 'voice'),
        handoffs.filter((h) => h.channel === 'voice'),
      ),
    );
    const vip = JSON.parse((await get(`/v1/analytics/summary?${range}&queue=q_vip`)).text) as {
      totals: { handoffs: number };
    };
    expect(vip.totals.handoffs).toBe(handoffs.filter((h) => h.queueId === 'q_vip').length);
    const bob = JSON.parse((await get(`/v1/analytics/summary?${range}&agent=agt_bob`)).text) as {
      funnel: { all: { connected: number } };
    };
    expect(bob.funnel.all.connected).toBe(handoffs.filter((h) => h.agentId === 'agt_bob').length);
    const fraud = JSON.parse((await get(`/v1/analytics/summary?${range}&reason=regulated_topic`)).text) as {
      totals: { handoffs: number };
    };
    expect(fraud.totals.handoffs).toBe(handoffs.filter((h) => h.reason === 'regulated_topic').length);
    const intent = JSON.parse((await get(`/v1/analytics/summary?${range}&intent=order_status`)).text) as {
      totals: { conversations: number };
    };
    expect(intent.totals.conversations).toBe(conversations.filter((c) => c.intent === 'order_status').length);
    const before = JSON.parse(
      (await get(`/v1/analytics/summary?from=2026-03-01T00:00:00Z&to=${new Date(DAY_START).toISOString()}`)).text,
    ) as { totals: { conversations: number } };
    expect(before.totals.conversations).toBe(0);
  });

  it('exports one CSV row per handoff with the same timings', async () => {
    const res = await get(`/v1/analytics/export.csv?${range}`);
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/csv');
    const [header, ...lines] = res.text.trimEnd().split('\r\n');
    const cols = (header ?? '').split(',');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i] ?? '', v])));
    expect(rows).toHaveLength(handoffs.length);
    const key = (conversationId: string, reason: string) => `${conversationId}/${reason}`;
    const byKey = new Map(rows.map((r) => [key(r['conversation_id'] ?? '', r['reason'] ?? ''), r]));
    for (const h of handoffs) {
      const row = byKey.get(key(h.conversationId, h.reason));
      expect(row).toMatchObject({
        queue_id: h.queueId,
        channel: h.channel,
        offers: String(h.offers),
        rejected: String(h.rejected),
        agent_id: h.agentId ?? '',
        wait_seconds: h.wait === null ? '' : String(h.wait),
        abandoned_after_seconds: h.abandonedAfter === null ? '' : String(h.abandonedAfter),
        dropped_stage: h.stage ?? '',
        handle_seconds: h.handle === null ? '' : String(h.handle),
        resolved: String(h.resolved),
        agent_replies: String(h.agentId === null ? 0 : h.replies),
        intent: h.intent ?? '',
      });
    }
  });

  it('is for supervisors only and checks the range', async () => {
    expect((await get(`/v1/analytics/summary?${range}`, agentToken)).status).toBe(403);
    expect((await get(`/v1/analytics/export.csv?${range}`, agentToken)).status).toBe(403);
    expect((await get(`/v1/analytics/summary?${range}`, 'nope')).status).toBe(401);
    const inverted = await get('/v1/analytics/summary?from=2026-03-03T00:00:00Z&to=2026-03-02T00:00:00Z');
    expect(inverted.status).toBe(400);
    expect(JSON.parse(inverted.text)).toMatchObject({ error: { code: 'invalid_range' } });
    expect((await get('/v1/analytics/summary?from=yesterday')).status).toBe(400);
  });

  it('counts handoffs, waits, abandonments and queue depth in Prometheus metrics', async () => {
    const text = await server.ctx.metrics.registry.metrics();
    const value = (line: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(line))
          ?.split(' ')
          .at(-1),
      );
    expect(value('baton_handoffs_total{reason="frustration",queue="q_support"}')).toBe(
      handoffs.filter((h) => h.reason === 'frustration').length,
    );
    expect(value('baton_handoff_abandonments_total{queue="q_support"}')).toBe(
      handoffs.filter((h) => h.stage !== null).length,
    );
    expect(value('baton_handoff_speed_of_answer_seconds_count{queue="q_support"}')).toBe(
      handoffs.filter((h) => h.queueId === 'q_support' && h.agentId !== null).length,
    );
    expect(value('baton_handoff_speed_of_answer_seconds_sum{queue="q_support"}')).toBe(
      handoffs.filter((h) => h.queueId === 'q_support' && h.agentId !== null).reduce((a, h) => a + (h.wait ?? 0), 0),
    );
    expect(value('baton_queue_depth{queue="q_support"}')).toBe(0);
  });
});
