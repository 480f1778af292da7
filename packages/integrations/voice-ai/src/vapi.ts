import { timingSafeEqual } from 'node:crypto';
import type { JsonAnswer, TranscriptLine, TransferHost, TransferRoute } from './host.ts';

/**
 * Vapi "server URL" messages (https://docs.vapi.ai/server-url/events), as far as Baton reads them: every
 * request is `{ message: { type, call, customer, artifact, … } }`.
 */
interface VapiMessage {
  type?: string;
  call?: { id?: string; customer?: { number?: string } };
  customer?: { number?: string };
  artifact?: { messages?: { role?: string; message?: string }[] };
  toolCallList?: { id?: string; type?: string; function?: { name?: string; arguments?: unknown } }[];
}

export interface VapiOptions {
  /** The server URL secret configured in Vapi, sent as `x-vapi-secret`. */
  secret: string;
  /** The function name Baton answers in `tool-calls` (default `transfer_to_human`). */
  toolName?: string;
}

const sameSecret = (given: string | undefined, expected: string): boolean =>
  given !== undefined && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

const transcriptOf = (m: VapiMessage): TranscriptLine[] =>
  (m.artifact?.messages ?? []).flatMap((x): TranscriptLine[] => {
    if (typeof x.message !== 'string' || x.message.trim() === '') return [];
    if (x.role === 'user') return [{ role: 'customer', text: x.message }];
    if (x.role === 'bot' || x.role === 'assistant') return [{ role: 'assistant', text: x.message }];
    return [];
  });

/** Vapi's transfer destination: a number or a SIP URI, with the message its assistant says first. */
const destinationOf = (route: TransferRoute) =>
  route.destination === null
    ? null
    : route.destination.startsWith('sip:')
      ? { type: 'sip', sipUri: route.destination, message: route.message }
      : {
          type: 'number',
          number: route.destination,
          message: route.message,
          description: `Baton queue ${route.queueName}`,
        };

/**
 * Handles Vapi server-URL requests: `transfer-destination-request` (the assistant wants to transfer and
 * asks where) → `{ destination }` or `{ error }`; `tool-calls` for the transfer tool → `{ results }`.
 * Other message types are acknowledged and ignored.
 */
export const handleVapi = async (
  host: TransferHost,
  o: VapiOptions,
  headers: Record<string, string | undefined>,
  body: unknown,
): Promise<JsonAnswer> => {
  if (!sameSecret(headers['x-vapi-secret'], o.secret)) return { status: 401, body: { error: 'invalid x-vapi-secret' } };
  const message = (body as { message?: VapiMessage } | null)?.message;
  if (typeof message !== 'object' || message === null || typeof message.type !== 'string') {
    return { status: 400, body: { error: 'expected { message: { type, … } }' } };
  }
  const callId = message.call?.id;
  const from = message.customer?.number ?? message.call?.customer?.number ?? null;
  const route = (reason: string | null) => {
    if (typeof callId !== 'string' || callId === '') throw new TypeError('message.call.id is required');
    return host.routeTransfer({ platform: 'vapi', callId, from, transcript: transcriptOf(message), reason });
  };
  try {
    if (message.type === 'transfer-destination-request') {
      const r = await route(null);
      const destination = destinationOf(r);
      return destination === null
        ? { status: 200, body: { error: `No transfer number is configured for the ${r.queueName} queue.` } }
        : { status: 200, body: { destination } };
    }
    if (message.type === 'tool-calls') {
      const results = [];
      for (const call of message.toolCallList ?? []) {
        if (call.function?.name !== (o.toolName ?? 'transfer_to_human')) {
          results.push({ toolCallId: call.id, error: `unknown tool ${String(call.function?.name)}` });
          continue;
        }
        const args = (
          typeof call.function.arguments === 'string' ? JSON.parse(call.function.arguments) : call.function.arguments
        ) as { reason?: unknown } | undefined;
        const r = await route(typeof args?.reason === 'string' ? args.reason : null);
        results.push({
          toolCallId: call.id,
          result: JSON.stringify({
            destination: r.destination,
            message: r.message,
            queue: r.queueName,
            conversationId: r.conversationId,
          }),
        });
      }
      return { status: 200, body: { results } };
    }
    return { status: 200, body: {} };
  } catch (err) {
    if (err instanceof TypeError || err instanceof SyntaxError) return { status: 400, body: { error: err.message } };
    throw err;
  }
};
