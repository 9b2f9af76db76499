import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { regionDirectory } from "~/domain/regions/directory.server";
import { upsertRegions } from "~/domain/regions/regions.server";
import { db } from "~db/client.server";
import { cooperatives, regions } from "~db/schema";
import { seedDemoData } from "~db/seed";
import { get, RML_PATH } from "./scan-helpers";

const RML_PLACE = "xã Bằng Phúc, huyện Chợ Đồn, tỉnh Bắc Kạn (nay là xã Đồng Phúc, tỉnh Thái Nguyên)";

async function rmlCooperative() {
  const [coop] = await db()
    .select({ id: cooperatives.id, regionId: cooperatives.regionId })
    .from(cooperatives)
    .where(eq(cooperatives.slug, "htx-ruou-men-la-thanh-tam"));
  if (!coop) throw new Error("the demo cooperative of Rượu men lá is missing");
  return coop;
}

beforeAll(async () => {
  await seedDemoData(db());
});

describe("the region directory behind the scan page's places", () => {
  it("names the places from the directory, ancestors first", async () => {
    expect(await (await get(RML_PATH)).text()).toContain(RML_PLACE);
  });

  it("shows a region renamed by an import on the very next scan", async () => {
    const [current] = await db()
      .select({
        code: regions.code,
        scheme: regions.scheme,
        level: regions.level,
        parentId: regions.parentId,
      })
      .from(regions)
      .where(and(eq(regions.scheme, "current"), eq(regions.code, "01933")));
    const [province] = await db()
      .select({ code: regions.code })
      .from(regions)
      .where(eq(regions.id, current?.parentId ?? ""));
    if (!current || !province) throw new Error("the demo regions changed");
    await upsertRegions([
      {
        code: current.code,
        name: "Đồng Phúc Mới",
        level: current.level,
        scheme: current.scheme,
        parentCode: province.code,
      },
    ]);
    expect(await (await get(RML_PATH)).text()).toContain("nay là xã Đồng Phúc Mới, tỉnh Thái Nguyên");
    await upsertRegions([
      {
        code: current.code,
        name: "Đồng Phúc",
        level: current.level,
        scheme: current.scheme,
        parentCode: province.code,
      },
    ]);
    expect(await (await get(RML_PATH)).text()).toContain(RML_PLACE);
  });

  it("reads the table again for a region it has not seen (imported by another process)", async () => {
    const coop = await rmlCooperative();
    const before = await regionDirectory([coop.regionId]);
    const [thaiNguyen] = await db()
      .select({ id: regions.id, path: regions.path })
      .from(regions)
      .where(and(eq(regions.scheme, "current"), eq(regions.code, "19")));
    if (!thaiNguyen) throw new Error("the demo regions changed");
    // Written straight to the table, as another app process's import would be.
    const id = crypto.randomUUID();
    await db()
      .insert(regions)
      .values({
        id,
        code: "99999",
        name: "Tân Lập Thử",
        level: "commune",
        scheme: "current",
        parentId: thaiNguyen.id,
        path: `${thaiNguyen.path}${id}/`,
      });
    expect(before.has(id)).toBe(false);
    await db().update(cooperatives).set({ regionId: id }).where(eq(cooperatives.id, coop.id));
    try {
      expect(await (await get(RML_PATH)).text()).toContain("xã Tân Lập Thử, tỉnh Thái Nguyên");
    } finally {
      await db().update(cooperatives).set({ regionId: coop.regionId }).where(eq(cooperatives.id, coop.id));
    }
  });

  it("does not read the table again and again for an id that names no region", async () => {
    const nowhere = crypto.randomUUID();
    const first = await regionDirectory([nowhere]);
    expect(first.has(nowhere)).toBe(false);
    // The next ask is answered from memory: the same directory object, no new read.
    expect(await regionDirectory([nowhere])).toBe(first);
  });
});
