import type { AgentConversation, ContextPackageView } from '@baton/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { AssistPanel } from '../assist/assist-panel.tsx';
import { contextRequest } from './context-request.ts';
import { ScreenPop } from './screen-pop.tsx';

/** Same breakpoint as context.css: below it the column is folded under the transcript. */
const NARROW = '(max-width: 1100px)';

/**
 * The column beside a live conversation: assist first (what to say now), then the screen pop (who and
 * why). Assist is asked only while the conversation is live here: the server answers it for the assigned agent only.
 * On narrow screens (the demo page's frame) it sits under the transcript, folded until the agent opens it.
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
  const [open, setOpen] = useState(() => !window.matchMedia(NARROW).matches);
  // The offer brought the package; after a reload it is fetched once from the server (owner only).
  const fetched = useQuery({
    queryKey: ['context', preview.conversation.id],
    queryFn: () => contextRequest(preview.conversation.id, token),
    enabled: pkg === null && live,
    retry: 1,
    staleTime: Infinity,
  });
  const shown = pkg ?? fetched.data ?? null;
  return (
    <aside className={`context-column${open ? '' : ' folded'}`} aria-label="Customer context and assist">
      <button type="button" className="fold-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? 'Hide assist and context' : 'Show assist and context'}
      </button>
      {!open ? null : live ? (
        <AssistPanel
          conversationId={preview.conversation.id}
          token={token}
          lastCustomerSeq={lastCustomerSeq}
          onUseReply={onUseText}
        />
      ) : null}
      {open ? <ScreenPop pkg={shown} {...(live && !agentSpoke ? { onUseBridge: onUseText } : {})} /> : null}
    </aside>
  );
}
