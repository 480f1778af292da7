import type { BatonStore, Clock } from '@baton/core';
import { hashPassword } from './auth/passwords.ts';

/** Demo sign-ins printed at start-up and shown on the demo page. */
export const demoCredentials = [
  { email: 'alice@demo.baton', password: 'demo', role: 'agent' },
  { email: 'bob@demo.baton', password: 'demo', role: 'agent' },
  { email: 'sam@demo.baton', password: 'demo', role: 'supervisor' },
  { email: 'ada@demo.baton', password: 'demo', role: 'admin' },
] as const;

/**
 * Seeds the demo company when the directory is empty: one support queue, two agents, a supervisor and an admin
 * (who manages agents' settings and takes no conversations).
 * Idempotent: does nothing when any queue exists.
 */
export const seedDemo = async (store: BatonStore, clock: Clock): Promise<boolean> => {
  if ((await store.listQueues()).length > 0) return false;
  const now = clock.now();
  await store.upsertQueue({
    id: 'q_support',
    name: 'Support',
    requiredSkills: {},
    languages: [],
    channels: ['chat', 'voice'],
    priority: 0,
    slaSeconds: 60,
    offerTimeoutSeconds: 30,
  });
  const passwordHash = await hashPassword('demo');
  const people: {
    id: string;
    name: string;
    email: string;
    role: 'agent' | 'supervisor' | 'admin';
    skills: Record<string, number>;
    capacity?: Partial<Record<'chat' | 'voice', number>>;
  }[] = [
    {
      id: 'agt_alice',
      name: 'Alice Martin',
      email: 'alice@demo.baton',
      role: 'agent',
      skills: { support: 8, billing: 5 },
    },
    { id: 'agt_bob', name: 'Bob Okafor', email: 'bob@demo.baton', role: 'agent', skills: { support: 6, technical: 8 } },
    { id: 'agt_sam', name: 'Sam Rivera', email: 'sam@demo.baton', role: 'supervisor', skills: { support: 9 } },
    { id: 'agt_ada', name: 'Ada Admin', email: 'ada@demo.baton', role: 'admin', skills: {}, capacity: {} },
  ];
  for (const { capacity, ...p } of people) {
    await store.upsertAgent({
      ...p,
      languages: ['en'],
      capacity: capacity ?? { chat: 3, voice: 1 },
      presence: 'offline',
      presenceSince: now,
      lastAssignedAt: null,
      passwordHash,
    });
  }
  return true;
};
