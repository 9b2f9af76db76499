import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { upsertRegions } from "../../app/domain/regions/regions.server";
import { type Db, db } from "../../db/client.server";
import { cooperatives, memberships, ocopCertificates, products, regions, users } from "../../db/schema";

/** Small builders for the review and admin tests: real rows, unique natural keys per call. */

const short = () => randomUUID().slice(0, 8);

export async function regionByCode(scheme: "current" | "legacy", code: string, tx: Db = db()) {
  const [row] = await tx.select().from(regions).where(eq(regions.code, code));
  if (!row || row.scheme !== scheme) throw new Error(`region ${scheme}/${code} missing`);
  return row;
}

export async function createUser(
  name: string,
  roles: Array<
    | { role: "buyer" | "admin" }
    | { role: "manager"; cooperativeId: string }
    | { role: "reviewer"; regionId: string }
  > = [],
  tx: Db = db(),
) {
  const [user] = await tx
    .insert(users)
    .values({ name, email: `${short()}@test.vn`, passwordHash: "not-a-real-hash" })
    .returning();
  if (!user) throw new Error("user insert failed");
  for (const r of roles) {
    await tx.insert(memberships).values({
      userId: user.id,
      role: r.role,
      cooperativeId: "cooperativeId" in r ? r.cooperativeId : null,
      regionId: "regionId" in r ? r.regionId : null,
    });
  }
  return user;
}

export async function createCooperative(name: string, regionId: string, tx: Db = db()) {
  const [coop] = await tx
    .insert(cooperatives)
    .values({ name, slug: `htx-${short()}`, regionId })
    .returning();
  if (!coop) throw new Error("cooperative insert failed");
  return coop;
}

export async function createProduct(
  cooperativeId: string,
  name: string,
  opts: {
    status?: (typeof products.$inferInsert)["status"];
    submittedAt?: Date;
    stars?: 3 | 4 | 5;
    decisionDate?: string;
    expiresOn?: string;
    ocopGroup?: (typeof products.$inferInsert)["ocopGroup"];
  } = {},
  tx: Db = db(),
) {
  const group = opts.ocopGroup ?? "food";
  const [product] = await tx
    .insert(products)
    .values({
      cooperativeId,
      name,
      slug: `sp-${short()}`,
      publicCode: short(),
      ocopGroup: group,
      unit: "chai",
      priceVnd: 150_000,
      description: "Mô tả sản phẩm",
      status: opts.status ?? "submitted",
      submittedAt: opts.submittedAt ?? new Date(),
    })
    .returning();
  if (!product) throw new Error("product insert failed");
  const stars = opts.stars ?? 4;
  const [certificate] = await tx
    .insert(ocopCertificates)
    .values({
      productId: product.id,
      stars,
      score: stars === 3 ? 60 : stars === 4 ? 80 : 95,
      decisionNo: `${short()}/QĐ-UBND`,
      decisionDate: opts.decisionDate ?? "2024-03-15",
      authority: "UBND tỉnh Bắc Kạn",
      ocopGroup: group,
      expiresOn: opts.expiresOn ?? "2027-03-15",
      evidenceKey: `certificates/${short()}.jpg`,
    })
    .returning();
  if (!certificate) throw new Error("certificate insert failed");
  return { product, certificate };
}

/**
 * Two current provinces (Thái Nguyên with a district-less commune, Sơn La) and the legacy
 * Bắc Kạn → Chợ Đồn → Bằng Phúc chain whose commune now belongs to Đồng Phúc (Thái Nguyên).
 */
export async function seedRegionTree(tx: Db = db()) {
  await upsertRegions(
    [
      { code: "19", name: "Thái Nguyên", level: "province", scheme: "current", parentCode: null },
      { code: "01933", name: "Đồng Phúc", level: "commune", scheme: "current", parentCode: "19" },
      { code: "14", name: "Sơn La", level: "province", scheme: "current", parentCode: null },
      { code: "04000", name: "Vân Hồ", level: "commune", scheme: "current", parentCode: "14" },
      { code: "06", name: "Bắc Kạn", level: "province", scheme: "legacy", parentCode: null },
      { code: "063", name: "Chợ Đồn", level: "district", scheme: "legacy", parentCode: "06" },
      {
        code: "02041",
        name: "Bằng Phúc",
        level: "commune",
        scheme: "legacy",
        parentCode: "063",
        successorCode: "01933",
      },
      { code: "02050", name: "Nam Cường", level: "commune", scheme: "legacy", parentCode: "063" },
      { code: "064", name: "Ba Bể", level: "district", scheme: "legacy", parentCode: "06" },
      { code: "02080", name: "Thượng Giáo", level: "commune", scheme: "legacy", parentCode: "064" },
    ],
    tx,
  );
  return {
    thaiNguyen: await regionByCode("current", "19", tx),
    dongPhuc: await regionByCode("current", "01933", tx),
    sonLa: await regionByCode("current", "14", tx),
    vanHo: await regionByCode("current", "04000", tx),
    bacKan: await regionByCode("legacy", "06", tx),
    choDon: await regionByCode("legacy", "063", tx),
    bangPhuc: await regionByCode("legacy", "02041", tx),
    namCuong: await regionByCode("legacy", "02050", tx),
    baBe: await regionByCode("legacy", "064", tx),
    thuongGiao: await regionByCode("legacy", "02080", tx),
  };
}

/** The Cookie header of a signed-in session for the user, as the login would set it. */
export async function cookieFor(userId: string): Promise<string> {
  const { sessionStorage } = await import("../../app/utils/session.server");
  const session = await sessionStorage().getSession();
  session.set("userId", userId);
  session.set("issuedAt", Date.now());
  const setCookie = await sessionStorage().commitSession(session);
  return setCookie.split(";")[0] ?? "";
}

/** What a loader or action threw: a redirect Response, or the `data()` error of httpError/rethrowAsHttp. */
export async function thrownBy(
  run: () => Promise<unknown>,
): Promise<{ status: number; location?: string | null; data?: unknown }> {
  try {
    await run();
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, location: thrown.headers.get("Location") };
    const init = (thrown as { init?: { status?: number } | null; data?: unknown }).init;
    if (init?.status) return { status: init.status, data: (thrown as { data?: unknown }).data };
    throw thrown;
  }
  throw new Error("expected the call to throw");
}
