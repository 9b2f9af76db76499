import { sql } from "drizzle-orm";
import { check, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./_columns";
import { regions } from "./regions";

export const cooperatives = pgTable(
  "cooperatives",
  {
    id: id(),
    /** Public URL segment of the shop page. */
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    taxCode: text("tax_code"),
    /** The most precise region known (usually a commune). */
    regionId: uuid("region_id")
      .notNull()
      .references(() => regions.id, { onDelete: "restrict" }),
    street: text("street"),
    phone: text("phone"),
    email: text("email"),
    story: text("story"),
    logoKey: text("logo_key"),
    /** Receiving account for VietQR transfers. */
    bankBin: text("bank_bin"),
    bankAccountNo: text("bank_account_no"),
    bankAccountName: text("bank_account_name"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("cooperatives_slug_key").on(t.slug),
    uniqueIndex("cooperatives_tax_code_key").on(t.taxCode),
    index("cooperatives_region_id_idx").on(t.regionId),
    // Storefront search also matches the cooperative's name, accent-folded (fastupdate off, as
    // for the products' search indexes: see db/schema/listings.ts).
    index("cooperatives_name_search_idx")
      .using("gin", sql`f_unaccent(lower(${t.name})) gin_trgm_ops`)
      .with({ fastupdate: false }),
    check("cooperatives_bank_bin_format", sql`${t.bankBin} is null or ${t.bankBin} ~ '^[0-9]{6}$'`),
  ],
);
