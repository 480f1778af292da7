import { migrateDatabase, parseEnv } from '@baton/server';
import type { Command } from 'commander';

/** `baton migrate`: applies the schema migrations to DATABASE_URL or the embedded database. */
export const registerMigrateCommand = (program: Command): void => {
  program
    .command('migrate')
    .description('apply database migrations (DATABASE_URL, or the embedded database in DATA_DIR)')
    .action(async () => {
      const env = parseEnv(process.env);
      await migrateDatabase(
        env.DATABASE_URL === undefined ? { dataDir: env.DATA_DIR } : { databaseUrl: env.DATABASE_URL },
      );
      console.log(`migrations applied to ${env.DATABASE_URL === undefined ? env.DATA_DIR : 'PostgreSQL'}`);
    });
};
