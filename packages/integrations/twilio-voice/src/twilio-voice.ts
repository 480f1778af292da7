import { asksNotToRecord, type TurnAnnotations } from '@baton/core';
import type { AgentDialer } from './agent-dialer.ts';
import type { VoiceCallHost } from './host.ts';
import { VoiceFeatureBoard } from './media-stream.ts';
import { validTwilioSignature } from './signature.ts';
import {
  agentTwiml,
  DEFAULT_HOLD_MUSIC,
  emptyTwiml,
  greetingTwiml,
  holdTwiml,
  queueTwiml,
  sayAndGatherTwiml,
  sayAndHangUpTwiml,
  type Urls,
} from './twiml.ts';

export interface TwilioVoiceOptions {
  authToken: string;
  /**
   * The public base URL Twilio reaches Baton at (TwiML URLs, agent-leg URLs). Default: the base URL of
   * each request as the HTTP edge reports it.
   */
  publicUrl?: string;
  /** Places agent legs; without it offers are not rung (agents take voice offers in the workspace only). */
  dialer?: AgentDialer;
  /** How to ring an agent: an E.164 number or `client:<identity>` (default `client:<agentId>`). */
  agentAddress?: (agentId: string) => string;
  holdMusicUrl?: string;
  /** Speech recognition language (default en-US). */
  language?: string;
  /** The first thing a caller hears (AI disclosure, M6). */
  greeting?: string;
  /**
   * Said after the greeting when the host records calls (P1): how the caller can decline. Stored as the
   * wording of their choice. Default: "This call may be recorded. Say 'do not record' at any time if you
   * prefer it not to be."
   */
  recordingNotice?: string;
  /** Said when the assistant did not answer in time. */
  stallMessage?: string;
  log?: { warn(obj: object, msg: string): void };
}

/** One Twilio webhook request, as the HTTP edge hands it over. */
export interface TwilioRequest {
  /** The public base URL this request came in on (scheme + host), used when no publicUrl is configured. */
  baseUrl: string;
  /** The full URL Twilio requested (public base + path + query): what the signature covers. */
  url: string;
  /** Form-encoded POST parameters. */
  params: Record<string, string>;
  /** Query parameters of `url`. */
  query: Record<string, string | undefined>;
  /** `X-Twilio-Signature`. */
  signature: string | undefined;
  /** `I-Twilio-Idempotency-Token`: the same on Twilio's retries of one webhook. */
  idempotencyToken?: string | undefined;
}

export interface TwilioAnswer {
  status: number;
  contentType: 'text/xml' | 'text/plain';
  body: string;
}

export type TwilioRoute =
  'incoming' | 'gather' | 'hold' | 'status' | 'conference-status' | 'recording-status' | 'agent' | 'agent-status';
export const twilioRoutes: TwilioRoute[] = [
  'incoming',
  'gather',
  'hold',
  'status',
  'conference-status',
  'recording-status',
  'agent',
  'agent-status',
];

const DEFAULT_RECORDING_NOTICE =
  "This call may be recorded. Say 'do not record' at any time if you prefer it not to be.";
/** A Twilio RecordingSid: `RE` and 32 hex digits. */
const RECORDING_SID = /^RE[0-9a-fA-F]{32}$/;

const xml = (body: string): TwilioAnswer => ({ status: 200, contentType: 'text/xml', body });
const problem = (status: number, body: string): TwilioAnswer => ({ status, contentType: 'text/plain', body });

/** Caller-leg statuses after which the caller is gone (https://www.twilio.com/docs/voice/api/call-resource#call-status-values). */
const ENDED = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
const KNOWN = new Set([...ENDED, 'queued', 'initiated', 'ringing', 'in-progress']);

/**
 * The Twilio Programmable Voice adapter (V3): incoming-call webhook, speech turns through Baton's
 * conversation service, the queue (conference waiting room with hold audio), the agent leg with the
 * whispered summary, and status callbacks that drive the reservation. Framework-free: the server mounts
 * `handle` on its HTTP routes and `MediaStreamSession` on a WebSocket.
 */
export class TwilioVoice {
  readonly board = new VoiceFeatureBoard();
  /** The last public base URL seen on a request, for agent legs placed outside a request. */
  private seenBase: string | null = null;
  private stopOffers: (() => Promise<void>) | null = null;

  constructor(
    private readonly host: VoiceCallHost,
    private readonly o: TwilioVoiceOptions,
  ) {}

