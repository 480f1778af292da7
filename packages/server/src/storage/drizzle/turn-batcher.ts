import { and, eq, inArray, max, or, type SQL } from 'drizzle-orm';
import { DomainError, type StoredTurn } from '@baton/core';
import type { BatonDb } from '../database.ts';
import { toDomainError } from '../driver-errors.ts';
import { conversations, turns } from '../schema.ts';

interface Pending {
  turn: StoredTurn;
  resolve: (r: { turn: StoredTurn; created: boolean }) => void;
  reject: (e: unknown) => void;
}

/** Most turns written in one statement. */
const MAX_BATCH = 256;

/**
 * Group commit for turns. Appends that arrive while the event loop is busy are written together: one
 * read of the conversations and their last seqs, one read of reused idempotency keys (only when a turn
 * carries one), and one multi-row INSERT … ON CONFLICT DO NOTHING. Each caller still gets its own answer
 * with the same rules as a single append (ports.ts): created, the stored turn for a reused key, or
 * `turn_conflict` / `conversation_not_found`. Cost per turn falls with the batch size; a lone turn pays one
 * extra event-loop turn (setImmediate) of latency.
 * Batches may run concurrently (several pool connections); the unique (conversation_id, seq) and
 * (conversation_id, idempotency_key) indexes settle any race between them or between instances.
 */
export class TurnBatcher {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(private readonly db: BatonDb) {}

  append(turn: StoredTurn): Promise<{ turn: StoredTurn; created: boolean }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ turn, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.drain());
      }
    });
  }

  private drain(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.flush(batch).catch((e: unknown) => {
        const err = toDomainError(e);
        for (const p of batch) p.reject(err);
      });
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    const ids = [...new Set(batch.map((p) => p.turn.conversationId))];
    const keyed = batch.filter((p) => p.turn.idempotencyKey !== null);
    const [existing, lasts, reused] = await Promise.all([
      this.db.select({ id: conversations.id }).from(conversations).where(inArray(conversations.id, ids)),
      this.db
        .select({ conversationId: turns.conversationId, seq: max(turns.seq) })
        .from(turns)
        .where(inArray(turns.conversationId, ids))
        .groupBy(turns.conversationId),
      keyed.length === 0 ? Promise.resolve([]) : this.byKeys(keyed.map((p) => p.turn)),
    ]);
    const known = new Set(existing.map((r) => r.id));
    const next = new Map(lasts.map((r) => [r.conversationId, (r.seq ?? 0) + 1]));
    const reusedByKey = new Map(reused.map((t) => [`${t.conversationId}\u0000${t.idempotencyKey}`, t]));

    const toInsert: Pending[] = [];
    // Retries of one key inside this batch follow the first one and get its answer (created: false).
    const leaders = new Map<string, Pending>();
    const mismatched: { p: Pending; expected: number }[] = [];
    const followers: { leader: Pending; p: Pending }[] = [];
    for (const p of batch) {
      const { turn } = p;
      const key = turn.idempotencyKey === null ? null : `${turn.conversationId}\u0000${turn.idempotencyKey}`;
      const again = key === null ? undefined : reusedByKey.get(key);
      if (again !== undefined) {
        p.resolve({ turn: again, created: false });
        continue;
      }
      const leader = key === null ? undefined : leaders.get(key);
      if (leader !== undefined) {
        followers.push({ leader, p });
        continue;
      }
      if (!known.has(turn.conversationId)) {
        p.reject(
          new DomainError('conversation_not_found', `conversation ${turn.conversationId} does not exist`, {
            conversationId: turn.conversationId,
          }),
        );
        continue;
      }
      // Seqs are gap-free: only the next seq of the conversation (counting earlier turns of this batch) goes in.
      const expected = next.get(turn.conversationId) ?? 1;
      if (turn.seq !== expected) {
        // With a key, a concurrent retry may have taken the seq after our key lookup: checked below.
        if (key === null) p.reject(conflict(turn, expected));
        else mismatched.push({ p, expected });
        continue;
      }
      next.set(turn.conversationId, expected + 1);
      if (key !== null) leaders.set(key, p);
      toInsert.push(p);
    }
    const outcome = new Map<Pending, { turn: StoredTurn; created: boolean } | Error>();
    const settle = (p: Pending, r: { turn: StoredTurn; created: boolean } | Error): void => {
      outcome.set(p, r);
      if (r instanceof Error) p.reject(r);
      else p.resolve(r);
    };
    try {
      await this.insert(toInsert, settle);
      if (mismatched.length > 0) {
        const found = await this.byKeys(mismatched.map((m) => m.p.turn));
        const foundByKey = new Map(found.map((t) => [`${t.conversationId}\u0000${t.idempotencyKey}`, t]));
        for (const { p, expected } of mismatched) {
          const winner = foundByKey.get(`${p.turn.conversationId}\u0000${p.turn.idempotencyKey}`);
          settle(p, winner === undefined ? conflict(p.turn, expected) : { turn: winner, created: false });
        }
      }
    } finally {
      for (const { leader, p } of followers) {
        const r = outcome.get(leader);
        if (r === undefined || r instanceof Error) p.reject(r ?? conflict(p.turn, null));
        else p.resolve({ turn: r.turn, created: false });
      }
    }
  }

  private async insert(
    toInsert: Pending[],
    settle: (p: Pending, r: { turn: StoredTurn; created: boolean } | Error) => void,
  ): Promise<void> {
    if (toInsert.length === 0) return;
    const written = await this.db
      .insert(turns)
      .values(toInsert.map((p) => p.turn))
      .onConflictDoNothing()
      .returning();
    const byId = new Map(written.map((t) => [t.id, t]));
    const lost: Pending[] = [];
    for (const p of toInsert) {
      const row = byId.get(p.turn.id);
      if (row !== undefined) settle(p, { turn: row, created: true });
      else lost.push(p);
    }
    if (lost.length === 0) return;
    // Lost a race (another batch or instance took the seq, or a concurrent retry used the same key).
    const raced = await this.byKeys(lost.filter((p) => p.turn.idempotencyKey !== null).map((p) => p.turn));
    const racedByKey = new Map(raced.map((t) => [`${t.conversationId}\u0000${t.idempotencyKey}`, t]));
    for (const p of lost) {
      const winner =
        p.turn.idempotencyKey === null
          ? undefined
          : racedByKey.get(`${p.turn.conversationId}\u0000${p.turn.idempotencyKey}`);
      if (winner !== undefined) settle(p, { turn: winner, created: false });
      else settle(p, conflict(p.turn, null));
    }
  }

  private async byKeys(ts: readonly StoredTurn[]): Promise<StoredTurn[]> {
    if (ts.length === 0) return [];
    const conditions: SQL[] = ts.map(
      (t) => and(eq(turns.conversationId, t.conversationId), eq(turns.idempotencyKey, t.idempotencyKey ?? '')) as SQL,
    );
    return this.db
      .select()
      .from(turns)
      .where(or(...conditions));
  }
}

const conflict = (turn: StoredTurn, expected: number | null): DomainError =>
  new DomainError(
    'turn_conflict',
    expected === null
      ? `seq ${turn.seq} was taken meanwhile`
      : `seq ${turn.seq} is not the next turn (expected ${expected})`,
    { conversationId: turn.conversationId, seq: turn.seq, ...(expected === null ? {} : { expected }) },
  );
