import { and, count, desc, eq, gte, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { type Db, db as defaultDb } from "~db/client.server";
import { auditLog, cooperatives, memberships, products, regions, users } from "~db/schema";
import { recordAudit } from "../audit/audit.server";
import { conflict, forbidden, invalid, notFound } from "../errors";
import type { Role } from "./users.server";

/** The signed-in person acting in the admin area; their admin role is re-read from the database. */
export interface Actor {
  id: string;
}

export const USERS_PAGE_SIZE = 25;
export const AUDIT_PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
export function likePattern(text: string, { prefix = false } = {}): string {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return prefix ? `${escaped}%` : `%${escaped}%`;
}

/** Every admin function starts here: an enabled account holding the admin role, else 403. */
export async function assertAdmin(actor: Actor, tx: Db = defaultDb()): Promise<void> {
  const [row] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, actor.id), eq(memberships.role, "admin"), isNull(users.disabledAt)))
    .limit(1);
  if (!row) throw forbidden();
}

/** Counts for the admin home page. */
export async function adminOverview(actor: Actor, tx: Db = defaultDb()) {
  await assertAdmin(actor, tx);
  const [userRows, coopRows, productRows, regionRows, roleRows] = await Promise.all([
    tx
      .select({
        total: count(),
        disabled: sql<number>`count(*) filter (where ${users.disabledAt} is not null)`,
      })
      .from(users),
    tx.select({ total: count() }).from(cooperatives),
    tx.select({ status: products.status, n: count() }).from(products).groupBy(products.status),
    tx.select({ scheme: regions.scheme, n: count() }).from(regions).groupBy(regions.scheme),
    tx
      .select({ role: memberships.role, n: sql<number>`count(distinct ${memberships.userId})` })
      .from(memberships)
      .groupBy(memberships.role),
  ]);
  return {
    users: Number(userRows[0]?.total ?? 0),
    disabledUsers: Number(userRows[0]?.disabled ?? 0),
    cooperatives: Number(coopRows[0]?.total ?? 0),
    productsByStatus: Object.fromEntries(productRows.map((r) => [r.status, r.n])) as Partial<
      Record<(typeof products.$inferSelect)["status"], number>
    >,
    regions: {
      current: regionRows.find((r) => r.scheme === "current")?.n ?? 0,
      legacy: regionRows.find((r) => r.scheme === "legacy")?.n ?? 0,
    },
    people: Object.fromEntries(roleRows.map((r) => [r.role, Number(r.n)])) as Partial<Record<Role, number>>,
  };
}

export interface UserListItem {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  disabled: boolean;
  roles: Role[];
  createdAt: Date;
}

/** Users by name (with or without diacritics), email or phone, newest first. */
export async function searchUsers(
  actor: Actor,
  { q = "", page = 1 }: { q?: string; page?: number } = {},
  tx: Db = defaultDb(),
) {
  await assertAdmin(actor, tx);
  const text = q.trim();
  const where: SQL | undefined = text
    ? or(
        sql`f_unaccent(${users.name}) ilike f_unaccent(${likePattern(text)})`,
        sql`${users.email} ilike ${likePattern(text.toLowerCase())}`,
        sql`${users.phone} like ${likePattern(text.replace(/\s+/g, ""))}`,
      )
    : undefined;
  const current = Math.max(1, Math.floor(page));
  const [rows, [total]] = await Promise.all([
    tx
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        phone: users.phone,
        disabledAt: users.disabledAt,
        createdAt: users.createdAt,
        roles: sql<
          string | null
        >`(select string_agg(distinct m.role::text, ',') from memberships m where m.user_id = "users"."id")`,
      })
      .from(users)
      .where(where)
      .orderBy(desc(users.createdAt), desc(users.id))
      .limit(USERS_PAGE_SIZE)
      .offset((current - 1) * USERS_PAGE_SIZE),
    tx.select({ n: count() }).from(users).where(where),
  ]);
  const n = total?.n ?? 0;
  return {
    page: current,
    pageCount: Math.max(1, Math.ceil(n / USERS_PAGE_SIZE)),
    total: n,
    items: rows.map(
      (r): UserListItem => ({
        id: r.id,
        name: r.name,
        email: r.email,
        phone: r.phone,
        disabled: r.disabledAt !== null,
        roles: (r.roles ? r.roles.split(",") : []) as Role[],
        createdAt: r.createdAt,
      }),
    ),
  };
}

