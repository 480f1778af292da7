import WebSocket from 'ws';

/** A WebSocket test client that records frames and waits for the one a test expects. */
export interface TestSocket {
  frames: Record<string, unknown>[];
  send(frame: object): void;
  /** Resolves with the first frame (already received or future) matching `pred`; rejects after `ms`. */
  next<T = Record<string, unknown>>(pred: (f: Record<string, unknown>) => boolean, ms?: number): Promise<T>;
  close(): Promise<void>;
  socket: WebSocket;
}

export const connectSocket = async (url: string, headers: Record<string, string> = {}): Promise<TestSocket> => {
  const socket = new WebSocket(url, { headers });
  const frames: Record<string, unknown>[] = [];
  const waiters: { pred: (f: Record<string, unknown>) => boolean; resolve: (f: Record<string, unknown>) => void }[] =
    [];
  const consumed = new Set<Record<string, unknown>>();
  socket.on('message', (data: Buffer) => {
    const f = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    frames.push(f);
    const i = waiters.findIndex((w) => w.pred(f));
    if (i >= 0) {
      consumed.add(f);
      waiters.splice(i, 1)[0]?.resolve(f);
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    socket.once('error', reject);
  });
  return {
    frames,
    socket,
    send: (frame) => socket.send(JSON.stringify(frame)),
    next: <T>(pred: (f: Record<string, unknown>) => boolean, ms = 5000) =>
      new Promise<T>((resolve, reject) => {
        const found = frames.find((f) => !consumed.has(f) && pred(f));
        if (found !== undefined) {
          consumed.add(found);
          resolve(found as T);
          return;
        }
        const timer = setTimeout(
          () => reject(new Error(`no matching frame within ${ms} ms; got ${JSON.stringify(frames.slice(-5))}`)),
          ms,
        );
        waiters.push({
          pred,
          resolve: (f) => {
            clearTimeout(timer);
            resolve(f as T);
          },
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === socket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      }),
  };
};
