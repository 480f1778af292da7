/**
 * The relational schema shared by PGlite and PostgreSQL. Migrations in packages/server/drizzle/ are
 * generated from this file (`npm run db:generate`); never edit them by hand.
 *
 * Constraint names are explicit because driver errors are mapped to DomainError codes by constraint
 * name (driver-errors.ts): renaming one here means updating that table.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { QueueRouting } from './queue-routing.ts';
import type {
  Channel,
  ConsultEndReason,
  ConsultStatus,
  ConversationStatus,
  Decision,
  EscalationState,
  HandoffReason,
  HandoffRouting,
  HandoffStatus,
  Presence,
  ReservationStatus,
  TurnAnnotations,
  TurnRole,
  WebhookDeliveryStatus,
  WrapUpDisposition,
} from '@baton/core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const customers = pgTable(
  'customers',
  {
    id: text('id').primaryKey(),
    externalId: text('external_id'),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    // One CRM record per external id; email and phone may legitimately be shared (households, switchboards).
    uniqueIndex('customers_external_id_unique')
      .on(t.externalId)
      .where(sql`${t.externalId} is not null`),
    index('customers_email_idx').on(sql`lower(${t.email})`),
    index('customers_phone_idx').on(t.phone),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id'),
    channel: text('channel').$type<Channel>().notNull(),
    language: text('language').notNull(),
    status: text('status').$type<ConversationStatus>().notNull(),
    assignedAgentId: text('assigned_agent_id'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    closedAt: at('closed_at'),
  },
  (t) => [
    foreignKey({ name: 'conversations_customer_fk', columns: [t.customerId], foreignColumns: [customers.id] }),
    index('conversations_status_updated_idx').on(t.status, t.updatedAt.desc().nullsFirst()),
    // Agent load counts conversations an agent owns on a channel.
    index('conversations_agent_idx').on(t.assignedAgentId, t.status, t.channel),
    // History across channels (C4): a customer's earlier conversations, newest first.
    index('conversations_customer_idx').on(t.customerId, t.createdAt.desc()),
    // Analytics and retention select conversations by creation time.
    index('conversations_created_idx').on(t.createdAt),
  ],
);

export const turns = pgTable(
  'turns',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    seq: integer('seq').notNull(),
    role: text('role').$type<TurnRole>().notNull(),
    authorId: text('author_id'),
    text: text('text').notNull(),
    annotations: jsonb('annotations').$type<TurnAnnotations>().notNull(),
    decision: jsonb('decision').$type<Decision>(),
    escalationState: jsonb('escalation_state').$type<EscalationState>().notNull(),
    idempotencyKey: text('idempotency_key'),
    createdAt: at('created_at').notNull(),
    /**
     * The original of a turn stored redacted (P5), sealed (AES-256-GCM, bound to the turn and its conversation);
     * null when nothing was redacted, no key is configured, or the customer declined recording. Never read
     * with the turn: only by the audited reveal, the subject export and key rotation.
     */
    originalSealed: jsonb('original_sealed'),
  },
  (t) => [
    foreignKey({ name: 'turns_conversation_fk', columns: [t.conversationId], foreignColumns: [conversations.id] }),
    uniqueIndex('turns_conversation_seq_unique').on(t.conversationId, t.seq),
    uniqueIndex('turns_conversation_idempotency_unique')
      .on(t.conversationId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
  ],
);

export const agents = pgTable(
  'agents',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    role: text('role').$type<'agent' | 'supervisor' | 'admin'>().notNull(),
    skills: jsonb('skills').$type<Record<string, number>>().notNull(),
    languages: jsonb('languages').$type<string[]>().notNull(),
    capacity: jsonb('capacity').$type<Partial<Record<Channel, number>>>().notNull(),
    presence: text('presence').$type<Presence>().notNull(),
    presenceSince: at('presence_since').notNull(),
    lastAssignedAt: at('last_assigned_at'),
    passwordHash: text('password_hash'),
    /** Why the agent is not available (`lunch`, `after_conversation`, …); null when no reason was given. */
    presenceReason: text('presence_reason'),
    /** Seconds of wrap-up after a conversation ends; null or 0 means none. */
    wrapUpSeconds: integer('wrap_up_seconds'),
  },
  // Sign-in looks agents up by email regardless of case.
  (t) => [uniqueIndex('agents_email_unique').on(sql`lower(${t.email})`)],
);

