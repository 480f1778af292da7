import { createStore, FieldCipher, parseEncryptionKeys, type Env } from '@baton/server';

/** The cipher of sensitive fields from BATON_ENCRYPTION_KEYS, or undefined when encryption at rest is off. */
export const cipherFromEnv = (env: Env): FieldCipher | undefined =>
  env.BATON_ENCRYPTION_KEYS === undefined ? undefined : new FieldCipher(parseEncryptionKeys(env.BATON_ENCRYPTION_KEYS));

/** The store the server would open with this environment: PostgreSQL or the embedded database, with its cipher. */
export const storeFromEnv = (env: Env) => {
  const cipher = cipherFromEnv(env);
  return createStore({
    ...(env.DATABASE_URL === undefined ? { dataDir: env.DATA_DIR } : { databaseUrl: env.DATABASE_URL }),
    ...(cipher === undefined ? {} : { cipher }),
  });
};
