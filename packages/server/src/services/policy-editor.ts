import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  annotationsSchema,
  type PolicyDocument,
  type PolicyTestResponse,
  type PolicyValidation,
} from '@baton/contracts';
import { DomainError, isDomainError, runPolicyTest, type EscalationPolicy, type PolicyTestCase } from '@baton/core';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { parsePolicy, POLICY_INVALID, type PolicyProblem } from '../policy/load-policy.ts';
import type { PolicyRegistry } from '../policy/policy-registry.ts';

/** The policy test format of `baton policy test` (the `policy:` key is ignored here: the edited YAML is tested). */
const testsSchema = z.object({
  policy: z.string().optional(),
  tests: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        customer: z.record(z.string(), z.unknown()).optional(),
        turns: z
          .array(
            z.strictObject({
              role: z.enum(['customer', 'assistant', 'agent', 'system']).optional(),
              text: z.string(),
              channel: z.enum(['chat', 'voice', 'email', 'sms']).optional(),
              annotations: annotationsSchema.optional(),
            }),
          )
          .min(1),
        expect: z.strictObject({
          kind: z.enum(['continue', 'clarify', 'offer_human', 'collect_details', 'handoff']),
          rule: z.string().optional(),
          reason: z.string().optional(),
          atTurn: z.number().int().min(1).optional(),
          tone: z.enum(['neutral', 'empathetic']).optional(),
        }),
      }),
    )
    .min(1)
    .max(200),
});

/** Tests offered when the policy has no test file next to it: the behaviours a support floor relies on. */
const DEFAULT_TESTS = `# Policy tests: "given these turns, expect this decision" (format of \`baton policy test\`).
tests:
  - name: an explicit request reaches a person
    turns: [{ text: "can I talk to a real person please" }]
    expect: { kind: handoff, rule: explicit_request }
  - name: a negated request does not
    turns: [{ text: "I don't need an agent, just tell me the opening hours" }]
    expect: { kind: continue }
  - name: explicit frustration escalates at once
    turns: [{ text: "this doesn't make sense, I'm frustrated" }]
    expect: { kind: handoff, rule: frustration.* }
  - name: fraud must reach a person
    turns: [{ text: "someone used my card, there are payments I didn't make this morning" }]
    expect: { kind: handoff, rule: regulated.fraud }
`;

const problemsOf = (err: unknown): PolicyProblem[] | null => {
  if (!isDomainError(err) || err.code !== POLICY_INVALID) return null;
  const details = err.details as { problems?: PolicyProblem[] } | undefined;
  return details?.problems ?? [];
};

/**
 * The supervisor's policy editor (T12): shows the policy in force as YAML, validates edits with line numbers,
 * runs policy tests against an edit, and saves (writes the policy file when the server runs with one, and
 * puts the policy in force at once either way).
 */
export class PolicyEditor {
  constructor(private readonly registry: PolicyRegistry) {}

  document(): PolicyDocument {
    const policy = this.registry.current();
    const file = this.registry.file();
    const yaml = file !== null && existsSync(file) ? readFileSync(file, 'utf8') : stringify(policy);
    return {
      yaml,
      version: policy.version,
      source: file === null ? 'memory' : 'file',
      path: file,
      tests: this.tests(file),
    };
  }

  /** Never throws for a bad policy: problems come back with their lines. */
  validate(yaml: string): PolicyValidation {
    try {
      return { valid: true, version: parsePolicy(yaml, 'policy').version, problems: [] };
    } catch (err) {
      const problems = problemsOf(err);
      if (problems === null) throw err;
      return { valid: false, version: null, problems };
    }
  }

  /** Runs the tests against the edited policy. Throws `policy_invalid` / `policy_test_invalid`. */
  test(yaml: string, testsYaml: string): PolicyTestResponse {
    const policy = parsePolicy(yaml, 'policy');
    const cases = parseTests(testsYaml);
    const results = cases.map((t) => {
      const r = runPolicyTest(policy, t);
      return {
        name: r.name,
        passed: r.passed,
        failures: r.failures,
        decision: { kind: r.decision.kind, rule: r.decision.rule },
      };
    });
    const passed = results.filter((r) => r.passed).length;
    return { version: policy.version, passed, failed: results.length - passed, results };
  }

  /** Validates, writes the file if there is one, and puts the policy in force. Throws `policy_invalid`. */
  save(yaml: string): { policy: EscalationPolicy; source: 'file' | 'memory' } {
    const policy = parsePolicy(yaml, 'policy');
    const file = this.registry.file();
    if (file !== null) writeFileSync(file, yaml.endsWith('\n') ? yaml : `${yaml}\n`);
    this.registry.set(policy);
    return { policy, source: file === null ? 'memory' : 'file' };
  }

  /** The test file next to the policy file (`x.yaml` → `x.test.yaml`), else the built-in tests. */
  private tests(file: string | null): string {
    if (file === null) return DEFAULT_TESTS;
    const sibling = join(dirname(file), basename(file).replace(/\.ya?ml$/, '.test.yaml'));
    return sibling !== file && existsSync(sibling) ? readFileSync(sibling, 'utf8') : DEFAULT_TESTS;
  }
}

const parseTests = (source: string): PolicyTestCase[] => {
  let data: unknown;
  try {
    data = parse(source);
  } catch (err) {
    throw new DomainError(
      'policy_test_invalid',
      `the tests are not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : ''}`,
    );
  }
  const result = testsSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new DomainError('policy_test_invalid', 'the tests do not match the policy test format', { problems });
  }
  return result.data.tests;
};
