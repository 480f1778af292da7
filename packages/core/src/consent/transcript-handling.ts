import type { RedactionPolicy } from '../privacy/types.ts';

/** The customer's answer to the recording question (P1), `null` while they have not answered. */
export type RecordingChoice = 'granted' | 'declined' | null;

/**
 * What Baton keeps of a conversation's transcript (P1, P3):
 * - `keep`: every turn as written (the service needs it; the consent record is the proof of the choice);
 * - `redact`: personal data replaced by placeholders in everything stored, the turns before the choice too;
 * - `discard`: redacted while the conversation is open, and what a person wrote wiped when it ends, as
 *   retention does (rows, times and codes stay for analytics and the audit trail).
 */
export type TranscriptHandling = 'keep' | 'redact' | 'discard';

/** The `consent:` section of the policy file: what happens without the customer's consent (P1). */
export interface ConsentPolicy {
  /** Transcript handling once the customer declined recording. */
  recordingDeclined: TranscriptHandling;
  /** How a conversation whose customer has not answered yet is treated (`declined` is the strict choice). */
  unanswered: 'granted' | 'declined';
}

/** Without a `consent:` section nothing changes: transcripts are kept whatever the customer answered. */
const KEEP_ALWAYS: ConsentPolicy = { recordingDeclined: 'keep', unanswered: 'granted' };

/** How the transcript of a conversation is handled under `policy`, given the customer's latest answer. */
export const transcriptHandling = (policy: ConsentPolicy | undefined, choice: RecordingChoice): TranscriptHandling => {
  const p = policy ?? KEEP_ALWAYS;
  const declined = choice === 'declined' || (choice === null && p.unanswered === 'declined');
  return declined ? p.recordingDeclined : 'keep';
};

/**
 * The redaction to apply to stored turns: the configured one (`BATON_REDACT_STORED`) when the transcript is
 * kept, every PII type when the customer's choice asks for less (a configured placeholder set is kept).
 */
export const storedRedactionFor = (
  handling: TranscriptHandling,
  configured: RedactionPolicy | undefined,
): RedactionPolicy | undefined => {
  if (handling === 'keep') return configured;
  const { types: _types, ...rest } = configured ?? {};
  return rest;
};

/**
 * Whether a call's audio may be recorded (P1, P2): only with the caller's consent, or while they have not
 * answered when the policy treats an unanswered question as granted (the default). A decline always wins.
 */
export const mayRecordAudio = (policy: ConsentPolicy | undefined, choice: RecordingChoice): boolean =>
  choice === 'granted' || (choice === null && (policy?.unanswered ?? 'granted') === 'granted');

/**
 * True when a caller's words ask not to be recorded ("don't record this", "no recording please", "I do not
 * want to be recorded", "stop recording"). Plain phrase rules on lower-cased text: speech recognition gives
 * these few words reliably, and a miss leaves the caller where they were (they can ask a person).
 */
export const asksNotToRecord = (text: string): boolean => {
  const t = text.toLowerCase().replace(/[’`]/g, "'");
  return (
    /\b(?:do not|don't|dont|please don't|no|stop|without)\s+(?:the\s+)?record(?:ing)?\b/.test(t) ||
    /\b(?:not|never)\s+(?:want\s+(?:to\s+)?|wish\s+to\s+)?(?:be\s+)?recorded\b/.test(t) ||
    /\bdon'?t\s+want\s+(?:to\s+be\s+|this\s+(?:call\s+)?(?:to\s+be\s+)?)?recorded\b/.test(t)
  );
};
