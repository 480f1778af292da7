import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../audit/verify-audit.ts';
import { startServer, type RunningServer } from '../start-server.ts';
import { journey } from '../testing/http-journey.ts';
import { addDemoAdmin } from '../testing/demo-admin.ts';

const NAME = 'Zelda Quintero';
const EMAIL = 'zelda.q@example.org';
const SECRET_TEXT = 'my account number is 99-1234-5678';
const WORDING = 'You are chatting with an AI assistant. May we record this chat?';

/**
 * P7 subject rights over real HTTP: an admin exports everything held about one customer (customer,
 * conversations, turns, handoffs, consent, survey, wrap-up), then erases it; the personal data is gone
 * from the store, the audit log never held it, and `audit verify` still passes.
 */
describe('export and erasure of one customer', () => {
  let server: RunningServer;
  const j = journey(() => server);
  let admin = '';
  let sam = '';
  let customerId = '';
  let conversationIds: string[] = [];

  const errorCode = (json: Record<string, unknown>) => (json['error'] as { code: string }).code;

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, logLevel: 'silent', botKeys: 'bot:k' });
    await addDemoAdmin(server.ctx.store);
    admin = await j.login('ada@demo.baton');
    sam = await j.login('sam@demo.baton');

    // A full history: consent, a handoff accepted by Alice, a wrap-up, the survey; and a second, bot-only contact.
    const alice = await j.agentOnline('alice@demo.baton');
    const created = await j.call('POST', '/v1/conversations', { customer: { name: NAME, email: EMAIL } });
    const id = (created.json['conversation'] as { id: string }).id;
    const token = created.json['token'] as string;
    expect(
      (await j.call('POST', `/v1/conversations/${id}/consent`, { recording: 'granted', wording: WORDING }, token))
        .status,
    ).toBe(201);
    await j.call('POST', `/v1/conversations/${id}/turns`, { role: 'customer', text: SECRET_TEXT }, token);
    await j.call('POST', `/v1/conversations/${id}/turns`, { role: 'customer', text: 'can I talk to a human?' }, token);
    await j.accept(alice.socket, id);
    const handoff = await server.ctx.store.openHandoffForConversation(id);
    alice.socket.send({ type: 'message.send', conversationId: id, text: `Hello ${NAME}, I can help`, ref: 'm1' });
    await alice.socket.next((f) => f['ref'] === 'm1');
    expect((await j.command(alice.socket, { type: 'conversation.close', conversationId: id }))['type']).toBe('ack');
    const wrap = await j.command(alice.socket, {
      type: 'wrapup.submit',
      handoffId: handoff?.id,
      disposition: 'resolved',
      notes: `${NAME} was refunded`,
      handoffNeeded: true,
    });
    expect(wrap['type']).toBe('ack');
    expect(
      (await j.call('POST', `/v1/conversations/${id}/survey`, { rating: 5, comment: `thanks from ${NAME}` }, token))
        .status,
    ).toBe(201);
    await alice.socket.close();

    const second = await j.call('POST', '/v1/conversations', { customer: { email: EMAIL } }, 'k');
    const id2 = (second.json['conversation'] as { id: string }).id;
    await j.call(
      'POST',
      `/v1/conversations/${id2}/turns`,
      { role: 'customer', text: 'what are your opening hours?' },
      'k',
    );
    await j.call('POST', `/v1/conversations/${id2}/close`, {}, 'k');

    const conv = await server.ctx.store.getConversation(id);
    customerId = conv?.customerId ?? '';
    conversationIds = [id, id2].sort();
    expect((await server.ctx.store.getConversation(id2))?.customerId).toBe(customerId);
    // Lifecycle audit entries are written in the background: wait for the last one.
    for (let i = 0; i < 100; i++) {
      if ((await server.ctx.store.listAudit(0, 500)).some((e) => e.action === 'handoff.completed')) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('finds the customer of a request by e-mail, auditing which identifier was used but not its value', async () => {
    const found = await j.call(
      'GET',
      `/v1/admin/customers?email=${encodeURIComponent(EMAIL.toUpperCase())}`,
      undefined,
      admin,
    );
    expect(found.status).toBe(200);
    expect(found.json['customers']).toEqual([expect.objectContaining({ id: customerId, name: NAME, email: EMAIL })]);
    const entry = (await server.ctx.store.listAudit(0, 1000)).at(-1);
    expect(entry).toMatchObject({
      action: 'data.read',
      actor: 'agent:agt_ada',
      data: { by: ['email'], found: [customerId] },
    });
    expect(JSON.stringify(entry)).not.toContain(EMAIL);
    const none = await j.call('GET', '/v1/admin/customers', undefined, admin);
    expect([none.status, errorCode(none.json)]).toEqual([400, 'invalid_request']);
    expect((await j.call('GET', `/v1/admin/customers?email=${EMAIL}`, undefined, sam)).status).toBe(403);
  });

  it('exports everything held about the customer', async () => {
    const res = await fetch(`${server.url}/v1/admin/customers/${customerId}/export`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`customer-${customerId}.json`);
    const data = (await res.json()) as {
      format: string;
      customer: Record<string, unknown>;
      conversations: {
        conversation: { id: string };
        turns: { text: string; role: string }[];
        handoffs: { handoff: { status: string }; reservations: unknown[]; wrapUp: { notes: string } | null }[];
        consents: { wording: string; recording: string }[];
        survey: { comment: string } | null;
      }[];
    };
    expect(data.format).toBe('baton.subject-export.v1');
    expect(data.customer).toMatchObject({ id: customerId, name: NAME, email: EMAIL });
    expect(data.conversations.map((c) => c.conversation.id).sort()).toEqual(conversationIds);
    const first = data.conversations.find((c) => c.handoffs.length > 0);
    const stored = await server.ctx.store.listTurns(first?.conversation.id ?? '');
    expect(first?.turns.map((t) => t.text)).toEqual(stored.map((t) => t.text));
    expect(first?.turns.map((t) => t.text)).toEqual(expect.arrayContaining([SECRET_TEXT, `Hello ${NAME}, I can help`]));
    expect(first?.handoffs[0]).toMatchObject({
      handoff: { status: 'completed' },
      wrapUp: { notes: `${NAME} was refunded` },
    });
    expect(first?.handoffs[0]?.reservations.length).toBeGreaterThan(0);
    expect(first?.consents).toEqual([expect.objectContaining({ wording: WORDING, recording: 'granted' })]);
    expect(first?.survey).toMatchObject({ comment: `thanks from ${NAME}` });
    const audit = (await server.ctx.store.listAudit(0, 1000)).at(-1);
    expect(audit).toMatchObject({
      action: 'subject.exported',
      actor: 'agent:agt_ada',
      subject: `customer:${customerId}`,
    });
    expect(audit?.data['digest']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps everyone but admins out, and answers unknown customers with a stable code', async () => {
    const alice = await j.login('alice@demo.baton');
    for (const [token, code] of [
      [sam, 'forbidden'],
      [alice, 'forbidden'],
      ['k', 'scope_missing'],
    ]) {
      const exp = await j.call('GET', `/v1/admin/customers/${customerId}/export`, undefined, token);
      const erase = await j.call('POST', `/v1/admin/customers/${customerId}/erase`, {}, token);
      expect([exp.status, errorCode(exp.json), erase.status, errorCode(erase.json)]).toEqual([403, code, 403, code]);
    }
    expect((await j.call('GET', `/v1/admin/customers/${customerId}/export`)).status).toBe(401);
    const missing = await j.call('GET', '/v1/admin/customers/cus_nobody/export', undefined, admin);
    expect([missing.status, errorCode(missing.json)]).toEqual([404, 'customer_not_found']);
    expect((await server.ctx.store.getCustomer(customerId))?.name).toBe(NAME);
  });

  it('refuses to erase while a conversation of the customer is open, and changes nothing', async () => {
    const open = await j.call('POST', '/v1/conversations', {
      customer: { name: 'Other Person', email: 'o@example.org' },
    });
    const id = (open.json['conversation'] as { id: string }).id;
    const other = (await server.ctx.store.getConversation(id))?.customerId ?? '';
    const res = await j.call('POST', `/v1/admin/customers/${other}/erase`, {}, admin);
    expect([res.status, errorCode(res.json)]).toEqual([409, 'conversation_open']);
    expect((await server.ctx.store.getCustomer(other))?.name).toBe('Other Person');
  });

  it('erases the personal data; the audit log never held it and still verifies', async () => {
    const res = await j.call('POST', `/v1/admin/customers/${customerId}/erase`, {}, admin);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ customerId, conversationIds });

    const after = await j.call('GET', `/v1/admin/customers/${customerId}/export`, undefined, admin);
    const dump = JSON.stringify(after.json);
    expect(after.json['customer']).toMatchObject({
      id: customerId,
      name: null,
      email: null,
      phone: null,
      attributes: {},
    });
    for (const secret of [NAME, 'Zelda', EMAIL, '99-1234-5678', 'refunded', 'opening hours'])
      expect(dump).not.toContain(secret);
    // Consent records stay: what the customer agreed to, under which wording, is itself the proof.
    expect(dump).toContain(WORDING);

    const entries = await server.ctx.store.listAudit(0, 5000);
    expect(JSON.stringify(entries)).not.toMatch(/Zelda|zelda\.q|99-1234|refunded/);
    const erased = entries.find((e) => e.action === 'subject.erased');
    expect(erased).toMatchObject({
      actor: 'agent:agt_ada',
      subject: `customer:${customerId}`,
      data: { conversationIds },
    });
    expect(erased?.data['turns']).toBeGreaterThanOrEqual(4);
    expect(await verifyAuditLog(server.ctx.store)).toMatchObject({ ok: true });
  });
});
