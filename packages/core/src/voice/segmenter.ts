import { meanPower, powerToDbfs, SILENCE_DBFS } from './level.ts';

/** One stretch of speech, as the segmenter saw it. Times are ms from the start of the stream. */
export interface Utterance {
  startMs: number;
  endMs: number;
  /** Time in frames judged to be speech. */
  speechMs: number;
  /** Active speech level: the mean power of speech frames only, in dBFS (a simplified ITU-T P.56). */
  levelDbfs: number;
  /** Loudest 20 ms frame, dBFS. */
  peakDbfs: number;
  /** Silence since the previous utterance ended (or since the stream started). */
  silenceBeforeMs: number;
  /** The caller started speaking while Baton was still talking to them. */
  bargeIn: boolean;
}

export interface SegmenterOptions {
  /** Samples per second (default 8000, Twilio Media Streams). */
  sampleRate?: number;
  /** Analysis frame, ms (default 20, one Media Streams packet). */
  frameMs?: number;
  /** A frame is speech when this many dB above the running noise floor (default 12)… */
  speechAboveFloorDb?: number;
  /** …and above this absolute level (default -50 dBFS). */
  speechGateDbfs?: number;
  /** Consecutive speech frames that start an utterance (default 2). */
  startFrames?: number;
  /** Non-speech time that ends one, ms (default 500). */
  hangoverMs?: number;
  /** Utterances with less speech than this are noise (coughs, clicks) and dropped, ms (default 150). */
  minSpeechMs?: number;
}

/**
 * Energy-based voice activity detection and utterance segmentation over a stream of PCM samples.
 * O(1) memory per stream and O(n) time in samples. Limits: energy alone cannot tell speech from loud
 * steady noise (the floor adapts upward slowly, 0.05 dB per frame, so music on the line may count as
 * speech for a while); that is acceptable for level measurement on a telephone line.
 */
export class UtteranceSegmenter {
  private readonly frameSamples: number;
  private readonly o: Required<SegmenterOptions>;
  private readonly pending: number[] = [];
  private processedFrames = 0;
  private noiseFloor = SILENCE_DBFS;
  private run = 0;
  private current: { startFrame: number; lastSpeechFrame: number; power: number; frames: number; peak: number } | null =
    null;
  private lastEndMs = 0;
  private playbackUntilMs = 0;

  constructor(options: SegmenterOptions = {}) {
    this.o = {
      sampleRate: 8000,
      frameMs: 20,
      speechAboveFloorDb: 12,
      speechGateDbfs: -50,
      startFrames: 2,
      hangoverMs: 500,
      minSpeechMs: 150,
      ...options,
    };
    this.frameSamples = Math.round((this.o.sampleRate * this.o.frameMs) / 1000);
  }

  /** Stream time so far, ms. */
  get nowMs(): number {
    return this.processedFrames * this.o.frameMs;
  }

  /** Baton is playing audio to the caller until `untilMs` (stream time): speech starting before is barge-in. */
  setPlayback(untilMs: number): void {
    this.playbackUntilMs = untilMs;
  }

  /** Feeds samples; returns the utterances that ended within them. */
  push(samples: Int16Array): Utterance[] {
    const ended: Utterance[] = [];
    for (const s of samples) this.pending.push(s);
    let offset = 0;
    while (this.pending.length - offset >= this.frameSamples) {
      const frame = Int16Array.from(this.pending.slice(offset, offset + this.frameSamples));
      offset += this.frameSamples;
      const u = this.frame(frame);
      if (u !== null) ended.push(u);
    }
    this.pending.splice(0, offset);
    return ended;
  }

  /** Ends the stream: an utterance still open is closed and returned. */
  flush(): Utterance[] {
    const u = this.current === null ? null : this.close(this.current);
    this.current = null;
    return u === null ? [] : [u];
  }

  private frame(samples: Int16Array): Utterance | null {
    const index = this.processedFrames++;
    const power = meanPower(samples);
    const db = powerToDbfs(power);
    const speech = db >= this.noiseFloor + this.o.speechAboveFloorDb && db >= this.o.speechGateDbfs;
    // The floor follows quiet frames down at once and creeps up slowly, so speech does not raise it.
    this.noiseFloor = db < this.noiseFloor ? db : Math.min(db, this.noiseFloor + 0.05);
    this.run = speech ? this.run + 1 : 0;
    if (this.current === null) {
      if (this.run >= this.o.startFrames) {
        // The run's earlier frames belong to the utterance; their power is approximated by this frame's.
        this.current = {
          startFrame: index - this.run + 1,
          lastSpeechFrame: index,
          power: power * this.run,
          frames: this.run,
          peak: db,
        };
      }
      return null;
    }
    if (speech) {
      this.current.lastSpeechFrame = index;
      this.current.power += power;
      this.current.frames++;
      this.current.peak = Math.max(this.current.peak, db);
      return null;
    }
    if ((index - this.current.lastSpeechFrame) * this.o.frameMs < this.o.hangoverMs) return null;
    const u = this.close(this.current);
    this.current = null;
    return u;
  }

  private close(c: NonNullable<UtteranceSegmenter['current']>): Utterance | null {
    const startMs = c.startFrame * this.o.frameMs;
    const endMs = (c.lastSpeechFrame + 1) * this.o.frameMs;
    const speechMs = c.frames * this.o.frameMs;
    if (speechMs < this.o.minSpeechMs) return null;
    const u: Utterance = {
      startMs,
      endMs,
      speechMs,
      levelDbfs: Math.round(powerToDbfs(c.power / c.frames) * 10) / 10,
      peakDbfs: Math.round(c.peak * 10) / 10,
      silenceBeforeMs: Math.max(0, startMs - this.lastEndMs),
      bargeIn: startMs < this.playbackUntilMs,
    };
    this.lastEndMs = endMs;
    return u;
  }
}
