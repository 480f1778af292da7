import type { PublicTurn } from '@baton/contracts';
import { h, icon } from './dom-builder.ts';
import type { PendingMessage } from './transcript.ts';

/** Who wrote a turn, as the customer should read it (screen readers get the same words). */
function authorLabel(turn: PublicTurn): string {
  switch (turn.role) {
    case 'customer':
      return 'You';
    case 'assistant':
      return turn.authorName ? `${turn.authorName} (virtual assistant)` : 'Virtual assistant';
    case 'agent':
      return turn.authorName ?? 'Support agent';
    case 'system':
      return 'Notice';
  }
}

/**
 * One server turn. System turns (handoff transparency, queue updates) render as a distinct notice, not as
 * a chat bubble, so the customer can tell Baton's own messages from people and the assistant.
 */
export function renderTurn(turn: PublicTurn): HTMLElement {
  if (turn.role === 'system') {
    return h('div', { class: 'notice', 'data-role': 'system', 'data-turn-id': turn.id }, [
      icon('info'),
      h('p', {}, [h('span', { class: 'sr-only' }, ['Notice: ']), turn.text]),
    ]);
  }
  return h('div', { class: `msg ${turn.role}`, 'data-role': turn.role, 'data-turn-id': turn.id }, [
    h('span', { class: 'who' }, [authorLabel(turn)]),
    h('div', { class: 'bubble' }, [turn.text]),
  ]);
}

/** The customer's own message before the server confirmed it; a failed one offers a retry. */
export function renderPending(message: PendingMessage, onRetry: (key: string) => void): HTMLElement {
  const retry = message.failed ? h('button', { type: 'button', class: 'retry' }, ['Not sent. Retry']) : null;
  retry?.addEventListener('click', () => onRetry(message.key));
  return h('div', { class: `msg customer pending${message.failed ? ' failed' : ''}`, 'data-role': 'customer' }, [
    h('span', { class: 'who' }, [message.failed ? 'You (not sent)' : 'You (sending…)']),
    h('div', { class: 'bubble' }, [message.text]),
    retry,
  ]);
}
