/**
 * Storefront search over public (approved) listings, Vietnamese with or without diacritics:
 * names and the query are both folded by f_unaccent(lower(…)) ("rượu" = "ruou", "đ" = "d");
 * the folded name is a stored column (products.name_folded). Results are ranked:
 *   0 the name starts with the query · 1 the name contains it · 2 the name holds every word
 *   of the query in order · 3 similar enough to survive a typo (pg_trgm word similarity) ·
 *   4 only the cooperative's name matches;
 * ties break on word similarity, shorter name, newer listing, then id, so PGlite and
 * PostgreSQL return the same order.
 *
 * Indexes (migration 0009): a query word matches inside a name's words ("ong" finds "Đồng"),
 * so each query word is first expanded through search_words, the catalogue's distinct folded
 * words, to the words that contain it; products_search_words_idx (the words of public
 * listings) then gives exactly the names holding every query word, and LIKE checks their
 * order. Only similar names (tier 3) use the trigram index products_name_folded_search_idx.
 *
 * Cost: word similarity is dear, so a common word with thousands of hits is affordable only
 * with the LIKE check. The search goes in steps and stops at the first that finds enough:
 *   1. the words as typed (tiers 0–2), skipped when a word is in no name at all;
 *   2. misspelt words corrected from the words of the catalogue ("mat ongg" → "mat ong"),
 *      reported back as `correctedQuery`;
 *   3. wide: names that are merely similar (tier 3) and cooperative names (tier 4) as well.
 * Steps 2–3 run only when the words themselves are rare: a filter that leaves few products
 * does not make the search fuzzy.
 *
 * Plans: the planner cannot tell how many names a word matches (a few or thousands), so
 * nothing here depends on its guess: filters are checked row by row on the name hits (the
 * province's cooperatives are looked up first and checked as constants), and the wide step
 * merges its two sources by sorting rather than by a join.
 */
import { type SQL, sql } from "drizzle-orm";
import { type OcopGroup, visibleStars } from "~/domain/listings/ocop";
import { todayInVietnam } from "~/utils/format";
import { type Db, db as defaultDb, rowsOf } from "~db/client.server";
import {
  buildVocabulary,
  correctQuery,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  normalizeQuery,
  type SearchInput,
  type SearchSort,
  type Vocabulary,
  wordsInOrderPattern,
} from "./query";

/** pg_trgm word-similarity cut-off: "mat ongg" still finds "Mật ong", "lam dong" is not "dong rieng". */
export const WORD_SIMILARITY_THRESHOLD = 0.6;
/** Below this many exact hits, corrections and similar names are tried too. */
export const FEW_HITS = 20;
/** How long the catalogue's word list is reused before it is read again. */
export const VOCABULARY_TTL_MS = 5 * 60_000;

export interface SearchItem {
  id: string;
  slug: string;
  name: string;
  priceVnd: number;
  unit: string;
  group: OcopGroup;
  cooperativeName: string;
  cooperativeSlug: string;
  provinceName: string | null;
  /** Stars of the current OCOP claim, shown only while approved and unexpired. */
  stars: number | null;
  inStock: boolean;
  photo: { storageKey: string; alt: string; width: number; height: number } | null;
}

export interface SearchResult {
  items: SearchItem[];
  total: number;
  page: number;
  pageSize: number;
  /** The query as matched (normalised), empty when browsing. */
  query: string;
  /** Set when misspelt words were corrected: the results are for this query instead. */
  correctedQuery: string | null;
}

export type SearchMode = "browse" | "exact" | "wide";

interface Row {
  id: string;
  total: number | string;
  slug: string;
  name: string;
  price_vnd: number;
  unit: string;
  ocop_group: OcopGroup;
  cooperative_name: string;
  cooperative_slug: string;
  province_name: string | null;
  cert_stars: number | null;
  cert_expires_on: string | null;
  cert_approved_at: string | Date | null;
  in_stock: boolean;
  photo_key: string | null;
  photo_alt: string | null;
  photo_width: number | null;
  photo_height: number | null;
}

const inStockBatch = sql`select 1 from batches b
  where b.product_id = p.id and b.status = 'released' and b.quantity_available > 0`;

/** A PostgreSQL array literal of uuids. */
function uuidArray(values: readonly string[]): string {
  return `{${values.join(",")}}`;
}

