import { errorBodySchema } from '@baton/contracts';
import { DomainError, type Clock } from '@baton/core';
import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RetentionJob } from '../compliance/retention-job.ts';
import { retentionPolicySchema, type RetentionPolicy } from '../compliance/retention-policy.ts';
import { SettingsService } from '../compliance/settings-service.ts';
import { SubjectRights } from '../compliance/subject-rights.ts';
import type { SensitiveFieldCipher } from '../storage/sealed-fields.ts';
import type { AppContext } from './context.ts';
import { adminSessionRoutes } from './routes-admin-session.ts';
import { adminSettingsRoutes } from './routes-admin-settings.ts';
import { adminSubjectRoutes } from './routes-admin-subjects.ts';

/** Options of the compliance features (P5–P7). */
export interface AdminOptions {
  /** Time source of audit entries and retention cutoffs; the system clock when absent. */
  clock?: Clock;
  /** How long each data class is kept; the server runs the retention job when a class has a limit. */
  retention?: RetentionPolicy;
  /** Opens the kept originals of redacted turns for the subject export (the customer's own words). */
  cipher?: SensitiveFieldCipher;
}

const errors = { 401: errorBodySchema, 403: errorBodySchema };
const reportSchema = z.object({
  at: z.date(),
  transcripts: z.object({ cutoff: z.date(), conversations: z.number(), turns: z.number() }).nullable(),
  crm: z.object({ cutoff: z.date(), customers: z.number() }).nullable(),
});

/** Admins only: retention and subject rights concern every customer. */
export const requireAdmin = async (ctx: AppContext, req: Parameters<AppContext['auth']['agent']>[0]) => {
  const p = await ctx.auth.authenticate(req);
  if (p.kind !== 'agent' || p.agent.role !== 'admin')
    throw new DomainError('forbidden', 'an admin session is required');
  return p.agent;
};

const retentionRoutes =
  (ctx: AppContext, job: RetentionJob): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/v1/admin/retention/run',
      {
        schema: {
          tags: ['admin'],
          summary: 'Run the retention job now (admins); what was wiped is also in the audit log',
          response: { 200: reportSchema, ...errors },
        },
      },
      async (req) => {
        await requireAdmin(ctx, req);
        return job.run();
      },
    );
  };

/**
 * The admin API (settings with audit, retention, subject rights), cookie sessions, and the retention job's timer. One plugin, registered
 * once by the app.
 */
export const adminRoutes =
  (ctx: AppContext, opts: AdminOptions = {}): FastifyPluginAsync =>
  async (app) => {
    const clock = opts.clock ?? { now: () => new Date() };
    const retention = new RetentionJob(ctx.store, clock, opts.retention ?? retentionPolicySchema.parse({}));
    app.addHook('onReady', async () => {
      retention.start((err) => app.log.error({ err }, 'retention job failed; it runs again at the next interval'));
    });
    app.addHook('onClose', async () => {
      await retention.stop();
    });
    await app.register(
      adminSettingsRoutes(
        ctx,
        new SettingsService(ctx.store, clock, (queueId) => ctx.handoffs.settingsChanged(queueId)),
      ),
    );
    await app.register(retentionRoutes(ctx, retention));
    await app.register(adminSubjectRoutes(ctx, new SubjectRights(ctx.store, clock, opts.cipher)));
    await app.register(adminSessionRoutes(ctx));
  };
