import { LoudnessBaseline } from './baseline.ts';
import { decodeMulaw } from './mulaw.ts';
import { UtteranceSegmenter, type SegmenterOptions, type Utterance } from './segmenter.ts';

/** An utterance with its loudness relative to the caller's baseline. */
export interface MeasuredUtterance extends Utterance {
  /** dB above (positive) or below the caller's baseline; null for the first utterance of the call. */
  relativeDb: number | null;
}

/** What one customer turn carries: the voice features of the utterances since the previous turn. */
export interface TurnVoiceFeatures {
  /** The loudest utterance relative to the baseline (what `annotations.prosody.loudnessDb` gets). */
  loudnessDb: number | null;
  /** Longest silence before one of these utterances, ms. */
  silenceMs: number;
  /** Any of them started while Baton was speaking. */
  bargeIn: boolean;
  utterances: number;
}

/**
 * Per-call voice features from an 8 kHz μ-law stream: utterance segmentation, active speech level, the
 * caller's running baseline, silence and barge-in. Pure: time is the stream's own sample count.
 */
export class VoiceFeatureTracker {
  private readonly segmenter: UtteranceSegmenter;
  private readonly baseline: LoudnessBaseline;
  private unread: MeasuredUtterance[] = [];
  readonly history: MeasuredUtterance[] = [];

  constructor(options: SegmenterOptions & { baselineWindow?: number } = {}) {
    this.segmenter = new UtteranceSegmenter(options);
    this.baseline = new LoudnessBaseline(options.baselineWindow ?? 5);
  }

  get nowMs(): number {
    return this.segmenter.nowMs;
  }

  /** Feeds μ-law bytes; returns utterances that ended. */
  pushMulaw(bytes: Uint8Array): MeasuredUtterance[] {
    return this.measure(this.segmenter.push(decodeMulaw(bytes)));
  }

  /** Feeds linear PCM; returns utterances that ended. */
  pushPcm(samples: Int16Array): MeasuredUtterance[] {
    return this.measure(this.segmenter.push(samples));
  }

  /** The stream ended: closes an open utterance. */
  end(): MeasuredUtterance[] {
    return this.measure(this.segmenter.flush());
  }

  /** Baton plays audio for `durationMs` from now (a `<Say>`): speech starting meanwhile is barge-in. */
  playing(durationMs: number): void {
    this.segmenter.setPlayback(this.segmenter.nowMs + durationMs);
  }

  /** Features of the utterances since the last call, or null if there were none. */
  takeTurnFeatures(): TurnVoiceFeatures | null {
    const us = this.unread;
    this.unread = [];
    if (us.length === 0) return null;
    const rel = us.map((u) => u.relativeDb).filter((d): d is number => d !== null);
    return {
      loudnessDb: rel.length === 0 ? null : Math.max(...rel),
      silenceMs: Math.max(...us.map((u) => u.silenceBeforeMs)),
      bargeIn: us.some((u) => u.bargeIn),
      utterances: us.length,
    };
  }

  private measure(us: Utterance[]): MeasuredUtterance[] {
    const measured = us.map((u) => ({ ...u, relativeDb: this.baseline.compareAndAdd(u.levelDbfs) }));
    this.unread.push(...measured);
    this.history.push(...measured);
    return measured;
  }
}
