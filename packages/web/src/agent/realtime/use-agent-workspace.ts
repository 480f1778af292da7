import type { WrapUpDispositionView } from '@baton/contracts';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { AgentSocket, CommandError } from './agent-socket.ts';
import type { PresenceReason } from '@baton/contracts';
import type { Presence } from './presence.ts';
import { initialWorkspaceState, workspaceReducer, type WorkspaceState } from './workspace-state.ts';

/** What the workspace UI can do; every command goes over the agent socket and waits for its ack. */
export interface WorkspaceActions {
  /** A reason only goes with `away` (the server refuses it on available). */
  setPresence: (presence: Presence, reason?: PresenceReason) => Promise<void>;
  /** Accepts and opens the conversation (it may arrive just before or after the ack). */
  accept: (reservationId: string, conversationId: string) => Promise<void>;
  reject: (reservationId: string) => Promise<void>;
  send: (conversationId: string, text: string) => void;
  close: (conversationId: string) => Promise<void>;
  typing: (conversationId: string) => void;
  select: (conversationId: string | null) => void;
  dismiss: (conversationId: string) => void;
  clearNotice: () => void;
  /** Asks the server for the queues and colleagues to transfer to (arrive in state.transferTargets). */
  loadTransferTargets: () => Promise<void>;
  transfer: (conversationId: string, target: TransferTarget, note: string) => Promise<void>;
  handBack: (conversationId: string) => Promise<void>;
  wrapUp: (conversationId: string, wrapUp: WrapUpInput) => Promise<void>;
  /** Asks a colleague to consult on an owned conversation (R9). */
  startConsult: (conversationId: string, agentId: string, note: string) => Promise<void>;
  /** Accepts a consult request and opens it. */
  acceptConsult: (consultId: string) => Promise<void>;
  declineConsult: (consultId: string) => Promise<void>;
  /** An internal message in the consult's side thread (never shown to the customer). */
  sendConsultMessage: (consultId: string, text: string) => Promise<void>;
  /** Ends the consult (owner) or leaves it (colleague). */
  endConsult: (consultId: string) => Promise<void>;
  /** Completes the consult as a warm transfer to the colleague (owner). */
  transferConsult: (consultId: string) => Promise<void>;
  selectConsult: (consultId: string | null) => void;
}

/** Where a transfer goes (R9). */
export type TransferTarget = { kind: 'queue'; queueId: string } | { kind: 'agent'; agentId: string };

/** What the agent records when a handoff ends (A6). */
export interface WrapUpInput {
  handoffId: string;
  disposition: WrapUpDispositionView;
  notes: string;
  handoffNeeded: boolean;
}

const TYPING_SENT_EVERY_MS = 2_000;
const SESSION_ERRORS = new Set(['unauthorized', 'invalid_token', 'token_expired']);

