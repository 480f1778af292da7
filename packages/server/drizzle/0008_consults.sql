CREATE TABLE "consult_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"consult_id" text NOT NULL,
	"author_id" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consults" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"handoff_id" text NOT NULL,
	"owner_id" text NOT NULL,
	"colleague_id" text NOT NULL,
	"note" text NOT NULL,
	"status" text NOT NULL,
	"end_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "consult_messages" ADD CONSTRAINT "consult_messages_consult_fk" FOREIGN KEY ("consult_id") REFERENCES "public"."consults"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consults" ADD CONSTRAINT "consults_conversation_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consults" ADD CONSTRAINT "consults_handoff_fk" FOREIGN KEY ("handoff_id") REFERENCES "public"."handoffs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consult_messages_consult_idx" ON "consult_messages" USING btree ("consult_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "consults_open_per_conversation" ON "consults" USING btree ("conversation_id") WHERE "consults"."status" in ('requested', 'active');--> statement-breakpoint
CREATE INDEX "consults_owner_idx" ON "consults" USING btree ("owner_id","status");--> statement-breakpoint
CREATE INDEX "consults_colleague_idx" ON "consults" USING btree ("colleague_id","status");