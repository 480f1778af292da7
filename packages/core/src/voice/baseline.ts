/**
 * The caller's own loudness baseline (T2 raised voice is "louder than this caller usually is", not an
 * absolute level: phones, lines and people differ by 20 dB and more). The baseline is the median level
 * of the caller's last `window` utterances, so one or two shouted utterances do not move it.
 */
export class LoudnessBaseline {
  private readonly levels: number[] = [];

  constructor(
    /** Utterances remembered (default 5). */
    private readonly window = 5,
    /** Utterances needed before a comparison is made (default 1). */
    private readonly minUtterances = 1,
  ) {}

  /** The baseline in dBFS, or null while there is not enough history. */
  get value(): number | null {
    if (this.levels.length < this.minUtterances || this.levels.length === 0) return null;
    const sorted = [...this.levels].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  }

  /** How many dB `levelDbfs` is above the baseline (null without history), then adds it to the history. */
  compareAndAdd(levelDbfs: number): number | null {
    const base = this.value;
    this.levels.push(levelDbfs);
    if (this.levels.length > this.window) this.levels.shift();
    return base === null ? null : Math.round((levelDbfs - base) * 10) / 10;
  }
}
