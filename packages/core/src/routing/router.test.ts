import { describe, expect, it } from 'vitest';
import { Router } from './router.ts';
import type { RouterAgent } from './router-types.ts';
import type { Queue, RoutingStrategy } from './types.ts';

const T0 = Date.UTC(2026, 0, 5, 9);
const s = (n: number): number => T0 + n * 1000;
const queue = (over: Partial<Queue> = {}): Queue => ({
  id: 'q',
  name: 'q',
  requiredSkills: {},
  languages: [],
  channels: ['chat'],
  priority: 0,
  slaSeconds: 60,
  offerTimeoutSeconds: 30,
  ...over,
});
const agent = (id: string, over: Partial<RouterAgent> = {}): RouterAgent => ({
  id,
  skills: { billing: 5 },
  languages: ['en'],
  capacity: { chat: 2 },
  presence: 'available',
  ...over,
});
const ho = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  queueId: 'q',
  channel: 'chat' as const,
  language: 'en',
  priority: 0,
  ...over,
});

describe('Router strategies', () => {
  const setup = (strategy: RoutingStrategy): Router => {
    const r = new Router();
    r.upsertQueue(queue({ strategy, requiredSkills: { billing: 1 } }), s(0));
    // a: free since 0, one chat in use; b: free since 10, idle; c: best skill, free since 20.
    r.upsertAgent(agent('a', { skills: { billing: 3 } }), s(0));
    r.upsertAgent(agent('b', { skills: { billing: 2 } }), s(10));
    r.upsertAgent(agent('c', { skills: { billing: 9 } }), s(20));
    return r;
  };
  it.each<[RoutingStrategy, string]>([
    ['longest_idle', 'a'],
    ['best_skill', 'c'],
    ['round_robin', 'a'],
  ])('%s picks %s first', (strategy, first) => {
    const r = setup(strategy);
    expect(r.enqueue(ho('h1'), s(30))[0]?.agentId).toBe(first);
  });

  it('least busy prefers the agent with the smallest share of capacity in use', () => {
    const r = setup('least_busy');
    expect(r.enqueue(ho('h1'), s(30))[0]?.agentId).toBe('a'); // all at 0/2: longest idle breaks the tie
    expect(r.enqueue(ho('h2'), s(31))[0]?.agentId).toBe('b'); // a is at 1/2 now
    expect(r.enqueue(ho('h3'), s(32))[0]?.agentId).toBe('c');
    expect(r.enqueue(ho('h4'), s(33))[0]?.agentId).toBe('a');
  });

  it('round robin cycles through agents in offer order', () => {
    const r = setup('round_robin');
    const order = ['h1', 'h2', 'h3', 'h4'].map((id, i) => r.enqueue(ho(id), s(30 + i))[0]?.agentId);
    expect(order).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('Router reservations', () => {
  it('re-offers a rejected handoff to the next agent and skips the decliner during the cool-down', () => {
    const r = new Router({ declineCooldownSeconds: 60 });
    r.upsertQueue(queue(), s(0));
    r.upsertAgent(agent('a', { capacity: { chat: 1 } }), s(0));
    r.upsertAgent(agent('b', { capacity: { chat: 1 } }), s(5));
    expect(r.enqueue(ho('h1'), s(10))[0]?.agentId).toBe('a');
    const next = r.decline('h1', 'a', 'rejected', s(12));
    expect(next).toEqual([{ handoffId: 'h1', agentId: 'b', queueId: 'q', expiresAt: s(42) }]);
    expect(r.decline('h1', 'b', 'rejected', s(13))).toEqual([]); // a declined 1 s ago: nobody left
    expect(r.handoffState('h1')?.phase).toBe('waiting');
    expect(r.nextTimerAt()).toBe(s(72)); // a's cool-down ends
    expect(r.advance(s(72))).toMatchObject([{ handoffId: 'h1', agentId: 'a' }]);
  });

  it("keeps a decliner's cool-down retry while the handoff is offered to someone else and falls back", () => {
    // Found by the property test: the retry timer was dropped as dead while the handoff sat in an offer,
    // so after the next rejection it waited beside an agent whose cool-down had ended.
    const r = new Router({ declineCooldownSeconds: 45 });
    r.upsertQueue(queue({ offerTimeoutSeconds: 20 }), s(0));
    r.upsertAgent(agent('a', { capacity: { chat: 1 } }), s(0));
    r.upsertAgent(agent('b', { capacity: { chat: 1 } }), s(1));
    expect(r.enqueue(ho('h1'), s(2))[0]?.agentId).toBe('a');
    // a times out at 22 (cool-down to 67), b times out at 42 (cool-down to 87), a again from 67.
    expect(r.advance(s(70)).map((o) => o.agentId)).toEqual(['b', 'a']);
    expect(r.decline('h1', 'a', 'rejected', s(75))).toEqual([]); // b still cooling down
    expect(r.advance(s(87))).toMatchObject([{ handoffId: 'h1', agentId: 'b' }]);
    expect(r.verify(s(87))).toEqual([]);
  });

  it('times an unanswered offer out and moves on', () => {
    const r = new Router();
    r.upsertQueue(queue({ offerTimeoutSeconds: 20 }), s(0));
    r.upsertAgent(agent('a'), s(0));
    r.upsertAgent(agent('b'), s(1));
    r.enqueue(ho('h1'), s(2));
    expect(r.advance(s(21))).toEqual([]);
    expect(r.advance(s(22))).toMatchObject([{ handoffId: 'h1', agentId: 'b' }]);
    expect(() => r.accept('h1', 'a', s(23))).toThrow(/no open offer/);
  });

  it('takes back offers when an agent goes offline, and keeps wrap-up slots busy', () => {
    const r = new Router();
    r.upsertQueue(queue(), s(0));
    r.upsertAgent(agent('a', { capacity: { chat: 1 }, wrapUpSeconds: 30 }), s(0));
    r.enqueue(ho('h1'), s(1));
    r.enqueue(ho('h2'), s(2));
    expect(r.setPresence('a', 'offline', s(3), 'heartbeat_lost')).toEqual([]);
    expect(r.agentState('a')).toMatchObject({ presence: 'offline', reason: 'heartbeat_lost', active: { chat: 0 } });
    expect(r.setPresence('a', 'available', s(4))).toMatchObject([{ handoffId: 'h1' }]);
    r.accept('h1', 'a', s(5));
    expect(r.complete('h1', s(10))).toEqual([]); // wrap-up holds the slot
    expect(r.advance(s(40))).toMatchObject([{ handoffId: 'h2', agentId: 'a' }]);
  });
});

describe('Router preferred agent', () => {
  const setup = (): Router => {
    const r = new Router({ preferredAgentTimeoutSeconds: 30 });
    r.upsertQueue(queue(), s(0));
    r.upsertAgent(agent('a', { capacity: { chat: 1 } }), s(0));
    r.upsertAgent(agent('b', { capacity: { chat: 1 } }), s(0));
    r.enqueue(ho('busy'), s(1)); // a (longest idle, lower sequence) takes it
    r.accept('busy', 'a', s(1));
    return r;
  };

  it('holds the handoff for the preferred agent while they are busy, and offers it when they free up', () => {
    const r = setup();
    expect(r.enqueue(ho('h1', { preferredAgentId: 'a' }), s(2))).toEqual([]);
    expect(r.position('h1')).toMatchObject({ heldForAgentUntil: s(32) });
    expect(r.complete('busy', s(20))).toMatchObject([{ handoffId: 'h1', agentId: 'a' }]);
  });

  it('gives up on the preferred agent after the timeout', () => {
    const r = setup();
    r.enqueue(ho('h1', { preferredAgentId: 'a', preferredTimeoutSeconds: 10 }), s(2));
    expect(r.advance(s(11))).toEqual([]);
    expect(r.advance(s(12))).toMatchObject([{ handoffId: 'h1', agentId: 'b' }]);
  });

  it('goes to anyone at once when the preferred agent cannot take the queue', () => {
    const r = setup();
    r.upsertAgent(agent('c', { skills: {} }), s(1));
    r.upsertQueue(queue({ id: 'billing', requiredSkills: { billing: 4 } }), s(1));
    expect(r.enqueue(ho('h1', { queueId: 'billing', preferredAgentId: 'c' }), s(2))).toMatchObject([{ agentId: 'b' }]);
  });
});

describe('Router escalation steps and ageing', () => {
  it('widens skills, then overflows to another queue, on the waiting clock', () => {
    const r = new Router();
    r.upsertQueue(queue({ id: 'other' }), s(0));
    r.upsertQueue(
      queue({
        requiredSkills: { billing: 8 },
        escalation: [
          { afterSeconds: 30, skills: { billing: 6 } },
          { afterSeconds: 60, overflowQueueId: 'other' },
        ],
      }),
      s(0),
    );
    r.upsertAgent(agent('mid', { skills: { billing: 6 }, presence: 'away' }), s(0));
    r.upsertAgent(agent('low', { skills: { billing: 1 } }), s(0));
    expect(r.enqueue(ho('h1'), s(0))).toEqual([]);
    expect(r.advance(s(29))).toEqual([]);
    expect(r.advance(s(30))).toEqual([]); // widened to 6, but mid is away
    expect(r.setPresence('mid', 'busy', s(40))).toEqual([]);
    expect(r.advance(s(60))).toMatchObject([{ handoffId: 'h1', agentId: 'low', queueId: 'other' }]);
  });

  it('raises priority after N seconds so an older handoff jumps ahead of higher base priority', () => {
    const r = new Router({ agingPerSecond: 0 });
    r.upsertQueue(queue({ escalation: [{ afterSeconds: 60, raisePriorityBy: 5 }] }), s(0));
    r.upsertAgent(agent('a', { capacity: { chat: 1 } }), s(0));
    r.enqueue(ho('first', { priority: 9 }), s(0));
    r.accept('first', 'a', s(0));
    r.enqueue(ho('old', { priority: 1 }), s(1));
    r.enqueue(ho('urgent', { priority: 3 }), s(2));
    expect(r.position('old')?.ahead).toBe(1);
    r.advance(s(61));
    expect(r.handoffState('old')?.priority).toBe(6);
    expect(r.position('old')?.ahead).toBe(0);
    expect(r.complete('first', s(61))).toMatchObject([{ handoffId: 'old' }]);
  });

  it('reports position, slots and free slots per class', () => {
    const r = new Router();
    r.upsertQueue(queue(), s(0));
    r.upsertAgent(agent('a', { capacity: { chat: 1 } }), s(0));
    r.upsertAgent(agent('b', { capacity: { chat: 1 }, presence: 'away' }), s(0));
    for (let i = 0; i < 4; i++) r.enqueue(ho(`h${i}`), s(i));
    expect(r.position('h3')).toEqual({
      phase: 'waiting',
      ahead: 2,
      waiting: 3,
      agents: 1,
      slots: 1,
      freeSlots: 0,
      heldForAgentUntil: null,
    });
    expect(r.snapshot('q')).toEqual({ queueId: 'q', waiting: 3, offered: 1, assigned: 0 });
  });
});
