import type { AgentServerFrame, AgentTurn, ConsultSnapshot, ConsultView, ContextPreview } from '@baton/contracts';

/** A consult this agent takes part in (R9), on either side, with what the colleague may read. */
export interface WorkspaceConsult {
  consult: ConsultView;
  /** For the colleague of an active consult: the transcript and context package, kept live. */
  context: ContextPreview | null;
}

export type ConsultFrame = Extract<
  AgentServerFrame,
  { type: 'consult.updated' | 'consult.context' | 'consult.message' | 'consult.turn' }
>;

/** Open statuses: the consult still asks something of someone. */
export function isOpenConsult(c: ConsultView): boolean {
  return c.status === 'requested' || c.status === 'active';
}

/** The consults restored by `hello`: the server's list replaces what was known. */
export function consultsFromHello(snapshots: readonly ConsultSnapshot[] | undefined): Record<string, WorkspaceConsult> {
  const out: Record<string, WorkspaceConsult> = {};
  for (const s of snapshots ?? []) out[s.consult.id] = { consult: s.consult, context: s.context ?? null };
  return out;
}

/** Applies one consult frame. Pure. */
export function applyConsultFrame(
  consults: Record<string, WorkspaceConsult>,
  frame: ConsultFrame,
): Record<string, WorkspaceConsult> {
  switch (frame.type) {
    case 'consult.updated': {
      const previous = consults[frame.consult.id];
      // The thread in an update is the server's whole list; keep any message that arrived after it was read.
      const known = previous?.consult.messages ?? [];
      const messages = [...frame.consult.messages];
      for (const m of known) if (!messages.some((x) => x.id === m.id)) messages.push(m);
      messages.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      // Read access ends with the consult: the colleague's copy of the transcript goes with it.
      const context = frame.consult.status === 'active' ? (previous?.context ?? null) : null;
      return { ...consults, [frame.consult.id]: { consult: { ...frame.consult, messages }, context } };
    }
    case 'consult.context': {
      const current = consults[frame.consultId];
      if (!current || current.consult.status !== 'active') return consults;
      return { ...consults, [frame.consultId]: { ...current, context: frame.context } };
    }
    case 'consult.message': {
      const current = consults[frame.message.consultId];
      if (!current || current.consult.messages.some((m) => m.id === frame.message.id)) return consults;
      const consult = { ...current.consult, messages: [...current.consult.messages, frame.message] };
      return { ...consults, [consult.id]: { ...current, consult } };
    }
    case 'consult.turn': {
      const current = consults[frame.consultId];
      if (!current?.context) return consults;
      const transcript = mergeTurn(current.context.transcript, frame.turn);
      if (transcript === current.context.transcript) return consults;
      return { ...consults, [frame.consultId]: { ...current, context: { ...current.context, transcript } } };
    }
  }
}

function mergeTurn(transcript: AgentTurn[], turn: AgentTurn): AgentTurn[] {
  if (transcript.some((t) => t.id === turn.id)) return transcript;
  return [...transcript, turn].sort((a, b) => a.seq - b.seq);
}

/** The consult to show with a conversation this agent owns: the open one, else the latest that ended. */
export function consultForConversation(
  consults: Record<string, WorkspaceConsult>,
  conversationId: string,
): WorkspaceConsult | null {
  const mine = Object.values(consults).filter((c) => c.consult.conversationId === conversationId);
  const open = mine.find((c) => isOpenConsult(c.consult));
  if (open) return open;
  return mine.sort((a, b) => b.consult.createdAt.localeCompare(a.consult.createdAt))[0] ?? null;
}