  /** Starts ringing agents for voice offers (when a dialer is configured). */
  async start(): Promise<void> {
    const dialer = this.o.dialer;
    if (dialer === undefined) return;
    this.stopOffers = await this.host.onVoiceOffer(async (offer) => {
      const to = (this.o.agentAddress ?? ((id: string) => `client:${id}`))(offer.agentId);
      const q = `reservationId=${encodeURIComponent(offer.reservationId)}`;
      const base = this.o.publicUrl?.replace(/\/$/, '') ?? this.seenBase;
      try {
        if (base === null) throw new Error('no public URL known yet (set PUBLIC_URL)');
        await dialer.dial(to, `${base}/twilio/voice/agent?${q}`, `${base}/twilio/voice/agent-status?${q}`);
      } catch (err) {
        // The offer times out on its own and routing moves on; no tight retry loop against Twilio.
        this.o.log?.warn({ err: (err as Error).message, reservationId: offer.reservationId }, 'agent leg not placed');
      }
    });
  }

  async stop(): Promise<void> {
    await this.stopOffers?.();
  }

  private base(req: TwilioRequest): string {
    const base = (this.o.publicUrl ?? req.baseUrl).replace(/\/$/, '');
    this.seenBase = base;
    return base;
  }

  /** Handles one webhook. Invalid signatures get 403; malformed requests 400 without touching state. */
  async handle(route: TwilioRoute, req: TwilioRequest): Promise<TwilioAnswer> {
    if (!validTwilioSignature(this.o.authToken, req.signature, req.url, req.params)) {
      return problem(403, 'invalid X-Twilio-Signature');
    }
    switch (route) {
      case 'incoming':
        return this.incoming(req);
      case 'gather':
        return this.gather(req);
      case 'hold':
        return xml(holdTwiml(this.o.holdMusicUrl ?? DEFAULT_HOLD_MUSIC));
      case 'status':
        return this.callStatus(req);
      case 'conference-status':
        return xml(emptyTwiml());
      case 'recording-status':
        return this.recordingStatus(req);
      case 'agent':
        return this.agentAnswer(req);
      case 'agent-status':
        return this.agentStatus(req);
    }
  }

  private urls(req: TwilioRequest, conversationId: string): Urls {
    const base = this.base(req);
    const q = `conversationId=${encodeURIComponent(conversationId)}`;
    return {
      gather: `${base}/twilio/voice/gather?${q}`,
      hold: `${base}/twilio/voice/hold`,
      conferenceStatus: `${base}/twilio/voice/conference-status?${q}`,
      recordingStatus: `${base}/twilio/voice/recording-status?${q}`,
      // The Media Streams WebSocket: wss:// for an https base.
      media: `${base.replace(/^http/, 'ws')}/twilio/voice/media`,
    };
  }

  private get language(): string {
    return this.o.language ?? 'en-US';
  }

  private async incoming(req: TwilioRequest): Promise<TwilioAnswer> {
    const { CallSid: callSid, From: from, To: to } = req.params;
    if (!callSid || !from) return problem(400, 'CallSid and From are required');
    const { conversationId, customerName } = await this.host.startCall({ callSid, from, to: to ?? '' });
    const hello = customerName === null ? 'Hello!' : `Hello ${customerName.split(' ')[0]}!`;
    const notice = this.records ? ` ${this.recordingNotice}` : '';
    const greeting =
      this.o.greeting ??
      `${hello} You're speaking with our automated assistant. A person can join at any time.${notice} How can I help?`;
    this.board.speaking(conversationId, greeting);
    return xml(greetingTwiml(conversationId, greeting, this.language, this.urls(req, conversationId)));
  }

  private async gather(req: TwilioRequest): Promise<TwilioAnswer> {
    const conversationId = req.query['conversationId'];
    const callSid = req.params['CallSid'];
    if (!conversationId || !callSid) return problem(400, 'conversationId and CallSid are required');
    const status = await this.host.status(conversationId);
    if (status === null) return problem(404, 'unknown conversation');
    if (status === 'closed') return xml(sayAndHangUpTwiml('This call has ended. Goodbye.'));
    const urls = this.urls(req, conversationId);
    const text = (req.params['SpeechResult'] ?? '').trim();
    // P1: the caller declines recording, whenever they say so; before the queue, so nothing is recorded.
    const declined = this.records && asksNotToRecord(text);
    if (declined) await this.host.recordingChoice?.(conversationId, 'declined', this.recordingNotice);
    const record = await this.mayRecord(conversationId);
    if (status !== 'assistant') return xml(queueTwiml(conversationId, 'Please hold.', urls, record));
    if (declined) {
      const ok = 'Understood: this call will not be recorded. How can I help?';
      this.board.speaking(conversationId, ok);
      return xml(sayAndGatherTwiml(ok, this.language, urls.gather));
    }
    if (text === '')
      return xml(sayAndGatherTwiml("Sorry, I didn't catch that. Could you say it again?", this.language, urls.gather));

    const annotations: TurnAnnotations = {};
    const features = this.board.has(conversationId)
      ? this.board.take(conversationId)
      : ((await this.host.remoteVoiceFeatures?.(conversationId)) ?? null);
    const confidence = Number(req.params['Confidence']);
    const prosody: NonNullable<TurnAnnotations['prosody']> = {};
    if (features?.loudnessDb !== undefined && features.loudnessDb !== null) {
      prosody.loudnessDb = Math.max(-100, Math.min(100, features.loudnessDb));
    }
    if (req.params['Confidence'] !== undefined && Number.isFinite(confidence)) {
      prosody.asrConfidence = Math.max(0, Math.min(1, confidence));
    }
    if (Object.keys(prosody).length > 0) annotations.prosody = prosody;
    const outcome = await this.host.addCallerTurn(conversationId, {
      text: text.slice(0, 4000),
      annotations,
      // Twilio's token is the same on its retries of this webhook; without one, the call and words are.
      idempotencyKey: (req.idempotencyToken ?? `${callSid}:${text}`).slice(0, 100),
    });
    if (outcome.status === 'closed') return xml(sayAndHangUpTwiml('This call has ended. Goodbye.'));
    if (outcome.status !== 'assistant') {
      const message = outcome.handoffMessage ?? 'Please hold while I connect you.';
      return xml(queueTwiml(conversationId, message, urls, record));
    }
    const reply = outcome.reply ?? this.o.stallMessage ?? 'One moment, please. Is there anything else?';
    this.board.speaking(conversationId, reply);
    return xml(sayAndGatherTwiml(reply, this.language, urls.gather));
  }

