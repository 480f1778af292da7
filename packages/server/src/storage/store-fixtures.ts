/**
 * Test data builders and helpers for the store contract and the store property tests. Times are fixed so that
 * ordering assertions do not depend on the wall clock.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { DomainError, initialEscalationState } from '@baton/core';
import { FieldCipher } from '../compliance/field-cipher.ts';
import type { Agent, BatonStore, Conversation, Handoff, Queue, Reservation, StoredTurn } from '@baton/core';

const base = Date.parse('2025-01-01T00:00:00.000Z');

/** A fixed instant `seconds` after the test epoch. */
export const at = (seconds: number): Date => new Date(base + seconds * 1000);

export const aConversation = (id: string, over: Partial<Conversation> = {}): Conversation => ({
  id,
  customerId: null,
  channel: 'chat',
  language: 'en',
  status: 'assistant',
  assignedAgentId: null,
  createdAt: at(0),
  updatedAt: at(0),
  closedAt: null,
  ...over,
});

export const aTurn = (conversationId: string, seq: number, over: Partial<StoredTurn> = {}): StoredTurn => ({
  id: `${conversationId}_t${seq}`,
  conversationId,
  seq,
  role: 'customer',
  authorId: null,
  text: `message ${seq}`,
  annotations: {},
  createdAt: at(seq),
  decision: null,
  escalationState: { ...initialEscalationState(), turnCount: seq },
  idempotencyKey: null,
  ...over,
});

export const anAgent = (id: string, over: Partial<Agent> = {}): Agent => ({
  id,
  name: `Agent ${id}`,
  email: `${id}@example.com`,
  role: 'agent',
  skills: { billing: 5 },
  languages: ['en'],
  capacity: { chat: 2, voice: 1 },
  presence: 'available',
  presenceSince: at(0),
  lastAssignedAt: null,
  ...over,
});

export const aQueue = (id: string, over: Partial<Queue> = {}): Queue => ({
  id,
  name: `Queue ${id}`,
  requiredSkills: {},
  languages: ['en'],
  channels: ['chat', 'voice'],
  priority: 0,
  slaSeconds: 60,
  offerTimeoutSeconds: 30,
  ...over,
});

export const aHandoff = (
  id: string,
  conversationId: string,
  queueId: string,
  over: Partial<Handoff> = {},
): Handoff => ({
  id,
  conversationId,
  queueId,
  status: 'queued',
  priority: 5,
  reason: { code: 'explicit_request', agent: 'Customer asked for a person.', customer: 'Connecting you.' },
  rule: 'explicit-request',
  declinedBy: [],
  assignedAgentId: null,
  createdAt: at(10),
  assignedAt: null,
  endedAt: null,
  ...over,
});

export const aReservation = (
  id: string,
  handoff: Handoff,
  agentId: string,
  over: Partial<Reservation> = {},
): Reservation => ({
  id,
  handoffId: handoff.id,
  conversationId: handoff.conversationId,
  agentId,
  status: 'pending',
  createdAt: at(20),
  expiresAt: at(50),
  respondedAt: null,
  ...over,
});

/** The key a contract store sealed with before the rotation, still configured for reading. */
const oldKey = { id: 'k1', key: randomBytes(32) };
/** The current key after the rotation. */
const currentKey = { id: 'k2', key: randomBytes(32) };
/** The cipher of contract stores with encryption at rest: k2 seals, k1 still opens (mid-rotation). */
export const contractCipher = new FieldCipher([currentKey, oldKey]);
/** The cipher before the rotation: what values sealed under k1 were written with. */
export const contractCipherBeforeRotation = new FieldCipher([oldKey]);

/** What a contract section needs: the store of the current test and its peers. */
export interface StoreContext {
  /** Whether the store seals with {@link contractCipher}; without it nothing can be re-sealed. */
  encrypted: () => boolean;
  store: () => BatonStore;
  /** The store followed by its peers; races spread their calls over these. */
  instances: () => BatonStore[];
}

/** Asserts that `p` rejects with a DomainError carrying `code`. */
export const expectCode = async (p: Promise<unknown>, code: string): Promise<void> => {
  const error: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
};
