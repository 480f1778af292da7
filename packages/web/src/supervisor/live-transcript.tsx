import { TurnItem } from '../agent/conversations/turn-item.tsx';
import { customerLabel } from '../agent/shared/customer-label.ts';
import type { WatchedConversation } from './supervisor-socket.ts';

/** Any conversation, read live and read-only: the transcript with the decisions that changed its course. */
export function LiveTranscript({ watched, onClose }: { watched: WatchedConversation | null; onClose: () => void }) {
  return (
    <section className="card live" aria-labelledby="live-title">
      <header className="live-head">
        <h2 id="live-title">{watched ? `Reading: ${customerLabel(watched.customer)}` : 'Loading the conversation…'}</h2>
        <button type="button" onClick={onClose}>
          Stop reading
        </button>
      </header>
      {watched ? (
        <>
          <p className="muted small">
            {watched.conversation.status} · {watched.conversation.channel}
            {watched.handoff ? ` · ${watched.handoff.reason.agent}` : ''} · read-only
          </p>
          <ol className="transcript" aria-label="Live transcript" aria-live="polite">
            {watched.transcript.map((t) => (
              <TurnItem key={t.id} turn={t} />
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
