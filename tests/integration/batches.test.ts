import { readdirSync } from "node:fs";
import path from "node:path";
import { and, count, eq } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { managerDashboard } from "~/domain/cooperatives/dashboard.server";
import { upsertRegions } from "~/domain/regions/regions.server";
import { getBatchPage, placeChoices } from "~/domain/trace/batches.server";
import { localTimeInputValue } from "~/domain/trace/diary";
import { verifyBatchChain } from "~/domain/trace/events.server";
import { loader as listLoader } from "~/routes/manage.batches._index";
import { action as batchAction, loader as batchLoader } from "~/routes/manage.batches.$batchId";
import {
  action as correctAction,
  loader as correctLoader,
} from "~/routes/manage.batches.$batchId_.events.$eventId_.correct";
import {
  action as newEventAction,
  loader as newEventLoader,
} from "~/routes/manage.batches.$batchId_.events.new";
import { action as holdAction, loader as holdLoader } from "~/routes/manage.batches.$batchId_.hold";
import { loader as labelsLoader } from "~/routes/manage.batches.$batchId_.labels";
import { loader as labelsPdfLoader } from "~/routes/manage.batches.$batchId_.labels[.pdf]";
import { loader as qrPngLoader } from "~/routes/manage.batches.$batchId_.qr[.png]";
import { loader as qrSvgLoader } from "~/routes/manage.batches.$batchId_.qr[.svg]";
import { action as newBatchAction, loader as newBatchLoader } from "~/routes/manage.batches.new";
import { createUserSessionCookie } from "~/utils/auth.server";
import { todayInVietnam } from "~/utils/format";
import { db } from "../../db/client.server";
import {
  auditLog,
  batches,
  batchInputs,
  cooperatives,
  memberships,
  orderItems,
  orderShipments,
  orders,
  products,
  regions,
  traceEvents,
  units,
  users,
} from "../../db/schema";
import { testRegions } from "../support/regions";

type Who = { id: string; cookie: string };
let seq = 0;

async function regionId(scheme: "current" | "legacy", code: string) {
  const [row] = await db()
    .select({ id: regions.id })
    .from(regions)
    .where(and(eq(regions.scheme, scheme), eq(regions.code, code)));
  if (!row) throw new Error(`region ${scheme}/${code} missing`);
  return row.id;
}

async function makeUser(
  name: string,
  roles: ({ role: "buyer" | "admin" } | { role: "manager"; cooperativeId: string })[],
): Promise<Who> {
  const [user] = await db()
    .insert(users)
    .values({ name, email: `batches-${++seq}@test.vn`, passwordHash: "unused-in-these-tests" })
    .returning({ id: users.id });
  if (!user) throw new Error("user insert failed");
  for (const r of roles) {
    await db()
      .insert(memberships)
      .values({
        userId: user.id,
        role: r.role,
        cooperativeId: "cooperativeId" in r ? r.cooperativeId : null,
      });
  }
  return { id: user.id, cookie: (await createUserSessionCookie(user.id)).split(";")[0] ?? "" };
}

async function makeProduct(
  cooperativeId: string,
  name: string,
  ocopGroup: "food" | "handicrafts",
  unit: string,
  gtin: string | null = null,
) {
  const [row] = await db()
    .insert(products)
    .values({
      cooperativeId,
      name,
      slug: `sp-${++seq}`,
      ocopGroup,
      unit,
      priceVnd: 100_000,
      gtin,
      publicCode: `prod${seq}code`,
      status: "approved",
    })
    .returning();
  if (!row) throw new Error("product insert failed");
  return row;
}

/** What a loader or action threw or returned: status, redirect target, data, and a raw Response. */
async function outcome(run: () => Promise<unknown>): Promise<{
  status: number;
  location: string | null;
  /** The returned or thrown data; {} for a plain Response. */
  data: Record<string, unknown>;
  response: Response | null;
}> {
  try {
    const value = await run();
    if (value instanceof Response)
      return { status: value.status, location: value.headers.get("Location"), data: {}, response: value };
    const init = (value as { init?: ResponseInit | null })?.init;
    const data = ((value as { data?: unknown })?.data ?? value) as Record<string, unknown>;
    return { status: init?.status ?? 200, location: null, data, response: null };
  } catch (thrown) {
    if (thrown instanceof Response)
      return {
        status: thrown.status,
        location: thrown.headers.get("Location"),
        data: {},
        response: thrown,
      };
    const init = (thrown as { init?: ResponseInit | null }).init;
    if (init?.status)
      return {
        status: init.status,
        location: null,
        data: (thrown as { data?: Record<string, unknown> }).data ?? {},
        response: null,
      };
    throw thrown;
  }
}

const request = (url: string, who?: Who, init: RequestInit = {}) =>
  new Request(`http://localhost${url}`, {
    ...init,
    headers: {
      ...(who ? { Cookie: who.cookie } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  });
const post = (
  url: string,
  who: Who | undefined,
  fields: Record<string, string>,
  files: Record<string, File[]> = {},
) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const [k, list] of Object.entries(files)) for (const f of list) body.append(k, f);
  return request(url, who, { method: "POST", body });
};
const ctx = (req: Request, params: Record<string, string> = {}) =>
  ({ request: req, params, context: {} }) as never;

