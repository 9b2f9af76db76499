-- Storefront search by words (app/domain/catalog/search.server.ts). A trigram index answers
-- "names containing 'mat' … 'ong'" from posting lists of short, common trigrams ("ong", "ng ")
-- and rechecks every candidate; a word index is both smaller and exact. Query words still match
-- inside name words ("ong" finds "Đồng"): each query word is expanded through search_words, the
-- catalogue's distinct words, to the words containing it, and the index is asked for names
-- holding one of those.
--
-- f_search_words: the words of a folded name, split on ASCII spaces and punctuation only, so the
-- split is the same on every server and locale (letters outside ASCII stay inside words).
CREATE OR REPLACE FUNCTION f_search_words(text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT array_remove(regexp_split_to_array($1, '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+'), '') $$;
--> statement-breakpoint
CREATE TABLE "search_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_words_word_trgm_idx" ON "search_words" USING gin ("word" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
-- Every word of a new or renamed product goes into search_words (of any status: a word too many
-- costs an empty probe, a word missing would hide a listing). Words are inserted in one order in
-- every transaction, so two that add the same new words never wait on each other in a circle.
CREATE OR REPLACE FUNCTION search_words_add() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO search_words (word)
      SELECT DISTINCT w FROM added, unnest(f_search_words(added.name_folded)) AS w ORDER BY w
      ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO search_words (word)
      SELECT DISTINCT w
      FROM added JOIN replaced ON replaced.id = added.id,
        unnest(f_search_words(added.name_folded)) AS w
      WHERE added.name_folded IS DISTINCT FROM replaced.name_folded
      ORDER BY w
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER products_search_words_insert AFTER INSERT ON products
  REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_add();
--> statement-breakpoint
CREATE TRIGGER products_search_words_update AFTER UPDATE ON products
  REFERENCING OLD TABLE AS replaced NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_add();
--> statement-breakpoint
INSERT INTO search_words (word)
  SELECT DISTINCT w FROM products, unnest(f_search_words(name_folded)) AS w ORDER BY w
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE INDEX "products_search_words_idx" ON "products" USING gin (f_search_words("name_folded")) WITH (fastupdate=false) WHERE "products"."status" = 'approved';--> statement-breakpoint
-- Search GIN indexes take new entries at once: with fastupdate they go to a pending list first,
-- which every search reads in full until a vacuum merges it, and PGlite never vacuums by itself.
-- Listings are added far more rarely than they are searched. (The trigram indexes get it too;
-- whatever their pending lists already hold is merged now.)
ALTER INDEX "products_name_folded_search_idx" SET (fastupdate = off);--> statement-breakpoint
SELECT gin_clean_pending_list('products_name_folded_search_idx'::regclass);--> statement-breakpoint
ALTER INDEX "cooperatives_name_search_idx" SET (fastupdate = off);--> statement-breakpoint
SELECT gin_clean_pending_list('cooperatives_name_search_idx'::regclass);--> statement-breakpoint
-- The current claim is a product's newest certificate (search filters and pages, listing pages):
-- one index probe instead of a probe and a sort. It also serves the foreign key.
DROP INDEX "ocop_certificates_product_id_idx";--> statement-breakpoint
CREATE INDEX "ocop_certificates_product_current_idx" ON "ocop_certificates" USING btree ("product_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);
