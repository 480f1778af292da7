import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StoredTurn } from '@baton/core';
import { twilioSignature } from '@baton/twilio-voice';
import { mediaMessages, speechToolsMissing, synthesizeMulaw } from '@baton/twilio-voice/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../start-server.ts';
import { conversationIdForCall } from './voice-host.ts';

const TOKEN = 'twilio_test_auth_token_0123456789';
const ACCOUNT = `AC${'1'.repeat(32)}`;
const CALLER = '+15550100199';
const missing = speechToolsMissing();
if (missing !== null && process.env['CI'] === 'true') throw new Error(`CI must run the voice tests: ${missing}`);

/** A stand-in for Twilio's REST API on 127.0.0.1: records the agent legs Baton places. */
const startTwilioApi = async () => {
  const calls: Record<string, string>[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const ok =
        req.url === `/2010-04-01/Accounts/${ACCOUNT}/Calls.json` &&
        req.headers.authorization === `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
      if (!ok) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"unexpected call"}');
        return;
      }
      calls.push(Object.fromEntries(new URLSearchParams(body)));
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ sid: `CA${String(calls.length).padStart(32, 'a')}`, status: 'queued' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server };
};

const eventually = async <T>(check: () => Promise<T | undefined> | T | undefined, ms = 8000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.skipIf(missing !== null)(
  `Twilio Voice: a whole call${missing === null ? '' : ` (skipped: ${missing})`}`,
  () => {
    let server: RunningServer;
    let api: Awaited<ReturnType<typeof startTwilioApi>>;
    const audio: Record<string, Buffer> = {};
    const lifecycle: { name: string; conversationId: string; agentId: string | null; detail?: string }[] = [];

    beforeAll(async () => {
      audio['order'] = synthesizeMulaw('Where is my order', { peakDb: -20 });
      audio['shipping'] = synthesizeMulaw('How long does shipping take', { peakDb: -20 });
      // The same voice 12 dB louder: raised voice against the caller's own baseline.
      audio['raised'] = synthesizeMulaw('The parcel was supposed to arrive on Monday', { peakDb: -8 });
      api = await startTwilioApi();
      server = await startServer({
        port: 0,
        demo: true,
        assistant: true,
        logLevel: 'silent',
        botKeys: 'bot:k',
        twilio: {
          authToken: TOKEN,
          accountSid: ACCOUNT,
          callerId: '+15550100100',
          apiBaseUrl: api.url,
          agentNumbers: { agt_alice: '+15550100101', agt_bob: '+15550100102' },
          replyTimeoutMs: 3000,
        },
      });
      await server.ctx.bus.subscribe('baton.handoff.*', (e) => {
        const ev = e as { name: string; handoff: { conversationId: string }; agentId: string | null; detail?: string };
        lifecycle.push({
          name: ev.name,
          conversationId: ev.handoff.conversationId,
          agentId: ev.agentId,
          ...(ev.detail === undefined ? {} : { detail: ev.detail }),
        });
      });
    });
    afterAll(async () => {
      await server?.close();
      api?.server.close();
    });

    /** POSTs a form-encoded webhook exactly as Twilio does: signed over the full URL and the sorted params. */
    const twilio = async (path: string, params: Record<string, string>, signWith: string | null = TOKEN) => {
      const url = `${server.url}${path}`;
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': 'TwilioProxy/1.1',
          ...(signWith === null ? {} : { 'x-twilio-signature': twilioSignature(signWith, url, params) }),
        },
        body: new URLSearchParams(params).toString(),
      });
      return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
    };
    const callParams = (callSid: string, extra: Record<string, string> = {}) => ({
      AccountSid: ACCOUNT,
      ApiVersion: '2010-04-01',
      CallSid: callSid,
      Direction: 'inbound',
      From: CALLER,
      To: '+15550100000',
      Caller: CALLER,
      Called: '+15550100000',
      ...extra,
    });
    const turns = (conversationId: string): Promise<StoredTurn[]> => server.ctx.store.listTurns(conversationId);
    const openStream = async (conversationId: string, callSid: string) => {
      const url = `${server.url.replace('http', 'ws')}/twilio/voice/media`;
      const ws = new WebSocket(url, { headers: { 'x-twilio-signature': twilioSignature(TOKEN, url, {}) } });
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      const streamSid = `MZ${'2'.repeat(32)}`;
      ws.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
      ws.send(
        JSON.stringify({
          event: 'start',
          sequenceNumber: '1',
          start: {
            accountSid: ACCOUNT,
            streamSid,
            callSid,
            tracks: ['inbound'],
            mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
            customParameters: { conversationId },
          },
          streamSid,
        }),
      );
      let chunk = 1;
      const tracker = () => server.integrations.twilio?.board.get(conversationId);
      return {
        /** Streams an utterance and waits until Baton has measured it. */
        speak: async (bytes: Buffer) => {
          const before = tracker()?.history.length ?? 0;
          const msgs = mediaMessages(streamSid, bytes, chunk, chunk * 20);
          chunk += msgs.length;
          for (const m of msgs) ws.send(m);
          await eventually(() => ((tracker()?.history.length ?? 0) > before ? true : undefined));
        },
        stop: () => {
          ws.send(JSON.stringify({ event: 'stop', sequenceNumber: String(chunk + 1), streamSid, stop: { callSid } }));
          ws.close();
        },
      };
    };

    it('carries a caller from speech turns through raised voice, queue, agent whisper and conference to wrap-up', async () => {
      // The same person chatted before: the call must land on that customer (V6).
      const chat = await fetch(`${server.url}/v1/conversations`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body: JSON.stringify({ customer: { name: 'Dana Reyes', phone: CALLER, email: 'dana@example.com' } }),
      });
      const chatConversation = ((await chat.json()) as { conversation: { id: string } }).conversation;
      const chatCustomerId = (await server.ctx.store.getConversation(chatConversation.id))?.customerId;
      for (const agent of ['agt_alice', 'agt_bob']) await server.ctx.handoffs.setPresence(agent, 'available');

      // 1. The incoming-call webhook: media stream, AI disclosure, speech gather.
      const callSid = `CA${'3'.repeat(32)}`;
      const conversationId = conversationIdForCall(callSid);
      const incoming = await twilio('/twilio/voice/incoming', callParams(callSid, { CallStatus: 'ringing' }));
      expect(incoming.status).toBe(200);
      expect(incoming.type).toMatch(/text\/xml/);
      const ws = server.url.replace('http', 'ws');
      expect(incoming.body).toContain(
        `<Start><Stream url="${ws}/twilio/voice/media" track="inbound_track"><Parameter name="conversationId" value="${conversationId}"/></Stream></Start>`,
      );
      expect(incoming.body).toContain(
        `<Gather input="speech" action="${server.url}/twilio/voice/gather?conversationId=${conversationId}" method="POST" speechTimeout="auto" language="en-US" actionOnEmptyResult="true"><Say>Hello Dana! You're speaking with our automated assistant.`,
      );
      const conversation = await server.ctx.store.getConversation(conversationId);
      expect(conversation).toMatchObject({ channel: 'voice', status: 'assistant', customerId: chatCustomerId });

      // 2. Two ordinary utterances: audio on the media stream, words on the gather webhook.
      const stream = await openStream(conversationId, callSid);
      await stream.speak(audio['order'] ?? Buffer.alloc(0));
      const first = await twilio(
        `/twilio/voice/gather?conversationId=${conversationId}`,
        callParams(callSid, { SpeechResult: 'Where is my order?', Confidence: '0.92', CallStatus: 'in-progress' }),
      );
      expect(first.body).toMatch(/<Gather input="speech"[^>]*><Say>[^<]*track[^<]*<\/Say><\/Gather>/i);
      await stream.speak(audio['shipping'] ?? Buffer.alloc(0));
      const second = await twilio(
        `/twilio/voice/gather?conversationId=${conversationId}`,
        callParams(callSid, {
          SpeechResult: 'How long does shipping take?',
          Confidence: '0.88',
          CallStatus: 'in-progress',
        }),
      );
      expect(second.body).toContain('<Gather input="speech"');
      let stored = (await turns(conversationId)).filter((t) => t.role === 'customer');
      // The first utterance sets the caller's baseline; the second is at their normal level.
      expect(stored.map((t) => t.annotations.prosody?.asrConfidence)).toEqual([0.92, 0.88]);
      expect(stored[0]?.annotations.prosody?.loudnessDb).toBeUndefined();
      expect(Math.abs(stored[1]?.annotations.prosody?.loudnessDb ?? 99)).toBeLessThan(4);
      expect(stored.map((t) => t.decision?.kind)).toEqual(['continue', 'continue']);
      expect((await turns(conversationId)).filter((t) => t.role === 'assistant')).toHaveLength(2);

      // 3. The caller raises their voice (+12 dB): raised-voice handoff, transparency message, queue.
      await stream.speak(audio['raised'] ?? Buffer.alloc(0));
      const raised = await twilio(
        `/twilio/voice/gather?conversationId=${conversationId}`,
        callParams(callSid, {
          SpeechResult: 'The parcel was supposed to arrive on Monday.',
          Confidence: '0.9',
          CallStatus: 'in-progress',
        }),
      );
      stored = (await turns(conversationId)).filter((t) => t.role === 'customer');
      const loud = stored.at(-1);
      expect(loud?.annotations.prosody?.loudnessDb).toBeGreaterThanOrEqual(10);
      expect(loud?.decision).toMatchObject({ kind: 'handoff', rule: 'frustration.raised_voice' });
      expect(raised.body).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Say>[^<]*will join this call\.[^<]*<\/Say>/,
      );
      expect(raised.body).toContain(
        `<Dial><Conference waitUrl="${server.url}/twilio/voice/hold" waitMethod="POST" startConferenceOnEnter="false" endConferenceOnExit="false" beep="false" statusCallback="${server.url}/twilio/voice/conference-status?conversationId=${conversationId}" statusCallbackMethod="POST" statusCallbackEvent="start end join leave" record="record-from-start" recordingStatusCallback="${server.url}/twilio/voice/recording-status?conversationId=${conversationId}" recordingStatusCallbackMethod="POST" recordingStatusCallbackEvent="completed absent">${conversationId}</Conference></Dial>`,
      );
      expect((await server.ctx.store.getConversation(conversationId))?.status).toBe('queued');
      const hold = await twilio('/twilio/voice/hold', {
        ConferenceSid: `CF${'4'.repeat(32)}`,
        FriendlyName: conversationId,
        AccountSid: ACCOUNT,
      });
      expect(hold.body).toContain(
        '<Play loop="0">http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3</Play>',
      );

      // 4. Baton rings the offered agent; they do not answer: the next agent is rung.
      const firstLeg = await eventually(() => api.calls[0]);
      const firstRes = new URL(firstLeg['Url'] ?? '').searchParams.get('reservationId') ?? '';
      expect(firstLeg).toMatchObject({ From: '+15550100100', Method: 'POST', Timeout: '20' });
      expect(['+15550100101', '+15550100102']).toContain(firstLeg['To']);
      expect(firstLeg['StatusCallback']).toBe(`${server.url}/twilio/voice/agent-status?reservationId=${firstRes}`);
      const agentLeg = (sid: string, status: string) => ({
        AccountSid: ACCOUNT,
        CallSid: sid,
        CallStatus: status,
        Direction: 'outbound-api',
        To: firstLeg['To'] ?? '',
        From: '+15550100100',
      });
      expect(
        (await twilio(`/twilio/voice/agent-status?reservationId=${firstRes}`, agentLeg('CAleg1', 'ringing'))).status,
      ).toBe(200);
      expect((await server.ctx.store.getReservation(firstRes))?.status).toBe('pending');
      await twilio(`/twilio/voice/agent-status?reservationId=${firstRes}`, agentLeg('CAleg1', 'no-answer'));
      expect((await server.ctx.store.getReservation(firstRes))?.status).toBe('timed_out');
      // Out of order: a late 'ringing' for the missed leg changes nothing.
      expect(
        (await twilio(`/twilio/voice/agent-status?reservationId=${firstRes}`, agentLeg('CAleg1', 'ringing'))).status,
      ).toBe(200);
      const secondLeg = await eventually(() => api.calls[1]);
      expect(secondLeg['To']).not.toBe(firstLeg['To']);
      const secondRes = new URL(secondLeg['Url'] ?? '').searchParams.get('reservationId') ?? '';
      const secondAgent = (await server.ctx.store.getReservation(secondRes))?.agentId ?? '';

      // 5. The second agent answers: the summary is whispered to them, then they join the conference.
      const answered = await twilio(`/twilio/voice/agent?reservationId=${secondRes}`, {
        ...agentLeg('CAleg2', 'in-progress'),
        To: secondLeg['To'] ?? '',
      });
      expect(answered.body).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Say>Incoming call from Dana Reyes\. Caller is 1\d(\.\d)? dB above their baseline\./,
      );
      expect(answered.body).toContain(
        `<Dial><Conference startConferenceOnEnter="true" endConferenceOnExit="true" beep="false">${conversationId}</Conference></Dial></Response>`,
      );
      expect(await server.ctx.store.getConversation(conversationId)).toMatchObject({
        status: 'agent',
        assignedAgentId: secondAgent,
      });
      const handoff = (await server.ctx.store.listHandoffs({})).find((h) => h.conversationId === conversationId);
      expect(handoff).toMatchObject({
        status: 'assigned',
        assignedAgentId: secondAgent,
        rule: 'frustration.raised_voice',
      });
      // A retried answer webhook (or an agent who accepted in the workspace) joins again; nothing is accepted twice.
      const again = await twilio(`/twilio/voice/agent?reservationId=${secondRes}`, {
        ...agentLeg('CAleg2', 'in-progress'),
        To: secondLeg['To'] ?? '',
      });
      expect(again.body).toContain(`<Conference startConferenceOnEnter="true"`);
      expect(
        await server.ctx.store.listReservations({ handoffId: handoff?.id ?? '', status: ['accepted'] }),
      ).toHaveLength(1);
      // The first agent's leg, whose offer timed out, is answered late: they are told and hung up.
      const late = await twilio(`/twilio/voice/agent?reservationId=${firstRes}`, agentLeg('CAleg1', 'in-progress'));
      expect(late.body).toContain('This caller is no longer waiting');
      expect(late.body).toContain('<Hangup/>');

      // 6. Conference callbacks, then the caller hangs up after talking: the agent keeps it for wrap-up.
      const conf = (event: string, sid: string) => ({
        AccountSid: ACCOUNT,
        ConferenceSid: `CF${'5'.repeat(32)}`,
        FriendlyName: conversationId,
        StatusCallbackEvent: event,
        CallSid: sid,
        Timestamp: new Date().toUTCString(),
      });
      expect(
        (
          await twilio(
            `/twilio/voice/conference-status?conversationId=${conversationId}`,
            conf('participant-join', 'CAleg2'),
          )
        ).status,
      ).toBe(200);
      expect(
        (
          await twilio(
            `/twilio/voice/conference-status?conversationId=${conversationId}`,
            conf('conference-start', 'CAleg2'),
          )
        ).status,
      ).toBe(200);
      stream.stop();
      expect(
        (await twilio('/twilio/voice/status', callParams(callSid, { CallStatus: 'completed', CallDuration: '95' })))
          .status,
      ).toBe(200);
      // Malformed and late callbacks: rejected or ignored, the call's state stays.
      expect((await twilio('/twilio/voice/status', callParams(callSid, { CallStatus: 'exploded' }))).status).toBe(400);
      expect((await twilio('/twilio/voice/status', { AccountSid: ACCOUNT })).status).toBe(400);
      expect((await twilio('/twilio/voice/status', callParams(callSid, { CallStatus: 'in-progress' }))).status).toBe(
        200,
      );
      expect(await server.ctx.store.getConversation(conversationId)).toMatchObject({
        status: 'agent',
        assignedAgentId: secondAgent,
      });
      expect((await turns(conversationId)).at(-1)).toMatchObject({ role: 'system', text: 'The caller hung up.' });

      // 7. Wrap-up by the agent: the handoff completes.
      await server.ctx.conversations.close(conversationId, { kind: 'agent', agentId: secondAgent });
      expect((await server.ctx.store.getHandoff(handoff?.id ?? ''))?.status).toBe('completed');
      await eventually(() =>
        lifecycle.some((e) => e.conversationId === conversationId && e.name === 'handoff.completed') ? true : undefined,
      );
      expect(
        lifecycle.filter((e) => e.conversationId === conversationId).map((e) => [e.name, e.detail ?? null]),
      ).toEqual([
        ['handoff.created', null],
        ['handoff.offered', null],
        ['handoff.declined', 'timed_out'],
        ['handoff.offered', null],
        ['handoff.accepted', null],
        ['handoff.completed', null],
      ]);
      expect(api.calls).toHaveLength(2);
    });

    it('counts a caller who hangs up while queued as abandoned', async () => {
      for (const agent of ['agt_alice', 'agt_bob']) await server.ctx.handoffs.setPresence(agent, 'away');
      const callSid = `CA${'6'.repeat(32)}`;
      const conversationId = conversationIdForCall(callSid);
      await twilio('/twilio/voice/incoming', callParams(callSid, { CallStatus: 'ringing' }));
      const ask = await twilio(
        `/twilio/voice/gather?conversationId=${conversationId}`,
        callParams(callSid, {
          SpeechResult: 'I want to talk to a real person',
          Confidence: '0.95',
          CallStatus: 'in-progress',
        }),
      );
      expect(ask.body).toContain(`startConferenceOnEnter="false"`);
      const handoff = await server.ctx.store.openHandoffForConversation(conversationId);
      expect(handoff).toMatchObject({ status: 'queued', rule: 'explicit_request' });
      const hangUp = await twilio(
        '/twilio/voice/status',
        callParams(callSid, { CallStatus: 'completed', CallDuration: '40' }),
      );
      expect(hangUp.status).toBe(200);
      expect((await server.ctx.store.getHandoff(handoff?.id ?? ''))?.status).toBe('abandoned');
      expect((await server.ctx.store.getConversation(conversationId))?.status).toBe('closed');
      // Twilio retries the callback: nothing changes, no error.
      expect((await twilio('/twilio/voice/status', callParams(callSid, { CallStatus: 'completed' }))).status).toBe(200);
      await eventually(() =>
        lifecycle.some((e) => e.conversationId === conversationId && e.name === 'handoff.abandoned') ? true : undefined,
      );
      // A late gather for the ended call hangs up politely.
      const late = await twilio(
        `/twilio/voice/gather?conversationId=${conversationId}`,
        callParams(callSid, { SpeechResult: 'hello?' }),
      );
      expect(late.body).toContain('<Hangup/>');
    });

    it('rejects unsigned and wrongly signed requests with 403 and creates nothing', async () => {
      const callSid = `CA${'7'.repeat(32)}`;
      expect((await twilio('/twilio/voice/incoming', callParams(callSid), null)).status).toBe(403);
      expect((await twilio('/twilio/voice/incoming', callParams(callSid), 'not-the-auth-token-at-all')).status).toBe(
        403,
      );
      // Signed for other parameters than those sent (tampered body).
      const url = `${server.url}/twilio/voice/incoming`;
      const tampered = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSignature(TOKEN, url, callParams(callSid)),
        },
        body: new URLSearchParams(callParams(callSid, { From: '+15550100666' })).toString(),
      });
      expect(tampered.status).toBe(403);
      expect(await server.ctx.store.getConversation(conversationIdForCall(callSid))).toBeNull();
      const media = new WebSocket(`${server.url.replace('http', 'ws')}/twilio/voice/media`, {
        headers: { 'x-twilio-signature': 'bogus' },
      });
      const code = await new Promise<number>((resolve) => media.once('close', (c: number) => resolve(c)));
      expect(code).toBe(1008);
    });
  },
);
