import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { majorityRating } from './tasks/frustration.ts';
import { runEval } from './run.ts';

const jsonl = (rows: unknown[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const write = (dir: string, train: unknown[], test: unknown[]): void => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'train.jsonl'), jsonl(train));
  writeFileSync(join(dir, 'test.jsonl'), jsonl(test));
};

/** A tiny synthetic folder in the datasets layout: proves the plumbing, not the scores. */
const synthetic = (): string => {
  const root = mkdtempSync(join(tmpdir(), 'baton-eval-'));
  const nlu = (i: number) => [
    { text: `can I talk to a real person ${i}`, intents: ['handoff'] },
    { text: `what is my balance number ${i}`, intents: ['balance'] },
  ];
  write(join(root, 'nlupp'), Array.from({ length: 10 }, (_, i) => nlu(i)).flat(), nlu(99));
  const labelled = (i: number) => [
    { text: `where is my order ${i}`, label: 'ORDER_STATUS' },
    { text: `connect me to an agent ${i}`, label: 'CHAT_WITH_AGENT' },
    { text: `weather on mars ${i}`, label: 'oos' },
  ];
  write(join(root, 'hint3', 'botx'), Array.from({ length: 8 }, (_, i) => labelled(i)).flat(), labelled(50));
  write(join(root, 'clinc150'), Array.from({ length: 8 }, (_, i) => labelled(i)).flat(), labelled(60));
  const dialogue = (id: string, angry: boolean) => ({
    dialogue_id: id,
    turns: [
      { role: 'USER', text: 'book a table for two', sat: [3, 3, 3] },
      { role: 'SYSTEM', text: 'sorry, I could not do that' },
      {
        role: 'USER',
        text: angry ? 'this is useless, you never understand' : 'ok thanks',
        sat: angry ? [1, 2, 3] : [3, 4, 3],
      },
    ],
  });
  write(
    join(root, 'uss', 'toy'),
    Array.from({ length: 10 }, (_, i) => dialogue(`d${i}`, i % 2 === 0)),
    [dialogue('t1', true), dialogue('t2', false)],
  );
  const complaint = (i: number) => [
    { id: `${i}a`, text: `terrible service, still no refund ${i}`, label: 1 },
    { id: `${i}b`, text: `thanks for the quick help ${i}`, label: 0 },
  ];
  write(join(root, 'complaints'), Array.from({ length: 10 }, (_, i) => complaint(i)).flat(), complaint(77));
  return root;
};

describe('runEval', () => {
  it('reads any folder in the datasets layout and reports every present entry with n', async () => {
    const report = await runEval(synthetic());
    expect(Object.keys(report.entries).sort()).toEqual(
      [
        'frustration/complaints',
        'frustration/uss-toy',
        'handoff-request/hint3',
        'handoff-request/nlupp',
        'intent/clinc150',
        'intent/hint3-botx',
      ].sort(),
    );
    expect(report.entries['handoff-request/nlupp']?.n).toBe(2);
    expect(report.entries['frustration/uss-toy']?.n).toBe(4);
    expect(report.entries['intent/clinc150']).toMatchObject({ n: 3, oos: 1 });
    for (const key of ['f1', 'default_f1', 'trained_f1'])
      expect(report.entries['frustration/complaints']).toHaveProperty(key);
    expect(report.table()).toContain('handoff-request/nlupp');
  });

  it('runs only the suites asked for, with the same entry shape', async () => {
    const report = await runEval(synthetic(), () => undefined, new Set(['handoff-request']));
    expect(Object.keys(report.entries).sort()).toEqual(['handoff-request/hint3', 'handoff-request/nlupp']);
    expect(report.entries['handoff-request/nlupp']?.n).toBe(2);
  });

  it('majority rating breaks ties to the lower rating', () => {
    expect(majorityRating([1, 3, 3])).toBe(3);
    expect(majorityRating([2, 2, 4, 4])).toBe(2);
    expect(majorityRating([5])).toBe(5);
  });
});
