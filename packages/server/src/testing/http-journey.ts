import type { RunningServer } from '../start-server.ts';
import { connectSocket, type TestSocket } from './ws-client.ts';

/** A JSON response as the tests read it. */
export interface JsonResponse {
  status: number;
  json: Record<string, unknown>;
}

/**
 * Small HTTP/WebSocket steps the server tests share: sign in, connect an agent, start a conversation and
 * hand it off, accept. Everything goes through the real server (port 0), as a browser or a bot would.
 */
export const journey = (server: () => RunningServer) => {
  const call = async (method: string, path: string, body?: unknown, token?: string): Promise<JsonResponse> => {
    const res = await fetch(`${server().url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const wsUrl = (path: string) => `${server().url.replace('http', 'ws')}${path}`;

  const login = async (email: string): Promise<string> => {
    const res = await call('POST', '/v1/auth/login', { email, password: 'demo' });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
    return res.json['token'] as string;
  };

  let refs = 0;
  /** Sends a frame with a fresh ref and waits for its ack (or error frame, returned). */
  const command = async (socket: TestSocket, frame: object): Promise<Record<string, unknown>> => {
    refs += 1;
    const ref = `t${refs}`;
    socket.send({ ...frame, ref });
    return socket.next((f) => (f['type'] === 'ack' || f['type'] === 'error') && f['ref'] === ref, 10_000);
  };

  /** An agent signed in, connected and available. */
  const agentOnline = async (email: string): Promise<{ token: string; socket: TestSocket }> => {
    const token = await login(email);
    const socket = await connectSocket(wsUrl(`/v1/agent/stream?token=${token}`));
    await socket.next((f) => f['type'] === 'hello');
    const ack = await command(socket, { type: 'presence.set', presence: 'available' });
    if (ack['type'] !== 'ack') throw new Error(`presence: ${JSON.stringify(ack)}`);
    return { token, socket };
  };

  /** A customer conversation whose customer asked for a person (queued, routed). */
  const handedOff = async (name: string): Promise<{ id: string; token: string }> => {
    const created = await call('POST', '/v1/conversations', { customer: { name } });
    const id = (created.json['conversation'] as { id: string }).id;
    const token = created.json['token'] as string;
    const ask = await call(
      'POST',
      `/v1/conversations/${id}/turns`,
      { role: 'customer', text: 'can I talk to a human?' },
      token,
    );
    if ((ask.json['conversation'] as { status: string }).status !== 'queued') throw new Error('no handoff');
    return { id, token };
  };

  /** Waits for the offer of `conversationId` on the agent's socket and accepts it. */
  const accept = async (socket: TestSocket, conversationId: string): Promise<void> => {
    const offer = await socket.next<{ reservation: { id: string } }>(
      (f) =>
        f['type'] === 'offer' && (f['reservation'] as { conversationId: string }).conversationId === conversationId,
      10_000,
    );
    const ack = await command(socket, { type: 'offer.accept', reservationId: offer.reservation.id });
    if (ack['type'] !== 'ack') throw new Error(`accept: ${JSON.stringify(ack)}`);
  };

  return { call, wsUrl, login, command, agentOnline, handedOff, accept };
};
