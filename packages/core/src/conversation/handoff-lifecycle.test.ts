import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import type { Handoff } from './handoff.ts';
import { transitionHandoff, type HandoffEvent } from './handoff-lifecycle.ts';

const at = new Date('2026-01-01T00:00:00Z');
const queued: Handoff = {
  id: 'ho_1',
  conversationId: 'conv_1',
  queueId: 'q',
  status: 'queued',
  priority: 5,
  reason: { code: 'explicit_request', agent: 'asked', customer: 'you asked' },
  rule: 'explicit_request',
  declinedBy: [],
  assignedAgentId: null,
  createdAt: at,
  assignedAt: null,
  endedAt: null,
};

describe('transitionHandoff', () => {
  it('walks the happy path: offer, accept, complete', () => {
    const [offered] = transitionHandoff(queued, { type: 'offer', agentId: 'a', at });
    expect(offered.status).toBe('offered');
    const [assigned, effects] = transitionHandoff(offered, { type: 'accept', agentId: 'a', at });
    expect(assigned).toMatchObject({ status: 'assigned', assignedAgentId: 'a' });
    expect(effects).toEqual([{ type: 'conversation_to_agent', conversationId: 'conv_1', agentId: 'a' }]);
    const [done] = transitionHandoff(assigned, { type: 'complete', at });
    expect(done.status).toBe('completed');
  });

  it('returns a declined offer to the queue, remembers who declined, and asks to route again', () => {
    const [offered] = transitionHandoff(queued, { type: 'offer', agentId: 'a', at });
    const [back, effects] = transitionHandoff(offered, { type: 'decline', agentId: 'a', why: 'timed_out', at });
    expect(back.status).toBe('queued');
    expect(back.declinedBy).toEqual(['a']);
    expect(effects).toEqual([{ type: 'route', handoffId: 'ho_1' }]);
  });

  it('abandons when the customer leaves while waiting and cancels offers', () => {
    const [left, effects] = transitionHandoff(queued, { type: 'customer_left', at });
    expect(left.status).toBe('abandoned');
    expect(effects.map((e) => e.type)).toEqual(['cancel_offers', 'conversation_closed']);
  });

  it('refuses events the status does not accept, with a stable code', () => {
    expect(() => transitionHandoff(queued, { type: 'accept', agentId: 'a', at })).toThrow(DomainError);
    try {
      transitionHandoff(queued, { type: 'complete', at });
    } catch (e) {
      expect((e as DomainError).code).toBe('handoff_invalid_transition');
    }
  });

  it('never reaches assigned without an accept, whatever the event order', () => {
    const event = fc.oneof(
      fc.constant<HandoffEvent>({ type: 'offer', agentId: 'a', at }),
      fc.constant<HandoffEvent>({ type: 'accept', agentId: 'a', at }),
      fc.constant<HandoffEvent>({ type: 'decline', agentId: 'a', why: 'rejected', at }),
      fc.constant<HandoffEvent>({ type: 'customer_left', at }),
      fc.constant<HandoffEvent>({ type: 'complete', at }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 20 }), (events) => {
        let h = queued;
        let accepted = false;
        for (const e of events) {
          try {
            [h] = transitionHandoff(h, e);
            if (e.type === 'accept') accepted = true;
          } catch {
            // refused transitions leave the handoff unchanged
          }
          if (h.status === 'assigned' || h.status === 'completed') expect(accepted).toBe(true);
          if (h.status === 'abandoned') expect(h.assignedAgentId).toBeNull();
        }
      }),
    );
  });
});
