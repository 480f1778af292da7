import type {
  AgentConversation,
  AgentServerFrame,
  AgentTurn,
  AgentView,
  ContextPackageView,
  ContextPreview,
  ReservationView,
  TransferTargets,
} from '@baton/contracts';
import type { ConnectionState } from './agent-socket.ts';
import { applyConsultFrame, consultsFromHello, type WorkspaceConsult } from '../consults/consult-state.ts';

/** An offer waiting for this agent's answer (A2). */
export interface Offer {
  reservation: ReservationView;
  context: ContextPreview;
}

/** An agent message sent but not yet seen back as a turn. */
export interface OutgoingMessage {
  localId: string;
  text: string;
  state: 'sending' | 'sent' | 'failed';
}

/** One conversation in the agent's list, with what the UI adds to it. */
export interface WorkspaceConversation {
  data: AgentConversation;
  unread: number;
  /** When the customer last typed (ms since epoch), for the typing indicator. */
  customerTypingAt: number | null;
  outgoing: OutgoingMessage[];
  /** Last activity, for ordering the list. */
  lastActivity: string;
  /** The conversation left this agent without being closed (transferred, handed back to the assistant). */
  released: 'transferred' | 'handed_back' | null;
  /** The handoff this agent handled, kept after it ends so the wrap-up can name it. */
  handoffId: string | null;
  /** The wrap-up of that handoff was saved. */
  wrappedUp: boolean;
  /** The context package from the offer this conversation was accepted from (screen pop, A3); null after a reload. */
  context: ContextPackageView | null;
}

export interface WorkspaceState {
  connection: ConnectionState;
  agent: AgentView | null;
  offers: Offer[];
  conversations: Record<string, WorkspaceConversation>;
  selectedId: string | null;
  /** The latest problem to show (error frame without a pending command, failed command). */
  notice: string | null;
  /** Queues and colleagues to transfer to, once asked for. */
  transferTargets: TransferTargets | null;
  /**
   * Context packages of offers seen, by conversation id: the server sends the package only with the offer,
   * and `offer.ended` (accepted) arrives before `conversation.assigned`.
   */
  offeredContexts: Record<string, ContextPackageView>;
  /** Consults this agent takes part in (R9), by consult id. */
  consults: Record<string, WorkspaceConsult>;
  /** The consult open in the main pane (the colleague's view); exclusive with `selectedId`. */
  selectedConsultId: string | null;
}

export type WorkspaceAction =
  | { type: 'frame'; frame: AgentServerFrame; now: number }
  | { type: 'connection'; state: ConnectionState }
  | { type: 'select'; conversationId: string | null }
  | { type: 'select.consult'; consultId: string | null }
  | { type: 'outgoing'; conversationId: string; message: OutgoingMessage }
  | { type: 'outgoing.state'; conversationId: string; localId: string; state: OutgoingMessage['state'] }
  | { type: 'dismiss'; conversationId: string }
  | { type: 'wrapped_up'; conversationId: string }
  | { type: 'notice'; text: string | null };

export const initialWorkspaceState: WorkspaceState = {
  connection: 'connecting',
  agent: null,
  offers: [],
  conversations: {},
  selectedId: null,
  notice: null,
  transferTargets: null,
  offeredContexts: {},
  consults: {},
  selectedConsultId: null,
};

/** Adds the packages of these offers to what is remembered, keeping only the latest few conversations. */
function rememberContexts(known: Record<string, ContextPackageView>, offers: readonly Offer[]) {
  const next = { ...known };
  for (const o of offers) {
    if (!o.context.package) continue;
    // Re-inserted so the key order is the order offers arrived in: the oldest are dropped first.
    delete next[o.reservation.conversationId];
    next[o.reservation.conversationId] = o.context.package;
  }
  const ids = Object.keys(next);
  for (const id of ids.slice(0, Math.max(0, ids.length - 50))) delete next[id];
  return next;
}

