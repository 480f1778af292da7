import type { ContextPackage } from '../types.ts';
import { adapterView, type AdapterOptions } from './adapter-view.ts';

/** Options of {@link toSipHeaders}. */
export interface SipHeaderOptions extends AdapterOptions {
  /**
   * Size budget in characters for all headers as `Name=value` pairs joined by `&` (the headers part of a SIP
   * URI, values percent-encoded). Default 1000: Twilio refuses a headers part of 1024 characters or more
   * (error 21227), and many SBCs cap a header line near 1 KB.
   */
  maxChars?: number;
}

export interface SipHeaders {
  /** Header name → percent-encoded value (RFC 3986 unreserved characters kept; safe in a header and a SIP URI). */
  headers: Record<string, string>;
  /** Size of the headers as measured against the budget. */
  chars: number;
  /** Headers shortened to fit (`X-Baton-Summary`). */
  truncated: string[];
  /** Headers left out to fit, in the order they were dropped. */
  dropped: string[];
}

/** Percent-encodes UTF-8 so the value has no CR, LF, non-ASCII, `;`, `&`, `=` or spaces. */
const encode = (v: string): string =>
  encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const size = (h: Record<string, string>): number =>
  Object.entries(h).reduce((n, [k, v], i) => n + k.length + 1 + v.length + (i > 0 ? 1 : 0), 0);

/** Dropped first → last when over budget; the required headers (version, ids, priority, reason) never are. */
export const SIP_DROP_ORDER = [
  'X-Baton-Summary',
  'X-Baton-Missing',
  'X-Baton-Sentiment',
  'X-Baton-Intent',
  'X-Baton-Tier',
  'X-Baton-Customer',
  'X-Baton-Channel',
  'X-Baton-Language',
  'X-Baton-Context-Url',
] as const;

/** Shortest summary worth sending, in characters before encoding. */
const MIN_SUMMARY = 40;

/**
 * The context package as `X-Baton-*` SIP headers (C10) for a transfer to a contact centre over SIP (Twilio
 * `<Sip>` URI headers, SBC REFER / INVITE). Identity is the pseudonymous customer id only unless
 * `identity` says otherwise; free text is redacted. Over budget, the summary is shortened at a word boundary
 * (down to 40 characters), then headers are dropped in {@link SIP_DROP_ORDER}; `truncated` / `dropped` say
 * what happened. O(headers × summary words) in the worst case, microseconds.
 */
export const toSipHeaders = (pkg: ContextPackage, options: SipHeaderOptions = {}): SipHeaders => {
  const v = adapterView(pkg, options);
  const max = options.maxChars ?? 1000;
  const raw: [string, string | null][] = [
    ['X-Baton-Version', v.version],
    ['X-Baton-Conversation', v.conversationId],
    ['X-Baton-Handoff', v.handoffId],
    ['X-Baton-Priority', String(v.priority)],
    ['X-Baton-Reason', v.reasonCode],
    ['X-Baton-Context-Url', v.contextUrl],
    ['X-Baton-Language', v.language],
    ['X-Baton-Channel', v.channel],
    ['X-Baton-Customer', v.customerId === null ? null : v.name === null ? v.customerId : `${v.customerId};${v.name}`],
    ['X-Baton-Tier', v.tier],
    ['X-Baton-Intent', v.intent === null ? null : `${v.intent.name};${v.intent.confidence}`],
    ['X-Baton-Sentiment', v.sentiment === null ? null : String(v.sentiment)],
    ['X-Baton-Missing', v.missing.length === 0 ? null : v.missing.join(',')],
    ['X-Baton-Summary', v.summary === '' ? null : v.summary],
  ];
  const headers: Record<string, string> = {};
  for (const [k, val] of raw) if (val !== null) headers[k] = encode(val);
  const truncated: string[] = [];
  const dropped: string[] = [];
  // 1. shorten the summary by whole words
  if (size(headers) > max && headers['X-Baton-Summary'] !== undefined) {
    const words = v.summary.split(/\s+/);
    let n = words.length;
    while (n > 0 && size(headers) > max) {
      n -= 1;
      const text = `${words.slice(0, n).join(' ')}…`;
      if (text.length < MIN_SUMMARY) break;
      headers['X-Baton-Summary'] = encode(text);
    }
    if (size(headers) <= max) truncated.push('X-Baton-Summary');
  }
  // 2. drop optional headers, least useful first
  for (const name of SIP_DROP_ORDER) {
    if (size(headers) <= max) break;
    if (headers[name] === undefined) continue;
    delete headers[name];
    dropped.push(name);
  }
  return { headers, chars: size(headers), truncated: truncated.filter((t) => headers[t] !== undefined), dropped };
};

/** The headers as the query part of a SIP URI: `sip:queue@pbx.example.com?X-Baton-…=…&…` (Twilio `<Sip>`). */
export const sipUriWithHeaders = (uri: string, h: SipHeaders): string =>
  `${uri}?${Object.entries(h.headers)
    .map(([k, v]) => `${k}=${v}`)
    .join('&')}`;
