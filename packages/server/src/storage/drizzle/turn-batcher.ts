import { and, eq, inArray, max, or, sql, type SQL } from 'drizzle-orm';
import { DomainError, type AppendTurnOptions, type StoredTurn } from '@baton/core';
import type { BatonDb } from '../database.ts';
import { toDomainError } from '../driver-errors.ts';
import { conversations, turns } from '../schema.ts';
import { turnColumns } from './turn-columns.ts';

interface Pending {
  turn: StoredTurn;
  /** Written in the same statement as the turn (ports.ts AppendTurnOptions). */
  sealedOriginal: unknown;
  resolve: (r: { turn: StoredTurn; created: boolean }) => void;
  reject: (e: unknown) => void;
}

type Outcome = { turn: StoredTurn; created: boolean } | Error;

/** Most turns written in one statement. */
const MAX_BATCH = 256;

/** Batches written at the same time when the caller does not say (PostgreSQL: a few pool connections). */
const DEFAULT_IN_FLIGHT = 4;

/**
 * Group commit for turns. Appends that arrive while earlier batches are being written wait and go
 * together in the next statement, so the number of statements per second stays bounded while the batch
 * grows with the load (at most `maxInFlight` statements at once). The usual batch is ONE round trip: an
 * INSERT … SELECT that keeps only the turns whose conversation exists and whose seq is the next one, with
 * ON CONFLICT DO NOTHING for the (conversation_id, seq) and (conversation_id, idempotency_key) indexes.
 * Only turns it did not write cost a second read (which rule they broke, or the turn a reused key
 * stored), so every caller still gets the answer of a single append (ports.ts): created, the stored turn
 * for a reused key, `turn_conflict` or `conversation_not_found`.
 * A conversation has at most one turn in flight here: its next turn waits for the batch that writes the
 * previous one, so the seq check in the statement always sees it. Races with other instances are settled by
 * the unique indexes.
 */