/** Applies one server frame or UI action. Pure: time comes in with the action. */
export function workspaceReducer(state: WorkspaceState, action: WorkspaceAction): WorkspaceState {
  switch (action.type) {
    case 'frame':
      return applyFrame(state, action.frame, action.now);
    case 'connection':
      return { ...state, connection: action.state };
    case 'select':
      return {
        ...state,
        selectedId: action.conversationId,
        selectedConsultId: action.conversationId ? null : state.selectedConsultId,
        conversations: action.conversationId
          ? patch(state.conversations, action.conversationId, (c) => ({ ...c, unread: 0 }))
          : state.conversations,
      };
    case 'select.consult':
      return {
        ...state,
        selectedConsultId: action.consultId,
        selectedId: action.consultId ? null : state.selectedId,
      };
    case 'outgoing':
      return {
        ...state,
        conversations: patch(state.conversations, action.conversationId, (c) => ({
          ...c,
          outgoing: [...c.outgoing, action.message],
        })),
      };
    case 'outgoing.state':
      return {
        ...state,
        conversations: patch(state.conversations, action.conversationId, (c) => ({
          ...c,
          outgoing: c.outgoing.map((m) => (m.localId === action.localId ? { ...m, state: action.state } : m)),
        })),
      };
    case 'dismiss': {
      const { [action.conversationId]: _gone, ...rest } = state.conversations;
      return {
        ...state,
        conversations: rest,
        selectedId: state.selectedId === action.conversationId ? null : state.selectedId,
      };
    }
    case 'wrapped_up':
      return {
        ...state,
        conversations: patch(state.conversations, action.conversationId, (c) => ({ ...c, wrappedUp: true })),
      };
    case 'notice':
      return { ...state, notice: action.text };
  }
}

/** Ended here (closed, transferred, handed back) and still waiting for its wrap-up. */
export function needsWrapUp(c: WorkspaceConversation): boolean {
  return (c.released !== null || c.data.conversation.status === 'closed') && c.handoffId !== null && !c.wrappedUp;
}

function applyFrame(state: WorkspaceState, frame: AgentServerFrame, now: number): WorkspaceState {
  switch (frame.type) {
    case 'hello': {
      const conversations: Record<string, WorkspaceConversation> = {};
      // Conversations that ended here survive a reconnect until their wrap-up is saved.
      for (const [id, c] of Object.entries(state.conversations)) if (needsWrapUp(c)) conversations[id] = c;
      for (const data of frame.conversations) {
        const previous = state.conversations[data.conversation.id];
        conversations[data.conversation.id] = fromAgentConversation(data, previous);
      }
      const selectedId = state.selectedId && conversations[state.selectedId] ? state.selectedId : null;
      return {
        ...state,
        agent: frame.agent,
        offers: frame.offers,
        conversations,
        selectedId,
        notice: null,
        offeredContexts: rememberContexts(state.offeredContexts, frame.offers),
        consults: consultsFromHello(frame.consults),
        selectedConsultId:
          state.selectedConsultId && frame.consults?.some((c) => c.consult.id === state.selectedConsultId)
            ? state.selectedConsultId
            : null,
      };
    }
    case 'offer':
      return {
        ...state,
        offers: [
          ...state.offers.filter((o) => o.reservation.id !== frame.reservation.id),
          { reservation: frame.reservation, context: frame.context },
        ],
        offeredContexts: rememberContexts(state.offeredContexts, [frame]),
      };
    case 'offer.ended':
      return { ...state, offers: state.offers.filter((o) => o.reservation.id !== frame.reservationId) };
    case 'conversation.assigned': {
      const id = frame.conversation.conversation.id;
      const offered = state.offeredContexts[id];
      return {
        ...state,
        offers: state.offers.filter((o) => o.reservation.conversationId !== id),
        conversations: {
          ...state.conversations,
          [id]: fromAgentConversation(frame.conversation, state.conversations[id], offered),
        },
        selectedId: state.selectedConsultId === null ? (state.selectedId ?? id) : state.selectedId,
      };
    }
    case 'conversation.updated':
      return {
        ...state,
        conversations: patch(state.conversations, frame.conversation.id, (c) => ({
          ...c,
          data: { ...c.data, conversation: frame.conversation },
        })),
      };
    case 'turn':
      return applyTurn(state, frame.turn);
    case 'typing':
      if (frame.role !== 'customer') return state;
      return {
        ...state,
        conversations: patch(state.conversations, frame.conversationId, (c) => ({ ...c, customerTypingAt: now })),
      };
    case 'presence':
      return state.agent
        ? {
            ...state,
            agent: {
              ...state.agent,
              presence: frame.presence,
              presenceReason: frame.reason ?? null,
              // Older servers send neither: keep what the hello said.
              ...(frame.since === undefined ? {} : { presenceSince: frame.since }),
              ...(frame.wrapUpSeconds === undefined ? {} : { wrapUpSeconds: frame.wrapUpSeconds }),
            },
          }
        : state;
    case 'conversation.released':
      return {
        ...state,
        conversations: patch(state.conversations, frame.conversationId, (c) => ({
          ...c,
          released: frame.reason,
          handoffId: frame.handoffId,
          customerTypingAt: null,
        })),
      };
    case 'transfer.targets':
      return { ...state, transferTargets: frame.targets };
    case 'consult.updated': {
      const consults = applyConsultFrame(state.consults, frame);
      const c = frame.consult;
      // The colleague reading it now receives the conversation itself: open that instead.
      if (c.status === 'transferred' && state.selectedConsultId === c.id && state.agent?.id === c.colleague.id) {
        return { ...state, consults, selectedConsultId: null, selectedId: c.conversationId };
      }
      return { ...state, consults };
    }
    case 'consult.context':
    case 'consult.message':
    case 'consult.turn':
      return { ...state, consults: applyConsultFrame(state.consults, frame) };
    case 'error':
      return { ...state, notice: frame.error.message };
    case 'ack':
    case 'pong':
      return state;
  }
}

