import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, type RunningServer } from '../start-server.ts';

const QUEUE = { name: 'Cookie queue', channels: ['chat'], slaSeconds: 60, offerTimeoutSeconds: 30 };

/**
 * P6 cookie sessions over real HTTP: the session rides in an HttpOnly, Secure, SameSite=Strict cookie; writes
 * need the session's CSRF token (signed double-submit); forged sessions, missing or foreign CSRF tokens and
 * cross-origin socket upgrades are refused with stable codes.
 */
describe('cookie sessions with CSRF protection', () => {
  let server: RunningServer;

  interface Res {
    status: number;
    json: Record<string, unknown>;
    cookies: string[];
  }
  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Res> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      cookies: res.headers.getSetCookie(),
    };
  };
  const code = (r: Res) => (r.json['error'] as { code?: string } | undefined)?.code;
  const signIn = async (email: string) => {
    const res = await call('POST', '/v1/auth/session', {}, { email, password: 'demo' });
    expect(res.status).toBe(200);
    const session = res.cookies.find((c) => c.startsWith('baton_session='));
    const csrfCookie = res.cookies.find((c) => c.startsWith('baton_csrf='));
    const value = (c: string | undefined) => c?.split(';')[0]?.split('=')[1] ?? '';
    return {
      res,
      setCookie: session ?? '',
      cookie: `baton_session=${value(session)}; baton_csrf=${value(csrfCookie)}`,
      csrf: res.json['csrfToken'] as string,
      csrfCookie: value(csrfCookie),
    };
  };

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, logLevel: 'silent' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('signs in with an HttpOnly, Secure, SameSite=Strict cookie and reads with it alone', async () => {
    const sam = await signIn('sam@demo.baton');
    expect(sam.setCookie).toMatch(/HttpOnly/);
    expect(sam.setCookie).toMatch(/Secure/);
    expect(sam.setCookie).toMatch(/SameSite=Strict/);
    expect(sam.csrf).toBe(sam.csrfCookie);
    expect(sam.res.json['agent']).toMatchObject({ id: 'agt_sam' });
    const me = await call('GET', '/v1/agents/me', { cookie: sam.cookie });
    expect([me.status, me.json['id']]).toEqual([200, 'agt_sam']);
    const wrong = await call('POST', '/v1/auth/session', {}, { email: 'sam@demo.baton', password: 'nope' });
    expect([wrong.status, code(wrong), wrong.cookies]).toEqual([401, 'unauthorized', []]);
  });

  it("refuses a write without the CSRF token, with a wrong one, or with another session's; accepts the right one", async () => {
    const sam = await signIn('sam@demo.baton');
    const bob = await signIn('bob@demo.baton');
    const attempts: [string, Record<string, string>][] = [
      ['no token', { cookie: sam.cookie }],
      ['wrong token', { cookie: sam.cookie, 'x-csrf-token': 'x'.repeat(sam.csrf.length) }],
      ["another session's token", { cookie: sam.cookie, 'x-csrf-token': bob.csrf }],
    ];
    for (const [what, headers] of attempts) {
      const res = await call('PUT', '/v1/admin/queues/q_cookie', headers, QUEUE);
      expect([what, res.status, code(res)]).toEqual([what, 403, 'csrf_failed']);
    }
    expect(await server.ctx.store.getQueue('q_cookie')).toBeNull();
    const ok = await call('PUT', '/v1/admin/queues/q_cookie', { cookie: sam.cookie, 'x-csrf-token': sam.csrf }, QUEUE);
    expect(ok.status).toBe(200);
    expect((await server.ctx.store.listAudit(0, 1000)).at(-1)).toMatchObject({ actor: 'agent:agt_sam' });
  });

  it('refuses a forged or customer session cookie', async () => {
    const sam = await signIn('sam@demo.baton');
    const [payload = '', sig = ''] = (sam.cookie.split(';')[0]?.split('=')[1] ?? '').split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ kind: 'agent', sub: 'agt_sam', exp: 9_999_999_999 })).toString(
      'base64url',
    );
    for (const session of [`${forgedPayload}.${sig}`, `${payload}.${'A'.repeat(sig.length)}`, 'garbage']) {
      const res = await call('GET', '/v1/agents/me', { cookie: `baton_session=${session}` });
      expect([res.status, code(res)]).toEqual([401, 'unauthorized']);
    }
    const customer = await call('POST', '/v1/conversations', {}, {});
    const res = await call('GET', '/v1/agents/me', { cookie: `baton_session=${String(customer.json['token'])}` });
    expect([res.status, code(res)]).toEqual([401, 'unauthorized']);
  });

  it('accepts a socket upgrade from its own origin only', async () => {
    const alice = await signIn('alice@demo.baton');
    const url = `${server.url.replace('http', 'ws')}/v1/agent/stream`;
    const open = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { headers: { cookie: alice.cookie, origin } });
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
      });
    expect(await open('https://evil.example')).toBe(403);
    expect(await open(server.url)).toBe(101);
  });

  it('signs out by clearing the cookies (a write, so it needs the CSRF token)', async () => {
    const sam = await signIn('sam@demo.baton');
    const refused = await call('DELETE', '/v1/auth/session', { cookie: sam.cookie });
    expect([refused.status, code(refused)]).toEqual([403, 'csrf_failed']);
    const out = await call('DELETE', '/v1/auth/session', { cookie: sam.cookie, 'x-csrf-token': sam.csrf });
    expect(out.status).toBe(204);
    expect(out.cookies.every((c) => c.includes('Max-Age=0'))).toBe(true);
    expect(out.cookies).toHaveLength(2);
  });
});
