import {
  DomainError,
  OPEN_CONSULT_STATUSES,
  type Consult,
  type ConsultMessage,
  type ConsultStatus,
  type ConsultStore,
} from '@baton/core';

const copy = <T>(value: T): T => structuredClone(value);
const isOpen = (s: ConsultStatus): boolean => OPEN_CONSULT_STATUSES.includes(s);
const oldestFirst = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What the consult rows reference, so the memory store can check its foreign keys as SQL does. */
export interface ConsultReferences {
  hasConversation(id: string): boolean;
  hasHandoff(id: string): boolean;
}

/**
 * The in-memory ConsultStore: the same rules as drizzle/consult-queries.ts (one open consult per conversation,
 * foreign keys, compare-and-set on the status), one process only. Method bodies are synchronous, hence atomic.
 */
export class MemoryConsultStore implements ConsultStore {
  private readonly consults = new Map<string, Consult>();
  private readonly messages = new Map<string, ConsultMessage[]>();

  constructor(private readonly refs: ConsultReferences) {}

  async createConsult(c: Consult): Promise<void> {
    if (this.consults.has(c.id)) throw new DomainError('consult_exists', `consult ${c.id} already exists`);
    if (!this.refs.hasConversation(c.conversationId)) {
      throw new DomainError('conversation_not_found', 'the conversation does not exist');
    }
    if (!this.refs.hasHandoff(c.handoffId)) throw new DomainError('handoff_not_found', 'the handoff does not exist');
    if (isOpen(c.status) && this.openFor(c.conversationId, c.id)) {
      throw new DomainError('consult_already_open', `conversation ${c.conversationId} is already in a consult`);
    }
    this.consults.set(c.id, copy(c));
  }

  async getConsult(id: string): Promise<Consult | null> {
    return copy(this.consults.get(id) ?? null);
  }

  async listConsults(filter: {
    agentId?: string;
    conversationId?: string;
    status?: ConsultStatus[];
  }): Promise<Consult[]> {
    const { agentId, conversationId, status } = filter;
    return copy(
      [...this.consults.values()]
        .filter((c) => agentId === undefined || c.ownerId === agentId || c.colleagueId === agentId)
        .filter((c) => conversationId === undefined || c.conversationId === conversationId)
        .filter((c) => status === undefined || status.includes(c.status))
        .sort(oldestFirst),
    );
  }

  async updateConsult(next: Consult, expected: ConsultStatus): Promise<Consult | null> {
    const current = this.consults.get(next.id);
    if (current === undefined || current.status !== expected) return null;
    if (isOpen(next.status) && this.openFor(current.conversationId, current.id)) {
      throw new DomainError('consult_already_open', `conversation ${current.conversationId} is already in a consult`);
    }
    // Identity fields never change, as in the SQL store.
    const saved: Consult = {
      ...current,
      note: next.note,
      status: next.status,
      endReason: next.endReason,
      acceptedAt: next.acceptedAt,
      endedAt: next.endedAt,
    };
    this.consults.set(saved.id, copy(saved));
    return copy(saved);
  }

  async addConsultMessage(m: ConsultMessage): Promise<void> {
    if (!this.consults.has(m.consultId))
      throw new DomainError('consult_not_found', `consult ${m.consultId} does not exist`);
    const list = this.messages.get(m.consultId) ?? [];
    if (list.some((x) => x.id === m.id)) throw new DomainError('consult_message_exists', `message ${m.id} exists`);
    list.push(copy(m));
    this.messages.set(m.consultId, list);
  }

  async listConsultMessages(consultId: string): Promise<ConsultMessage[]> {
    return copy([...(this.messages.get(consultId) ?? [])].sort(oldestFirst));
  }

  /** Whether any consult of the conversation still holds a note or message text (retention, erasure). */
  holdsText(conversationId: string): boolean {
    return [...this.consults.values()].some(
      (c) =>
        c.conversationId === conversationId &&
        (c.note !== '' || (this.messages.get(c.id) ?? []).some((m) => m.text !== '')),
    );
  }

  /** Clears the notes and message texts of the conversations' consults (retention, erasure), keeping the rows. */
  wipe(conversationIds: readonly string[]): void {
    const ids = new Set(conversationIds);
    for (const c of this.consults.values()) {
      if (!ids.has(c.conversationId)) continue;
      this.consults.set(c.id, { ...c, note: '' });
      const list = this.messages.get(c.id);
      if (list !== undefined)
        this.messages.set(
          c.id,
          list.map((m) => ({ ...m, text: '' })),
        );
    }
  }

  private openFor(conversationId: string, exceptId: string): boolean {
    return [...this.consults.values()].some(
      (o) => o.id !== exceptId && o.conversationId === conversationId && isOpen(o.status),
    );
  }
}
