CREATE TABLE "consents" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"recording" text NOT NULL,
	"wording" text NOT NULL,
	"language" text NOT NULL,
	"channel" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"handoff_id" text,
	"agent_id" text,
	"rating" integer NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wrap_ups" (
	"handoff_id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"disposition" text NOT NULL,
	"notes" text NOT NULL,
	"handoff_needed" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_conversation_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_conversation_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wrap_ups" ADD CONSTRAINT "wrap_ups_handoff_fk" FOREIGN KEY ("handoff_id") REFERENCES "public"."handoffs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consents_conversation_idx" ON "consents" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_conversation_unique" ON "surveys" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "wrap_ups_agent_idx" ON "wrap_ups" USING btree ("agent_id","created_at");