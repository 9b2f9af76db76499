import { type AnyPgColumn, index, pgEnum, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./_columns";

export const regionLevel = pgEnum("region_level", ["province", "district", "commune"]);
/** current = the two-level system since 1 July 2025; legacy = the units that existed before it. */
export const regionScheme = pgEnum("region_scheme", ["current", "legacy"]);

export const regions = pgTable(
  "regions",
  {
    id: id(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    level: regionLevel("level").notNull(),
    scheme: regionScheme("scheme").notNull(),
    parentId: uuid("parent_id").references((): AnyPgColumn => regions.id, { onDelete: "restrict" }),
    /** For a legacy unit: the current unit that took it over, so old labels still resolve. */
    successorId: uuid("successor_id").references((): AnyPgColumn => regions.id, { onDelete: "set null" }),
    /** Materialised ancestry, "/<id>/<id>/", so a subtree is one indexed prefix match. */
    path: text("path").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("regions_scheme_level_code_key").on(t.scheme, t.level, t.code),
    index("regions_parent_id_idx").on(t.parentId),
    index("regions_successor_id_idx").on(t.successorId),
    index("regions_path_idx").on(t.path.op("text_pattern_ops")),
  ],
);
