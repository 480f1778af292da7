import { describe, expect, it } from 'vitest';
import { IntentClassifier, type IntentClassifierJson } from './intent-classifier.ts';
import { LinearTextModel, softmax, type LinearModelJson } from './linear-model.ts';

const INTENTS: Record<string, string[]> = {
  card_lost: [
    'i lost my card',
    'my card is lost',
    'cannot find my card',
    'card went missing',
    'lost card help',
    'where did my card go',
  ],
  balance: [
    'what is my balance',
    'show my balance',
    'how much money do i have',
    'account balance please',
    'check balance',
    'balance today',
  ],
  transfer: [
    'send money to a friend',
    'make a transfer',
    'transfer money abroad',
    'how to send money',
    'wire money',
    'transfer funds now',
  ],
  refund: [
    'i want a refund',
    'refund my purchase',
    'get my money back',
    'refund request',
    'return and refund',
    'how do refunds work',
  ],
  pin: ['change my pin', 'forgot my pin', 'reset pin code', 'new pin please', 'pin blocked', 'unblock my pin'],
  address: [
    'change my address',
    'update home address',
    'i moved house',
    'new address details',
    'edit my address',
    'address change',
  ],
};
const rows = Object.entries(INTENTS).flatMap(([label, texts]) =>
  [...texts, ...texts.map((t) => `${t} please`), ...texts.map((t) => `hi ${t}`)].map((text) => ({ text, label })),
);

describe('LinearTextModel', () => {
  it('classifies paraphrases, tolerates typos, and round-trips through JSON', () => {
    const m = LinearTextModel.train(rows, { epochs: 20 });
    const top = (model: LinearTextModel, text: string): string => {
      const p = softmax(model.logits(text));
      let best = 0;
      for (let c = 1; c < p.length; c++) if ((p[c] ?? 0) > (p[best] ?? 0)) best = c;
      return model.labels[best] ?? '';
    };
    expect(top(m, 'i have lost my card')).toBe('card_lost');
    expect(top(m, 'refnud my purchase')).toBe('refund');
    const copy = LinearTextModel.fromJSON(JSON.parse(JSON.stringify(m.toJSON())) as LinearModelJson);
    expect([...copy.logits('check my balance')]).toEqual([...m.logits('check my balance')]);
  });

  it('uses a context text as a separate block', () => {
    const withContext = rows.map((r) => ({
      ...r,
      context: r.label === 'pin' ? 'system asked for pin' : 'system said hello',
    }));
    const m = LinearTextModel.train(withContext, { epochs: 10 });
    const a = m.logits('hello', undefined, 'system asked for pin');
    const b = m.logits('hello', undefined, 'system said hello');
    expect([...a]).not.toEqual([...b]);
  });
});

describe('IntentClassifier', () => {
  it('predicts in-scope intents with a calibrated confidence', () => {
    const clf = IntentClassifier.train(rows, { epochs: 20 });
    const p = clf.predict('i lost my card yesterday');
    expect(p.topLabel).toBe('card_lost');
    expect(p.confidence).toBeGreaterThan(0);
    expect(p.confidence).toBeLessThanOrEqual(1);
    expect(Number.isFinite(clf.threshold)).toBe(true);
    expect(p.score).toBeLessThanOrEqual(0);
  });

  it('without out-of-scope rows, picks a threshold from left-out intents that rejects unrelated text more than in-scope text', () => {
    const clf = IntentClassifier.train(rows, { epochs: 20 });
    const inScope = ['show my balance', 'make a transfer', 'reset pin code', 'i want a refund'].map(
      (t) => clf.predict(t).confidence,
    );
    const unrelated = ['what is the weather on mars', 'play some jazz music', 'tell me a joke about cats'].map(
      (t) => clf.predict(t).confidence,
    );
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(unrelated)).toBeLessThan(mean(inScope));
  });

  it('uses the training data’s own out-of-scope rows when present', () => {
    const oos = [
      'weather on mars',
      'play jazz',
      'tell a joke',
      'who won the match',
      'recipe for pasta',
      'book a flight to rome',
    ].flatMap((t) => [t, `${t} please`, `hi ${t}`]);
    const clf = IntentClassifier.train([...rows, ...oos.map((text) => ({ text, label: 'oos' }))], { epochs: 20 });
    expect(clf.labels).toContain('oos');
    expect(clf.predict('play some jazz please').outOfScope).toBe(true);
    expect(clf.predict('i lost my card').label).toBe('card_lost');
    const copy = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(clf.toJSON())) as IntentClassifierJson);
    expect(copy.predict('i lost my card')).toEqual(clf.predict('i lost my card'));
  });

  it('sets the threshold from out-of-fold scores: a higher out-of-scope recall target rejects more', () => {
    const oos = [
      'weather on mars',
      'play jazz',
      'tell a joke',
      'who won the match',
      'recipe for pasta',
      'book a flight',
    ].flatMap((t) => [t, `${t} please`, `hi ${t}`, `${t} now`]);
    const data = [...rows, ...oos.map((text) => ({ text, label: 'oos' }))];
    const strict = IntentClassifier.train(data, { epochs: 20, oosRecall: 0.9, maxRejection: 0.5 });
    const lenient = IntentClassifier.train(data, { epochs: 20, oosRecall: 0.2, maxRejection: 0.5 });
    expect(strict.threshold).toBeGreaterThan(lenient.threshold);
    const p = strict.predict('play jazz now');
    expect(p.outOfScope).toBe(p.score < strict.threshold);
  });
});
