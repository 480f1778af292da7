import { staffingLimits, type StaffingResult, type StaffingRoster } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { addDemoAdmin } from '../testing/demo-admin.ts';
import { journey } from '../testing/http-journey.ts';

const WHAT_IF = { agents: 9, arrivalsPerHour: 120, ahtSeconds: 240, patienceSeconds: 90, slaSeconds: 20 };

/**
 * The Staffing tab's server side (A7): the roster with routing settings, and the staffing what-if on the
 * simulator with Erlang C beside it. Supervisors and admins only; bounded work per request.
 */
describe('staffing endpoints', () => {
  let server: RunningServer;
  const j = journey(() => server);
  let sam: string;
  let alice: string;
  let ada: string;

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, assistant: false, logLevel: 'silent' });
    await addDemoAdmin(server.ctx.store);
    [sam, alice, ada] = await Promise.all([
      j.login('sam@demo.baton'),
      j.login('alice@demo.baton'),
      j.login('ada@demo.baton'),
    ]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets supervisors and admins in, and keeps agents, customers and strangers out', async () => {
    const customer = await j.call('POST', '/v1/conversations', {});
    const customerToken = customer.json['token'] as string;
    for (const [method, path, body] of [
      ['GET', '/v1/supervisor/staffing/agents', undefined],
      ['POST', '/v1/supervisor/staffing/simulate', WHAT_IF],
    ] as const) {
      const asAgent = await j.call(method, path, body, alice);
      expect([path, asAgent.status, (asAgent.json['error'] as { code: string }).code]).toEqual([
        path,
        403,
        'forbidden',
      ]);
      expect((await j.call(method, path, body, customerToken)).status).toBe(403);
      expect((await j.call(method, path, body)).status).toBe(401);
      expect((await j.call(method, path, body, sam)).status).toBe(200);
      expect((await j.call(method, path, body, ada)).status).toBe(200);
    }
  });

  it('lists agents with their routing settings; only an admin may edit them', async () => {
    const forSam = (await j.call('GET', '/v1/supervisor/staffing/agents', undefined, sam))
      .json as unknown as StaffingRoster;
    expect(forSam.canEdit).toBe(false);
    const alice = forSam.agents.find((a) => a.id === 'agt_alice');
    expect(alice).toMatchObject({
      skills: { support: 8, billing: 5 },
      languages: ['en'],
      capacity: { chat: 3, voice: 1 },
    });
    expect(alice).not.toHaveProperty('email');
    const forAda = (await j.call('GET', '/v1/supervisor/staffing/agents', undefined, ada))
      .json as unknown as StaffingRoster;
    expect(forAda.canEdit).toBe(true);
  });

  it('answers N−2 … N+3 with figures that improve as agents are added, and Erlang C beside them', async () => {
    const res = await j.call('POST', '/v1/supervisor/staffing/simulate', WHAT_IF, sam);
    expect(res.status).toBe(200);
    const r = res.json as unknown as StaffingResult;
    expect(r.scenarios.map((s) => s.agents)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(r.input).toMatchObject({ ...WHAT_IF, slaTarget: 0.8, capacity: 1, hours: 8, seed: 1 });
    expect(r.offeredLoadErlangs).toBeCloseTo(8, 10);
    for (let i = 1; i < r.scenarios.length; i++) {
      const [a, b] = [r.scenarios[i - 1], r.scenarios[i]];
      if (a === undefined || b === undefined) throw new Error('missing row');
      expect(b.simulated.serviceLevel).toBeGreaterThanOrEqual(a.simulated.serviceLevel);
      expect(b.simulated.asaSeconds).toBeLessThanOrEqual(a.simulated.asaSeconds);
      expect(b.simulated.abandonRate).toBeLessThanOrEqual(a.simulated.abandonRate);
      expect(b.simulated.occupancy).toBeLessThan(a.simulated.occupancy);
    }
    const first = r.scenarios[0];
    const last = r.scenarios[5];
    expect(last?.simulated.serviceLevel).toBeGreaterThan((first?.simulated.serviceLevel ?? 1) + 0.3);
    // 7 and 8 agents cannot carry 8 erlangs in Erlang C (no one leaves): its wait is unbounded.
    expect(first?.erlangC.asaSeconds).toBeNull();
    expect(last?.erlangC.asaSeconds).toBeGreaterThan(0);
    // The recommendation is the first row that meets 80 %, and every row below it misses.
    const recommended = r.scenarios.find((s) => s.agents === r.recommendedAgents);
    expect(recommended?.simulated.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(r.scenarios.filter((s) => s.agents < (r.recommendedAgents ?? 0)).every((s) => !s.meetsTarget)).toBe(true);
    expect(r.erlangCAgents).toBeGreaterThan(8);
    // Same question, same answer (seeded); another seed, other customers.
    expect((await j.call('POST', '/v1/supervisor/staffing/simulate', WHAT_IF, sam)).json).toEqual(res.json);
    const other = await j.call('POST', '/v1/supervisor/staffing/simulate', { ...WHAT_IF, seed: 2 }, sam);
    expect(other.json['scenarios']).not.toEqual(res.json['scenarios']);
  });

  it('starts the table at one agent and recommends nothing when no row meets the target', async () => {
    const res = await j.call(
      'POST',
      '/v1/supervisor/staffing/simulate',
      { agents: 1, arrivalsPerHour: 600, ahtSeconds: 300, slaSeconds: 20 },
      sam,
    );
    expect(res.status).toBe(200);
    const r = res.json as unknown as StaffingResult;
    expect(r.scenarios.map((s) => s.agents)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.recommendedAgents).toBeNull(); // 50 erlangs on at most 6 agents
    expect(r.erlangCAgents).toBeGreaterThan(50);
  });

  it('refuses bad input with invalid_request and the field at fault', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...WHAT_IF, agents: 0 }, '/agents'],
      [{ ...WHAT_IF, agents: 2.5 }, '/agents'],
      [{ ...WHAT_IF, agents: staffingLimits.maxAgents + 1 }, '/agents'],
      [{ ...WHAT_IF, arrivalsPerHour: 0 }, '/arrivalsPerHour'],
      [{ ...WHAT_IF, arrivalsPerHour: staffingLimits.maxArrivalsPerHour + 1 }, '/arrivalsPerHour'],
      [{ ...WHAT_IF, ahtSeconds: 'long' }, '/ahtSeconds'],
      [{ ...WHAT_IF, slaTarget: 1 }, '/slaTarget'],
      [{ ...WHAT_IF, hours: 100 }, '/hours'],
      [{ ...WHAT_IF, arrivalsPerHour: 2000, hours: 8 }, '/hours'],
      [{ ...WHAT_IF, extra: true }, '/'],
    ];
    for (const [body, path] of cases) {
      const res = await j.call('POST', '/v1/supervisor/staffing/simulate', body, sam);
      const error = res.json['error'] as { code: string; details: { path: string }[] };
      expect([JSON.stringify(body), res.status, error.code]).toEqual([JSON.stringify(body), 400, 'invalid_request']);
      expect(error.details.map((d) => d.path)).toContain(path);
    }
  });

  it('bounds the work: a heavy queue without hours is simulated for as long as the run budget allows', async () => {
    const res = await j.call(
      'POST',
      '/v1/supervisor/staffing/simulate',
      { agents: 300, arrivalsPerHour: staffingLimits.maxArrivalsPerHour, ahtSeconds: 100, slaSeconds: 20 },
      sam,
    );
    expect(res.status).toBe(200);
    const r = res.json as unknown as StaffingResult;
    expect(r.input.hours).toBe(1);
    for (const s of r.scenarios) expect(s.simulated.offered).toBeLessThanOrEqual(staffingLimits.maxArrivalsPerRun);
    const daily = await j.call(
      'POST',
      '/v1/supervisor/staffing/simulate',
      { agents: 30, arrivalsPerHour: 400, ahtSeconds: 240, slaSeconds: 20 },
      sam,
    );
    expect((daily.json as unknown as StaffingResult).input.hours).toBe(8);
  });

  it('refuses a third what-if while two run on the instance (rate_limited), and serves the others', async () => {
    const heavy = { agents: 300, arrivalsPerHour: staffingLimits.maxArrivalsPerHour, ahtSeconds: 100, slaSeconds: 20 };
    const answers = await Promise.all(
      [0, 1, 2, 3].map(() => j.call('POST', '/v1/supervisor/staffing/simulate', heavy, sam)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.map((a) => (a.json['error'] as { code: string }).code)).toEqual(refused.map(() => 'rate_limited'));
    // Once they are done, the next one runs.
    expect((await j.call('POST', '/v1/supervisor/staffing/simulate', WHAT_IF, sam)).status).toBe(200);
  });
});
