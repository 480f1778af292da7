import type { AgentConversation, ContextPackageView } from '@baton/contracts';
import { AssistPanel } from '../assist/assist-panel.tsx';
import { ScreenPop } from './screen-pop.tsx';

/**
 * The column beside a live conversation: assist first (what to say now), then the screen pop (who and
 * why). Assist is asked only while the conversation is live here: the server answers it for the assigned agent only.
 */
export function ContextColumn({
  preview,
  pkg,
  token,
  live,
  onUseText,
}: {
  preview: AgentConversation;
  pkg: ContextPackageView | null;
  token: string;
  live: boolean;
  onUseText: (text: string) => void;
}) {
  const lastCustomerSeq = preview.transcript.reduce(
    (seq, t) => (t.role === 'customer' ? Math.max(seq, t.seq) : seq),
    0,
  );
  const agentSpoke = preview.transcript.some((t) => t.role === 'agent');
  return (
    <aside className="context-column" aria-label="Customer context and assist">
      {live ? (
        <AssistPanel
          conversationId={preview.conversation.id}
          token={token}
          lastCustomerSeq={lastCustomerSeq}
          onUseReply={onUseText}
        />
      ) : null}
      <ScreenPop pkg={pkg} {...(live && !agentSpoke ? { onUseBridge: onUseText } : {})} />
    </aside>
  );
}
