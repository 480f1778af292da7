import type { AgentTurn, ConsultView, ContextPreview } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { initialWorkspaceState, workspaceReducer, type WorkspaceState } from '../realtime/workspace-state.ts';
import { consultForConversation } from './consult-state.ts';

const at = (s: number) => new Date(Date.UTC(2026, 10, 21, 10, 0, s)).toISOString();

const consultOf = (over: Partial<ConsultView> = {}): ConsultView => ({
  id: 'cst_1',
  conversationId: 'conv_1',
  handoffId: 'ho_1',
  owner: { id: 'agt_alice', name: 'Alice Martin' },
  colleague: { id: 'agt_bob', name: 'Bob Okafor' },
  note: 'Refund over my limit?',
  status: 'requested',
  endReason: null,
  customerName: 'Dana Reyes',
  createdAt: at(0),
  acceptedAt: null,
  endedAt: null,
  messages: [],
  ...over,
});

const turnOf = (seq: number, text: string): AgentTurn => ({
  id: `t${seq}`,
  conversationId: 'conv_1',
  seq,
  role: 'customer',
  text,
  authorName: null,
  createdAt: at(seq),
  decision: null,
});

const contextOf = (turns: AgentTurn[]): ContextPreview => ({
  conversation: {
    id: 'conv_1',
    channel: 'chat',
    language: 'en',
    status: 'agent',
    assignedAgentId: 'agt_alice',
    createdAt: at(0),
    closedAt: null,
  },
  handoff: {
    id: 'ho_1',
    conversationId: 'conv_1',
    queueId: 'q',
    status: 'assigned',
    priority: 5,
    reason: { code: 'explicit_request', agent: 'asked', customer: 'asked' },
    rule: null,
    assignedAgentId: 'agt_alice',
    createdAt: at(0),
    assignedAt: at(0),
  },
  customer: null,
  transcript: turns,
});

const asBob = (): WorkspaceState => ({
  ...initialWorkspaceState,
  agent: {
    id: 'agt_bob',
    name: 'Bob Okafor',
    email: 'bob@demo.baton',
    role: 'agent',
    presence: 'available',
    capacity: { chat: 3 },
    skills: {},
    languages: ['en'],
  },
});

const apply = (state: WorkspaceState, ...frames: Parameters<typeof workspaceReducer>[1][]) =>
  frames.reduce(workspaceReducer, state);

describe('consults in the workspace state', () => {
  it('keeps the colleague’s read access only while the consult is active, with live turns', () => {
    let state = apply(
      asBob(),
      { type: 'frame', frame: { type: 'consult.updated', consult: consultOf() }, now: 0 },
      // Context before accepting is ignored: nothing to read yet.
      { type: 'frame', frame: { type: 'consult.context', consultId: 'cst_1', context: contextOf([]) }, now: 0 },
    );
    expect(state.consults['cst_1']?.context).toBeNull();
    state = apply(
      state,
      { type: 'frame', frame: { type: 'consult.updated', consult: consultOf({ status: 'active' }) }, now: 0 },
      {
        type: 'frame',
        frame: { type: 'consult.context', consultId: 'cst_1', context: contextOf([turnOf(1, 'hi')]) },
        now: 0,
      },
      { type: 'frame', frame: { type: 'consult.turn', consultId: 'cst_1', turn: turnOf(2, 'it was 240') }, now: 0 },
      { type: 'frame', frame: { type: 'consult.turn', consultId: 'cst_1', turn: turnOf(2, 'it was 240') }, now: 0 },
    );
    expect(state.consults['cst_1']?.context?.transcript.map((t) => t.text)).toEqual(['hi', 'it was 240']);
    state = apply(state, {
      type: 'frame',
      frame: { type: 'consult.updated', consult: consultOf({ status: 'ended', endReason: 'ended_by_owner' }) },
      now: 0,
    });
    expect(state.consults['cst_1']?.context).toBeNull();
  });

  it('merges messages that arrive around an update, once each, in order', () => {
    const message = (id: string, s: number) => ({
      id,
      consultId: 'cst_1',
      authorId: 'agt_alice',
      authorName: 'Alice Martin',
      text: id,
      createdAt: at(s),
    });
    const state = apply(
      asBob(),
      { type: 'frame', frame: { type: 'consult.updated', consult: consultOf({ status: 'active' }) }, now: 0 },
      { type: 'frame', frame: { type: 'consult.message', message: message('m2', 2) }, now: 0 },
      { type: 'frame', frame: { type: 'consult.message', message: message('m2', 2) }, now: 0 },
      {
        type: 'frame',
        frame: { type: 'consult.updated', consult: consultOf({ status: 'active', messages: [message('m1', 1)] }) },
        now: 0,
      },
    );
    expect(state.consults['cst_1']?.consult.messages.map((m) => m.id)).toEqual(['m1', 'm2']);
  });

  it('opens the conversation for the colleague reading a consult that becomes a warm transfer', () => {
    let state = apply(
      asBob(),
      { type: 'frame', frame: { type: 'consult.updated', consult: consultOf({ status: 'active' }) }, now: 0 },
      { type: 'select.consult', consultId: 'cst_1' },
    );
    expect(state.selectedConsultId).toBe('cst_1');
    state = apply(state, {
      type: 'frame',
      frame: { type: 'consult.updated', consult: consultOf({ status: 'transferred', endReason: 'transferred' }) },
      now: 0,
    });
    expect(state.selectedConsultId).toBeNull();
    expect(state.selectedId).toBe('conv_1');
    // The thread stays with the conversation.
    expect(consultForConversation(state.consults, 'conv_1')?.consult.status).toBe('transferred');
  });
});
