import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { journey } from '../testing/http-journey.ts';
import { connectSocket, type TestSocket } from '../testing/ws-client.ts';

const defaultPolicy = fileURLToPath(new URL('../../../../policies/default.yaml', import.meta.url));

const CARD = '4111 1111 1111 1111';
const IBAN = 'GB82 WEST 1234 5698 7654 32';
const SAID = `I am Maria Garcia, card ${CARD}, mail maria@example.com, IBAN ${IBAN}`;

type Turn = { id: string; seq: number; text: string };

/**
 * P3 over real sockets: one customer turn with a name, a card, an e-mail and an IBAN reaches the owning agent,
 * a supervisor and an admin watching live, and the customer's own widget. Each sees what the policy file's
 * `privacy:` section allows their role; an edit of the file applies to the next turn.
 */
describe('who sees what of personal data', () => {
  let server: RunningServer;
  let dir = '';
  let file = '';
  const j = journey(() => server);
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-privacy-'));
    file = join(dir, 'policy.yaml');
    copyFileSync(defaultPolicy, file);
    server = await startServer({ port: 0, demo: true, assistant: false, logLevel: 'silent', policyFile: file });
  });
  afterAll(async () => {
    for (const s of sockets) await s.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (path: string): Promise<TestSocket> => {
    const s = await connectSocket(j.wsUrl(path));
    sockets.push(s);
    return s;
  };
  const turnOf = (s: TestSocket, type: string, seq: number) =>
    s.next<{ turn: Turn }>((f) => f['type'] === type && (f['turn'] as Turn).seq === seq).then((f) => f.turn.text);

  it('agent, supervisor, admin and customer each read the same turn as their role allows; a reload applies next', async () => {
    const alice = await j.agentOnline('alice@demo.baton');
    sockets.push(alice.socket);
    // The customer asks for a person in a turn with a card number: the offer's preview and package are masked.
    const created = await j.call('POST', '/v1/conversations', { customer: { name: 'Maria Garcia' } });
    const id = (created.json['conversation'] as { id: string }).id;
    const token = created.json['token'] as string;
    await j.call(
      'POST',
      `/v1/conversations/${id}/turns`,
      { role: 'customer', text: `my card ${CARD} was charged twice` },
      token,
    );
    const asked = await j.call(
      'POST',
      `/v1/conversations/${id}/turns`,
      { role: 'customer', text: 'can I talk to a human?' },
      token,
    );
    expect((asked.json['conversation'] as { status: string }).status).toBe('queued');
    const offer = await alice.socket.next<{
      reservation: { id: string };
      context: {
        transcript: Turn[];
        customer: { name: string };
        package?: { transcript: { text: string }[]; identity: { name: string } };
      };
    }>((f) => f['type'] === 'offer');
    expect(offer.context.transcript[0]?.text).toBe('my card [CARD] was charged twice');
    expect(offer.context.customer.name).toBe('Maria Garcia');
    expect(offer.context.package?.transcript[0]?.text).toContain('my card [CARD]');
    expect(offer.context.package?.identity.name).toBe('Maria Garcia');
    expect(JSON.stringify(offer)).not.toContain('4111');
    expect((await j.command(alice.socket, { type: 'offer.accept', reservationId: offer.reservation.id }))['type']).toBe(
      'ack',
    );

    const sam = await j.login('sam@demo.baton');
    const ada = await j.login('ada@demo.baton');
    const supervisor = await open(`/v1/supervisor/stream?token=${sam}`);
    const admin = await open(`/v1/supervisor/stream?token=${ada}`);
    for (const s of [supervisor, admin]) {
      expect((await j.command(s, { type: 'conversation.watch', conversationId: id }))['type']).toBe('ack');
    }
    const adminView = await admin.next<{ transcript: Turn[] }>((f) => f['type'] === 'conversation.transcript');
    expect(adminView.transcript[0]?.text).toContain(CARD);
    const supervisorView = await supervisor.next<{ transcript: Turn[] }>(
      (f) => f['type'] === 'conversation.transcript',
    );
    expect(supervisorView.transcript[0]?.text).toContain('[CARD]');
    const widget = await open(`/v1/conversations/${id}/stream?token=${token}`);

    const said = await j.call('POST', `/v1/conversations/${id}/turns`, { role: 'customer', text: SAID }, token);
    const seq = (said.json['turn'] as Turn).seq;
    const masked = 'I am Maria Garcia, card [CARD], mail maria@example.com, IBAN [IBAN]';
    expect(await turnOf(alice.socket, 'turn', seq)).toBe(masked);
    expect(await turnOf(supervisor, 'turn', seq)).toBe(masked);
    expect(await turnOf(admin, 'turn', seq)).toBe(SAID);
    expect(await turnOf(widget, 'turn', seq)).toBe(SAID);

    // HTTP reads: the supervisor's as their role allows, the customer's as written; the package on reload.
    const bySupervisor = await j.call('GET', `/v1/conversations/${id}`, undefined, sam);
    expect((bySupervisor.json['turns'] as Turn[]).at(-1)?.text).toBe(masked);
    const byCustomer = await j.call('GET', `/v1/conversations/${id}`, undefined, token);
    expect((byCustomer.json['turns'] as Turn[]).at(-1)?.text).toBe(SAID);
    const pkg = await j.call('GET', `/v1/conversations/${id}/context`, undefined, alice.token);
    expect(JSON.stringify(pkg.json)).not.toContain('4111');
    expect(JSON.stringify(pkg.json)).toContain('maria@example.com');

    // A second tab of the agent gets the hello snapshot masked too.
    const tab = await open(`/v1/agent/stream?token=${alice.token}`);
    const hello = await tab.next<{ conversations: { transcript: Turn[] }[] }>((f) => f['type'] === 'hello');
    expect(hello.conversations[0]?.transcript.at(-1)?.text).toBe(masked);

    // The policy file now lets agents see cards only: the next turn follows it, without a restart.
    writeFileSync(
      file,
      readFileSync(defaultPolicy, 'utf8').replace('agent: [PERSON, EMAIL, PHONE]', 'agent: [CREDIT_CARD]'),
    );
    const deadline = Date.now() + 5000;
    while (!server.ctx.masker.hidden('agent').includes('PERSON') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const again = await j.call('POST', `/v1/conversations/${id}/turns`, { role: 'customer', text: SAID }, token);
    const next = (again.json['turn'] as Turn).seq;
    expect(await turnOf(alice.socket, 'turn', next)).toBe(`I am [NAME], card ${CARD}, mail [EMAIL], IBAN [IBAN]`);
    expect(await turnOf(supervisor, 'turn', next)).toBe(masked);
    expect(await turnOf(widget, 'turn', next)).toBe(SAID);
    const hidden = await j.call('GET', `/v1/conversations/${id}/context`, undefined, alice.token);
    expect((hidden.json['package'] as { identity: { name: string } }).identity.name).toBe('[NAME]');
  });
});
