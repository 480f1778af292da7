import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../config.ts';
import { startServer } from '../start-server.ts';

describe('redaction of stored transcripts (BATON_REDACT_STORED)', () => {
  it('stores placeholders for the configured types while the engine reads the original', async () => {
    const server = await startServer({
      port: 0,
      demo: true,
      logLevel: 'silent',
      botKeys: 'bot:k',
      storedRedaction: { types: ['CREDIT_CARD', 'EMAIL'] },
    });
    try {
      const call = async (path: string, body: unknown, token = 'k') => {
        const res = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        });
        return (await res.json()) as Record<string, unknown>;
      };
      const created = await call('/v1/conversations', {});
      const id = (created['conversation'] as { id: string }).id;
      const said = await call(`/v1/conversations/${id}/turns`, {
        role: 'customer',
        text: 'My card 4111 1111 1111 1111 was charged twice, write to ana.lopez@example.org. I want a human now!',
      });
      // The engine saw the whole message (it asks for a person), the reply already carries the redacted text.
      expect((said['conversation'] as { status: string }).status).toBe('queued');
      expect((said['turn'] as { text: string }).text).not.toContain('4111');
      const stored = (await server.ctx.store.listTurns(id)).find((t) => t.role === 'customer');
      expect(stored?.text).toContain('was charged twice');
      expect(JSON.stringify(stored)).not.toMatch(/4111|ana\.lopez/);
    } finally {
      await server.close();
    }
  });

  it('reads `all` or a list of types from the environment, and names an unknown type', () => {
    expect(parseEnv({ BATON_REDACT_STORED: 'all' }).BATON_REDACT_STORED).toBe('all');
    expect(parseEnv({ BATON_REDACT_STORED: 'credit_card, IBAN' }).BATON_REDACT_STORED).toEqual(['CREDIT_CARD', 'IBAN']);
    expect(() => parseEnv({ BATON_REDACT_STORED: 'CREDIT_CARD,SHOE_SIZE' })).toThrow(ConfigError);
    expect(() => parseEnv({ BATON_REDACT_STORED: 'CREDIT_CARD,SHOE_SIZE' })).toThrow(/SHOE_SIZE/);
  });
});
