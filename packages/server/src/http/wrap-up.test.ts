import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FloorSnapshot } from '@baton/contracts';
import { startServer, type RunningServer } from '../start-server.ts';
import { addDemoAdmin } from '../testing/demo-admin.ts';
import { journey } from '../testing/http-journey.ts';
import type { TestSocket } from '../testing/ws-client.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wrap-up time and presence reasons (R2, issue 4) over the real agent socket: the admin's wrap-up setting is
 * kept; a closed conversation puts the agent into `wrap_up` and routing leaves them alone until the timer ends,
 * the agent says "Ready" or submits the wrap-up form; a restart re-arms the timer; reasons reach the floor.
 */
describe('wrap-up after a conversation and presence reasons', () => {
  let server: RunningServer;
  const j = journey(() => server);
  let alice: { token: string; socket: TestSocket };
  let ada: string;
  let sam: string;

  const setWrapUp = async (seconds: number) => {
    const res = await j.call('PATCH', '/v1/admin/agents/agt_alice', { wrapUpSeconds: seconds }, ada);
    expect(res.status).toBe(200);
    expect(res.json['wrapUpSeconds']).toBe(seconds);
  };
  /** Closes an accepted conversation from the agent's side and waits for the wrap-up presence frame. */
  const closeIntoWrapUp = async (conversationId: string) => {
    expect((await j.command(alice.socket, { type: 'conversation.close', conversationId }))['type']).toBe('ack');
    return alice.socket.next<{ presence: string; reason: string | null; since: string; wrapUpSeconds: number }>(
      (f) => f['type'] === 'presence' && f['presence'] === 'wrap_up',
    );
  };

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, assistant: false, logLevel: 'silent' });
    await addDemoAdmin(server.ctx.store);
    [ada, sam] = await Promise.all([j.login('ada@demo.baton'), j.login('sam@demo.baton')]);
    alice = await j.agentOnline('alice@demo.baton');
  });
  afterAll(async () => {
    await alice?.socket.close();
    await server?.close();
  });

  it('keeps the wrap-up seconds an admin sets: read back through the staffing roster', async () => {
    await setWrapUp(2);
    const roster = await j.call('GET', '/v1/supervisor/staffing/agents', undefined, sam);
    const agents = roster.json['agents'] as { id: string; wrapUpSeconds: number | null }[];
    expect(agents.find((a) => a.id === 'agt_alice')?.wrapUpSeconds).toBe(2);
    expect((await server.ctx.store.getAgent('agt_alice'))?.wrapUpSeconds).toBe(2);
  });

  it('after a close the agent is in wrap-up, gets no offer until the timer ends, then gets the waiting one', async () => {
    await setWrapUp(2);
    const first = await j.handedOff('Kim Lowe');
    await j.accept(alice.socket, first.id);
    const wrap = await closeIntoWrapUp(first.id);
    expect(wrap).toMatchObject({ reason: 'after_conversation', wrapUpSeconds: 2 });
    const startedAt = Date.now();
    expect(await server.ctx.store.getAgent('agt_alice')).toMatchObject({
      presence: 'wrap_up',
      presenceReason: 'after_conversation',
    });

    // Alice has chat capacity left, but she is wrapping up: the new customer waits.
    const second = await j.handedOff('Noor Haddad');
    await sleep(800);
    expect((await server.ctx.store.openHandoffForConversation(second.id))?.status).toBe('queued');

    const offer = await alice.socket.next<{ reservation: { id: string; conversationId: string } }>(
      (f) => f['type'] === 'offer' && (f['reservation'] as { conversationId: string }).conversationId === second.id,
      8_000,
    );
    // The timer, not anything earlier, made her available again.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_500);
    expect((await server.ctx.store.getAgent('agt_alice'))?.presence).toBe('available');
    expect((await j.command(alice.socket, { type: 'offer.accept', reservationId: offer.reservation.id }))['type']).toBe(
      'ack',
    );
    await closeIntoWrapUp(second.id);
    // Ends by itself; leaves her available for the next test.
    await alice.socket.next((f) => f['type'] === 'presence' && f['presence'] === 'available', 8_000);
  });

  it('"Ready" (presence available) ends wrap-up early, and so does submitting the wrap-up form', async () => {
    await setWrapUp(60);
    const first = await j.handedOff('Ola Berg');
    await j.accept(alice.socket, first.id);
    const handoffId = (await server.ctx.store.openHandoffForConversation(first.id))?.id ?? '';
    await closeIntoWrapUp(first.id);
    const waiting = await j.handedOff('Pia Sund');
    expect((await j.command(alice.socket, { type: 'presence.set', presence: 'available' }))['type']).toBe('ack');
    await j.accept(alice.socket, waiting.id);

    await closeIntoWrapUp(waiting.id);
    const submitted = await j.command(alice.socket, {
      type: 'wrapup.submit',
      handoffId,
      disposition: 'resolved',
      notes: 'Refund issued.',
      handoffNeeded: true,
    });
    expect(submitted['type']).toBe('ack');
    expect((await server.ctx.store.getAgent('agt_alice'))?.presence).toBe('available');
  });

  it('a hand back puts the agent into wrap-up too (the slot is freed by the agent action, not a close)', async () => {
    await setWrapUp(60);
    const conv = await j.handedOff('Uma Patel');
    await j.accept(alice.socket, conv.id);
    const ack = await j.command(alice.socket, { type: 'conversation.hand_back', conversationId: conv.id });
    expect(ack['type']).toBe('ack');
    expect(await server.ctx.store.getAgent('agt_alice')).toMatchObject({
      presence: 'wrap_up',
      presenceReason: 'after_conversation',
    });
    expect((await j.command(alice.socket, { type: 'presence.set', presence: 'available' }))['type']).toBe('ack');
  });

  it('leaves an agent who is away alone: no wrap-up, the reason stays', async () => {
    await setWrapUp(60);
    const conv = await j.handedOff('Rui Costa');
    await j.accept(alice.socket, conv.id);
    const away = await j.command(alice.socket, { type: 'presence.set', presence: 'away', reason: 'meeting' });
    expect(away['type']).toBe('ack');
    expect((await j.command(alice.socket, { type: 'conversation.close', conversationId: conv.id }))['type']).toBe(
      'ack',
    );
    expect(await server.ctx.store.getAgent('agt_alice')).toMatchObject({ presence: 'away', presenceReason: 'meeting' });
    expect((await j.command(alice.socket, { type: 'presence.set', presence: 'available' }))['type']).toBe('ack');
  });

  it('shows presence reasons on the supervisor floor; a bad reason is an error frame and the socket stays open', async () => {
    const lunch = await j.command(alice.socket, { type: 'presence.set', presence: 'away', reason: 'lunch' });
    expect(lunch['type']).toBe('ack');
    const floor = (await j.call('GET', '/v1/supervisor/floor', undefined, sam)).json as unknown as FloorSnapshot;
    expect(floor.agents.find((a) => a.id === 'agt_alice')).toMatchObject({ presence: 'away', presenceReason: 'lunch' });

    const unknown = await j.command(alice.socket, { type: 'presence.set', presence: 'away', reason: 'nap' });
    expect(unknown).toMatchObject({ type: 'error', error: { code: 'invalid_frame' } });
    const tooLong = await j.command(alice.socket, { type: 'presence.set', presence: 'away', reason: 'x'.repeat(500) });
    expect(tooLong).toMatchObject({ type: 'error', error: { code: 'invalid_frame' } });
    const onAvailable = await j.command(alice.socket, {
      type: 'presence.set',
      presence: 'available',
      reason: 'break',
    });
    expect(onAvailable).toMatchObject({ type: 'error', error: { code: 'presence_reason_not_allowed' } });
    alice.socket.send({ type: 'ping', ref: 'still-open' });
    expect(await alice.socket.next((f) => f['type'] === 'pong' && f['ref'] === 'still-open')).toBeDefined();
    expect(await server.ctx.store.getAgent('agt_alice')).toMatchObject({ presence: 'away', presenceReason: 'lunch' });

    // Back to work: the reason is cleared with the presence it explained.
    expect((await j.command(alice.socket, { type: 'presence.set', presence: 'available' }))['type']).toBe('ack');
    const back = (await j.call('GET', '/v1/supervisor/floor', undefined, sam)).json as unknown as FloorSnapshot;
    expect(back.agents.find((a) => a.id === 'agt_alice')?.presenceReason ?? null).toBeNull();
  });
});

