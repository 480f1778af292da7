import type { AgentRoutingView } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import type { QueueView } from '../routing/queue-form.ts';
import { eligibleAgentIds } from './staffing-evidence.ts';

const agent = (id: string, skills: Record<string, number>, languages: string[], capacity: Record<string, number>) =>
  ({
    id,
    name: id,
    role: 'agent',
    presence: 'available',
    skills,
    languages,
    capacity,
    wrapUpSeconds: null,
  }) satisfies AgentRoutingView;
const queue: QueueView = {
  id: 'q_billing',
  name: 'Billing',
  requiredSkills: { billing: 5 },
  languages: ['fr'],
  channels: ['chat', 'email'],
  priority: 0,
  slaSeconds: 30,
  offerTimeoutSeconds: 30,
};

describe('eligibleAgentIds', () => {
  it('keeps agents with every skill at its level, a language of the queue and a slot on one of its channels', () => {
    const agents = [
      agent('fits', { billing: 5 }, ['en', 'fr'], { chat: 2 }),
      agent('email-only', { billing: 9 }, ['fr'], { email: 1, chat: 0 }),
      agent('too-junior', { billing: 4 }, ['fr'], { chat: 3 }),
      agent('no-french', { billing: 8 }, ['en'], { chat: 3 }),
      agent('voice-only', { billing: 8 }, ['fr'], { voice: 1 }),
    ];
    expect([...eligibleAgentIds(agents, queue)].sort()).toEqual(['email-only', 'fits']);
    // A queue without skills or languages takes anyone with a slot on its channels.
    expect(eligibleAgentIds(agents, { ...queue, requiredSkills: {}, languages: [] }).size).toBe(4);
  });
});