/**
 * The ids of the cooperatives located in a province, as one uuid[] value: a pre-2025 place
 * counts under the province of the unit that took it over.
 */
function provinceCooperatives(province: string): SQL {
  return sql`array(select c.id from cooperatives c
    join regions r on r.id = c.region_id
    left join regions s on s.id = r.successor_id
    where coalesce(s.path, r.path) like ${`/${province}/%`}
    order by c.id)`;
}

/**
 * Conditions on the product row `p` from the filters; always public listings only. `perRow`
 * when the rows are already narrowed by the name match (a search, not browsing);
 * `cooperatives` those of the province filter (from searchPreamble).
 */
function filterConditions(
  input: SearchInput,
  today: string,
  perRow: boolean,
  cooperatives: readonly string[] | undefined,
): SQL {
  const conditions: SQL[] = [sql`p.status = 'approved'`];
  if (input.group) conditions.push(sql`p.ocop_group = ${input.group}`);
  if (input.priceMin !== undefined) conditions.push(sql`p.price_vnd >= ${input.priceMin}`);
  if (input.priceMax !== undefined) conditions.push(sql`p.price_vnd <= ${input.priceMax}`);
  if (input.province) {
    // The province's cooperatives, looked up first (searchPreamble): a list of constants is
    // checked by hashing, whatever the planner guesses about the number of name hits.
    if (!cooperatives) throw new Error("A province filter needs the province's cooperatives");
    conditions.push(sql`p.cooperative_id = any (${uuidArray(cooperatives)}::uuid[])`);
  }
  if (input.minStars) {
    // The newest certificate is the current claim; it counts only while approved and unexpired.
    conditions.push(
      perRow
        ? // A few thousand name hits: one index probe each beats hashing every certificate.
          sql`(select case when oc.approved_at is not null and oc.expires_on >= ${today}::date then oc.stars end
            from ocop_certificates oc where oc.product_id = p.id
            order by oc.created_at desc, oc.id desc limit 1) >= ${input.minStars}`
        : sql`exists (
            select 1 from ocop_certificates oc
            where oc.product_id = p.id and oc.stars >= ${input.minStars}
              and oc.approved_at is not null and oc.expires_on >= ${today}::date
              and not exists (
                select 1 from ocop_certificates newer
                where newer.product_id = oc.product_id
                  and (newer.created_at, newer.id) > (oc.created_at, oc.id)))`,
    );
  }
  if (input.inStock) conditions.push(sql`exists (${inStockBatch})`);
  return sql.join(conditions, sql` and `);
}

function orderBy(sort: SearchSort, mode: SearchMode, alias: "h" | "pg"): SQL {
  const t = sql.raw(alias);
  const relevance = sql`${t}.tier, ${t}.ws desc, ${t}.len, ${t}.published_at desc nulls last, ${t}.id`;
  const newest = sql`${t}.published_at desc nulls last, ${t}.id`;
  switch (sort) {
    case "price_asc":
      return sql`${t}.price_vnd, ${relevance}`;
    case "price_desc":
      return sql`${t}.price_vnd desc, ${relevance}`;
    case "newest":
      return newest;
    default:
      return mode === "browse" ? newest : relevance;
  }
}

