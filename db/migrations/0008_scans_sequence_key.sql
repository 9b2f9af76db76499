-- Scans are the busiest table (one row per scan, written in batches by scan-log.server.ts): its
-- key becomes a sequence number instead of a random uuid. Nothing refers to a scan, and a random
-- key sent every insert to a random page of the key's index.
ALTER TABLE "scans" DROP COLUMN "id";--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "scans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);
