import type { AgentTurn } from '@baton/contracts';
import { formatClock } from '../shared/format-time.ts';
import { MaskedText } from '../shared/masked-text.tsx';
import { WhyBadge } from './why-badge.tsx';

function authorOf(turn: AgentTurn): string {
  switch (turn.role) {
    case 'customer':
      return turn.authorName ?? 'Customer';
    case 'assistant':
      return turn.authorName ? `${turn.authorName} (assistant)` : 'Assistant';
    case 'agent':
      return turn.authorName ?? 'Agent';
    case 'system':
      return 'Baton';
  }
}

/** One transcript turn, styled by role; the turn that changed course carries a "why" badge. */
export function TurnItem({ turn, compact = false }: { turn: AgentTurn; compact?: boolean }) {
  const showWhy = turn.decision !== null && turn.decision.kind !== 'continue';
  return (
    <li className={`turn turn-${turn.role}${compact ? ' compact' : ''}`} data-role={turn.role} data-turn-id={turn.id}>
      <div className="turn-meta">
        <span className="turn-author">{authorOf(turn)}</span>
        {!compact ? <time dateTime={turn.createdAt}>{formatClock(turn.createdAt)}</time> : null}
        {showWhy && turn.decision ? <WhyBadge decision={turn.decision} /> : null}
      </div>
      <p className="turn-text">
        <MaskedText text={turn.text} />
      </p>
    </li>
  );
}