export interface MembershipView {
  id: string;
  role: Role;
  cooperative: { id: string; name: string } | null;
  region: {
    id: string;
    name: string;
    level: string;
    scheme: string;
    code: string;
    province: string | null;
  } | null;
  createdAt: Date;
}

async function membershipsOf(userId: string, tx: Db): Promise<MembershipView[]> {
  const rows = await tx
    .select({
      id: memberships.id,
      role: memberships.role,
      createdAt: memberships.createdAt,
      cooperativeId: cooperatives.id,
      cooperativeName: cooperatives.name,
      regionId: regions.id,
      regionName: regions.name,
      regionLevel: regions.level,
      regionScheme: regions.scheme,
      regionCode: regions.code,
      province: sql<string | null>`(select p.name from regions p
        where "regions"."path" like p.path || '%' and p.level = 'province' and p.id <> "regions"."id" limit 1)`,
    })
    .from(memberships)
    .leftJoin(cooperatives, eq(cooperatives.id, memberships.cooperativeId))
    .leftJoin(regions, eq(regions.id, memberships.regionId))
    .where(eq(memberships.userId, userId))
    .orderBy(memberships.role, memberships.createdAt);
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    createdAt: r.createdAt,
    cooperative:
      r.cooperativeId && r.cooperativeName ? { id: r.cooperativeId, name: r.cooperativeName } : null,
    region:
      r.regionId && r.regionName && r.regionLevel && r.regionScheme && r.regionCode
        ? {
            id: r.regionId,
            name: r.regionName,
            level: r.regionLevel,
            scheme: r.regionScheme,
            code: r.regionCode,
            province: r.province,
          }
        : null,
  }));
}

/** One user with their memberships, for the admin's user page. */
export async function getUserForAdmin(actor: Actor, userId: string, tx: Db = defaultDb()) {
  await assertAdmin(actor, tx);
  if (!UUID.test(userId)) throw notFound();
  const [user] = await tx
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      phone: users.phone,
      locale: users.locale,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw notFound();
  return { user, memberships: await membershipsOf(userId, tx), isSelf: user.id === actor.id };
}

/** Cooperatives, and provinces and districts of both schemes, to choose a membership's scope from. */
export async function membershipOptions(actor: Actor, tx: Db = defaultDb()) {
  await assertAdmin(actor, tx);
  const [coops, scopeRegions] = await Promise.all([
    tx.select({ id: cooperatives.id, name: cooperatives.name }).from(cooperatives).orderBy(cooperatives.name),
    tx
      .select({
        id: regions.id,
        name: regions.name,
        code: regions.code,
        level: regions.level,
        scheme: regions.scheme,
        province: sql<string | null>`(select p.name from regions p where p.id = "regions"."parent_id")`,
      })
      .from(regions)
      .where(sql`${regions.level} in ('province', 'district')`)
      .orderBy(
        regions.scheme,
        sql`coalesce((select p.name from regions p where p.id = "regions"."parent_id"), ${regions.name})`,
        regions.level,
        regions.name,
      ),
  ]);
  return { cooperatives: coops, regions: scopeRegions };
}

