import { describe, expect, it } from 'vitest';
import { LoudnessBaseline } from './baseline.ts';
import { rmsDbfs } from './level.ts';
import { decodeMulaw, encodeMulaw } from './mulaw.ts';
import { UtteranceSegmenter } from './segmenter.ts';
import { VoiceFeatureTracker } from './voice-features.ts';

const RATE = 8000;
/** A 300 Hz tone burst with 4 Hz amplitude modulation (syllable-like), at `amplitude` of full scale. */
const burst = (ms: number, amplitude: number): Int16Array =>
  Int16Array.from({ length: (RATE * ms) / 1000 }, (_, i) => {
    const t = i / RATE;
    return Math.round(
      32767 * amplitude * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)) * Math.sin(2 * Math.PI * 300 * t),
    );
  });
const silence = (ms: number): Int16Array => new Int16Array((RATE * ms) / 1000);
const concat = (...parts: Int16Array[]): Int16Array => {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const db = (x: number) => 10 ** (x / 20);

describe('μ-law', () => {
  it('decodes the G.711 reference points and round-trips within the codec step', () => {
    expect(Array.from(decodeMulaw(Uint8Array.from([0xff, 0x7f, 0x80, 0x00])))).toEqual([0, 0, 32124, -32124]);
    const pcm = Int16Array.from([0, 100, -100, 1000, -5000, 20000, -32000]);
    const back = decodeMulaw(encodeMulaw(pcm));
    pcm.forEach((s, i) => expect(Math.abs((back[i] ?? 0) - s)).toBeLessThanOrEqual(Math.max(8, Math.abs(s) * 0.07)));
  });
});

describe('levels', () => {
  it('measures a sine at its RMS level and silence at the floor', () => {
    const sine = Int16Array.from({ length: 8000 }, (_, i) =>
      Math.round(16384 * Math.sin((2 * Math.PI * 440 * i) / RATE)),
    );
    expect(rmsDbfs(sine)).toBeCloseTo(-9.03, 1);
    expect(rmsDbfs(silence(100))).toBe(-100);
  });
});

describe('utterance segmentation', () => {
  it('finds utterances with their silence, ignores clicks, and flags barge-in', () => {
    const seg = new UtteranceSegmenter();
    seg.setPlayback(1100);
    const us = seg.push(
      concat(
        silence(1000),
        burst(800, 0.1),
        silence(700),
        silence(60).map(() => 3000),
        silence(900),
        burst(600, 0.1),
        silence(600),
      ),
    );
    expect(us).toHaveLength(2);
    expect(us[0]).toMatchObject({ startMs: 1000, bargeIn: true, silenceBeforeMs: 1000 });
    expect(us[0]?.endMs).toBeGreaterThanOrEqual(1700);
    expect(us[1]).toMatchObject({ bargeIn: false });
    expect(us[1]?.silenceBeforeMs).toBeGreaterThan(1500);
    expect(seg.flush()).toEqual([]);
  });

  it('closes an utterance still open at the end of the stream', () => {
    const seg = new UtteranceSegmenter();
    expect(seg.push(concat(silence(200), burst(500, 0.2)))).toEqual([]);
    expect(seg.flush()).toHaveLength(1);
  });
});

describe('raised voice against the caller’s own baseline', () => {
  it('reports a +12 dB utterance as about 12 dB above the baseline, whatever the absolute level', () => {
    for (const base of [0.02, 0.1, 0.25]) {
      const t = new VoiceFeatureTracker();
      t.pushPcm(concat(silence(300), burst(900, base), silence(700), burst(700, base), silence(700)));
      const calm = t.takeTurnFeatures();
      expect(calm?.utterances).toBe(2);
      expect(Math.abs(calm?.loudnessDb ?? 99)).toBeLessThan(1);
      t.pushPcm(concat(burst(800, base * db(12)), silence(700)));
      const f = t.takeTurnFeatures();
      expect(f?.loudnessDb).toBeGreaterThan(11);
      expect(f?.loudnessDb).toBeLessThan(13);
      expect(t.takeTurnFeatures()).toBeNull();
    }
  });

  it('keeps the baseline from following one shouted utterance (median)', () => {
    const b = new LoudnessBaseline(5);
    expect(b.compareAndAdd(-30)).toBeNull();
    expect(b.compareAndAdd(-31)).toBe(-1);
    expect(b.compareAndAdd(-18)).toBeCloseTo(12.5, 1);
    expect(b.value).toBe(-30);
  });
});
