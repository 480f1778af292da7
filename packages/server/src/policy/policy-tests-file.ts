import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { DomainError, type PolicyTestCase } from '@baton/core';

const turnSchema = z.strictObject({
  role: z.enum(['customer', 'assistant', 'agent', 'system']).optional(),
  text: z.string(),
  channel: z.enum(['chat', 'voice', 'email', 'sms']).optional(),
  annotations: z
    .strictObject({
      intent: z.strictObject({ name: z.string(), confidence: z.number() }).optional(),
      fallback: z.boolean().optional(),
      slots: z.record(z.string(), z.string()).optional(),
      actions: z.array(z.string()).optional(),
      prosody: z.strictObject({ loudnessDb: z.number().optional(), asrConfidence: z.number().optional() }).optional(),
    })
    .optional(),
});

const testFileSchema = z.strictObject({
  /** Policy file the tests run against, relative to the test file. */
  policy: z.string().optional(),
  tests: z.array(
    z.strictObject({
      name: z.string(),
      customer: z.record(z.string(), z.unknown()).optional(),
      language: z.string().min(2).optional(),
      turns: z.array(turnSchema).min(1),
      expect: z.strictObject({
        kind: z.enum(['continue', 'clarify', 'offer_human', 'collect_details', 'handoff']),
        rule: z.string().optional(),
        reason: z.string().optional(),
        atTurn: z.number().int().min(1).optional(),
        tone: z.enum(['neutral', 'empathetic']).optional(),
        route: z
          .strictObject({
            queue: z.string().min(1).optional(),
            priority: z.number().optional(),
            matched: z.array(z.string()).optional(),
            skills: z.record(z.string(), z.number()).optional(),
          })
          .optional(),
      }),
    }),
  ),
});

/** A parsed policy test file. */
export interface PolicyTestFile {
  policy?: string;
  tests: PolicyTestCase[];
}

/** Reads a `*.test.yaml` policy test file; throws `policy_test_invalid` with the schema problems. */
export const loadPolicyTestFile = (path: string): PolicyTestFile => {
  const result = testFileSchema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new DomainError('policy_test_invalid', `Invalid policy test file ${path}\n${problems.join('\n')}`, {
      problems,
    });
  }
  return result.data;
};