export type MembershipInput =
  | { userId: string; role: "buyer" | "admin" }
  | { userId: string; role: "manager"; cooperativeId: string | null }
  | {
      userId: string;
      role: "reviewer";
      /** A region chosen from the list, or typed by its official code (in the given scheme). */
      regionId?: string | null;
      regionCode?: string | null;
      regionScheme?: "current" | "legacy";
    };

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/** Gives a user a role: manager of a cooperative, reviewer of a region subtree, buyer or admin. */
export async function addMembership(actor: Actor, input: MembershipInput, tx: Db = defaultDb()) {
  return tx.transaction(async (t) => {
    await assertAdmin(actor, t);
    if (!UUID.test(input.userId)) throw notFound();
    const [target] = await t
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, input.userId));
    if (!target) throw notFound();
    let cooperativeId: string | null = null;
    let regionId: string | null = null;
    let scopeName: string | null = null;
    if (input.role === "manager") {
      if (!input.cooperativeId || !UUID.test(input.cooperativeId)) {
        throw invalid("validation.formSummary", { cooperativeId: "admin.users.errors.cooperativeRequired" });
      }
      const [coop] = await t
        .select({ id: cooperatives.id, name: cooperatives.name })
        .from(cooperatives)
        .where(eq(cooperatives.id, input.cooperativeId));
      if (!coop)
        throw invalid("validation.formSummary", { cooperativeId: "admin.users.errors.cooperativeRequired" });
      cooperativeId = coop.id;
      scopeName = coop.name;
    } else if (input.role === "reviewer") {
      const code = input.regionCode?.trim();
      const byId = input.regionId && UUID.test(input.regionId) ? eq(regions.id, input.regionId) : undefined;
      const byCode = code
        ? and(eq(regions.code, code), eq(regions.scheme, input.regionScheme ?? "current"))
        : undefined;
      if (!byId && !byCode)
        throw invalid("validation.formSummary", { regionId: "admin.users.errors.regionRequired" });
      const found = await t
        .select({ id: regions.id, name: regions.name })
        .from(regions)
        .where(byId ?? byCode)
        .limit(2);
      if (found.length !== 1 || !found[0]) {
        throw invalid(
          "validation.formSummary",
          byId
            ? { regionId: "admin.users.errors.regionRequired" }
            : { regionCode: "admin.users.errors.regionUnknown" },
        );
      }
      regionId = found[0].id;
      scopeName = found[0].name;
    }
    const duplicate = and(
      eq(memberships.userId, target.id),
      eq(memberships.role, input.role),
      cooperativeId ? eq(memberships.cooperativeId, cooperativeId) : isNull(memberships.cooperativeId),
      regionId ? eq(memberships.regionId, regionId) : isNull(memberships.regionId),
    );
    const [existing] = await t.select({ id: memberships.id }).from(memberships).where(duplicate);
    if (existing) throw conflict("admin.users.errors.membershipExists");
    let inserted: { id: string } | undefined;
    try {
      [inserted] = await t
        .insert(memberships)
        .values({ userId: target.id, role: input.role, cooperativeId, regionId })
        .returning({ id: memberships.id });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict("admin.users.errors.membershipExists");
      throw error;
    }
    await recordAudit(
      {
        actorId: actor.id,
        action: "membership.added",
        entityType: "user",
        entityId: target.id,
        data: {
          user: target.email ?? target.name,
          role: input.role,
          cooperativeId,
          regionId,
          scope: scopeName,
        },
      },
      t,
    );
    return { id: inserted?.id ?? "" };
  });
}

