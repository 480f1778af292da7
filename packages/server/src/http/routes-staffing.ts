import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  defaultStaffingHours,
  errorBodySchema,
  staffingLimits,
  staffingResultSchema,
  staffingRosterSchema,
  staffingSimulateBodySchema,
  type StaffingResult,
} from '@baton/contracts';
import {
  DomainError,
  erlangCAgentsFor,
  fewestMeetingTarget,
  offeredLoad,
  simulateStaffing,
  staffingLevels,
  type StaffingScenario,
} from '@baton/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireSupervisor } from '../realtime/supervisor-stream.ts';
import type { AppContext } from './context.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 429: errorBodySchema };

/**
 * What-ifs running at once on this instance. Each run holds the event loop for its share of the request
 * (a few tens of milliseconds, bounded by `staffingLimits`); more at once would only queue behind each other
 * and delay customers' turns, so the next one is refused with `rate_limited` instead.
 */
const MAX_RUNNING = 2;

/**
 * The supervisor console's staffing side (A7): the roster with each agent's routing settings, and the
 * staffing what-if on the contact-center simulator (`baton simulate` over HTTP) with Erlang C beside it.
 * Supervisors and admins only; agents get 403.
 */
export const staffingRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    let running = 0;
    app.addHook('onRequest', async (req) => {
      await requireSupervisor(ctx, req);
    });

    app.get(
      '/v1/supervisor/staffing/agents',
      {
        schema: {
          tags: ['supervisor'],
          summary: 'Agents with their skills, languages, capacity per channel and wrap-up (admins may change them)',
          description:
            'Changes go through `PATCH /v1/admin/agents/:id` (admins only); `canEdit` says whether the caller may.',
          response: { 200: staffingRosterSchema, ...errors },
        },
      },
      async (req) => {
        const me = await requireSupervisor(ctx, req);
        const agents = await ctx.store.listAgents();
        return {
          canEdit: me.role === 'admin',
          agents: agents
            .map((a) => ({
              id: a.id,
              name: a.name,
              role: a.role,
              presence: a.presence,
              skills: a.skills,
              languages: a.languages,
              capacity: a.capacity,
              wrapUpSeconds: a.wrapUpSeconds ?? null,
            }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        };
      },
    );

    app.post(
      '/v1/supervisor/staffing/simulate',
      {
        schema: {
          tags: ['supervisor'],
          summary: 'Staffing what-if: service level, speed of answer, abandonment and occupancy for N−2 … N+3 agents',
          description:
            'Runs the contact-center simulator once per staffing level (same customers in every row) and Erlang C ' +
            `beside it. Bounded: at most ${staffingLimits.maxArrivalsPerRun} simulated arrivals per run ` +
            '(arrivals per hour × hours), `invalid_request` beyond; `rate_limited` while two run on the instance.',
          body: staffingSimulateBodySchema,
          response: { 200: staffingResultSchema, ...errors },
        },
      },
      async (req): Promise<StaffingResult> => {
        if (running >= MAX_RUNNING) {
          throw new DomainError('rate_limited', 'staffing simulations are already running here; try again in a moment');
        }
        running += 1;
        try {
          const b = req.body;
          const input = { ...b, hours: b.hours ?? defaultStaffingHours(b.arrivalsPerHour) };
          const scenarios: StaffingScenario[] = [];
          for (const agents of staffingLevels(b.agents)) {
            // One run at a time, with the event loop free in between: turns and offers keep flowing.
            await yieldToEventLoop();
            scenarios.push(simulateStaffing(input, agents));
          }
          return {
            input,
            offeredLoadErlangs: offeredLoad(input),
            scenarios,
            recommendedAgents: fewestMeetingTarget(scenarios),
            erlangCAgents: erlangCAgentsFor(input, staffingLimits.maxAgents * 10),
          };
        } finally {
          running -= 1;
        }
      },
    );
  };
