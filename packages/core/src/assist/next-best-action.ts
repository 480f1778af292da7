/** One thing the agent could do next, from the business's assist policy (A5). */
export interface NextBestAction {
  code: string;
  title: string;
  /** Why and how, for the agent. */
  detail: string;
  /** What the agent can say to offer it, when there is a customer-facing part. */
  offer: string | null;
}

/** When a rule applies; every field given must hold (empty rule = always). */
export interface AssistCondition {
  /** Any of these topics or intents in the conversation (`cancellation`, `billing_dispute`, `refund` ...). */
  topics?: string[];
  /** Customer tier is one of these (case-insensitive). */
  tiers?: string[];
  /** Latest customer sentiment at or below this (−1 .. +1). */
  sentimentAtMost?: number;
  /** Account value at least this. */
  minAccountValue?: number;
  /** The customer has at least one open ticket. */
  hasOpenTicket?: boolean;
}

export interface AssistRule {
  when: AssistCondition;
  action: NextBestAction;
}

/** What the rules see about the conversation. */
export interface AssistFacts {
  topics: ReadonlySet<string>;
  tier: string | null;
  sentiment: number | null;
  accountValue: number | null;
  openTickets: number;
}

/**
 * The demo company's assist policy (Northwind Outfitters). Order matters: the first rules are shown first.
 * A business passes its own list; amounts and limits are data, not code.
 */
export const DEFAULT_ASSIST_RULES: readonly AssistRule[] = [
  {
    when: { topics: ['cancellation'], tiers: ['gold', 'platinum', 'enterprise', 'vip'] },
    action: {
      code: 'retention_offer_premium',
      title: 'Offer 20% off for 3 months before cancelling',
      detail:
        'High-value customer about to cancel: ask what is not working, then offer the premium retention discount (approved up to 20% for 3 months).',
      offer: 'Before you go: as a valued member, I can take 20% off your next three months. Would that help?',
    },
  },
  {
    when: { topics: ['cancellation'] },
    action: {
      code: 'retention_offer',
      title: 'Offer a 10% retention discount',
      detail:
        'Ask why they want to cancel and try to fix that first; then offer 10% off the next order. If they still want to cancel, cancel without friction.',
      offer: "I'd be sorry to see you go. I can offer 10% off your next order if you'd like to stay. Shall I apply it?",
    },
  },
  {
    when: { topics: ['billing_dispute'] },
    action: {
      code: 'refund_duplicate_charge',
      title: 'Check the payment and refund a duplicate charge',
      detail:
        'Open the order, compare captured payments; refund a duplicate capture at once (agents may approve refunds up to $100; above that ask a supervisor).',
      offer:
        'I can see the charges on your order; I will refund the duplicate now. It reaches your account in 3–5 business days.',
    },
  },
  {
    when: { topics: ['refund'] },
    action: {
      code: 'refund_status',
      title: 'Check the return and refund status',
      detail:
        'Refunds are issued within 5 business days of the warehouse receiving the return; if it was received more than 5 days ago, issue it now.',
      offer: null,
    },
  },
  {
    when: { topics: ['technical_issue', 'warranty', 'defect'] },
    action: {
      code: 'warranty_replacement',
      title: 'Offer a warranty replacement',
      detail:
        '2-year warranty on manufacturing defects: ask for a photo and the order number, then ship a replacement by express.',
      offer: 'That should not happen. If you send me a photo, I will send a replacement by express at no cost.',
    },
  },
  {
    when: { topics: ['delivery', 'order_status'] },
    action: {
      code: 'trace_shipment',
      title: 'Trace the shipment; reship if lost',
      detail: 'Look up tracking; a parcel with no scan for 5 business days is lost: reship by express free of charge.',
      offer: null,
    },
  },
  {
    when: { sentimentAtMost: -0.5 },
    action: {
      code: 'goodwill_gesture',
      title: 'Apologise and offer a $10 goodwill voucher',
      detail:
        'The customer is upset: acknowledge it plainly before solving; a $10 voucher is within every agent’s authority.',
      offer: 'I am sorry this has been so frustrating. I have added a $10 voucher to your account for the trouble.',
    },
  },
  {
    when: { hasOpenTicket: true },
    action: {
      code: 'link_open_ticket',
      title: 'Link this conversation to the open ticket',
      detail:
        'The customer already has an open ticket: continue it instead of opening a new one, and check what was promised there.',
      offer: null,
    },
  },
  {
    when: { tiers: ['gold', 'platinum', 'enterprise', 'vip'], minAccountValue: 1000 },
    action: {
      code: 'priority_care',
      title: 'Priority customer: own it end to end',
      detail:
        'High-value account: resolve in this contact where possible and follow up yourself rather than passing it on.',
      offer: null,
    },
  },
];

const holds = (c: AssistCondition, f: AssistFacts): boolean =>
  (c.topics === undefined || c.topics.some((t) => f.topics.has(t))) &&
  (c.tiers === undefined || (f.tier !== null && c.tiers.includes(f.tier.toLowerCase()))) &&
  (c.sentimentAtMost === undefined || (f.sentiment !== null && f.sentiment <= c.sentimentAtMost)) &&
  (c.minAccountValue === undefined || (f.accountValue !== null && f.accountValue >= c.minAccountValue)) &&
  (c.hasOpenTicket === undefined || f.openTickets > 0 === c.hasOpenTicket);

/**
 * Next best actions: every rule that holds, in policy order, at most `limit`, one per action code, and for
 * one topic only the first (most specific) retention-style offer: rules sharing a topic list keep the first.
 */
export const nextBestActions = (
  facts: AssistFacts,
  rules: readonly AssistRule[] = DEFAULT_ASSIST_RULES,
  limit = 3,
): NextBestAction[] => {
  const out: NextBestAction[] = [];
  const topicsUsed = new Set<string>();
  for (const rule of rules) {
    if (out.length >= limit) break;
    if (!holds(rule.when, facts)) continue;
    const key = rule.when.topics?.join('|');
    if (key !== undefined && topicsUsed.has(key)) continue;
    if (key !== undefined) topicsUsed.add(key);
    if (out.some((a) => a.code === rule.action.code)) continue;
    out.push(rule.action);
  }
  return out;
};
