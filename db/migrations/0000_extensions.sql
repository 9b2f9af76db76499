-- Extensions the schema relies on: trigram search and accent folding (Vietnamese search
-- with or without diacritics). Both are "trusted" on PostgreSQL 13+, and PGlite loads them
-- when passed to PGlite.create (db/client.server.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- unaccent() is STABLE, so it cannot be used in an index; this wrapper pins the dictionary
-- and is IMMUTABLE. đ/Đ fold to d/D.
CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
