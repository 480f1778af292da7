/**
 * Optional features and integrations, each switched on by its own options (from the environment via
 * `integrationOptionsFromEnv`): outbound webhooks (V5), Twilio Voice (V3), Vapi and Retell (V4). The
 * composition root calls `startIntegrations` once and registers the returned route plugins.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { WebhookDispatcher, type WebhookOptions } from '../webhooks/dispatcher.ts';
import { webhookRoutes } from '../webhooks/routes.ts';
import type { TwilioVoice } from '@baton/twilio-voice';
import { createTwilioIntegration, type TwilioIntegrationOptions } from './twilio-voice.ts';
import { voiceAiRoutes, type VoiceAiOptions } from './voice-ai.ts';

export interface IntegrationOptions {
  /** Outbound signed webhooks for the handoff lifecycle; off when absent or without urls. */
  webhooks?: WebhookOptions;
  /** Twilio Programmable Voice (V3); on when present (TWILIO_AUTH_TOKEN). */
  twilio?: TwilioIntegrationOptions;
  /** Vapi / Retell transfer handlers (V4); each on when its secret is present. */
  voiceAi?: VoiceAiOptions;
}

export interface RunningIntegrations {
  webhooks: WebhookDispatcher | null;
  twilio: TwilioVoice | null;
  /** Route plugins for buildApp. */
  plugins: ((app: FastifyInstance) => Promise<void>)[];
  stop(): Promise<void>;
}

export const startIntegrations = async (
  deps: ServiceDeps,
  ctx: AppContext,
  opts: IntegrationOptions,
): Promise<RunningIntegrations> => {
  const plugins: RunningIntegrations['plugins'] = [];
  const stops: (() => Promise<void>)[] = [];
  // The logger exists only once the app is built: resolve it when something is logged.
  const log = {
    warn: (o: object, m: string) => deps.log.warn(o, m),
    error: (o: object, m: string) => deps.log.error(o, m),
  };

  let webhooks: WebhookDispatcher | null = null;
  if (opts.webhooks !== undefined && opts.webhooks.urls.length > 0) {
    webhooks = new WebhookDispatcher(
      { store: deps.store, bus: deps.bus, clock: deps.clock, ids: deps.ids, log },
      opts.webhooks,
    );
    await webhooks.start();
    plugins.push(webhookRoutes(ctx, webhooks));
    const running = webhooks;
    const unlisten = ctx.handoffs.onLifecycle((event) => running.accept(event));
    stops.push(async () => {
      unlisten();
      await running.stop();
    });
  }

  let twilio: TwilioVoice | null = null;
  if (opts.twilio !== undefined) {
    const created = await createTwilioIntegration(deps, ctx, opts.twilio);
    twilio = created.voice;
    plugins.push(created.plugin);
    stops.push(() => created.stop());
  }

  if (
    opts.voiceAi !== undefined &&
    (opts.voiceAi.vapiSecret !== undefined || opts.voiceAi.retellApiKey !== undefined)
  ) {
    plugins.push(voiceAiRoutes(deps, ctx, opts.voiceAi));
  }

  return {
    webhooks,
    twilio,
    plugins,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
};
