import { VoiceFeatureTracker, type TurnVoiceFeatures } from '@baton/core';

/**
 * Voice features per call, fed by the Media Streams socket and read by the speech webhook. Held in the memory
 * of the instance that holds the socket; a webhook that reaches another instance asks for them through the
 * host (`VoiceCallHost.remoteVoiceFeatures`, over the bus in the server).
 */
export class VoiceFeatureBoard {
  private readonly calls = new Map<string, VoiceFeatureTracker>();

  open(conversationId: string): VoiceFeatureTracker {
    const t = new VoiceFeatureTracker();
    this.calls.set(conversationId, t);
    return t;
  }

  /** True while this instance holds the call's Media Streams socket. */
  has(conversationId: string): boolean {
    return this.calls.has(conversationId);
  }

  get(conversationId: string): VoiceFeatureTracker | undefined {
    return this.calls.get(conversationId);
  }

  /** The features since the previous turn, if the stream of this call is on this instance. */
  take(conversationId: string): TurnVoiceFeatures | null {
    return this.calls.get(conversationId)?.takeTurnFeatures() ?? null;
  }

  /** Baton is about to speak `text` to the caller: speech that starts meanwhile counts as barge-in. */
  speaking(conversationId: string, text: string): void {
    // About 14 characters per second of synthetic speech.
    this.calls.get(conversationId)?.playing(Math.round((text.length / 14) * 1000));
  }

  close(conversationId: string): void {
    this.calls.delete(conversationId);
  }
}

/** The Media Streams messages Baton reads (https://www.twilio.com/docs/voice/media-streams/websocket-messages). */
type StreamMessage =
  | { event: 'connected'; protocol?: string }
  | {
      event: 'start';
      streamSid: string;
      start: {
        callSid: string;
        customParameters?: Record<string, string>;
        mediaFormat?: { encoding: string; sampleRate: number; channels: number };
      };
    }
  | {
      event: 'media';
      streamSid: string;
      media: { track?: string; chunk?: string; timestamp?: string; payload: string };
    }
  | { event: 'stop'; streamSid: string }
  | { event: 'mark' | 'dtmf'; streamSid: string };

/**
 * One Media Streams WebSocket: `start` names the conversation (custom parameter `conversationId`),
 * `media` frames carry 8 kHz μ-law audio in base64, `stop` ends it. Malformed messages are counted and
 * skipped; the call goes on.
 */
export class MediaStreamSession {
  private conversationId: string | null = null;
  /** Messages that could not be read. */
  rejected = 0;

  constructor(private readonly board: VoiceFeatureBoard) {}

  onMessage(raw: string): void {
    let msg: StreamMessage;
    try {
      msg = JSON.parse(raw) as StreamMessage;
    } catch {
      this.rejected++;
      return;
    }
    switch (msg.event) {
      case 'start': {
        const id = msg.start?.customParameters?.['conversationId'];
        const format = msg.start?.mediaFormat;
        if (
          typeof id !== 'string' ||
          (format !== undefined && (format.encoding !== 'audio/x-mulaw' || format.sampleRate !== 8000))
        ) {
          this.rejected++;
          return;
        }
        this.conversationId = id;
        this.board.open(id);
        return;
      }
      case 'media': {
        if (this.conversationId === null || typeof msg.media?.payload !== 'string') {
          this.rejected++;
          return;
        }
        if (msg.media.track !== undefined && msg.media.track !== 'inbound') return;
        this.board.get(this.conversationId)?.pushMulaw(Buffer.from(msg.media.payload, 'base64'));
        return;
      }
      case 'stop':
        this.end();
        return;
      case 'connected':
      case 'mark':
      case 'dtmf':
        return;
      default:
        this.rejected++;
    }
  }

  /** The socket closed or `stop` came: an utterance still open is measured (the tracker stays for the last turn). */
  end(): void {
    if (this.conversationId !== null) this.board.get(this.conversationId)?.end();
  }
}
