import type { Env } from '../config.ts';
import type { IntegrationOptions } from './index.ts';

/** `key=value,key=value` → record (TWILIO_AGENT_NUMBERS, BATON_VOICE_TRANSFER_NUMBERS). */
export const parsePairs = (raw: string | undefined): Record<string, string> =>
  Object.fromEntries(
    (raw ?? '')
      .split(',')
      .map((p) => p.split('=').map((x) => x.trim()))
      .filter((kv): kv is [string, string] => kv.length === 2 && kv[0] !== '' && kv[1] !== ''),
  );

/** The integration options the environment asks for (what `baton start` passes to startServer). */
export const integrationOptionsFromEnv = (env: Env): IntegrationOptions => ({
  ...(env.BATON_WEBHOOK_URLS !== undefined && env.BATON_WEBHOOK_SECRET !== undefined
    ? {
        webhooks: {
          urls: env.BATON_WEBHOOK_URLS,
          secret: env.BATON_WEBHOOK_SECRET,
          ...(env.BATON_WEBHOOK_MAX_ATTEMPTS === undefined ? {} : { maxAttempts: env.BATON_WEBHOOK_MAX_ATTEMPTS }),
        },
      }
    : {}),
  ...(env.TWILIO_AUTH_TOKEN === undefined
    ? {}
    : {
        twilio: {
          authToken: env.TWILIO_AUTH_TOKEN,
          ...(env.TWILIO_ACCOUNT_SID === undefined ? {} : { accountSid: env.TWILIO_ACCOUNT_SID }),
          ...(env.TWILIO_CALLER_ID === undefined ? {} : { callerId: env.TWILIO_CALLER_ID }),
          ...(env.TWILIO_API_BASE_URL === undefined ? {} : { apiBaseUrl: env.TWILIO_API_BASE_URL }),
          ...(env.PUBLIC_URL === undefined ? {} : { publicUrl: env.PUBLIC_URL }),
          agentNumbers: parsePairs(env.TWILIO_AGENT_NUMBERS),
        },
      }),
  ...(env.VAPI_SECRET === undefined && env.RETELL_API_KEY === undefined
    ? {}
    : {
        voiceAi: {
          ...(env.VAPI_SECRET === undefined ? {} : { vapiSecret: env.VAPI_SECRET }),
          ...(env.RETELL_API_KEY === undefined ? {} : { retellApiKey: env.RETELL_API_KEY }),
          transferNumbers: parsePairs(env.BATON_VOICE_TRANSFER_NUMBERS),
        },
      }),
});
