/** Silence floor for level maths: digital silence would otherwise be -Infinity dB. */
export const SILENCE_DBFS = -100;

/** Mean power of 16-bit samples relative to full scale (1.0 = a full-scale square wave). */
export const meanPower = (samples: Int16Array, start = 0, end = samples.length): number => {
  if (end <= start) return 0;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const x = (samples[i] ?? 0) / 32768;
    sum += x * x;
  }
  return sum / (end - start);
};

/** A power ratio in dB relative to full scale, floored at SILENCE_DBFS. */
export const powerToDbfs = (power: number): number =>
  power <= 0 ? SILENCE_DBFS : Math.max(SILENCE_DBFS, 10 * Math.log10(power));

/** RMS level of 16-bit samples in dBFS (a full-scale sine is about -3 dBFS). */
export const rmsDbfs = (samples: Int16Array, start = 0, end = samples.length): number =>
  powerToDbfs(meanPower(samples, start, end));
