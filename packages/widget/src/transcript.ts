import type { PublicTurn } from '@baton/contracts';

/** A customer message shown before the server confirmed it. */
export interface PendingMessage {
  key: string;
  text: string;
  failed: boolean;
}

/**
 * The conversation as the widget shows it: server turns de-duplicated by id and ordered by `seq`, plus
 * the customer's own messages that are still on their way. Turns arrive from three sources (the HTTP
 * response, the stream, a refetch after reconnect) in any order; merging is idempotent.
 */
export class Transcript {
  private readonly turns = new Map<string, PublicTurn>();
  private pending: PendingMessage[] = [];

  /** Adds turns it has not seen; returns true when anything changed. */
  merge(turns: readonly PublicTurn[]): boolean {
    let changed = false;
    for (const turn of turns) {
      if (this.turns.has(turn.id)) continue;
      this.turns.set(turn.id, turn);
      changed = true;
      if (turn.role === 'customer') this.settlePendingByText(turn.text);
    }
    return changed;
  }

  addPending(key: string, text: string): void {
    this.pending.push({ key, text, failed: false });
  }

  /** The server confirmed the message: the real turn replaces the pending one. */
  confirm(key: string, turn: PublicTurn): void {
    this.pending = this.pending.filter((p) => p.key !== key);
    this.turns.set(turn.id, turn);
  }

  markFailed(key: string): void {
    this.pending = this.pending.map((p) => (p.key === key ? { ...p, failed: true } : p));
  }

  removePending(key: string): PendingMessage | undefined {
    const found = this.pending.find((p) => p.key === key);
    this.pending = this.pending.filter((p) => p.key !== key);
    return found;
  }

  has(turnId: string): boolean {
    return this.turns.has(turnId);
  }

  ordered(): PublicTurn[] {
    return [...this.turns.values()].sort((a, b) => a.seq - b.seq);
  }

  pendingMessages(): readonly PendingMessage[] {
    return this.pending;
  }

  clear(): void {
    this.turns.clear();
    this.pending = [];
  }

  /** The stream may deliver the customer's own turn before the HTTP response: settle the oldest match. */
  private settlePendingByText(text: string): void {
    const index = this.pending.findIndex((p) => !p.failed && p.text.trim() === text.trim());
    if (index >= 0) this.pending.splice(index, 1);
  }
}
