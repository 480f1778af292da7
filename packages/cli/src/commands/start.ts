import {
  ConfigError,
  contextOptionsFromEnv,
  demoCredentials,
  integrationOptionsFromEnv,
  parseEnv,
  retentionFromEnv,
  startServer,
} from '@baton/server';
import { isDomainError } from '@baton/core';
import type { Command } from 'commander';
import { cipherFromEnv } from './store-from-env.ts';

/** `baton start`: one process, embedded database in DATA_DIR unless DATABASE_URL is set (S1, S2). */
export const registerStartCommand = (program: Command): void => {
  program
    .command('start')
    .description('start Baton (embedded database and demo data by default; PostgreSQL/NATS when configured)')
    .action(async () => {
      const env = parseEnv(process.env);
      const demo = env.BATON_DEMO ?? env.DATABASE_URL === undefined;
      const server = await startServer({
        port: env.PORT,
        host: env.HOST,
        ...(env.DATABASE_URL === undefined ? { dataDir: env.DATA_DIR } : { databaseUrl: env.DATABASE_URL }),
        ...(env.NATS_URL === undefined ? {} : { natsUrl: env.NATS_URL }),
        ...(env.BATON_SECRET === undefined ? {} : { secret: env.BATON_SECRET }),
        ...(env.BATON_BOT_KEYS === undefined ? {} : { botKeys: env.BATON_BOT_KEYS }),
        ...(env.BATON_POLICY_FILE === undefined ? {} : { policyFile: env.BATON_POLICY_FILE }),
        ...(env.BATON_INTENT_MODEL === undefined ? {} : { intentModelFile: env.BATON_INTENT_MODEL }),
        ...(env.BATON_LLM_BASE_URL === undefined || env.BATON_LLM_MODEL === undefined
          ? {}
          : {
              llm: {
                baseURL: env.BATON_LLM_BASE_URL,
                model: env.BATON_LLM_MODEL,
                ...(env.BATON_LLM_API_KEY === undefined ? {} : { apiKey: env.BATON_LLM_API_KEY }),
              },
            }),
        rateLimitPerMinute: env.BATON_RATE_LIMIT_PER_MINUTE,
        ...(env.BATON_REDACT_STORED === undefined
          ? {}
          : { storedRedaction: env.BATON_REDACT_STORED === 'all' ? {} : { types: env.BATON_REDACT_STORED } }),
        demo,
        assistant: env.BATON_ASSISTANT ?? true,
        logLevel: env.LOG_LEVEL,
        ...integrationOptionsFromEnv(env),
        ...contextOptionsFromEnv(env),
        retention: retentionFromEnv(env),
        ...(env.BATON_ENCRYPTION_KEYS === undefined ? {} : { cipher: cipherFromEnv(env) }),
        ...(env.BATON_DURABLE_OFFERS === undefined ? {} : { durableOffers: env.BATON_DURABLE_OFFERS }),
        ...(env.BATON_AWAY_AFTER_MISSED_OFFER === undefined
          ? {}
          : { awayAfterMissedOffer: env.BATON_AWAY_AFTER_MISSED_OFFER }),
        ...(env.BATON_WS_HEARTBEAT_SECONDS === undefined
          ? {}
          : { socketHeartbeatSeconds: env.BATON_WS_HEARTBEAT_SECONDS }),
      });
      const base = env.PUBLIC_URL ?? server.url;
      console.log(`\nBaton is running at ${base}`);
      console.log(`  demo page (customer chat + agent workspace): ${base}/`);
      console.log(`  agent workspace:                             ${base}/agent.html`);
      console.log(`  API docs (OpenAPI):                          ${base}/docs`);
      if (demo) {
        console.log(
          `  demo sign-ins: ${demoCredentials.map((c) => `${c.email} / ${c.password} (${c.role})`).join(', ')}`,
        );
        if (env.BATON_BOT_KEYS === undefined) console.log('  demo bot API key: demo-bot-key');
      }
      const stop = (): void => {
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
};

/** Prints configuration problems without a stack trace. */
export const explainStartError = (err: unknown): string =>
  err instanceof ConfigError
    ? err.message
    : isDomainError(err)
      ? `${err.code}: ${err.message}`
      : err instanceof Error
        ? (err.stack ?? err.message)
        : String(err);
