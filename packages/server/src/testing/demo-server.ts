import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer, type StartOptions } from '../start-server.ts';
import { journey } from './http-journey.ts';

/**
 * A demo server of its own for the enclosing describe block: started before its tests (then `prepare` runs on
 * it), closed after. Returns the server (once started) and the HTTP/WebSocket journey helpers on it.
 */
export const useDemoServer = (opts: StartOptions = {}, prepare?: (server: RunningServer) => Promise<void>) => {
  let running: RunningServer | undefined;
  const server = (): RunningServer => {
    if (running === undefined) throw new Error('server not started');
    return running;
  };
  beforeAll(async () => {
    running = await startServer({ port: 0, demo: true, logLevel: 'silent', botKeys: 'bot:k', ...opts });
    await prepare?.(running);
  });
  afterAll(async () => {
    await running?.close();
  });
  return { server, j: journey(server) };
};