const batchIdFrom = (location: string | null) =>
  /\/manage\/batches\/([0-9a-f-]{36})/.exec(location ?? "")?.[1] ?? "";
const count_ = async (table: typeof batches | typeof traceEvents | typeof batchInputs | typeof units) =>
  (await db().select({ n: count() }).from(table))[0]?.n ?? 0;
const uploadsIn = (area: string) => {
  try {
    return readdirSync(path.resolve(process.env.DATA_DIR ?? "", "uploads", area)).length;
  } catch {
    return 0;
  }
};
const today = todayInVietnam();
const daysAgo = (n: number, time = "07:00") => {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return `${d.toISOString().slice(0, 10)}T${time}`;
};
const dayOnly = (local: string) => local.slice(0, 10);

let coopA: typeof cooperatives.$inferSelect;
let coopB: typeof cooperatives.$inferSelect;
let food: typeof products.$inferSelect;
let craft: typeof products.$inferSelect;
let foodB: typeof products.$inferSelect;
let managerA: Who;
let managerB: Who;
let admin: Who;
let buyer: Who;
let jpeg: Uint8Array<ArrayBuffer>;
const pdfBytes = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);

beforeAll(async () => {
  jpeg = new Uint8Array(
    await sharp({ create: { width: 800, height: 600, channels: 3, background: "#2f6b3a" } })
      .jpeg()
      .toBuffer(),
  );
  await upsertRegions(testRegions);
  const [a] = await db()
    .insert(cooperatives)
    .values({ name: "HTX Bằng Phúc", slug: "htx-bang-phuc", regionId: await regionId("legacy", "02041") })
    .returning();
  const [b] = await db()
    .insert(cooperatives)
    .values({ name: "HTX Vân Hồ", slug: "htx-van-ho", regionId: await regionId("current", "04048") })
    .returning();
  if (!a || !b) throw new Error("cooperative insert failed");
  coopA = a;
  coopB = b;
  food = await makeProduct(coopA.id, "Hồng không hạt Chợ Đồn", "food", "kg");
  craft = await makeProduct(coopA.id, "Giỏ mây đan tay", "handicrafts", "chiếc", "08938512400013");
  foodB = await makeProduct(coopB.id, "Chè Shan tuyết", "food", "gói");
  managerA = await makeUser("Quản lý Bằng Phúc", [{ role: "manager", cooperativeId: coopA.id }]);
  managerB = await makeUser("Quản lý Vân Hồ", [{ role: "manager", cooperativeId: coopB.id }]);
  admin = await makeUser("Quản trị", [{ role: "admin" }]);
  buyer = await makeUser("Người mua", [{ role: "buyer" }]);
});

async function openBatch(who: Who, fields: Record<string, string>, coop = "htx-bang-phuc") {
  return outcome(() => newBatchAction(ctx(post(`/manage/batches/new?coop=${coop}`, who, fields))));
}

async function record(
  who: Who,
  batchId: string,
  kind: string,
  fields: Record<string, string>,
  files: Record<string, File[]> = {},
) {
  return outcome(() =>
    newEventAction(
      ctx(post(`/manage/batches/${batchId}/events/new?kind=${kind}`, who, fields, files), { batchId }),
    ),
  );
}

const batchOf = async (id: string) => (await db().select().from(batches).where(eq(batches.id, id)))[0];

