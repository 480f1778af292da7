import { round4 } from './metrics.ts';

/** One report entry: metric name → figure; `n` and counts are numbers too. */
export type Entry = Record<string, number | null | string>;

/**
 * Collects the evaluation figures. For a trainable signal each metric is given as [default, trained]:
 * the entry holds `default_<m>`, `trained_<m>` and plain `<m>` = the figure of whichever of the two is better
 * on the entry's key metric (so the plain figures always come from one system).
 */
export class Report {
  readonly entries: Record<string, Entry> = {};

  add(
    name: string,
    n: number,
    metrics: Record<string, [number | null, number | null]>,
    key: string,
    extra: Record<string, number> = {},
  ): void {
    const pair = metrics[key];
    const useTrained = pair !== undefined && (pair[1] ?? -1) > (pair[0] ?? -1);
    const entry: Entry = { n, ...extra };
    for (const [m, [d, t]] of Object.entries(metrics)) {
      entry[m] = round4(useTrained ? t : d);
      entry[`default_${m}`] = round4(d);
      entry[`trained_${m}`] = round4(t);
    }
    entry.source = useTrained ? 'trained' : 'default';
    this.entries[name] = entry;
  }

  addRaw(name: string, entry: Entry): void {
    this.entries[name] = entry;
  }

  /** A fixed-width table of the plain figures, for the terminal. */
  table(): string {
    const rows = Object.entries(this.entries).map(([name, e]) => {
      const figures = Object.entries(e)
        .filter(([k]) => !k.startsWith('default_') && !k.startsWith('trained_') && k !== 'source')
        .map(([k, v]) => `${k}=${v === null ? '—' : v}`)
        .join('  ');
      const defaults = Object.entries(e)
        .filter(([k]) => k.startsWith('default_'))
        .map(([k, v]) => `${k.slice(8)}=${v === null ? '—' : v}`)
        .join(' ');
      return `${name.padEnd(28)} ${figures}${defaults ? `   [default: ${defaults}]` : ''}`;
    });
    return rows.join('\n');
  }
}
