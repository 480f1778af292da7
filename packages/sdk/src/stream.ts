import type { BotServerFrame } from '@baton/contracts';
import WebSocket from 'ws';
import { backoffDelay, defaultRetry } from './retry.ts';

export interface BotStreamOptions {
  /** ws:// or wss:// URL of `/v1/bot/stream`. */
  url: string;
  /** Bot API key. */
  token: string;
  onFrame: (frame: BotServerFrame) => void;
  onError?: (err: Error) => void;
  /** Called on every (re)connection; events published while disconnected are not replayed. */
  onOpen?: () => void;
  /** Called when the socket drops (before a reconnect is scheduled). */
  onDisconnect?: () => void;
  /** First reconnect delay scale in ms (default 250). */
  reconnectBaseMs?: number;
  /** Upper bound of a reconnect delay in ms (default 10 000). */
  reconnectMaxMs?: number;
  random?: () => number;
}

export interface BotStream {
  close(): void;
  /** Resolves once the socket is open the first time. */
  opened: Promise<void>;
  /** Whether the socket is open right now. */
  readonly connected: boolean;
}

/**
 * The bot event stream over one WebSocket that reconnects with jittered exponential backoff until
 * closed. The bus behind it is at-most-once: a bot that must not miss a turn re-reads the conversation
 * (`getConversation`) after `onOpen` of a reconnection.
 */
export const openBotStream = (opts: BotStreamOptions): BotStream => {
  const policy = {
    ...defaultRetry,
    baseDelayMs: opts.reconnectBaseMs ?? 250,
    maxDelayMs: opts.reconnectMaxMs ?? 10_000,
  };
  let closed = false;
  let socket: WebSocket | null = null;
  let timer: NodeJS.Timeout | null = null;
  let attempt = 0;
  let connected = false;
  let markOpen: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (markOpen = resolve));
  const connect = (): void => {
    timer = null;
    const ws = new WebSocket(opts.url, { headers: { authorization: `Bearer ${opts.token}` } });
    socket = ws;
    ws.on('open', () => {
      attempt = 0;
      connected = true;
      markOpen();
      opts.onOpen?.();
    });
    ws.on('message', (data: Buffer) => {
      let frame: BotServerFrame;
      try {
        frame = JSON.parse(data.toString('utf8')) as BotServerFrame;
      } catch (err) {
        opts.onError?.(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      opts.onFrame(frame);
    });
    ws.on('error', (err: Error) => opts.onError?.(err));
    ws.on('close', () => {
      connected = false;
      if (closed) return;
      opts.onDisconnect?.();
      // At least a few ms, so a server that refuses at once is not hammered.
      const wait = Math.max(10, backoffDelay(attempt++, policy, opts.random));
      timer = setTimeout(connect, wait);
      timer.unref();
    });
  };
  connect();
  return {
    opened,
    get connected() {
      return connected;
    },
    close: () => {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      socket?.close();
    },
  };
};
