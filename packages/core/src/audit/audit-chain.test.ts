import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  chainEntry,
  GENESIS_HASH,
  verifyChain,
  type AuditEntry,
  type AuditInput,
} from './audit-chain.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const input = (i: number): AuditInput => ({
  eventId: `evt_${i}`,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  actor: i % 2 === 0 ? 'system' : 'agent:agt_alice',
  action: 'handoff.created',
  subject: `handoff:ho_${i}`,
  data: { rule: 'explicit_request', n: i },
});
const chain = (n: number): AuditEntry[] => {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) out.push(chainEntry(out.at(-1) ?? null, input(i), sha));
  return out;
};

describe('audit hash chain', () => {
  it('verifies an untouched chain and reports its head', () => {
    const c = chain(5);
    expect(verifyChain(c, sha)).toEqual({ ok: true, entries: 5, head: c[4]?.hash });
    expect(verifyChain([], sha)).toEqual({ ok: true, entries: 0, head: GENESIS_HASH });
  });

  it('names the entry that was edited', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, data: { rule: 'something_else', n: 2 } };
    expect(verifyChain(c, sha)).toMatchObject({ ok: false, seq: 3, eventId: 'evt_2', problem: 'edited' });
  });

  it('detects a removed entry', () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(verifyChain(c, sha)).toMatchObject({ ok: false, seq: 3, problem: 'gap' });
  });

  it('detects a removed entry even when later positions were renumbered', () => {
    const c = chain(5);
    c.splice(1, 1);
    const renumbered = c.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verifyChain(renumbered, sha)).toMatchObject({ ok: false, seq: 2, problem: 'broken_link' });
  });

  it('detects two entries swapped', () => {
    const c = chain(5);
    const swapped = [c[0]!, { ...c[2]!, seq: 2 }, { ...c[1]!, seq: 3 }, c[3]!, c[4]!];
    expect(verifyChain(swapped, sha)).toMatchObject({ ok: false, seq: 2, problem: 'broken_link' });
  });

  it('hashes the same content the same whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });

  it('any single-field change to any entry is caught', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.nat(),
        fc.constantFrom('actor', 'subject', 'action', 'at'),
        (n, k, field) => {
          const c = chain(n);
          const i = k % n;
          const e = c[i]!;
          const changed: AuditEntry =
            field === 'at' ? { ...e, at: new Date(e.at.getTime() + 1) } : { ...e, [field]: `${String(e[field])}x` };
          c[i] = changed;
          const v = verifyChain(c, sha);
          expect(v.ok).toBe(false);
          if (!v.ok) expect(v.seq).toBe(i + 1);
        },
      ),
    );
  });
});
