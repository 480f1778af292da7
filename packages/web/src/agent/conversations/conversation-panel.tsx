import type { TransferTargets, WrapUpDispositionView } from '@baton/contracts';
import { useState } from 'react';
import { TransferPanel } from '../actions/transfer-panel.tsx';
import { ConsultPanel } from '../actions/consult-panel.tsx';
import { isOpenConsult, type WorkspaceConsult } from '../consults/consult-state.ts';
import { ConsultThread, type ConsultThreadActions } from '../consults/consult-thread.tsx';
import { ContextColumn } from '../context/context-column.tsx';
import { WrapUpForm } from '../actions/wrap-up-form.tsx';
import type { TransferTarget, WrapUpInput } from '../realtime/use-agent-workspace.ts';
import { needsWrapUp, type WorkspaceConversation } from '../realtime/workspace-state.ts';
import { customerLabel } from '../shared/customer-label.ts';
import { Composer } from './composer.tsx';
import { CustomerTyping } from './customer-typing.tsx';
import { TranscriptView } from './transcript-view.tsx';

/** What the agent can do with the conversation besides writing (A6). */
export interface ConversationActions {
  onClose: () => Promise<void>;
  onDismiss: () => void;
  onLoadTargets: () => Promise<void>;
  onTransfer: (target: TransferTarget, note: string) => Promise<void>;
  onHandBack: () => Promise<void>;
  onWrapUp: (wrapUp: WrapUpInput) => Promise<void>;
  /** Starts a consult with a colleague (R9). */
  onStartConsult: (agentId: string, note: string) => Promise<void>;
  /** What the thread's buttons do for the consult shown, if any. */
  consult: ConsultThreadActions | null;
}

const ENDED_LABELS = {
  transferred: 'Transferred',
  handed_back: 'Handed back',
  closed: 'Closed',
} as const;

/**
 * The live conversation (A4, A6): who and why at the top with Transfer, Hand back and Close; the transcript,
 * typing and composer; once it ends here, the wrap-up form in place of the composer.
 */
export function ConversationPanel({
  entry,
  token,
  targets,
  onSend,
  onTyping,
  actions,
  consult,
  me,
}: {
  entry: WorkspaceConversation;
  /** The agent's session token, for assist. */
  token: string;
  targets: TransferTargets | null;
  onSend: (text: string) => void;
  onTyping: () => void;
  actions: ConversationActions;
  /** The consult of this conversation to show: the open one, or the latest (kept after a warm transfer). */
  consult: WorkspaceConsult | null;
  /** This agent's id, to tell the owner's side of a consult from the colleague's. */
  me: string;
}) {
  const [busy, setBusy] = useState<'closing' | 'handing_back' | null>(null);
  const [transferring, setTransferring] = useState(false);
  const [consulting, setConsulting] = useState(false);
  const consultOpen = consult !== null && isOpenConsult(consult.consult);
  const [draft, setDraft] = useState('');
  const { conversation, customer, handoff, transcript } = entry.data;
  const ended = entry.released ?? (conversation.status === 'closed' ? 'closed' : null);
  const name = customerLabel(customer);

  const run = (what: 'closing' | 'handing_back', action: () => Promise<void>) => {
    setBusy(what);
    action().then(
      () => setBusy(null),
      () => setBusy(null),
    );
  };
  const initialDisposition: WrapUpDispositionView =
    ended === 'transferred' ? 'transferred' : ended === 'handed_back' ? 'handed_back' : 'resolved';

  return (
    <div className="conversation-layout">
      <section className="conversation" aria-labelledby="conversation-title">
        <header className="conversation-head">
          <div>
            <h2 id="conversation-title">{name}</h2>
            <p className="muted small">
              {[customer?.email, customer?.phone, conversation.channel, conversation.language]
                .filter(Boolean)
                .join(' · ')}
            </p>
          </div>
          <div className="conversation-actions">
            <span className={`status status-${ended === null ? conversation.status : 'closed'}`}>
              {ended === null ? 'Live' : ENDED_LABELS[ended]}
            </span>
            {ended !== null ? (
              <button
                type="button"
                onClick={actions.onDismiss}
                title={needsWrapUp(entry) ? 'Removes it without a wrap-up' : undefined}
              >
                Remove from list
              </button>
            ) : (
              <>
                <button
                  type="button"
                  onClick={() => {
                    setConsulting((open) => !open);
                    setTransferring(false);
                  }}
                  aria-expanded={consulting}
                  disabled={busy !== null || consultOpen}
                  title={consultOpen ? 'A consult is already open on this conversation' : undefined}
                >
                  Consult…
                </button>
                <button
                  type="button"
                  onClick={() => {
                    setTransferring((open) => !open);
                    setConsulting(false);
                  }}
                  aria-expanded={transferring}
                  disabled={busy !== null}
                >
                  Transfer…
                </button>
                <button
                  type="button"
                  onClick={() => run('handing_back', actions.onHandBack)}
                  disabled={busy !== null}
                  title="The assistant answers again; the customer can ask for a person any time"
                >
                  {busy === 'handing_back' ? 'Handing back…' : 'Hand back to assistant'}
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => run('closing', actions.onClose)}
                  disabled={busy !== null}
                >
                  {busy === 'closing' ? 'Closing…' : 'Close conversation'}
                </button>
              </>
            )}
          </div>
        </header>
        {handoff ? (
          <p className="handoff-reason">
            <span className="label">Handed off</span> {handoff.reason.agent}
            {handoff.rule ? <span className="muted small"> · rule {handoff.rule}</span> : null}
          </p>
        ) : null}
        {transferring && ended === null ? (
          <TransferPanel
            targets={targets}
            onLoad={actions.onLoadTargets}
            onTransfer={async (target, note) => {
              await actions.onTransfer(target, note);
              setTransferring(false);
            }}
            onCancel={() => setTransferring(false)}
          />
        ) : null}
        {consulting && ended === null && !consultOpen ? (
          <ConsultPanel
            targets={targets}
            onLoad={actions.onLoadTargets}
            onStart={async (agentId, note) => {
              await actions.onStartConsult(agentId, note);
              setConsulting(false);
            }}
            onCancel={() => setConsulting(false)}
          />
        ) : null}
        {consult ? <ConsultThread consult={consult.consult} me={me} actions={actions.consult} /> : null}
        <TranscriptView turns={transcript} outgoing={entry.outgoing} />
        {ended === null ? (
          <>
            <CustomerTyping name={name} typingAt={entry.customerTypingAt} />
            <Composer disabled={false} onSend={onSend} onTyping={onTyping} draft={{ text: draft, setText: setDraft }} />
          </>
        ) : needsWrapUp(entry) && entry.handoffId !== null ? (
          <WrapUpForm
            initial={initialDisposition}
            onSubmit={(w) => actions.onWrapUp({ ...w, handoffId: entry.handoffId ?? '' })}
          />
        ) : (
          <p className="wrapped-up muted" role="status">
            {entry.wrappedUp ? 'Wrap-up saved.' : 'This conversation has ended.'}
          </p>
        )}
      </section>
      <ContextColumn
        preview={entry.data}
        pkg={entry.context}
        token={token}
        live={ended === null}
        onUseText={setDraft}
      />
    </div>
  );
}
