/**
 * Picks the EventBus: NATS when a URL is configured (several instances), otherwise in-process.
 */
import type { EventBus } from '@baton/core';
import { InProcessBus, type HandlerErrorReporter } from './in-process-bus.ts';
import { NatsBus } from './nats-bus.ts';

export interface CreateBusOptions {
  /** NATS server URL; when absent the bus only reaches this process. */
  natsUrl?: string;
  /** Told about subscriber handlers that throw (e.g. log them); the bus carries on regardless. */
  onHandlerError?: HandlerErrorReporter;
}

/** Creates the bus; throws `bus_unavailable` if NATS is configured but unreachable. */
export const createBus = async (opts: CreateBusOptions): Promise<EventBus> => {
  const reporter = opts.onHandlerError === undefined ? {} : { onHandlerError: opts.onHandlerError };
  if (opts.natsUrl !== undefined && opts.natsUrl !== '') return NatsBus.connect({ natsUrl: opts.natsUrl, ...reporter });
  return Promise.resolve(new InProcessBus(reporter));
};
