import type { AgentClientFrame, AgentServerFrame } from '@baton/contracts';

/** A client frame without `ref`: the socket adds one and tracks the answer. */
export type AgentCommand = AgentClientFrame extends infer F
  ? F extends { ref?: string }
    ? Omit<F, 'ref'>
    : never
  : never;

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

/** Callbacks of an {@link AgentSocket}. */
export interface AgentSocketHandlers {
  onFrame(frame: AgentServerFrame): void;
  onConnection(state: ConnectionState): void;
  /** The server refused the token (expired, signed out elsewhere): the caller signs out. */
  onUnauthorized(): void;
  /** Closed before opening: a refused upgrade (401) looks like this, so the caller checks the token. */
  onConnectFailed(): void;
}

/** The server answered a command with an `error` frame. */
export class CommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

const PING_EVERY_MS = 25_000;
const COMMAND_TIMEOUT_MS = 10_000;
const UNAUTHORIZED_CLOSE_CODES = new Set([1008, 4001, 4003]);

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
  timer: number;
}

/**
 * The agent's live connection. Reconnects with capped backoff; after a reconnect the server's `hello`
 * frame carries the whole state again, so nothing needs replaying. Commands resolve on `ack` and reject
 * on `error` (matched by `ref`) or when the socket drops before the answer.
 */
export class AgentSocket {
  private socket: WebSocket | null = null;
  private stopped = false;
  private attempts = 0;
  private nextRef = 0;
  private retryTimer: number | undefined;
  private pingTimer: number | undefined;
  private readonly waiters = new Map<string, Waiter>();

  constructor(
    private readonly url: string,
    private readonly handlers: AgentSocketHandlers,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    window.clearInterval(this.pingTimer);
    this.socket?.close(1000, 'signed out');
    this.socket = null;
    this.failWaiters('connection closed');
  }

  /** Sends a command and waits for its `ack`. */
  request(command: AgentCommand): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN)
      return Promise.reject(new CommandError('offline', 'Not connected'));
    this.nextRef += 1;
    const ref = `c${this.nextRef}`;
    return new Promise<void>((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.waiters.delete(ref);
        reject(new CommandError('timeout', 'The server did not answer in time'));
      }, COMMAND_TIMEOUT_MS);
      this.waiters.set(ref, { resolve, reject, timer });
      socket.send(JSON.stringify({ ...command, ref }));
    });
  }

  /** Fire-and-forget (typing indicators). */
  notify(command: AgentCommand): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(command));
  }

  private connect(): void {
    this.handlers.onConnection(this.attempts === 0 ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      this.attempts = 0;
      this.handlers.onConnection('open');
      window.clearInterval(this.pingTimer);
      this.pingTimer = window.setInterval(() => this.notify({ type: 'ping' }), PING_EVERY_MS);
    });
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return;
      let frame: AgentServerFrame;
      try {
        frame = JSON.parse(event.data) as AgentServerFrame;
      } catch {
        return;
      }
      if (this.settle(frame)) return;
      this.handlers.onFrame(frame);
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      window.clearInterval(this.pingTimer);
      this.failWaiters('connection lost');
      if (this.stopped) return;
      if (UNAUTHORIZED_CLOSE_CODES.has(event.code)) {
        this.handlers.onUnauthorized();
        return;
      }
      this.attempts += 1;
      this.handlers.onConnection('reconnecting');
      if (!opened) this.handlers.onConnectFailed();
      const base = Math.min(15_000, 500 * 2 ** this.attempts);
      this.retryTimer = window.setTimeout(() => this.connect(), base / 2 + Math.random() * (base / 2));
    });
  }

  /** Resolves the waiter of an `ack` / `error` frame; returns true when the frame was an answer. */
  private settle(frame: AgentServerFrame): boolean {
    if (frame.type !== 'ack' && frame.type !== 'error') return false;
    const ref = frame.ref;
    const waiter = ref === undefined ? undefined : this.waiters.get(ref);
    if (!waiter || ref === undefined) return frame.type === 'ack';
    window.clearTimeout(waiter.timer);
    this.waiters.delete(ref);
    if (frame.type === 'ack') waiter.resolve();
    else waiter.reject(new CommandError(frame.error.code, frame.error.message));
    return true;
  }

  private failWaiters(reason: string): void {
    for (const waiter of this.waiters.values()) {
      window.clearTimeout(waiter.timer);
      waiter.reject(new CommandError('offline', reason));
    }
    this.waiters.clear();
  }
}
