CREATE TYPE "public"."order_event_kind" AS ENUM('placed', 'paid', 'payment_failed', 'payment_mismatch', 'hold_expired', 'packed', 'shipped', 'delivered', 'shipment_cancelled', 'cancelled', 'refunded', 'completed');--> statement-breakpoint
CREATE TABLE "order_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"shipment_id" uuid,
	"kind" "order_event_kind" NOT NULL,
	"actor_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "provider_payment_id" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "payee_cooperative_id" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "payee_bank_bin" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "payee_account_no" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "payee_account_name" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refunded_vnd" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_shipment_id_order_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."order_shipments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_events_order_id_at_idx" ON "order_events" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "order_events_shipment_id_idx" ON "order_events" USING btree ("shipment_id");--> statement-breakpoint
CREATE INDEX "order_events_actor_id_idx" ON "order_events" USING btree ("actor_id");--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_payee_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("payee_cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payments_payee_cooperative_id_idx" ON "payments" USING btree ("payee_cooperative_id");--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_refunded_within_amount" CHECK ("payments"."refunded_vnd" >= 0 and "payments"."refunded_vnd" <= "payments"."amount_vnd");