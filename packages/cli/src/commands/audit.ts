import { createStore, parseEnv, verifyAuditLog } from '@baton/server';
import type { Command } from 'commander';

/** `baton audit verify`: checks the hash chain of the audit log (P5); exit code 1 when it is broken. */
export const registerAuditCommands = (program: Command): void => {
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('verify the audit hash chain (DATABASE_URL, or the embedded database in DATA_DIR)')
    .option('--expect-head <hash>', 'also fail unless the chain ends at this hash (detects entries cut from the end)')
    .action(async (opts: { expectHead?: string }) => {
      const env = parseEnv(process.env);
      const store = await createStore(
        env.DATABASE_URL === undefined ? { dataDir: env.DATA_DIR } : { databaseUrl: env.DATABASE_URL },
      );
      try {
        const verdict = await verifyAuditLog(store);
        if (!verdict.ok) {
          console.error(
            `audit log BROKEN at entry #${verdict.seq} (event ${verdict.eventId}): ${verdict.problem}; ${verdict.entries} entries read`,
          );
          process.exitCode = 1;
          return;
        }
        if (opts.expectHead !== undefined && opts.expectHead !== verdict.head) {
          console.error(
            `audit log ends at ${verdict.head}, expected ${opts.expectHead}: entries were cut from the end`,
          );
          process.exitCode = 1;
          return;
        }
        console.log(`audit log OK: ${verdict.entries} entries, head ${verdict.head}`);
      } finally {
        await store.close();
      }
    });
};
