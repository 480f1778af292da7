/**
 * G.711 μ-law, the 8 kHz telephone codec of Twilio Media Streams (ITU-T G.711; the classic Sun
 * `g711.c` algorithm). Decoding is one table lookup per byte.
 */

const BIAS = 0x84;
const CLIP = 32635;

const decodeByte = (byte: number): number => {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  return sign !== 0 ? -magnitude : magnitude;
};

const DECODE_TABLE = Int16Array.from({ length: 256 }, (_, i) => decodeByte(i));

/** 8-bit μ-law bytes → 16-bit linear PCM samples. */
export const decodeMulaw = (bytes: Uint8Array): Int16Array => {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = DECODE_TABLE[bytes[i] ?? 0xff] ?? 0;
  return out;
};

/** 16-bit linear PCM → μ-law bytes (for tests and tools; Baton only decodes). */
export const encodeMulaw = (samples: Int16Array): Uint8Array => {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    let s = samples[i] ?? 0;
    const sign = s < 0 ? 0x80 : 0;
    if (s < 0) s = -s;
    if (s > CLIP) s = CLIP;
    s += BIAS;
    let exponent = 7;
    for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
    const mantissa = (s >> (exponent + 3)) & 0x0f;
    out[i] = ~(sign | (exponent << 4) | mantissa) & 0xff;
  }
  return out;
};
