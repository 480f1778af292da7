import { describe, expect, it } from 'vitest';
import { createBus } from './create-bus.ts';
import { describeBusContract } from './bus.contract.ts';
import { NatsBus } from './nats-bus.ts';

const natsUrl = process.env.NATS_URL;

if (natsUrl !== undefined && natsUrl !== '') {
  describeBusContract('NATS', {
    open: (opts) => NatsBus.connect({ natsUrl, ...opts }),
    crossInstance: true,
  });

  describe('createBus with NATS', () => {
    it('throws bus_unavailable without driver details when NATS cannot be reached', async () => {
      const bad = new URL(natsUrl);
      bad.port = '1';
      const error: unknown = await createBus({ natsUrl: bad.toString() }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: 'DomainError', code: 'bus_unavailable' });
    });
  });
} else if (process.env.CI === 'true') {
  it('runs the NATS bus contract in CI', () => {
    expect.fail('NATS_URL is not set: CI must run the NATS contract suite');
  });
} else {
  describe.skip('EventBus contract: NATS (set NATS_URL to run)', () => {
    it('needs NATS_URL', () => undefined);
  });
}