export const queues = pgTable('queues', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  requiredSkills: jsonb('required_skills').$type<Record<string, number>>().notNull(),
  languages: jsonb('languages').$type<string[]>().notNull(),
  channels: jsonb('channels').$type<Channel[]>().notNull(),
  priority: integer('priority').notNull(),
  slaSeconds: integer('sla_seconds').notNull(),
  offerTimeoutSeconds: integer('offer_timeout_seconds').notNull(),
  /** Optional routing settings: strategy, business hours, escalation steps (see core routing/types.ts). */
  routing: jsonb('routing').$type<QueueRouting>().notNull().default({}),
});

export const handoffs = pgTable(
  'handoffs',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    queueId: text('queue_id').notNull(),
    status: text('status').$type<HandoffStatus>().notNull(),
    priority: integer('priority').notNull(),
    reason: jsonb('reason').$type<HandoffReason>().notNull(),
    rule: text('rule'),
    declinedBy: jsonb('declined_by').$type<string[]>().notNull(),
    assignedAgentId: text('assigned_agent_id'),
    createdAt: at('created_at').notNull(),
    assignedAt: at('assigned_at'),
    endedAt: at('ended_at'),
    // Rules' skills, preferred agent and escalation steps applied (R3, R4, R6); null: route on the queue alone.
    routing: jsonb('routing').$type<HandoffRouting>(),
  },
  (t) => [
    foreignKey({ name: 'handoffs_conversation_fk', columns: [t.conversationId], foreignColumns: [conversations.id] }),
    foreignKey({ name: 'handoffs_queue_fk', columns: [t.queueId], foreignColumns: [queues.id] }),
    // The invariant behind `handoff_already_open`: at most one live handoff per conversation.
    uniqueIndex('handoffs_open_per_conversation')
      .on(t.conversationId)
      .where(sql`${t.status} in ('queued', 'offered', 'assigned')`),
    // The router lists the queue: highest priority first, then oldest.
    index('handoffs_queue_order_idx').on(t.status, t.priority.desc().nullsFirst(), t.createdAt.asc()),
    index('handoffs_queue_id_order_idx').on(t.queueId, t.status, t.priority.desc().nullsFirst(), t.createdAt.asc()),
    // Every handoff of a conversation, open or ended (analytics, export, history).
    index('handoffs_conversation_idx').on(t.conversationId),
    // A queue's most recently ended handoffs (wait estimates' history), without sorting all of them.
    index('handoffs_queue_ended_idx')
      .on(t.queueId, t.endedAt.desc().nullsLast())
      .where(sql`${t.status} in ('completed', 'abandoned')`),
  ],
);

export const reservations = pgTable(
  'reservations',
  {
    id: text('id').primaryKey(),
    handoffId: text('handoff_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    agentId: text('agent_id').notNull(),
    status: text('status').$type<ReservationStatus>().notNull(),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    respondedAt: at('responded_at'),
  },
  (t) => [
    foreignKey({ name: 'reservations_handoff_fk', columns: [t.handoffId], foreignColumns: [handoffs.id] }),
    foreignKey({ name: 'reservations_agent_fk', columns: [t.agentId], foreignColumns: [agents.id] }),
    foreignKey({
      name: 'reservations_conversation_fk',
      columns: [t.conversationId],
      foreignColumns: [conversations.id],
    }),
    // A handoff is offered to one agent at a time and accepted by at most one.
    uniqueIndex('reservations_open_per_handoff')
      .on(t.handoffId)
      .where(sql`${t.status} in ('pending', 'accepted')`),
    index('reservations_agent_status_idx').on(t.agentId, t.status),
    // Every offer of a handoff, whatever its status (analytics: speed of answer, declines).
    index('reservations_handoff_idx').on(t.handoffId),
  ],
);

/** Outbound webhooks (V5): one row per (event, endpoint), claimed by one instance at a time. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id').notNull(),
    eventName: text('event_name').notNull(),
    endpoint: text('endpoint').notNull(),
    payload: text('payload').notNull(),
    status: text('status').$type<WebhookDeliveryStatus>().notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: at('next_attempt_at').notNull(),
    claimedBy: text('claimed_by'),
    leaseUntil: at('lease_until'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: at('created_at').notNull(),
    deliveredAt: at('delivered_at'),
  },
  (t) => [
    // Every instance receives every lifecycle event; this index lets exactly one insert win.
    uniqueIndex('webhook_deliveries_event_endpoint_unique').on(t.eventId, t.endpoint),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** The delivery log: one row per HTTP attempt. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    deliveryId: text('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    at: at('at').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [
    primaryKey({ name: 'webhook_attempts_pkey', columns: [t.deliveryId, t.attempt] }),
    foreignKey({
      name: 'webhook_attempts_delivery_fk',
      columns: [t.deliveryId],
      foreignColumns: [webhookDeliveries.id],
    }),
  ],
);

/** AI disclosure and recording consent (P1): every choice, with the wording shown; the latest is in force. */
export const consents = pgTable(
  'consents',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    recording: text('recording').$type<'granted' | 'declined'>().notNull(),
    wording: text('wording').notNull(),
    language: text('language').notNull(),
    channel: text('channel').$type<Channel>().notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    foreignKey({ name: 'consents_conversation_fk', columns: [t.conversationId], foreignColumns: [conversations.id] }),
    index('consents_conversation_idx').on(t.conversationId, t.createdAt),
  ],
);