/** The matching rows as (id, tier, ws, len, price_vnd, published_at). */
function hitsQuery(query: string, mode: SearchMode, filters: SQL): SQL {
  if (mode === "browse") {
    return sql`select p.id, 0 as tier, 1::real as ws, 0 as len, p.price_vnd, p.published_at
      from products p where ${filters}`;
  }
  const folded = sql`f_unaccent(${query})`;
  const inOrder = sql`f_unaccent(${wordsInOrderPattern(query)})`;
  // The stored folded name (n): no folding per row at query time.
  const inOrderHits = sql`select p.id, p.name_folded as n, p.price_vnd, p.published_at
    from ${withWords(query)}
    where ${filters} and p.name_folded like ${inOrder}`;
  const similarHits = sql`select p.id, p.name_folded as n, p.price_vnd, p.published_at
    from products p
    where ${filters} and p.name_folded %> ${folded}`;
  const tier = sql`case
      when n like ${folded} || '%' then 0
      when n like '%' || ${folded} || '%' then 1
      when n like ${inOrder} then 2
      else 3 end`;
  const nameHits = sql`select x.id, x.n, ${tier} as tier, x.price_vnd, x.published_at
      from (
        ${mode === "wide" ? sql`${inOrderHits} union all ${similarHits}` : inOrderHits}
        -- offset 0 keeps this subquery apart, so the tier is computed on the hits alone.
        offset 0
      ) x`;
  const ranked = sql`select id, tier, case when tier = 3 then word_similarity(${folded}, n) else 1 end as ws,
      length(n) as len, price_vnd, published_at
    from name_hits`;
  if (mode === "exact") return sql`with name_hits as (${nameHits}) ${ranked}`;
  // A product found twice (its name in order and similar, or its name and its cooperative's)
  // counts once, with its better tier: a sort, whatever the planner guesses about the hits.
  return sql`select distinct on (id) * from (
    with name_hits as (${nameHits})
    ${ranked}
    union all
    select p.id, 4 as tier, 0::real as ws, length(p.name) as len, p.price_vnd, p.published_at
    from products p
    where ${filters}
      and p.cooperative_id = any (array(
        select c.id from cooperatives c where f_unaccent(lower(c.name)) like ${inOrder}))
  ) found order by id, tier`;
}

/**
 * Public products holding every word of the query somewhere, as `p`, from the word index
 * alone: the fence (offset 0) keeps the LIKE and the filters outside, where the planner cannot
 * pair the word index with the trigram index. The trigram index only yields candidates, so
 * that pair would recheck every row, f_search_words included (~8 µs a row on PGlite).
 */
function withWords(query: string): SQL {
  return sql`(select * from products p
    where p.status = 'approved' and ${nameHasWords(query)} offset 0) p`;
}

/** The words that are index-worthy: distinct, and longer than one letter (nearly every word holds one). */
function indexedWords(query: string): string[] {
  return [...new Set(query.split(" "))].filter((w) => Array.from(w).length >= 2);
}

/**
 * The catalogue's words (search_words) that contain a query word ("ong" → ong, dong, rong…).
 * The query word is folded as the names are; should folding give it a separator ("½" → "1/2"),
 * its first part stands for it: it narrows the names less, and the LIKE does the rest.
 */
function containingWords(word: SQL): SQL {
  return sql`select sw.word from search_words sw
    where sw.word like '%' || coalesce((f_search_words(f_unaccent(${word})))[1], '') || '%'`;
}

/**
 * The index side of `name like '%w1%w2%'`: for each query word, the name has a word containing
 * it (products_search_words_idx, on public listings only). Through containingWords the index
 * finds exactly the names that hold every word somewhere; the LIKE then checks their order.
 * Single letters are left to the LIKE alone.
 */
function nameHasWords(query: string): SQL {
  const words = indexedWords(query);
  if (words.length === 0) return sql`true`;
  return sql.join(
    words.map((w) => sql`f_search_words(p.name_folded) && array(${containingWords(sql`${w}`)})`),
    sql` and `,
  );
}

/** Whether the words match at least `enough` public products, whatever the filters (LIKE only). */
async function wordsAreCommon(t: Db, query: string, enough: number): Promise<boolean> {
  const [row] = rowsOf<{ n: number | string }>(
    await t.execute(sql`select count(*) as n from (
      select 1 from ${withWords(query)}
      where p.name_folded like f_unaccent(${wordsInOrderPattern(query)})
      limit ${enough}) s`),
  );
  return Number(row?.n ?? 0) >= enough;
}

export interface SearchStatement {
  /** One page of rows, each carrying the total. */
  page: SQL;
  /** The total alone, for a page past the end. */
  count: SQL;
}

export interface StepOptions {
  query: string;
  mode: SearchMode;
  today: string;
  page: number;
  pageSize: number;
  /** With a province filter: the province's cooperatives (from searchPreamble). */
  cooperatives?: readonly string[];
}

