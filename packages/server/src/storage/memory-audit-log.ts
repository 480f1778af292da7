import { chainEntry, type AuditEntry, type AuditInput, type AuditStore } from '@baton/core';

/** The in-memory AuditStore: the same chain rules as the SQL one, one process only. */
export class MemoryAuditLog implements AuditStore {
  private readonly entries: AuditEntry[] = [];
  private readonly byEvent = new Map<string, AuditEntry>();

  appendAudit(input: AuditInput, hash: (material: string) => string): Promise<AuditEntry> {
    const known = this.byEvent.get(input.eventId);
    if (known !== undefined) return Promise.resolve(structuredClone(known));
    const entry = chainEntry(this.entries.at(-1) ?? null, structuredClone(input), hash);
    this.entries.push(entry);
    this.byEvent.set(entry.eventId, entry);
    return Promise.resolve(structuredClone(entry));
  }

  listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return Promise.resolve(structuredClone(this.entries.filter((e) => e.seq > afterSeq).slice(0, limit)));
  }
}
