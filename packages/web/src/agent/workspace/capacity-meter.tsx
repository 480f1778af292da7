import type { AgentView } from '@baton/contracts';
import type { WorkspaceConversation } from '../realtime/workspace-state.ts';

/** Open conversations per channel against the agent's capacity, e.g. "chat 1 / 3" (A1, R2). */
export function CapacityMeter({ agent, conversations }: { agent: AgentView; conversations: WorkspaceConversation[] }) {
  const inUse = new Map<string, number>();
  for (const entry of conversations) {
    const { conversation } = entry.data;
    if (conversation.status === 'closed' || entry.released !== null) continue;
    inUse.set(conversation.channel, (inUse.get(conversation.channel) ?? 0) + 1);
  }
  const channels = Object.entries(agent.capacity).filter(([, max]) => max > 0);
  if (channels.length === 0) return null;
  return (
    <ul className="capacity" aria-label="Capacity in use">
      {channels.map(([channel, max]) => {
        const used = inUse.get(channel) ?? 0;
        return (
          <li key={channel} className={used >= max ? 'full' : undefined}>
            <span className="capacity-channel">{channel}</span>
            <meter min={0} max={max} value={used} aria-label={`${channel} capacity`} />
            <span>
              {used} / {max}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
