import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher, isSealed } from '../compliance/field-cipher.ts';
import { startServer, type RunningServer } from '../start-server.ts';
import { openDatabase } from '../storage/database.ts';
import { turns } from '../storage/schema.ts';
import { journey } from '../testing/http-journey.ts';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const SAID = 'My card 4111 1111 1111 1111 was charged twice, write to ana.lopez@example.org please';
const PERSONAL = /4111|ana\.lopez/;

/**
 * P5, P6 over real HTTP on the embedded database: with BATON_REDACT_STORED and BATON_ENCRYPTION_KEYS a turn is
 * stored redacted and its original sealed beside it; supervisors and admins reveal it with a reason (audited),
 * nobody else can; a decline keeps no original; rotation re-seals it; erasure removes it.
 */
describe('kept originals of redacted turns (sealed, revealed with audit)', () => {
  let root: string;
  let server: RunningServer;
  const j = journey(() => server);
  const start = (keys: { id: string; key: Buffer }[] | null) =>
    startServer({
      port: 0,
      demo: true,
      logLevel: 'silent',
      botKeys: 'bot:k',
      dataDir: join(root, 'db'),
      storedRedaction: { types: ['CREDIT_CARD', 'EMAIL'] },
      ...(keys === null ? {} : { cipher: new FieldCipher(keys) }),
    });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'baton-originals-'));
  });
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  const conversation = async (customer?: { name: string; email: string }) => {
    const created = await j.call('POST', '/v1/conversations', customer === undefined ? {} : { customer });
    return { id: (created.json['conversation'] as { id: string }).id, token: created.json['token'] as string };
  };
  const say = async (c: { id: string; token: string }, text: string): Promise<string> => {
    const res = await j.call('POST', `/v1/conversations/${c.id}/turns`, { role: 'customer', text }, c.token);
    expect(res.status).toBe(201);
    return (res.json['turn'] as { id: string }).id;
  };
  const reveal = (conversationId: string, turnId: string, token: string, body: unknown = { reason: 'card dispute' }) =>
    j.call('POST', `/v1/conversations/${conversationId}/turns/${turnId}/original`, body, token);
  const revealed = async () =>
    (await server.ctx.store.listAudit(0, 10_000)).filter((e) => e.action === 'data.revealed');

  it('stores the turn redacted and the original sealed; supervisors and admins reveal it, audited', async () => {
    server = await start([k1]);
    const c = await conversation({ name: 'Ana Lopez', email: 'ana.lopez@example.org' });
    const turnId = await say(c, SAID);
    const stored = (await server.ctx.store.listTurns(c.id)).find((t) => t.id === turnId);
    expect(stored?.text).toContain('was charged twice');
    expect(JSON.stringify(await server.ctx.store.listTurns(c.id))).not.toMatch(PERSONAL);
    const sealed = await server.ctx.store.sealedTurnOriginal(c.id, turnId);
    expect(isSealed(sealed) && sealed.kid).toBe('k1');
    expect(JSON.stringify(sealed)).not.toMatch(PERSONAL);

    const sam = await j.login('sam@demo.baton');
    const ada = await j.login('ada@demo.baton');
    const bySupervisor = await reveal(c.id, turnId, sam, { reason: 'chargeback dispute #812' });
    expect(bySupervisor.status).toBe(200);
    expect(bySupervisor.json).toMatchObject({ conversationId: c.id, turnId, text: SAID });
    expect((await reveal(c.id, turnId, ada)).json['text']).toBe(SAID);
    const entries = await revealed();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      action: 'data.revealed',
      subject: `conversation:${c.id}`,
      data: { what: 'turn_original', turnId, role: 'supervisor', reason: 'chargeback dispute #812' },
    });
    expect(entries.map((e) => e.actor.startsWith('agent:'))).toEqual([true, true]);
    // The chain never holds the revealed text.
    expect(JSON.stringify(entries)).not.toMatch(PERSONAL);

    // Agents, bots and the customer's own widget token are refused; bad input is a 400; nothing is audited.
    const alice = await j.login('alice@demo.baton');
    for (const token of [alice, 'k', c.token]) {
      const res = await reveal(c.id, turnId, token);
      expect([res.status, (res.json['error'] as { code: string }).code]).toEqual([403, 'forbidden']);
      expect(JSON.stringify(res.json)).not.toMatch(PERSONAL);
    }
    for (const body of [{}, { reason: 'x' }, { reason: 'y'.repeat(501) }, { reason: 'fine reason', extra: 1 }]) {
      const res = await reveal(c.id, turnId, sam, body);
      expect([res.status, (res.json['error'] as { code: string }).code]).toEqual([400, 'invalid_request']);
    }
    // A turn with nothing redacted, an unknown turn, an unknown conversation.
    const plainTurn = await say(c, 'thanks, that is all');
    for (const [conv, turn, code] of [
      [c.id, plainTurn, 'original_not_kept'],
      [c.id, 'turn_nope', 'original_not_kept'],
      ['conv_nope', turnId, 'conversation_not_found'],
    ] as const) {
      const res = await reveal(conv, turn, sam);
      expect([res.status, (res.json['error'] as { code: string }).code]).toEqual([404, code]);
    }
    expect(await revealed()).toHaveLength(2);

    // A customer who declined recording: no original, whether the turn came before or after the decline.
    const declinedFirst = await conversation();
    await j.call(
      'POST',
      `/v1/conversations/${declinedFirst.id}/consent`,
      { recording: 'declined', wording: 'May we record this chat?' },
      declinedFirst.token,
    );
    const afterDecline = await say(declinedFirst, SAID);
    const declinedLater = await conversation();
    const beforeDecline = await say(declinedLater, SAID);
    expect(await server.ctx.store.sealedTurnOriginal(declinedLater.id, beforeDecline)).not.toBeNull();
    await j.call(
      'POST',
      `/v1/conversations/${declinedLater.id}/consent`,
      { recording: 'declined', wording: 'May we record this chat?' },
      declinedLater.token,
    );
    expect(await server.ctx.store.sealedTurnOriginal(declinedFirst.id, afterDecline)).toBeNull();
    expect(await server.ctx.store.sealedTurnOriginal(declinedLater.id, beforeDecline)).toBeNull();
    expect((await reveal(declinedLater.id, beforeDecline, sam)).status).toBe(404);
    await server.close();

    // The raw rows, read straight from the database files: ciphertext only, anywhere in the turns table.
    const raw = await openDatabase({ dataDir: join(root, 'db') });
    try {
      const rows = await raw.db.select().from(turns);
      expect(rows.filter((r) => r.originalSealed !== null)).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toMatch(PERSONAL);
    } finally {
      await raw.close();
    }

    // Key rotation without downtime: k2 seals, k1 still opens; `reencrypt` moves the original to k2.
    server = await start([k2, k1]);
    expect((await reveal(c.id, turnId, await j.login('sam@demo.baton'))).json['text']).toBe(SAID);
    expect(await server.ctx.store.resealSensitiveFields(500)).toBeGreaterThanOrEqual(1);
    expect(await server.ctx.store.resealSensitiveFields(500)).toBe(0);
    const resealed = await server.ctx.store.sealedTurnOriginal(c.id, turnId);
    expect(isSealed(resealed) && resealed.kid).toBe('k2');
    await server.close();
    // k1 can now go.
    server = await start([k2]);
    const admin = await j.login('ada@demo.baton');
    expect((await reveal(c.id, turnId, admin)).json['text']).toBe(SAID);

    // The subject export carries the customer's own words; erasure removes the original with the transcript.
    const customerId = (await server.ctx.store.getConversation(c.id))?.customerId ?? expect.fail('no customer');
    const exported = await fetch(`${server.url}/v1/admin/customers/${customerId}/export`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const data = (await exported.json()) as { conversations: { turns: { id: string; originalText?: string }[] }[] };
    const turnsOut = data.conversations.flatMap((x) => x.turns);
    expect(turnsOut.find((t) => t.id === turnId)?.originalText).toBe(SAID);
    expect(turnsOut.find((t) => t.id === plainTurn)?.originalText).toBeUndefined();
    expect((await j.call('POST', `/v1/conversations/${c.id}/close`, {}, c.token)).status).toBe(200);
    expect((await j.call('POST', `/v1/admin/customers/${customerId}/erase`, {}, admin)).status).toBe(200);
    expect(await server.ctx.store.sealedTurnOriginal(c.id, turnId)).toBeNull();
    const gone = await reveal(c.id, turnId, admin);
    expect([gone.status, (gone.json['error'] as { code: string }).code]).toEqual([404, 'original_not_kept']);
  });

  it('keeps no original without BATON_ENCRYPTION_KEYS (redacted as before, nothing to reveal)', async () => {
    await server?.close();
    server = await startServer({
      port: 0,
      demo: true,
      logLevel: 'silent',
      botKeys: 'bot:k',
      storedRedaction: { types: ['CREDIT_CARD', 'EMAIL'] },
    });
    const c = await conversation();
    const turnId = await say(c, SAID);
    expect(JSON.stringify(await server.ctx.store.listTurns(c.id))).not.toMatch(PERSONAL);
    expect(await server.ctx.store.sealedTurnOriginal(c.id, turnId)).toBeNull();
    const res = await reveal(c.id, turnId, await j.login('sam@demo.baton'));
    expect([res.status, (res.json['error'] as { code: string }).code]).toEqual([404, 'original_not_kept']);
  });
});