/** Satisfaction survey after a handed-off conversation (M7): one answer per conversation. */
export const surveys = pgTable(
  'surveys',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    handoffId: text('handoff_id'),
    agentId: text('agent_id'),
    rating: integer('rating').notNull(),
    comment: text('comment'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    foreignKey({ name: 'surveys_conversation_fk', columns: [t.conversationId], foreignColumns: [conversations.id] }),
    uniqueIndex('surveys_conversation_unique').on(t.conversationId),
  ],
);

/** An agent's wrap-up of a handoff (A6): disposition, notes, "was this handoff needed?" (N7). */
export const wrapUps = pgTable(
  'wrap_ups',
  {
    handoffId: text('handoff_id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    agentId: text('agent_id').notNull(),
    disposition: text('disposition').$type<WrapUpDisposition>().notNull(),
    notes: text('notes').notNull(),
    handoffNeeded: boolean('handoff_needed').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    foreignKey({ name: 'wrap_ups_handoff_fk', columns: [t.handoffId], foreignColumns: [handoffs.id] }),
    index('wrap_ups_agent_idx').on(t.agentId, t.createdAt),
    index('wrap_ups_handoff_idx').on(t.handoffId),
  ],
);

/** Consults between agents on a conversation (R9): a private side thread, possibly ending in a warm transfer. */
export const consults = pgTable(
  'consults',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    handoffId: text('handoff_id').notNull(),
    ownerId: text('owner_id').notNull(),
    colleagueId: text('colleague_id').notNull(),
    note: text('note').notNull(),
    status: text('status').$type<ConsultStatus>().notNull(),
    endReason: text('end_reason').$type<ConsultEndReason>(),
    createdAt: at('created_at').notNull(),
    acceptedAt: at('accepted_at'),
    endedAt: at('ended_at'),
  },
  (t) => [
    foreignKey({ name: 'consults_conversation_fk', columns: [t.conversationId], foreignColumns: [conversations.id] }),
    foreignKey({ name: 'consults_handoff_fk', columns: [t.handoffId], foreignColumns: [handoffs.id] }),
    // The invariant behind `consult_already_open`: one open consult per conversation, whichever instance asks.
    uniqueIndex('consults_open_per_conversation')
      .on(t.conversationId)
      .where(sql`${t.status} in ('requested', 'active')`),
    // A workspace lists the consults its agent takes part in, on either side.
    index('consults_owner_idx').on(t.ownerId, t.status),
    index('consults_colleague_idx').on(t.colleagueId, t.status),
  ],
);

/** The internal messages of a consult's side thread; never part of the customer's transcript. */
export const consultMessages = pgTable(
  'consult_messages',
  {
    id: text('id').primaryKey(),
    consultId: text('consult_id').notNull(),
    authorId: text('author_id').notNull(),
    text: text('text').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    foreignKey({ name: 'consult_messages_consult_fk', columns: [t.consultId], foreignColumns: [consults.id] }),
    index('consult_messages_consult_idx').on(t.consultId, t.createdAt),
  ],
);

/** The hash-chained audit log (P5). Append-only: the application never updates or deletes rows. */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    eventId: text('event_id').notNull(),
    at: at('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('audit_log_event_idx').on(t.eventId)],
);

/** Every table, for drizzle's relational API and drizzle-kit. */
export const schema = {
  customers,
  conversations,
  turns,
  agents,
  queues,
  handoffs,
  reservations,
  webhookDeliveries,
  webhookAttempts,
  consents,
  surveys,
  wrapUps,
  auditLog,
  consults,
  consultMessages,
};
export type BatonSchema = typeof schema;
