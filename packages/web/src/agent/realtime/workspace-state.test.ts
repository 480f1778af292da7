import type { AgentConversation, ContextPackageView, ContextPreview, ReservationView } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { initialWorkspaceState, workspaceReducer, type WorkspaceState } from './workspace-state.ts';

const at = '2026-11-21T10:00:00.000Z';

const conversationOf = (id: string): AgentConversation => ({
  conversation: {
    id,
    channel: 'chat',
    language: 'en',
    status: 'agent',
    assignedAgentId: 'agt_alice',
    createdAt: at,
    closedAt: null,
  },
  customer: null,
  handoff: {
    id: `h_${id}`,
    conversationId: id,
    queueId: 'queue_support',
    status: 'assigned',
    priority: 5,
    reason: { code: 'explicit_request', agent: 'asked for a person', customer: 'You asked for a person.' },
    rule: 'explicit_request',
    assignedAgentId: 'agt_alice',
    createdAt: at,
    assignedAt: at,
  },
  transcript: [],
});

const packageOf = (id: string): ContextPackageView => ({
  schemaVersion: '1.0',
  conversationId: id,
  handoffId: `h_${id}`,
  channel: 'chat',
  language: 'en',
  builtAt: at,
  priority: 5,
  identity: null,
  crm: null,
  history: [],
  transcript: [],
  intents: [],
  entities: [],
  slots: { order: '4417' },
  actions: [],
  sentiment: [],
  signals: [],
  reason: null,
  summary: {
    issue: 'late order',
    tried: '',
    wants: 'refund',
    nextStep: 'check',
    text: 'Late order.',
    source: 'extractive',
  },
  bridgeMessage: 'Hi, I am Alice.',
  missing: [],
  redaction: { types: [], spans: 0 },
});

const reservationOf = (id: string): ReservationView => ({
  id: `res_${id}`,
  handoffId: `h_${id}`,
  conversationId: id,
  agentId: 'agt_alice',
  status: 'pending',
  createdAt: at,
  expiresAt: at,
});

const frame = (state: WorkspaceState, f: Parameters<typeof workspaceReducer>[1] & { type: 'frame' }) =>
  workspaceReducer(state, f);

describe('the screen pop package of an accepted conversation', () => {
  it('is kept from the offer although offer.ended arrives before conversation.assigned', () => {
    const context: ContextPreview = {
      ...conversationOf('c1'),
      handoff: conversationOf('c1').handoff!,
      package: packageOf('c1'),
    };
    let state = frame(initialWorkspaceState, {
      type: 'frame',
      now: 0,
      frame: { type: 'offer', reservation: reservationOf('c1'), context },
    });
    state = frame(state, {
      type: 'frame',
      now: 0,
      frame: { type: 'offer.ended', reservationId: 'res_c1', status: 'accepted' },
    });
    expect(state.offers).toEqual([]);
    state = frame(state, {
      type: 'frame',
      now: 0,
      frame: { type: 'conversation.assigned', conversation: conversationOf('c1') },
    });
    expect(state.conversations['c1']?.context?.slots).toEqual({ order: '4417' });
  });

  it('is null for a conversation that came without an offer (after a reload)', () => {
    const state = frame(initialWorkspaceState, {
      type: 'frame',
      now: 0,
      frame: { type: 'conversation.assigned', conversation: conversationOf('c2') },
    });
    expect(state.conversations['c2']?.context).toBeNull();
  });

  it('remembers only the latest 50 offers', () => {
    let state = initialWorkspaceState;
    for (let i = 0; i < 60; i++) {
      const id = `c${i}`;
      const context: ContextPreview = {
        ...conversationOf(id),
        handoff: conversationOf(id).handoff!,
        package: packageOf(id),
      };
      state = frame(state, {
        type: 'frame',
        now: 0,
        frame: { type: 'offer', reservation: reservationOf(id), context },
      });
    }
    expect(Object.keys(state.offeredContexts)).toHaveLength(50);
    expect(state.offeredContexts['c9']).toBeUndefined();
    expect(state.offeredContexts['c59']).toBeDefined();
  });
});

describe('the presence frame', () => {
  it('carries the reason, since and wrap-up seconds into the agent (the wrap-up countdown reads them)', () => {
    let state = frame(initialWorkspaceState, {
      type: 'frame',
      now: 0,
      frame: {
        type: 'hello',
        agent: {
          id: 'agt_alice',
          name: 'Alice',
          email: 'alice@example.com',
          role: 'agent',
          presence: 'available',
          presenceReason: null,
          presenceSince: at,
          wrapUpSeconds: 30,
          capacity: { chat: 3 },
          skills: {},
          languages: ['en'],
        },
        offers: [],
        conversations: [],
      },
    });
    state = frame(state, {
      type: 'frame',
      now: 0,
      frame: { type: 'presence', presence: 'wrap_up', reason: 'after_conversation', since: '2026-11-21T10:05:00.000Z' },
    });
    expect(state.agent).toMatchObject({
      presence: 'wrap_up',
      presenceReason: 'after_conversation',
      presenceSince: '2026-11-21T10:05:00.000Z',
      wrapUpSeconds: 30,
    });
    state = frame(state, { type: 'frame', now: 0, frame: { type: 'presence', presence: 'available' } });
    expect(state.agent).toMatchObject({ presence: 'available', presenceReason: null });
  });
});
