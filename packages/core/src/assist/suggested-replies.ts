import type { RegulatoryGuidance } from './guidance.ts';
import type { ArticleSuggestion } from './knowledge-index.ts';
import type { NextBestAction } from './next-best-action.ts';

/** A reply the agent can send as is or edit. */
export interface SuggestedReply {
  /** `bridge`, `acknowledge`, `article`, `offer`, `guidance`. */
  kind: string;
  text: string;
}

export interface ReplyInputs {
  customerName: string | null;
  agentName: string | null;
  /** The summary's issue line (redacted). */
  issue: string;
  hasAgentSpoken: boolean;
  bridgeMessage: string;
  article: ArticleSuggestion | null;
  actions: readonly NextBestAction[];
  guidance: readonly RegulatoryGuidance[];
}

const firstName = (name: string | null): string | null => {
  const first = name?.trim().split(/\s+/)[0];
  return first === undefined || first === '' || first.startsWith('[') ? null : first;
};

/** The first one or two sentences, at most `max` characters. */
const sentences = (text: string, max = 220): string => {
  const parts = text.match(/[^.!?]+[.!?]+/g) ?? [text];
  let out = '';
  for (const p of parts) {
    if ((out + p).length > max) break;
    out += p;
  }
  return (out || text.slice(0, max)).trim();
};

/**
 * Up to four replies in the order an agent needs them: the bridge message before the agent has spoken,
 * then the most pressing guidance wording (a condolence, a fraud warning), the best offer from the next
 * best actions, and the answer from the top knowledge-base article. Only policy, article and package text is used:
 * nothing the customer wrote is quoted back, so replies carry no PII beyond the customer's first name.
 */
export const suggestReplies = (r: ReplyInputs): SuggestedReply[] => {
  const out: SuggestedReply[] = [];
  const name = firstName(r.customerName);
  const greet = name === null ? '' : `${name}, `;
  if (!r.hasAgentSpoken)
    out.push({
      kind: 'bridge',
      text: r.agentName === null ? r.bridgeMessage : r.bridgeMessage.replace('{agent}', r.agentName),
    });
  const g = r.guidance[0];
  if (g !== undefined && g.mustSay[0] !== undefined)
    out.push({ kind: 'guidance', text: g.mustSay.slice(0, 2).join(' ') });
  else if (r.issue.trim() !== '' && r.hasAgentSpoken)
    out.push({
      kind: 'acknowledge',
      text: `${greet}thanks for your patience. I'm on it and will update you in a moment.`,
    });
  const offer = r.actions.find((a) => a.offer !== null);
  if (offer?.offer != null) out.push({ kind: 'offer', text: offer.offer });
  if (r.article !== null)
    out.push({ kind: 'article', text: `${greet}here's how it works: ${sentences(r.article.snippet)}` });
  return out.slice(0, 4);
};