  /** Whether this adapter announces recording and asks the host (the host supports consent and recording). */
  private get records(): boolean {
    return this.host.mayRecord !== undefined && this.host.recordingChoice !== undefined;
  }

  private get recordingNotice(): string {
    return this.o.recordingNotice ?? DEFAULT_RECORDING_NOTICE;
  }

  private async mayRecord(conversationId: string): Promise<boolean> {
    return this.records && ((await this.host.mayRecord?.(conversationId)) ?? false);
  }

  /**
   * Twilio's recording status callback: a finished recording becomes the call's audio reference (P2).
   * `absent` (nothing was recorded) and in-progress reports change nothing; a malformed one is refused.
   */
  private async recordingStatus(req: TwilioRequest): Promise<TwilioAnswer> {
    const conversationId = req.query['conversationId'];
    const { RecordingSid: sid, RecordingUrl: url, RecordingStatus: status } = req.params;
    if (!conversationId || !sid || !RECORDING_SID.test(sid) || !status) {
      return problem(400, 'conversationId, a RecordingSid and a RecordingStatus are required');
    }
    if (status !== 'completed') return xml(emptyTwiml());
    if (!url || !/^https?:\/\//.test(url)) return problem(400, 'a completed recording needs its RecordingUrl');
    const duration = Number(req.params['RecordingDuration']);
    await this.host.callRecorded?.(conversationId, {
      sid,
      url,
      durationSeconds: Number.isFinite(duration) && duration >= 0 ? duration : null,
      source: req.params['ConferenceSid'] ? `conference:${req.params['ConferenceSid']}` : 'call',
    });
    return xml(emptyTwiml());
  }

  private async callStatus(req: TwilioRequest): Promise<TwilioAnswer> {
    const { CallSid: callSid, CallStatus: callStatus } = req.params;
    if (!callSid || !callStatus || !KNOWN.has(callStatus))
      return problem(400, 'CallSid and a known CallStatus are required');
    // Earlier statuses arriving late (out of order) change nothing; an end is acted on once (idempotent).
    if (!ENDED.has(callStatus)) return xml(emptyTwiml());
    const conversationId = await this.host.callerLeft(callSid);
    if (conversationId !== null) this.board.close(conversationId);
    return xml(emptyTwiml());
  }

  private async agentAnswer(req: TwilioRequest): Promise<TwilioAnswer> {
    const reservationId = req.query['reservationId'];
    if (!reservationId) return problem(400, 'reservationId is required');
    const answered = await this.host.agentAnswered(reservationId);
    if (answered === null) return xml(sayAndHangUpTwiml('This caller is no longer waiting. Thank you.'));
    return xml(agentTwiml(answered.conversationId, answered.whisper));
  }

  private async agentStatus(req: TwilioRequest): Promise<TwilioAnswer> {
    const reservationId = req.query['reservationId'];
    const callStatus = req.params['CallStatus'];
    if (!reservationId || !callStatus || !KNOWN.has(callStatus)) {
      return problem(400, 'reservationId and a known CallStatus are required');
    }
    // busy = the agent refused; no-answer / failed / canceled = nobody took it. Both move to the next agent.
    if (callStatus === 'busy') await this.host.agentMissed(reservationId, 'rejected');
    else if (callStatus === 'no-answer' || callStatus === 'failed' || callStatus === 'canceled') {
      await this.host.agentMissed(reservationId, 'timed_out');
    }
    return xml(emptyTwiml());
  }
}
