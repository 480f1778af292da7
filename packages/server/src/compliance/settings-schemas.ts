import { z } from 'zod';

const channel = z.enum(['chat', 'voice', 'email', 'sms']);
const skills = z.record(z.string().min(1).max(60), z.number().int().min(0).max(10));
const languages = z.array(z.string().min(2).max(16)).max(50);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM');

/** A queue's settings as an admin or supervisor sends them (`PUT /v1/admin/queues/:id`); the id is in the path. */
export const queueSettingsSchema = z.strictObject({
  name: z.string().min(1).max(120),
  requiredSkills: skills.default({}),
  languages: languages.default([]),
  channels: z.array(channel).min(1).max(4),
  priority: z.number().int().min(-100).max(100).default(0),
  slaSeconds: z.number().int().min(1).max(86_400),
  offerTimeoutSeconds: z.number().int().min(5).max(600),
  strategy: z.enum(['longest_idle', 'least_busy', 'best_skill', 'round_robin']).optional(),
  businessHours: z
    .strictObject({
      timeZone: z.string().min(1).max(64),
      weekly: z.partialRecord(
        z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
        z.array(z.tuple([hhmm, hhmm])).max(10),
      ),
      closedDates: z
        .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
        .max(400)
        .optional(),
    })
    .optional(),
  escalation: z
    .array(
      z.strictObject({
        afterSeconds: z.number().int().min(1).max(86_400),
        skills: skills.optional(),
        overflowQueueId: z.string().min(1).max(100).optional(),
        raisePriorityBy: z.number().int().min(-100).max(100).optional(),
      }),
    )
    .max(20)
    .optional(),
});
export type QueueSettings = z.infer<typeof queueSettingsSchema>;

/** The settings of an agent an admin may change (`PATCH /v1/admin/agents/:id`); presence is the agent's own. */
export const agentSettingsSchema = z
  .strictObject({
    role: z.enum(['agent', 'supervisor', 'admin']).optional(),
    skills: skills.optional(),
    languages: languages.optional(),
    capacity: z.partialRecord(channel, z.number().int().min(0).max(50)).optional(),
    wrapUpSeconds: z.number().int().min(0).max(3600).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'at least one setting');
export type AgentSettings = z.infer<typeof agentSettingsSchema>;

export const queueIdParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/) });
