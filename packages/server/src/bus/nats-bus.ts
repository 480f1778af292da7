/**
 * The EventBus between Baton instances, over core NATS pub/sub (at-most-once, as the port promises; the
 * store holds durable state). Payloads are JSON text.
 */
import { DomainError, type BusSubscription, type EventBus } from '@baton/core';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { HandlerErrorReporter } from './in-process-bus.ts';
import { assertPublishSubject, assertSubscribePattern, encodeEvent } from './subject.ts';

export interface NatsBusOptions {
  /** NATS server URL(s), comma-separated, e.g. `nats://127.0.0.1:4222`. */
  natsUrl: string;
  /** Shown in the server's connection list (`nats server report connections`). */
  name?: string;
  /** Told about handler failures and undecodable messages; they are otherwise swallowed. */
  onHandlerError?: HandlerErrorReporter;
}

const unavailable = (what: string) => new DomainError('bus_unavailable', `NATS ${what} failed`);

/** An EventBus over one NATS connection. Create it with `NatsBus.connect`. */
export class NatsBus implements EventBus {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly onHandlerError: HandlerErrorReporter | undefined,
  ) {}

  /** Connects to NATS; throws `bus_unavailable` (without driver details) when it cannot. */
  static async connect(opts: NatsBusOptions): Promise<NatsBus> {
    try {
      const nc = await connect({
        servers: opts.natsUrl.split(',').map((s) => s.trim()),
        name: opts.name ?? 'baton',
        // Keep trying through server restarts instead of dropping the bus for good.
        maxReconnectAttempts: -1,
      });
      return new NatsBus(nc, opts.onHandlerError);
    } catch {
      throw unavailable('connection');
    }
  }

  publish(subject: string, event: unknown): Promise<void> {
    // A Promise executor turns the validation throws into rejections, as with any async port method.
    return new Promise((resolve, reject) => {
      assertPublishSubject(subject);
      const json = encodeEvent(subject, event);
      try {
        // Buffered by the client and flushed in order; at-most-once by design.
        this.nc.publish(subject, json);
        resolve();
      } catch {
        reject(unavailable('publish'));
      }
    });
  }

  async subscribe(
    subject: string,
    handler: (event: unknown, subject: string) => void,
    options: { queue?: string } = {},
  ): Promise<BusSubscription> {
    assertSubscribePattern(subject);
    let sub;
    try {
      sub = this.nc.subscribe(subject, {
        ...(options.queue === undefined ? {} : { queue: options.queue }),
        callback: (err, msg) => {
          if (err) return;
          try {
            handler(msg.json<unknown>(), msg.subject);
          } catch (error) {
            this.onHandlerError?.(error, msg.subject);
          }
        },
      });
      // Wait until the server knows about the interest, so that a publish right after subscribe()
      // returns (from any instance) is delivered.
      await this.nc.flush();
    } catch {
      throw unavailable('subscribe');
    }
    const active = sub;
    return {
      unsubscribe: async () => {
        if (active.isClosed()) return;
        active.unsubscribe();
        try {
          await this.nc.flush();
        } catch {
          // The connection is closing; the subscription is gone either way.
        }
      },
    };
  }

  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    try {
      // Drain delivers what is already in flight to our handlers before closing.
      await this.nc.drain();
    } catch {
      await this.nc.close();
    }
  }
}