describe('wrap-up across a restart', () => {
  it('re-arms the wrap-up timer from the store: the agent is available again after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'baton-wrap-up-restart-'));
    let first: RunningServer | undefined = await startServer({ port: 0, demo: true, logLevel: 'silent', dataDir });
    let second: RunningServer | undefined;
    try {
      const running = first;
      const j = journey(() => running);
      const agent = await running.ctx.store.getAgent('agt_alice');
      if (agent === null) throw new Error('no demo agent');
      await running.ctx.store.upsertAgent({ ...agent, wrapUpSeconds: 2 });
      const alice = await j.agentOnline('alice@demo.baton');
      const conv = await j.handedOff('Sol Reyes');
      await j.accept(alice.socket, conv.id);
      expect((await j.command(alice.socket, { type: 'conversation.close', conversationId: conv.id }))['type']).toBe(
        'ack',
      );
      expect((await running.ctx.store.getAgent('agt_alice'))?.presence).toBe('wrap_up');
      await alice.socket.close();
      await running.close(); // its timer goes with it
      first = undefined;

      second = await startServer({ port: 0, demo: true, logLevel: 'silent', dataDir });
      const store = second.ctx.store;
      expect((await store.getAgent('agt_alice'))?.presence).toBe('wrap_up');
      const deadline = Date.now() + 8_000;
      while ((await store.getAgent('agt_alice'))?.presence === 'wrap_up' && Date.now() < deadline) await sleep(100);
      expect((await store.getAgent('agt_alice'))?.presence).toBe('available');
    } finally {
      await first?.close();
      await second?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
