import { scoreIntentClassifier } from '@baton/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { journey } from '../testing/http-journey.ts';
import { loadIntentModel, parseTrainingRows, trainIntentModel } from './intent-model.ts';

/** A small help-desk history: three intents in varied wording, and requests the team does not handle. */
const HISTORY = [
  ...[
    'where is my parcel',
    'my order has not arrived',
    'track my delivery',
    'when will my package come',
    'order still not delivered',
    'has my order shipped yet',
    'where is my delivery now',
    'tracking number for my order',
  ].map((text) => ({ text, label: 'order_status' })),
  ...[
    'i want my money back',
    'refund please',
    'how do i get a refund',
    'return this item for a refund',
    'refund my last purchase',
    'can i be refunded',
    'money back for a broken item',
    'i was charged, refund me',
  ].map((text) => ({ text, label: 'refund' })),
  ...[
    'reset my password',
    'i forgot my password',
    'cannot log in to my account',
    'login not working',
    'change my password',
    'locked out of my account',
    'password reset link',
    'how do i sign in',
  ].map((text) => ({ text, label: 'account_access' })),
  ...[
    'what is the weather tomorrow',
    'tell me a joke',
    'who won the football match',
    'recommend a movie',
    'what is the capital of peru',
    'play some music',
    'how tall is mount everest',
    'write me a poem',
  ].map((text) => ({ text, label: 'oos' })),
];
/** The error a call throws (fails the test when it does not throw). */
const errorOf = (fn: () => unknown): { code?: string; message: string; details?: unknown } => {
  try {
    fn();
  } catch (err) {
    return err as { code?: string; message: string; details?: unknown };
  }
  throw new Error('expected an error');
};
const jsonl = (rows: unknown[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('intent model files', () => {
  it('refuses bad training data with the line number, and a file that is not a model', () => {
    expect(errorOf(() => parseTrainingRows('{"text":"hi","label":"a"}\nnot json\n', 'train.jsonl'))).toMatchObject({
      code: 'invalid_training_data',
      message: 'train.jsonl:2: not JSON',
    });
    expect(errorOf(() => parseTrainingRows('{"text":"hi","label":"a"}\n{"text":"","label":"b"}\n'))).toMatchObject({
      code: 'invalid_training_data',
      details: { line: 2 },
    });
    expect(errorOf(() => parseTrainingRows('{"text":"hi","label":"a"}\n')).message).toMatch(/at least two labels/);
    const dir = mkdtempSync(join(tmpdir(), 'baton-intent-'));
    try {
      writeFileSync(join(dir, 'x.json'), '{"format":"something-else"}');
      expect(errorOf(() => loadIntentModel(join(dir, 'x.json')))).toMatchObject({ code: 'invalid_intent_model' });
      expect(errorOf(() => loadIntentModel(join(dir, 'missing.json')))).toMatchObject({ code: 'invalid_intent_model' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('trains, survives the round trip through JSON, and scores held-out wording', () => {
    const rows = parseTrainingRows(jsonl(HISTORY));
    const dir = mkdtempSync(join(tmpdir(), 'baton-intent-'));
    try {
      const file = join(dir, 'model.json');
      writeFileSync(file, JSON.stringify(trainIntentModel(rows)));
      const clf = loadIntentModel(file);
      expect([...clf.labels].sort()).toEqual(['account_access', 'oos', 'order_status', 'refund']);
      const s = scoreIntentClassifier(clf, [
        { text: 'my parcel is late, where is it', label: 'order_status' },
        { text: 'please refund me', label: 'refund' },
        { text: 'forgot password, cannot log in', label: 'account_access' },
      ]);
      expect(s.inScopeAccuracy).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** In the product: the server classifies customer turns the bot did not annotate, and the engine uses it (T3). */
describe('BATON_INTENT_MODEL in the running server', () => {
  let server: RunningServer;
  let dir = '';

  const { call } = journey(() => server);
  const turn = async (
    text: string,
  ): Promise<{ kind: string; signals: { name: string; fired: boolean; evidence?: string }[] }> => {
    const created = await call('POST', '/v1/conversations', {}, 'k');
    const id = (created.json['conversation'] as { id: string }).id;
    const added = await call('POST', `/v1/conversations/${id}/turns`, { role: 'customer', text }, 'k');
    return added.json['decision'] as Awaited<ReturnType<typeof turn>>;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-intent-'));
    const file = join(dir, 'model.json');
    writeFileSync(file, JSON.stringify(trainIntentModel(parseTrainingRows(jsonl(HISTORY)))));
    server = await startServer({ port: 0, demo: true, botKeys: 'bot:k', logLevel: 'silent', intentModelFile: file });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the intent of a known request and flags one it was never taught', async () => {
    const known = await turn('where is my parcel, it has not arrived');
    const intent = known.signals.find((s) => s.name === 'intent_confidence');
    expect(intent).toMatchObject({ evidence: 'order_status', fired: false });
    expect(known.kind).toBe('continue');

    const unknown = await turn('what is the capital of peru');
    expect(unknown.signals.find((s) => s.name === 'intent_confidence')?.fired).toBe(true);
    expect(unknown.kind).not.toBe('continue');
  });
});
