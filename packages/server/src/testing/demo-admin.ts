import type { BatonStore } from '@baton/core';
import { hashPassword } from '../auth/passwords.ts';

/** Adds Ada, an admin (`ada@demo.baton` / `demo`), to a demo store: the demo seeds agents and a supervisor only. */
export const addDemoAdmin = async (store: BatonStore, at: Date = new Date()): Promise<void> => {
  await store.upsertAgent({
    id: 'agt_ada',
    name: 'Ada Admin',
    email: 'ada@demo.baton',
    role: 'admin',
    skills: {},
    languages: ['en'],
    capacity: {},
    presence: 'offline',
    presenceSince: at,
    lastAssignedAt: null,
    passwordHash: await hashPassword('demo'),
  });
};
