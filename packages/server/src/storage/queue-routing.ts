import type { Queue } from '@baton/core';

/** The optional routing settings of a queue, stored together in one jsonb column. */
export type QueueRouting = Pick<Queue, 'strategy' | 'businessHours' | 'escalation'>;

type QueueColumns = Omit<Queue, keyof QueueRouting> & { routing: QueueRouting };

/** Queue → row: the optional settings folded into `routing`, absent ones left out. */
export const queueRow = (q: Queue): QueueColumns => {
  const { strategy, businessHours, escalation, ...columns } = q;
  const routing: QueueRouting = {};
  if (strategy !== undefined) routing.strategy = strategy;
  if (businessHours !== undefined) routing.businessHours = businessHours;
  if (escalation !== undefined) routing.escalation = escalation;
  return { ...columns, routing };
};

/** Row → Queue: the settings spread back, so a queue reads as it was written. */
export const toQueue = (row: QueueColumns): Queue => {
  const { routing, ...columns } = row;
  return { ...columns, ...routing };
};
