CREATE TABLE "agents" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"skills" jsonb NOT NULL,
	"languages" jsonb NOT NULL,
	"capacity" jsonb NOT NULL,
	"presence" text NOT NULL,
	"presence_since" timestamp with time zone NOT NULL,
	"last_assigned_at" timestamp with time zone,
	"password_hash" text
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text,
	"channel" text NOT NULL,
	"language" text NOT NULL,
	"status" text NOT NULL,
	"assigned_agent_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"external_id" text,
	"name" text,
	"email" text,
	"phone" text,
	"attributes" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handoffs" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"queue_id" text NOT NULL,
	"status" text NOT NULL,
	"priority" integer NOT NULL,
	"reason" jsonb NOT NULL,
	"rule" text,
	"declined_by" jsonb NOT NULL,
	"assigned_agent_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"assigned_at" timestamp with time zone,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "queues" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"required_skills" jsonb NOT NULL,
	"languages" jsonb NOT NULL,
	"channels" jsonb NOT NULL,
	"priority" integer NOT NULL,
	"sla_seconds" integer NOT NULL,
	"offer_timeout_seconds" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reservations" (
	"id" text PRIMARY KEY NOT NULL,
	"handoff_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "turns" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"seq" integer NOT NULL,
	"role" text NOT NULL,
	"author_id" text,
	"text" text NOT NULL,
	"annotations" jsonb NOT NULL,
	"decision" jsonb,
	"escalation_state" jsonb NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_customer_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_conversation_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_queue_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."queues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_handoff_fk" FOREIGN KEY ("handoff_id") REFERENCES "public"."handoffs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_agent_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_conversation_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "turns" ADD CONSTRAINT "turns_conversation_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agents_email_unique" ON "agents" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "conversations_status_updated_idx" ON "conversations" USING btree ("status","updated_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "conversations_agent_idx" ON "conversations" USING btree ("assigned_agent_id","status","channel");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_external_id_unique" ON "customers" USING btree ("external_id") WHERE "customers"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "customers_email_idx" ON "customers" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "customers_phone_idx" ON "customers" USING btree ("phone");--> statement-breakpoint
CREATE UNIQUE INDEX "handoffs_open_per_conversation" ON "handoffs" USING btree ("conversation_id") WHERE "handoffs"."status" in ('queued', 'offered', 'assigned');--> statement-breakpoint
CREATE INDEX "handoffs_queue_order_idx" ON "handoffs" USING btree ("status","priority" DESC NULLS FIRST,"created_at");--> statement-breakpoint
CREATE INDEX "handoffs_queue_id_order_idx" ON "handoffs" USING btree ("queue_id","status","priority" DESC NULLS FIRST,"created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reservations_open_per_handoff" ON "reservations" USING btree ("handoff_id") WHERE "reservations"."status" in ('pending', 'accepted');--> statement-breakpoint
CREATE INDEX "reservations_agent_status_idx" ON "reservations" USING btree ("agent_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "turns_conversation_seq_unique" ON "turns" USING btree ("conversation_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "turns_conversation_idempotency_unique" ON "turns" USING btree ("conversation_id","idempotency_key") WHERE "turns"."idempotency_key" is not null;