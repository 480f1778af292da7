import type { WebSocket, WebSocketServer } from 'ws';

/** Seconds between two pings of a socket (BATON_WS_HEARTBEAT_SECONDS); one unanswered ping closes it. */
export const HEARTBEAT_SECONDS = 30;

/**
 * Closes sockets whose other end is gone without saying so (a laptop asleep, a dropped network): every socket
 * is pinged every `intervalMs` (WebSocket ping frames, answered by every browser and `ws` client on their own)
 * and terminated when the previous ping got no pong. Without this a half-open agent socket keeps its agent
 * "connected" and available for as long as TCP does (hours), and every offer made to them waits out its
 * timeout. Terminating runs the endpoint's usual close handling (an agent goes offline after the grace
 * period). Each socket has its own timer, started at a random point of the interval, so ten thousand sockets
 * are pinged evenly rather than in one burst.
 */
export const keepSocketsAlive = (wss: WebSocketServer, intervalMs: number): void => {
  wss.on('connection', (socket: WebSocket) => {
    let answered = true;
    socket.on('pong', () => {
      answered = true;
    });
    let timer: NodeJS.Timeout | undefined;
    const beat = (): void => {
      if (!answered) {
        socket.terminate();
        return;
      }
      answered = false;
      socket.ping();
    };
    const first = setTimeout(() => {
      beat();
      timer = setInterval(beat, intervalMs);
      timer.unref();
    }, Math.random() * intervalMs);
    first.unref();
    socket.on('close', () => {
      clearTimeout(first);
      clearInterval(timer);
    });
  });
};
