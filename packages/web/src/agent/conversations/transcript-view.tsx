import type { AgentTurn } from '@baton/contracts';
import { useEffect, useRef } from 'react';
import type { OutgoingMessage } from '../realtime/workspace-state.ts';
import { TurnItem } from './turn-item.tsx';

const OUTGOING_LABELS: Record<OutgoingMessage['state'], string> = {
  sending: 'Sending…',
  sent: 'Sent',
  failed: 'Not sent',
};

/** The live transcript; sticks to the bottom while the agent is reading the latest turns. */
export function TranscriptView({ turns, outgoing }: { turns: AgentTurn[]; outgoing: OutgoingMessage[] }) {
  const listRef = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);

  useEffect(() => {
    const list = listRef.current;
    if (list && pinned.current) list.scrollTop = list.scrollHeight;
  }, [turns.length, outgoing.length]);

  return (
    <ol
      className="transcript"
      ref={listRef}
      aria-label="Conversation transcript"
      aria-live="polite"
      aria-relevant="additions"
      tabIndex={0}
      onScroll={(event) => {
        const list = event.currentTarget;
        pinned.current = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
      }}
    >
      {turns.map((turn) => (
        <TurnItem key={turn.id} turn={turn} />
      ))}
      {outgoing.map((message) => (
        <li key={message.localId} className={`turn turn-agent outgoing ${message.state}`} data-role="agent-pending">
          <div className="turn-meta">
            <span className="turn-author">You</span>
            <span className="muted small">{OUTGOING_LABELS[message.state]}</span>
          </div>
          <p className="turn-text">{message.text}</p>
        </li>
      ))}
    </ol>
  );
}
