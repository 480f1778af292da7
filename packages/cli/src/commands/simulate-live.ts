import type { Command } from 'commander';
import WebSocket from 'ws';

/** Hard bounds, whatever the flags say: this is a load tool for your own loopback instances. */
const MAX_CUSTOMERS = 10_000;
const MAX_SECONDS = 600;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface LiveOptions {
  url: string[];
  customers: string;
  rate: string;
  duration: string;
  agent: string[];
  password: string;
  botKey: string;
  handoffShare: string;
  patienceSeconds: string;
  json?: boolean;
}

const quantile = (sorted: number[], q: number): number | null =>
  sorted.length === 0 ? null : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? null);
const ms = (v: number | null): string => (v === null ? '—' : `${v.toFixed(1)} ms`);
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const collect = (v: string, prev: string[]): string[] => [...prev, v];

/** Counters and samples of one run. */
class Tally {
  readonly http: number[] = [];
  readonly toAgent: number[] = [];
  readonly errors = new Map<string, number>();
  requests = 0;
  conversations = 0;
  handoffsAsked = 0;
  offers = 0;
  accepted = 0;
  agentJoined = 0;
  abandoned = 0;
  /** Customers still waiting when the run's time was up (not an abandonment: the run ended their wait). */
  waitingAtEnd = 0;
  /** Offers received and not yet answered by the server (accept sent or about to be). */
  pendingAccepts = 0;
  error(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }
}

/**
 * `baton simulate --live` (also `baton simulate-live`): simulated customers and agents over real HTTP and
 * WebSockets against running instances. Customers start at `--rate` per second through the instances in
 * turn; a share of them ask for a person and wait (up to their patience) for an agent's message on their
 * socket; agents (demo sign-ins by default) are spread over the instances, accept offers, reply once and
 * close. Reports throughput, HTTP latency percentiles, time from asking to the agent's first message, and
 * errors. Loopback URLs only; at most 10,000 customers and 600 seconds.
 */
export const registerSimulateLiveCommand = (program: Command, argv: string[] = process.argv): void => {
  program
    .command('simulate-live')
    .description('drive simulated customers and agents over HTTP and WebSockets against running instances')
    .option('--url <url>', 'a running instance (repeatable; loopback only)', collect, [])
    .option('--customers <n>', 'customers to start', '50')
    .option('--rate <r>', 'customers started per second', '5')
    .option('--duration <s>', 'stop after this many seconds', '60')
    .option('--agent <email>', 'agent sign-in (repeatable)', collect, [])
    .option('--password <p>', 'password of the agents', 'demo')
    .option('--bot-key <k>', 'bot API key used to open conversations', 'demo-bot-key')
    .option('--handoff-share <x>', 'share of customers who ask for a person', '0.5')
    .option('--patience-seconds <s>', 'how long a customer waits for an agent before leaving', '20')
    .option('--json', 'print the figures as JSON')
    .action(async (o: LiveOptions) => {
      const figures = await runLive(o);
      if (o.json === true) console.log(JSON.stringify(figures, null, 2));
      else printFigures(figures);
      if (figures.errors_total > 0) process.exitCode = 1;
    });

  // `baton simulate --live …` is this command: rewritten before commander parses, so the offline
  // `simulate` command keeps its own required options.
  const at = argv.indexOf('simulate');
  const live = argv.indexOf('--live');
  if (at >= 2 && live > at) {
    argv.splice(live, 1);
    argv.splice(at, 1, 'simulate-live');
  }
};

const checkUrls = (urls: string[]): string[] => {
  const list = urls.length === 0 ? ['http://127.0.0.1:3000'] : urls;
  for (const u of list) {
    const host = new URL(u).hostname;
    if (!LOOPBACK.has(host))
      throw new Error(`--url ${u}: only loopback instances may be driven (127.0.0.1, localhost, ::1)`);
  }
  return list.map((u) => u.replace(/\/$/, ''));
};

