import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stub received. */
export interface StubRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  /** The body parsed as JSON, or undefined. */
  json: unknown;
}

/** What a route answers: status, JSON body, headers; `hang: true` never answers (timeouts). */
export interface StubAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  hang?: boolean;
}

export type StubRoute = (req: StubRequest) => StubAnswer;

/**
 * A local HTTP server on 127.0.0.1 that answers as a CRM's REST API would, for connector tests. Routes are
 * `"METHOD /path"` keys (path without query); `override` answers first when set (to inject 401 / 429 / 5xx /
 * hangs). A request no route knows answers 501 and is kept in `unexpected`, so a test can
 * assert that the connector called nothing else.
 */
export class StubApi {
  readonly requests: StubRequest[] = [];
  readonly unexpected: StubRequest[] = [];
  /** Answers first when set; returning undefined falls through to the routes. */
  override: ((req: StubRequest) => StubAnswer | undefined) | null = null;
  private server: Server | null = null;
  private hanging: ServerResponse[] = [];
  url = '';

  constructor(private readonly routes: Record<string, StubRoute>) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => this.handle(req, res, body));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Forgets requests and the override between tests. */
  reset(): void {
    this.requests.length = 0;
    this.unexpected.length = 0;
    this.override = null;
    this.releaseHanging();
  }

  async stop(): Promise<void> {
    this.releaseHanging();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server === null ? resolve() : this.server.close(() => resolve())));
  }

  private releaseHanging(): void {
    for (const res of this.hanging) res.destroy();
    this.hanging = [];
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'http://stub');
    let json: unknown;
    try {
      json = body === '' ? undefined : JSON.parse(body);
    } catch {
      json = undefined;
    }
    const request: StubRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      json,
    };
    this.requests.push(request);
    const forced = this.override?.(request);
    const route = forced === undefined ? this.routes[`${request.method} ${request.path}`] : () => forced;
    if (route === undefined) {
      this.unexpected.push(request);
      res.writeHead(501, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `stub: no route for ${request.method} ${request.path}` }));
      return;
    }
    const answer = route(request);
    if (answer.hang === true) {
      this.hanging.push(res);
      return;
    }
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }
}
