/**
 * The demo company's knowledge base (Northwind Outfitters, a fictional outdoor-gear shop). The built-in
 * assistant answers routine questions from it; anything else falls back, which the escalation engine sees.
 */
export interface KnowledgeArticle {
  id: string;
  title: string;
  /** Words that point at this article; matched against the customer's words. */
  keywords: string[];
  answer: string;
}

export const demoKnowledgeBase: KnowledgeArticle[] = [
  {
    id: 'order-status',
    title: 'Where is my order?',
    keywords: ['order', 'orders', 'track', 'tracking', 'where', 'status', 'package', 'parcel', 'arrive', 'delivery'],
    answer:
      'You can track any order under Account → Orders, or with the tracking link in your confirmation email. Orders ship within 1 business day.',
  },
  {
    id: 'shipping',
    title: 'Shipping times and costs',
    keywords: ['shipping', 'ship', 'deliver', 'delivery', 'cost', 'free', 'express', 'international', 'days'],
    answer:
      'Standard shipping takes 3–5 business days and is free over $50; express takes 1–2 days for $12. We ship to the US, Canada and the EU.',
  },
  {
    id: 'returns',
    title: 'Returns and exchanges',
    keywords: ['return', 'returns', 'exchange', 'send', 'back', 'size', 'wrong', 'fit', 'label'],
    answer:
      'You can return unused items within 30 days for free. Start a return under Account → Orders → Return, print the label, and drop the parcel at any post office.',
  },
  {
    id: 'refund',
    title: 'Refund timing',
    keywords: ['refund', 'refunds', 'money', 'back', 'credited', 'reimburse'],
    answer:
      'Refunds go back to your original payment method within 5 business days of our warehouse receiving the return.',
  },
  {
    id: 'hours',
    title: 'Opening hours',
    keywords: ['hours', 'open', 'opening', 'close', 'closing', 'store', 'shop', 'when', 'weekend'],
    answer: 'Our stores are open Monday to Saturday 9:00–19:00 and Sunday 10:00–17:00. Chat support runs 24/7.',
  },
  {
    id: 'password',
    title: 'Resetting your password',
    keywords: ['password', 'reset', 'login', 'log', 'sign', 'account', 'locked', 'forgot'],
    answer:
      'Use "Forgot password" on the sign-in page; we email a reset link valid for 1 hour. If it does not arrive, check your spam folder.',
  },
  {
    id: 'warranty',
    title: 'Warranty',
    keywords: ['warranty', 'guarantee', 'broken', 'defect', 'defective', 'repair', 'broke'],
    answer:
      'All Northwind gear has a 2-year warranty against manufacturing defects. Send us a photo of the problem and your order number.',
  },
  {
    id: 'sizes',
    title: 'Size guide',
    keywords: ['size', 'sizes', 'sizing', 'chart', 'measure', 'fit', 'small', 'large'],
    answer:
      'Each product page has a size chart. Between two sizes? Pick the larger one for jackets and the smaller one for base layers.',
  },
];

const STOP = new Set([
  'the',
  'a',
  'an',
  'is',
  'my',
  'i',
  'to',
  'do',
  'you',
  'your',
  'of',
  'for',
  'and',
  'can',
  'how',
  'what',
  'it',
  'me',
  'on',
  'in',
]);

export interface KnowledgeMatch {
  article: KnowledgeArticle;
  score: number;
}

/** Best article by keyword overlap (score = matched keywords / content words); null when nothing matches. */
export const findAnswer = (
  text: string,
  kb: readonly KnowledgeArticle[] = demoKnowledgeBase,
): KnowledgeMatch | null => {
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP.has(w));
  if (words.length === 0) return null;
  let best: KnowledgeMatch | null = null;
  for (const article of kb) {
    const hits = words.filter((w) => article.keywords.includes(w)).length;
    const score = hits / words.length;
    if (hits > 0 && (best === null || score > best.score)) best = { article, score };
  }
  return best;
};
