import { describe, expect, it } from 'vitest';
import type { HandoffNotice } from '@baton/contracts';
import { HandoffNotices } from './handoff-notices.ts';

const notice = (position: number): HandoffNotice => ({
  status: 'queued',
  reason: 'You asked for a person.',
  queueName: 'Support',
  agentName: null,
  position,
});

describe('HandoffNotices', () => {
  it('reuses a notice until its time is up, and knows "no open handoff" from "not cached"', () => {
    const notices = new HandoffNotices(1000);
    notices.set('c1', notice(3), 0, notices.begin());
    notices.set('c2', null, 0, notices.begin());
    expect(notices.get('c1', 999)).toEqual(notice(3));
    expect(notices.get('c2', 500)).toBeNull();
    expect(notices.get('c1', 1000)).toBeUndefined();
    expect(notices.get('c3', 0)).toBeUndefined();
  });

  it('forgets a dropped notice, and does not keep one read while it was being dropped', () => {
    const notices = new HandoffNotices(1000);
    notices.set('c1', notice(3), 0, notices.begin());
    notices.drop('c1');
    expect(notices.get('c1', 1)).toBeUndefined();
    // A read began, then the queue moved (drop) before the read's answer came back: that answer is stale.
    const since = notices.begin();
    notices.drop('c1');
    notices.set('c1', notice(2), 2, since);
    expect(notices.get('c1', 3)).toBeUndefined();
    // A drop of another conversation does not spoil this one's read.
    const again = notices.begin();
    notices.drop('c2');
    notices.set('c1', notice(1), 4, again);
    expect(notices.get('c1', 5)).toEqual(notice(1));
  });

  it('stays bounded, and refuses reads older than a drop it no longer remembers', () => {
    const notices = new HandoffNotices(1000, 2);
    for (const id of ['a', 'b', 'c']) notices.set(id, notice(1), 0, notices.begin());
    expect(notices.get('a', 1)).toBeUndefined();
    expect(notices.get('c', 1)).toEqual(notice(1));
    const since = notices.begin();
    for (const id of ['x', 'y', 'z']) notices.drop(id);
    notices.set('x', notice(5), 1, since);
    expect(notices.get('x', 2)).toBeUndefined();
  });

  it('hands out one background re-read per entry from its jittered refresh age, and serves it until the TTL', () => {
    let r = 0;
    const notices = new HandoffNotices(1000, 10, { afterMs: 400, jitter: 0.5, random: () => r });
    notices.set('c1', notice(3), 0, notices.begin());
    expect(notices.claimRefresh('c1', 399)).toBe(false);
    expect(notices.claimRefresh('c1', 400)).toBe(true);
    // Claimed once: later readers keep the cached notice and start no second read.
    expect(notices.claimRefresh('c1', 500)).toBe(false);
    expect(notices.get('c1', 999)).toEqual(notice(3));
    // The re-read's answer starts a new life; with the jitter at its largest it is due after half the age.
    r = 1;
    notices.set('c1', notice(2), 600, notices.begin());
    expect(notices.claimRefresh('c1', 799)).toBe(false);
    expect(notices.claimRefresh('c1', 800)).toBe(true);
    // A re-read that never lands leaves the entry to expire at its TTL.
    expect(notices.get('c1', 1599)).toEqual(notice(2));
    expect(notices.get('c1', 1600)).toBeUndefined();
    expect(notices.claimRefresh('c1', 1600)).toBe(false);
    // Without a refresh setting nothing is ever due: entries only expire.
    const plain = new HandoffNotices(1000);
    plain.set('c2', null, 0, plain.begin());
    expect(plain.claimRefresh('c2', 999)).toBe(false);
  });
});
