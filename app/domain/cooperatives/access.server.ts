import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { hasRole, type SessionUser } from "~/domain/accounts/users.server";
import { notFound } from "~/domain/errors";
import { type Db, db as defaultDb } from "~db/client.server";
import { cooperatives } from "~db/schema";

/**
 * Who may work on a cooperative's records: its managers, and admins (any cooperative). Every
 * back-office function of the cooperative area asks this module, and puts the answer inside its
 * query's where, so another cooperative's record is simply not found.
 */
export type Actor = Pick<SessionUser, "id" | "memberships">;

export const isAdmin = (actor: Actor) => hasRole(actor, "admin");

/** The cooperatives the actor manages through a membership (admins' reach is not listed here). */
export function managedCooperativeIds(actor: Actor): string[] {
  return [
    ...new Set(
      actor.memberships.flatMap((m) => (m.role === "manager" && m.cooperativeId ? [m.cooperativeId] : [])),
    ),
  ];
}

/**
 * The where-condition that keeps `column` (a cooperative id) to what the actor may manage:
 * nothing for an admin, `column in (…)` for a manager, false for anyone else.
 */
export function managedCooperativeCondition(actor: Actor, column: PgColumn): SQL | undefined {
  if (isAdmin(actor)) return undefined;
  const ids = managedCooperativeIds(actor);
  return ids.length ? inArray(column, ids) : sql`false`;
}

/** Throws "not found" unless the cooperative exists and the actor may manage it. */
export async function assertManagesCooperative(actor: Actor, cooperativeId: string, tx: Db = defaultDb()) {
  if (!UUID.test(cooperativeId)) throw notFound();
  const [row] = await tx
    .select({ id: cooperatives.id })
    .from(cooperatives)
    .where(and(eq(cooperatives.id, cooperativeId), managedCooperativeCondition(actor, cooperatives.id)))
    .limit(1);
  if (!row) throw notFound();
}

export interface CooperativeChoice {
  id: string;
  slug: string;
  name: string;
}

/** The cooperatives the actor can pick from on /manage, by name. */
export async function listManagedCooperatives(
  actor: Actor,
  tx: Db = defaultDb(),
): Promise<CooperativeChoice[]> {
  const rows = await tx
    .select({ id: cooperatives.id, slug: cooperatives.slug, name: cooperatives.name })
    .from(cooperatives)
    .where(managedCooperativeCondition(actor, cooperatives.id))
    .orderBy(asc(cooperatives.name), asc(cooperatives.id));
  return rows.sort((a, b) => a.name.localeCompare(b.name, "vi"));
}

/**
 * The cooperative the actor is working on: the one named by `slug` (from ?coop=), else the
 * first. "Not found" for a slug the actor does not manage; null when there is none at all.
 */
export async function resolveWorkingCooperative(
  actor: Actor,
  slug: string | null,
  tx: Db = defaultDb(),
): Promise<{ current: CooperativeChoice | null; choices: CooperativeChoice[] }> {
  const choices = await listManagedCooperatives(actor, tx);
  if (slug) {
    const current = choices.find((c) => c.slug === slug);
    if (!current) throw notFound();
    return { current, choices };
  }
  return { current: choices[0] ?? null, choices };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
