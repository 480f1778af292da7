import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StubApi } from '@baton/crm-http/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../start-server.ts';
import { journey } from '../testing/http-journey.ts';
import type { TestSocket } from '../testing/ws-client.ts';

/**
 * The context package with a real CRM connector (HubSpot, against a local HubSpot) and agent assist (A5),
 * through the running server: CRM data in the offer, a hanging CRM that does not hold the offer up, the
 * outcome written back on close, and GET /v1/conversations/:id/assist for the assigned agent only.
 */
type Mode = 'ok' | 'hang' | 'fail';
let mode: Mode = 'ok';
const contact = {
  id: '151',
  properties: {
    email: 'ana.lopez@example.com',
    firstname: 'Ana',
    lastname: 'Lopez',
    company: 'Lopez Outdoor',
    hubspotscore: '72',
    customer_tier: 'gold',
  },
};
const hubspot = new StubApi({
  'POST /crm/v3/objects/contacts/search': () =>
    mode === 'hang'
      ? { hang: true }
      : mode === 'fail'
        ? { status: 503, body: { status: 'error', message: 'unavailable' } }
        : { body: { total: 1, results: [contact] } },
  'GET /crm/v4/objects/contacts/151/associations/deals': () => ({ body: { results: [{ toObjectId: 902 }] } }),
  'GET /crm/v4/objects/contacts/151/associations/tickets': () => ({ body: { results: [] } }),
  'POST /crm/v3/objects/deals/batch/read': () => ({
    body: {
      status: 'COMPLETE',
      results: [{ id: '902', properties: { dealstage: 'contractsent', amount: '1800', hs_is_closed: 'false' } }],
    },
  }),
  'POST /crm/v3/objects/notes': () => ({ status: 201, body: { id: '5001' } }),
});

