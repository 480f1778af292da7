import twilio from 'twilio';

/**
 * Twilio signs every webhook with `X-Twilio-Signature`: base64 HMAC-SHA1 of the full URL it requested
 * followed by the POST parameters sorted by name (https://www.twilio.com/docs/usage/security). The URL
 * must be the public one Twilio used, not what a proxy forwarded.
 */
export const validTwilioSignature = (
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string>,
): boolean => signature !== undefined && signature !== '' && twilio.validateRequest(authToken, signature, url, params);

/** The signature Twilio would send (for tests and tools). */
export const twilioSignature = (authToken: string, url: string, params: Record<string, string>): string =>
  twilio.getExpectedTwilioSignature(authToken, url, params);
