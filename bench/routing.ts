import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Random, Router, type Channel, type Offer, type Queue } from '../packages/core/src/index.ts';

/**
 * Routing decision latency at TaskRouter's workspace limits: 15 000 agents, 500 000 queued handoffs, 40 queues
 * (some with languages, skills with minimum levels, chat capacity 3 or voice 1, mixed strategies). Every agent
 * is full, so each decision is real: a steady state of "an agent frees a slot → which handoff" (complete, then
 * the router offers the best waiting handoff it can take, then accept) and "a handoff arrives → which agent"
 * (enqueue). Each call is timed alone with hrtime on one core.
 */
const SKILLS = ['billing', 'tech', 'sales', 'returns', 'fraud', 'api', 'shipping', 'account'];
const LANGS = ['en', 'fr', 'de', 'es'];
const STRATEGIES = ['longest_idle', 'least_busy', 'best_skill', 'round_robin'] as const;

export const runRoutingBench = async (args: string[]): Promise<Record<string, unknown>> => {
  const { values } = parseArgs({
    args,
    options: { agents: { type: 'string' }, queued: { type: 'string' }, decisions: { type: 'string' } },
    strict: false,
  });
  const AGENTS = Number(values.agents ?? 15_000);
  const QUEUED = Number(values.queued ?? 500_000);
  const DECISIONS = Number(values.decisions ?? 200_000);
  const rng = new Random(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;
  let now = Date.UTC(2026, 0, 5, 9);
  const router = new Router();
  const queues: Queue[] = [];
  for (let i = 0; i < 40; i++) {
    const q: Queue = {
      id: `q${i}`,
      name: `q${i}`,
      requiredSkills: { [SKILLS[i % SKILLS.length] ?? 'billing']: 1 + (i % 4) },
      languages: i % 3 === 0 ? LANGS : [],
      channels: ['chat', 'voice'],
      priority: i % 5,
      slaSeconds: 60,
      offerTimeoutSeconds: 30,
      strategy: STRATEGIES[i % 4] ?? 'longest_idle',
      escalation: [{ afterSeconds: 120, raisePriorityBy: 1 }],
    };
    queues.push(q);
    router.upsertQueue(q, now);
  }
  const setupStart = process.hrtime.bigint();
  for (let i = 0; i < AGENTS; i++) {
    const skills: Record<string, number> = {};
    for (const s of SKILLS) if (rng.next() < 0.5) skills[s] = 1 + Math.floor(rng.next() * 10);
    const languages = ['en', ...LANGS.filter((l) => l !== 'en' && rng.next() < 0.3)];
    router.upsertAgent(
      {
        id: `a${i}`,
        skills,
        languages,
        capacity: rng.next() < 0.7 ? { chat: 3 } : { voice: 1, chat: 1 },
        presence: 'available',
      },
      now,
    );
  }
  let n = 0;
  const assigned: string[] = [];
  const take = (offers: Offer[]): number => {
    for (const o of offers) {
      router.accept(o.handoffId, o.agentId, now);
      assigned.push(o.handoffId);
    }
    return offers.length;
  };
  const arrival = (): { id: string; queueId: string; channel: Channel; language: string; priority: number } => ({
    id: `h${n++}`,
    queueId: pick(queues).id,
    channel: rng.next() < 0.75 ? 'chat' : 'voice',
    language: rng.next() < 0.7 ? 'en' : pick(LANGS),
    priority: Math.floor(rng.next() * 4),
  });
  // Fill every slot, then queue QUEUED more.
  let waiting = 0;
  while (waiting < QUEUED) {
    now += 1;
    if (take(router.enqueue(arrival(), now)) === 0) waiting++;
  }
  const setupMs = Number(process.hrtime.bigint() - setupStart) / 1e6;
  const freed: number[] = [];
  const arrived: number[] = [];
  let assignments = 0;
  let decisionNs = 0;
  const run = (count: number, measure: boolean): void => {
    for (let i = 0; i < count; i++) {
      now += 2;
      // An agent finishes a conversation: the router picks what they take next.
      const k = Math.floor(rng.next() * assigned.length);
      const id = assigned[k] ?? '';
      assigned[k] = assigned[assigned.length - 1] ?? '';
      assigned.pop();
      let t0 = process.hrtime.bigint();
      const offers = router.complete(id, now);
      let ns = Number(process.hrtime.bigint() - t0);
      const got = take(offers);
      if (measure) {
        freed.push(ns);
        decisionNs += ns;
        assignments += got;
      }
      // A handoff arrives: offered if an eligible agent has room, else queued in order.
      const h = arrival();
      t0 = process.hrtime.bigint();
      const offered = router.enqueue(h, now);
      ns = Number(process.hrtime.bigint() - t0);
      const got2 = take(offered);
      if (measure) {
        arrived.push(ns);
        decisionNs += ns;
        assignments += got2;
      }
    }
  };
  run(20_000, false);
  const wall = process.hrtime.bigint();
  run(DECISIONS / 2, true);
  const wallS = Number(process.hrtime.bigint() - wall) / 1e9;
  await Promise.resolve();
  const q = (xs: number[], p: number): number => {
    const s = [...xs].sort((a, b) => a - b);
    return Math.round((s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0) / 10) / 100;
  };
  const all = [...freed, ...arrived];
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    agents: AGENTS,
    queued: router.waitingCount,
    setup_ms: Math.round(setupMs),
    decisions: all.length,
    p50_us: q(all, 0.5),
    p99_us: q(all, 0.99),
    p999_us: q(all, 0.999),
    agent_freed_p50_us: q(freed, 0.5),
    agent_freed_p99_us: q(freed, 0.99),
    handoff_arrived_p50_us: q(arrived, 0.5),
    handoff_arrived_p99_us: q(arrived, 0.99),
    // Assignments per second of routing time (the decisions alone), and per wall second including accepts.
    assignments_per_s: Math.round(assignments / (decisionNs / 1e9)),
    wall_assignments_per_s: Math.round(assignments / wallS),
    heap_mb: Math.round(process.memoryUsage().heapUsed / 1e6),
  };
};
