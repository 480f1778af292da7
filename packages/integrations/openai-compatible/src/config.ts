import type { RedactionPolicy } from '@baton/core';

/** How to reach an OpenAI-compatible chat completions endpoint (OpenAI, Azure, vLLM, Ollama, LM Studio ...). */
export interface OpenAiCompatibleConfig {
  /** Base URL up to and including `/v1`, e.g. `http://127.0.0.1:11434/v1`. */
  baseURL: string;
  /** Model id as the endpoint names it. */
  model: string;
  /** Bearer key; omit for local servers that need none. */
  apiKey?: string;
  /** Whole-request budget in ms (connect + generation); default 8000. */
  timeoutMs?: number;
  /** Upper bound on generated tokens; default 400. */
  maxOutputTokens?: number;
  /** What to redact before anything is sent; default: every PII type (names, e-mails, cards ...). */
  redaction?: RedactionPolicy;
}
