import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { runOpenLoop } from './open-loop.ts';

let server: Server | undefined;

/** A server that answers at once, except that it holds every request arriving inside [stallFrom, stallTo) ms. */
const listen = (stallFrom: number, stallTo: number): Promise<string> => {
  const start = performance.now();
  server = createServer((req, res) => {
    const t = performance.now() - start;
    const hold = t >= stallFrom && t < stallTo ? stallTo - t : 0;
    req.resume();
    setTimeout(() => res.end('{}'), hold);
  });
  return new Promise((resolve) =>
    server!.listen(0, '127.0.0.1', () => {
      const address = server!.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`);
    }),
  );
};

afterEach(async () => {
  await new Promise((r) => server?.close(r));
  server = undefined;
});

describe('open-loop load at a fixed rate', () => {
  it('sends at the rate asked and times each request from the moment it was due', async () => {
    // 200/s for 1.5 s; the server holds what arrives between 500 and 600 ms until 600 ms.
    const url = await listen(500, 600);
    const seen: number[] = [];
    const result = await runOpenLoop({
      url,
      rate: 200,
      seconds: 1.5,
      connections: 64,
      request: () => ({ method: 'GET', path: '/' }),
      onDone: (_due, latency) => seen.push(latency),
    });
    expect(result).toMatchObject({ sent: 300, completed: 300, errors: 0, non2xx: 0 });
    expect(result.achieved_rps).toBeGreaterThan(150);
    expect(result.achieved_rps).toBeLessThan(250);
    // About 20 requests were due during the 100 ms stall (7 % of 300): each counts once, with what it waited,
    // so the p99 sees the stall and the median does not.
    const held = seen.filter((l) => l >= 20).length;
    expect(held).toBeGreaterThanOrEqual(10);
    expect(held).toBeLessThanOrEqual(90); // loose: a loaded CI machine delays a few others too
    expect(result.max_ms).toBeGreaterThanOrEqual(80);
    expect(result.p99_ms).toBeGreaterThanOrEqual(50);
    expect(result.p50_ms).toBeLessThan(30);
  });

  it('counts a request that failed as an error and a refusal as non-2xx', async () => {
    server = createServer((req, res) => {
      req.resume();
      if (req.url === '/boom') req.socket.destroy();
      else {
        res.statusCode = 503;
        res.end();
      }
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const result = await runOpenLoop({
      url: `http://127.0.0.1:${port}`,
      rate: 100,
      seconds: 0.2,
      connections: 4,
      request: (i) => ({ method: 'GET', path: i % 2 === 0 ? '/boom' : '/busy' }),
    });
    expect(result.sent).toBe(20);
    expect(result.errors).toBe(10);
    expect(result.non2xx).toBe(10);
  });
});
