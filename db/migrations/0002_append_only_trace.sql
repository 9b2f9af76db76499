-- Trace events are append-only: a wrong entry is corrected by a new event that points at it.
-- The database itself refuses UPDATE and DELETE (and TRUNCATE), so no code path can rewrite
-- history; the hash chain lets anyone detect a change made behind this trigger's back.
CREATE OR REPLACE FUNCTION trace_events_refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'trace_events is append-only: % refused', TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'Record a correcting event instead.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER trace_events_append_only
  BEFORE UPDATE OR DELETE ON trace_events
  FOR EACH ROW EXECUTE FUNCTION trace_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER trace_events_no_truncate
  BEFORE TRUNCATE ON trace_events
  FOR EACH STATEMENT EXECUTE FUNCTION trace_events_refuse_change();
