import { needsWrapUp, type WorkspaceConversation } from '../realtime/workspace-state.ts';
import { customerLabel } from '../shared/customer-label.ts';

/** The agent's conversations, latest activity first, with unread counts (A1). */
export function ConversationList({
  conversations,
  selectedId,
  onSelect,
  consulting = new Set<string>(),
}: {
  conversations: WorkspaceConversation[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Conversations with a consult open (R9), marked so the agent sees a colleague is involved. */
  consulting?: ReadonlySet<string>;
}) {
  if (conversations.length === 0) {
    return <p className="empty muted">No conversations yet. Accepted offers appear here.</p>;
  }
  return (
    <ul className="conversation-list" aria-label="Your conversations">
      {conversations.map((entry) => {
        const { conversation, customer, transcript } = entry.data;
        const last = transcript[transcript.length - 1];
        const selected = conversation.id === selectedId;
        return (
          <li key={conversation.id}>
            <button
              type="button"
              className={`conversation-item${selected ? ' selected' : ''}`}
              aria-current={selected ? 'true' : undefined}
              onClick={() => onSelect(conversation.id)}
            >
              <span className="item-top">
                <span className="item-name">{customerLabel(customer)}</span>
                {entry.unread > 0 ? (
                  <span className="unread" aria-label={`${entry.unread} unread`}>
                    {entry.unread}
                  </span>
                ) : null}
                {entry.released === 'transferred' ? <span className="pill">Transferred</span> : null}
                {entry.released === 'handed_back' ? <span className="pill">Handed back</span> : null}
                {entry.released === null && conversation.status === 'closed' ? (
                  <span className="pill">Closed</span>
                ) : null}
                {needsWrapUp(entry) ? <span className="pill pill-warn">Wrap-up</span> : null}
                {consulting.has(conversation.id) ? <span className="pill pill-internal">Consult</span> : null}
              </span>
              <span className="item-last muted">{last ? last.text : 'No messages yet'}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
