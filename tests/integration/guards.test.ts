import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createUser, registerBuyer } from "~/domain/accounts/account.server";
import type { Role } from "~/domain/accounts/users.server";
import { findRegionByCode, upsertRegions } from "~/domain/regions/regions.server";
import { createUserSessionCookie, requireRole, requireUser } from "~/utils/auth.server";
import { db } from "../../db/client.server";
import { memberships, users } from "../../db/schema";

const PASSWORD = "ocop-demo";

async function cookieFor(userId: string) {
  return (await createUserSessionCookie(userId)).split(";")[0] ?? "";
}

function page(path: string, cookie?: string) {
  return new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

/** What a guard threw: a redirect Response, or a `data()` error response. */
async function thrownBy(run: () => Promise<unknown>): Promise<{ status: number; location: string | null }> {
  try {
    await run();
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, location: thrown.headers.get("Location") };
    const init = (thrown as { init?: ResponseInit | null }).init;
    if (init?.status) return { status: init.status, location: null };
    throw thrown;
  }
  throw new Error("the guard let the request through");
}

describe("requireUser", () => {
  it("sends an anonymous visitor to /login, remembering where they were going", async () => {
    const result = await thrownBy(() => requireUser(page("/orders/42?tab=items")));
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/login?${new URLSearchParams({ redirectTo: "/orders/42?tab=items" })}`);
  });

  it("refuses a forged or foreign session cookie", async () => {
    const id = await registerBuyer({ name: "Khách", identifier: "0981 234 500", password: PASSWORD });
    const cookie = await cookieFor(id);
    const [name, value] = cookie.split("=");
    const forged = `${name}=${(value ?? "").slice(0, -2)}xx`;
    expect((await thrownBy(() => requireUser(page("/account", forged)))).status).toBe(302);
  });

  it("refuses the session of a disabled account", async () => {
    const id = await registerBuyer({ name: "Khách", identifier: "0981 234 501", password: PASSWORD });
    const cookie = await cookieFor(id);
    expect((await requireUser(page("/account", cookie))).id).toBe(id);
    await db().update(users).set({ disabledAt: new Date() }).where(eq(users.id, id));
    expect((await thrownBy(() => requireUser(page("/account", cookie)))).status).toBe(302);
  });
});

describe("requireRole", () => {
  it("answers 403 to a buyer asking for any back-office role", async () => {
    const id = await registerBuyer({ name: "Người mua", identifier: "buyer@example.vn", password: PASSWORD });
    const cookie = await cookieFor(id);
    expect((await requireRole(page("/account", cookie), "buyer")).id).toBe(id);
    for (const role of ["manager", "reviewer", "admin"] as Role[]) {
      const result = await thrownBy(() => requireRole(page(`/${role}`, cookie), role));
      expect(result.status).toBe(403);
    }
  });

  it("lets an admin through requireRole('admin'), and a reviewer through a list that names them", async () => {
    const adminId = await createUser({ name: "Quản trị", email: "admin@example.vn", password: PASSWORD });
    await db().insert(memberships).values({ userId: adminId, role: "admin" });
    const admin = await requireRole(page("/admin", await cookieFor(adminId)), "admin");
    expect(admin.id).toBe(adminId);

    await upsertRegions([
      { scheme: "current", level: "province", code: "99", name: "Tỉnh thử", parentCode: null },
    ]);
    const region = await findRegionByCode("current", "99");
    const reviewerId = await createUser({ name: "Cán bộ", phone: "0912 777 888", password: PASSWORD });
    await db()
      .insert(memberships)
      .values({ userId: reviewerId, role: "reviewer", regionId: region?.id ?? null });
    const reviewerCookie = await cookieFor(reviewerId);
    expect((await requireRole(page("/review", reviewerCookie), "admin", "reviewer")).id).toBe(reviewerId);
    expect((await thrownBy(() => requireRole(page("/admin", reviewerCookie), "admin"))).status).toBe(403);
  });

  it("sends an anonymous visitor to log in rather than answering 403", async () => {
    const result = await thrownBy(() => requireRole(page("/admin"), "admin"));
    expect(result.status).toBe(302);
    expect(result.location).toBe("/login?redirectTo=%2Fadmin");
  });
});
