/**
 * The EventBus for a single Baton process (no NATS_URL). It behaves like NatsBus on purpose: the same
 * subject rules and wildcards, events travel as JSON (so a Date arrives as an ISO string on both), and
 * delivery is asynchronous, in publish order, at most once.
 */
import type { BusSubscription, EventBus } from '@baton/core';
import { assertPublishSubject, assertSubscribePattern, encodeEvent, subjectMatches } from './subject.ts';

/** Called when a subscriber's handler throws; the bus itself carries on. */
export type HandlerErrorReporter = (error: unknown, subject: string) => void;

export interface InProcessBusOptions {
  /** Told about handler failures (e.g. the logger); they are otherwise swallowed. */
  onHandlerError?: HandlerErrorReporter;
}

interface Subscriber {
  pattern: string;
  handler: (event: unknown, subject: string) => void;
  queue?: string;
}

/** An EventBus whose publishers and subscribers share one process. */
export class InProcessBus implements EventBus {
  private readonly subscribers = new Set<Subscriber>();
  private readonly groupTurns = new Map<string, number>();
  private closed = false;

  constructor(private readonly options: InProcessBusOptions = {}) {}

  publish(subject: string, event: unknown): Promise<void> {
    // A Promise executor turns the validation throws into rejections, as with any async port method.
    return new Promise((resolve) => {
      assertPublishSubject(subject);
      const json = encodeEvent(subject, event);
      // Resolve the matching set now: a subscriber added after publish() does not get this event, as on NATS.
      // A queue group gets each event once: its next member in turn, as NATS picks one member.
      const targets: Subscriber[] = [];
      const groups = new Map<string, Subscriber[]>();
      for (const s of this.subscribers) {
        if (!subjectMatches(s.pattern, subject)) continue;
        if (s.queue === undefined) targets.push(s);
        else groups.set(s.queue, [...(groups.get(s.queue) ?? []), s]);
      }
      for (const [queue, members] of groups) {
        const turn = this.groupTurns.get(queue) ?? 0;
        this.groupTurns.set(queue, turn + 1);
        const member = members[turn % members.length];
        if (member !== undefined) targets.push(member);
      }
      for (const target of targets) {
        // Microtasks run in FIFO order, which keeps per-publisher ordering; each handler gets its own copy.
        queueMicrotask(() => this.deliver(target, subject, json));
      }
      resolve();
    });
  }

  subscribe(
    subject: string,
    handler: (event: unknown, subject: string) => void,
    options: { queue?: string } = {},
  ): Promise<BusSubscription> {
    return new Promise((resolve) => {
      assertSubscribePattern(subject);
      const subscriber: Subscriber = {
        pattern: subject,
        handler,
        ...(options.queue === undefined ? {} : { queue: options.queue }),
      };
      if (!this.closed) this.subscribers.add(subscriber);
      resolve({
        unsubscribe: () => {
          this.subscribers.delete(subscriber);
          return Promise.resolve();
        },
      });
    });
  }

  private deliver(target: Subscriber, subject: string, json: string): void {
    // Unsubscribed (or closed) between publish and delivery: NATS would not deliver either.
    if (!this.subscribers.has(target)) return;
    try {
      target.handler(JSON.parse(json), subject);
    } catch (error) {
      this.options.onHandlerError?.(error, subject);
    }
  }

  close(): Promise<void> {
    this.closed = true;
    this.subscribers.clear();
    return Promise.resolve();
  }
}
