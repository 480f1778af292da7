import { useMemo } from 'react';
import type { AuthSession } from '../../shared/auth/use-auth-session.ts';
import { ConversationList } from '../conversations/conversation-list.tsx';
import { ConversationPanel } from '../conversations/conversation-panel.tsx';
import { OfferCard } from '../offers/offer-card.tsx';
import { ConsultCard } from '../consults/consult-request-card.tsx';
import { ConsultPane } from '../consults/consult-pane.tsx';
import { consultForConversation, isOpenConsult } from '../consults/consult-state.ts';
import { useAgentWorkspace } from '../realtime/use-agent-workspace.ts';
import { TopBar } from './top-bar.tsx';

/** The signed-in workspace: offers and conversations on the left, the selected conversation on the right. */
export function Workspace({ session, onSignOut }: { session: AuthSession; onSignOut: () => void }) {
  const [state, actions] = useAgentWorkspace(session.token, onSignOut);
  const conversations = useMemo(
    () => Object.values(state.conversations).sort((a, b) => b.lastActivity.localeCompare(a.lastActivity)),
    [state.conversations],
  );
  const selected = state.selectedId ? state.conversations[state.selectedId] : undefined;
  const agent = state.agent ?? session.agent;
  // Consults where this agent is the colleague, still open: requests to answer, consults to open.
  const asColleague = useMemo(
    () => Object.values(state.consults).filter((c) => c.consult.colleague.id === agent.id && isOpenConsult(c.consult)),
    [state.consults, agent.id],
  );
  const consulting = useMemo(
    () =>
      new Set(
        Object.values(state.consults)
          .filter((c) => c.consult.owner.id === agent.id && isOpenConsult(c.consult))
          .map((c) => c.consult.conversationId),
      ),
    [state.consults, agent.id],
  );
  const selectedConsult = state.selectedConsultId ? state.consults[state.selectedConsultId] : undefined;
  const shownConsult = selected ? consultForConversation(state.consults, selected.data.conversation.id) : null;
  const threadActions = (consultId: string) => ({
    onSend: (text: string) => actions.sendConsultMessage(consultId, text),
    onEnd: () => actions.endConsult(consultId),
    onTransfer: () => actions.transferConsult(consultId),
  });
  /** Going offline first withdraws pending offers at once instead of after the server's grace period. */
  const signOut = () => {
    actions
      .setPresence('offline')
      .catch(() => undefined)
      .finally(onSignOut);
  };

  return (
    <div className="workspace">
      <TopBar
        agent={state.agent}
        connection={state.connection}
        conversations={conversations}
        onPresence={actions.setPresence}
        onSignOut={signOut}
      />
      {state.notice ? (
        <div className="notice-bar" role="alert">
          <span>{state.notice}</span>
          <button type="button" className="link" onClick={actions.clearNotice}>
            Dismiss
          </button>
        </div>
      ) : null}
      <div className="workspace-body">
        <aside className="sidebar">
          <section aria-labelledby="offers-title" className="offers">
            <h2 id="offers-title">Offers</h2>
            <div aria-live="assertive" className="sr-only">
              {state.offers.length > 0 ? `${state.offers.length} conversation offer waiting` : ''}
            </div>
            {state.offers.length === 0 ? (
              <p className="empty muted">
                {agent.presence === 'available'
                  ? 'Waiting for handoffs…'
                  : 'Set yourself Available to receive handoffs.'}
              </p>
            ) : (
              state.offers.map((offer) => (
                <OfferCard
                  key={offer.reservation.id}
                  offer={offer}
                  onAccept={actions.accept}
                  onReject={actions.reject}
                />
              ))
            )}
          </section>
          {asColleague.length > 0 ? (
            <section aria-labelledby="consults-title" className="offers consults">
              <h2 id="consults-title">Consults</h2>
              <div aria-live="assertive" className="sr-only">
                {asColleague.some((c) => c.consult.status === 'requested') ? 'A colleague asks you to consult' : ''}
              </div>
              {asColleague.map((entry) => (
                <ConsultCard
                  key={entry.consult.id}
                  entry={entry}
                  selected={state.selectedConsultId === entry.consult.id}
                  onAccept={actions.acceptConsult}
                  onDecline={actions.declineConsult}
                  onOpen={actions.selectConsult}
                />
              ))}
            </section>
          ) : null}
          <section aria-labelledby="conversations-title">
            <h2 id="conversations-title">Conversations</h2>
            <ConversationList
              conversations={conversations}
              selectedId={state.selectedId}
              onSelect={actions.select}
              consulting={consulting}
            />
          </section>
        </aside>
        <main className="main-pane">
          {selectedConsult ? (
            <ConsultPane
              key={selectedConsult.consult.id}
              entry={selectedConsult}
              me={agent.id}
              token={session.token}
              actions={threadActions(selectedConsult.consult.id)}
            />
          ) : selected ? (
            <ConversationPanel
              key={selected.data.conversation.id}
              entry={selected}
              token={session.token}
              targets={state.transferTargets}
              onSend={(text) => actions.send(selected.data.conversation.id, text)}
              onTyping={() => actions.typing(selected.data.conversation.id)}
              actions={{
                onClose: () => actions.close(selected.data.conversation.id),
                onDismiss: () => actions.dismiss(selected.data.conversation.id),
                onLoadTargets: actions.loadTransferTargets,
                onTransfer: (target, note) => actions.transfer(selected.data.conversation.id, target, note),
                onHandBack: () => actions.handBack(selected.data.conversation.id),
                onWrapUp: (wrapUp) => actions.wrapUp(selected.data.conversation.id, wrapUp),
                onStartConsult: (agentId, note) => actions.startConsult(selected.data.conversation.id, agentId, note),
                consult:
                  shownConsult && isOpenConsult(shownConsult.consult) ? threadActions(shownConsult.consult.id) : null,
              }}
              consult={shownConsult}
              me={agent.id}
            />
          ) : (
            <div className="placeholder">
              <h2>No conversation selected</h2>
              <p className="muted">Accept an offer or pick a conversation from the list.</p>
            </div>
          )}
        </main>
      </div>
    </div>
  );
}
