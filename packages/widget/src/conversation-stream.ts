import type { CustomerClientFrame, CustomerServerFrame } from '@baton/contracts';

/** Callbacks of a {@link ConversationStream}. */
export interface StreamHandlers {
  /** Every parsed frame from the server. */
  onFrame(frame: CustomerServerFrame): void;
  /** The socket is open: the first time and after every reconnect (the caller refetches to fill the gap). */
  onOpen(): void;
  /** The socket dropped; a reconnect is scheduled unless the stream was stopped. */
  onDrop(): void;
  /** The server refused the socket for good (4001/4003/4004: bad token, no such conversation). */
  onRejected(): void;
  /**
   * The socket closed before it ever opened. A refused upgrade (401/404) looks like this to the browser,
   * so the caller checks the session over HTTP.
   */
  onConnectFailed(): void;
}

const PING_EVERY_MS = 25_000;
const MAX_BACKOFF_MS = 15_000;
/** Close codes after which retrying cannot help. */
const FINAL_CLOSE_CODES = new Set([1008, 4001, 4003, 4004]);

/**
 * The customer's live stream for one conversation, reconnecting with capped exponential backoff and
 * jitter. Messages are never lost across a drop because `onOpen` fires after each reconnect and the
 * caller refetches the conversation detail (turns are de-duplicated by id).
 */
export class ConversationStream {
  private socket: WebSocket | null = null;
  private attempts = 0;
  private stopped = false;
  private retryTimer: number | undefined;
  private pingTimer: number | undefined;

  constructor(
    private readonly url: string,
    private readonly handlers: StreamHandlers,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    window.clearInterval(this.pingTimer);
    this.socket?.close(1000, 'closed by widget');
    this.socket = null;
  }

  /** Sends a frame if the socket is open; typing and pings are best-effort by design. */
  send(frame: CustomerClientFrame): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      this.attempts = 0;
      window.clearInterval(this.pingTimer);
      this.pingTimer = window.setInterval(() => this.send({ type: 'ping' }), PING_EVERY_MS);
      this.handlers.onOpen();
    });
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return;
      try {
        this.handlers.onFrame(JSON.parse(event.data) as CustomerServerFrame);
      } catch {
        // A frame we cannot parse is dropped; the next refetch brings the state back in line.
      }
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      window.clearInterval(this.pingTimer);
      if (this.stopped) return;
      if (FINAL_CLOSE_CODES.has(event.code)) {
        this.handlers.onRejected();
        return;
      }
      this.handlers.onDrop();
      if (!opened) this.handlers.onConnectFailed();
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempts);
    this.attempts += 1;
    const delay = base / 2 + Math.random() * (base / 2);
    this.retryTimer = window.setTimeout(() => {
      if (!this.stopped) this.connect();
    }, delay);
  }
}
