export * from './host.ts';
export * from './twilio-voice.ts';
export * from './media-stream.ts';
export * from './agent-dialer.ts';
export * from './signature.ts';
export * from './twiml.ts';
