/**
 * Speech made on this machine for tests and the raised-voice benchmark: espeak-ng speaks, sox converts to
 * 8 kHz μ-law (what Twilio Media Streams carry) with the peak normalised to a chosen level, so two
 * renderings of one sentence differ by exactly the requested number of dB.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why speech cannot be made here, or null when espeak-ng and sox are installed. */
export const speechToolsMissing = (): string | null => {
  for (const tool of ['espeak-ng', 'sox']) {
    const r = spawnSync(tool, ['--version'], { stdio: 'ignore' });
    if (r.error !== undefined) return `${tool} is not installed (apt-get install -y espeak-ng sox)`;
  }
  return null;
};

export interface SpeechOptions {
  /** espeak-ng voice, e.g. `en-us` or `en-us+f3` (default en-us). */
  voice?: string;
  /** Peak level in dBFS after normalisation (default -20). */
  peakDb?: number;
  /** Silence before and after, seconds (default 0.3 and 0.9: enough for the segmenter's 500 ms hangover). */
  padBefore?: number;
  padAfter?: number;
  /** Words per minute (default 160). */
  speed?: number;
}

/** Speaks `text` and returns 8 kHz mono μ-law bytes. */
export const synthesizeMulaw = (text: string, o: SpeechOptions = {}): Buffer => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-voice-'));
  try {
    const wav = join(dir, 'speech.wav');
    const out = join(dir, 'speech.ul');
    execFileSync('espeak-ng', ['-v', o.voice ?? 'en-us', '-s', String(o.speed ?? 160), '-w', wav, text]);
    execFileSync('sox', [
      wav,
      '-r',
      '8000',
      '-c',
      '1',
      '-e',
      'mu-law',
      '-t',
      'raw',
      out,
      'gain',
      '-n',
      String(o.peakDb ?? -20),
      'pad',
      String(o.padBefore ?? 0.3),
      String(o.padAfter ?? 0.9),
    ]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Media Streams `media` messages for μ-law audio: 20 ms (160-byte) chunks, base64, as Twilio sends them. */
export const mediaMessages = (streamSid: string, audio: Buffer, startChunk = 1, startMs = 0): string[] => {
  const out: string[] = [];
  for (let i = 0, n = 0; i < audio.length; i += 160, n++) {
    out.push(
      JSON.stringify({
        event: 'media',
        sequenceNumber: String(startChunk + n + 1),
        media: {
          track: 'inbound',
          chunk: String(startChunk + n),
          timestamp: String(startMs + n * 20),
          payload: audio.subarray(i, i + 160).toString('base64'),
        },
        streamSid,
      }),
    );
  }
  return out;
};
