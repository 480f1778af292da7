import { z } from 'zod';
import { agentViewSchema, presenceSchema } from './views.ts';

/**
 * Bounds of one staffing what-if (A7). The simulator's work grows with arrivals × hours and runs six times
 * (N−2 … N+3), so these keep one request to a fraction of a second of CPU on the instance that answers it.
 */
export const staffingLimits = {
  maxAgents: 1000,
  maxArrivalsPerHour: 10_000,
  maxAhtSeconds: 3600,
  maxPatienceSeconds: 3600,
  maxSlaSeconds: 3600,
  maxCapacity: 10,
  minHours: 0.5,
  maxHours: 24,
  /** Simulated arrivals in one run (arrivals per hour × hours). */
  maxArrivalsPerRun: 10_000,
  /** Hours simulated when the request does not say: a working day, less at high volume. */
  defaultHours: 8,
} as const;

/** Hours simulated for a request without `hours`: the working day, shortened to stay within the run budget. */
export const defaultStaffingHours = (arrivalsPerHour: number): number =>
  Math.max(
    staffingLimits.minHours,
    Math.min(staffingLimits.defaultHours, Math.floor((staffingLimits.maxArrivalsPerRun / arrivalsPerHour) * 2) / 2),
  );

/** `POST /v1/supervisor/staffing/simulate`: one queue's staffing question, as `baton simulate` asks it. */
export const staffingSimulateBodySchema = z
  .strictObject({
    agents: z.number().int().min(1).max(staffingLimits.maxAgents).describe('Agents on the floor (N)'),
    arrivalsPerHour: z.number().gt(0).max(staffingLimits.maxArrivalsPerHour).describe('Handoffs per hour (Poisson)'),
    ahtSeconds: z.number().min(1).max(staffingLimits.maxAhtSeconds).describe('Average handle time, seconds'),
    patienceSeconds: z
      .number()
      .min(1)
      .max(staffingLimits.maxPatienceSeconds)
      .nullable()
      .default(null)
      .describe('Mean customer patience, seconds (exponential); null: nobody leaves'),
    slaSeconds: z.number().int().min(1).max(staffingLimits.maxSlaSeconds).describe('Answer within, seconds'),
    slaTarget: z.number().min(0.01).max(0.99).default(0.8).describe('Share to answer within slaSeconds, 0.01–0.99'),
    capacity: z.number().int().min(1).max(staffingLimits.maxCapacity).default(1),
    hours: z
      .number()
      .min(staffingLimits.minHours)
      .max(staffingLimits.maxHours)
      .optional()
      .describe('Hours simulated; default 8, less when arrivals × 8 h exceed the run budget'),
    seed: z.number().int().min(0).max(2_147_483_647).default(1),
  })
  .refine((b) => b.hours === undefined || b.arrivalsPerHour * b.hours <= staffingLimits.maxArrivalsPerRun, {
    path: ['hours'],
    message: `arrivals per hour × hours must be at most ${staffingLimits.maxArrivalsPerRun}`,
  });
export type StaffingSimulateBody = z.input<typeof staffingSimulateBodySchema>;

/** A share, 0–1 (not bounded on the way out: a float a hair over 1 must not turn an answer into a 500). */
const rate = z.number();

/** One staffing level of the table: the simulator's figures and Erlang C's beside them. */
export const staffingScenarioSchema = z.object({
  agents: z.number().int(),
  simulated: z.object({
    offered: z.number().int(),
    answered: z.number().int(),
    abandoned: z.number().int(),
    /** Measured customers still waiting when the run ended (the queue never caught up). */
    waitingAtEnd: z.number().int(),
    /** Answered within slaSeconds ÷ every measured customer. */
    serviceLevel: rate,
    asaSeconds: z.number(),
    p90WaitSeconds: z.number(),
    abandonRate: rate,
    occupancy: rate,
  }),
  erlangC: z.object({
    serviceLevel: rate,
    /** Null when the offered load reaches the staffed slots (Erlang C's wait is then unbounded). */
    asaSeconds: z.number().nullable(),
    pWait: rate,
    occupancy: rate,
  }),
  meetsTarget: z.boolean(),
});
export type StaffingScenario = z.infer<typeof staffingScenarioSchema>;

export const staffingResultSchema = z.object({
  /** The question as simulated, defaults filled in. */
  input: z.object({
    agents: z.number().int(),
    arrivalsPerHour: z.number(),
    ahtSeconds: z.number(),
    patienceSeconds: z.number().nullable(),
    slaSeconds: z.number(),
    slaTarget: z.number(),
    capacity: z.number().int(),
    hours: z.number(),
    seed: z.number().int(),
  }),
  /** Arrivals per second × AHT: the agents' worth of work arriving. */
  offeredLoadErlangs: z.number(),
  /** N−2 … N+3 agents (never below one). */
  scenarios: z.array(staffingScenarioSchema),
  /** Fewest agents of the table whose simulated service level meets the target; null when none does. */
  recommendedAgents: z.number().int().nullable(),
  /** Fewest agents Erlang C says meet the target (nobody leaves); null beyond the agent limit. */
  erlangCAgents: z.number().int().nullable(),
});
export type StaffingResult = z.infer<typeof staffingResultSchema>;

/** One agent's routing settings as the console shows them (no e-mail: the console does not need it). */
export const agentRoutingViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: agentViewSchema.shape.role,
  presence: presenceSchema,
  skills: z.record(z.string(), z.number()),
  languages: z.array(z.string()),
  capacity: z.record(z.string(), z.number()),
  wrapUpSeconds: z.number().nullable(),
});
export type AgentRoutingView = z.infer<typeof agentRoutingViewSchema>;

/** `GET /v1/supervisor/staffing/agents`: the roster, and whether the caller may change it (admins only). */
export const staffingRosterSchema = z.object({
  agents: z.array(agentRoutingViewSchema),
  canEdit: z.boolean(),
});
export type StaffingRoster = z.infer<typeof staffingRosterSchema>;