/** Builds the agent stream URL on the page's own origin (the server serves this page). */
function agentStreamUrl(token: string): string {
  const url = new URL('/v1/agent/stream', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.toString();
}

/** False only when the server says the token is no longer accepted (not on network errors). */
async function tokenStillValid(token: string): Promise<boolean> {
  try {
    const response = await fetch('/v1/agents/me', { headers: { authorization: `Bearer ${token}` } });
    return response.status !== 401 && response.status !== 403;
  } catch {
    return true;
  }
}

/**
 * Connects the signed-in agent to `/v1/agent/stream` and folds every frame into {@link WorkspaceState}.
 * `onSignedOut` runs when the server rejects the token.
 */
export function useAgentWorkspace(token: string, onSignedOut: () => void): [WorkspaceState, WorkspaceActions] {
  const [state, dispatch] = useReducer(workspaceReducer, initialWorkspaceState);
  const socketRef = useRef<AgentSocket | null>(null);
  const typingSentAt = useRef(new Map<string, number>());
  const localIds = useRef(0);
  const signedOut = useRef(onSignedOut);
  useEffect(() => {
    signedOut.current = onSignedOut;
  }, [onSignedOut]);

  useEffect(() => {
    const socket = new AgentSocket(agentStreamUrl(token), {
      onFrame: (frame) => {
        if (frame.type === 'error' && SESSION_ERRORS.has(frame.error.code)) signedOut.current();
        else dispatch({ type: 'frame', frame, now: Date.now() });
      },
      onConnection: (connection) => dispatch({ type: 'connection', state: connection }),
      onUnauthorized: () => signedOut.current(),
      onConnectFailed: () => {
        void tokenStillValid(token).then((valid) => {
          if (!valid) signedOut.current();
        });
      },
    });
    socketRef.current = socket;
    socket.start();
    return () => {
      socket.stop();
      socketRef.current = null;
    };
  }, [token]);

  const run = useCallback(async (command: Parameters<AgentSocket['request']>[0]) => {
    const socket = socketRef.current;
    try {
      if (!socket) throw new CommandError('offline', 'Not connected');
      await socket.request(command);
    } catch (error) {
      dispatch({ type: 'notice', text: error instanceof Error ? error.message : 'Something went wrong' });
      throw error;
    }
  }, []);

  const actions = useMemo<WorkspaceActions>(
    () => ({
      setPresence: (presence, reason) =>
        run({ type: 'presence.set', presence, ...(reason === undefined ? {} : { reason }) }),
      accept: async (reservationId, conversationId) => {
        await run({ type: 'offer.accept', reservationId });
        dispatch({ type: 'select', conversationId });
      },
      reject: (reservationId) => run({ type: 'offer.reject', reservationId }),
      close: (conversationId) => run({ type: 'conversation.close', conversationId }),
      send: (conversationId, text) => {
        localIds.current += 1;
        const localId = `m${localIds.current}`;
        dispatch({ type: 'outgoing', conversationId, message: { localId, text, state: 'sending' } });
        // The next message is a new one: its first key says "typing" at once, whatever the throttle.
        typingSentAt.current.delete(conversationId);
        run({ type: 'message.send', conversationId, text }).then(
          () => dispatch({ type: 'outgoing.state', conversationId, localId, state: 'sent' }),
          () => dispatch({ type: 'outgoing.state', conversationId, localId, state: 'failed' }),
        );
      },
      typing: (conversationId) => {
        const now = Date.now();
        if (now - (typingSentAt.current.get(conversationId) ?? 0) < TYPING_SENT_EVERY_MS) return;
        typingSentAt.current.set(conversationId, now);
        socketRef.current?.notify({ type: 'typing', conversationId });
      },
      select: (conversationId) => dispatch({ type: 'select', conversationId }),
      dismiss: (conversationId) => dispatch({ type: 'dismiss', conversationId }),
      clearNotice: () => dispatch({ type: 'notice', text: null }),
      loadTransferTargets: () => run({ type: 'transfer.targets' }),
      transfer: (conversationId, target, note) =>
        run({
          type: 'conversation.transfer',
          conversationId,
          target,
          ...(note.trim() ? { note: note.trim() } : {}),
        }),
      handBack: (conversationId) => run({ type: 'conversation.hand_back', conversationId }),
      wrapUp: async (conversationId, input) => {
        await run({ type: 'wrapup.submit', ...input });
        dispatch({ type: 'wrapped_up', conversationId });
      },
      startConsult: (conversationId, agentId, note) =>
        run({ type: 'consult.start', conversationId, agentId, ...(note.trim() ? { note: note.trim() } : {}) }),
      acceptConsult: async (consultId) => {
        await run({ type: 'consult.accept', consultId });
        dispatch({ type: 'select.consult', consultId });
      },
      declineConsult: (consultId) => run({ type: 'consult.decline', consultId }),
      sendConsultMessage: (consultId, text) => run({ type: 'consult.message', consultId, text }),
      endConsult: (consultId) => run({ type: 'consult.end', consultId }),
      transferConsult: (consultId) => run({ type: 'consult.transfer', consultId }),
      selectConsult: (consultId) => dispatch({ type: 'select.consult', consultId }),
    }),
    [run],
  );

  return [state, actions];
}
