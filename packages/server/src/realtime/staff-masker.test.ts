import type { AgentServerFrame, AgentTurn } from '@baton/contracts';
import { defaultEscalationPolicy, type EscalationPolicy } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { StaffMasker } from './staff-masker.ts';

const turn = (id: string, text: string): AgentTurn => ({
  id,
  conversationId: 'c1',
  seq: 1,
  role: 'customer',
  authorName: null,
  text,
  createdAt: '2026-01-01T00:00:00.000Z',
  decision: null,
});

describe('StaffMasker', () => {
  it('masks a turn frame per role and leaves frames without customer data alone', () => {
    const m = new StaffMasker(() => defaultEscalationPolicy);
    const frame: AgentServerFrame = { type: 'turn', turn: turn('t1', 'card 4111 1111 1111 1111, a@b.co') };
    expect(m.agentFrame(frame, 'agent')).toMatchObject({ turn: { text: 'card [CARD], a@b.co' } });
    expect(m.agentFrame(frame, 'admin')).toBe(frame);
    const typing: AgentServerFrame = { type: 'typing', conversationId: 'c1', role: 'customer' };
    expect(m.agentFrame(typing, 'agent')).toBe(typing);
  });

  it('keeps spans for at most `capacity` turns, and detects again when a turn text changed', () => {
    const m = new StaffMasker(() => defaultEscalationPolicy, 3);
    const hidden = m.hidden('agent');
    for (let i = 0; i < 10; i++) m.text(`t${i}`, `card 4111 1111 1111 1111 no ${i}`, hidden);
    expect(m.cached()).toBe(3);
    expect(m.text('t9', 'card 4111 1111 1111 1111 no 9', hidden)).toBe('card [CARD] no 9');
    // the same turn redacted in the store since (consent declined): its new text is what is shown
    expect(m.text('t9', 'card [CARD] no 9, IBAN GB82 WEST 1234 5698 7654 32', hidden)).toBe(
      'card [CARD] no 9, IBAN [IBAN]',
    );
  });

  it('follows the policy in force: a new policy object applies to the next call', () => {
    let policy: EscalationPolicy = defaultEscalationPolicy;
    const m = new StaffMasker(() => policy);
    expect(m.hidden('agent')).toContain('CREDIT_CARD');
    policy = { ...defaultEscalationPolicy, privacy: undefined };
    expect(m.hidden('agent')).toEqual([]);
  });
});
