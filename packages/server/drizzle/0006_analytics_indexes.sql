CREATE INDEX "conversations_created_idx" ON "conversations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "handoffs_conversation_idx" ON "handoffs" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "reservations_handoff_idx" ON "reservations" USING btree ("handoff_id");--> statement-breakpoint
CREATE INDEX "wrap_ups_handoff_idx" ON "wrap_ups" USING btree ("handoff_id");