import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@baton/server';
import { runLive } from './simulate-live.ts';

/** `baton simulate --live` against a real instance: every customer who asked for a person is accounted for. */
describe('simulate --live', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, logLevel: 'silent', botKeys: 'load:load-key' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('drives customers and agents, and counts a wait the run cut short apart from one the customer gave up', async () => {
    // Everyone asks for a person, customers keep arriving until the very end, and nobody's patience runs out
    // within the run: the last few are still waiting when it ends.
    const figures = await runLive({
      url: [server.url],
      customers: '12',
      rate: '4',
      duration: '3',
      agent: ['alice@demo.baton', 'bob@demo.baton'],
      password: 'demo',
      botKey: 'load-key',
      handoffShare: '1',
      patienceSeconds: '60',
    });
    expect(figures.customers).toBeGreaterThanOrEqual(4);
    expect(figures.handoffs_asked).toBe(figures.customers);
    expect(figures.left_waiting).toBe(0);
    expect(figures.agent_joined + figures.waiting_at_end).toBe(figures.handoffs_asked);
    expect(figures.agent_joined).toBeGreaterThan(0);
    expect(figures.errors).toEqual({});
    expect(figures.http_p50_ms).not.toBeNull();
    // The instance is left as the agents and customers left it: nobody still in line.
    expect(await server.ctx.store.listHandoffs({ status: ['queued', 'offered'] })).toEqual([]);
  });
});
