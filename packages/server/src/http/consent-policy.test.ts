import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultEscalationPolicy, type ConsentPolicy, type EscalationPolicy } from '@baton/core';
import { startServer, type RunningServer } from '../start-server.ts';
import { journey } from '../testing/http-journey.ts';

/**
 * P1: the policy decides what happens without the customer's consent to recording. Over real HTTP on the
 * embedded database: what is stored of the transcript before and after the customer declines, at the close,
 * and for a customer who never answered.
 */
describe('consent policy: what is kept when the customer declines recording', () => {
  let server: RunningServer;
  const j = journey(() => server);
  let consent: ConsentPolicy | undefined = defaultEscalationPolicy.consent;
  const policy = (): EscalationPolicy =>
    consent === undefined
      ? { ...defaultEscalationPolicy, consent: undefined }
      : { ...defaultEscalationPolicy, consent };

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, assistant: false, logLevel: 'silent', policy });
  });
  afterAll(async () => {
    await server?.close();
  });

  const PERSONAL = 'I am Maria Lopez, my card is 4111 1111 1111 1111 and my email is maria.lopez@example.com';

  const conversation = async () => {
    const created = await j.call('POST', '/v1/conversations', { channel: 'chat' });
    return { id: (created.json['conversation'] as { id: string }).id, token: created.json['token'] as string };
  };
  const say = async (c: { id: string; token: string }, text: string) => {
    const res = await j.call('POST', `/v1/conversations/${c.id}/turns`, { role: 'customer', text }, c.token);
    expect(res.status).toBe(201);
    return res.json;
  };
  const answer = async (c: { id: string; token: string }, recording: 'granted' | 'declined') => {
    const res = await j.call(
      'POST',
      `/v1/conversations/${c.id}/consent`,
      { recording, wording: 'May we record this chat?' },
      c.token,
    );
    expect(res.status).toBe(201);
  };
  const stored = async (id: string) => JSON.stringify(await server.ctx.store.listTurns(id));

  it('redact: turns before and after a decline are stored with placeholders; the engine still decides', async () => {
    consent = { recordingDeclined: 'redact', unanswered: 'granted' };
    const c = await conversation();
    await say(c, PERSONAL);
    expect(await stored(c.id)).toContain('maria.lopez@example.com');
    await answer(c, 'declined');
    const asked = await say(c, 'Also my phone is +1 415 555 0134. Can I talk to a real person please?');
    // The engine read the original text: the customer is queued for a person (customers never see decisions).
    expect((asked['conversation'] as { status: string }).status).toBe('queued');
    const asking = (await server.ctx.store.listTurns(c.id)).find((t) => t.seq === 2);
    expect(asking?.decision?.kind).toBe('handoff');
    const all = await stored(c.id);
    for (const secret of ['maria.lopez@example.com', '4111', '415 555 0134', 'Maria Lopez']) {
      expect(all).not.toContain(secret);
    }
    const texts = (await server.ctx.store.listTurns(c.id)).filter((t) => t.role === 'customer').map((t) => t.text);
    expect(texts[0]).toContain('[EMAIL]');
    expect(texts[1]).toContain('talk to a real person');
    // What the customer sees of their own conversation comes from the store too.
    const view = await j.call('GET', `/v1/conversations/${c.id}`, undefined, c.token);
    expect(JSON.stringify(view.json)).not.toContain('maria.lopez@example.com');
  });

  it('keep: a decline changes nothing stored; a grant never redacts', async () => {
    consent = { recordingDeclined: 'keep', unanswered: 'granted' };
    const declined = await conversation();
    await say(declined, PERSONAL);
    await answer(declined, 'declined');
    await say(declined, 'my email again: maria.lopez@example.com');
    expect((await stored(declined.id)).match(/maria\.lopez@example\.com/g)?.length).toBeGreaterThanOrEqual(2);
    consent = { recordingDeclined: 'redact', unanswered: 'granted' };
    const granted = await conversation();
    await answer(granted, 'granted');
    await say(granted, PERSONAL);
    expect(await stored(granted.id)).toContain('maria.lopez@example.com');
  });

  it('discard: redacted while open, and what the customer wrote is wiped when the conversation ends', async () => {
    consent = { recordingDeclined: 'discard', unanswered: 'granted' };
    const c = await conversation();
    await answer(c, 'declined');
    await say(c, PERSONAL);
    const open = await server.ctx.store.listTurns(c.id);
    expect(open[0]?.text).toContain('[CARD]');
    expect(open[0]?.decision).not.toBeNull();
    const closed = await j.call('POST', `/v1/conversations/${c.id}/close`, {}, c.token);
    expect(closed.status).toBeLessThan(300);
    const after = await server.ctx.store.listTurns(c.id);
    expect(after.map((t) => t.text)).toEqual(after.map(() => ''));
    // Rows, roles and the decision's codes stay for analytics and the audit trail.
    expect(after[0]).toMatchObject({ role: 'customer', seq: 1 });
    expect(after[0]?.decision?.rule).toBe(open[0]?.decision?.rule);
    // A customer who allowed recording keeps their transcript at the close.
    const kept = await conversation();
    await answer(kept, 'granted');
    await say(kept, PERSONAL);
    await j.call('POST', `/v1/conversations/${kept.id}/close`, {}, kept.token);
    expect(await stored(kept.id)).toContain('maria.lopez@example.com');
  });

  it('unanswered as declined: redacted from the first turn, kept as written once the customer allows it', async () => {
    consent = { recordingDeclined: 'redact', unanswered: 'declined' };
    const c = await conversation();
    await say(c, PERSONAL);
    expect(await stored(c.id)).not.toContain('maria.lopez@example.com');
    await answer(c, 'granted');
    await say(c, 'write to maria.lopez@example.com');
    const texts = (await server.ctx.store.listTurns(c.id)).map((t) => t.text);
    expect(texts[0]).not.toContain('maria.lopez@example.com');
    expect(texts[1]).toContain('maria.lopez@example.com');
  });

  it('without a consent section nothing is redacted', async () => {
    consent = undefined;
    const c = await conversation();
    await answer(c, 'declined');
    await say(c, PERSONAL);
    expect(await stored(c.id)).toContain('maria.lopez@example.com');
  });
});
