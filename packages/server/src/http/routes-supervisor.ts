import {
  errorBodySchema,
  floorSnapshotSchema,
  policyBodySchema,
  policyDocumentSchema,
  policySavedSchema,
  policyTestBodySchema,
  policyTestResponseSchema,
  policyValidationSchema,
} from '@baton/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { buildFloorSnapshot } from '../realtime/supervisor-floor.ts';
import { requireSupervisor } from '../realtime/supervisor-stream.ts';
import { recordSettingsChange } from '../compliance/settings-audit.ts';
import type { AppContext } from './context.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };

/**
 * The supervisor console's HTTP side (A7, T12): the floor snapshot, and the escalation policy (read as YAML,
 * validate with line numbers, run policy tests against an edit, save so it is in force at once).
 * Supervisors and admins only; agents get 403. The live floor is the WebSocket `/v1/supervisor/stream`.
 */
export const supervisorRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('onRequest', async (req) => {
      await requireSupervisor(ctx, req);
    });

    app.get(
      '/v1/supervisor/floor',
      {
        schema: {
          tags: ['supervisor'],
          summary: 'Queues, agents and live conversations now',
          response: { 200: floorSnapshotSchema, ...errors },
        },
      },
      async () => buildFloorSnapshot(ctx.store, new Date()),
    );

    app.get(
      '/v1/supervisor/policy',
      {
        schema: {
          tags: ['supervisor'],
          summary: 'The escalation policy in force, as YAML, with tests to run before saving',
          response: { 200: policyDocumentSchema, ...errors },
        },
      },
      async () => ctx.policyEditor.document(),
    );

    app.post(
      '/v1/supervisor/policy/validate',
      {
        schema: {
          tags: ['supervisor'],
          summary: 'Validate an edited policy; problems come back with their line numbers',
          body: policyBodySchema,
          response: { 200: policyValidationSchema, ...errors },
        },
      },
      async (req) => ctx.policyEditor.validate(req.body.yaml),
    );

    app.post(
      '/v1/supervisor/policy/test',
      {
        schema: {
          tags: ['supervisor'],
          summary: 'Run policy tests against an edited policy without saving it',
          description: '`policy_invalid` (details.problems with lines) or `policy_test_invalid` for bad input.',
          body: policyTestBodySchema,
          response: { 200: policyTestResponseSchema, ...errors },
        },
      },
      async (req) => ctx.policyEditor.test(req.body.yaml, req.body.tests),
    );

    app.put(
      '/v1/supervisor/policy',
      {
        schema: {
          tags: ['supervisor'],
          summary: 'Save the policy: in force for the next turn (and written to the policy file, if any)',
          body: policyBodySchema,
          response: { 200: policySavedSchema, ...errors },
        },
      },
      async (req) => {
        const supervisor = await requireSupervisor(ctx, req);
        const before = ctx.policyEditor.document();
        const { policy, source } = ctx.policyEditor.save(req.body.yaml);
        await recordSettingsChange(ctx.store, {
          actor: `agent:${supervisor.id}`,
          setting: 'policy',
          id: policy.version,
          before: { version: before.version, yaml: before.yaml },
          after: { version: policy.version, yaml: req.body.yaml },
          at: new Date(),
          note: { beforeVersion: before.version, afterVersion: policy.version, source },
        });
        req.log.info({ version: policy.version, by: supervisor.id, source }, 'escalation policy saved');
        return { version: policy.version, source };
      },
    );
  };
