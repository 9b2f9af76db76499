import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addMembership,
  listAuditLog,
  removeMembership,
  searchUsers,
  setUserDisabled,
} from "../../app/domain/accounts/admin.server";
import { findSessionUser } from "../../app/domain/accounts/users.server";
import { DomainError } from "../../app/domain/errors";
import { listReviewQueue } from "../../app/domain/listings/review.server";
import { importRegionsCsv } from "../../app/domain/regions/import.server";
import { loader as adminHomeLoader } from "../../app/routes/admin._index";
import { loader as auditLoader } from "../../app/routes/admin.audit";
import { action as regionsAction, loader as regionsLoader } from "../../app/routes/admin.regions";
import { loader as usersLoader } from "../../app/routes/admin.users._index";
import { action as userAction, loader as userLoader } from "../../app/routes/admin.users.$userId";
import { db, rowsOf } from "../../db/client.server";
import { auditLog, memberships, regions, users } from "../../db/schema";
import {
  cookieFor,
  createCooperative,
  createProduct,
  createUser,
  seedRegionTree,
  thrownBy,
} from "./review-fixtures";

let tree: Awaited<ReturnType<typeof seedRegionTree>>;
let admin: Awaited<ReturnType<typeof createUser>>;
let adminCookie: string;
beforeAll(async () => {
  tree = await seedRegionTree();
  admin = await createUser("Quản trị viên", [{ role: "admin" }]);
  adminCookie = await cookieFor(admin.id);
});

