import { parseEnv } from '@baton/server';
import type { Command } from 'commander';
import { cipherFromEnv, storeFromEnv } from './store-from-env.ts';

/** `baton encryption reencrypt`: after a key rotation, moves every sealed field to the current key. */
export const registerEncryptionCommands = (program: Command): void => {
  const encryption = program.command('encryption').description('encryption of sensitive fields at rest');
  encryption
    .command('reencrypt')
    .description(
      'seal CRM data and kept originals of redacted turns stored in the clear or under an older key with the first key of BATON_ENCRYPTION_KEYS',
    )
    .action(async () => {
      const env = parseEnv(process.env);
      const cipher = cipherFromEnv(env);
      if (cipher === undefined) {
        console.error('BATON_ENCRYPTION_KEYS is not set: there is no key to encrypt with');
        process.exitCode = 2;
        return;
      }
      const store = await storeFromEnv(env);
      try {
        let total = 0;
        for (let n = await store.resealSensitiveFields(500); n > 0; n = await store.resealSensitiveFields(500)) {
          total += n;
        }
        console.log(`re-encrypted ${total} fields with key ${cipher.currentKeyId}`);
      } finally {
        await store.close();
      }
    });
};
