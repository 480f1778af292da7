import type { AgentView, PresenceReason } from '@baton/contracts';
import type { ConnectionState } from '../realtime/agent-socket.ts';
import type { Presence } from '../realtime/presence.ts';
import type { WorkspaceConversation } from '../realtime/workspace-state.ts';
import { CapacityMeter } from './capacity-meter.tsx';
import { PresenceControl } from './presence-control.tsx';

const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
};

/** Who is signed in, presence, capacity in use and the connection state. */
export function TopBar({
  agent,
  connection,
  conversations,
  onPresence,
  onSignOut,
}: {
  agent: AgentView | null;
  connection: ConnectionState;
  conversations: WorkspaceConversation[];
  onPresence: (presence: Presence, reason?: PresenceReason) => Promise<void>;
  onSignOut: () => void;
}) {
  return (
    <header className="top-bar">
      <span className="brand">Baton</span>
      {agent ? (
        <>
          <PresenceControl
            presence={agent.presence}
            reason={agent.presenceReason ?? null}
            since={agent.presenceSince ?? null}
            wrapUpSeconds={agent.wrapUpSeconds ?? null}
            onChange={onPresence}
          />
          <CapacityMeter agent={agent} conversations={conversations} />
        </>
      ) : null}
      <span className="spacer" />
      <span className={`connection connection-${connection}`} role="status" title={CONNECTION_LABELS[connection]}>
        <span className="dot" aria-hidden="true" />
        <span className={connection === 'open' ? 'sr-only' : undefined}>{CONNECTION_LABELS[connection]}</span>
      </span>
      {agent ? <span className="agent-name">{agent.name}</span> : null}
      <button type="button" className="link" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