const request = (path: string, init: RequestInit = {}) => new Request(`http://localhost${path}`, init);
const regionCount = async () =>
  rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from regions`))[0]?.n ?? 0;
const auditCount = async (action: string) =>
  (await db().select().from(auditLog).where(eq(auditLog.action, action))).length;

async function caughtDomainError(run: () => Promise<unknown>): Promise<DomainError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

function uploadRequest(content: BlobPart, { cookie = adminCookie, name = "regions.csv" } = {}) {
  const form = new FormData();
  form.set("file", new File([content], name, { type: "text/csv" }));
  return request("/admin/regions", { method: "POST", headers: { Cookie: cookie }, body: form });
}

describe("admin access", () => {
  it("sends anonymous visitors to log in and refuses every other role with 403", async () => {
    const anonymous = await thrownBy(() =>
      adminHomeLoader({ request: request("/admin"), params: {}, context: {} }),
    );
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=%2Fadmin$/);
    const reviewer = await createUser("Cán bộ không phải quản trị", [
      { role: "reviewer", regionId: tree.choDon.id },
    ]);
    const cookie = await cookieFor(reviewer.id);
    const headers = { Cookie: cookie };
    for (const run of [
      () => adminHomeLoader({ request: request("/admin", { headers }), params: {}, context: {} }),
      () => regionsLoader({ request: request("/admin/regions", { headers }), params: {}, context: {} }),
      () => regionsAction({ request: uploadRequest("code\n", { cookie }), params: {}, context: {} }),
      () => usersLoader({ request: request("/admin/users", { headers }), params: {}, context: {} }),
      () => auditLoader({ request: request("/admin/audit", { headers }), params: {}, context: {} }),
      () =>
        userAction({
          request: request(`/admin/users/${reviewer.id}`, {
            method: "POST",
            headers,
            body: new URLSearchParams({ intent: "add", role: "admin" }),
          }),
          params: { userId: reviewer.id },
          context: {},
        }),
    ]) {
      expect((await thrownBy(run)).status).toBe(403);
    }
    // The domain checks too, from the database: a role in a stale session object is not enough.
    const error = await caughtDomainError(() => searchUsers({ id: reviewer.id }));
    expect(error.kind).toBe("forbidden");
    expect(
      (await db().select().from(memberships).where(eq(memberships.userId, reviewer.id))).map((m) => m.role),
    ).toEqual(["reviewer"]);
  });

  it("shows the overview counts to an admin", async () => {
    const page = await adminHomeLoader({
      request: request("/admin", { headers: { Cookie: adminCookie } }),
      params: {},
      context: {},
    });
    expect(page.counts.admins).toBe(1);
    expect(page.counts.regionsLegacy).toBeGreaterThan(0);
  });
});

describe("region import", () => {
  const file = [
    "code,name,level,scheme,parent_code,successor_code",
    "08,Tuyên Quang,province,current,,",
    '02269,"Phường Hà Giang 1",commune,current,08,',
    "02,Hà Giang,province,legacy,,",
    "024,Thành phố Hà Giang,district,legacy,02,",
    "00688,Phường Quang Trung,commune,legacy,024,02269",
  ].join("\r\n");

  it("imports a valid file in one go, and importing it again updates without duplicates", async () => {
    const before = await regionCount();
    const first = await thrownBy(() =>
      regionsAction({ request: uploadRequest(`\uFEFF${file}`), params: {}, context: {} }),
    );
    expect(first).toEqual({ status: 302, location: "/admin/regions?inserted=5&updated=0" });
    expect(await regionCount()).toBe(before + 5);
    const [ward] = await db().select().from(regions).where(eq(regions.code, "00688"));
    const [successor] = await db().select().from(regions).where(eq(regions.code, "02269"));
    expect(ward?.successorId).toBe(successor?.id);
    expect(ward?.path.split("/").filter(Boolean)).toHaveLength(3);

    const again = await thrownBy(() =>
      regionsAction({ request: uploadRequest(file), params: {}, context: {} }),
    );
    expect(again.location).toBe("/admin/regions?inserted=0&updated=5");
    expect(await regionCount()).toBe(before + 5);
    expect(await auditCount("regions.imported")).toBe(2);

    const page = await regionsLoader({
      request: request("/admin/regions?q=ha%20giang&scheme=legacy&inserted=0&updated=5", {
        headers: { Cookie: adminCookie },
      }),
      params: {},
      context: {},
    });
    expect(page.imported).toEqual({ inserted: 0, updated: 5 });
    expect(page.items.map((r) => r.name).sort()).toEqual(["Hà Giang", "Thành phố Hà Giang"]);
  });

  it("refuses a file with errors (400, every problem with its line) and writes nothing", async () => {
    const before = await regionCount();
    const audits = await auditCount("regions.imported");
    const bad = [
      "code,name,level,scheme,parent_code,successor_code",
      "30,Tỉnh mới,province,current,,",
      "31,Tỉnh sai cấp,tinh,current,,",
      "03001,Xã mồ côi,commune,current,99,",
      "30,Trùng mã,province,current,,",
    ].join("\n");
    const result = (await regionsAction({
      request: uploadRequest(bad),
      params: {},
      context: {},
    })) as unknown as {
      init: { status: number };
      data: { issues: Array<{ line: number; messageKey: string }>; issueCount: number };
    };
    expect(result.init.status).toBe(400);
    expect(result.data.issueCount).toBe(3);
    expect(result.data.issues.map((i) => [i.line, i.messageKey])).toEqual([
      [3, "admin.regions.errors.level"],
      [4, "admin.regions.errors.unknownParent"],
      [5, "admin.regions.errors.duplicateCode"],
    ]);
    expect(await regionCount()).toBe(before);
    expect(await auditCount("regions.imported")).toBe(audits);

    const latin1 = new Uint8Array([
      ...new TextEncoder().encode("code,name,level,scheme,parent_code\n40,"),
      0xd0,
      0x61,
      0x0a,
    ]);
    const notUtf8 = (await regionsAction({
      request: uploadRequest(latin1),
      params: {},
      context: {},
    })) as unknown as {
      init: { status: number };
      data: { messageKey: string };
    };
    expect([notUtf8.init.status, notUtf8.data.messageKey]).toEqual([400, "admin.regions.errors.notUtf8"]);

    const big = new Uint8Array(5 * 1024 * 1024 + 10).fill(0x41);
    const tooBig = (await regionsAction({
      request: uploadRequest(big),
      params: {},
      context: {},
    })) as unknown as {
      init: { status: number };
    };
    expect(tooBig.init.status).toBe(413);
    expect(await regionCount()).toBe(before);
  });

  it("is for admins only in the domain too", async () => {
    const manager = await createUser("Không phải quản trị");
    const error = await caughtDomainError(() =>
      importRegionsCsv(manager, "code,name,level,scheme,parent_code\n"),
    );
    expect(error.kind).toBe("forbidden");
  });
});

describe("people and roles", () => {
  it("adds a reviewer area (from the list or by code), which changes what the reviewer sees, and removes it", async () => {
    const coop = await createCooperative("HTX cho phạm vi", tree.namCuong.id);
    const { product } = await createProduct(coop.id, "Miến dong phạm vi");
    const person = await createUser("Cán bộ mới");
    expect((await listReviewQueue(person)).items).toHaveLength(0);

    const added = await addMembership(admin, {
      userId: person.id,
      role: "reviewer",
      regionId: tree.choDon.id,
    });
    expect((await listReviewQueue(person)).items.map((i) => i.productId)).toEqual([product.id]);
    const duplicate = await caughtDomainError(() =>
      addMembership(admin, {
        userId: person.id,
        role: "reviewer",
        regionCode: "063",
        regionScheme: "legacy",
      }),
    );
    expect([duplicate.kind, duplicate.messageKey]).toEqual([
      "conflict",
      "admin.users.errors.membershipExists",
    ]);
    const byCode = await addMembership(admin, { userId: person.id, role: "reviewer", regionCode: "14" });
    expect(byCode.id).toMatch(/^[0-9a-f-]{36}$/);
    const unknown = await caughtDomainError(() =>
      addMembership(admin, { userId: person.id, role: "reviewer", regionCode: "99999" }),
    );
    expect(unknown.fieldErrors).toEqual({ regionCode: "admin.users.errors.regionUnknown" });
    const noCoop = await caughtDomainError(() =>
      addMembership(admin, { userId: person.id, role: "manager", cooperativeId: null }),
    );
    expect(noCoop.fieldErrors).toEqual({ cooperativeId: "admin.users.errors.cooperativeRequired" });

    const removed = await removeMembership(admin, { userId: person.id, membershipId: added.id });
    expect(removed.region?.name).toBe("Chợ Đồn");
    expect((await listReviewQueue(person)).items).toHaveLength(0);
    const audits = await db().select().from(auditLog).where(eq(auditLog.entityId, person.id));
    expect(audits.map((a) => a.action).sort()).toEqual([
      "membership.added",
      "membership.added",
      "membership.removed",
    ]);
    expect(audits.every((a) => a.actorId === admin.id)).toBe(true);
    const missing = await caughtDomainError(() =>
      removeMembership(admin, { userId: person.id, membershipId: added.id }),
    );
    expect(missing.kind).toBe("not_found");
  });

  it("keeps an admin from removing their own admin role or disabling themselves", async () => {
    const [own] = await db().select().from(memberships).where(eq(memberships.userId, admin.id));
    const removeOwn = await caughtDomainError(() =>
      removeMembership(admin, { userId: admin.id, membershipId: own?.id ?? "" }),
    );
    expect([removeOwn.kind, removeOwn.messageKey]).toEqual(["conflict", "admin.users.errors.ownAdminRole"]);
    const disableSelf = await caughtDomainError(() =>
      setUserDisabled(admin, { userId: admin.id, disabled: true }),
    );
    expect(disableSelf.messageKey).toBe("admin.users.errors.cannotDisableSelf");
    expect(await db().select().from(memberships).where(eq(memberships.userId, admin.id))).toHaveLength(1);
  });

  it("disables and enables an account; a disabled account has no session", async () => {
    const person = await createUser("Người bị khoá", [{ role: "buyer" }]);
    await setUserDisabled(admin, { userId: person.id, disabled: true });
    expect(await findSessionUser(person.id)).toBeNull();
    const [row] = await db().select().from(users).where(eq(users.id, person.id));
    expect(row?.disabledAt).toBeInstanceOf(Date);
    await setUserDisabled(admin, { userId: person.id, disabled: false });
    expect((await findSessionUser(person.id))?.name).toBe("Người bị khoá");
    expect(await auditCount("user.disabled")).toBeGreaterThanOrEqual(1);
  });

  it("finds people by name without diacritics, by email and by phone", async () => {
    const person = await createUser("Nguyễn Thị Hồng Đào");
    await db().update(users).set({ phone: "0912345678" }).where(eq(users.id, person.id));
    const ids = async (q: string) => (await searchUsers(admin, { q })).items.map((u) => u.id);
    expect(await ids("nguyen thi hong dao")).toEqual([person.id]);
    expect(await ids("Hồng Đào")).toEqual([person.id]);
    expect(await ids(person.email ?? "")).toEqual([person.id]);
    expect(await ids("0912 345")).toEqual([person.id]);
    expect(await ids("100%")).toEqual([]);
  });

  it("runs the user page: add a role by form, confirm the removal naming it, remove it", async () => {
    const person = await createUser("Cán bộ qua giao diện");
    const path = `/admin/users/${person.id}`;
    const params = { userId: person.id };
    const post = (fields: Record<string, string>) =>
      userAction({
        request: request(path, {
          method: "POST",
          headers: { Cookie: adminCookie },
          body: new URLSearchParams(fields),
        }),
        params,
        context: {},
      });
    const missing = (await post({
      intent: "add",
      role: "reviewer",
      regionId: "",
      regionCode: "",
    })) as unknown as {
      init: { status: number };
      data: { fieldErrors: Record<string, string>; values: Record<string, string> };
    };
    expect(missing.init.status).toBe(400);
    expect(missing.data.fieldErrors).toEqual({ regionId: "admin.users.errors.regionRequired" });
    expect(missing.data.values.role).toBe("reviewer");

    const added = await thrownBy(() => post({ intent: "add", role: "reviewer", regionId: tree.sonLa.id }));
    expect(added).toMatchObject({ status: 302, location: path });
    const [membership] = await db().select().from(memberships).where(eq(memberships.userId, person.id));
    expect(membership?.regionId).toBe(tree.sonLa.id);

    const confirm = await userLoader({
      request: request(`${path}?remove=${membership?.id}`, {
        headers: { Cookie: adminCookie, "Accept-Language": "vi" },
      }),
      params,
      context: {},
    });
    expect(confirm.removing?.label).toBe("Cán bộ thẩm định: Sơn La (tỉnh/thành phố, mã 14)");
    expect(await db().select().from(memberships).where(eq(memberships.userId, person.id))).toHaveLength(1);

    const removed = await thrownBy(() => post({ intent: "remove", membershipId: membership?.id ?? "" }));
    expect(removed.status).toBe(302);
    expect(await db().select().from(memberships).where(eq(memberships.userId, person.id))).toHaveLength(0);
  });
});

describe("audit log", () => {
  it("filters by who, by action prefix and by dates in Vietnam time, newest first", async () => {
    const other = await createUser("Trần Văn Kiểm Tra", [{ role: "admin" }]);
    await db()
      .insert(auditLog)
      .values([
        {
          actorId: other.id,
          action: "listing.approved",
          entityType: "product",
          at: new Date("2026-03-01T16:30:00Z"),
        },
        {
          actorId: other.id,
          action: "listing.rejected",
          entityType: "product",
          at: new Date("2026-03-01T17:30:00Z"),
        },
        {
          actorId: other.id,
          action: "membership.added",
          entityType: "user",
          at: new Date("2026-03-03T02:00:00Z"),
        },
        {
          actorId: null,
          action: "listing.certificate_expired",
          entityType: "product",
          at: new Date("2026-03-02T01:00:00Z"),
        },
      ]);
    const actions = async (filters: Parameters<typeof listAuditLog>[1]) =>
      (await listAuditLog(admin, filters)).items.map((e) => e.action);
    expect(await actions({ who: "tran van kiem" })).toEqual([
      "membership.added",
      "listing.rejected",
      "listing.approved",
    ]);
    expect(await actions({ who: "kiem tra", action: "listing." })).toEqual([
      "listing.rejected",
      "listing.approved",
    ]);
    // 17:30 UTC on 1 March is 00:30 on 2 March in Vietnam.
    expect(await actions({ action: "listing", from: "2026-03-02", to: "2026-03-02" })).toEqual([
      "listing.certificate_expired",
      "listing.rejected",
    ]);
    expect(await actions({ action: "listing_", from: "2026-03-01", to: "2026-03-01" })).toEqual([]);

    const page = await auditLoader({
      request: request("/admin/audit?who=ki%E1%BB%83m&from=2026-03-03", { headers: { Cookie: adminCookie } }),
      params: {},
      context: {},
    });
    expect("entries" in page && page.entries.map((e) => e.action)).toEqual(["membership.added"]);
    const badRange = (await auditLoader({
      request: request("/admin/audit?from=2026-03-05&to=2026-03-01", { headers: { Cookie: adminCookie } }),
      params: {},
      context: {},
    })) as unknown as { init: { status: number }; data: { fieldErrors: Record<string, string> } };
    expect(badRange.init.status).toBe(400);
    expect(badRange.data.fieldErrors).toEqual({ to: "admin.audit.errors.range" });
  });
});
