import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import type { StartOptions } from '../start-server.ts';
import { useDemoServer } from '../testing/demo-server.ts';

/** A demo server whose queues time offers out after a second. */
const quickOffers = (opts: StartOptions = {}) =>
  useDemoServer(opts, async (server) => {
    for (const q of await server.ctx.store.listQueues())
      await server.ctx.store.upsertQueue({ ...q, offerTimeoutSeconds: 1 });
  });

describe('an agent who lets an offer time out', () => {
  const { server, j } = quickOffers();

  it('is set away (missed an offer), is not offered the next customers, and gets them once available again', async () => {
    const alice = await j.agentOnline('alice@demo.baton');
    const first = await j.handedOff('First');
    const offer = await alice.socket.next<{ reservation: { id: string } }>((f) => f['type'] === 'offer');
    // Alice does not answer.
    await alice.socket.next(
      (f) => f['type'] === 'offer.ended' && f['reservationId'] === offer.reservation.id && f['status'] === 'timed_out',
    );
    const presence = await alice.socket.next((f) => f['type'] === 'presence' && f['presence'] === 'away');
    expect(presence['reason']).toBe('missed_offer');
    expect((await server().ctx.store.getAgent('agt_alice'))?.presence).toBe('away');
    const second = await j.handedOff('Second');
    await new Promise((r) => setTimeout(r, 300));
    // Nobody available: both wait, no new offer went to the agent who was not there.
    expect(alice.socket.frames.filter((f) => f['type'] === 'offer')).toHaveLength(1);
    expect((await server().ctx.store.openHandoffForConversation(first.id))?.status).toBe('queued');
    expect((await server().ctx.store.openHandoffForConversation(second.id))?.status).toBe('queued');
    // Back at the desk: the waiting customers are offered again.
    expect((await j.command(alice.socket, { type: 'presence.set', presence: 'available' }))['type']).toBe('ack');
    await j.accept(alice.socket, first.id);
    await alice.socket.close();
  });
});

describe('with BATON_AWAY_AFTER_MISSED_OFFER=false', () => {
  const { server, j } = quickOffers({ awayAfterMissedOffer: false });

  it('leaves the agent available and offers the customer to them again', async () => {
    const bob = await j.agentOnline('bob@demo.baton');
    await j.handedOff('Patient');
    const first = await bob.socket.next<{ reservation: { id: string } }>((f) => f['type'] === 'offer');
    await bob.socket.next((f) => f['type'] === 'offer.ended' && f['status'] === 'timed_out', 5_000);
    // Offered again (nobody else can take it), and this time answered.
    const again = await bob.socket.next<{ reservation: { id: string } }>(
      (f) => f['type'] === 'offer' && (f['reservation'] as { id: string }).id !== first.reservation.id,
    );
    expect((await j.command(bob.socket, { type: 'offer.accept', reservationId: again.reservation.id }))['type']).toBe(
      'ack',
    );
    expect((await server().ctx.store.getAgent('agt_bob'))?.presence).not.toBe('away');
    await bob.socket.close();
  });
});

describe('WebSocket heartbeat', () => {
  const { server, j } = quickOffers({ socketHeartbeatSeconds: 0.2 });

  it('closes a socket whose other end stopped answering pings, and keeps one that answers', async () => {
    const token = await j.login('alice@demo.baton');
    const url = j.wsUrl(`/v1/agent/stream?token=${token}`);
    const open = (autoPong: boolean) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(url, { autoPong });
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    const silent = await open(false); // as a laptop asleep: the TCP connection stays, nobody answers
    const alive = await open(true);
    const closed = await new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('silent socket not closed within 3 s')), 3_000);
      silent.once('close', (code) => {
        clearTimeout(t);
        resolve(code);
      });
    });
    expect(closed).toBe(1006); // terminated, no closing handshake
    await new Promise((r) => setTimeout(r, 600)); // three more intervals
    expect(alive.readyState).toBe(WebSocket.OPEN);
    expect(server().ctx.hub.agentConnections('agt_alice')).toBe(1);
    alive.close();
  });
});
