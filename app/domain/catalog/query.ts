/**
 * Storefront search input, pure: the text a shopper typed, cleaned for matching, and the URL
 * parameters of the product list. Accent folding itself happens in the database (f_unaccent),
 * so the query and the product names fold by the same rules.
 */
import { z } from "zod";
import { type OcopGroup, ocopGroups } from "~/domain/listings/ocop";

export const MAX_QUERY_LENGTH = 100;
export const DEFAULT_PAGE_SIZE = 24;
export const MAX_PAGE_SIZE = 60;

export const searchSorts = ["relevance", "price_asc", "price_desc", "newest"] as const;
export type SearchSort = (typeof searchSorts)[number];

/**
 * The query as matched: NFC (so "ư" typed as u + horn equals the precomposed letter), lower
 * case, punctuation and LIKE wildcards (% _ \) turned into spaces, spaces collapsed, at most
 * 100 characters. "  Rượu  MEN_lá% " → "rượu men lá".
 */
export function normalizeQuery(q: string): string {
  const cleaned = q
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")
    .trim();
  return Array.from(cleaned).slice(0, MAX_QUERY_LENGTH).join("").trim();
}

/** A LIKE pattern matching names that hold every word of the query, in order: "%mật%ong%". */
export function wordsInOrderPattern(normalized: string): string {
  const words = normalized.split(" ").filter(Boolean);
  return words.length === 0 ? "%" : `%${words.join("%")}%`;
}

export interface SearchInput {
  q?: string;
  /** Region id of a province: products of cooperatives located inside it. */
  province?: string;
  group?: OcopGroup;
  /** Only products whose current OCOP claim shows at least this many stars. */
  minStars?: 3 | 4 | 5;
  priceMin?: number;
  priceMax?: number;
  /** Only products with a released, unsold batch. */
  inStock?: boolean;
  sort?: SearchSort;
  page?: number;
  pageSize?: number;
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const money = z.preprocess(
  (v) => (typeof v === "string" ? v.replace(/[.\s₫]/g, "") : v),
  z.coerce.number().int().min(0).max(1_000_000_000),
);

/**
 * URL parameters of the product list (?q=&province=&group=&stars=&min=&max=&stock=1&sort=&page=).
 * Anything malformed is dropped rather than refused: a hand-edited link still shows products.
 */
export const searchParamsSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().max(500).optional()).catch(undefined),
  province: z.preprocess(blankToUndefined, z.uuid().optional()).catch(undefined),
  group: z.preprocess(blankToUndefined, z.enum(ocopGroups).optional()).catch(undefined),
  stars: z
    .preprocess(
      blankToUndefined,
      z.coerce
        .number()
        .pipe(z.union([z.literal(3), z.literal(4), z.literal(5)]))
        .optional(),
    )
    .catch(undefined),
  min: z.preprocess(blankToUndefined, money.optional()).catch(undefined),
  max: z.preprocess(blankToUndefined, money.optional()).catch(undefined),
  stock: z.preprocess(blankToUndefined, z.literal("1").optional()).catch(undefined),
  sort: z.preprocess(blankToUndefined, z.enum(searchSorts).optional()).catch(undefined),
  page: z
    .preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).optional())
    .catch(undefined),
});

/** The search input for a product-list URL. */
export function searchInputFromParams(params: URLSearchParams): SearchInput {
  const raw = searchParamsSchema.parse(Object.fromEntries(params));
  const input: SearchInput = { sort: raw.sort ?? "relevance", page: raw.page ?? 1 };
  if (raw.q !== undefined) input.q = raw.q;
  if (raw.province) input.province = raw.province;
  if (raw.group) input.group = raw.group;
  if (raw.stars) input.minStars = raw.stars;
  if (raw.min !== undefined) input.priceMin = raw.min;
  if (raw.max !== undefined) input.priceMax = raw.max;
  if (raw.stock) input.inStock = true;
  return input;
}

/** Vietnamese folded to plain letters, as f_unaccent does for the names: "rượu đồng" → "ruou dong". */
export function foldWord(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

/** The words of a name or query, lower case, split on anything that is not a letter or digit. */
export function wordsOf(text: string): string[] {
  return text
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
}

/** Folded word → how often it occurs, and its most common spelling with diacritics. */
export type Vocabulary = Map<string, { count: number; spelling: string }>;

/** Builds a vocabulary from (name, how many products carry it) pairs. */
export function buildVocabulary(names: Iterable<{ name: string; count: number }>): Vocabulary {
  const spellings = new Map<string, Map<string, number>>();
  for (const { name, count } of names) {
    for (const word of wordsOf(name)) {
      const folded = foldWord(word);
      const forms = spellings.get(folded) ?? new Map<string, number>();
      forms.set(word, (forms.get(word) ?? 0) + count);
      spellings.set(folded, forms);
    }
  }
  const vocabulary: Vocabulary = new Map();
  for (const [folded, forms] of spellings) {
    let spelling = folded;
    let best = -1;
    let total = 0;
    for (const [form, n] of forms) {
      total += n;
      if (n > best || (n === best && form < spelling)) {
        best = n;
        spelling = form;
      }
    }
    vocabulary.set(folded, { count: total, spelling });
  }
  return vocabulary;
}

/**
 * Optimal string alignment distance: edits, with a swap of neighbours counting as one. With a
 * `max`, any distance above it comes back as `max + 1`: the work stops as soon as a whole row of
 * the table exceeds it (later rows can only be larger), so rejecting most of a vocabulary is cheap.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  // Three rolling rows of the table: i - 2 (for swaps), i - 1 and i.
  let older = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let row = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let smallest = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (older[j - 2] as number) + 1);
      }
      row[j] = d;
      if (d < smallest) smallest = d;
    }
    // A swap reaches back two rows, but a row's minimum grows by at most one per row, so
    // nothing after a row above `max` can come back under it.
    if (smallest > max) return max + 1;
    [older, prev, row] = [prev, row, older];
  }
  const distance = prev[n] as number;
  return distance > max ? max + 1 : distance;
}

/**
 * The query with each word that the catalogue does not contain replaced by the nearest word
 * that it does ("mat ongg" → "mat ong"): one edit for words up to 4 letters, two for longer
 * ones; the nearest wins, then a word with the same first letter, then the more common word.
 * A word with no near neighbour is left out ("cafe robusta" → "robusta"), unless it is the
 * only one. Returns null when nothing needed or could be corrected.
 */
export function correctQuery(normalized: string, vocabulary: Vocabulary): string | null {
  let changed = false;
  const words = normalized.split(" ").filter(Boolean);
  const corrected = words.map((word) => {
    const folded = foldWord(word);
    if (vocabulary.has(folded) || folded.length < 2 || /\d/.test(folded)) return word;
    const max = folded.length <= 4 ? 1 : 2;
    let best: {
      spelling: string;
      distance: number;
      sameFirst: boolean;
      count: number;
      folded: string;
    } | null = null;
    for (const [candidate, entry] of vocabulary) {
      const distance = editDistance(folded, candidate, max);
      if (distance > max) continue;
      const option = { ...entry, distance, sameFirst: candidate[0] === folded[0], folded: candidate };
      if (
        !best ||
        option.distance < best.distance ||
        (option.distance === best.distance &&
          (option.sameFirst !== best.sameFirst
            ? option.sameFirst
            : option.count !== best.count
              ? option.count > best.count
              : option.folded < best.folded))
      ) {
        best = option;
      }
    }
    changed = true;
    return best ? best.spelling : null;
  });
  const kept = corrected.filter((word): word is string => word !== null);
  return changed && kept.length > 0 ? kept.join(" ") : null;
}
