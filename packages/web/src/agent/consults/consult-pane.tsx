import { ContextColumn } from '../context/context-column.tsx';
import { TranscriptView } from '../conversations/transcript-view.tsx';
import type { WorkspaceConsult } from './consult-state.ts';
import { ConsultThread, type ConsultThreadActions } from './consult-thread.tsx';

const noop = (): void => undefined;

/**
 * The colleague's view of a consult (R9): the customer conversation read-only (they cannot write to the
 * customer; the owner still talks to them), its context, and the side thread with the owner.
 */
export function ConsultPane({
  entry,
  me,
  token,
  actions,
}: {
  entry: WorkspaceConsult;
  me: string;
  token: string;
  actions: ConsultThreadActions;
}) {
  const { consult, context } = entry;
  return (
    <div className="conversation-layout">
      <section className="conversation" aria-labelledby="consult-pane-title">
        <header className="conversation-head">
          <div>
            <h2 id="consult-pane-title">{consult.customerName ?? 'Customer'}</h2>
            <p className="muted small">Read-only for this consult: {consult.owner.name} is talking to the customer.</p>
          </div>
        </header>
        <ConsultThread consult={consult} me={me} actions={actions} />
        {context ? (
          <TranscriptView turns={context.transcript} outgoing={[]} />
        ) : (
          <p className="placeholder muted">
            {consult.status === 'requested' ? 'Accept to read the conversation.' : 'The consult is over.'}
          </p>
        )}
      </section>
      {context ? (
        <ContextColumn preview={context} pkg={context.package ?? null} token={token} live={false} onUseText={noop} />
      ) : null}
    </div>
  );
}