export const runLive = async (o: LiveOptions) => {
  const urls = checkUrls(o.url);
  const customers = Math.min(MAX_CUSTOMERS, Math.max(1, Number(o.customers)));
  const seconds = Math.min(MAX_SECONDS, Math.max(1, Number(o.duration)));
  const rate = Math.max(0.1, Number(o.rate));
  const share = Math.min(1, Math.max(0, Number(o.handoffShare)));
  const patienceMs = Math.max(1, Number(o.patienceSeconds)) * 1000;
  const emails = o.agent.length === 0 ? ['alice@demo.baton', 'bob@demo.baton'] : o.agent;
  const deadline = Date.now() + seconds * 1000;
  const tally = new Tally();
  /** Conversations an agent accepted and will close in a moment. */
  const closing = new Set<string>();
  const sockets: WebSocket[] = [];
  const wsUrl = (base: string, path: string) => `${base.replace(/^http/, 'ws')}${path}`;

  const call = async (base: string, path: string, body: unknown, token: string) => {
    const started = performance.now();
    tally.requests += 1;
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    tally.http.push(performance.now() - started);
    if (res.status >= 400) {
      tally.error(`http_${res.status}:${(json['error'] as { code?: string } | undefined)?.code ?? 'unknown'}`);
      throw new Error(`${path}: ${res.status}`);
    }
    return json;
  };

  // Agents, spread over the instances.
  for (const [i, email] of emails.entries()) {
    const base = urls[i % urls.length] ?? '';
    try {
      const login = await call(base, '/v1/auth/login', { email, password: o.password }, '');
      const ws = new WebSocket(wsUrl(base, `/v1/agent/stream?token=${String(login['token'])}`));
      sockets.push(ws);
      ws.on('error', () => tally.error('agent_socket'));
      ws.on('message', (data: Buffer) => {
        const f = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
        const send = (frame: object) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(frame));
        if (f['type'] === 'hello') send({ type: 'presence.set', presence: 'available' });
        if (f['type'] === 'offer') {
          tally.offers += 1;
          tally.pendingAccepts += 1;
          const r = f['reservation'] as { id: string; conversationId: string };
          setTimeout(() => send({ type: 'offer.accept', reservationId: r.id, ref: `acc:${r.conversationId}` }), 200);
        }
        const answered = typeof f['ref'] === 'string' && f['ref'].startsWith('acc:');
        if (answered && (f['type'] === 'ack' || f['type'] === 'error')) tally.pendingAccepts -= 1;
        if (f['type'] === 'ack' && answered) {
          tally.accepted += 1;
          const conversationId = String(f['ref']).slice(4);
          send({ type: 'message.send', conversationId, text: 'Hi, I am here to help.' });
          closing.add(conversationId);
          setTimeout(() => {
            send({ type: 'conversation.close', conversationId });
            closing.delete(conversationId);
          }, 1500);
        }
        if (f['type'] === 'error') tally.error(`agent_frame:${(f['error'] as { code?: string }).code ?? 'unknown'}`);
      });
    } catch {
      // counted by `call`
    }
  }
  await sleep(500);

  const customer = async (i: number): Promise<void> => {
    const base = urls[i % urls.length] ?? '';
    const created = await call(
      base,
      '/v1/conversations',
      { customer: { externalId: `live-${Date.now()}-${i}` } },
      o.botKey,
    );
    tally.conversations += 1;
    const id = (created['conversation'] as { id: string }).id;
    const token = String(created['token']);
    await call(base, `/v1/conversations/${id}/turns`, { role: 'customer', text: 'Where is my order?' }, token);
    if (Math.random() >= share) {
      await call(base, `/v1/conversations/${id}/close`, {}, token);
      return;
    }
    const ws = new WebSocket(wsUrl(base, `/v1/conversations/${id}/stream?token=${token}`));
    sockets.push(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const joined = new Promise<number>((resolve) => {
      ws.on('message', (data: Buffer) => {
        const f = JSON.parse(data.toString('utf8')) as { type?: string; turn?: { role?: string } };
        if (f.type === 'turn' && f.turn?.role === 'agent') resolve(performance.now());
      });
    });
    tally.handoffsAsked += 1;
    const asked = performance.now();
    await call(
      base,
      `/v1/conversations/${id}/turns`,
      { role: 'customer', text: 'let me talk to a real person' },
      token,
    );
    const cutAtEnd = Date.now() + patienceMs > deadline;
    const waited = await Promise.race([joined, sleep(Math.min(patienceMs, Math.max(0, deadline - Date.now())))]);
    if (typeof waited === 'number') {
      tally.agentJoined += 1;
      tally.toAgent.push(waited - asked);
    } else if (cutAtEnd) {
      // The run's time is up before this customer's patience: they are closed after the agents have finished
      // what they accepted (below), so an agent's reply never meets a conversation the run just closed.
      tally.waitingAtEnd += 1;
      stillWaiting.push({ base, id, token, ws });
      return;
    } else {
      tally.abandoned += 1;
      await call(base, `/v1/conversations/${id}/close`, {}, token).catch(() => undefined);
    }
    ws.close();
  };

  const stillWaiting: { base: string; id: string; token: string; ws: WebSocket }[] = [];
  const started = Date.now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < customers && Date.now() < deadline; i++) {
    running.push(
      customer(i).catch((err: unknown) =>
        tally.error(err instanceof Error && err.message.includes(':') ? 'request' : 'network'),
      ),
    );
    await sleep(1000 / rate);
  }
  await Promise.all(running);
  const elapsed = (Date.now() - started) / 1000;
  // Agents finish what they accepted before the run ends: a conversation left open would hold an agent's
  // slot into the next run (the same demo agents sign in again), which is not what agents do.
  for (let i = 0; i < 50 && (closing.size > 0 || tally.pendingAccepts > 0); i++) await sleep(100);
  await sleep(300);
  for (const c of stillWaiting) {
    await call(c.base, `/v1/conversations/${c.id}/close`, {}, c.token).catch(() => undefined);
    c.ws.close();
  }
  for (const s of sockets) s.terminate();
  const http = [...tally.http].sort((a, b) => a - b);
  const toAgent = [...tally.toAgent].sort((a, b) => a - b);
  return {
    instances: urls.length,
    agents: emails.length,
    seconds: Math.round(elapsed * 10) / 10,
    customers: tally.conversations,
    requests: tally.requests,
    requests_per_second: Math.round((tally.requests / elapsed) * 10) / 10,
    http_p50_ms: quantile(http, 0.5),
    http_p95_ms: quantile(http, 0.95),
    http_p99_ms: quantile(http, 0.99),
    handoffs_asked: tally.handoffsAsked,
    offers: tally.offers,
    accepted: tally.accepted,
    agent_joined: tally.agentJoined,
    left_waiting: tally.abandoned,
    waiting_at_end: tally.waitingAtEnd,
    to_agent_p50_ms: quantile(toAgent, 0.5),
    to_agent_p99_ms: quantile(toAgent, 0.99),
    errors_total: [...tally.errors.values()].reduce((a, b) => a + b, 0),
    errors: Object.fromEntries(tally.errors),
  };
};

const printFigures = (f: Awaited<ReturnType<typeof runLive>>): void => {
  console.log(`${f.customers} customers, ${f.agents} agents on ${f.instances} instance(s), ${f.seconds} s`);
  console.log(`throughput:      ${f.requests} requests, ${f.requests_per_second} req/s`);
  console.log(`HTTP latency:    p50 ${ms(f.http_p50_ms)}, p95 ${ms(f.http_p95_ms)}, p99 ${ms(f.http_p99_ms)}`);
  console.log(
    `handoffs:        ${f.handoffs_asked} asked, ${f.offers} offers, ${f.accepted} accepted, ${f.agent_joined} reached an agent, ${f.left_waiting} left waiting, ${f.waiting_at_end} still waiting at the end`,
  );
  console.log(`ask → agent msg: p50 ${ms(f.to_agent_p50_ms)}, p99 ${ms(f.to_agent_p99_ms)}`);
  console.log(`errors:          ${f.errors_total}${f.errors_total > 0 ? ` ${JSON.stringify(f.errors)}` : ''}`);
};
