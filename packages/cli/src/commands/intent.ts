import { scoreIntentClassifier } from '@baton/core';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { intentClassifierFrom, parseTrainingRows, trainIntentModel } from '../../../server/src/intent/intent-model.ts';

const pct = (x: number | null): string => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);

/**
 * Registers `baton intent train <train.jsonl> --out model.json [--test test.jsonl]`: trains the team's intent
 * model on its own history; the server uses it with `BATON_INTENT_MODEL=model.json`.
 */
export const registerIntentCommands = (program: Command): void => {
  const intent = program.command('intent').description('intent model tools (T3, routing by issue type)');
  intent
    .command('train')
    .description('train an intent model on labelled customer messages ({"text","label"} per line)')
    .argument('<train>', 'JSONL training file; rows labelled with --oos-label teach what is out of scope')
    .requiredOption('--out <file>', 'where to write the model (JSON)')
    .option('--test <file>', 'JSONL file to report accuracy on (never used for training)')
    .option('--oos-label <label>', 'label of out-of-scope rows', 'oos')
    .option('--word-vectors', 'add pre-trained word vectors (better on small sets; slower to load)')
    .action((train: string, options: { out: string; test?: string; oosLabel: string; wordVectors?: boolean }) => {
      const rows = parseTrainingRows(readFileSync(train, 'utf8'), train);
      const started = Date.now();
      const model = trainIntentModel(rows, {
        oosLabel: options.oosLabel,
        ...(options.wordVectors === true ? { wordVectors: true } : {}),
      });
      writeFileSync(options.out, `${JSON.stringify(model)}\n`);
      const clf = intentClassifierFrom(model, options.out);
      const intents = model.labels.filter((l) => l !== options.oosLabel).length;
      console.log(
        `${options.out}: ${intents} intents from ${rows.length} examples in ${((Date.now() - started) / 1000).toFixed(1)} s` +
          ` (temperature ${clf.temperature.toFixed(2)}, out-of-scope below ${clf.threshold.toFixed(2)})`,
      );
      if (options.test !== undefined) {
        const s = scoreIntentClassifier(clf, parseTrainingRows(readFileSync(options.test, 'utf8'), options.test));
        console.log(
          `${options.test}: ${s.n} rows, accuracy ${pct(s.accuracy)}, in scope ${pct(s.inScopeAccuracy)}, out-of-scope recall ${pct(s.oosRecall)}`,
        );
      }
      console.log(`use it: BATON_INTENT_MODEL=${options.out} npm start`);
    });
};
