import { describe, expect, it } from 'vitest';
import { matchAgent } from './match.ts';
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
