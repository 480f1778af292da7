import type { ContextPackage } from '../context/types.ts';
import { analyze } from '../language/analyze.ts';
import { detectTopics } from '../language/topics.ts';
import { guidanceFor, type RegulatoryGuidance } from './guidance.ts';
import type { ArticleSuggestion, KnowledgeIndex } from './knowledge-index.ts';
import { nextBestActions, type AssistRule, type NextBestAction } from './next-best-action.ts';
import { suggestReplies, type SuggestedReply } from './suggested-replies.ts';

/** What the agent is helped with while working a conversation (A5). */
export interface AgentAssist {
  conversationId: string;
  /** The customer message the suggestions are for (redacted), or null when the customer has not written. */
  basedOn: { turnSeq: number; text: string } | null;
  /** Topics and intents the suggestions used. */
  topics: string[];
  articles: ArticleSuggestion[];
  replies: SuggestedReply[];
  nextBestActions: NextBestAction[];
  guidance: RegulatoryGuidance[];
}

export interface AssistOptions {
  /** The business's rules; default: the demo company's. */
  rules?: readonly AssistRule[];
  /** The agent's display name for replies. */
  agentName?: string | null;
  /** Articles to return; default 3. */
  articleLimit?: number;
}

/** Retail words the language lexicons leave to the bot's intents (the demo KB's own topics). */
const RETAIL_TOPICS: [string, RegExp][] = [
  ['refund', /\brefund(s|ed)?\b|\bmoney back\b/i],
  ['delivery', /\b(deliver(y|ed)?|shipping|shipped|parcel|package|tracking|arrived?)\b/i],
  ['order_status', /\bwhere('s| is) my order\b|\border status\b/i],
  ['warranty', /\b(warranty|guarantee)\b/i],
  ['defect', /\b(broken|broke|defect(ive)?|cracked|faulty|damaged|ripped|torn)\b/i],
  ['return', /\b(return|exchange)\b/i],
];

/**
 * Agent assist for a conversation (A5), pure: knowledge-base articles for the customer's latest message,
 * suggested replies, next best actions from the policy and regulatory guidance by topic. Reads only the
 * context package (already redacted), so nothing here can show the agent more than the package does.
 */
export const buildAssist = (pkg: ContextPackage, index: KnowledgeIndex, options: AssistOptions = {}): AgentAssist => {
  const customerTurns = pkg.transcript.filter((t) => t.role === 'customer');
  const latest = customerTurns.at(-1) ?? null;
  // search on the latest message; a very short one ("yes", "still broken") borrows the one before
  const query =
    latest === null
      ? ''
      : latest.text.split(/\s+/).length < 4
        ? customerTurns
            .slice(-2)
            .map((t) => t.text)
            .join(' ')
        : latest.text;
  const topics = new Set<string>();
  for (const s of pkg.signals) if (s.name.startsWith('topic:')) topics.add(s.name.slice(6));
  for (const i of pkg.intents) topics.add(i.name);
  if (pkg.reason !== null) topics.add(pkg.reason.code);
  for (const t of customerTurns.slice(-3)) {
    for (const hit of detectTopics(analyze(t.text))) topics.add(hit.topic);
    for (const [topic, re] of RETAIL_TOPICS) if (re.test(t.text)) topics.add(topic);
  }
  const articles = index.find(query, options.articleLimit ?? 3);
  const guidance = guidanceFor(
    customerTurns.map((t) => t.text),
    [...topics],
  );
  const actions = nextBestActions(
    {
      topics,
      tier: pkg.crm?.tier ?? null,
      sentiment: pkg.sentiment.at(-1)?.score ?? null,
      accountValue: pkg.crm?.accountValue ?? null,
      openTickets: pkg.crm?.openTickets.length ?? 0,
    },
    options.rules,
  );
  const replies = suggestReplies({
    customerName: pkg.identity?.name ?? null,
    agentName: options.agentName ?? null,
    issue: pkg.summary.issue,
    hasAgentSpoken: pkg.transcript.some((t) => t.role === 'agent'),
    bridgeMessage: pkg.bridgeMessage,
    article: articles[0] ?? null,
    actions,
    guidance,
  });
  return {
    conversationId: pkg.conversationId,
    basedOn: latest === null ? null : { turnSeq: latest.seq, text: latest.text },
    topics: [...topics],
    articles,
    replies,
    nextBestActions: actions,
    guidance,
  };
};
