/**
 * A simulated day of handoffs with known ground truth (N1–N8), shared by the analytics API test and the
 * dashboard's browser test. A seeded scenario drives a real server's services on a fake clock:
 * conversations contained by the assistant, frustrated customers who were never handed off, handoffs for
 * three reasons that are abandoned while queued or while offered, accepted at once or after a rejection,
 * transferred to a second queue, wrapped up or not, rated or not, and repeat contacts of some customers the
 * next day. What happened is recorded as it goes, independently of the analytics code, so the tests can
 * count every figure themselves.
 */
import assert from 'node:assert/strict';
import { Random, type Agent, type Channel, type Clock } from '@baton/core';
import type { RunningServer } from '../start-server.ts';

const DAY_MS = 86_400_000;

/** A clock the scenario moves by hand. */
export class FakeClock implements Clock {
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
export interface TruthHandoff {
  /** Epoch ms the handoff was created (the fake clock when the customer asked, or when the agent transferred). */
  createdAt: number;
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

export interface TruthConversation {
  id: string;
  /** Epoch ms the conversation started. */
  createdAt: number;
  channel: Channel;
  intent: string | null;
  handedOff: boolean;
  frustratedMissed: boolean;
  rating: number | null;
  /** Eligible for first-contact resolution, and whether the customer came back within the window. */
  fcr: { repeat: boolean } | null;
}

/** What the scenario recorded. */
export interface AnalyticsDay {
  handoffs: TruthHandoff[];
  conversations: TruthConversation[];
}

/**
 * Plays the day starting at `dayStart` (epoch ms) on `server`, which must run on `clock` with the demo seed
 * (agents Alice and Bob, queue Support). Adds the VIP queue (SLA 20 s). Leaves the clock twenty days later.
 */
export async function simulateAnalyticsDay(
  server: RunningServer,
  clock: FakeClock,
  dayStart: number,
): Promise<AnalyticsDay> {
  const { ctx } = server;
  clock.ms = dayStart;
  const handoffs: TruthHandoff[] = [];
  const conversations: TruthConversation[] = [];
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
    assert.deepEqual(more, []);
    assert.equal(r?.agentId, agentId);
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
      // Conversations and their first turns are stamped with the fake clock, which only the scenario moves.
      createdAt: clock.ms,
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
    assert.equal(first.decisionFull?.kind, 'continue');
    clock.advance(secs(5, 30));
    const kind = pick(['contained', 'contained', 'missed', 'handoff', 'handoff', 'handoff', 'handoff']);
    if (kind !== 'handoff') {
      if (kind === 'missed') {
        const shout = await ctx.conversations.addTurn(conv.id, { role: 'customer', text: 'WHERE IS MY PARCEL' });
        assert.equal(shout.decisionFull?.kind, 'continue');
        assert.equal(
          shout.decisionFull?.signals.some((s) => s.name === 'shouting' && s.fired),
          true,
        );
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
    assert.equal(asked.decisionFull?.kind, 'handoff');
    assert.equal(asked.decisionFull?.reason?.code, reason);
    truth.handedOff = true;
    const h: TruthHandoff = {
      // Created by the turn that asked for it; nothing has moved the clock since.
      createdAt: clock.ms,
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
      assert.equal(transferred.reason.code, 'transfer');
      const bobOffer = await onlyOffer(conv.id, 'agt_bob');
      const t: TruthHandoff = {
        ...h,
        createdAt: clock.ms,
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
  clock.ms = dayStart + DAY_MS + 3_600_000;
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
  assert.equal(returned, 4);
  clock.ms = dayStart + 10 * DAY_MS;
  const lateCustomer = [...byCustomer.keys()].at(-1) ?? '';
  await ctx.conversations.create({
    customer: { externalId: (await ctx.store.getCustomer(lateCustomer))?.externalId ?? '' },
  });
  clock.ms = dayStart + 20 * DAY_MS;
  return { handoffs, conversations };
}
