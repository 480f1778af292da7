import { describe, expect, it } from 'vitest';
import { presenceReasonSchema } from '@baton/contracts';
import { formatCountdown, presenceReasonLabel, presenceReasonOptions } from './presence.ts';

describe('presence reasons and the wrap-up countdown in the workspace', () => {
  it('offers exactly the reasons the server accepts', () => {
    expect(presenceReasonOptions.map((o) => o.value)).toEqual(presenceReasonSchema.options);
  });

  it('labels picked, server-set and unknown reasons', () => {
    expect(presenceReasonLabel('lunch')).toBe('Lunch');
    expect(presenceReasonLabel('after_conversation')).toBe('after a conversation');
    expect(presenceReasonLabel('missed_offer')).toBe('missed an offer');
    expect(presenceReasonLabel('heartbeat_lost')).toBe('heartbeat_lost');
  });

  it('counts down as m:ss, rounding up and never below zero', () => {
    expect(formatCountdown(25)).toBe('0:25');
    expect(formatCountdown(24.2)).toBe('0:25');
    expect(formatCountdown(61)).toBe('1:01');
    expect(formatCountdown(-3)).toBe('0:00');
  });
});
