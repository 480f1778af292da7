import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import {
  redact,
  summarize,
  type ContextSummarizer,
  type ContextSummary,
  type SummaryHints,
  type SummaryTurn,
} from '@baton/core';
import { generateText } from 'ai';
import type { OpenAiCompatibleConfig } from './config.ts';

const SYSTEM = [
  'You write handoff notes for a human customer-service agent taking over a conversation from an AI assistant.',
  'Personal data in the transcript is replaced by placeholders such as [NAME] or [EMAIL]; keep them as they are.',
  'Answer with one JSON object and nothing else: {"issue": string, "tried": string, "wants": string, "nextStep": string}.',
  'issue: the customer problem in one sentence. tried: what the assistant or customer already tried ("Nothing recorded." if nothing).',
  'wants: what the customer wants. nextStep: the single best next action for the agent. Be brief and factual.',
].join(' ');

const ROLE_LABEL: Readonly<Record<SummaryTurn['role'], string>> = {
  customer: 'Customer',
  assistant: 'Assistant',
  agent: 'Agent',
  system: 'System',
};

/** The prompt's user message: the redacted transcript and hints. Exported for tests. */
export const promptFor = (
  turns: readonly SummaryTurn[],
  hints: SummaryHints,
  config: OpenAiCompatibleConfig,
): string => {
  const lines = turns
    .filter((t) => t.role !== 'system')
    .map((t) => `${ROLE_LABEL[t.role]}: ${redact(t.text, config.redaction ?? {})}`);
  const extra: string[] = [];
  if (hints.reasonCode) extra.push(`Handoff reason: ${hints.reasonCode}`);
  if (hints.topics && hints.topics.length > 0) extra.push(`Topics: ${hints.topics.join(', ')}`);
  return [...extra, 'Transcript:', ...lines].join('\n');
};

/** Pulls the first JSON object out of a model answer (models sometimes wrap it in prose or ``` fences). */
const parseNote = (text: string): { issue: string; tried: string; wants: string; nextStep: string } => {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('llm_bad_answer: no JSON object');
  const raw = JSON.parse(text.slice(start, end + 1)) as Record<string, unknown>;
  const field = (k: string): string => {
    const v = raw[k];
    if (typeof v !== 'string' || v.trim() === '') throw new Error(`llm_bad_answer: missing ${k}`);
    return v.trim();
  };
  return { issue: field('issue'), tried: field('tried'), wants: field('wants'), nextStep: field('nextStep') };
};

/**
 * Handoff summaries from any OpenAI-compatible endpoint (C7), through the AI SDK. Every turn is redacted
 * here before the request is built (the caller may already have redacted: redaction is idempotent on
 * placeholders), requests have a timeout and no retries, and the answer is redacted again before use.
 * `summarize` rejects on any failure; {@link summarizeOrFallback} returns the offline summary instead.
 */
export class OpenAiCompatibleSummarizer implements ContextSummarizer {
  readonly name = 'llm';
  private readonly provider;

  constructor(private readonly config: OpenAiCompatibleConfig) {
    this.provider = createOpenAICompatible({
      name: 'baton-llm',
      baseURL: config.baseURL,
      ...(config.apiKey === undefined ? {} : { apiKey: config.apiKey }),
    });
  }

  async summarize(turns: readonly SummaryTurn[], hints: SummaryHints, signal?: AbortSignal): Promise<ContextSummary> {
    const timeout = AbortSignal.timeout(this.config.timeoutMs ?? 8000);
    const { text } = await generateText({
      model: this.provider.chatModel(this.config.model),
      system: SYSTEM,
      prompt: promptFor(turns, hints, this.config),
      maxOutputTokens: this.config.maxOutputTokens ?? 400,
      temperature: 0,
      maxRetries: 0,
      abortSignal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    });
    const note = parseNote(text);
    const policy = this.config.redaction ?? {};
    const clean = {
      issue: redact(note.issue, policy),
      tried: redact(note.tried, policy),
      wants: redact(note.wants, policy),
      nextStep: redact(note.nextStep, policy),
    };
    return {
      ...clean,
      text: `${clean.issue} Tried: ${clean.tried} Wants: ${clean.wants} Next: ${clean.nextStep}`,
      source: 'llm',
    };
  }

  /** Like `summarize`, but any failure (network, timeout, bad answer) yields the offline extractive summary. */
  async summarizeOrFallback(
    turns: readonly SummaryTurn[],
    hints: SummaryHints = {},
  ): Promise<ContextSummary & { fallback: boolean }> {
    try {
      return { ...(await this.summarize(turns, hints)), fallback: false };
    } catch {
      const redacted = turns.map((t) => ({ ...t, text: redact(t.text, this.config.redaction ?? {}) }));
      return { ...summarize(redacted, hints), source: 'extractive', fallback: true };
    }
  }
}
