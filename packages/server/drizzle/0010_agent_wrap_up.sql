ALTER TABLE "agents" ADD COLUMN "presence_reason" text;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "wrap_up_seconds" integer;