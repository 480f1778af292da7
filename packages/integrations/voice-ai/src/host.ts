/** One line of the voice AI platform's transcript. */
export interface TranscriptLine {
  role: 'customer' | 'assistant';
  text: string;
}

/** Where Baton sends the call, and what the platform's assistant says before transferring. */
export interface TransferRoute {
  conversationId: string;
  queueName: string;
  /** E.164 number or `sip:` URI of the queue Baton routed to; null when none is configured for it. */
  destination: string | null;
  /** What to tell the caller (transparency message, M1). */
  message: string;
}

/**
 * What the Vapi and Retell handlers need from Baton: record the call as a voice conversation of the
 * customer found by phone, replay the transcript through the escalation engine, start (or reuse) the
 * handoff, and say where it routed.
 */
export interface TransferHost {
  routeTransfer(request: {
    platform: 'vapi' | 'retell';
    callId: string;
    /** The caller's number, when the platform knows it. */
    from: string | null;
    transcript: TranscriptLine[];
    /** Why the platform's assistant wants a person, if it said. */
    reason: string | null;
  }): Promise<TransferRoute>;
}

/** A JSON answer for the HTTP edge. */
export interface JsonAnswer {
  status: number;
  body: unknown;
}
