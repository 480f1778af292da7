import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { journey } from '../testing/http-journey.ts';

/** Consent (P1) and the satisfaction survey (M7) over real HTTP, with the bad inputs and who may call. */
describe('consent and survey endpoints', () => {
  let server: RunningServer;
  const j = journey(() => server);

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, assistant: false, logLevel: 'silent' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const newConversation = async (channel = 'chat') => {
    const created = await j.call('POST', '/v1/conversations', { channel, language: 'fr' });
    return { id: (created.json['conversation'] as { id: string }).id, token: created.json['token'] as string };
  };

  it('stores the consent with the wording shown, the time and the channel; the latest is in force', async () => {
    const c = await newConversation('chat');
    expect((await j.call('GET', `/v1/conversations/${c.id}/consent`, undefined, c.token)).json).toEqual({
      consent: null,
    });
    const wording = 'Vous discutez avec un assistant virtuel. Pouvons-nous enregistrer cette conversation ?';
    const first = await j.call('POST', `/v1/conversations/${c.id}/consent`, { recording: 'granted', wording }, c.token);
    expect(first.status).toBe(201);
    expect(first.json['consent']).toMatchObject({ recording: 'granted', wording, language: 'fr', channel: 'chat' });
    const changed = await j.call(
      'POST',
      `/v1/conversations/${c.id}/consent`,
      { recording: 'declined', wording, language: 'fr' },
      c.token,
    );
    expect(changed.status).toBe(201);
    const now = await j.call('GET', `/v1/conversations/${c.id}/consent`, undefined, c.token);
    expect(now.json['consent']).toMatchObject({ recording: 'declined' });
    const stored = await server.ctx.store.latestConsent(c.id);
    expect(stored?.wording).toBe(wording);
    expect(Math.abs((stored?.createdAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('rejects bad consent input and other credentials with stable codes', async () => {
    const c = await newConversation();
    const other = await newConversation();
    const cases: [unknown, number, string][] = [
      [{ recording: 'maybe', wording: 'x' }, 400, 'invalid_request'],
      [{ recording: 'granted' }, 400, 'invalid_request'],
      [{ recording: 'granted', wording: '   ' }, 400, 'invalid_request'],
      [{ recording: 'granted', wording: 'x'.repeat(2001) }, 400, 'invalid_request'],
      [{ recording: 'granted', wording: 'ok', extra: 1 }, 400, 'invalid_request'],
    ];
    for (const [body, status, code] of cases) {
      const res = await j.call('POST', `/v1/conversations/${c.id}/consent`, body, c.token);
      expect([res.status, (res.json['error'] as { code: string }).code]).toEqual([status, code]);
    }
    const body = { recording: 'granted', wording: 'ok' };
    const noToken = await j.call('POST', `/v1/conversations/${c.id}/consent`, body);
    expect(noToken.status).toBe(401);
    const wrongConversation = await j.call('POST', `/v1/conversations/${c.id}/consent`, body, other.token);
    expect([wrongConversation.status, (wrongConversation.json['error'] as { code: string }).code]).toEqual([
      403,
      'forbidden',
    ]);
    const sam = await j.login('sam@demo.baton');
    const bySupervisor = await j.call('POST', `/v1/conversations/${c.id}/consent`, body, sam);
    expect(bySupervisor.status).toBe(403);
    expect((await j.call('GET', `/v1/conversations/${c.id}/consent`, undefined, sam)).status).toBe(200);
    const missing = await j.call('POST', '/v1/conversations/conv_missing/consent', body, 'demo-bot-key');
    expect([missing.status, (missing.json['error'] as { code: string }).code]).toEqual([404, 'conversation_not_found']);
  });

  it('opens the survey only after a person handled the conversation and it ended, once', async () => {
    const alice = await j.agentOnline('alice@demo.baton');
    const conv = await j.handedOff('Noor Haddad');
    const survey = `/v1/conversations/${conv.id}/survey`;
    expect((await j.call('GET', survey, undefined, conv.token)).json).toEqual({ eligible: false, survey: null });
    const early = await j.call('POST', survey, { rating: 5 }, conv.token);
    expect([early.status, (early.json['error'] as { code: string }).code]).toEqual([409, 'conversation_open']);

    await j.accept(alice.socket, conv.id);
    expect((await j.command(alice.socket, { type: 'conversation.close', conversationId: conv.id }))['type']).toBe(
      'ack',
    );
    expect((await j.call('GET', survey, undefined, conv.token)).json).toEqual({ eligible: true, survey: null });

    for (const bad of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, { rating: '5' }, { comment: 'no rating' }]) {
      const res = await j.call('POST', survey, bad, conv.token);
      expect([res.status, (res.json['error'] as { code: string }).code]).toEqual([400, 'invalid_request']);
    }
    const answered = await j.call('POST', survey, { rating: 4, comment: '  Alice sorted it quickly  ' }, conv.token);
    expect(answered.status).toBe(201);
    expect(answered.json['survey']).toMatchObject({ rating: 4, comment: 'Alice sorted it quickly' });
    const stored = await server.ctx.store.getSurvey(conv.id);
    expect(stored).toMatchObject({ rating: 4, agentId: 'agt_alice' });
    const again = await j.call('POST', survey, { rating: 1 }, conv.token);
    expect([again.status, (again.json['error'] as { code: string }).code]).toEqual([409, 'survey_already_answered']);
    expect((await j.call('GET', survey, undefined, conv.token)).json).toMatchObject({
      eligible: true,
      survey: { rating: 4 },
    });
    await alice.socket.close();
  });

  it('does not survey a conversation the assistant handled alone', async () => {
    const c = await newConversation();
    await j.call('POST', `/v1/conversations/${c.id}/close`, {}, c.token);
    const res = await j.call('POST', `/v1/conversations/${c.id}/survey`, { rating: 3 }, c.token);
    expect([res.status, (res.json['error'] as { code: string }).code]).toEqual([409, 'survey_not_applicable']);
    expect((await j.call('GET', `/v1/conversations/${c.id}/survey`, undefined, c.token)).json).toEqual({
      eligible: false,
      survey: null,
    });
  });
});