describe("opening a batch", () => {
  it("suggests a lot code for the chosen product and opens the batch as recording, full quantity available", async () => {
    const form = await outcome(() =>
      newBatchLoader(ctx(request(`/manage/batches/new?coop=htx-bang-phuc&product=${food.id}`, managerA))),
    );
    const suggested = (form.data.form as { lot: string }).lot;
    expect(suggested).toMatch(/^HKH-\d{4}-01$/);

    const before = await count_(batches);
    const opened = await openBatch(managerA, {
      productId: food.id,
      lot: suggested,
      quantity: "1.200",
      producedOn: dayOnly(daysAgo(1)),
      bestBefore: "",
    });
    expect(opened.status).toBe(302);
    const id = batchIdFrom(opened.location);
    const row = await batchOf(id);
    expect(row).toMatchObject({
      status: "recording",
      quantity: 1200,
      quantityAvailable: 1200,
      lot: suggested,
    });
    expect(row?.publicCode).toMatch(/^[0-9a-hjkmnp-tv-z]{10}$/);
    expect(await count_(batches)).toBe(before + 1);
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, "batch.opened")));
    expect(audit?.actorId).toBe(managerA.id);

    // The next suggestion skips the lot just taken.
    const next = await outcome(() =>
      newBatchLoader(ctx(request(`/manage/batches/new?coop=htx-bang-phuc&product=${food.id}`, managerA))),
    );
    expect((next.data.form as { lot: string }).lot).toMatch(/-02$/);
  });

  it("refuses a duplicate lot (in any letter case) with a field error and writes nothing", async () => {
    const fields = { productId: food.id, lot: "HKH-DUP-01", quantity: "10", producedOn: dayOnly(daysAgo(1)) };
    expect((await openBatch(managerA, fields)).status).toBe(302);
    const before = await count_(batches);
    const audits = (await db().select({ n: count() }).from(auditLog))[0]?.n;
    for (const lot of ["HKH-DUP-01", "hkh-dup-01"]) {
      const again = await openBatch(managerA, { ...fields, lot });
      expect(again.status).toBe(400);
      expect(again.data.fieldErrors).toEqual({ lot: "batches.errors.lotTaken" });
      expect((again.data.values as Record<string, string>).lot).toBe(lot);
    }
    expect(await count_(batches)).toBe(before);
    expect((await db().select({ n: count() }).from(auditLog))[0]?.n).toBe(audits);
    // The same lot code on another product is fine.
    expect((await openBatch(managerA, { ...fields, productId: craft.id })).status).toBe(302);
  });

  it("refuses a lot code with spaces or diacritics, a future date and a best-before before production", async () => {
    const before = await count_(batches);
    const base = { productId: food.id, lot: "HKH-OK-1", quantity: "10", producedOn: dayOnly(daysAgo(1)) };
    const spaces = await openBatch(managerA, { ...base, lot: "HKH 2611 01" });
    expect(spaces.status).toBe(400);
    expect(spaces.data.fieldErrors).toEqual({ lot: "labels.lot.spaces" });
    const marks = await openBatch(managerA, { ...base, lot: "HỒNG-01" });
    expect(marks.data.fieldErrors).toEqual({ lot: "labels.lot.diacritics" });
    const future = await openBatch(managerA, { ...base, producedOn: dayOnly(daysAgo(-2)) });
    expect(future.data.fieldErrors).toEqual({ producedOn: "batches.errors.producedFuture" });
    const early = await openBatch(managerA, { ...base, bestBefore: dayOnly(daysAgo(3)) });
    expect(early.data.fieldErrors).toEqual({ bestBefore: "batches.errors.bestBeforeEarly" });
    expect(await count_(batches)).toBe(before);
  });

  it("will not open a batch for another cooperative's product", async () => {
    const before = await count_(batches);
    const foreign = await openBatch(managerA, {
      productId: foodB.id,
      lot: "X-1",
      quantity: "5",
      producedOn: dayOnly(daysAgo(1)),
    });
    expect(foreign.status).toBe(404);
    expect(await count_(batches)).toBe(before);
  });
});

