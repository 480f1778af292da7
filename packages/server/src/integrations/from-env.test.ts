import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../config.ts';
import { integrationOptionsFromEnv } from './from-env.ts';

describe('integration settings from the environment', () => {
  it('turns webhook, Twilio and voice AI variables into start options', () => {
    const env = parseEnv({
      BATON_WEBHOOK_URLS: 'https://a.example/hook, http://127.0.0.1:9000/b',
      BATON_WEBHOOK_SECRET: 'a-long-enough-secret',
      BATON_WEBHOOK_MAX_ATTEMPTS: '3',
      TWILIO_AUTH_TOKEN: 'twilio-token-123',
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_CALLER_ID: '+15550100100',
      TWILIO_AGENT_NUMBERS: 'agt_alice=+15550100101, agt_bob=+15550100102',
      VAPI_SECRET: 'vapi-secret-1',
      BATON_VOICE_TRANSFER_NUMBERS: 'q_support=+15550100200,*=sip:queue@pbx.example',
    });
    expect(integrationOptionsFromEnv(env)).toEqual({
      webhooks: {
        urls: ['https://a.example/hook', 'http://127.0.0.1:9000/b'],
        secret: 'a-long-enough-secret',
        maxAttempts: 3,
      },
      twilio: {
        authToken: 'twilio-token-123',
        accountSid: `AC${'0'.repeat(32)}`,
        callerId: '+15550100100',
        agentNumbers: { agt_alice: '+15550100101', agt_bob: '+15550100102' },
      },
      voiceAi: {
        vapiSecret: 'vapi-secret-1',
        transferNumbers: { q_support: '+15550100200', '*': 'sip:queue@pbx.example' },
      },
    });
    expect(integrationOptionsFromEnv(parseEnv({}))).toEqual({});
  });

  it('lists every problem: a webhook URL without a secret, a bad URL, a malformed SID', () => {
    let error: unknown;
    try {
      parseEnv({ BATON_WEBHOOK_URLS: 'ftp://x.example/h', TWILIO_ACCOUNT_SID: 'nope' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/BATON_WEBHOOK_URLS/);
    expect(problems).toMatch(/TWILIO_ACCOUNT_SID/);
    expect(() => parseEnv({ BATON_WEBHOOK_URLS: 'https://a.example/h' })).toThrow(/BATON_WEBHOOK_SECRET: required/);
  });
});
