import type { ConversationStatus, TurnAnnotations, TurnVoiceFeatures } from '@baton/core';

/** What a caller's turn produced, as far as the call needs to know. */
export interface CallerTurnOutcome {
  /** The conversation's status after the turn (`queued` once a handoff started). */
  status: ConversationStatus;
  /** The assistant's reply to say, if it answered in time. */
  reply: string | null;
  /** Baton's transparency message when this turn started a handoff (M1). */
  handoffMessage: string | null;
}

/** An offer of a voice conversation to an agent: the integration rings that agent. */
export interface VoiceOffer {
  reservationId: string;
  conversationId: string;
  agentId: string;
}

/**
 * What the Twilio integration needs from Baton. The server implements it over its services
 * (packages/server/src/integrations/twilio-voice-host.ts); the integration never sees the store or the
 * bus, so it can be tested, and replaced, on its own.
 */
export interface VoiceCallHost {
  /**
   * A call arrived: finds the customer by phone number (the same customer as in chat: V6) or creates one,
   * and opens a voice conversation. Idempotent per call SID (Twilio retries webhooks).
   */
  startCall(call: {
    callSid: string;
    from: string;
    to: string;
  }): Promise<{ conversationId: string; customerName: string | null }>;
  /** Adds what the caller said as a customer turn; waits a little for the assistant's reply. */
  addCallerTurn(
    conversationId: string,
    turn: { text: string; annotations: TurnAnnotations; idempotencyKey: string },
  ): Promise<CallerTurnOutcome>;
  /** The conversation's status now, or null if unknown. */
  status(conversationId: string): Promise<ConversationStatus | null>;
  /**
   * The caller of `callSid` hung up: a queued handoff becomes abandoned; with an agent, the agent keeps
   * the conversation to wrap up. Returns the conversation, or null for a call Baton never saw.
   */
  callerLeft(callSid: string): Promise<string | null>;
  /**
   * The agent's phone answered: accepts the offer. Returns what to whisper to the agent (summary and
   * reason), or null when the offer is no longer open (timed out, caller gone).
   */
  agentAnswered(reservationId: string): Promise<{ conversationId: string; whisper: string } | null>;
  /** The agent's phone did not answer, was busy or failed: the offer is declined and routed onwards. */
  agentMissed(reservationId: string, why: 'rejected' | 'timed_out'): Promise<void>;
  /**
   * Calls `listener` for each offer of a voice conversation, on exactly one instance. Returns a function
   * that stops listening.
   */
  onVoiceOffer(listener: (offer: VoiceOffer) => Promise<void>): Promise<() => Promise<void>>;
  /**
   * The call's voice features since the previous turn, from the instance that holds its Media Streams socket,
   * when that is another instance (no sticky routing needed); null when none answers in time. Optional: a
   * single instance never needs it.
   */
  remoteVoiceFeatures?(conversationId: string): Promise<TurnVoiceFeatures | null>;
  /**
   * The caller answered the recording notice (P1): stored as their consent with the wording they heard.
   * Optional: without it (and `mayRecord`) the adapter neither announces nor records.
   */
  recordingChoice?(conversationId: string, choice: 'granted' | 'declined', wording: string): Promise<void>;
  /** Whether the call's audio may be recorded now: the caller's choice under the policy (P1, P2). */
  mayRecord?(conversationId: string): Promise<boolean>;
  /** Twilio finished a recording of the call: keep the reference (P2 audio references for calls). */
  callRecorded?(conversationId: string, recording: CallRecording): Promise<void>;
}

/** A finished recording of a call, as Twilio's recording status callback reports it. */
export interface CallRecording {
  /** Twilio's RecordingSid (`RE…`). */
  sid: string;
  /** Where Twilio serves the audio (append `.mp3` or `.wav`); fetching it needs the account's credentials. */
  url: string;
  durationSeconds: number | null;
  /** What was recorded: the conference where the caller met the agent. */
  source: string;
}
