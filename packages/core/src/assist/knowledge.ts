/** A knowledge-base article agents can be pointed to (A5): the demo KB or the business's own markdown files. */
export interface KnowledgeArticle {
  id: string;
  title: string;
  /** Plain text (markdown syntax removed). */
  body: string;
  tags: string[];
  /** `demo` (built in) or `kb` (the business's folder). */
  source: string;
  /** Where the article lives (file name or URL), when known. */
  location: string | null;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** `tags: [a, b]` or `tags: a, b` → ['a', 'b']. */
const listValue = (v: string): string[] =>
  v
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((s) => s.trim().replace(/^["']|["']$/g, ''))
    .filter(Boolean);

/** Markdown → plain text good enough for search and snippets: no headings marks, links, emphasis, code fences. */
export const markdownToText = (md: string): string =>
  md
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s{0,3}(?:[-*+]|\d+\.)\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/**
 * Reads one markdown article: optional front matter (`title:`, `tags:`, `id:`), the title from front matter,
 * else the first `# heading`, else the file name. Pure: the server reads the files.
 */
export const parseMarkdownArticle = (fileName: string, markdown: string, source = 'kb'): KnowledgeArticle => {
  let text = markdown.replace(/^\uFEFF/, '');
  const meta: Record<string, string> = {};
  const fm = FRONT_MATTER.exec(text);
  if (fm !== null) {
    for (const line of (fm[1] ?? '').split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i > 0) meta[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    text = text.slice(fm[0].length);
  }
  const heading = /^\s{0,3}#\s+(.+)$/m.exec(text);
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.(md|markdown)$/i, '');
  const title = meta.title?.replace(/^["']|["']$/g, '') || heading?.[1]?.trim() || base.replace(/[-_]+/g, ' ');
  const body = markdownToText(heading !== null && meta.title === undefined ? text.replace(heading[0], '') : text);
  return {
    id: meta.id || `${source}:${base}`,
    title,
    body,
    tags: meta.tags === undefined ? [] : listValue(meta.tags),
    source,
    location: fileName,
  };
};
