import { sql } from "drizzle-orm";
import {
  char,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, tstz, updatedAt } from "./_columns";
import { users } from "./accounts";
import { cooperatives } from "./cooperatives";

/** The six OCOP product groups of Decision 919/QĐ-TTg (2022). */
export const ocopGroup = pgEnum("ocop_group", [
  "food",
  "beverages",
  "herbal",
  "handicrafts",
  "ornamental",
  "tourism",
]);

export const listingStatus = pgEnum("listing_status", [
  "draft",
  "submitted",
  "approved",
  "changes_requested",
  "rejected",
  "archived",
]);

export const reviewDecision = pgEnum("review_decision", ["approved", "changes_requested", "rejected"]);

export const products = pgTable(
  "products",
  {
    id: id(),
    cooperativeId: uuid("cooperative_id")
      .notNull()
      .references(() => cooperatives.id, { onDelete: "restrict" }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /** The name folded for search ("Rượu men lá" → "ruou men la"), kept by PostgreSQL itself. */
    nameFolded: text("name_folded").notNull().generatedAlwaysAs(sql`f_unaccent(lower(name))`),
    description: text("description").notNull().default(""),
    ocopGroup: ocopGroup("ocop_group").notNull(),
    /** Selling unit as the cooperative names it: kg, chai, hộp, gói… */
    unit: text("unit").notNull(),
    priceVnd: integer("price_vnd").notNull(),
    /** GTIN-14 (shorter GTINs are left-padded with zeros); null for products without one. */
    gtin: char("gtin", { length: 14 }),
    /** Random public code for the short Digital Link path of products without a GTIN. */
    publicCode: text("public_code").notNull(),
    status: listingStatus("status").notNull().default("draft"),
    submittedAt: tstz("submitted_at"),
    publishedAt: tstz("published_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("products_slug_key").on(t.slug),
    uniqueIndex("products_gtin_key").on(t.gtin),
    uniqueIndex("products_public_code_key").on(t.publicCode),
    index("products_cooperative_id_idx").on(t.cooperativeId),
    index("products_status_idx").on(t.status),
    // Storefront search: trigram matching on the stored accent-folded name ("ruou" finds "Rượu"),
    // for names merely similar to the query (the wide step of app/domain/catalog/search.server.ts).
    // A stored column, because folding per candidate row cost ~4 µs and missed the 30 ms p95.
    // The search GIN indexes take new entries at once (fastupdate off): a pending list would be
    // read in full by every search until a vacuum, and PGlite never vacuums by itself.
    index("products_name_folded_search_idx")
      .using("gin", sql`${t.nameFolded} gin_trgm_ops`)
      .with({ fastupdate: false }),
    // Storefront search: the folded name's words (f_search_words, migration 0009) of public
    // listings; a query word expands through search_words to the words that contain it.
    index("products_search_words_idx")
      .using("gin", sql`f_search_words(${t.nameFolded})`)
      .where(sql`${t.status} = 'approved'`)
      .with({ fastupdate: false }),
    check("products_price_nonnegative", sql`${t.priceVnd} >= 0`),
    check("products_gtin_digits", sql`${t.gtin} is null or ${t.gtin} ~ '^[0-9]{14}$'`),
  ],
);

/**
 * Every word of every product name, folded (f_search_words of products.name_folded), kept by
 * triggers on products (migration 0009). Storefront search expands a query word to the words
 * that contain it ("ong" → ong, dong, rong…) and looks those up in products_search_words_idx.
 * Words are never removed: a word no product has any more only costs an empty index probe.
 */
export const searchWords = pgTable("search_words", { word: text("word").primaryKey() }, (t) => [
  index("search_words_word_trgm_idx").using("gin", sql`${t.word} gin_trgm_ops`).with({ fastupdate: false }),
]);

export const productPhotos = pgTable(
  "product_photos",
  {
    id: id(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** Key in the file store (local disk by default). */
    storageKey: text("storage_key").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    position: smallint("position").notNull().default(0),
    alt: text("alt").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [index("product_photos_product_id_idx").on(t.productId)],
);

/** The OCOP certificate a listing claims. Valid 36 months from the decision date. */
export const ocopCertificates = pgTable(
  "ocop_certificates",
  {
    id: id(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    stars: smallint("stars").notNull(),
    score: smallint("score").notNull(),
    decisionNo: text("decision_no").notNull(),
    decisionDate: date("decision_date", { mode: "string" }).notNull(),
    authority: text("authority").notNull(),
    ocopGroup: ocopGroup("ocop_group").notNull(),
    expiresOn: date("expires_on", { mode: "string" }).notNull(),
    evidenceKey: text("evidence_key"),
    /** Set when a reviewer approves this claim; stars show publicly only while approved and unexpired. */
    approvedAt: tstz("approved_at"),
    createdAt: createdAt(),
  },
  (t) => [
    // The current claim is a product's newest certificate: one probe, no sort.
    index("ocop_certificates_product_current_idx").on(
      t.productId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("ocop_certificates_expires_on_idx").on(t.expiresOn),
    check("ocop_certificates_stars_range", sql`${t.stars} between 3 and 5`),
    check("ocop_certificates_score_range", sql`${t.score} between 0 and 100`),
    check(
      "ocop_certificates_score_matches_stars",
      sql`(${t.stars} = 3 and ${t.score} between 50 and 69) or (${t.stars} = 4 and ${t.score} between 70 and 89) or (${t.stars} = 5 and ${t.score} between 90 and 100)`,
    ),
    check("ocop_certificates_expiry_after_decision", sql`${t.expiresOn} > ${t.decisionDate}`),
  ],
);

export const listingReviews = pgTable(
  "listing_reviews",
  {
    id: id(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    certificateId: uuid("certificate_id").references(() => ocopCertificates.id, { onDelete: "set null" }),
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    decision: reviewDecision("decision").notNull(),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [
    index("listing_reviews_product_id_idx").on(t.productId),
    index("listing_reviews_certificate_id_idx").on(t.certificateId),
    index("listing_reviews_reviewer_id_idx").on(t.reviewerId),
    check(
      "listing_reviews_reason_required",
      sql`${t.decision} = 'approved' or length(trim(coalesce(${t.reason}, ''))) > 0`,
    ),
  ],
);
