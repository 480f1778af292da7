import { decodeMulaw } from '@baton/core';
import { startServer, type RunningServer } from '@baton/server';
import { speechToolsMissing, synthesizeMulaw } from '@baton/twilio-voice/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatonVoiceBridge } from '../../../examples/voice-agent/bridge.ts';

const missing = speechToolsMissing();
if (missing !== null && process.env['CI'] === 'true') throw new Error(`CI must run the voice tests: ${missing}`);

/** The LiveKit / Pipecat-style bridge (examples/voice-agent) against a real server, with generated speech. */
describe.skipIf(missing !== null)(
  `example voice agent bridge${missing === null ? '' : ` (skipped: ${missing})`}`,
  () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({ port: 0, demo: true, logLevel: 'silent', botKeys: 'bot:k' });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('reports transcripts with loudness and transfers when the caller raises their voice', async () => {
      const bridge = new BatonVoiceBridge({
        baseUrl: server.url,
        apiKey: 'k',
        callerPhone: '+15550100155',
        sampleRate: 8000,
      });
      const conversationId = await bridge.start();
      const say = (text: string, peakDb: number) => bridge.pushAudio(decodeMulaw(synthesizeMulaw(text, { peakDb })));

      say('Hi, I would like to check my order', -20);
      expect(await bridge.finalTranscript('Hi, I would like to check my order', 0.9)).toMatchObject({ kind: 'answer' });
      await bridge.assistantSaid('Sure, what is the order number?');
      say('It is four five six', -20);
      expect(await bridge.finalTranscript('It is four five six', 0.9)).toMatchObject({ kind: 'answer' });
      say('It should have been here on Monday', -8);
      const out = await bridge.finalTranscript('It should have been here on Monday', 0.9);
      expect(out).toMatchObject({ kind: 'transfer', queue: 'Support' });
      const turns = await server.ctx.store.listTurns(conversationId);
      const last = turns.filter((t) => t.role === 'customer').at(-1);
      expect(last?.decision?.rule).toBe('frustration.raised_voice');
      expect(last?.annotations.prosody?.loudnessDb).toBeGreaterThanOrEqual(8);
      await bridge.end();
      expect((await server.ctx.store.getConversation(conversationId))?.status).toBe('closed');
    });
  },
);