describe('context package with a CRM, and agent assist', () => {
  let server: RunningServer;
  const j = journey(() => server);
  let alice: { token: string; socket: TestSocket };
  const kbDir = mkdtempSync(join(tmpdir(), 'baton-kb-'));

  /** A conversation of Ana's, handed off with `text`; returns its id and customer token. */
  const handOff = async (text: string): Promise<{ id: string; token: string }> => {
    const created = await j.call('POST', '/v1/conversations', {
      customer: { name: 'Ana Lopez', email: 'ana.lopez@example.com' },
    });
    const id = (created.json['conversation'] as { id: string }).id;
    const token = created.json['token'] as string;
    const turn = await j.call('POST', `/v1/conversations/${id}/turns`, { role: 'customer', text }, token);
    expect((turn.json['conversation'] as { status: string }).status).toBe('queued');
    return { id, token };
  };
  const offerFor = (id: string) =>
    alice.socket.next<{
      reservation: { id: string };
      context: {
        package?: {
          crm: { source: string; tier: string | null } | null;
          identity: { company: string | null };
          missing: string[];
        };
      };
    }>((f) => f['type'] === 'offer' && (f['reservation'] as { conversationId: string }).conversationId === id, 10_000);

  beforeAll(async () => {
    writeFileSync(
      join(kbDir, 'tent-pole-repair.md'),
      '---\ntags: [tent, pole, snapped]\n---\n# Tent pole repair kit\n\nWe post a free pole repair kit within 2 days; no need to return the tent.\n',
    );
    await hubspot.start();
    server = await startServer({
      port: 0,
      demo: true,
      logLevel: 'silent',
      crm: { hubspot: { token: 'pat-test', baseUrl: hubspot.url } },
      contextPartTimeoutMs: 400,
      knowledgeBaseDir: kbDir,
    });
    alice = await j.agentOnline('alice@demo.baton');
  });
  afterAll(async () => {
    await alice?.socket.close();
    await server?.close();
    await hubspot.stop();
    rmSync(kbDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    mode = 'ok';
  });

  let conversation: { id: string; token: string };
  it('puts the CRM record in the offer, and serves assist to the assigned agent', async () => {
    conversation = await handOff('can I talk to a human?');
    const offer = await offerFor(conversation.id);
    expect(offer.context.package?.crm).toMatchObject({ source: 'hubspot', tier: 'gold' });
    expect(offer.context.package?.identity.company).toBe('Lopez Outdoor');
    expect(offer.context.package?.missing).toEqual([]);
    const ack = await j.command(alice.socket, { type: 'offer.accept', reservationId: offer.reservation.id });
    expect(ack['type']).toBe('ack');
    const said = await j.call(
      'POST',
      `/v1/conversations/${conversation.id}/turns`,
      { role: 'customer', text: 'My tent pole snapped on day one and I want to cancel my subscription.' },
      conversation.token,
    );
    expect(said.status).toBeLessThan(300);

    const res = await j.call('GET', `/v1/conversations/${conversation.id}/assist`, undefined, alice.token);
    expect(res.status).toBe(200);
    const assist = res.json as {
      articles: { title: string; source: string }[];
      nextBestActions: { code: string }[];
      replies: { kind: string; text: string }[];
      basedOn: { text: string };
    };
    expect(assist.articles[0]).toMatchObject({ title: 'Tent pole repair kit', source: 'kb' });
    expect(assist.nextBestActions[0]?.code).toBe('retention_offer_premium'); // tier from HubSpot
    expect(assist.replies[0]).toMatchObject({ kind: 'bridge' });
    expect(assist.replies[0]?.text).toContain("I'm Alice Martin");
    expect(assist.basedOn.text).toContain('tent pole snapped');
  });

  it('refuses assist to anyone but the assigned agent', async () => {
    const bob = await j.login('bob@demo.baton');
    expect((await j.call('GET', `/v1/conversations/${conversation.id}/assist`, undefined, bob)).status).toBe(403);
    expect(
      (await j.call('GET', `/v1/conversations/${conversation.id}/assist`, undefined, conversation.token)).status,
    ).toBe(403);
    expect((await j.call('GET', `/v1/conversations/${conversation.id}/assist`)).status).toBe(401);
    const sam = await j.login('sam@demo.baton');
    expect((await j.call('GET', `/v1/conversations/${conversation.id}/assist`, undefined, sam)).status).toBe(403);
    const missing = await j.call('GET', '/v1/conversations/conv_nope/assist', undefined, alice.token);
    expect(missing.status).toBe(404);
    expect((missing.json['error'] as { code: string }).code).toBe('conversation_not_found');
  });

  it('serves the context package again to the assigned agent only, and audits each read', async () => {
    const res = await j.call('GET', `/v1/conversations/${conversation.id}/context`, undefined, alice.token);
    expect(res.status).toBe(200);
    const pkg = res.json['package'] as { crm: { source: string } | null; identity: { company: string | null } };
    expect(pkg.crm).toMatchObject({ source: 'hubspot' });
    expect(pkg.identity.company).toBe('Lopez Outdoor');
    const bob = await j.login('bob@demo.baton');
    expect((await j.call('GET', `/v1/conversations/${conversation.id}/context`, undefined, bob)).status).toBe(403);
    expect(
      (await j.call('GET', `/v1/conversations/${conversation.id}/context`, undefined, conversation.token)).status,
    ).toBe(403);
    await expect
      .poll(async () =>
        (await server.ctx.store.listAudit(0, 10_000)).some(
          (e) =>
            e.action === 'data.read' &&
            e.subject === `conversation:${conversation.id}` &&
            (e.data as { via?: string }).via === 'reload',
        ),
      )
      .toBe(true);
  });

  it('writes the outcome back to HubSpot when the agent closes the conversation', async () => {
    hubspot.reset();
    const ack = await j.command(alice.socket, { type: 'conversation.close', conversationId: conversation.id });
    expect(ack['type']).toBe('ack');
    await vi.waitFor(() => expect(hubspot.requests.some((r) => r.path === '/crm/v3/objects/notes')).toBe(true), {
      timeout: 10_000,
      interval: 25,
    });
    const note = hubspot.requests.find((r) => r.path === '/crm/v3/objects/notes')!.json as {
      properties: { hs_note_body: string };
      associations: { to: { id: string } }[];
    };
    expect(note.associations[0]?.to.id).toBe('151');
    expect(note.properties.hs_note_body).toContain('completed by Alice Martin');
    expect(note.properties.hs_note_body).not.toContain('ana.lopez@example.com');
  });

  it.each<[Mode]>([['hang'], ['fail']])(
    'a CRM that %s does not hold the offer up: the package says crm is missing',
    async (m) => {
      mode = m;
      const started = Date.now();
      const { id } = await handOff('can I talk to a human?');
      const offer = await offerFor(id);
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(offer.context.package?.missing).toContain('crm');
      expect(offer.context.package?.crm).toBeNull();
      hubspot.reset(); // lets the hanging request go
    },
  );
});
