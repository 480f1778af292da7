export { startServer, type StartOptions, type RunningServer } from './start-server.ts';
export { parseEnv, ConfigError, type Env } from './config.ts';
export { demoCredentials } from './demo-seed.ts';
export { migrateDatabase } from './storage/create-store.ts';
export { integrationOptionsFromEnv } from './integrations/from-env.ts';
export { signWebhook, verifyWebhookSignature, SIGNATURE_HEADER } from './webhooks/signature.ts';
export { createStore } from './storage/create-store.ts';
export { verifyAuditLog } from './audit/verify-audit.ts';
export { contextOptionsFromEnv } from './integrations/crm.ts';
