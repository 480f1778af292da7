import type { TurnVoiceFeatures } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../bus/in-process-bus.ts';
import { NatsBus } from '../bus/nats-bus.ts';
import { askVoiceFeatures, serveVoiceFeatures, type FeatureSource } from './voice-feature-relay.ts';

const loud: TurnVoiceFeatures = { loudnessDb: 11.5, silenceMs: 300, bargeIn: false, utterances: 1 };

/** A board holding one call's media socket; its features can be taken once. */
const boardWith = (conversationId: string): FeatureSource & { taken: number } => {
  const board = {
    taken: 0,
    has: (id: string) => id === conversationId,
    take: (id: string) => {
      if (id !== conversationId) return null;
      board.taken++;
      return board.taken === 1 ? loud : null;
    },
  };
  return board;
};

const natsUrl = process.env['NATS_URL'];

describe('voice features across instances', () => {
  it('the instance holding the media socket answers, once; others stay silent', async () => {
    const bus = new InProcessBus();
    const holder = boardWith('conv_call_1');
    const elsewhere = boardWith('conv_other');
    const stops = [await serveVoiceFeatures(bus, holder), await serveVoiceFeatures(bus, elsewhere)];
    expect(await askVoiceFeatures(bus, 'conv_call_1')).toEqual(loud);
    expect(holder.taken).toBe(1);
    expect(elsewhere.taken).toBe(0);
    expect(await askVoiceFeatures(bus, 'conv_call_1')).toBeNull(); // taken since the previous turn: nothing new
    expect(await askVoiceFeatures(bus, 'conv_nobody', 50)).toBeNull(); // no socket anywhere: times out
    for (const stop of stops) await stop();
  });

  // Needs NATS: runs whenever NATS_URL is set, and must in CI.
  it.skipIf(!natsUrl && process.env['CI'] !== 'true')('works between two NATS connections', async () => {
    if (!natsUrl) throw new Error('NATS_URL must be set in CI');
    const [a, b] = [await NatsBus.connect({ natsUrl }), await NatsBus.connect({ natsUrl })];
    try {
      const stop = await serveVoiceFeatures(a, boardWith('conv_call_2'));
      expect(await askVoiceFeatures(b, 'conv_call_2', 2_000)).toEqual(loud);
      await stop();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
