import MiniSearch, { type SearchResult } from 'minisearch';
import type { KnowledgeArticle } from './knowledge.ts';

/** An article found for a message, with the passage that matched. */
export interface ArticleSuggestion {
  id: string;
  title: string;
  /** Up to ~240 characters around the first matching term (the start of the article otherwise). */
  snippet: string;
  /** MiniSearch's BM25+ score (relative within one answer). */
  score: number;
  source: string;
  location: string | null;
  /** Article words the message matched (after typo tolerance). */
  matched: string[];
}

const STOP = new Set(
  "a an and are as at be but by can could do does for from had has have hi hello how i i'm im in is it its me my no not of on or our please so that the their them then there this to was we were what when where which who why will with would you your yours just get got".split(
    ' ',
  ),
);

/** Lower-case, drop stop words and one-letter terms (MiniSearch `processTerm`). */
const processTerm = (term: string): string | null => {
  const t = term.toLowerCase();
  return t.length < 2 || STOP.has(t) ? null : t;
};

const snippetOf = (body: string, terms: readonly string[], max = 240): string => {
  const lower = body.toLowerCase();
  const at =
    terms
      .map((t) => lower.indexOf(t))
      .filter((i) => i >= 0)
      .sort((a, b) => a - b)[0] ?? 0;
  const start = Math.max(0, body.lastIndexOf('.', at) + 1);
  const text = body.slice(start).trim();
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
};

/**
 * Full-text search over knowledge-base articles with typo tolerance (MiniSearch 7, in memory): title
 * boosted ×3 and tags ×2 over the body, prefix matching for terms of 4+ letters, and fuzzy matching within
 * Levenshtein distance 1 for 4–5 letters and 2 from 6 letters (so "refnud" finds "refund", "pasword" finds
 * "password", "brokn" finds "broken"); shorter words must match exactly. Building is
 * O(total words); a search is sub-millisecond for a few thousand articles.
 */
export class KnowledgeIndex {
  private readonly search: MiniSearch<KnowledgeArticle>;
  private readonly byId = new Map<string, KnowledgeArticle>();

  constructor(articles: readonly KnowledgeArticle[]) {
    this.search = new MiniSearch<KnowledgeArticle>({
      fields: ['title', 'body', 'tagText'],
      extractField: (doc, field) =>
        field === 'tagText' ? doc.tags.join(' ') : field === 'title' ? doc.title : field === 'body' ? doc.body : doc.id,
      processTerm,
      searchOptions: {
        boost: { title: 3, tagText: 2 },
        prefix: (term) => term.length >= 4,
        // absolute edit distances: MiniSearch counts a swap of two letters as 2
        fuzzy: (term) => (term.length >= 6 ? 2 : term.length >= 4 ? 1 : false),
        combineWith: 'OR',
      },
    });
    // a later article with the same id replaces the earlier one (a business can override a demo article)
    for (const a of articles) this.byId.set(a.id, a);
    this.search.addAll([...this.byId.values()]);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Best articles for `text`, at most `limit`, dropping those below `minRelative` × the best score. */
  find(text: string, limit = 3, minRelative = 0.25): ArticleSuggestion[] {
    // redaction placeholders ([EMAIL], [NAME]) are not what the customer asked about
    const query = text.replace(/\[[A-Z_]+\]/g, ' ');
    if (query.trim() === '') return [];
    const results: SearchResult[] = this.search.search(query);
    const best = results[0]?.score ?? 0;
    // a floor against one incidental word ("e-mail me at …" is not a question about e-mail): a hit in the
    // title or tags, or at least two different words in the body
    const relevant = (r: SearchResult): boolean =>
      Object.values(r.match).some((fields) => fields.includes('title') || fields.includes('tagText')) ||
      r.terms.length >= 2;
    return results
      .filter((r) => r.score >= best * minRelative && relevant(r))
      .slice(0, limit)
      .flatMap((r) => {
        const a = this.byId.get(String(r.id));
        if (a === undefined) return [];
        return [
          {
            id: a.id,
            title: a.title,
            snippet: snippetOf(a.body, r.terms),
            score: Math.round(r.score * 1000) / 1000,
            source: a.source,
            location: a.location,
            matched: r.terms,
          },
        ];
      });
  }
}