/** The SQL of one search step (exported so the benchmark can EXPLAIN it). */
export function searchStatement(input: SearchInput, options: StepOptions): SearchStatement {
  const { query, mode, today, page, pageSize } = options;
  const filters = filterConditions(input, today, mode !== "browse", options.cooperatives);
  const hits = hitsQuery(query, mode, filters);
  const sort = input.sort ?? "relevance";
  // The window count sees every hit; the top-N sort then keeps one page.
  const statement = sql`with hits as (${hits}),
    page as (
      select h.*, count(*) over () as total from hits h
      order by ${orderBy(sort, mode, "h")} limit ${pageSize} offset ${(page - 1) * pageSize}
    )
    select pg.id, pg.total, p.slug, p.name, p.price_vnd, p.unit, p.ocop_group,
      c.name as cooperative_name, c.slug as cooperative_slug, prov.name as province_name,
      cert.stars as cert_stars, cert.expires_on::text as cert_expires_on, cert.approved_at as cert_approved_at,
      exists (${inStockBatch}) as in_stock,
      photo.storage_key as photo_key, photo.alt as photo_alt, photo.width as photo_width,
      photo.height as photo_height
    from page pg
    join products p on p.id = pg.id
    join cooperatives c on c.id = p.cooperative_id
    join regions r on r.id = c.region_id
    left join regions s on s.id = r.successor_id
    left join regions prov on prov.id = nullif(split_part(coalesce(s.path, r.path), '/', 2), '')::uuid
    left join lateral (
      select oc.stars, oc.expires_on, oc.approved_at from ocop_certificates oc
      where oc.product_id = p.id order by oc.created_at desc, oc.id desc limit 1
    ) cert on true
    left join lateral (
      select ph.storage_key, ph.alt, ph.width, ph.height from product_photos ph
      where ph.product_id = p.id order by ph.position, ph.created_at, ph.id limit 1
    ) photo on true
    order by ${orderBy(sort, mode, "pg")}`;
  return { page: statement, count: sql`with hits as (${hits}) select count(*) as total from hits` };
}

const settings = sql`set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true),
  set_config('max_parallel_workers_per_gather', '0', true),
  set_config('plan_cache_mode', 'force_custom_plan', true)`;

/** Per-transaction settings: the trigram threshold, and no parallel workers for a small query. */
export const searchSettings = sql`select ${settings}`;

interface Preamble {
  /** With a province filter, the province's cooperatives. */
  cooperatives: string[] | null;
  /** Query words that no product name contains: the words as typed cannot match. */
  unmatched: string[];
}

/** The settings, and in the same round trip what the steps need to know first. */
async function searchPreamble(t: Db, input: SearchInput, query: string): Promise<Preamble> {
  const words = indexedWords(query);
  // One "is contained somewhere" per word, each word a constant: folded once, at planning.
  const contained = words.map((w) => sql`exists (${containingWords(sql`${w}`)})`);
  const [row] = rowsOf<{ cooperatives: string[] | null; contained: boolean[] | null }>(
    await t.execute(sql`select ${settings},
      ${input.province ? provinceCooperatives(input.province) : sql`null::uuid[]`} as cooperatives,
      array[${contained.length ? sql.join(contained, sql`, `) : sql``}]::boolean[] as contained`),
  );
  return {
    cooperatives: row?.cooperatives ?? null,
    unmatched: words.filter((_, i) => row?.contained?.[i] === false),
  };
}

async function runStep(
  t: Db,
  input: SearchInput,
  options: StepOptions,
): Promise<{ rows: Row[]; total: number }> {
  const statement = searchStatement(input, options);
  const rows = rowsOf<Row>(await t.execute(statement.page));
  if (rows[0]) return { rows, total: Number(rows[0].total) };
  if (options.page === 1) return { rows, total: 0 };
  // Past the last page no row carries the total, so count on its own.
  const [counted] = rowsOf<{ total: number | string }>(await t.execute(statement.count));
  return { rows, total: Number(counted?.total ?? 0) };
}

// The catalogue's words, per database. A stale list is still used while a fresh one is read.
const vocabularies = new WeakMap<
  Db,
  { loadedAt: number; words: Promise<Vocabulary>; refreshing?: boolean }
>();

function readVocabulary(reader: Db): Promise<Vocabulary> {
  return reader
    .execute(sql`select lower(name) as name, count(*)::int as count from products
      where status = 'approved' group by lower(name)
      union all
      select lower(name), 1 from cooperatives`)
    .then((result) => buildVocabulary(rowsOf<{ name: string; count: number }>(result)));
}

