import { randomBytes } from 'node:crypto';
import type { EventBus, TurnVoiceFeatures } from '@baton/core';

/** Asked by the instance that got a speech webhook; answered by the one holding the call's media socket. */
const ASK = 'baton.voice.features.ask';
const replySubject = (token: string) => `baton.voice.features.reply.${token}`;

interface Ask {
  conversationId: string;
  replyTo: string;
}

/** What the relay reads on the answering side: the board of voice features of this instance's media sockets. */
export interface FeatureSource {
  has(conversationId: string): boolean;
  take(conversationId: string): TurnVoiceFeatures | null;
}

/**
 * Answers other instances' questions for the voice features of calls whose Media Streams socket is here, so
 * one call's webhooks and media socket may reach different instances (no sticky routing on the call SID).
 * Only the instance holding the socket answers; the features are taken once, as a local read would.
 */
export const serveVoiceFeatures = async (bus: EventBus, source: FeatureSource): Promise<() => Promise<void>> => {
  const sub = await bus.subscribe(ASK, (event) => {
    const ask = event as Partial<Ask>;
    if (typeof ask.conversationId !== 'string' || typeof ask.replyTo !== 'string') return;
    if (!ask.replyTo.startsWith('baton.voice.features.reply.') || !source.has(ask.conversationId)) return;
    void bus.publish(ask.replyTo, { features: source.take(ask.conversationId) }).catch(() => undefined);
  });
  return () => sub.unsubscribe();
};

/**
 * Asks every instance for the features of a call whose media socket is not here; resolves with the first
 * answer, or null after `timeoutMs` (no socket anywhere, or the bus is slow: the turn then goes without prosody).
 */
export const askVoiceFeatures = async (
  bus: EventBus,
  conversationId: string,
  timeoutMs = 300,
): Promise<TurnVoiceFeatures | null> => {
  const replyTo = replySubject(randomBytes(8).toString('hex'));
  let settle: (v: TurnVoiceFeatures | null) => void = () => undefined;
  const answer = new Promise<TurnVoiceFeatures | null>((resolve) => (settle = resolve));
  const sub = await bus.subscribe(replyTo, (event) => {
    settle((event as { features?: TurnVoiceFeatures | null }).features ?? null);
  });
  const timer = setTimeout(() => settle(null), timeoutMs);
  try {
    await bus.publish(ASK, { conversationId, replyTo } satisfies Ask);
    return await answer;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    await sub.unsubscribe();
  }
};
