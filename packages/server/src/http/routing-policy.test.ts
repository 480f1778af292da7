import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  defaultEscalationPolicy,
  type Agent,
  type Clock,
  type EscalationPolicy,
  type Handoff,
  type Queue,
  type RoutingPolicy,
} from '@baton/core';
import { startServer, type RunningServer } from '../start-server.ts';
import type { LifecycleEvent } from '../realtime/subjects.ts';

/**
 * Issue 4 end to end on the server path: routing rules from the policy file (R3), the preferred agent with a
 * timeout (R4), escalation steps over time (R6) and ageing (R7). The app runs in-process on the memory store;
 * customers come in over HTTP as a bot would send them, agents are driven through the services.
 */

class FakeClock implements Clock {
  constructor(public ms: number) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

const queue = (id: string, over: Partial<Queue> = {}): Queue => ({
  id,
  name: `Queue ${id}`,
  requiredSkills: {},
  languages: [],
  channels: ['chat', 'voice'],
  priority: 0,
  slaSeconds: 60,
  offerTimeoutSeconds: 30,
  ...over,
});

const agent = (id: string, over: Partial<Agent> = {}): Agent => ({
  id,
  name: `Agent ${id}`,
  email: `${id}@example.com`,
  role: 'agent',
  skills: { support: 5 },
  languages: ['en'],
  capacity: { chat: 3, voice: 1 },
  presence: 'offline',
  presenceSince: new Date(0),
  lastAssignedAt: null,
  ...over,
});

const withRouting = (routing: RoutingPolicy): EscalationPolicy => ({ ...defaultEscalationPolicy, routing });

interface Offered {
  handoffId: string;
  conversationId: string;
  agentId: string;
  at: number;
}

describe('routing by the policy on the server (issue 4)', () => {
  // Starting a server (embedded database, migrations) is the slow part: one on the system clock for the timed
  // cases, one on a fake clock for ageing. Each case uses its own queues, agents and customers, and closes
  // what it opened.
  let server: RunningServer | undefined;
  let realServer: RunningServer | undefined;
  let offers: Offered[] = [];
  let opened: string[] = [];
  let policy: EscalationPolicy = defaultEscalationPolicy;

  const launch = async (clock?: Clock, dataDir?: string): Promise<RunningServer> => {
    const s = await startServer({
      port: 0,
      botKeys: 'bot:k',
      logLevel: 'silent',
      policy: () => policy,
      ...(clock === undefined ? {} : { clock }),
      ...(dataDir === undefined ? {} : { dataDir }),
    });
    s.ctx.handoffs.onLifecycle((e: LifecycleEvent) => {
      if (e.name === 'handoff.offered' && e.agentId !== null)
        offers.push({
          handoffId: e.handoff.id,
          conversationId: e.handoff.conversationId,
          agentId: e.agentId,
          at: Date.now(),
        });
    });
    return s;
  };

  const start = async (setup: { queues: Queue[]; agents: Agent[] }, on?: RunningServer): Promise<void> => {
    realServer ??= await launch();
    const s = on ?? realServer;
    server = s;
    for (const q of setup.queues) await s.ctx.store.upsertQueue(q);
    for (const a of setup.agents) await s.ctx.store.upsertAgent(a);
  };

  afterEach(async () => {
    const s = server;
    if (s !== undefined) {
      for (const id of opened) await s.ctx.conversations.close(id, { kind: 'customer' });
      for (const a of await s.ctx.store.listAgents()) await s.ctx.handoffs.setPresence(a.id, 'offline');
    }
    opened = [];
    offers = [];
    policy = defaultEscalationPolicy;
  });

  afterAll(async () => {
    await realServer?.close();
  });

  const post = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${server?.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  /** A customer who asks for a person at once; returns the conversation and its handoff. */
  const handOff = async (
    customer: Record<string, unknown>,
    channel: 'chat' | 'voice' = 'chat',
  ): Promise<{ conversationId: string; handoff: Handoff }> => {
    const created = await post('/v1/conversations', { channel, customer });
    const conversationId = (created['conversation'] as { id: string }).id;
    opened.push(conversationId);
    await post(`/v1/conversations/${conversationId}/turns`, { role: 'customer', text: 'can I talk to a human?' });
    const handoff = await server?.ctx.store.openHandoffForConversation(conversationId);
    if (handoff === null || handoff === undefined) throw new Error('no handoff');
    return { conversationId, handoff };
  };

  const available = async (...ids: string[]): Promise<void> => {
    for (const id of ids) await server?.ctx.handoffs.setPresence(id, 'available');
  };

  const offerFor = async (conversationId: string, withinMs = 5_000): Promise<Offered> => {
    const until = Date.now() + withinMs;
    for (;;) {
      const o = offers.find((x) => x.conversationId === conversationId);
      if (o !== undefined) return o;
      if (Date.now() > until) throw new Error(`no offer for ${conversationId} within ${withinMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  /** The agent accepts the pending offer and then closes the conversation: a finished handoff of theirs. */
  const acceptAndClose = async (o: Offered): Promise<void> => {
    const s = server as RunningServer;
    const [r] = await s.ctx.store.listReservations({ handoffId: o.handoffId, status: ['pending'] });
    if (r === undefined) throw new Error('no pending reservation');
    await s.ctx.handoffs.accept(o.agentId, r.id);
    await s.ctx.conversations.close(o.conversationId, { kind: 'agent', agentId: o.agentId });
  };

  it('R3: a rule sends an enterprise customer to another queue, with its priority and skills; only a skilled agent gets the offer', async () => {
    policy = withRouting({
      defaultQueue: 'q_support',
      rules: [
        {
          name: 'enterprise',
          when: { tier: ['enterprise'], companySize: { gte: 1000 } },
          queue: 'q_vip',
          priority: 9,
          skills: { enterprise: 5 },
        },
        { name: 'plain', when: { tier: ['standard'] }, raisePriorityBy: 1 },
      ],
    });
    await start({
      queues: [queue('q_support'), queue('q_vip', { priority: 2, requiredSkills: { support: 3 } })],
      agents: [
        // Longest idle, so it would get the offer if the rule's skill did not count.
        agent('a_generalist', { skills: { support: 9 }, lastAssignedAt: new Date(1_000) }),
        agent('a_enterprise', { skills: { support: 4, enterprise: 6 }, lastAssignedAt: new Date(2_000_000) }),
      ],
    });
    await available('a_generalist', 'a_enterprise');

    const big = await handOff({ email: 'cto@bigco.example', attributes: { tier: 'enterprise', company_size: 5000 } });
    expect(big.handoff.queueId).toBe('q_vip');
    // The queue's base plus the higher of the decision's priority and the rule's.
    expect(big.handoff.priority).toBe(2 + Math.max(9, defaultEscalationPolicy.explicitRequest.priority));
    expect(big.handoff.routing).toMatchObject({ skills: { enterprise: 5 }, matched: ['enterprise'] });
    expect(big.handoff.reason.agent).toContain('Routing rules: enterprise.');
    expect((await offerFor(big.conversationId)).agentId).toBe('a_enterprise');

    // Everyone else stays in the default queue and goes to the longest idle agent.
    const small = await handOff({ email: 'dana@example.com', attributes: { tier: 'standard' } });
    expect(small.handoff).toMatchObject({ queueId: 'q_support', priority: 6 });
    expect((await offerFor(small.conversationId)).agentId).toBe('a_generalist');
  });

  it('R4: a returning customer goes to the agent who helped them last, across channels; after the hold, to anyone', async () => {
    policy = withRouting({ defaultQueue: 'q_support', preferredAgentTimeoutSeconds: 1, rules: [] });
    await start({
      queues: [queue('q_support')],
      agents: [agent('a_first'), agent('a_other', { lastAssignedAt: new Date(1_000) })],
    });
    const dana = { email: 'returning@example.com' };

    // First contact, on chat: only a_first is on.
    await available('a_first');
    const first = await handOff(dana);
    const firstOffer = await offerFor(first.conversationId);
    expect(firstOffer.agentId).toBe('a_first');
    await acceptAndClose(firstOffer);

    // She calls back: a_other has been idle far longer, yet a_first, who helped her, gets the call.
    await available('a_other');
    const again = await handOff(dana, 'voice');
    expect(again.handoff.routing).toMatchObject({ preferredAgentId: 'a_first' });
    const againOffer = await offerFor(again.conversationId);
    expect(againOffer.agentId).toBe('a_first');
    await acceptAndClose(againOffer);

    // Third time a_first is busy: the handoff waits for them, then the hold ends and a_other gets it.
    await server?.ctx.handoffs.setPresence('a_first', 'busy');
    const startedAt = Date.now();
    const third = await handOff(dana);
    await new Promise((r) => setTimeout(r, 400));
    expect(offers.some((o) => o.conversationId === third.conversationId)).toBe(false);
    const thirdOffer = await offerFor(third.conversationId);
    expect(thirdOffer.agentId).toBe('a_other');
    expect(thirdOffer.at - startedAt).toBeGreaterThanOrEqual(900);
  });

  it('R6: an escalation step widens the skills after its time, and the handoff is then offered', async () => {
    policy = withRouting({ defaultQueue: 'q_spanish', preferredAgentTimeoutSeconds: 0, rules: [] });
    await start({
      queues: [
        queue('q_spanish', {
          requiredSkills: { spanish: 6 },
          escalation: [{ afterSeconds: 1, skills: { spanish: 0 } }],
        }),
      ],
      agents: [agent('a_english', { skills: { support: 5 } })],
    });
    await available('a_english');
    const startedAt = Date.now();
    const { conversationId, handoff } = await handOff({ email: 'lucia@example.com' });
    expect(handoff).toMatchObject({ queueId: 'q_spanish', status: 'queued' });
    const offer = await offerFor(conversationId);
    expect(offer.agentId).toBe('a_english');
    expect(offer.at - startedAt).toBeGreaterThanOrEqual(900);
    expect((await server?.ctx.store.getHandoff(handoff.id))?.routing).toMatchObject({
      step: 1,
      overrides: { spanish: 0 },
    });
  });

  it('R6: an escalation step overflows to another queue and raises the priority, then the handoff is offered', async () => {
    policy = withRouting({ defaultQueue: 'q_legal', preferredAgentTimeoutSeconds: 0, rules: [] });
    await start({
      queues: [
        queue('q_legal', {
          priority: 1,
          requiredSkills: { legal: 7 },
          escalation: [{ afterSeconds: 1, overflowQueueId: 'q_general', raisePriorityBy: 2 }],
        }),
        queue('q_general', { priority: 3 }),
      ],
      agents: [agent('a_general')],
    });
    await available('a_general');
    const { conversationId, handoff } = await handOff({ email: 'sam@example.com' });
    expect(handoff).toMatchObject({ queueId: 'q_legal', priority: 1 + 5 });
    const offer = await offerFor(conversationId);
    expect(offer.agentId).toBe('a_general');
    // Moved with its time kept: the new queue's base replaces the old one's, and the step's raise is added.
    expect(await server?.ctx.store.getHandoff(handoff.id)).toMatchObject({
      queueId: 'q_general',
      priority: 3 + 5 + 2,
      createdAt: handoff.createdAt,
    });
  });

  it('R7: with ageing an old low-priority handoff goes before a newer higher-priority one after enough time', async () => {
    const clock = new FakeClock(Date.parse('2026-03-02T09:00:00.000Z'));
    const ageing = await launch(clock);
    try {
      const run = async (agingPerMinute: number): Promise<string[]> => {
        const q = `q_age_${agingPerMinute}`;
        const a = `a_age_${agingPerMinute}`;
        policy = withRouting({
          defaultQueue: q,
          agingPerMinute,
          rules: [{ name: 'gold', when: { tier: ['gold'] }, raisePriorityBy: 3 }],
        });
        await start({ queues: [queue(q)], agents: [agent(a, { capacity: { chat: 1 } })] }, ageing);
        const old = await handOff({ email: `early${agingPerMinute}@example.com`, attributes: { tier: 'standard' } });
        clock.advance(10 * 60);
        const urgent = await handOff({ email: `gold${agingPerMinute}@example.com`, attributes: { tier: 'gold' } });
        clock.advance(60);
        expect(urgent.handoff.priority - old.handoff.priority).toBe(3);
        // One slot opens: the routing pass takes the queue in effective-priority order.
        await available(a);
        const deadline = Date.now() + 5_000;
        while (offers.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        const order = offers.map((o) => (o.conversationId === old.conversationId ? 'old' : 'urgent'));
        for (const id of opened) await ageing.ctx.conversations.close(id, { kind: 'customer' });
        await ageing.ctx.handoffs.setPresence(a, 'offline');
        opened = [];
        offers = [];
        return order;
      };
      // Old: 5 + 11 min × 1 = 16 against 8 + 1 = 9. Without ageing the higher priority always wins.
      expect(await run(1)).toEqual(['old']);
      expect(await run(0)).toEqual(['urgent']);
    } finally {
      server = undefined;
      await ageing.close();
    }
  });

  it('R6: a step still comes due after a restart: the new instance re-arms its timer from the store', async () => {
    // A fake clock makes the step's time independent of how long the restart takes: the timer armed by
    // `recover` on the new instance is the only thing that can route the handoff after the clock moves.
    const clock = new FakeClock(Date.parse('2026-03-02T09:00:00.000Z'));
    const dataDir = mkdtempSync(join(tmpdir(), 'baton-routing-restart-'));
    policy = withRouting({ defaultQueue: 'q_restart', preferredAgentTimeoutSeconds: 0, rules: [] });
    const first = await launch(clock, dataDir);
    let second: RunningServer | undefined;
    try {
      await start(
        {
          queues: [
            queue('q_restart', {
              requiredSkills: { german: 6 },
              escalation: [{ afterSeconds: 2, skills: { german: 0 } }],
            }),
          ],
          agents: [agent('a_restart')],
        },
        first,
      );
      await available('a_restart');
      const { conversationId, handoff } = await handOff({ email: 'jonas@example.com' });
      await first.close(); // its timer goes with it
      second = await launch(clock, dataDir);
      server = second;
      expect(offers).toEqual([]);
      clock.advance(2);
      const offer = await offerFor(conversationId, 8_000);
      expect(offer.agentId).toBe('a_restart');
      expect((await second.ctx.store.getHandoff(handoff.id))?.routing).toMatchObject({ step: 1 });
      await second.ctx.conversations.close(conversationId, { kind: 'customer' });
    } finally {
      server = undefined;
      opened = [];
      await second?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
