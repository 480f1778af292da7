/**
 * A tamper-evident audit log (P5) as a hash chain: each entry's hash covers its content and the previous
 * entry's hash, so editing, removing, inserting or reordering any entry breaks every later link.
 * Pure: the hash function is passed in (SHA-256 on the server), so the core stays free of platform APIs.
 */

export type AuditAction =
  /** An escalation decision started a handoff. */
  | 'decision.handoff'
  /** Handoff lifecycle: created, offered, accepted, declined, completed, abandoned. */
  | `handoff.${string}`
  /** A consult between agents (R9): requested, accepted, declined, ended, transferred. */
  | `consult.${string}`
  /** Someone read a conversation's context package or transcript. */
  | 'data.read'
  /** Privileged staff revealed the sealed original of a redacted turn (P5), with the reason they gave. */
  | 'data.revealed'
  /** Policy, routing or staffing settings changed. */
  | 'settings.changed'
  /** A customer's data was exported or erased. */
  | `subject.${string}`
  /** The retention job wiped expired data of one class (ids and counts only). */
  | 'retention.purged'
  /** A call was recorded (P2): the recording's reference at the provider, never the audio. */
  | 'call.recorded';

/** What is recorded; the chain adds position and hashes. */
export interface AuditInput {
  /** Unique id of the fact being recorded; recording the same id twice is a no-op (several instances). */
  eventId: string;
  at: Date;
  /** Who acted: `agent:<id>`, `bot:<name>`, `system`, `customer:<conversationId>`. */
  actor: string;
  action: AuditAction;
  /** What it concerns: `conversation:<id>`, `handoff:<id>`, `policy:<version>` ... */
  subject: string;
  /** Details (reason, rule, policy version ...). Never raw PII: callers pass redacted text. */
  data: Record<string, unknown>;
}

export interface AuditEntry extends AuditInput {
  /** 1-based position in the chain. */
  seq: number;
  prevHash: string;
  hash: string;
}

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};

const material = (e: Omit<AuditEntry, 'hash'>): string =>
  canonicalJson({
    seq: e.seq,
    prevHash: e.prevHash,
    eventId: e.eventId,
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    subject: e.subject,
    data: e.data,
  });

/** The entry that follows `prev` (null for the first). */
export const chainEntry = (prev: AuditEntry | null, input: AuditInput, hash: (s: string) => string): AuditEntry => {
  const base = { ...input, seq: (prev?.seq ?? 0) + 1, prevHash: prev?.hash ?? GENESIS_HASH };
  return { ...base, hash: hash(material(base)) };
};

export type ChainProblem =
  /** An entry's content no longer matches its hash. */
  | 'edited'
  /** An entry does not link to the one before it (removed, inserted or reordered). */
  | 'broken_link'
  /** Positions are not 1, 2, 3 ... */
  | 'gap';

export type ChainVerdict =
  | { ok: true; entries: number; head: string }
  | { ok: false; seq: number; eventId: string; problem: ChainProblem; entries: number };

/**
 * Checks a whole chain in order. Returns the first entry that fails and why. O(n) hashes.
 * Entries removed from the end cannot be detected from the chain alone: keep the head hash elsewhere
 * (the verify command prints it) and compare.
 */
export const verifyChain = (entries: Iterable<AuditEntry>, hash: (s: string) => string): ChainVerdict => {
  let prev: AuditEntry | null = null;
  let n = 0;
  for (const e of entries) {
    n++;
    if (e.seq !== n) return { ok: false, seq: e.seq, eventId: e.eventId, problem: 'gap', entries: n };
    if (e.prevHash !== (prev?.hash ?? GENESIS_HASH)) {
      return { ok: false, seq: e.seq, eventId: e.eventId, problem: 'broken_link', entries: n };
    }
    if (hash(material(e)) !== e.hash)
      return { ok: false, seq: e.seq, eventId: e.eventId, problem: 'edited', entries: n };
    prev = e;
  }
  return { ok: true, entries: n, head: prev?.hash ?? GENESIS_HASH };
};
