import { join } from 'node:path';
import { defaultEscalationPolicy, detectExplicitRequest } from '../../packages/core/src/index.ts';
import { trainBinary, type BinaryOptions } from '../binary.ts';
import { hasSplits, loadSplits, splitFolders } from '../data.ts';
import { binaryScores, round4 } from '../metrics.ts';
import type { Report } from '../report.ts';

interface NluppRow {
  text: string;
  intents: string[];
}
interface LabelRow {
  text: string;
  label: string;
}

/** HINT3 labels that mean "the user wanted a person" (datasets README). */
export const HINT3_HANDOFF_LABELS = new Set(['CHAT_WITH_AGENT', 'CHAT_WITH_AN_AGENT', 'CALL_CENTER', 'CONTACT_NUMBER']);

/** Same model family as the other binary tasks; the rule score is a side feature. */
const HANDOFF_TRAINING: BinaryOptions = { epochs: 20, l2: 1e-4 };

const ruleScore = (text: string): number => detectExplicitRequest(text).score;
const ruleFires = (text: string): boolean => ruleScore(text) >= defaultEscalationPolicy.explicitRequest.threshold;

/**
 * Explicit request for a person (T1). Default = the shipped rule detector; trained = a linear model on the
 * split's training rows with the rule score as a side feature, threshold picked on held-out training rows.
 */
export const evalHandoff = (dataDir: string, report: Report): void => {
  const nlupp = join(dataDir, 'nlupp');
  if (hasSplits(nlupp)) {
    const { train, test } = loadSplits<NluppRow>(nlupp);
    const gold = test.map((r) => r.intents.includes('handoff'));
    const def = binaryScores(
      gold,
      test.map((r) => ruleFires(r.text)),
    );
    const clf = trainBinary(
      train.map((r) => ({ text: r.text, positive: r.intents.includes('handoff'), dense: [ruleScore(r.text)] })),
      HANDOFF_TRAINING,
    );
    const trained = binaryScores(
      gold,
      test.map((r) => clf.score(r.text, [ruleScore(r.text)]) >= clf.threshold),
    );
    report.add(
      'handoff-request/nlupp',
      test.length,
      { precision: [def.precision, trained.precision], recall: [def.recall, trained.recall], f1: [def.f1, trained.f1] },
      'f1',
      {
        positives: gold.filter(Boolean).length,
      },
    );
  }
  const bots = splitFolders(join(dataDir, 'hint3'));
  if (bots.length > 0) {
    const gold: boolean[] = [];
    const def: boolean[] = [];
    const trained: boolean[] = [];
    for (const bot of bots) {
      const { train, test } = loadSplits<LabelRow>(join(dataDir, 'hint3', bot));
      const clf = trainBinary(
        train.map((r) => ({ text: r.text, positive: HINT3_HANDOFF_LABELS.has(r.label), dense: [ruleScore(r.text)] })),
        HANDOFF_TRAINING,
      );
      for (const r of test) {
        gold.push(HINT3_HANDOFF_LABELS.has(r.label));
        def.push(ruleFires(r.text));
        trained.push(clf.score(r.text, [ruleScore(r.text)]) >= clf.threshold);
      }
    }
    const d = binaryScores(gold, def);
    const t = binaryScores(gold, trained);
    // Better = higher recall minus false-positive rate (Youden's J), since the two pull in opposite ways.
    const j = (s: typeof d): number => (s.recall ?? 0) - (s.false_positive_rate ?? 0);
    const useTrained = j(t) > j(d);
    report.addRaw('handoff-request/hint3', {
      n: gold.length,
      positives: gold.filter(Boolean).length,
      recall: round4(useTrained ? t.recall : d.recall),
      false_positive_rate: round4(useTrained ? t.false_positive_rate : d.false_positive_rate),
      default_recall: round4(d.recall),
      default_false_positive_rate: round4(d.false_positive_rate),
      trained_recall: round4(t.recall),
      trained_false_positive_rate: round4(t.false_positive_rate),
    });
  }
};