describe("the diary", () => {
  let batchId: string;
  beforeAll(async () => {
    const opened = await openBatch(managerA, {
      productId: food.id,
      lot: "HKH-DIARY",
      quantity: "800",
      producedOn: dayOnly(daysAgo(2)),
    });
    batchId = batchIdFrom(opened.location);
  });

  it("offers the kinds, then the form with now in Vietnam and the cooperative's communes (its own first)", async () => {
    const picker = await outcome(() =>
      newEventLoader(ctx(request(`/manage/batches/${batchId}/events/new`, managerA), { batchId })),
    );
    expect(picker.data.kind).toBeNull();
    const form = await outcome(() =>
      newEventLoader(
        ctx(request(`/manage/batches/${batchId}/events/new?kind=spraying`, managerA), { batchId }),
      ),
    );
    expect(form.data.kind).toBe("spraying");
    const places = form.data.places as { name: string; legacy: boolean }[];
    // A cooperative still registered in former Bắc Kạn picks among today's Thái Nguyên communes.
    expect(places.map((p) => [p.name, p.legacy])).toEqual([
      ["Bằng Phúc", true],
      ["Chợ Đồn", false],
      ["Đồng Phúc", false],
    ]);
    expect((form.data.defaults as { eventTime: string }).eventTime.slice(0, 10)).toBe(today);
  });

  it("records an entry through the route, in the hash chain, by the session user", async () => {
    const regionOfA = (await placeChoices(coopA.regionId))[1]?.id ?? "";
    const done = await record(
      managerA,
      batchId,
      "harvesting",
      {
        eventTime: daysAgo(2, "06:30"),
        quantity: "820",
        unit: "kg",
        regionId: regionOfA,
        placeText: "Vườn hồng thôn Nà Pài",
        latitude: "22.0468",
        longitude: "105.6742",
      },
      { photos: [new File([jpeg], "hong.jpg", { type: "image/jpeg" })] },
    );
    expect(done.status).toBe(302);
    expect(done.location).toBe(`/manage/batches/${batchId}#entry-1`);
    const [event] = await db().select().from(traceEvents).where(eq(traceEvents.batchId, batchId));
    expect(event).toMatchObject({
      kind: "harvesting",
      seq: 1,
      recordedBy: managerA.id,
      regionId: regionOfA,
      placeText: "Vườn hồng thôn Nà Pài",
      latitude: 22.0468,
      eventTimeZoneOffset: "+07:00",
      bizStep: "https://ref.gs1.org/cbv/BizStep-commissioning",
    });
    expect(event?.eventTime.toISOString()).toBe(new Date(`${daysAgo(2, "06:30")}:00+07:00`).toISOString());
    expect(event?.details).toMatchObject({ quantity: 820, unit: "kg" });
    expect(event?.details.photos).toEqual([
      expect.objectContaining({ key: expect.stringMatching(/^photos\//) }),
    ]);
    expect(await verifyBatchChain(batchId)).toEqual({ intact: true, headHash: event?.hash });
  });

  it("refuses bad input with field errors and writes nothing (no event, no file)", async () => {
    const events = await count_(traceEvents);
    const photos = uploadsIn("photos");
    const spray = {
      eventTime: daysAgo(1),
      product: "Abamectin 3.6EC",
      activeIngredient: "Abamectin",
      dose: "-10",
      doseUnit: "ml/bình 16 L",
      preHarvestIntervalDays: "7",
    };
    const negative = await record(managerA, batchId, "spraying", spray, {
      photos: [new File([jpeg], "a.jpg")],
    });
    expect(negative.status).toBe(400);
    expect(negative.data.fieldErrors).toEqual({ dose: "batches.errors.negative" });
    expect((negative.data.values as Record<string, string>).product).toBe("Abamectin 3.6EC");
    const future = await record(managerA, batchId, "spraying", {
      ...spray,
      dose: "10",
      eventTime: daysAgo(-1),
    });
    expect(future.data.fieldErrors).toEqual({ eventTime: "batches.errors.timeFuture" });
    const tooMany = await record(
      managerA,
      batchId,
      "note",
      { eventTime: daysAgo(1), note: "Ảnh vườn" },
      {
        photos: [1, 2, 3, 4].map((i) => new File([jpeg], `${i}.jpg`)),
      },
    );
    expect(tooMany.data.fieldErrors).toEqual({ photos: "batches.errors.tooManyPhotos" });
    const notPdf = await record(
      managerA,
      batchId,
      "lab_test",
      {
        eventTime: daysAgo(1),
        lab: "Quatest 1",
        reportNo: "KN-1",
        date: dayOnly(daysAgo(1)),
        pass: "pass",
      },
      { report: [new File([jpeg], "phieu.pdf", { type: "application/pdf" })] },
    );
    expect(notPdf.data.fieldErrors).toEqual({ report: "batches.errors.reportNotPdf" });
    const foreignRegion = await record(managerA, batchId, "note", {
      eventTime: daysAgo(1),
      note: "Sai xã",
      regionId: await regionId("current", "04048"),
    });
    expect(foreignRegion.data.fieldErrors).toEqual({ regionId: "batches.errors.region" });
    expect(await count_(traceEvents)).toBe(events);
    expect(uploadsIn("photos")).toBe(photos);
  });

  it("corrects an entry with a new one pointing at it; the old one is kept and marked", async () => {
    const wrong = await record(managerA, batchId, "fertilising", {
      eventTime: daysAgo(20),
      product: "Phân hữu cơ vi sinh",
      dose: "12000",
      doseUnit: "kg/ha",
    });
    expect(wrong.status).toBe(302);
    const [old] = await db()
      .select()
      .from(traceEvents)
      .where(and(eq(traceEvents.batchId, batchId), eq(traceEvents.kind, "fertilising")));
    if (!old) throw new Error("fertilising entry missing");
    const params = { batchId, eventId: old.id };
    const form = await outcome(() =>
      correctLoader(ctx(request(`/manage/batches/${batchId}/events/${old.id}/correct`, managerA), params)),
    );
    expect(form.data.values).toMatchObject({
      product: "Phân hữu cơ vi sinh",
      dose: "12000",
      doseUnit: "kg/ha",
      eventTime: daysAgo(20),
    });

    const missingReason = await outcome(() =>
      correctAction(
        ctx(
          post(`/manage/batches/${batchId}/events/${old.id}/correct`, managerA, {
            ...(form.data.values as Record<string, string>),
            dose: "1200",
          }),
          params,
        ),
      ),
    );
    expect(missingReason.data.fieldErrors).toEqual({ correctionReason: "batches.errors.required" });

    const fixed = await outcome(() =>
      correctAction(
        ctx(
          post(`/manage/batches/${batchId}/events/${old.id}/correct`, managerA, {
            ...(form.data.values as Record<string, string>),
            dose: "1200",
            correctionReason: "Ghi thừa một số 0",
          }),
          params,
        ),
      ),
    );
    expect(fixed.status).toBe(302);
    const [correction] = await db().select().from(traceEvents).where(eq(traceEvents.correctionOf, old.id));
    expect(correction).toMatchObject({ kind: "fertilising", recordedBy: managerA.id });
    expect(correction?.details).toMatchObject({ dose: 1200, correctionReason: "Ghi thừa một số 0" });
    // The old entry is untouched (append-only), and can be corrected only once.
    const [still] = await db().select().from(traceEvents).where(eq(traceEvents.id, old.id));
    expect(still?.details.dose).toBe(12000);
    const twice = await outcome(() =>
      correctAction(
        ctx(
          post(`/manage/batches/${batchId}/events/${old.id}/correct`, managerA, {
            ...(form.data.values as Record<string, string>),
            correctionReason: "Lần nữa",
          }),
          params,
        ),
      ),
    );
    expect(twice.status).toBe(409);

    const page = await outcome(() =>
      batchLoader(ctx(request(`/manage/batches/${batchId}`, managerA), { batchId })),
    );
    const events = page.data.events as {
      seq: number;
      correctedBySeq: number | null;
      correctionOfSeq: number | null;
      correctionReason: string | null;
    }[];
    const shownOld = events.find((e) => e.seq === old.seq);
    expect(shownOld?.correctedBySeq).toBe(correction?.seq);
    expect(events.find((e) => e.seq === correction?.seq)).toMatchObject({
      correctionOfSeq: old.seq,
      correctionReason: "Ghi thừa một số 0",
    });
    expect((page.data.verdict as { intact: boolean }).intact).toBe(true);
  });
});

describe("processing links input batches", () => {
  let output: string;
  let inputA: string;
  let inputB: string;
  beforeAll(async () => {
    inputA = batchIdFrom(
      (
        await openBatch(managerA, {
          productId: craft.id,
          lot: "MAY-IN-1",
          quantity: "50",
          producedOn: dayOnly(daysAgo(5)),
        })
      ).location,
    );
    output = batchIdFrom(
      (
        await openBatch(managerA, {
          productId: food.id,
          lot: "HKH-OUT-1",
          quantity: "40",
          producedOn: dayOnly(daysAgo(1)),
        })
      ).location,
    );
    inputB = batchIdFrom(
      (
        await openBatch(
          managerB,
          { productId: foodB.id, lot: "CVH-IN-1", quantity: "300", producedOn: dayOnly(daysAgo(5)) },
          "htx-van-ho",
        )
      ).location,
    );
  });
  const processing = (fields: Record<string, string>) =>
    record(managerA, output, "processing", { eventTime: daysAgo(1), step: "Sấy dẻo", ...fields });

  it("refuses another cooperative's batch as input with 400 and writes nothing", async () => {
    const [events, links] = [await count_(traceEvents), await count_(batchInputs)];
    const foreign = await processing({
      "inputs.0.batchId": inputA,
      "inputs.0.quantity": "10",
      "inputs.1.batchId": inputB,
      "inputs.1.quantity": "10",
    });
    expect(foreign.status).toBe(400);
    expect(foreign.data.fieldErrors).toEqual({ "inputs.1.batchId": "batches.errors.notYourBatch" });
    const tooMuch = await processing({ "inputs.0.batchId": inputA, "inputs.0.quantity": "51" });
    expect(tooMuch.data.fieldErrors).toEqual({ "inputs.0.quantity": "batches.errors.inputTooMuch" });
    const itself = await processing({ "inputs.0.batchId": output, "inputs.0.quantity": "1" });
    expect(itself.data.fieldErrors).toEqual({ "inputs.0.batchId": "batches.errors.notYourBatch" });
    expect([await count_(traceEvents), await count_(batchInputs)]).toEqual([events, links]);
  });

  it("writes the event and its batch_inputs rows together, the input named in the hashed details", async () => {
    const done = await processing({
      "inputs.0.batchId": inputA,
      "inputs.0.quantity": "30",
      outputQuantity: "40",
      unit: "kg",
    });
    expect(done.status).toBe(302);
    const [event] = await db().select().from(traceEvents).where(eq(traceEvents.batchId, output));
    expect(event?.eventType).toBe("TransformationEvent");
    expect(event?.details.inputs).toEqual([
      { name: "Giỏ mây đan tay", lot: "MAY-IN-1", quantity: 30, unit: "chiếc" },
    ]);
    const links = await db().select().from(batchInputs).where(eq(batchInputs.outputBatchId, output));
    expect(links).toEqual([
      expect.objectContaining({ inputBatchId: inputA, eventId: event?.id, quantity: 30 }),
    ]);
    const page = await getBatchPage(
      { id: managerA.id, memberships: [{ role: "manager", cooperativeId: coopA.id, regionId: null }] },
      inputA,
    );
    expect(page.outputs).toEqual([
      expect.objectContaining({ batchId: output, lot: "HKH-OUT-1", quantity: 30 }),
    ]);
  });
});

describe("release, hold and the orders that received a batch", () => {
  let batchId: string;
  const release = (who: Who = managerA) =>
    outcome(() =>
      batchAction(
        ctx(post(`/manage/batches/${batchId}?coop=htx-bang-phuc`, who, { intent: "release" }), { batchId }),
      ),
    );

  beforeAll(async () => {
    batchId = batchIdFrom(
      (
        await openBatch(managerA, {
          productId: food.id,
          lot: "HKH-REL-1",
          quantity: "500",
          producedOn: dayOnly(daysAgo(3)),
        })
      ).location,
    );
    await record(managerA, batchId, "spraying", {
      eventTime: daysAgo(6, "23:30"),
      product: "Abamectin",
      activeIngredient: "Abamectin",
      dose: "10",
      doseUnit: "ml/bình 16 L",
      preHarvestIntervalDays: "7",
    });
    await record(managerA, batchId, "harvesting", {
      eventTime: daysAgo(3, "06:00"),
      quantity: "500",
      unit: "kg",
    });
  });

  it("refuses with every blocker named, and changes nothing", async () => {
    const refused = await release();
    expect(refused.status).toBe(409);
    const blockers = refused.data.blockers as string[];
    const d = (local: string) => `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
    expect(blockers).toEqual([
      `Phun thuốc Abamectin ngày ${d(daysAgo(6))}: còn 4 ngày cách ly đến ngày thu hoạch ${d(daysAgo(3))} (mục #1).`,
      expect.stringContaining("Chưa có kết quả kiểm nghiệm"),
    ]);
    expect(await batchOf(batchId)).toMatchObject({ status: "recording", releasedAt: null });
    const page = await outcome(() =>
      batchLoader(ctx(request(`/manage/batches/${batchId}`, managerA), { batchId })),
    );
    expect(page.data.blockers).toEqual(blockers);
  });

  it("releases once the spraying is corrected and a passing lab test is recorded", async () => {
    const [spray] = await db()
      .select()
      .from(traceEvents)
      .where(and(eq(traceEvents.batchId, batchId), eq(traceEvents.kind, "spraying")));
    if (!spray) throw new Error("spraying missing");
    await outcome(() =>
      correctAction(
        ctx(
          post(`/manage/batches/${batchId}/events/${spray.id}/correct`, managerA, {
            eventTime: localTimeInputValue(spray.eventTime),
            product: "Abamectin",
            activeIngredient: "Abamectin",
            dose: "10",
            doseUnit: "ml/bình 16 L",
            preHarvestIntervalDays: "3",
            correctionReason: "Nhãn thuốc ghi cách ly 3 ngày",
          }),
          { batchId, eventId: spray.id },
        ),
      ),
    );
    const failedLab = {
      eventTime: daysAgo(2, "14:00"),
      lab: "Quatest 1",
      reportNo: "KN-2611/01",
      date: dayOnly(daysAgo(2)),
      pass: "fail",
      "results.0.name": "Chì (Pb)",
      "results.0.value": "0,5",
      "results.0.limit": "0,1",
      "results.0.pass": "fail",
    };
    expect((await record(managerA, batchId, "lab_test", failedLab)).status).toBe(302);
    const stillRefused = await release();
    expect(stillRefused.status).toBe(409);
    expect(stillRefused.data.blockers).toEqual([expect.stringContaining("KN-2611/01")]);

    const passed = await record(
      managerA,
      batchId,
      "lab_test",
      {
        ...failedLab,
        eventTime: daysAgo(1, "14:00"),
        reportNo: "KN-2611/02",
        pass: "pass",
        "results.0.value": "0,01",
        "results.0.pass": "pass",
      },
      { report: [new File([pdfBytes], "phieu.pdf", { type: "application/pdf" })] },
    );
    expect(passed.status).toBe(302);
    const [lab] = await db()
      .select()
      .from(traceEvents)
      .where(and(eq(traceEvents.batchId, batchId), eq(traceEvents.kind, "lab_test")));
    expect(lab?.disposition).toBe("https://ref.gs1.org/cbv/Disp-non_conformant");

    const released = await release();
    expect(released.status).toBe(302);
    expect(await batchOf(batchId)).toMatchObject({ status: "released", quantityAvailable: 500 });
    expect((await batchOf(batchId))?.releasedAt).toBeInstanceOf(Date);
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, batchId), eq(auditLog.action, "batch.released")));
    expect(audit?.data).toMatchObject({ from: "recording", to: "released" });
    expect((await release()).status).toBe(409);
  });

  it("puts a batch on hold with a required reason, keeps its quantity, audits it, and lists the orders that received it", async () => {
    await db().update(batches).set({ quantityAvailable: 480 }).where(eq(batches.id, batchId));
    const confirm = await outcome(() =>
      holdLoader(ctx(request(`/manage/batches/${batchId}/hold`, managerA), { batchId })),
    );
    expect(confirm.data).toMatchObject({ lot: "HKH-REL-1", productName: "Hồng không hạt Chợ Đồn" });

    const empty = await outcome(() =>
      holdAction(ctx(post(`/manage/batches/${batchId}/hold`, managerA, { reason: "  " }), { batchId })),
    );
    expect(empty.status).toBe(400);
    expect(empty.data.fieldErrors).toEqual({ reason: "batches.errors.reasonRequired" });
    expect((await batchOf(batchId))?.status).toBe("released");

    let page = await getBatchPage(
      { id: admin.id, memberships: [{ role: "admin", cooperativeId: null, regionId: null }] },
      batchId,
    );
    expect(page.receivedBy).toEqual([]);
    const [order] = await db()
      .insert(orders)
      .values({
        code: "DH2611001",
        status: "confirmed",
        paymentMethod: "cod",
        contactName: "Nguyễn Thị Lan",
        contactPhone: "0912345678",
        regionId: await regionId("current", "01933"),
        street: "Số 5",
        totalVnd: 200_000,
      })
      .returning();
    if (!order) throw new Error("order insert failed");
    const [shipment] = await db()
      .insert(orderShipments)
      .values({ orderId: order.id, cooperativeId: coopA.id })
      .returning();
    if (!shipment) throw new Error("shipment insert failed");
    await db().insert(orderItems).values({
      orderId: order.id,
      shipmentId: shipment.id,
      productId: food.id,
      batchId,
      quantity: 2,
      unitPriceVnd: 100_000,
    });

    const held = await outcome(() =>
      holdAction(
        ctx(
          post(`/manage/batches/${batchId}/hold?coop=htx-bang-phuc`, managerA, {
            reason: "Nghi nhiễm nấm mốc, đang kiểm tra lại",
          }),
          { batchId },
        ),
      ),
    );
    expect(held.status).toBe(302);
    expect(await batchOf(batchId)).toMatchObject({
      status: "on_hold",
      holdReason: "Nghi nhiễm nấm mốc, đang kiểm tra lại",
      quantityAvailable: 480,
    });
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, batchId), eq(auditLog.action, "batch.held")));
    expect(audit).toMatchObject({
      actorId: managerA.id,
      data: expect.objectContaining({ from: "released", reason: "Nghi nhiễm nấm mốc, đang kiểm tra lại" }),
    });

    const shown = await outcome(() =>
      batchLoader(ctx(request(`/manage/batches/${batchId}`, managerA), { batchId })),
    );
    expect(shown.data.batch).toMatchObject({ status: "on_hold", heldAt: expect.any(Date) });
    expect(shown.data.orders).toEqual([
      expect.objectContaining({
        code: "DH2611001",
        contactName: "Nguyễn Thị Lan",
        contactPhone: "0912345678",
        quantity: 2,
      }),
    ]);
    page = await getBatchPage(
      { id: admin.id, memberships: [{ role: "admin", cooperativeId: null, regionId: null }] },
      batchId,
    );
    expect(page.receivedBy).toHaveLength(1);

    // Lifting the hold is a release through the same gates, with the quantity that was left.
    expect((await release()).status).toBe(302);
    expect(await batchOf(batchId)).toMatchObject({
      status: "released",
      quantityAvailable: 480,
      holdReason: null,
    });
  });

  it("lets an admin hold any cooperative's batch", async () => {
    const held = await outcome(() =>
      holdAction(
        ctx(post(`/manage/batches/${batchId}/hold`, admin, { reason: "Thu hồi theo yêu cầu của cơ quan" }), {
          batchId,
        }),
      ),
    );
    expect(held.status).toBe(302);
    expect((await batchOf(batchId))?.status).toBe("on_hold");
  });
});