/** Adds a turn to its conversation (and to a pending offer's preview), de-duplicated by id. */
function applyTurn(state: WorkspaceState, turn: AgentTurn): WorkspaceState {
  const id = turn.conversationId;
  const offers = state.offers.map((o) =>
    o.reservation.conversationId === id
      ? { ...o, context: { ...o.context, transcript: mergeTurn(o.context.transcript, turn) } }
      : o,
  );
  const conversations = patch(state.conversations, id, (c) => {
    const transcript = mergeTurn(c.data.transcript, turn);
    if (transcript === c.data.transcript) return c;
    const settled = turn.role === 'agent' ? settleOutgoing(c.outgoing, turn.text) : c.outgoing;
    const counts = turn.role !== 'agent' && state.selectedId !== id;
    return {
      ...c,
      data: { ...c.data, transcript },
      outgoing: settled,
      unread: counts ? c.unread + 1 : c.unread,
      customerTypingAt: turn.role === 'customer' ? null : c.customerTypingAt,
      lastActivity: turn.createdAt,
    };
  });
  return { ...state, offers, conversations };
}

function mergeTurn(transcript: AgentTurn[], turn: AgentTurn): AgentTurn[] {
  if (transcript.some((t) => t.id === turn.id)) return transcript;
  return [...transcript, turn].sort((a, b) => a.seq - b.seq);
}

/** The agent's own message came back as a turn: drop the oldest outgoing copy with the same text. */
function settleOutgoing(outgoing: OutgoingMessage[], text: string): OutgoingMessage[] {
  const index = outgoing.findIndex((m) => m.state !== 'failed' && m.text.trim() === text.trim());
  return index < 0 ? outgoing : outgoing.filter((_, i) => i !== index);
}

function fromAgentConversation(
  data: AgentConversation,
  previous?: WorkspaceConversation,
  context?: ContextPackageView,
): WorkspaceConversation {
  const last = data.transcript[data.transcript.length - 1];
  return {
    data,
    unread: previous?.unread ?? 0,
    customerTypingAt: previous?.customerTypingAt ?? null,
    outgoing: previous?.outgoing ?? [],
    lastActivity: last?.createdAt ?? data.conversation.createdAt,
    // A new assignment (a transfer back to us) starts a fresh handoff: nothing released, no wrap-up yet.
    released: null,
    handoffId: data.handoff?.id ?? previous?.handoffId ?? null,
    wrappedUp:
      data.handoff !== null && data.handoff.id !== previous?.handoffId ? false : (previous?.wrappedUp ?? false),
    context: context ?? previous?.context ?? null,
  };
}

function patch(
  all: Record<string, WorkspaceConversation>,
  id: string,
  update: (c: WorkspaceConversation) => WorkspaceConversation,
): Record<string, WorkspaceConversation> {
  const current = all[id];
  if (!current) return all;
  const next = update(current);
  return next === current ? all : { ...all, [id]: next };
}
