import { eq } from "drizzle-orm";
import { type Db, db as defaultDb } from "~db/client.server";
import { memberships, users } from "~db/schema";

export type Role = (typeof memberships.$inferSelect)["role"];
export interface Membership {
  role: Role;
  cooperativeId: string | null;
  regionId: string | null;
}
export interface SessionUser {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: "vi" | "en";
  sessionsValidAfter: Date;
  memberships: Membership[];
}

/** The user behind a session, with their memberships; null when missing or disabled. */
export async function findSessionUser(userId: string, tx: Db = defaultDb()): Promise<SessionUser | null> {
  const rows = await tx
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      phone: users.phone,
      locale: users.locale,
      sessionsValidAfter: users.sessionsValidAfter,
      disabledAt: users.disabledAt,
      role: memberships.role,
      cooperativeId: memberships.cooperativeId,
      regionId: memberships.regionId,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(users.id, userId));
  const first = rows[0];
  if (!first || first.disabledAt) return null;
  return {
    id: first.id,
    name: first.name,
    email: first.email,
    phone: first.phone,
    locale: first.locale,
    sessionsValidAfter: first.sessionsValidAfter,
    memberships: rows.flatMap((r) =>
      r.role ? [{ role: r.role, cooperativeId: r.cooperativeId, regionId: r.regionId }] : [],
    ),
  };
}

export function hasRole(user: Pick<SessionUser, "memberships">, role: Role): boolean {
  return user.memberships.some((m) => m.role === role);
}

/** Where a user lands after logging in: their own workspace. */
export function homePathFor(user: Pick<SessionUser, "memberships">): string {
  if (hasRole(user, "admin")) return "/admin";
  if (hasRole(user, "reviewer")) return "/review";
  if (hasRole(user, "manager")) return "/manage";
  return "/account";
}

export async function setUserLocale(userId: string, locale: "vi" | "en", tx: Db = defaultDb()) {
  await tx.update(users).set({ locale }).where(eq(users.id, userId));
}