describe("serialised units, labels and QR codes", () => {
  let batchId: string;
  beforeAll(async () => {
    batchId = batchIdFrom(
      (
        await openBatch(managerA, {
          productId: craft.id,
          lot: "MAY/2611",
          quantity: "40",
          producedOn: dayOnly(daysAgo(1)),
        })
      ).location,
    );
  });
  const generate = (n: string) =>
    outcome(() =>
      batchAction(
        ctx(post(`/manage/batches/${batchId}`, managerA, { intent: "units", unitCount: n }), { batchId }),
      ),
    );
  const pdf = (query: string, who: Who = managerA) =>
    outcome(() =>
      labelsPdfLoader(ctx(request(`/manage/batches/${batchId}/labels.pdf?${query}`, who), { batchId })),
    );
  const pagesOf = async (response: Response | null) =>
    (
      Buffer.from(await (response as Response).arrayBuffer())
        .toString("latin1")
        .match(/\/Type \/Page\n/g) ?? []
    ).length;

  it("prints copies of the batch label while it has no units", async () => {
    const sheet = await pdf("size=small&count=70&skip=3");
    expect(sheet.status).toBe(200);
    expect(sheet.response?.headers.get("Content-Type")).toBe("application/pdf");
    expect(sheet.response?.headers.get("Content-Disposition")).toBe('inline; filename="tem-MAY_2611.pdf"');
    expect(await pagesOf(sheet.response)).toBe(2);
  });

  it("makes random serials in one go, never more than the batch holds", async () => {
    expect((await generate("0")).data.fieldErrors).toEqual({ unitCount: "batches.errors.unitCount" });
    expect((await generate("41")).data.fieldErrors).toEqual({
      unitCount: "batches.errors.unitsOverQuantity",
    });
    expect((await generate("25")).status).toBe(302);
    const rows = await db().select().from(units).where(eq(units.batchId, batchId));
    expect(rows).toHaveLength(25);
    expect(new Set(rows.map((r) => r.serial)).size).toBe(25);
    for (const r of rows) expect(r.serial).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect((await generate("16")).data.fieldErrors).toEqual({
      unitCount: "batches.errors.unitsOverQuantity",
    });
  });

  it("prints one label per unit: 25 units on 21-label sheets are 2 pages, each QR with its serial", async () => {
    const sheet = await pdf("size=medium");
    expect(sheet.status).toBe(200);
    expect(await pagesOf(sheet.response)).toBe(2);
    const from = await pdf("size=medium&from=22");
    expect(await pagesOf(from.response)).toBe(1);
    const page = await outcome(() =>
      labelsLoader(ctx(request(`/manage/batches/${batchId}/labels`, managerA), { batchId })),
    );
    expect(page.data).toMatchObject({
      unitCount: 25,
      url: expect.stringMatching(/\/01\/08938512400013\/10\/MAY%2F2611$/),
    });
  });

  it("answers a bad request with 400 and a message a person can act on", async () => {
    const size = await pdf("size=huge");
    expect(size.status).toBe(400);
    expect(await size.response?.text()).toBe("Hãy chọn cỡ tem.");
    const skip = await pdf("size=medium&skip=21");
    expect(await skip.response?.text()).toContain("Số ô bỏ qua");
    expect((await pdf("size=medium&from=26")).status).toBe(400);
    expect((await pdf("size=small&count=abc")).status).toBe(400);
  });

  it("serves the batch QR as SVG and PNG, privately", async () => {
    const svg = await outcome(() =>
      qrSvgLoader(ctx(request(`/manage/batches/${batchId}/qr.svg`, managerA), { batchId })),
    );
    expect(svg.response?.headers.get("Content-Type")).toMatch(/^image\/svg\+xml/);
    expect(svg.response?.headers.get("Cache-Control")).toMatch(/^private/);
    expect(await svg.response?.text()).toMatch(/^<svg/);
    const png = await outcome(() =>
      qrPngLoader(ctx(request(`/manage/batches/${batchId}/qr.png?width=256`, managerA), { batchId })),
    );
    expect(png.response?.headers.get("Content-Type")).toBe("image/png");
    expect(
      (
        await outcome(() =>
          qrPngLoader(ctx(request(`/manage/batches/${batchId}/qr.png?width=5`, managerA), { batchId })),
        )
      ).status,
    ).toBe(400);
  });
});

