import { defaultEscalationPolicy, type EscalationPolicy } from '@baton/core';
import { twilioSignature } from '@baton/twilio-voice';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { conversationIdForCall } from './voice-host.ts';

const TOKEN = 'twilio_test_auth_token_recording_0123';
const ACCOUNT = `AC${'3'.repeat(32)}`;

/**
 * Call recording and the caller's consent (P1, P2) with webhooks shaped as Twilio sends them: the greeting
 * says the call may be recorded and how to decline; a caller who declines is stored as declining (voice
 * channel, the wording heard) and their conference is not recorded; otherwise the conference is recorded and
 * the finished recording's reference lands in the audit chain. Malformed callbacks change nothing.
 */
describe('Twilio Voice: recording consent and audio references', () => {
  let server: RunningServer;
  let policy: EscalationPolicy = defaultEscalationPolicy;

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      demo: true,
      assistant: true,
      logLevel: 'silent',
      policy: () => policy,
      twilio: { authToken: TOKEN, replyTimeoutMs: 1500 },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const twilio = async (path: string, params: Record<string, string>, signed = true) => {
    const url = `${server.url}${path}`;
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signed ? { 'x-twilio-signature': twilioSignature(TOKEN, url, params) } : {}),
      },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, body: await res.text() };
  };
  const callParams = (callSid: string, extra: Record<string, string> = {}) => ({
    AccountSid: ACCOUNT,
    CallSid: callSid,
    From: '+15550100177',
    To: '+15550100000',
    Direction: 'inbound',
    ...extra,
  });
  const say = (callSid: string, speech: string) =>
    twilio(
      `/twilio/voice/gather?conversationId=${conversationIdForCall(callSid)}`,
      callParams(callSid, { SpeechResult: speech, Confidence: '0.93' }),
    );
  const recordingCallback = (conversationId: string, params: Record<string, string>) =>
    twilio(`/twilio/voice/recording-status?conversationId=${conversationId}`, { AccountSid: ACCOUNT, ...params });
  const audited = async (conversationId: string) =>
    (await server.ctx.store.listAudit(0, 10_000)).filter(
      (e) => e.action === 'call.recorded' && e.subject === `conversation:${conversationId}`,
    );

  it('a caller who says "do not record" is stored as declining and their call is never recorded', async () => {
    const callSid = `CA${'4'.repeat(32)}`;
    const conversationId = conversationIdForCall(callSid);
    const hello = await twilio('/twilio/voice/incoming', callParams(callSid));
    expect(hello.body).toContain('This call may be recorded');
    expect(hello.body).toContain('do not record');

    const declined = await say(callSid, "Please don't record this call.");
    expect(declined.body).toContain('this call will not be recorded');
    const consent = await server.ctx.store.latestConsent(conversationId);
    expect(consent).toMatchObject({ recording: 'declined', channel: 'voice' });
    expect(consent?.wording).toContain('This call may be recorded');

    const queued = await say(callSid, 'I want to talk to a real person');
    expect(queued.body).toContain('<Conference');
    expect(queued.body).toContain('record="do-not-record"');
    expect(queued.body).not.toContain('recordingStatusCallback');
  });

  it('records the conference with consent, and keeps the finished recording as an audited reference', async () => {
    const callSid = `CA${'5'.repeat(32)}`;
    const conversationId = conversationIdForCall(callSid);
    await twilio('/twilio/voice/incoming', callParams(callSid));
    const queued = await say(callSid, 'Can I speak to an agent please');
    expect(queued.body).toContain('record="record-from-start"');
    expect(queued.body).toContain(`recording-status?conversationId=${conversationId}`);

    const recordingSid = `RE${'a'.repeat(32)}`;
    const url = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${recordingSid}`;
    // In-progress and absent reports, malformed and unsigned callbacks: nothing recorded.
    expect(
      (await recordingCallback(conversationId, { RecordingSid: recordingSid, RecordingStatus: 'in-progress' })).status,
    ).toBe(200);
    expect(
      (
        await recordingCallback(conversationId, {
          RecordingSid: 'nope',
          RecordingStatus: 'completed',
          RecordingUrl: url,
        })
      ).status,
    ).toBe(400);
    expect(
      (await recordingCallback(conversationId, { RecordingSid: recordingSid, RecordingStatus: 'completed' })).status,
    ).toBe(400);
    const unsigned = await twilio(
      `/twilio/voice/recording-status?conversationId=${conversationId}`,
      { RecordingSid: recordingSid, RecordingStatus: 'completed', RecordingUrl: url },
      false,
    );
    expect(unsigned.status).toBe(403);
    expect(await audited(conversationId)).toEqual([]);

    const done = {
      RecordingSid: recordingSid,
      RecordingUrl: url,
      RecordingStatus: 'completed',
      RecordingDuration: '42',
      ConferenceSid: `CF${'b'.repeat(32)}`,
    };
    expect((await recordingCallback(conversationId, done)).status).toBe(200);
    // Twilio retries callbacks: the reference is kept once.
    expect((await recordingCallback(conversationId, done)).status).toBe(200);
    const until = Date.now() + 5000;
    while ((await audited(conversationId)).length === 0 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    const entries = await audited(conversationId);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.data).toEqual({
      provider: 'twilio',
      recordingSid,
      url,
      durationSeconds: 42,
      source: `conference:CF${'b'.repeat(32)}`,
    });
  });

  it('does not record a caller who never answered when the policy treats silence as a decline', async () => {
    policy = { ...defaultEscalationPolicy, consent: { recordingDeclined: 'redact', unanswered: 'declined' } };
    try {
      const callSid = `CA${'6'.repeat(32)}`;
      await twilio('/twilio/voice/incoming', callParams(callSid));
      const queued = await say(callSid, 'Let me talk to a human');
      expect(queued.body).toContain('record="do-not-record"');
    } finally {
      policy = defaultEscalationPolicy;
    }
  });
});
