/**
 * Raised-voice detector accuracy on speech made on this machine (espeak-ng + sox, 8 kHz μ-law as Twilio
 * Media Streams carry it). For each voice and volume step: three baseline utterances at the caller's
 * normal level, then one test utterance `step` dB louder (peak-normalised renderings, so the step is
 * exact), measured by Baton's VoiceFeatureTracker and judged against the default policy threshold
 * (frustration.loudnessDb = 8 dB above the caller's baseline).
 *
 *   npx tsx packages/integrations/twilio-voice/bench/raised-voice.ts
 */
import { VoiceFeatureTracker, defaultEscalationPolicy } from '@baton/core';
import { synthesizeMulaw, speechToolsMissing } from '../src/testing/audio.ts';

const missing = speechToolsMissing();
if (missing !== null) throw new Error(missing);

const threshold = defaultEscalationPolicy.frustration?.loudnessDb ?? 8;
const voices = ['en-us', 'en-us+f3'];
const steps = [-6, 0, 3, 6, 9, 12, 15];
const NORMAL_PEAK = -20;
const baseline = [
  'Hello, I am calling about my order',
  'It was supposed to arrive yesterday',
  'The order number is four five six',
];
const tests = [
  'Where is my parcel',
  'I have been waiting for two weeks',
  'Nobody answered my email',
  'Can you check the delivery status',
  'I want to know what happened',
  'This is the third time I call',
  'Please tell me when it will arrive',
  'The tracking page shows nothing',
];

const cache = new Map<string, Buffer>();
const speech = (text: string, voice: string, peakDb: number): Buffer => {
  const key = `${voice}|${peakDb}|${text}`;
  let b = cache.get(key);
  if (b === undefined) {
    b = synthesizeMulaw(text, { voice, peakDb });
    cache.set(key, b);
  }
  return b;
};

const rows: string[] = [];
let tp = 0;
let fp = 0;
let tn = 0;
let fn = 0;
const perVoice = new Map<string, { correct: number; total: number }>();
for (const voice of voices) {
  for (const step of steps) {
    const measured: number[] = [];
    let fired = 0;
    for (const text of tests) {
      const t = new VoiceFeatureTracker();
      for (const b of baseline) t.pushMulaw(speech(b, voice, NORMAL_PEAK));
      t.takeTurnFeatures();
      t.pushMulaw(speech(text, voice, NORMAL_PEAK + step));
      const db = t.takeTurnFeatures()?.loudnessDb ?? null;
      if (db === null) throw new Error(`no utterance found in "${text}"`);
      measured.push(db);
      const raised = db >= threshold;
      const shouldFire = step >= threshold;
      if (raised) fired++;
      if (raised && shouldFire) tp++;
      else if (raised) fp++;
      else if (shouldFire) fn++;
      else tn++;
      const v = perVoice.get(voice) ?? { correct: 0, total: 0 };
      v.total++;
      if (raised === shouldFire) v.correct++;
      perVoice.set(voice, v);
    }
    const mean = measured.reduce((a, b) => a + b, 0) / measured.length;
    const sd = Math.sqrt(measured.reduce((a, b) => a + (b - mean) ** 2, 0) / measured.length);
    rows.push(
      `| ${voice} | ${step >= 0 ? '+' : ''}${step} dB | ${mean.toFixed(1)} ± ${sd.toFixed(1)} | ${Math.min(...measured).toFixed(1)} … ${Math.max(...measured).toFixed(1)} | ${fired}/${measured.length} | ${step >= threshold ? 'raised' : 'normal'} |`,
    );
  }
}
const total = tp + fp + tn + fn;
process.stdout.write(
  [
    `threshold: ${threshold} dB above the caller's baseline; ${tests.length} test sentences per cell, 3 baseline utterances`,
    '',
    '| voice | step | measured dB above baseline (mean ± sd) | range | fired | expected |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `accuracy ${((tp + tn) / total).toFixed(3)} (${tp + tn}/${total}); precision ${(tp / Math.max(1, tp + fp)).toFixed(3)}; recall ${(tp / Math.max(1, tp + fn)).toFixed(3)}`,
    ...[...perVoice].map(([v, c]) => `${v}: ${(c.correct / c.total).toFixed(3)} (${c.correct}/${c.total})`),
    '',
  ].join('\n'),
);
