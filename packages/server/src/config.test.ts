import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './config.ts';

describe('parseEnv', () => {
  it('needs nothing to start: embedded database, loopback, port 3000', () => {
    expect(parseEnv({})).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './data', LOG_LEVEL: 'info' });
  });

  it('honours PORT and HOST and the production settings', () => {
    const env = parseEnv({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@db/baton',
      NATS_URL: 'nats://n:4222',
    });
    expect(env).toMatchObject({
      PORT: 8080,
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@db/baton',
      NATS_URL: 'nats://n:4222',
    });
  });

  it('lists every problem at once', () => {
    try {
      parseEnv({ PORT: 'eighty', LOG_LEVEL: 'loud', BATON_SECRET: 'short', BATON_DEMO: 'maybe' });
      expect.fail('should throw');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const key of ['PORT', 'LOG_LEVEL', 'BATON_SECRET', 'BATON_DEMO']) expect(problems).toContain(key);
    }
  });

  it('refuses half an LLM configuration', () => {
    expect(() => parseEnv({ BATON_LLM_BASE_URL: 'http://127.0.0.1:11434/v1' })).toThrow(/BATON_LLM_MODEL/);
  });
});
