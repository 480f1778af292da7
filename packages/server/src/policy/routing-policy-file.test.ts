import { isDomainError } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from './load-policy.ts';

const head = 'version: r1\nexplicitRequest: {threshold: 0.8, riskTolerance: immediate, priority: 5}\n';

const problemsOf = (yaml: string): string => {
  try {
    parsePolicy(yaml, 'p.yaml');
  } catch (e) {
    expect(isDomainError(e) && e.code).toBe('policy_invalid');
    return (e as Error).message;
  }
  throw new Error('expected the policy to be rejected');
};

describe('the routing section of the policy file (R3, R4, R7)', () => {
  it('loads rules, the preferred-agent hold and the ageing rate', () => {
    const policy = parsePolicy(
      `${head}routing:
  defaultQueue: support
  preferredAgentTimeoutSeconds: 45
  agingPerMinute: 2
  rules:
    - name: enterprise
      when: { tier: [enterprise], companySize: { gte: 1000 } }
      queue: vip
      priority: 8
      skills: { enterprise: 5 }
`,
    );
    expect(policy.routing).toEqual({
      defaultQueue: 'support',
      preferredAgentTimeoutSeconds: 45,
      agingPerMinute: 2,
      rules: [
        {
          name: 'enterprise',
          when: { tier: ['enterprise'], companySize: { gte: 1000 } },
          queue: 'vip',
          priority: 8,
          skills: { enterprise: 5 },
        },
      ],
    });
  });

  it('rejects a misspelt condition with the line it is on', () => {
    const message = problemsOf(`${head}routing:
  defaultQueue: support
  rules:
    - name: enterprise
      when:
        tierr: [enterprise]
      queue: vip
`);
    expect(message).toMatch(/p\.yaml:8 routing\.rules\.0\.when: .*tierr/);
  });

  it('rejects bad values, duplicate rule names and unknown keys, each with its line', () => {
    const message = problemsOf(`${head}routing:
  defaultQueue: support
  preferredAgentTimeoutSeconds: -5
  agingPerMinutes: 1
  rules:
    - name: a
      when: { sentiment: { gte: 0.5, lte: -0.5 } }
    - name: a
      when: {}
      skills: { billing: 11 }
`);
    expect(message).toContain('p.yaml:5 routing.preferredAgentTimeoutSeconds');
    expect(message).toMatch(/p\.yaml:4 routing: .*agingPerMinutes/);
    expect(message).toContain('p.yaml:9 routing.rules.0.when.sentiment: gte must be ≤ lte');
    expect(message).toContain('p.yaml:10 routing.rules.1.name: duplicate rule name "a"');
    expect(message).toContain('p.yaml:12 routing.rules.1.skills.billing');
  });

  it('needs a default queue', () => {
    expect(problemsOf(`${head}routing:\n  rules: []\n`)).toMatch(/p\.yaml:4 routing\.defaultQueue/);
  });
});
