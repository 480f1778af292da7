import type { FloorSnapshot, StaffingRoster } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentErrorsFromServer, agentFormFrom, readAgentForm } from '../../../web/src/supervisor/routing/agent-form.ts';
import {
  emptyStep,
  newQueueForm,
  queueErrorsFromServer,
  queueFormFrom,
  readQueueForm,
  type QueueForm,
  type QueueView,
} from '../../../web/src/supervisor/routing/queue-form.ts';
import { agentSettingsSchema, queueSettingsSchema } from '../compliance/settings-schemas.ts';
import { startServer, type RunningServer } from '../start-server.ts';
import { addDemoAdmin } from '../testing/demo-admin.ts';
import { journey } from '../testing/http-journey.ts';

/**
 * The Routing tab's saves as the console makes them: the form read from the server's listing, checked and
 * turned into a body by the console's own code, sent to the settings API, and the server's refusals mapped
 * back onto the form's fields. A queue or agent change reaches routing and the floor at once.
 */
describe('routing settings saved through the console’s forms', () => {
  let server: RunningServer;
  const j = journey(() => server);
  let sam: string;
  let ada: string;

  const queues = async (): Promise<QueueView[]> =>
    ((await j.call('GET', '/v1/admin/queues', undefined, sam)).json as unknown as { queues: QueueView[] }).queues;
  const support = async (): Promise<QueueForm> => {
    const q = (await queues()).find((x) => x.id === 'q_support');
    if (q === undefined) throw new Error('no support queue');
    return queueFormFrom(q);
  };
  /** Saves as the editor does: client checks first, then PUT; returns the server's answer. */
  const saveQueue = async (form: QueueForm, isNew = false) => {
    const read = readQueueForm(form, { isNew, queueIds: (await queues()).map((q) => q.id) });
    if (read.errors) throw new Error(`client refused: ${JSON.stringify(read.errors)}`);
    expect(queueSettingsSchema.safeParse(read.body).success).toBe(true);
    return j.call('PUT', `/v1/admin/queues/${form.id}`, read.body, sam);
  };

  beforeAll(async () => {
    server = await startServer({ port: 0, demo: true, assistant: false, logLevel: 'silent' });
    await addDemoAdmin(server.ctx.store);
    [sam, ada] = await Promise.all([j.login('sam@demo.baton'), j.login('ada@demo.baton')]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('round-trips a queue with every setting: hours, strategy, skills, languages, escalation steps', async () => {
    const billing: QueueForm = {
      ...newQueueForm(),
      id: 'q_billing',
      name: 'Billing',
      requiredSkills: 'billing:5',
      languages: 'en, fr',
      channels: ['chat', 'email'],
      priority: '3',
      slaSeconds: '45',
      offerTimeoutSeconds: '20',
      strategy: 'best_skill',
      hoursEnabled: true,
      timeZone: 'Europe/Paris',
      closedDates: '2026-12-25',
      escalation: [
        { afterSeconds: '300', skills: '', overflowQueueId: 'q_support', raisePriorityBy: '' },
        { afterSeconds: '120', skills: 'billing:2', overflowQueueId: '', raisePriorityBy: '2' },
      ],
    };
    const res = await saveQueue(billing, true);
    expect(res.status).toBe(200);
    const stored = await server.ctx.store.getQueue('q_billing');
    expect(stored).toMatchObject({
      requiredSkills: { billing: 5 },
      languages: ['en', 'fr'],
      channels: ['chat', 'email'],
      strategy: 'best_skill',
      businessHours: { timeZone: 'Europe/Paris', weekly: { mon: [['09:00', '17:00']] }, closedDates: ['2026-12-25'] },
      // Sorted by time, as routing applies them.
      escalation: [
        { afterSeconds: 120, skills: { billing: 2 }, raisePriorityBy: 2 },
        { afterSeconds: 300, overflowQueueId: 'q_support' },
      ],
    });
    // Read back into the form, it is the same queue.
    const again = (await queues()).find((q) => q.id === 'q_billing');
    const { id: _id, ...saved } = res.json;
    const ids = ['q_support', 'q_billing'];
    expect(again && readQueueForm(queueFormFrom(again), { isNew: false, queueIds: ids }).body).toEqual(
      queueSettingsSchema.parse(saved),
    );
    // A new queue's id must be free.
    expect(readQueueForm(billing, { isNew: true, queueIds: ['q_billing', 'q_support'] }).errors).toHaveProperty('id');
  });

  it('shows a bad value next to its field, from the console’s check and from the server', async () => {
    const form = {
      ...(await support()),
      slaSeconds: '0',
      weekly: { ...newQueueForm().weekly, mon: '17:00-09:00' },
      hoursEnabled: true,
    };
    const read = readQueueForm(form, { isNew: false, queueIds: ['q_support'] });
    expect(Object.keys(read.errors ?? {}).sort()).toEqual(['slaSeconds', 'weekly.mon']);
    // What the server says about the same values lands on the same fields.
    const good = readQueueForm(
      { ...form, slaSeconds: '60', weekly: newQueueForm().weekly },
      { isNew: false, queueIds: [] },
    );
    const raw = {
      ...good.body,
      slaSeconds: 0,
      businessHours: { timeZone: 'UTC', weekly: { mon: [['9am', '17:00']] } },
    };
    const refused = await j.call('PUT', '/v1/admin/queues/q_support', raw, sam);
    expect(refused.status).toBe(400);
    const error = refused.json['error'] as { code: string; message: string; details: unknown };
    expect(Object.keys(queueErrorsFromServer(error, form)).sort()).toEqual(['slaSeconds', 'weekly.mon']);
    // An overflow queue that is gone by the time of the save: the server's answer sits on that step.
    const steps = { ...form, escalation: [{ ...emptyStep(), afterSeconds: '60', overflowQueueId: 'q_gone' }] };
    const gone = await j.call(
      'PUT',
      '/v1/admin/queues/q_support',
      { ...good.body, escalation: [{ afterSeconds: 60, overflowQueueId: 'q_gone' }] },
      sam,
    );
    expect((gone.json['error'] as { code: string }).code).toBe('queue_not_found');
    expect(Object.keys(queueErrorsFromServer(gone.json['error'] as never, steps))).toEqual([
      'escalation.0.overflowQueueId',
    ]);
    expect((await server.ctx.store.getQueue('q_support'))?.slaSeconds).toBe(60); // nothing was saved
  });

  it('puts a queue change into routing and onto the floor at once', async () => {
    const alice = await j.agentOnline('alice@demo.baton'); // support 8
    expect((await saveQueue({ ...(await support()), requiredSkills: 'support:9' })).status).toBe(200);
    const waiting = await j.handedOff('Waits for a skilled agent');
    expect((await server.ctx.store.openHandoffForConversation(waiting.id))?.status).toBe('queued');
    // Sam lowers the bar: the waiting customer is offered to Alice without any other event.
    expect((await saveQueue({ ...(await support()), requiredSkills: 'support:5', slaSeconds: '40' })).status).toBe(200);
    await j.accept(alice.socket, waiting.id);
    const floor = (await j.call('GET', '/v1/supervisor/floor', undefined, sam)).json as unknown as FloorSnapshot;
    expect(floor.queues.find((q) => q.id === 'q_support')?.slaSeconds).toBe(40);
    expect(floor.queues.map((q) => q.name)).toContain('Billing');
    await alice.socket.close();
  });

  it('lets an admin change an agent through the form; a supervisor is refused; bad values land on their field', async () => {
    const roster = async (token: string) =>
      (await j.call('GET', '/v1/supervisor/staffing/agents', undefined, token)).json as unknown as StaffingRoster;
    const bob = (await roster(ada)).agents.find((a) => a.id === 'agt_bob');
    if (bob === undefined) throw new Error('no Bob');
    const form = {
      ...agentFormFrom(bob),
      skills: 'support:7, technical:8, billing:4',
      languages: 'en, es',
      wrapUpSeconds: '45',
    };
    const read = readAgentForm({ ...form, capacity: { ...form.capacity, chat: '2', sms: '' } });
    if (read.errors) throw new Error(JSON.stringify(read.errors));
    expect(agentSettingsSchema.safeParse(read.body).success).toBe(true);
    const asSam = await j.call('PATCH', '/v1/admin/agents/agt_bob', read.body, sam);
    expect([asSam.status, (asSam.json['error'] as { code: string }).code]).toEqual([403, 'forbidden']);
    expect((await j.call('PATCH', '/v1/admin/agents/agt_bob', read.body, ada)).status).toBe(200);
    const after = (await roster(sam)).agents.find((a) => a.id === 'agt_bob');
    expect(after).toMatchObject({
      skills: { support: 7, technical: 8, billing: 4 },
      languages: ['en', 'es'],
      capacity: { chat: 2, voice: 1 },
      wrapUpSeconds: 45,
    });
    if (after === undefined) throw new Error('no Bob after the save');
    expect(agentFormFrom(after).wrapUpSeconds).toBe('45');
    expect((await j.call('GET', '/v1/supervisor/floor', undefined, sam)).json['agents']).toContainEqual(
      expect.objectContaining({ id: 'agt_bob', capacity: { chat: 2, voice: 1 } }),
    );

    const bad = readAgentForm({
      ...form,
      capacity: { ...form.capacity, chat: '51' },
      skills: 'support:11',
      wrapUpSeconds: '3601',
    });
    expect(Object.keys(bad.errors ?? {}).sort()).toEqual(['capacity.chat', 'skills', 'wrapUpSeconds']);
    const refused = await j.call(
      'PATCH',
      '/v1/admin/agents/agt_bob',
      { capacity: { chat: 51 }, skills: { support: 11 } },
      ada,
    );
    expect(Object.keys(agentErrorsFromServer(refused.json['error'] as never)).sort()).toEqual([
      'capacity.chat',
      'skills',
    ]);
  });
});
