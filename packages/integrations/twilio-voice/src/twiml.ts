import twilio from 'twilio';

const { VoiceResponse } = twilio.twiml;

/** Twilio's own hold music, served by Twilio (https://www.twilio.com/docs/voice/twiml/conference#attributes-waiturl). */
export const DEFAULT_HOLD_MUSIC = 'http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3';

export interface Urls {
  gather: string;
  hold: string;
  conferenceStatus: string;
  recordingStatus: string;
  media: string;
}

/** TwiML for a new call: start the media stream, then listen for speech with the greeting as prompt. */
export const greetingTwiml = (conversationId: string, greeting: string, language: string, urls: Urls): string => {
  const r = new VoiceResponse();
  const stream = r.start().stream({ url: urls.media, track: 'inbound_track' });
  stream.parameter({ name: 'conversationId', value: conversationId });
  gather(r, greeting, language, urls.gather);
  return r.toString();
};

/** TwiML that says `text` and listens for the caller's next words (barge-in allowed). */
export const sayAndGatherTwiml = (text: string, language: string, gatherUrl: string): string => {
  const r = new VoiceResponse();
  gather(r, text, language, gatherUrl);
  return r.toString();
};

const gather = (r: InstanceType<typeof VoiceResponse>, text: string, language: string, action: string): void => {
  const g = r.gather({
    input: ['speech'],
    action,
    method: 'POST',
    speechTimeout: 'auto',
    language: language as 'en-US',
    actionOnEmptyResult: true,
  });
  g.say(text);
};

/**
 * The caller's side of the warm transfer: the transparency message, then a conference room named after
 * the conversation where they hear hold audio (`waitUrl`) until the agent's leg starts the conference.
 * With `record`, the conference is recorded from its start (when the agent joins) and Twilio reports the
 * finished recording to `recordingStatus` (https://www.twilio.com/docs/voice/twiml/conference#attributes-record).
 */
export const queueTwiml = (conversationId: string, message: string, urls: Urls, record = false): string => {
  const r = new VoiceResponse();
  r.say(message);
  r.dial().conference(
    {
      waitUrl: urls.hold,
      waitMethod: 'POST',
      startConferenceOnEnter: false,
      endConferenceOnExit: false,
      beep: 'false',
      statusCallback: urls.conferenceStatus,
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['start', 'end', 'join', 'leave'],
      ...(record
        ? {
            record: 'record-from-start' as const,
            recordingStatusCallback: urls.recordingStatus,
            recordingStatusCallbackMethod: 'POST' as const,
            recordingStatusCallbackEvent: ['completed', 'absent'],
          }
        : { record: 'do-not-record' as const }),
    },
    conversationId,
  );
  return r.toString();
};

/** What the caller hears while waiting (the conference's waitUrl). */
export const holdTwiml = (holdMusicUrl: string): string => {
  const r = new VoiceResponse();
  r.say('Thank you for waiting. A person will be with you shortly.');
  r.play({ loop: 0 }, holdMusicUrl);
  return r.toString();
};

/**
 * The agent's leg: the summary is whispered to the agent alone (the caller is in the conference and does
 * not hear this `<Say>`), then the agent joins and starts the conference; the call ends when they leave.
 */
export const agentTwiml = (conversationId: string, whisper: string): string => {
  const r = new VoiceResponse();
  r.say(whisper);
  r.dial().conference({ startConferenceOnEnter: true, endConferenceOnExit: true, beep: 'false' }, conversationId);
  return r.toString();
};

export const sayAndHangUpTwiml = (text: string): string => {
  const r = new VoiceResponse();
  r.say(text);
  r.hangup();
  return r.toString();
};

export const emptyTwiml = (): string => new VoiceResponse().toString();