describe("permissions", () => {
  let batchId: string;
  let eventId: string;
  beforeAll(async () => {
    batchId = batchIdFrom(
      (
        await openBatch(managerA, {
          productId: food.id,
          lot: "HKH-PERM",
          quantity: "10",
          producedOn: dayOnly(daysAgo(1)),
        })
      ).location,
    );
    await record(managerA, batchId, "note", { eventTime: daysAgo(1), note: "Kiểm tra quyền" });
    const [event] = await db().select().from(traceEvents).where(eq(traceEvents.batchId, batchId));
    eventId = event?.id ?? "";
  });

  it("gives another cooperative's manager 404 on every batch route, and changes nothing", async () => {
    const before = [await count_(traceEvents), await count_(units), (await batchOf(batchId))?.status];
    const params = { batchId, eventId };
    const base = `/manage/batches/${batchId}`;
    const calls: [string, () => Promise<unknown>][] = [
      ["detail", () => batchLoader(ctx(request(base, managerB), params))],
      ["release", () => batchAction(ctx(post(base, managerB, { intent: "release" }), params))],
      ["units", () => batchAction(ctx(post(base, managerB, { intent: "units", unitCount: "2" }), params))],
      ["close", () => batchAction(ctx(post(base, managerB, { intent: "close" }), params))],
      [
        "new entry form",
        () => newEventLoader(ctx(request(`${base}/events/new?kind=note`, managerB), params)),
      ],
      [
        "new entry",
        () =>
          newEventAction(
            ctx(post(`${base}/events/new?kind=note`, managerB, { eventTime: daysAgo(1), note: "x" }), params),
          ),
      ],
      [
        "correct form",
        () => correctLoader(ctx(request(`${base}/events/${eventId}/correct`, managerB), params)),
      ],
      [
        "correct",
        () =>
          correctAction(
            ctx(
              post(`${base}/events/${eventId}/correct`, managerB, {
                eventTime: daysAgo(1),
                note: "x",
                correctionReason: "x",
              }),
              params,
            ),
          ),
      ],
      ["hold form", () => holdLoader(ctx(request(`${base}/hold`, managerB), params))],
      [
        "hold",
        () => holdAction(ctx(post(`${base}/hold`, managerB, { reason: "Không phải lô của tôi" }), params)),
      ],
      ["labels", () => labelsLoader(ctx(request(`${base}/labels`, managerB), params))],
      ["labels pdf", () => labelsPdfLoader(ctx(request(`${base}/labels.pdf?size=small`, managerB), params))],
      ["qr svg", () => qrSvgLoader(ctx(request(`${base}/qr.svg`, managerB), params))],
      ["qr png", () => qrPngLoader(ctx(request(`${base}/qr.png`, managerB), params))],
    ];
    for (const [name, call] of calls) expect((await outcome(call)).status, name).toBe(404);
    expect([await count_(traceEvents), await count_(units), (await batchOf(batchId))?.status]).toEqual(
      before,
    );
    // A made-up id is a 404 too, not a crash.
    expect(
      (await outcome(() => batchLoader(ctx(request("/manage/batches/nope", managerA), { batchId: "nope" }))))
        .status,
    ).toBe(404);
  });

  it("keeps buyers out (403) and sends visitors to the login page", async () => {
    expect(
      (await outcome(() => batchLoader(ctx(request(`/manage/batches/${batchId}`, buyer), { batchId }))))
        .status,
    ).toBe(403);
    const anonymous = await outcome(() =>
      labelsPdfLoader(ctx(request(`/manage/batches/${batchId}/labels.pdf`), { batchId })),
    );
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?/);
  });

  it("lists only the working cooperative's batches, and puts recording ones on the home to-dos", async () => {
    const listA = await outcome(() =>
      listLoader(ctx(request("/manage/batches?coop=htx-bang-phuc", managerA))),
    );
    const lots = (listA.data.batches as { lot: string }[]).map((b) => b.lot);
    expect(lots).toContain("HKH-PERM");
    expect(lots).not.toContain("CVH-IN-1");
    const listB = await outcome(() => listLoader(ctx(request("/manage/batches", managerB))));
    expect((listB.data.batches as { lot: string }[]).map((b) => b.lot)).toEqual(["CVH-IN-1"]);
    expect(
      (await outcome(() => listLoader(ctx(request("/manage/batches?coop=htx-bang-phuc", managerB))))).status,
    ).toBe(404);
    const home = await managerDashboard(
      { id: managerA.id, memberships: [{ role: "manager", cooperativeId: coopA.id, regionId: null }] },
      coopA.id,
      today,
    );
    expect(home.waitingRelease.map((b) => b.lot)).toContain("HKH-PERM");
    expect(home.waitingRelease.map((b) => b.lot)).not.toContain("HKH-REL-1");
  });
});
