/**
 * Handoff analytics against a simulated day with known ground truth (N1–N8). A seeded scenario drives a real
 * server's services on a fake clock: conversations contained by the assistant, frustrated customers who were
 * never handed off, handoffs for three reasons that are abandoned while queued or while offered, accepted
 * at once or after a rejection, transferred to a second queue, wrapped up or not, rated or not, and repeat
 * contacts of some customers the next day. Every figure of `GET /v1/analytics/summary` and every CSV row is
 * compared with what the scenario recorded as it went, counted here independently of the analytics code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random, type Agent, type Channel, type Clock } from '@baton/core';
import { startServer, type RunningServer } from '../start-server.ts';

const DAY_START = Date.parse('2026-03-02T08:00:00.000Z');
const DAY_MS = 86_400_000;

class FakeClock implements Clock {
  constructor(public ms: number) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

type Reason = 'explicit_request' | 'frustration' | 'regulated_topic';
const ASK: Record<Reason, string> = {
  explicit_request: 'let me talk to a real person',
  frustration: 'This is ridiculous, I am so frustrated, nothing works',
  regulated_topic: 'I want to report fraud on my card',
};

/** What the scenario knows about one handoff. */
interface TruthHandoff {
  conversationId: string;
  reason: string;
  queueId: string;
  channel: Channel;
  intent: string | null;
  offers: number;
  rejected: number;
  agentId: string | null;
  wait: number | null;
  abandonedAfter: number | null;
  stage: 'before_offer' | 'after_offer' | null;
  handle: number | null;
  resolved: boolean;
  notNeeded: boolean;
  replies: number;
}

interface TruthConversation {
  id: string;
  channel: Channel;
  intent: string | null;
  handedOff: boolean;
  frustratedMissed: boolean;
  rating: number | null;
  /** Eligible for first-contact resolution, and whether the customer came back within the window. */
  fcr: { repeat: boolean } | null;
}

const nearestRank = (values: number[], p: number): number | null => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? null : (s[Math.ceil((p / 100) * s.length) - 1] ?? null);
};
const mean = (v: number[]): number | null => (v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length);

