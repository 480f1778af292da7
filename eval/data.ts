import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Reads a JSON-lines file; blank lines are skipped. */
export const readJsonl = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

/** True when `dir` holds both split files. */
export const hasSplits = (dir: string): boolean =>
  existsSync(join(dir, 'train.jsonl')) && existsSync(join(dir, 'test.jsonl'));

/** Sub-folders of `dir` that hold both split files, sorted by name (HINT3 bots, USS domains). */
export const splitFolders = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((d) => statSync(join(dir, d)).isDirectory() && hasSplits(join(dir, d)))
        .sort()
    : [];

/** Both splits of a folder. */
export const loadSplits = <T>(dir: string): { train: T[]; test: T[] } => ({
  train: readJsonl<T>(join(dir, 'train.jsonl')),
  test: readJsonl<T>(join(dir, 'test.jsonl')),
});
