import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { connectSocket, type TestSocket } from '../testing/ws-client.ts';

interface Notice {
  status: string;
  position?: number;
  estimatedWaitSeconds?: number | null;
  waitMessage?: string;
  longWait?: boolean;
}

interface Waiting {
  id: string;
  token: string;
  socket: TestSocket;
  handoff: Notice;
  notice: string;
}

const post = async (server: RunningServer, path: string, body: unknown, token = 'k') => {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
};

/** A new conversation (of `customer`, if given) whose customer asks for a person, with its stream open. */
const askForPerson = async (server: RunningServer, customer?: Record<string, unknown>): Promise<Waiting> => {
  const created = await post(server, '/v1/conversations', customer === undefined ? {} : { customer });
  const id = (created['conversation'] as { id: string }).id;
  const token = created['token'] as string;
  const socket = await connectSocket(
    `${server.url.replace('http', 'ws')}/v1/conversations/${id}/stream?token=${token}`,
  );
  const res = await post(
    server,
    `/v1/conversations/${id}/turns`,
    { role: 'customer', text: 'I want to talk to a person' },
    token,
  );
  return { id, token, socket, handoff: res['handoff'] as Notice, notice: (res['notice'] as { text: string }).text };
};

/** M1–M3, R8, R10 through the API: position, expected wait, updates as the queue moves, the truth when nobody can come. */
describe('what a waiting customer is told', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, botKeys: 'bot:k', logLevel: 'silent' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('says truthfully that nobody is available, and offers the alternatives', async () => {
    const c = await askForPerson(server);
    expect(c.handoff).toMatchObject({ status: 'queued', position: 1, estimatedWaitSeconds: null, longWait: true });
    expect(c.notice).toMatch(/Nobody from our team is available right now/);
    await post(server, `/v1/conversations/${c.id}/close`, {}, c.token);
    await c.socket.close();
  });

  it('gives each waiting customer a position and a wait, and updates them as the queue moves', async () => {
    const alice = await server.ctx.store.getAgent('agt_alice');
    await server.ctx.store.upsertAgent({ ...alice!, capacity: { chat: 1 } });
    const login = await post(server, '/v1/auth/login', { email: 'alice@demo.baton', password: 'demo' });
    const agent = await connectSocket(
      `${server.url.replace('http', 'ws')}/v1/agent/stream?token=${String(login['token'])}`,
    );
    await agent.next((f) => f['type'] === 'hello');
    agent.send({ type: 'presence.set', presence: 'available', ref: 'p' });
    await agent.next((f) => f['ref'] === 'p');

    const first = await askForPerson(server);
    expect(first.notice).toMatch(/in a moment/);
    const offer = await agent.next<{ reservation: { id: string; conversationId: string } }>(
      (f) => f['type'] === 'offer',
    );
    expect(offer.reservation.conversationId).toBe(first.id);
    const second = await askForPerson(server);
    const third = await askForPerson(server);
    expect(second.handoff.position).toBe(2);
    expect(third.handoff.position).toBe(3);
    expect(third.handoff.estimatedWaitSeconds).toBeGreaterThan(second.handoff.estimatedWaitSeconds ?? 0);
    expect(third.notice).toMatch(/number 3 in line/);

    // Alice takes the first: the others move up and are told so without asking.
    agent.send({ type: 'offer.accept', reservationId: offer.reservation.id, ref: 'a' });
    await agent.next((f) => f['ref'] === 'a');
    const moved = await third.socket.next<{ handoff: Notice }>(
      (f) => f['type'] === 'wait' && (f['handoff'] as Notice).position === 2,
    );
    expect(moved.handoff.waitMessage).toMatch(/number 2 in line/);

    // The second leaves: the third is next.
    await post(server, `/v1/conversations/${second.id}/close`, {}, second.token);
    await third.socket.next((f) => f['type'] === 'wait' && (f['handoff'] as Notice).position === 1);
    for (const c of [first, second, third]) await c.socket.close();
    await agent.close();
  });
});

/** Who is told when someone joins the line: those they move back, and nobody when they join at its end. */
describe('wait updates when someone joins the line', () => {
  let server: RunningServer;
  const waitFrames = (s: TestSocket) => s.frames.filter((f) => f['type'] === 'wait');

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, botKeys: 'bot:k', logLevel: 'silent' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('tells those behind a higher-priority arrival their new place, and nobody about one who joins at the end', async () => {
    // Nobody is signed in: everyone waits.
    const first = await askForPerson(server);
    const second = await askForPerson(server);
    expect([first.handoff.position, second.handoff.position]).toEqual([1, 2]);
    // Longer than the updates' coalescing (250 ms): the second joined behind the first, who did not move.
    await new Promise((r) => setTimeout(r, 600));
    expect(waitFrames(first.socket)).toEqual([]);

    // An enterprise customer's handoff has a higher priority (policy routing rule `strategic_account`).
    const vip = await askForPerson(server, {
      name: 'Vera',
      email: 'vera@example.com',
      attributes: { tier: 'enterprise' },
    });
    expect(vip.handoff.position).toBe(1);
    const moved = await second.socket.next<{ handoff: Notice }>(
      (f) => f['type'] === 'wait' && (f['handoff'] as Notice).position === 3,
    );
    expect(moved.handoff.waitMessage).toBeDefined();
    await first.socket.next((f) => f['type'] === 'wait' && (f['handoff'] as Notice).position === 2);
    for (const c of [first, second, vip]) await c.socket.close();
  });
});
