import { createHmac, timingSafeEqual } from 'node:crypto';
import type { JsonAnswer, TranscriptLine, TransferHost } from './host.ts';

/**
 * Retell signs webhooks and custom-function calls with `x-retell-signature: v=<ms>,d=<hex HMAC-SHA256
 * (apiKey, rawBody + ms)>` (the algorithm of retell-sdk's `verify`), rejected after 5 minutes.
 */
export const verifyRetellSignature = (
  apiKey: string,
  rawBody: string,
  header: string | undefined,
  nowMs: number,
): boolean => {
  const m = /^v=(\d+),d=([0-9a-f]+)$/.exec(header ?? '');
  if (m === null) return false;
  const stamp = m[1] ?? '';
  if (Math.abs(nowMs - Number(stamp)) > 5 * 60 * 1000) return false;
  const expected = Buffer.from(
    createHmac('sha256', apiKey)
      .update(rawBody + stamp)
      .digest('hex'),
  );
  const given = Buffer.from(m[2] ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/** The header Retell would send (tests, tools). */
export const signRetell = (apiKey: string, rawBody: string, nowMs: number): string =>
  `v=${nowMs},d=${createHmac('sha256', apiKey)
    .update(rawBody + String(nowMs))
    .digest('hex')}`;

export interface RetellOptions {
  apiKey: string;
  /** The custom function name Baton answers (default `baton_transfer`). */
  functionName?: string;
}

interface RetellFunctionCall {
  name?: string;
  args?: { reason?: unknown };
  call?: {
    call_id?: string;
    from_number?: string;
    transcript_object?: { role?: string; content?: string }[];
  };
}

/**
 * Retell custom function (https://docs.retellai.com/build/conversation-flow/custom-function): Retell POSTs
 * `{ name, call, args }`; Baton answers `{ transfer_number, message, queue, conversation_id }`. Save
 * `transfer_number` as a response variable and use `{{transfer_number}}` as the dynamic number of the
 * agent's transfer_call tool; the assistant says `message` first.
 */
export const handleRetell = async (
  host: TransferHost,
  o: RetellOptions,
  signature: string | undefined,
  rawBody: string,
  nowMs: number,
): Promise<JsonAnswer> => {
  if (!verifyRetellSignature(o.apiKey, rawBody, signature, nowMs)) {
    return { status: 401, body: { error: 'invalid x-retell-signature' } };
  }
  let body: RetellFunctionCall;
  try {
    body = JSON.parse(rawBody) as RetellFunctionCall;
  } catch {
    return { status: 400, body: { error: 'invalid JSON' } };
  }
  if (body.name !== (o.functionName ?? 'baton_transfer'))
    return { status: 400, body: { error: `unknown function ${String(body.name)}` } };
  const callId = body.call?.call_id;
  if (typeof callId !== 'string' || callId === '') return { status: 400, body: { error: 'call.call_id is required' } };
  const transcript = (body.call?.transcript_object ?? []).flatMap((t): TranscriptLine[] => {
    if (typeof t.content !== 'string' || t.content.trim() === '') return [];
    if (t.role === 'user') return [{ role: 'customer', text: t.content }];
    if (t.role === 'agent') return [{ role: 'assistant', text: t.content }];
    return [];
  });
  const r = await host.routeTransfer({
    platform: 'retell',
    callId,
    from: body.call?.from_number ?? null,
    transcript,
    reason: typeof body.args?.reason === 'string' ? body.args.reason : null,
  });
  return {
    status: 200,
    body: { transfer_number: r.destination, message: r.message, queue: r.queueName, conversation_id: r.conversationId },
  };
};
