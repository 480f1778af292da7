import type { SummaryHints, SummaryTurn } from './summarize.ts';
import type { ContextSummary } from './types.ts';

/**
 * A summariser outside the core (an LLM behind an OpenAI-compatible endpoint). It receives turns that are
 * already redacted and must resolve with a summary or reject; the caller falls back to the offline one.
 */
export interface ContextSummarizer {
  /** Short name for logs and `missing` entries, e.g. `llm`. */
  readonly name: string;
  summarize(turns: readonly SummaryTurn[], hints: SummaryHints, signal?: AbortSignal): Promise<ContextSummary>;
}
