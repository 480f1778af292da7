import { redact } from '../../privacy/redact.ts';
import type { RedactionPolicy } from '../../privacy/types.ts';
import type { ContextPackage } from '../types.ts';

/** What a desk adapter may pass on. Everything defaults to the strictest choice. */
export interface AdapterOptions {
  /**
   * Redaction applied (again) to every free-text field: default every PII type. The package text is already
   * redacted by the server's policy; this makes an adapter safe even for a package built with a looser one.
   */
  redaction?: RedactionPolicy;
  /** Identity fields passed on: `none` (default: only Baton's customer id), `name`, or `full` (name, e-mail, phone). */
  identity?: 'none' | 'name' | 'full';
  /** A link where the receiving desk can fetch the whole package (e.g. the agent workspace URL). */
  contextUrl?: string | null;
  /** How many of the last transcript turns to carry where the format has room; default 6. */
  transcriptTail?: number;
}

/** The flat, redacted view every adapter renders from (one place decides what may leave). */
export interface AdapterView {
  version: string;
  conversationId: string;
  handoffId: string | null;
  channel: string;
  language: string;
  priority: number;
  reasonCode: string | null;
  /** The reason worded for the agent, redacted. */
  reason: string | null;
  intent: { name: string; confidence: number } | null;
  tier: string | null;
  leadScore: number | null;
  dealStage: string | null;
  accountValue: number | null;
  orderNumbers: string[];
  openTickets: number;
  /** Latest customer sentiment, −1 .. +1, 2 decimals. */
  sentiment: number | null;
  summary: string;
  nextStep: string;
  missing: string[];
  customerId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** The bridge message, only when the customer's name may be passed on. */
  bridgeMessage: string | null;
  transcriptTail: { role: string; text: string }[];
  contextUrl: string | null;
}

/** Builds the adapter view: identity by `options.identity`, every text field redacted by `options.redaction`. */
export const adapterView = (pkg: ContextPackage, options: AdapterOptions = {}): AdapterView => {
  const policy = options.redaction ?? {};
  const clean = (t: string): string => redact(t, policy);
  const identity = options.identity ?? 'none';
  const top = pkg.intents[0];
  const last = pkg.sentiment.at(-1);
  const tail = Math.max(0, options.transcriptTail ?? 6);
  return {
    version: pkg.schemaVersion,
    conversationId: pkg.conversationId,
    handoffId: pkg.handoffId,
    channel: pkg.channel,
    language: pkg.language,
    priority: pkg.priority,
    reasonCode: pkg.reason?.code ?? null,
    reason: pkg.reason === null ? null : clean(pkg.reason.agent),
    intent: top === undefined ? null : { name: top.name, confidence: Math.round(top.confidence * 100) / 100 },
    tier: pkg.crm?.tier ?? null,
    leadScore: pkg.crm?.leadScore ?? null,
    dealStage: pkg.crm?.dealStage ?? null,
    accountValue: pkg.crm?.accountValue ?? null,
    orderNumbers: pkg.crm?.orderNumbers ?? [],
    openTickets: pkg.crm?.openTickets.length ?? 0,
    sentiment: last === undefined ? null : Math.round(last.score * 100) / 100,
    summary: clean(pkg.summary.text),
    nextStep: clean(pkg.summary.nextStep),
    missing: pkg.missing,
    customerId: pkg.identity?.customerId ?? null,
    name: identity === 'none' ? null : (pkg.identity?.name ?? null),
    email: identity === 'full' ? (pkg.identity?.email ?? null) : null,
    phone: identity === 'full' ? (pkg.identity?.phone ?? null) : null,
    bridgeMessage: identity === 'none' ? null : pkg.bridgeMessage,
    transcriptTail: pkg.transcript
      .filter((t) => t.role !== 'system')
      .slice(tail === 0 ? pkg.transcript.length : -tail)
      .map((t) => ({ role: t.role, text: clean(t.text) })),
    contextUrl: options.contextUrl ?? null,
  };
};
