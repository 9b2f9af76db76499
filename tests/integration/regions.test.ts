import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isRegionWithinScope, upsertRegions } from "~/domain/regions/regions.server";
import { db } from "~db/client.server";
import { regions } from "~db/schema";

const pathOf = async (code: string) =>
  (await db().select({ path: regions.path }).from(regions).where(eq(regions.code, code)))[0]?.path ?? "";

describe("region tree", () => {
  it("keeps paths right when a unit moves under another parent, and scopes follow", async () => {
    await upsertRegions([
      { code: "P1", name: "Tỉnh Một", level: "province", scheme: "legacy", parentCode: null },
      { code: "P2", name: "Tỉnh Hai", level: "province", scheme: "legacy", parentCode: null },
      { code: "D1", name: "Huyện Một", level: "district", scheme: "legacy", parentCode: "P1" },
      { code: "C1", name: "Xã Một", level: "commune", scheme: "legacy", parentCode: "D1" },
    ]);
    const [p1, p2, c1] = await Promise.all(
      ["P1", "P2", "C1"].map((c) => db().select().from(regions).where(eq(regions.code, c))),
    );
    expect(await isRegionWithinScope(c1?.[0]?.id ?? "", p1?.[0]?.id ?? "")).toBe(true);

    const again = await upsertRegions([
      { code: "D1", name: "Huyện Một", level: "district", scheme: "legacy", parentCode: "P2" },
    ]);
    expect(again).toEqual({ inserted: 0, updated: 1 });
    expect(await pathOf("C1")).toBe(`${await pathOf("D1")}${c1?.[0]?.id}/`);
    expect((await pathOf("C1")).startsWith(await pathOf("P2"))).toBe(true);
    expect(await isRegionWithinScope(c1?.[0]?.id ?? "", p2?.[0]?.id ?? "")).toBe(true);
    expect(await isRegionWithinScope(c1?.[0]?.id ?? "", p1?.[0]?.id ?? "")).toBe(false);
  });

  it("covers a former commune from the current unit that took it over", async () => {
    await upsertRegions([
      { code: "19", name: "Thái Nguyên", level: "province", scheme: "current", parentCode: null },
      { code: "01933", name: "Đồng Phúc", level: "commune", scheme: "current", parentCode: "19" },
      {
        code: "06",
        name: "Bắc Kạn",
        level: "province",
        scheme: "legacy",
        parentCode: null,
        successorCode: "19",
      },
      { code: "064", name: "Chợ Đồn", level: "district", scheme: "legacy", parentCode: "06" },
      {
        code: "02041",
        name: "Bằng Phúc",
        level: "commune",
        scheme: "legacy",
        parentCode: "064",
        successorCode: "01933",
      },
    ]);
    const id = async (scheme: "current" | "legacy", code: string) =>
      (await db().select().from(regions).where(eq(regions.code, code))).find((r) => r.scheme === scheme)
        ?.id ?? "";
    const bangPhuc = await id("legacy", "02041");
    expect(await isRegionWithinScope(bangPhuc, await id("current", "19"))).toBe(true);
    expect(await isRegionWithinScope(bangPhuc, await id("legacy", "064"))).toBe(true);
    expect(await isRegionWithinScope(await id("current", "01933"), await id("legacy", "064"))).toBe(false);
  });
});
