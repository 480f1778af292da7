import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEligible, matchAgent, type MatchRequest } from './match.ts';
import { skillScore, strategyKey } from './strategies.ts';
import type { Agent, AgentLoad, Queue } from './types.ts';

const queue: Queue = {
  id: 'q',
  name: 'Support',
  requiredSkills: { billing: 3 },
  languages: ['en'],
  channels: ['chat'],
  priority: 0,
  slaSeconds: 60,
  offerTimeoutSeconds: 30,
};
const agent = (id: string, over: Partial<Agent> = {}): Agent => ({
  id,
  name: id,
  email: `${id}@x`,
  role: 'agent',
  skills: { billing: 5 },
  languages: ['en'],
  capacity: { chat: 2 },
  presence: 'available',
  presenceSince: new Date('2026-01-01T00:00:00Z'),
  lastAssignedAt: null,
  ...over,
});
const load = (a: Agent, chat = 0): AgentLoad => ({ agent: a, active: { chat } });
const req = { queue, channel: 'chat' as const, language: 'en', exclude: [] as string[] };

describe('matchAgent (longest idle)', () => {
  it('picks the agent idle the longest', () => {
    const r = matchAgent(
      [
        load(agent('a', { lastAssignedAt: new Date('2026-01-01T10:00:00Z') })),
        load(agent('b', { lastAssignedAt: new Date('2026-01-01T09:00:00Z') })),
      ],
      req,
    );
    expect(r).toEqual({ type: 'agent', agentId: 'b' });
  });

  it.each([
    ['not available', agent('a', { presence: 'away' }), 0],
    ['at capacity', agent('a'), 2],
    ['skill too low', agent('a', { skills: { billing: 2 } }), 0],
    ['missing language', agent('a', { languages: ['fr'] }), 0],
    ['no capacity on the channel', agent('a', { capacity: { voice: 1 } }), 0],
  ])('skips an agent who is %s', (_why, a, active) => {
    expect(matchAgent([load(a, active)], req)).toEqual({ type: 'none', why: 'no_agent_available' });
  });

  it('skips agents who declined', () => {
    expect(matchAgent([load(agent('a')), load(agent('b'))], { ...req, exclude: ['a'] })).toEqual({
      type: 'agent',
      agentId: 'b',
    });
  });
});

describe('matchAgent against the eligibility and strategy rules', () => {
  /** The rules spelled out: every eligible agent, ordered by the strategy's key, then id. */
  const reference = (loads: readonly AgentLoad[], r: MatchRequest): string | null => {
    const strategy = r.strategy ?? r.queue.strategy ?? 'longest_idle';
    const keyed = loads
      .filter((l) => isEligible(l, r))
      .map((l) => ({
        id: l.agent.id,
        key: strategyKey(strategy, {
          idleSince: (l.agent.lastAssignedAt ?? l.agent.presenceSince).getTime(),
          lastOfferSeq: l.agent.lastAssignedAt?.getTime() ?? 0,
          active: l.active[r.channel] ?? 0,
          capacity: l.agent.capacity[r.channel] ?? 1,
          skillScore: skillScore(l.agent.skills, r.skills ?? r.queue.requiredSkills),
        }),
      }))
      .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return keyed[0]?.id ?? null;
  };

  it('picks the agent the rules pick, for random floors and requests', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            presence: fc.constantFrom('available', 'away', 'offline'),
            skill: fc.integer({ min: 0, max: 5 }),
            languages: fc.subarray(['en', 'fr']),
            chatCapacity: fc.integer({ min: 0, max: 3 }),
            chatActive: fc.integer({ min: 0, max: 3 }),
            // few distinct instants, so ties on the key (decided by id) happen
            lastAssigned: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
            since: fc.integer({ min: 0, max: 4 }),
          }),
          { maxLength: 30 },
        ),
        fc.record({
          strategy: fc.constantFrom('longest_idle', 'least_busy', 'best_skill', 'round_robin', undefined),
          minSkill: fc.integer({ min: 0, max: 5 }),
          languages: fc.subarray(['en', 'fr']),
          language: fc.constantFrom('en', 'fr'),
          exclude: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 4 }),
        }),
        (floor, q) => {
          const loads = floor.map((a, i): AgentLoad => ({
            agent: agent(`a${String(i).padStart(2, '0')}`, {
              presence: a.presence as Agent['presence'],
              skills: { billing: a.skill },
              languages: a.languages,
              capacity: { chat: a.chatCapacity },
              presenceSince: new Date(a.since * 1000),
              lastAssignedAt: a.lastAssigned === null ? null : new Date(a.lastAssigned * 1000),
            }),
            active: { chat: a.chatActive },
          }));
          const r: MatchRequest = {
            queue: { ...queue, requiredSkills: { billing: q.minSkill }, languages: q.languages },
            channel: 'chat',
            language: q.language,
            exclude: q.exclude.map((i) => `a${String(i).padStart(2, '0')}`),
            ...(q.strategy === undefined ? {} : { strategy: q.strategy }),
          };
          const got = matchAgent(loads, r);
          expect(got.type === 'agent' ? got.agentId : null).toBe(reference(loads, r));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
