import { CrmError } from '@baton/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CrmHttpClient, parseRetryAfter } from './http-client.ts';
import { StubApi } from './testing/stub-api.ts';

let calls = 0;
const api = new StubApi({
  'GET /ok': () => ({ body: { hello: 'world' } }),
  'GET /missing': () => ({ status: 404, body: { message: 'not found' } }),
  'GET /flaky': () => (++calls === 1 ? { status: 503, body: { message: 'down' } } : { body: { n: calls } }),
  'GET /down': () => ({ status: 502, body: {} }),
  'GET /busy-then-ok': () =>
    ++calls === 1 ? { status: 429, headers: { 'retry-after': '0' }, body: {} } : { body: { n: calls } },
  'GET /busy-long': () => ({ status: 429, headers: { 'retry-after': '30' }, body: {} }),
  'GET /busy-no-header': () => ({ status: 429, body: {} }),
  'GET /quota': () => ({
    status: 403,
    body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }],
  }),
  'GET /denied': () => ({ status: 401, body: { message: 'bad token' } }),
  'GET /html': () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: undefined }),
  'GET /hang': () => ({ hang: true }),
});
beforeAll(async () => {
  await api.start();
});
afterAll(async () => {
  await api.stop();
});
afterEach(() => {
  api.reset();
  calls = 0;
});

const client = (over: Partial<ConstructorParameters<typeof CrmHttpClient>[0]> = {}): CrmHttpClient =>
  new CrmHttpClient({
    source: 'test',
    baseUrl: api.url,
    headers: () => ({ authorization: 'Bearer t' }),
    retryBaseMs: 5,
    ...over,
  });

const failure = async (p: Promise<unknown>): Promise<CrmError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof CrmError) return err;
    throw err;
  }
  throw new Error('expected a CrmError');
};

describe('CrmHttpClient', () => {
  it('sends the headers and parses JSON; 404 is null', async () => {
    const c = client();
    expect(await c.json({ path: '/ok', query: { q: 'a b' } })).toEqual({ hello: 'world' });
    expect(api.requests[0]?.headers.authorization).toBe('Bearer t');
    expect(api.requests[0]?.query.get('q')).toBe('a b');
    expect(await c.json({ path: '/missing' })).toBeNull();
  });

  it('maps 401 to unauthorized without retrying', async () => {
    const err = await failure(client().json({ path: '/denied', retry: { attempts: 3 } }));
    expect(err.kind).toBe('unauthorized');
    expect(api.requests).toHaveLength(1);
  });

  it('retries a 5xx once and gives up with unavailable when it persists', async () => {
    expect(await client().json({ path: '/flaky' })).toEqual({ n: 2 });
    api.reset();
    const err = await failure(client().json({ path: '/down', retry: { attempts: 3 } }));
    expect(err.kind).toBe('unavailable');
    expect(err.status).toBe(502);
    expect(api.requests).toHaveLength(3);
  });

  it('honours Retry-After on 429 when it fits the wait budget', async () => {
    expect(await client().json({ path: '/busy-then-ok' })).toEqual({ n: 2 });
  });

  it('fails at once when Retry-After is longer than the budget, then stays off the API until then', async () => {
    let now = 1_000_000;
    const c = client({ now: () => now });
    const err = await failure(c.json({ path: '/busy-long' }));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(30_000);
    expect(api.requests).toHaveLength(1);
    const again = await failure(c.json({ path: '/ok' }));
    expect(again.kind).toBe('rate_limited');
    expect(api.requests).toHaveLength(1); // the cool-down kept it off the API
    now += 30_001;
    expect(await c.json({ path: '/ok' })).toEqual({ hello: 'world' });
  });

  it('does not retry a 429 without Retry-After, nor a daily quota', async () => {
    expect((await failure(client().json({ path: '/busy-no-header', retry: { attempts: 3 } }))).kind).toBe(
      'rate_limited',
    );
    expect(api.requests).toHaveLength(1);
    expect((await failure(client().json({ path: '/quota', retry: { attempts: 3 } }))).kind).toBe('rate_limited');
    expect(api.requests).toHaveLength(2);
  });

  it('times out a hanging API, and honours the caller abort', async () => {
    const started = Date.now();
    const err = await failure(client({ timeoutMs: 150 }).json({ path: '/hang', retry: { attempts: 1 } }));
    expect(err.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
    const ctrl = new AbortController();
    const pending = failure(client({ timeoutMs: 60_000 }).json({ path: '/hang', signal: ctrl.signal }));
    ctrl.abort();
    expect((await pending).kind).toBe('timeout');
  });

  it('reports an unreachable API as unavailable and a non-JSON answer as bad_response', async () => {
    const down = new CrmHttpClient({
      source: 'test',
      baseUrl: 'http://127.0.0.1:9',
      headers: () => ({}),
      retryBaseMs: 1,
    });
    expect((await failure(down.json({ path: '/x' }))).kind).toBe('unavailable');
    expect(await client().json({ path: '/html' })).toBeUndefined();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(null, 0)).toBeNull();
  });
});
