import { sql } from "drizzle-orm";
import { boolean, check, index, pgEnum, pgTable, text, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tstz, updatedAt } from "./_columns";
import { cooperatives } from "./cooperatives";
import { regions } from "./regions";

export const locale = pgEnum("locale", ["vi", "en"]);
export const role = pgEnum("role", ["buyer", "manager", "reviewer", "admin"]);

export const users = pgTable(
  "users",
  {
    id: id(),
    /** Stored lower-cased; unique when present. */
    email: text("email"),
    /** Vietnamese mobile number in national form, e.g. 0912345678; unique when present. */
    phone: text("phone"),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    locale: locale("locale").notNull().default("vi"),
    /** Sessions issued before this instant are refused (set on password change). */
    sessionsValidAfter: tstz("sessions_valid_after").notNull().defaultNow(),
    disabledAt: tstz("disabled_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    uniqueIndex("users_phone_key").on(t.phone),
    check("users_contact_present", sql`${t.email} is not null or ${t.phone} is not null`),
    check("users_email_lower", sql`${t.email} = lower(${t.email})`),
  ],
);

/** What a user may do, and where: a manager of a cooperative, a reviewer of a region subtree. */
export const memberships = pgTable(
  "memberships",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: role("role").notNull(),
    cooperativeId: uuid("cooperative_id").references(() => cooperatives.id, { onDelete: "cascade" }),
    regionId: uuid("region_id").references(() => regions.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("memberships_user_role_scope_key")
      .on(t.userId, t.role, t.cooperativeId, t.regionId)
      .nullsNotDistinct(),
    index("memberships_user_id_idx").on(t.userId),
    index("memberships_cooperative_id_idx").on(t.cooperativeId),
    index("memberships_region_id_idx").on(t.regionId),
    check(
      "memberships_scope_matches_role",
      sql`(${t.role} = 'manager' and ${t.cooperativeId} is not null and ${t.regionId} is null)
       or (${t.role} = 'reviewer' and ${t.regionId} is not null and ${t.cooperativeId} is null)
       or (${t.role} in ('buyer', 'admin') and ${t.cooperativeId} is null and ${t.regionId} is null)`,
    ),
  ],
);

/** Every login attempt, so the rate limit holds across app instances. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: id(),
    /** The normalised identifier typed (email or phone). */
    identifier: text("identifier").notNull(),
    /** A hash of the client address; never the raw IP. */
    clientHash: text("client_hash").notNull(),
    succeeded: boolean("succeeded").notNull(),
    at: tstz("at").notNull().defaultNow(),
  },
  (t) => [
    index("login_attempts_identifier_at_idx").on(t.identifier, t.at),
    index("login_attempts_client_at_idx").on(t.clientHash, t.at),
  ],
);
