import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';

/** V6: the same person is one customer whatever the channel and however they typed their number. */
describe('one customer across conversations', () => {
  let server: RunningServer;
  const start = async (customer: Record<string, string>): Promise<string | null> => {
    const res = await fetch(`${server.url}/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: JSON.stringify({ customer }),
    });
    const id = ((await res.json()) as { conversation: { id: string } }).conversation.id;
    return (await server.ctx.store.getConversation(id))?.customerId ?? null;
  };

  beforeAll(async () => {
    server = await startServer({ port: 0, botKeys: 'bot:k', logLevel: 'silent' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('matches a phone number however it was written, and by e-mail', async () => {
    const a = await start({ name: 'Dana Reyes', phone: '+1 (555) 010-0199' });
    const b = await start({ phone: '+15550100199', email: 'dana@example.com' });
    const c = await start({ email: 'DANA@example.com' });
    expect(a).not.toBeNull();
    expect(b).toBe(a);
    expect(c).toBe(a);
    const customer = await server.ctx.store.getCustomer(a ?? '');
    expect(customer).toMatchObject({ name: 'Dana Reyes', phone: '+15550100199', email: 'dana@example.com' });
  });
});