/** Takes a role away. An admin cannot remove their own admin role, so the platform always keeps one. */
export async function removeMembership(
  actor: Actor,
  { userId, membershipId }: { userId: string; membershipId: string },
  tx: Db = defaultDb(),
) {
  return tx.transaction(async (t) => {
    await assertAdmin(actor, t);
    if (!UUID.test(userId) || !UUID.test(membershipId)) throw notFound();
    const found = (await membershipsOf(userId, t)).find((m) => m.id === membershipId);
    if (!found) throw notFound();
    if (found.role === "admin" && userId === actor.id) throw conflict("admin.users.errors.ownAdminRole");
    await t.delete(memberships).where(and(eq(memberships.id, membershipId), eq(memberships.userId, userId)));
    await recordAudit(
      {
        actorId: actor.id,
        action: "membership.removed",
        entityType: "user",
        entityId: userId,
        data: {
          role: found.role,
          cooperativeId: found.cooperative?.id ?? null,
          regionId: found.region?.id ?? null,
          scope: found.cooperative?.name ?? found.region?.name ?? null,
        },
      },
      t,
    );
    return found;
  });
}

/** Disables (signs out everywhere, refuses logins) or re-enables an account; never one's own. */
export async function setUserDisabled(
  actor: Actor,
  { userId, disabled }: { userId: string; disabled: boolean },
  tx: Db = defaultDb(),
) {
  return tx.transaction(async (t) => {
    await assertAdmin(actor, t);
    if (!UUID.test(userId)) throw notFound();
    if (disabled && userId === actor.id) throw conflict("admin.users.errors.cannotDisableSelf");
    const [row] = await t
      .update(users)
      .set(
        disabled
          ? { disabledAt: sql`coalesce(${users.disabledAt}, now())`, sessionsValidAfter: sql`now()` }
          : { disabledAt: null },
      )
      .where(eq(users.id, userId))
      .returning({ id: users.id, email: users.email, name: users.name });
    if (!row) throw notFound();
    await recordAudit(
      {
        actorId: actor.id,
        action: disabled ? "user.disabled" : "user.enabled",
        entityType: "user",
        entityId: userId,
        data: { user: row.email ?? row.name },
      },
      t,
    );
    return row;
  });
}

export interface AuditFilters {
  /** Part of the actor's name or email. */
  who?: string;
  /** Start of the action name, e.g. "listing." or "membership.added". */
  action?: string;
  /** Dates (YYYY-MM-DD) in Vietnam time, both inclusive. */
  from?: string;
  to?: string;
  page?: number;
}

const vietnamMidnight = (isoDate: string, addDays = 0) => {
  const d = new Date(`${isoDate}T00:00:00+07:00`);
  d.setUTCDate(d.getUTCDate() + addDays);
  return d;
};

/** The audit log, newest first, 50 a page, filtered by who, what and when. */
export async function listAuditLog(actor: Actor, filters: AuditFilters = {}, tx: Db = defaultDb()) {
  await assertAdmin(actor, tx);
  const conditions: SQL[] = [];
  const who = filters.who?.trim();
  if (who) {
    const pattern = likePattern(who);
    conditions.push(
      sql`(f_unaccent(${users.name}) ilike f_unaccent(${pattern}) or ${users.email} ilike ${pattern})`,
    );
  }
  const action = filters.action?.trim();
  if (action) conditions.push(sql`${auditLog.action} like ${likePattern(action, { prefix: true })}`);
  if (filters.from) conditions.push(gte(auditLog.at, vietnamMidnight(filters.from)));
  if (filters.to) conditions.push(lt(auditLog.at, vietnamMidnight(filters.to, 1)));
  const where = conditions.length ? and(...conditions) : undefined;
  const current = Math.max(1, Math.floor(filters.page ?? 1));
  const [rows, [total]] = await Promise.all([
    tx
      .select({
        id: auditLog.id,
        at: auditLog.at,
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        data: auditLog.data,
        actorId: auditLog.actorId,
        actorName: users.name,
        actorEmail: users.email,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((current - 1) * AUDIT_PAGE_SIZE),
    tx.select({ n: count() }).from(auditLog).leftJoin(users, eq(users.id, auditLog.actorId)).where(where),
  ]);
  const n = total?.n ?? 0;
  return { page: current, pageCount: Math.max(1, Math.ceil(n / AUDIT_PAGE_SIZE)), total: n, items: rows };
}
