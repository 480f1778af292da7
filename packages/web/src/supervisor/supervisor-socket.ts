import type {
  AgentTurn,
  ConversationView,
  CustomerView,
  FloorSnapshot,
  HandoffView,
  SupervisorClientFrame,
  SupervisorServerFrame,
} from '@baton/contracts';
import { useEffect, useReducer, useRef } from 'react';

/** The conversation being read live (read-only). */
export interface WatchedConversation {
  conversation: ConversationView;
  customer: CustomerView | null;
  handoff: HandoffView | null;
  transcript: AgentTurn[];
}

/** One line of the activity feed. */
export interface Activity {
  key: string;
  name: string;
  at: string;
  conversationId: string;
  queueId: string;
}

export interface FloorState {
  connection: 'connecting' | 'open' | 'reconnecting';
  floor: FloorSnapshot | null;
  watchedId: string | null;
  watched: WatchedConversation | null;
  activity: Activity[];
  /** The server refused the session (signed out, or not a supervisor). */
  refused: boolean;
}

type Action =
  | { type: 'frame'; frame: SupervisorServerFrame }
  | { type: 'connection'; state: FloorState['connection'] }
  | { type: 'watch'; conversationId: string | null }
  | { type: 'refused' };

const initial: FloorState = {
  connection: 'connecting',
  floor: null,
  watchedId: null,
  watched: null,
  activity: [],
  refused: false,
};

function reduce(state: FloorState, action: Action): FloorState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.state };
    case 'refused':
      return { ...state, refused: true };
    case 'watch':
      return { ...state, watchedId: action.conversationId, watched: null };
    case 'frame': {
      const f = action.frame;
      switch (f.type) {
        case 'floor':
          return { ...state, floor: f.floor };
        case 'conversation.transcript':
          if (f.conversation.id !== state.watchedId) return state;
          return {
            ...state,
            watched: {
              conversation: f.conversation,
              customer: f.customer,
              handoff: f.handoff,
              transcript: f.transcript,
            },
          };
        case 'turn': {
          const w = state.watched;
          if (!w || w.conversation.id !== f.turn.conversationId || w.transcript.some((t) => t.id === f.turn.id))
            return state;
          return { ...state, watched: { ...w, transcript: [...w.transcript, f.turn].sort((a, b) => a.seq - b.seq) } };
        }
        case 'conversation.updated': {
          const w = state.watched;
          if (!w || w.conversation.id !== f.conversation.id) return state;
          return { ...state, watched: { ...w, conversation: f.conversation } };
        }
        case 'activity': {
          const item: Activity = {
            key: `${f.at}-${f.name}-${f.handoff.id}`,
            name: f.name,
            at: f.at,
            conversationId: f.handoff.conversationId,
            queueId: f.handoff.queueId,
          };
          return { ...state, activity: [item, ...state.activity].slice(0, 30) };
        }
        case 'ack':
        case 'pong':
        case 'error':
          return state;
      }
    }
  }
}

const REFUSED_CODES = new Set([1008, 4001, 4003]);

/**
 * The supervisor's live connection (`/v1/supervisor/stream`): the floor, the activity feed and the watched
 * conversation. Reconnects with capped backoff; after a reconnect the server sends the floor again and the
 * watch is renewed, so nothing needs a reload. The third element shows a floor read over HTTP.
 */
export function useSupervisorFloor(
  token: string,
): [FloorState, (conversationId: string | null) => void, (floor: FloorSnapshot) => void] {
  const [state, dispatch] = useReducer(reduce, initial);
  const socketRef = useRef<WebSocket | null>(null);
  const watchedRef = useRef<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let attempts = 0;
    let retry: number | undefined;
    let ping: number | undefined;
    const send = (frame: SupervisorClientFrame) => {
      const s = socketRef.current;
      if (s?.readyState === WebSocket.OPEN) s.send(JSON.stringify(frame));
    };
    const connect = () => {
      const url = new URL('/v1/supervisor/stream', window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      url.searchParams.set('token', token);
      const socket = new WebSocket(url);
      socketRef.current = socket;
      let opened = false;
      socket.addEventListener('open', () => {
        opened = true;
        attempts = 0;
        dispatch({ type: 'connection', state: 'open' });
        if (watchedRef.current) send({ type: 'conversation.watch', conversationId: watchedRef.current });
        window.clearInterval(ping);
        ping = window.setInterval(() => send({ type: 'ping' }), 25_000);
      });
      socket.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (typeof event.data !== 'string') return;
        try {
          dispatch({ type: 'frame', frame: JSON.parse(event.data) as SupervisorServerFrame });
        } catch {
          // An unreadable frame is dropped; the next floor snapshot brings the view back in line.
        }
      });
      socket.addEventListener('close', (event) => {
        if (socketRef.current !== socket) return;
        socketRef.current = null;
        window.clearInterval(ping);
        if (stopped) return;
        if (REFUSED_CODES.has(event.code) || (!opened && attempts >= 2)) {
          // A refused upgrade (401/403) closes before opening: check the session over HTTP.
          void fetch('/v1/supervisor/floor', { headers: { authorization: `Bearer ${token}` } }).then(
            (r) => {
              if (r.status === 401 || r.status === 403) dispatch({ type: 'refused' });
            },
            () => undefined,
          );
        }
        attempts += 1;
        dispatch({ type: 'connection', state: 'reconnecting' });
        const base = Math.min(15_000, 500 * 2 ** attempts);
        retry = window.setTimeout(connect, base / 2 + Math.random() * (base / 2));
      });
    };
    connect();
    return () => {
      stopped = true;
      window.clearTimeout(retry);
      window.clearInterval(ping);
      socketRef.current?.close(1000, 'signed out');
      socketRef.current = null;
    };
  }, [token]);

  const watch = (conversationId: string | null) => {
    watchedRef.current = conversationId;
    dispatch({ type: 'watch', conversationId });
    const s = socketRef.current;
    if (s?.readyState === WebSocket.OPEN) {
      s.send(
        JSON.stringify(
          conversationId ? { type: 'conversation.watch', conversationId } : { type: 'conversation.unwatch' },
        ),
      );
    }
  };
  // A floor read over HTTP (after a settings save, which publishes no floor event) shown like a pushed one.
  const showFloor = (floor: FloorSnapshot) => dispatch({ type: 'frame', frame: { type: 'floor', floor } });
  return [state, watch, showFloor];
}
