/**
 * The EventBus contract, run against every implementation (in-process, NATS). Subjects carry a random
 * prefix per test so runs sharing one NATS server never see each other's events.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError, type EventBus } from '@baton/core';

export interface BusFixture {
  /** Opens a bus. */
  open: (opts: { onHandlerError?: (error: unknown, subject: string) => void }) => Promise<EventBus>;
  /** Whether two opened buses reach each other's subscribers (a broker between processes). */
  crossInstance: boolean;
}

interface Received {
  subject: string;
  event: unknown;
}

/** Registers the EventBus contract for one implementation. */
export const describeBusContract = (name: string, fixture: BusFixture): void => {
  describe(`EventBus contract: ${name}`, () => {
    const opened: EventBus[] = [];
    let prefix = '';

    const open = async (opts: Parameters<BusFixture['open']>[0] = {}): Promise<EventBus> => {
      const bus = await fixture.open(opts);
      opened.push(bus);
      return bus;
    };
    const collect = async (bus: EventBus, pattern: string): Promise<Received[]> => {
      const got: Received[] = [];
      await bus.subscribe(`${prefix}.${pattern}`, (event, subject) =>
        got.push({ event, subject: subject.slice(prefix.length + 1) }),
      );
      return got;
    };
    /**
     * Publishes a marker and waits for it: delivery is ordered per publisher and connection, so once the
     * marker is in, anything published before it that was going to arrive has arrived.
     */
    const settle = async (bus: EventBus, probe: Received[]): Promise<void> => {
      const marker = randomBytes(4).toString('hex');
      await bus.publish(`${prefix}.probe`, { marker });
      await vi.waitFor(() => expect(probe.some((r) => (r.event as { marker?: string }).marker === marker)).toBe(true));
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((b) => b.close()));
    });

    const test = (title: string, body: () => Promise<void>) =>
      it(title, async () => {
        prefix = `t${randomBytes(5).toString('hex')}`;
        await body();
      });

    test('delivers JSON events to exact subscribers, in publish order', async () => {
      const bus = await open();
      const got = await collect(bus, 'conv.c1.turn');
      const other = await collect(bus, 'conv.c2.turn');
      for (let i = 0; i < 50; i++)
        await bus.publish(`${prefix}.conv.c1.turn`, { i, at: new Date(0), nested: { ok: true } });
      await vi.waitFor(() => expect(got).toHaveLength(50));
      expect(got.map((r) => (r.event as { i: number }).i)).toEqual([...Array(50).keys()]);
      // Events travel as JSON on every bus: a Date becomes its ISO string.
      expect(got[0]).toEqual({
        subject: 'conv.c1.turn',
        event: { i: 0, at: '1970-01-01T00:00:00.000Z', nested: { ok: true } },
      });
      expect(other).toEqual([]);
    });

    test('matches `*` to exactly one token and `>` to one or more', async () => {
      const bus = await open();
      const probe = await collect(bus, 'probe');
      const star = await collect(bus, 'conv.*.turn');
      const tail = await collect(bus, 'conv.>');
      for (const s of ['conv.c1.turn', 'conv.c1.x.turn', 'conv', 'conv.c2', 'agent.a1.turn']) {
        await bus.publish(`${prefix}.${s}`, { s });
      }
      await settle(bus, probe);
      expect(star.map((r) => r.subject)).toEqual(['conv.c1.turn']);
      expect(tail.map((r) => r.subject)).toEqual(['conv.c1.turn', 'conv.c1.x.turn', 'conv.c2']);
    });

    test('keeps delivering when a handler throws', async () => {
      const errors: string[] = [];
      const bus = await open({ onHandlerError: (_e, subject) => errors.push(subject) });
      await bus.subscribe(`${prefix}.boom`, () => {
        throw new Error('handler failed');
      });
      const got = await collect(bus, 'boom');
      await bus.publish(`${prefix}.boom`, 1);
      await bus.publish(`${prefix}.boom`, 2);
      await vi.waitFor(() => expect(got.map((r) => r.event)).toEqual([1, 2]));
      await vi.waitFor(() => expect(errors).toEqual([`${prefix}.boom`, `${prefix}.boom`]));
    });

    test('stops delivering after unsubscribe', async () => {
      const bus = await open();
      const probe = await collect(bus, 'probe');
      const got: unknown[] = [];
      const sub = await bus.subscribe(`${prefix}.x`, (e) => got.push(e));
      await bus.publish(`${prefix}.x`, 'before');
      await settle(bus, probe);
      await sub.unsubscribe();
      await bus.publish(`${prefix}.x`, 'after');
      await settle(bus, probe);
      expect(got).toEqual(['before']);
      await sub.unsubscribe();
    });

    test('gives each event to one member of a queue group, and to every plain subscriber', async () => {
      // Members on two instances where the broker allows it, else two subscribers of one bus.
      const a = await open();
      const b = fixture.crossInstance ? await open() : a;
      const probe = await collect(a, 'probe');
      const byMember: number[][] = [[], []];
      await a.subscribe(`${prefix}.job`, (e) => byMember[0]?.push(e as number), { queue: 'workers' });
      await b.subscribe(`${prefix}.job`, (e) => byMember[1]?.push(e as number), { queue: 'workers' });
      const plain = await collect(a, 'job');
      for (let i = 0; i < 40; i++) await a.publish(`${prefix}.job`, i);
      await settle(a, probe);
      await vi.waitFor(() => expect(plain).toHaveLength(40));
      await vi.waitFor(() =>
        expect([...(byMember[0] ?? []), ...(byMember[1] ?? [])].sort((x, y) => x - y)).toEqual([...Array(40).keys()]),
      );
    });

    const crossTest = fixture.crossInstance ? test : (title: string) => it.skip(title);
    crossTest('reaches subscribers on another instance of the same broker', async () => {
      const [a, b] = [await open(), await open()];
      const got = await collect(b, 'handoff.*');
      await a.publish(`${prefix}.handoff.h1`, { id: 'h1' });
      await vi.waitFor(() => expect(got).toEqual([{ subject: 'handoff.h1', event: { id: 'h1' } }]));
    });

    test('rejects malformed subjects and events that are not JSON', async () => {
      const bus = await open();
      const code = async (p: Promise<unknown>) => {
        const e: unknown = await p.then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(e).toBeInstanceOf(DomainError);
        return (e as DomainError).code;
      };
      expect(await code(bus.publish(`${prefix}.a.*`, 1))).toBe('bus_invalid_subject');
      expect(await code(bus.publish(`${prefix}..a`, 1))).toBe('bus_invalid_subject');
      expect(await code(bus.publish(`${prefix}.a b`, 1))).toBe('bus_invalid_subject');
      expect(await code(bus.subscribe(`${prefix}.>.a`, () => undefined))).toBe('bus_invalid_subject');
      expect(await code(bus.publish(`${prefix}.a`, undefined))).toBe('bus_invalid_event');
      expect(await code(bus.publish(`${prefix}.a`, { n: 1n }))).toBe('bus_invalid_event');
    });
  });
};