describe('analytics over a simulated day', () => {
  const clock = new FakeClock(DAY_START);
  let server: RunningServer;
  const handoffs: TruthHandoff[] = [];
  const conversations: TruthConversation[] = [];
  let supervisorToken = '';
  let agentToken = '';

  const get = async (path: string, token = supervisorToken) => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
  };

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, logLevel: 'silent', clock, secret: 'analytics-test-secret!' });
    const { ctx } = server;
    await ctx.store.upsertQueue({
      id: 'q_vip',
      name: 'VIP',
      requiredSkills: {},
      languages: [],
      channels: ['chat', 'voice'],
      priority: 2,
      slaSeconds: 20,
      offerTimeoutSeconds: 30,
    });
    const login = async (email: string) => {
      const res = await fetch(`${server.url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'demo' }),
      });
      return ((await res.json()) as { token: string }).token;
    };

    const rng = new Random(20260302);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rng.next() * items.length)] as T;
    const secs = (min: number, max: number) => min + Math.floor(rng.next() * (max - min + 1));
    const agent = async (id: string): Promise<Agent> => {
      const a = await ctx.store.getAgent(id);
      if (a === null) throw new Error(`no agent ${id}`);
      return a;
    };
    const pending = async (conversationId: string) =>
      (await ctx.store.listReservations({ status: ['pending'] })).filter((r) => r.conversationId === conversationId);
    const onlyOffer = async (conversationId: string, agentId: string) => {
      const [r, ...more] = await pending(conversationId);
      expect(more).toEqual([]);
      expect(r?.agentId).toBe(agentId);
      return r?.id ?? '';
    };
    for (const a of ['agt_alice', 'agt_bob']) await ctx.handoffs.setPresence(a, 'away');

    const customers: string[] = [];
    for (let i = 0; i < 48; i++) {
      clock.advance(secs(60, 600));
      const channel: Channel = rng.next() < 0.3 ? 'voice' : 'chat';
      const returning = customers.length > 0 && rng.next() < 0.15;
      const externalId = returning ? pick(customers) : `cust-${i}`;
      if (!returning) customers.push(externalId);
      const conv = await ctx.conversations.create({ customer: { externalId }, channel });
      const intent = pick(['order_status', 'password_reset', null]);
      const truth: TruthConversation = {
        id: conv.id,
        channel,
        intent,
        handedOff: false,
        frustratedMissed: false,
        rating: null,
        fcr: null,
      };
      conversations.push(truth);
      const first = await ctx.conversations.addTurn(conv.id, {
        role: 'customer',
        text: 'where is my order?',
        ...(intent === null ? {} : { annotations: { intent: { name: intent, confidence: 0.95 } } }),
      });
      expect(first.decisionFull?.kind).toBe('continue');
      clock.advance(secs(5, 30));
      const kind = pick(['contained', 'contained', 'missed', 'handoff', 'handoff', 'handoff', 'handoff']);
      if (kind !== 'handoff') {
        if (kind === 'missed') {
          const shout = await ctx.conversations.addTurn(conv.id, { role: 'customer', text: 'WHERE IS MY PARCEL' });
          expect(shout.decisionFull?.kind).toBe('continue');
          expect(shout.decisionFull?.signals.some((s) => s.name === 'shouting' && s.fired)).toBe(true);
          truth.frustratedMissed = true;
        }
        await ctx.conversations.addTurn(conv.id, { role: 'assistant', text: 'It ships tomorrow.' });
        clock.advance(secs(5, 60));
        await ctx.conversations.close(conv.id, { kind: 'customer' });
        if (rng.next() < 0.5) {
          truth.rating = secs(1, 5);
          await ctx.store.saveSurvey({
            id: `srv_a${i}`,
            conversationId: conv.id,
            handoffId: null,
            agentId: null,
            rating: truth.rating,
            comment: null,
            createdAt: clock.now(),
          });
        }
        continue;
      }

      const reason = pick(['explicit_request', 'frustration', 'regulated_topic'] as const);
      const asked = await ctx.conversations.addTurn(conv.id, { role: 'customer', text: ASK[reason] });
      expect(asked.decisionFull?.kind).toBe('handoff');
      expect(asked.decisionFull?.reason?.code).toBe(reason);
      truth.handedOff = true;
      const h: TruthHandoff = {
        conversationId: conv.id,
        reason,
        queueId: 'q_support',
        channel,
        intent,
        offers: 0,
        rejected: 0,
        agentId: null,
        wait: null,
        abandonedAfter: null,
        stage: null,
        handle: null,
        resolved: false,
        notNeeded: false,
        replies: 0,
      };
      handoffs.push(h);
      const outcome = pick(['abandon_queued', 'abandon_offered', 'accept', 'accept', 'reject_accept', 'transfer']);
      const waited = secs(3, 120);
      clock.advance(waited);
      if (outcome === 'abandon_queued') {
        await ctx.conversations.close(conv.id, { kind: 'customer' });
        Object.assign(h, { abandonedAfter: waited, stage: 'before_offer' });
        continue;
      }
      await ctx.handoffs.setPresence('agt_alice', 'available');
      let offer = await onlyOffer(conv.id, 'agt_alice');
      h.offers = 1;
      let responded = secs(2, 25);
      clock.advance(responded);
      if (outcome === 'abandon_offered') {
        await ctx.conversations.close(conv.id, { kind: 'customer' });
        await ctx.handoffs.setPresence('agt_alice', 'away');
        Object.assign(h, { abandonedAfter: waited + responded, stage: 'after_offer' });
        continue;
      }
      if (outcome === 'reject_accept') {
        // Nobody else is available, so the offer comes straight back to Alice, who takes it this time.
        await ctx.handoffs.reject('agt_alice', offer);
        offer = await onlyOffer(conv.id, 'agt_alice');
        const again = secs(2, 15);
        clock.advance(again);
        responded += again;
        h.offers = 2;
        h.rejected = 1;
      }
      await ctx.handoffs.accept('agt_alice', offer);
      await ctx.handoffs.setPresence('agt_alice', 'away');
      Object.assign(h, { agentId: 'agt_alice', wait: waited + responded });
      const replies = rng.next() < 0.4 ? 1 : secs(2, 3);
      let handled = 0;
      for (let r = 0; r < replies; r++) {
        const step = secs(10, 90);
        clock.advance(step);
        handled += step;
        await ctx.conversations.addTurn(conv.id, {
          role: 'agent',
          text: `reply ${r}`,
          authorId: 'agt_alice',
          authorName: 'Alice',
        });
        await ctx.conversations.addTurn(conv.id, { role: 'customer', text: 'ok thanks' });
      }
      h.replies = replies;
      let last = h;
      let lastAgent = 'agt_alice';
      if (outcome === 'transfer') {
        const step = secs(10, 60);
        clock.advance(step);
        h.handle = handled + step;
        await ctx.handoffs.setPresence('agt_bob', 'available');
        const transferred = await ctx.agentActions.transfer(await agent('agt_alice'), conv.id, {
          kind: 'queue',
          queueId: 'q_vip',
        });
        expect(transferred.reason.code).toBe('transfer');
        const bobOffer = await onlyOffer(conv.id, 'agt_bob');
        const t: TruthHandoff = {
          ...h,
          reason: 'transfer',
          queueId: 'q_vip',
          offers: 1,
          rejected: 0,
          agentId: 'agt_bob',
          replies: 1,
          notNeeded: false,
          resolved: false,
        };
        handoffs.push(t);
        // Alice wraps up the transferred handoff: not resolved, needed.
        await ctx.agentActions.wrapUp(await agent('agt_alice'), {
          handoffId: (await ctx.store.handoffsForConversation(conv.id))[0]?.id ?? '',
          disposition: 'transferred',
          notes: 'billing question',
          handoffNeeded: true,
        });
        const accepted = secs(2, 40);
        clock.advance(accepted);
        t.wait = accepted;
        await ctx.handoffs.accept('agt_bob', bobOffer);
        await ctx.handoffs.setPresence('agt_bob', 'away');
        const replyAfter = secs(5, 30);
        clock.advance(replyAfter);
        await ctx.conversations.addTurn(conv.id, {
          role: 'agent',
          text: 'Bob here, sorted.',
          authorId: 'agt_bob',
          authorName: 'Bob',
        });
        handled = replyAfter;
        last = t;
        lastAgent = 'agt_bob';
      }
      const closeAfter = secs(5, 120);
      clock.advance(closeAfter);
      last.handle = handled + closeAfter;
      await ctx.conversations.close(conv.id, { kind: 'agent', agentId: lastAgent });
      const wrap = pick(['none', 'resolved_needed', 'resolved_not_needed', 'follow_up']);
      if (wrap !== 'none') {
        const id = (await ctx.store.handoffsForConversation(conv.id)).at(-1)?.id ?? '';
        await ctx.agentActions.wrapUp(await agent(lastAgent), {
          handoffId: id,
          disposition: wrap === 'follow_up' ? 'follow_up' : 'resolved',
          notes: '',
          handoffNeeded: wrap !== 'resolved_not_needed',
        });
      }
      last.resolved = wrap !== 'follow_up';
      last.notNeeded = wrap === 'resolved_not_needed';
      truth.fcr = { repeat: false };
      if (rng.next() < 0.6) {
        truth.rating = secs(1, 5);
        await ctx.records.answerSurvey(conv.id, { rating: truth.rating });
      }
    }

    // The next day: some customers come back (repeat contacts, inside the 7-day window); one much later.
    clock.ms = DAY_START + DAY_MS + 3_600_000;
    const byCustomer = new Map<string, TruthConversation[]>();
    for (const c of conversations) {
      const conv = await ctx.store.getConversation(c.id);
      const list = byCustomer.get(conv?.customerId ?? '') ?? [];
      list.push(c);
      byCustomer.set(conv?.customerId ?? '', list);
    }
    let returned = 0;
    for (const [customerId, list] of byCustomer) {
      // Within the day, a later conversation of the same customer is a repeat contact of the earlier ones.
      list.forEach((c, i) => {
        if (c.fcr !== null && i < list.length - 1) c.fcr.repeat = true;
      });
      const lastEligible = list.filter((c) => c.fcr !== null).at(-1);
      if (lastEligible === undefined || returned >= 4) continue;
      returned += 1;
      const customer = await ctx.store.getCustomer(customerId);
      clock.advance(60);
      await ctx.conversations.create({ customer: { externalId: customer?.externalId ?? '' } });
      for (const c of list) if (c.fcr !== null) c.fcr.repeat = true;
    }
    expect(returned).toBe(4);
    clock.ms = DAY_START + 10 * DAY_MS;
    const lateCustomer = [...byCustomer.keys()].at(-1) ?? '';
    await ctx.conversations.create({
      customer: { externalId: (await ctx.store.getCustomer(lateCustomer))?.externalId ?? '' },
    });
    clock.ms = DAY_START + 20 * DAY_MS;
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
  });

  it('filters by channel, queue, agent and reason', async () => {
    const voice = JSON.parse((await get(`/v1/analytics/summary?${range}&channel=voice`)).text) as {
      totals: { conversations: number; handoffs: number };
    };
    expect(voice.totals).toMatchObject({
      conversations: conversations.filter((c) => c.channel === 'voice').length,
      handoffs: handoffs.filter((h) => h.channel === 'voice').length,
    });
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
