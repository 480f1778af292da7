import type { Clock } from '@baton/core';
import type { FastifyPluginAsync } from 'fastify';
import { SettingsService } from '../compliance/settings-service.ts';
import type { AppContext } from './context.ts';
import { adminSettingsRoutes } from './routes-admin-settings.ts';

/** Options of the compliance features (P5–P7). */
export interface AdminOptions {
  /** Time source of audit entries; the system clock when absent. */
  clock?: Clock;
}

/**
 * The admin API (settings with audit). One plugin, registered once by the app.
 */
export const adminRoutes =
  (ctx: AppContext, opts: AdminOptions = {}): FastifyPluginAsync =>
  async (app) => {
    const clock = opts.clock ?? { now: () => new Date() };
    await app.register(adminSettingsRoutes(ctx, new SettingsService(ctx.store, clock)));
  };
