import { z } from 'zod';

const days = z.number().int().min(1).max(36_500).nullable();

/**
 * How long each data class is kept (P7). `null` keeps the class forever. The audit log is not a class here:
 * it is kept for good (it holds ids, codes and digests, never the data, so erasure does not touch it).
 */
export const retentionPolicySchema = z.strictObject({
  /** Transcripts (turn text, slots, engine memory, survey comments, wrap-up notes), counted from the close. */
  transcriptDays: days.default(null),
  /** CRM data copied into Baton (`Customer.attributes`), counted from the customer's last contact. */
  crmDays: days.default(null),
  /** How often the server runs the job. */
  intervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /** Records wiped per transaction; a pass repeats until a class has nothing left. */
  batchSize: z.number().int().min(1).max(10_000).default(500),
});
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

/** The environment variables of the retention policy (already parsed by `config.ts`). */
export interface RetentionEnv {
  BATON_RETENTION_TRANSCRIPT_DAYS?: number | undefined;
  BATON_RETENTION_CRM_DAYS?: number | undefined;
  BATON_RETENTION_INTERVAL_MINUTES?: number | undefined;
}

/** The retention policy from the environment; every class kept forever when nothing is set. */
export const retentionFromEnv = (env: RetentionEnv): RetentionPolicy =>
  retentionPolicySchema.parse({
    transcriptDays: env.BATON_RETENTION_TRANSCRIPT_DAYS ?? null,
    crmDays: env.BATON_RETENTION_CRM_DAYS ?? null,
    ...(env.BATON_RETENTION_INTERVAL_MINUTES === undefined
      ? {}
      : { intervalMinutes: env.BATON_RETENTION_INTERVAL_MINUTES }),
  });

/** Whether any class has a limit (the server runs the job only then). */
export const retentionEnabled = (p: RetentionPolicy): boolean => p.transcriptDays !== null || p.crmDays !== null;
