import { verifyChain, type AuditEntry, type BatonStore, type ChainVerdict } from '@baton/core';
import { sha256Hex } from './sha256.ts';

/** Reads the whole audit log in pages and verifies the chain. Memory: the entries are held in full. */
export const verifyAuditLog = async (store: BatonStore, pageSize = 5000): Promise<ChainVerdict> => {
  const entries: AuditEntry[] = [];
  for (let after = 0; ;) {
    const page = await store.listAudit(after, pageSize);
    entries.push(...page);
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) break;
    after = last.seq;
  }
  return verifyChain(entries, sha256Hex);
};
