import { parseEnv, retentionFromEnv, retentionPolicySchema, RetentionJob } from '@baton/server';
import { InvalidArgumentError, type Command } from 'commander';
import { storeFromEnv } from './store-from-env.ts';

const days =
  (flag: string) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${flag} must be a whole number of days, at least 1`);
    return n;
  };

/** `baton retention run`: wipes data older than the retention policy now (P7), as the server's job does. */
export const registerRetentionCommands = (program: Command): void => {
  const retention = program.command('retention').description('retention of transcripts and CRM data');
  retention
    .command('run')
    .description(
      'wipe transcripts and CRM data older than the policy (BATON_RETENTION_* or the flags); audited, ids only',
    )
    .option('--transcript-days <n>', 'keep transcripts this many days after the close', days('--transcript-days'))
    .option('--crm-days <n>', 'keep CRM data this many days after the last contact', days('--crm-days'))
    .action(async (opts: { transcriptDays?: number; crmDays?: number }) => {
      const env = parseEnv(process.env);
      const fromEnv = retentionFromEnv(env);
      const policy = retentionPolicySchema.parse({
        ...fromEnv,
        ...(opts.transcriptDays === undefined ? {} : { transcriptDays: opts.transcriptDays }),
        ...(opts.crmDays === undefined ? {} : { crmDays: opts.crmDays }),
      });
      if (policy.transcriptDays === null && policy.crmDays === null) {
        console.error(
          'no retention limit set: use BATON_RETENTION_TRANSCRIPT_DAYS / BATON_RETENTION_CRM_DAYS or the flags',
        );
        process.exitCode = 2;
        return;
      }
      const store = await storeFromEnv(env);
      try {
        const report = await new RetentionJob(store, { now: () => new Date() }, policy, 'cli:retention').run();
        if (report.transcripts !== null) {
          console.log(
            `transcripts closed before ${report.transcripts.cutoff.toISOString()}: ${report.transcripts.conversations} conversations, ${report.transcripts.turns} turns wiped`,
          );
        }
        if (report.crm !== null) {
          console.log(
            `CRM data of customers not contacted since ${report.crm.cutoff.toISOString()}: ${report.crm.customers} customers cleared`,
          );
        }
      } finally {
        await store.close();
      }
    });
};