/**
 * The folded words of every public product name and cooperative name, for correcting
 * misspelt query words (a cooperative's own words are never "corrected" away).
 * `reader` runs the first read (the caller's transaction); refreshes run on `tx` in the
 * background and are never awaited inside a transaction (PGlite has a single connection).
 */
export function searchVocabulary(
  tx: Db = defaultDb(),
  reader: Db = tx,
  now = Date.now(),
): Promise<Vocabulary> {
  const cached = vocabularies.get(tx);
  if (cached) {
    if (now - cached.loadedAt >= VOCABULARY_TTL_MS && !cached.refreshing) {
      cached.refreshing = true;
      readVocabulary(tx).then(
        (words) => vocabularies.set(tx, { loadedAt: Date.now(), words: Promise.resolve(words) }),
        () => {
          cached.refreshing = false;
        },
      );
    }
    return cached.words;
  }
  const words = readVocabulary(reader);
  vocabularies.set(tx, { loadedAt: now, words });
  // A failed read is not kept: the next search tries again.
  words.catch(() => vocabularies.delete(tx));
  return words;
}

/** Forget the cached word list (after listings change, in tests). */
export function invalidateSearchVocabulary(tx: Db = defaultDb()): void {
  vocabularies.delete(tx);
}

function hasFilters(input: SearchInput): boolean {
  return Boolean(
    input.province ||
      input.group ||
      input.minStars ||
      input.inStock ||
      input.priceMin !== undefined ||
      input.priceMax !== undefined,
  );
}

/** One page of public products matching the query and filters, with the total count. */
export async function searchProducts(
  input: SearchInput & { today?: string },
  tx: Db = defaultDb(),
): Promise<SearchResult> {
  const query = normalizeQuery(input.q ?? "");
  const page = Math.max(1, Math.floor(input.page ?? 1));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(input.pageSize ?? DEFAULT_PAGE_SIZE)));
  const today = input.today ?? todayInVietnam();

  const { found, correctedQuery } = await tx.transaction(async (t) => {
    const { cooperatives, unmatched } = await searchPreamble(t, input, query);
    const common = { today, page, pageSize, ...(cooperatives ? { cooperatives } : {}) };
    if (!query)
      return { found: await runStep(t, input, { ...common, query, mode: "browse" }), correctedQuery: null };
    // Enough hits, or few only because of the filters: the words were right.
    const settled = async (found: { total: number }, words: string, matchable = true) =>
      found.total >= FEW_HITS ||
      (matchable && hasFilters(input) && (await wordsAreCommon(t, words, FEW_HITS)));
    // A word that no name contains: nothing to find as typed, straight to the corrections.
    const matchable = unmatched.length === 0;
    const exact = matchable
      ? await runStep(t, input, { ...common, query, mode: "exact" })
      : { rows: [], total: 0 };
    if (await settled(exact, query, matchable)) return { found: exact, correctedQuery: null };
    const corrected = correctQuery(query, await searchVocabulary(tx, t));
    let best = { found: exact, query, correctedQuery: null as string | null };
    if (corrected) {
      const retry = await runStep(t, input, { ...common, query: corrected, mode: "exact" });
      if (await settled(retry, corrected)) return { found: retry, correctedQuery: corrected };
      if (retry.total > exact.total) best = { found: retry, query: corrected, correctedQuery: corrected };
    }
    const wide = await runStep(t, input, { ...common, query: best.query, mode: "wide" });
    return { found: wide, correctedQuery: best.correctedQuery };
  });

  return {
    items: found.rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      priceVnd: row.price_vnd,
      unit: row.unit,
      group: row.ocop_group,
      cooperativeName: row.cooperative_name,
      cooperativeSlug: row.cooperative_slug,
      provinceName: row.province_name,
      stars: visibleStars(
        row.cert_stars === null || row.cert_expires_on === null
          ? null
          : { stars: row.cert_stars, expiresOn: row.cert_expires_on, approvedAt: row.cert_approved_at },
        today,
      ),
      inStock: row.in_stock,
      photo:
        row.photo_key === null
          ? null
          : {
              storageKey: row.photo_key,
              alt: row.photo_alt ?? "",
              width: row.photo_width ?? 0,
              height: row.photo_height ?? 0,
            },
    })),
    total: found.total,
    page,
    pageSize,
    query,
    correctedQuery,
  };
}
