/**
 * Baton in a voice agent's loop, the way a LiveKit Agents or Pipecat pipeline would use it: audio frames
 * go to Baton's voice-feature tracker (loudness against the caller's own baseline), each final
 * transcript is reported as a customer turn with those features, and a `handoff` decision tells the
 * pipeline to say Baton's message and transfer. Framework-agnostic: wire `pushAudio` to the STT input
 * track and `finalTranscript` to the STT's final results.
 */
import { VoiceFeatureTracker } from '@baton/core';
import type { AddTurnResponse } from '@baton/contracts';
import { BatonClient } from '@baton/sdk';

export interface VoiceBridgeOptions {
  baseUrl: string;
  apiKey: string;
  /** Caller's number: Baton links the call to the customer who chatted with that number before. */
  callerPhone?: string;
  /** Sample rate of the PCM frames given to `pushAudio` (LiveKit: 48000 or 16000; telephony: 8000). */
  sampleRate?: number;
}

export type BridgeOutcome =
  { kind: 'answer'; decision: AddTurnResponse['decision'] } | { kind: 'transfer'; say: string; queue: string };

export class BatonVoiceBridge {
  private readonly client: BatonClient;
  private readonly tracker: VoiceFeatureTracker;
  private conversationId: string | null = null;

  constructor(private readonly o: VoiceBridgeOptions) {
    this.client = new BatonClient({ baseUrl: o.baseUrl, token: o.apiKey });
    this.tracker = new VoiceFeatureTracker({ sampleRate: o.sampleRate ?? 16000 });
  }

  /** Opens the voice conversation in Baton. */
  async start(): Promise<string> {
    const { conversation } = await this.client.createConversation({
      channel: 'voice',
      ...(this.o.callerPhone === undefined ? {} : { customer: { phone: this.o.callerPhone } }),
    });
    this.conversationId = conversation.id;
    return conversation.id;
  }

  /** 16-bit mono PCM from the caller's track. */
  pushAudio(frame: Int16Array): void {
    this.tracker.pushPcm(frame);
  }

  /**
   * A final transcript: reported with the voice features of what the caller said since the last one.
   * `transfer` means: stop the LLM, say `say`, and transfer the call (SIP REFER, Twilio, …).
   */
  async finalTranscript(text: string, asrConfidence?: number): Promise<BridgeOutcome> {
    if (this.conversationId === null) throw new Error('call start() first');
    const features = this.tracker.takeTurnFeatures();
    const prosody = {
      ...(features?.loudnessDb == null ? {} : { loudnessDb: features.loudnessDb }),
      ...(asrConfidence === undefined ? {} : { asrConfidence }),
    };
    const res = await this.client.addTurn(this.conversationId, {
      role: 'customer',
      text,
      ...(Object.keys(prosody).length === 0 ? {} : { annotations: { prosody } }),
    });
    if (res.conversation.status !== 'assistant') {
      return {
        kind: 'transfer',
        say: res.notice?.text ?? 'Let me connect you with a person.',
        queue: res.handoff?.queueName ?? '',
      };
    }
    return { kind: 'answer', decision: res.decision };
  }

  /** What the agent LLM said, so the human sees the whole transcript after a transfer. */
  async assistantSaid(text: string): Promise<void> {
    if (this.conversationId === null) return;
    await this.client.addTurn(this.conversationId, { role: 'assistant', text });
  }

  /** The caller hung up. */
  async end(): Promise<void> {
    if (this.conversationId !== null) await this.client.closeConversation(this.conversationId);
  }
}
