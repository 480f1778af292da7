import { describe, expect, it } from 'vitest';
import type { HandoffFact } from './facts.ts';
import { bucketFor, timeSeries } from './time-series.ts';

const at = (iso: string) => new Date(iso);

/** A handoff row with only what the series reads set; the rest are neutral values. */
const handoff = (createdAt: string, outcome: { wait?: number; abandoned?: boolean }): HandoffFact => ({
  handoffId: `h_${createdAt}`,
  conversationId: `c_${createdAt}`,
  customerId: null,
  channel: 'chat',
  queueId: 'q',
  reason: 'explicit_request',
  rule: null,
  intent: null,
  status: outcome.abandoned === true ? 'abandoned' : outcome.wait === undefined ? 'queued' : 'completed',
  createdAt: at(createdAt),
  firstOfferedAt: null,
  offers: 0,
  rejected: 0,
  timedOut: 0,
  connectedAt: outcome.wait === undefined ? null : new Date(at(createdAt).getTime() + outcome.wait * 1000),
  agentId: null,
  endedAt: null,
  waitSeconds: outcome.wait ?? null,
  abandoned: outcome.abandoned === true,
  abandonedAfterSeconds: null,
  droppedStage: null,
  handleSeconds: null,
  resolved: false,
  wrapUpDisposition: null,
  handoffNeeded: null,
  agentReplies: 0,
  unneededMarked: false,
  unneededOneReply: false,
  surveyRating: null,
});

describe('timeSeries', () => {
  it('uses hours up to 48 h and days beyond', () => {
    expect(bucketFor(at('2026-03-01T00:00:00Z'), at('2026-03-03T00:00:00Z'))).toBe('hour');
    expect(bucketFor(at('2026-03-01T00:00:00Z'), at('2026-03-03T00:00:01Z'))).toBe('day');
  });

  it('counts each item in the UTC hour it was created, with every hour of the range present', () => {
    const s = timeSeries(
      at('2026-03-02T08:30:00Z'),
      at('2026-03-02T11:15:00Z'),
      [at('2026-03-02T08:31:00Z'), at('2026-03-02T08:59:59Z'), at('2026-03-02T10:00:00Z')],
      [
        handoff('2026-03-02T08:40:00Z', { wait: 30 }),
        handoff('2026-03-02T08:50:00Z', { wait: 10 }),
        handoff('2026-03-02T08:55:00Z', { wait: 20 }),
        handoff('2026-03-02T08:56:00Z', { abandoned: true }),
        handoff('2026-03-02T10:05:00Z', {}),
      ],
    );
    expect(s.bucket).toBe('hour');
    expect(s.rows).toEqual([
      {
        start: '2026-03-02T08:00:00.000Z',
        conversations: 2,
        handoffs: 4,
        connected: 3,
        abandoned: 1,
        medianSpeedOfAnswer: 20,
      },
      {
        start: '2026-03-02T09:00:00.000Z',
        conversations: 0,
        handoffs: 0,
        connected: 0,
        abandoned: 0,
        medianSpeedOfAnswer: null,
      },
      {
        start: '2026-03-02T10:00:00.000Z',
        conversations: 1,
        handoffs: 1,
        connected: 0,
        abandoned: 0,
        medianSpeedOfAnswer: null,
      },
      {
        start: '2026-03-02T11:00:00.000Z',
        conversations: 0,
        handoffs: 0,
        connected: 0,
        abandoned: 0,
        medianSpeedOfAnswer: null,
      },
    ]);
  });

  it('puts a handoff created after the range end in the last bucket, so rows add up to the totals', () => {
    const s = timeSeries(
      at('2026-03-01T00:00:00Z'),
      at('2026-03-04T00:00:00Z'),
      [at('2026-03-03T23:59:00Z')],
      [handoff('2026-03-04T00:02:00Z', { wait: 7 }), handoff('2026-03-01T12:00:00Z', { wait: 3 })],
    );
    expect(s.bucket).toBe('day');
    expect(s.rows.map((r) => r.start)).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-03-02T00:00:00.000Z',
      '2026-03-03T00:00:00.000Z',
    ]);
    expect(s.rows.map((r) => [r.conversations, r.handoffs, r.medianSpeedOfAnswer])).toEqual([
      [0, 1, 3],
      [0, 0, null],
      [1, 1, 7],
    ]);
  });
});