export class TurnBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;
  /** Conversations with a turn in a batch being written. */
  private readonly busy = new Set<string>();

  /**
   * @param db the database the turns go to
   * @param maxInFlight batches written concurrently: 1 on PGlite (it runs one query at a time anyway, so
   *   waiting makes the next batch bigger), a few on PostgreSQL
   */
  constructor(
    private readonly db: BatonDb,
    private readonly maxInFlight = DEFAULT_IN_FLIGHT,
  ) {}

  append(turn: StoredTurn, options: AppendTurnOptions = {}): Promise<{ turn: StoredTurn; created: boolean }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ turn, sealedOriginal: options.sealedOriginal ?? null, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    // One event-loop turn of patience: appends made by the requests parsed in this turn join the batch.
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    while (this.inFlight < this.maxInFlight) {
      const batch = this.take();
      if (batch.length === 0) return;
      this.inFlight++;
      for (const p of batch) this.busy.add(p.turn.conversationId);
      this.flush(batch)
        .catch((e: unknown) => {
          const err = toDomainError(e);
          for (const p of batch) p.reject(err);
        })
        .finally(() => {
          this.inFlight--;
          for (const p of batch) this.busy.delete(p.turn.conversationId);
          this.schedule();
        });
    }
  }

  /** The next batch in arrival order: one turn per conversation, none of a conversation being written. */
  private take(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const taken = new Set<string>();
    for (const p of this.queue) {
      const id = p.turn.conversationId;
      if (batch.length < MAX_BATCH && !taken.has(id) && !this.busy.has(id)) {
        taken.add(id);
        batch.push(p);
      } else rest.push(p);
    }
    this.queue = rest;
    return batch;
  }

  private async flush(batch: Pending[]): Promise<void> {
    const written = await this.insert(batch);
    const lost: Pending[] = [];
    for (const p of batch) {
      if (written.has(p.turn.id)) p.resolve({ turn: p.turn, created: true });
      else lost.push(p);
    }
    if (lost.length > 0) await this.explain(lost);
  }

  /**
   * One statement: writes the turns whose conversation exists and whose seq follows the stored last one;
   * returns the ids written. The batch travels as one JSON document, parsed once into jsonb (the jsonb columns
   * are then taken out of it without a second parse), the same on pg and PGlite, and the statement's text does
   * not change with the batch size. Not one text array per column:
   * pg escapes every element of an array parameter (each quote of the decision's and state's JSON), which
   * made this the largest allocation of a turn after the HTTP layer (docs/benchmarks.md).
   */
  private async insert(batch: readonly Pending[]): Promise<Set<string>> {
    const rows = JSON.stringify(
      batch.map(({ turn: t, sealedOriginal }) => ({
        id: t.id,
        conversation_id: t.conversationId,
        seq: t.seq,
        role: t.role,
        author_id: wellFormed(t.authorId),
        text: wellFormed(t.text),
        annotations: t.annotations,
        decision: t.decision,
        escalation_state: t.escalationState,
        idempotency_key: wellFormed(t.idempotencyKey),
        created_at: t.createdAt.toISOString(),
        original_sealed: sealedOriginal ?? null,
      })),
    );
    const result = await this.db.execute(sql`
      insert into turns (id, conversation_id, seq, role, author_id, text, annotations, decision,
                         escalation_state, idempotency_key, created_at, original_sealed)
      select i.id, i.conversation_id, i.seq, i.role, i.author_id, i.text, i.annotations, i.decision,
             i.escalation_state, i.idempotency_key, i.created_at, i.original_sealed
      from jsonb_to_recordset(${rows}::jsonb)
        as i(id text, conversation_id text, seq int, role text, author_id text, text text, annotations jsonb,
             decision jsonb, escalation_state jsonb, idempotency_key text, created_at timestamptz,
             original_sealed jsonb)
      where exists (select 1 from conversations c where c.id = i.conversation_id)
        and i.seq = 1 + coalesce((select max(t.seq) from turns t where t.conversation_id = i.conversation_id), 0)
      on conflict do nothing
      returning id`);
    return new Set(rowsOf(result).map((r) => String(r['id'])));
  }

  /**
   * Answers the turns the statement did not write: the turn stored under a reused idempotency key
   * (created: false), else `conversation_not_found`, else `turn_conflict` (a taken or skipped seq).
   */
  private async explain(lost: readonly Pending[]): Promise<void> {
    const ids = [...new Set(lost.map((p) => p.turn.conversationId))];
    const [existing, lasts, reused] = await Promise.all([
      this.db.select({ id: conversations.id }).from(conversations).where(inArray(conversations.id, ids)),
      this.db
        .select({ conversationId: turns.conversationId, seq: max(turns.seq) })
        .from(turns)
        .where(inArray(turns.conversationId, ids))
        .groupBy(turns.conversationId),
      this.byKeys(lost.map((p) => p.turn).filter((t) => t.idempotencyKey !== null)),
    ]);
    const known = new Set(existing.map((r) => r.id));
    const next = new Map(lasts.map((r) => [r.conversationId, (r.seq ?? 0) + 1]));
    const byKey = new Map(reused.map((t) => [keyOf(t), t]));
    for (const p of lost) {
      const { turn } = p;
      const winner = turn.idempotencyKey === null ? undefined : byKey.get(keyOf(turn));
      const outcome: Outcome =
        winner !== undefined
          ? { turn: winner, created: false }
          : !known.has(turn.conversationId)
            ? new DomainError('conversation_not_found', `conversation ${turn.conversationId} does not exist`, {
                conversationId: turn.conversationId,
              })
            : conflict(turn, next.get(turn.conversationId) ?? 1);
      if (outcome instanceof Error) p.reject(outcome);
      else p.resolve(outcome);
    }
  }

  private async byKeys(ts: readonly StoredTurn[]): Promise<StoredTurn[]> {
    if (ts.length === 0) return [];
    const conditions: SQL[] = ts.map(
      (t) => and(eq(turns.conversationId, t.conversationId), eq(turns.idempotencyKey, t.idempotencyKey ?? '')) as SQL,
    );
    return this.db
      .select(turnColumns)
      .from(turns)
      .where(or(...conditions));
  }
}

const keyOf = (t: StoredTurn): string => `${t.conversationId}\u0000${t.idempotencyKey ?? ''}`;

/**
 * A lone UTF-16 surrogate becomes U+FFFD, as pg's UTF-8 encoding of a text parameter does; JSON.stringify
 * would write it as a `\ud800` escape, which PostgreSQL refuses to turn into text. Paired ones are kept.
 */
const wellFormed = <T extends string | null>(s: T): T =>
  s === null ? s : (s.replace(/\p{Surrogate}/gu, '\uFFFD') as T);

/** Rows of a raw statement: node-postgres and PGlite both answer `{ rows }`. */
const rowsOf = (result: unknown): Record<string, unknown>[] => {
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
};

const conflict = (turn: StoredTurn, expected: number): DomainError =>
  new DomainError(
    'turn_conflict',
    turn.seq === expected
      ? `seq ${turn.seq} was taken meanwhile`
      : `seq ${turn.seq} is not the next turn (expected ${expected})`,
    { conversationId: turn.conversationId, seq: turn.seq, expected },
  );
