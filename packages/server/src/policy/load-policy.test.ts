import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEscalationPolicy, isDomainError, runPolicyTest } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile, parsePolicy } from './load-policy.ts';
import { PolicyRegistry } from './policy-registry.ts';
import { loadPolicyTestFile } from './policy-tests-file.ts';

const root = join(import.meta.dirname, '../../../..');
const errorOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
};

describe('policy files', () => {
  it('the shipped default.yaml equals defaultEscalationPolicy', () => {
    expect(loadPolicyFile(join(root, 'policies/default.yaml'))).toEqual(defaultEscalationPolicy);
  });

  it('every shipped policy test passes', () => {
    const file = loadPolicyTestFile(join(root, 'policies/default.test.yaml'));
    const failures = file.tests.map((t) => runPolicyTest(defaultEscalationPolicy, t)).filter((r) => !r.passed);
    expect(failures.map((f) => `${f.name}: ${f.failures.join('; ')}`)).toEqual([]);
  });

  it('rejects a schema violation with code policy_invalid and the line number', () => {
    const yaml = 'version: x\nexplicitRequest:\n  threshold: 3\n  riskTolerance: immediate\n  priority: 5\n';
    const e = errorOf(() => parsePolicy(yaml, 'p.yaml'));
    expect(isDomainError(e) && e.code).toBe('policy_invalid');
    expect((e as Error).message).toContain('p.yaml:3 explicitRequest.threshold');
  });

  it('rejects an unknown consent handling with its line, and accepts each documented one', () => {
    const base = 'version: x\nexplicitRequest: {threshold: 0.8, riskTolerance: immediate, priority: 5}\n';
    const e = errorOf(() =>
      parsePolicy(`${base}consent:\n  recordingDeclined: forget\n  unanswered: granted\n`, 'c.yaml'),
    );
    expect(isDomainError(e) && e.code).toBe('policy_invalid');
    expect((e as Error).message).toContain('c.yaml:4 consent.recordingDeclined');
    for (const handling of ['keep', 'redact', 'discard'])
      expect(parsePolicy(`${base}consent: {recordingDeclined: ${handling}, unanswered: declined}\n`).consent).toEqual({
        recordingDeclined: handling,
        unanswered: 'declined',
      });
  });

  it('privacy: reads each role, rejects an unknown PII type or role with its line', () => {
    const base = 'version: x\nexplicitRequest: {threshold: 0.8, riskTolerance: immediate, priority: 5}\n';
    const ok = `${base}privacy:\n  visible:\n    agent: [PERSON]\n    supervisor: []\n    admin: all\n`;
    expect(parsePolicy(ok).privacy).toEqual({ visible: { agent: ['PERSON'], supervisor: [], admin: 'all' } });

    const badType = `${base}privacy:\n  visible:\n    agent: [PERSON, EMAIL_ADDRESS]\n    supervisor: all\n    admin: all\n`;
    const e = errorOf(() => parsePolicy(badType, 'v.yaml'));
    expect(isDomainError(e) && e.code).toBe('policy_invalid');
    expect((e as Error).message).toContain('v.yaml:5 privacy.visible.agent: unknown PII type "EMAIL_ADDRESS"');
    expect((e as Error).message).toContain('CREDIT_CARD, NATIONAL_ID');

    const notAList = `${base}privacy:\n  visible:\n    agent: all\n    supervisor: everything\n    admin: all\n`;
    expect((errorOf(() => parsePolicy(notAList, 'v.yaml')) as Error).message).toContain(
      'v.yaml:6 privacy.visible.supervisor: use all, or a list of',
    );
    const unknownRole = `${base}privacy:\n  visible:\n    agent: all\n    supervisor: all\n    admin: all\n    bot: all\n`;
    expect((errorOf(() => parsePolicy(unknownRole, 'v.yaml')) as Error).message).toContain(
      'v.yaml:5 privacy.visible: Unrecognized key: "bot"',
    );
    const missingRole = `${base}privacy:\n  visible:\n    agent: all\n`;
    expect((errorOf(() => parsePolicy(missingRole, 'v.yaml')) as Error).message).toContain(
      'privacy.visible.supervisor',
    );
  });

  it('rejects unknown keys and YAML syntax errors', () => {
    expect(
      (
        errorOf(() =>
          parsePolicy(
            'version: x\nexplicitRequest: {threshold: 0.8, riskTolerance: immediate, priority: 5}\nfrustation: {}\n',
          ),
        ) as Error
      ).message,
    ).toContain('frustation');
    expect((errorOf(() => parsePolicy('version: [x\n')) as Error).message).toMatch(/:\d+/);
  });
});

describe('PolicyRegistry', () => {
  it('keeps the running policy when a reload meets a malformed file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    const path = join(dir, 'p.yaml');
    writeFileSync(path, 'version: v1\nexplicitRequest: {threshold: 0.8, riskTolerance: immediate, priority: 5}\n');
    const errors: unknown[] = [];
    const registry = new PolicyRegistry(defaultEscalationPolicy, { onError: (e) => errors.push(e) });
    registry.load(path);
    writeFileSync(path, 'version: v2\nexplicitRequest: {threshold: high}\n');
    expect(registry.reload()).toBe(false);
    expect(registry.current().version).toBe('v1');
    expect(isDomainError(errors[0]) && errors[0].code).toBe('policy_invalid');
    writeFileSync(path, 'version: v3\nexplicitRequest: {threshold: 0.7, riskTolerance: push_back, priority: 5}\n');
    expect(registry.reload()).toBe(true);
    expect(registry.current().version).toBe('v3');
  });

  it('hot-reloads on file change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    const path = join(dir, 'p.yaml');
    writeFileSync(path, 'version: v1\nexplicitRequest: {threshold: 0.8, riskTolerance: immediate, priority: 5}\n');
    const reloaded = new Promise<string>((done) => {
      const r = new PolicyRegistry(defaultEscalationPolicy, { onReload: (p) => done(p.version) }, 20);
      r.load(path);
      const stop = r.watch();
      setTimeout(
        () =>
          writeFileSync(
            path,
            'version: v2\nexplicitRequest: {threshold: 0.8, riskTolerance: immediate, priority: 5}\n',
          ),
        50,
      );
      void reloadedCleanup(stop);
    });
    expect(await reloaded).toBe('v2');
  });
});

const reloadedCleanup = async (stop: () => void): Promise<void> => {
  await new Promise((r) => setTimeout(r, 2000));
  stop();
};
