import { readdirSync } from "node:fs";
import path from "node:path";
import { and, count, desc, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DomainError } from "~/domain/errors";
import { gtinCheckDigit } from "~/domain/labels/gtin";
import { addCertificateClaim, expireCertificates } from "~/domain/listings/certificates.server";
import { visibleStars } from "~/domain/listings/ocop";
import { latestCertificate } from "~/domain/listings/owned.server";
import { addProductPhotos, deleteProductPhoto } from "~/domain/listings/photos.server";
import {
  archiveProduct,
  createProduct,
  getManagedProduct,
  listCooperativeProducts,
  restoreProduct,
  submitProduct,
  updateProduct,
} from "~/domain/listings/products.server";
import { upsertRegions } from "~/domain/regions/regions.server";
import { fileStorage } from "~/domain/storage/storage.server";
import { loader as filesLoader } from "~/routes/files.$";
import { loader as manageLayoutLoader } from "~/routes/manage";
import { loader as homeLoader } from "~/routes/manage._index";
import { action as inboxAction, loader as inboxLoader } from "~/routes/manage.inbox";
import { loader as productsLoader } from "~/routes/manage.products._index";
import { action as productAction, loader as productLoader } from "~/routes/manage.products.$productId";
import { action as archiveAction } from "~/routes/manage.products.$productId_.archive";
import { action as certificateAction } from "~/routes/manage.products.$productId_.certificate";
import { action as newProductAction } from "~/routes/manage.products.new";
import { createUserSessionCookie } from "~/utils/auth.server";
import { todayInVietnam } from "~/utils/format";
import { db } from "../../db/client.server";
import {
  auditLog,
  cooperatives,
  memberships,
  ocopCertificates,
  outbox,
  productPhotos,
  products,
  regions,
  users,
} from "../../db/schema";
import { testRegions } from "../support/regions";

// The outbox logs each message in development; keep the test output readable.
const quiet = () => vi.spyOn(console, "info").mockImplementation(() => {});
afterEach(() => vi.restoreAllMocks());

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
  roles: (
    | { role: "buyer" | "admin" }
    | { role: "manager"; cooperativeId: string }
    | { role: "reviewer"; regionId: string }
  )[],
): Promise<Who> {
  const [user] = await db()
    .insert(users)
    .values({ name, email: `manage-${++seq}@test.vn`, passwordHash: "unused-in-these-tests" })
    .returning({ id: users.id });
  if (!user) throw new Error("user insert failed");
  for (const r of roles) {
    await db()
      .insert(memberships)
      .values({
        userId: user.id,
        role: r.role,
        cooperativeId: "cooperativeId" in r ? r.cooperativeId : null,
        regionId: "regionId" in r ? r.regionId : null,
      });
  }
  return { id: user.id, cookie: (await createUserSessionCookie(user.id)).split(";")[0] ?? "" };
}

async function makeCooperative(name: string, slug: string, region: string) {
  const [row] = await db().insert(cooperatives).values({ name, slug, regionId: region }).returning();
  if (!row) throw new Error("cooperative insert failed");
  return row;
}

/** The session user as the guards build it, for calling domain functions directly. */
async function actor(who: Who) {
  const rows = await db().select().from(memberships).where(eq(memberships.userId, who.id));
  return {
    id: who.id,
    memberships: rows.map((m) => ({ role: m.role, cooperativeId: m.cooperativeId, regionId: m.regionId })),
  };
}

async function domainError(run: () => Promise<unknown>): Promise<DomainError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

/** What a loader or action threw or returned as an HTTP outcome: status, redirect target, data. */
async function outcome(
  run: () => Promise<unknown>,
): Promise<{ status: number; location: string | null; data: unknown }> {
  try {
    const value = await run();
    const init = (value as { init?: ResponseInit | null })?.init;
    if (value instanceof Response)
      return { status: value.status, location: value.headers.get("Location"), data: null };
    return {
      status: init?.status ?? 200,
      location: null,
      data: (value as { data?: unknown })?.data ?? value,
    };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, location: thrown.headers.get("Location"), data: null };
    const init = (thrown as { init?: ResponseInit | null }).init;
    if (init?.status)
      return { status: init.status, location: null, data: (thrown as { data?: unknown }).data };
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
const post = (url: string, who: Who | undefined, body: FormData | URLSearchParams) =>
  request(url, who, { method: "POST", body });

function form(fields: Record<string, string>, files: Record<string, File[]> = {}) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  for (const [k, list] of Object.entries(files)) for (const f of list) data.append(k, f);
  return data;
}

const today = todayInVietnam();
const shiftDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const minusMonths = (iso: string, months: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};

let jpeg: Uint8Array<ArrayBuffer>;
const pdf = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);
const photoFile = (name = "ruou.jpg") => new File([jpeg], name, { type: "image/jpeg" });
const pdfFile = () => new File([pdf], "quyet-dinh.pdf", { type: "application/pdf" });
const uploadsIn = (area: string) => {
  try {
    return readdirSync(path.resolve(process.env.DATA_DIR ?? "", "uploads", area)).length;
  } catch {
    return 0;
  }
};
const productCount = async () => (await db().select({ n: count() }).from(products))[0]?.n ?? 0;

const productInput = {
  name: "Rượu men lá",
  description: "Rượu nấu từ gạo nếp nương, ủ men lá rừng.",
  ocopGroup: "beverages",
  unit: "chai",
  price: "150.000",
  gtin: "",
};
const certificateInput = {
  stars: "4",
  score: "78",
  decisionNo: "1234/QĐ-UBND",
  decisionDate: minusMonths(today, 6),
  authority: "UBND tỉnh Bắc Kạn",
  ocopGroup: "beverages",
};
const asUpload = (bytes: Uint8Array, filename = "scan") => ({ filename, size: bytes.byteLength, bytes });

/** What a reviewer's approval leaves behind (the review side owns the real decision). */
async function approve(productId: string) {
  await db()
    .update(products)
    .set({ status: "approved", publishedAt: new Date() })
    .where(eq(products.id, productId));
  const current = await latestCertificate(productId);
  if (current)
    await db()
      .update(ocopCertificates)
      .set({ approvedAt: new Date() })
      .where(eq(ocopCertificates.id, current.id));
}

let coopA: typeof cooperatives.$inferSelect;
let coopB: typeof cooperatives.$inferSelect;
let coopLegacy: typeof cooperatives.$inferSelect;
let managerA: Who;
let managerB: Who;
let managerAB: Who;
let buyer: Who;
let admin: Who;
let reviewerThaiNguyen: Who;
let reviewerSonLa: Who;

beforeAll(async () => {
  jpeg = new Uint8Array(
    await sharp({ create: { width: 1600, height: 1200, channels: 3, background: "#2f6b3a" } })
      .jpeg()
      .toBuffer(),
  );
  await upsertRegions(testRegions);
  coopA = await makeCooperative("HTX Đồng Phúc", "htx-dong-phuc", await regionId("current", "01933"));
  coopB = await makeCooperative("HTX Vân Hồ", "htx-van-ho", await regionId("current", "04048"));
  coopLegacy = await makeCooperative("HTX Bằng Phúc", "htx-bang-phuc", await regionId("legacy", "02041"));
  managerA = await makeUser("Quản lý Đồng Phúc", [{ role: "manager", cooperativeId: coopA.id }]);
  managerB = await makeUser("Quản lý Vân Hồ", [{ role: "manager", cooperativeId: coopB.id }]);
  managerAB = await makeUser("Quản lý hai HTX", [
    { role: "manager", cooperativeId: coopA.id },
    { role: "manager", cooperativeId: coopB.id },
  ]);
  buyer = await makeUser("Người mua", [{ role: "buyer" }]);
  admin = await makeUser("Quản trị", [{ role: "admin" }]);
  reviewerThaiNguyen = await makeUser("Cán bộ Thái Nguyên", [
    { role: "reviewer", regionId: await regionId("current", "19") },
  ]);
  reviewerSonLa = await makeUser("Cán bộ Sơn La", [
    { role: "reviewer", regionId: await regionId("current", "14") },
  ]);
});

describe("listing a product, its certificate and sending it for review (domain)", () => {
  it("creates a draft with photos, refuses to submit it without a certificate, then submits it", async () => {
    const a = await actor(managerA);
    const created = await createProduct(a, coopA.id, productInput, [asUpload(jpeg, "ruou.jpg")]);
    expect(created.slug).toBe("ruou-men-la");
    const [row] = await db().select().from(products).where(eq(products.id, created.id));
    expect(row).toMatchObject({
      status: "draft",
      priceVnd: 150000,
      unit: "chai",
      ocopGroup: "beverages",
      gtin: null,
    });
    expect(row?.publicCode).toMatch(/^[a-z2-7]{10}$/);

    const photos = await db().select().from(productPhotos).where(eq(productPhotos.productId, created.id));
    expect(photos).toHaveLength(1);
    expect(photos[0]).toMatchObject({ width: 1200, height: 900, alt: "Rượu men lá" });
    const large = await fileStorage().get(photos[0]?.storageKey ?? "");
    const small = await fileStorage().get((photos[0]?.storageKey ?? "").replace(/\.webp$/, "-400.webp"));
    expect(large?.contentType).toBe("image/webp");
    expect((await sharp(large?.bytes).metadata()).width).toBe(1200);
    expect((await sharp(small?.bytes).metadata()).width).toBe(400);

    const same = await createProduct(a, coopA.id, productInput);
    expect(same.slug).toBe("ruou-men-la-2");

    const refused = await domainError(() => submitProduct(a, created.id));
    expect(refused).toMatchObject({ kind: "invalid", messageKey: "manage.errors.certificateNeeded" });

    const claim = await addCertificateClaim(a, created.id, certificateInput, asUpload(pdf));
    expect(claim.status).toBe("draft");
    const cert = await latestCertificate(created.id);
    expect(cert).toMatchObject({ stars: 4, score: 78, decisionNo: "1234/QĐ-UBND", approvedAt: null });
    expect(cert?.evidenceKey).toMatch(/^certificates\/[0-9a-f]{32}\.pdf$/);
    expect((await fileStorage().get(cert?.evidenceKey ?? ""))?.contentType).toBe("application/pdf");

    expect((await submitProduct(a, created.id)).status).toBe("submitted");
    const audit = await db()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, created.id))
      .orderBy(auditLog.at);
    expect(audit.map((r) => r.action)).toEqual([
      "product.created",
      "certificate.claimed",
      "product.submitted",
    ]);
  });

  it("keeps an approved listing approved when its price changes, and sends it back when its claim changes", async () => {
    const a = await actor(managerA);
    const { id } = await createProduct(a, coopA.id, {
      ...productInput,
      name: "Miến dong Bằng Phúc",
      ocopGroup: "food",
    });
    await addCertificateClaim(a, id, { ...certificateInput, ocopGroup: "food" }, asUpload(pdf));
    await submitProduct(a, id);
    await approve(id);
    expect(visibleStars(await latestCertificate(id), today)).toBe(4);

    const priced = await updateProduct(a, id, {
      ...productInput,
      name: "Miến dong Bằng Phúc",
      ocopGroup: "food",
      price: "95.000",
    });
    expect(priced).toEqual({ status: "approved", statusChanged: false });
    expect((await db().select().from(products).where(eq(products.id, id)))[0]?.priceVnd).toBe(95000);

    // A corrected claim keeps the earlier scan when no new one is uploaded.
    const before = await latestCertificate(id);
    const reclaimed = await addCertificateClaim(
      a,
      id,
      { ...certificateInput, stars: "5", score: "91", ocopGroup: "food" },
      null,
    );
    expect(reclaimed).toMatchObject({ status: "submitted", statusChanged: true });
    const after = await latestCertificate(id);
    expect(after?.stars).toBe(5);
    expect(after?.evidenceKey).toBe(before?.evidenceKey);
    expect(visibleStars(after, today)).toBeNull();
    const history = await db().select().from(ocopCertificates).where(eq(ocopCertificates.productId, id));
    expect(history).toHaveLength(2);
  });

  it("sends an approved listing back to review when its OCOP group changes", async () => {
    const a = await actor(managerA);
    const { id } = await createProduct(a, coopA.id, {
      ...productInput,
      name: "Hồng không hạt",
      ocopGroup: "food",
      unit: "kg",
    });
    await addCertificateClaim(a, id, { ...certificateInput, ocopGroup: "food" }, asUpload(pdf));
    await submitProduct(a, id);
    await approve(id);
    const changed = await updateProduct(a, id, {
      ...productInput,
      name: "Hồng không hạt",
      ocopGroup: "herbal",
      unit: "kg",
    });
    expect(changed).toEqual({ status: "submitted", statusChanged: true });
  });

  it("archives and restores a listing as a draft, and refuses edits while archived", async () => {
    const a = await actor(managerA);
    const { id } = await createProduct(a, coopA.id, { ...productInput, name: "Rượu ngô" });
    expect((await archiveProduct(a, id)).status).toBe("archived");
    expect(await domainError(() => updateProduct(a, id, productInput))).toMatchObject({
      kind: "conflict",
      messageKey: "manage.errors.archivedReadOnly",
    });
    expect(await domainError(() => archiveProduct(a, id))).toMatchObject({ kind: "conflict" });
    expect((await restoreProduct(a, id)).status).toBe("draft");
  });

  it("refuses bad input with field messages and writes nothing, not even files", async () => {
    const a = await actor(managerA);
    const products0 = await productCount();
    const photos0 = uploadsIn("photos");
    const validBody = "893123456789";
    const gtinError = await domainError(() =>
      createProduct(a, coopA.id, { ...productInput, gtin: `${validBody}0`, price: "12,5" }, [asUpload(jpeg)]),
    );
    expect(gtinError.fieldErrors).toEqual({
      gtin: "manage.errors.gtinCheckDigit",
      price: "manage.errors.priceWhole",
    });
    const notImage = await domainError(() =>
      createProduct(a, coopA.id, productInput, [asUpload(new TextEncoder().encode("<svg/>"), "x.png")]),
    );
    expect(notImage.fieldErrors).toEqual({ photos: "manage.errors.notAnImage" });
    const tooBig = await domainError(() =>
      createProduct(a, coopA.id, productInput, [{ filename: "big.jpg", size: 9 * 1024 * 1024, bytes: null }]),
    );
    expect(tooBig.fieldErrors).toEqual({ photos: "manage.errors.fileTooLarge" });
    expect(await productCount()).toBe(products0);
    expect(uploadsIn("photos")).toBe(photos0);

    const { id } = await createProduct(a, coopA.id, { ...productInput, name: "Mật ong bạc hà" });
    const certs0 = uploadsIn("certificates");
    const bad = await domainError(() =>
      addCertificateClaim(
        a,
        id,
        {
          ...certificateInput,
          stars: "3",
          score: "75",
          decisionNo: "QĐ-UBND",
          decisionDate: shiftDays(today, 1),
        },
        asUpload(pdf),
      ),
    );
    expect(bad.fieldErrors).toEqual({
      score: "manage.errors.scoreStars",
      decisionNo: "manage.errors.decisionNoFormat",
      decisionDate: "manage.errors.decisionDateFuture",
    });
    const noScan = await domainError(() => addCertificateClaim(a, id, certificateInput, null));
    expect(noScan.fieldErrors).toEqual({ evidence: "manage.errors.evidenceRequired" });
    expect(await latestCertificate(id)).toBeNull();
    expect(uploadsIn("certificates")).toBe(certs0);
  });

  it("gives a GTIN to one product only, with a friendly message", async () => {
    const a = await actor(managerA);
    const b = await actor(managerB);
    const gtin = `893123456780${gtinCheckDigit("893123456780")}`;
    const first = await createProduct(a, coopA.id, { ...productInput, name: "Trà Shan tuyết", gtin });
    expect((await db().select().from(products).where(eq(products.id, first.id)))[0]?.gtin).toBe(`0${gtin}`);
    const taken = await domainError(() =>
      createProduct(b, coopB.id, { ...productInput, name: "Trà khác", gtin }),
    );
    expect(taken).toMatchObject({ kind: "conflict", fieldErrors: { gtin: "manage.errors.gtinTaken" } });
  });

  it("adds and deletes photos, removing the files", async () => {
    const a = await actor(managerA);
    const { id } = await createProduct(a, coopA.id, { ...productInput, name: "Mận hậu" });
    expect(await addProductPhotos(a, id, [asUpload(jpeg), asUpload(jpeg)])).toEqual({ added: 2 });
    const rows = await db()
      .select()
      .from(productPhotos)
      .where(eq(productPhotos.productId, id))
      .orderBy(productPhotos.position);
    expect(rows.map((r) => r.position)).toEqual([0, 1]);
    const key = rows[0]?.storageKey ?? "";
    await deleteProductPhoto(a, id, rows[0]?.id ?? "");
    expect(await fileStorage().get(key)).toBeNull();
    expect(await db().select().from(productPhotos).where(eq(productPhotos.productId, id))).toHaveLength(1);
    const tooMany = await domainError(() =>
      addProductPhotos(
        a,
        id,
        Array.from({ length: 8 }, () => asUpload(jpeg)),
      ),
    );
    expect(tooMany.fieldErrors).toEqual({ photos: "manage.errors.tooManyPhotos" });
  });
});

describe("expired certificates", () => {
  it("sends approved listings with an expired certificate back to review, once, and tells the managers", async () => {
    quiet();
    const a = await actor(managerA);
    const { id: expiring } = await createProduct(a, coopA.id, { ...productInput, name: "Rượu hết hạn" });
    const { id: valid } = await createProduct(a, coopA.id, { ...productInput, name: "Rượu còn hạn" });
    for (const id of [expiring, valid]) {
      await addCertificateClaim(a, id, certificateInput, asUpload(pdf));
      await submitProduct(a, id);
      await approve(id);
    }
    // The certificate was valid when approved; 36 months later the job runs.
    const cert = await latestCertificate(expiring);
    await db()
      .update(ocopCertificates)
      .set({ decisionDate: minusMonths(today, 40), expiresOn: shiftDays(today, -1) })
      .where(eq(ocopCertificates.id, cert?.id ?? ""));
    expect(visibleStars(await latestCertificate(expiring), today)).toBeNull();

    const result = await expireCertificates(today);
    expect(result.expired).toEqual([expiring]);
    const statuses = await db().select({ id: products.id, status: products.status }).from(products);
    expect(statuses.find((p) => p.id === expiring)?.status).toBe("submitted");
    expect(statuses.find((p) => p.id === valid)?.status).toBe("approved");
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, expiring), eq(auditLog.action, "listing.certificate_expired")));
    expect(entry?.actorId).toBeNull();
    const messages = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.template, "certificateExpired"), eq(outbox.channel, "inbox")));
    expect(messages.map((m) => m.recipientUserId).sort()).toEqual([managerA.id, managerAB.id].sort());
    expect(messages[0]?.params).toEqual({ product: "Rượu hết hạn" });

    expect((await expireCertificates(today)).expired).toEqual([]);
  });
});

describe("ownership", () => {
  it("does not let a manager of one cooperative reach another's products", async () => {
    const b = await actor(managerB);
    const a = await actor(managerA);
    const { id } = await createProduct(b, coopB.id, { ...productInput, name: "Chè Vân Hồ" });
    await addCertificateClaim(b, id, certificateInput, asUpload(pdf));
    for (const run of [
      () => getManagedProduct(a, id),
      () => updateProduct(a, id, productInput),
      () => submitProduct(a, id),
      () => archiveProduct(a, id),
      () => restoreProduct(a, id),
      () => addCertificateClaim(a, id, certificateInput, asUpload(pdf)),
      () => addProductPhotos(a, id, [asUpload(jpeg)]),
      () => listCooperativeProducts(a, coopB.id),
      () => createProduct(a, coopB.id, productInput),
    ]) {
      expect((await domainError(run)).kind).toBe("not_found");
    }
    const unchanged = await db().select().from(products).where(eq(products.id, id));
    expect(unchanged[0]).toMatchObject({ status: "draft", name: "Chè Vân Hồ" });

    // Admins may act on any cooperative.
    const adm = await actor(admin);
    expect((await getManagedProduct(adm, id)).product.name).toBe("Chè Vân Hồ");
    expect((await submitProduct(adm, id)).status).toBe("submitted");
  });
});

describe("back-office routes", () => {
  it("send anonymous visitors to log in and refuse buyers", async () => {
    const anonymous = await outcome(() =>
      manageLayoutLoader({ request: request("/manage"), params: {}, context: {} }),
    );
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe(`/login?${new URLSearchParams({ redirectTo: "/manage" })}`);
    const refused = await outcome(() =>
      homeLoader({ request: request("/manage", buyer), params: {}, context: {} }),
    );
    expect(refused.status).toBe(403);
    const refusedAction = await outcome(() =>
      newProductAction({
        request: post("/manage/products/new", buyer, form(productInput)),
        params: {},
        context: {},
      }),
    );
    expect(refusedAction.status).toBe(403);
  });

  it("let a manager of several cooperatives pick one, and no one else's", async () => {
    const mine = await outcome(() =>
      manageLayoutLoader({ request: request("/manage?coop=htx-van-ho", managerAB), params: {}, context: {} }),
    );
    expect(mine.data).toMatchObject({
      current: { slug: "htx-van-ho" },
      choices: [{ slug: "htx-dong-phuc" }, { slug: "htx-van-ho" }],
    });
    const first = await outcome(() =>
      manageLayoutLoader({ request: request("/manage", managerAB), params: {}, context: {} }),
    );
    expect(first.data).toMatchObject({ current: { slug: "htx-dong-phuc" } });
    const other = await outcome(() =>
      productsLoader({
        request: request("/manage/products?coop=htx-van-ho", managerA),
        params: {},
        context: {},
      }),
    );
    expect(other.status).toBe(404);
  });

  it("create a product from the form, refusing a bad GTIN with 400 and writing nothing", async () => {
    const before = await productCount();
    const photos0 = uploadsIn("photos");
    const bad = await outcome(() =>
      newProductAction({
        request: post(
          "/manage/products/new",
          managerA,
          form({ ...productInput, gtin: "8931234567890" }, { photos: [photoFile()] }),
        ),
        params: {},
        context: {},
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({
      fieldErrors: { gtin: "manage.errors.gtinCheckDigit" },
      values: { name: "Rượu men lá", gtin: "8931234567890" },
    });
    expect(await productCount()).toBe(before);
    expect(uploadsIn("photos")).toBe(photos0);

    const fake = await outcome(() =>
      newProductAction({
        request: post(
          "/manage/products/new",
          managerA,
          form(productInput, { photos: [new File(["not an image"], "x.jpg", { type: "image/jpeg" })] }),
        ),
        params: {},
        context: {},
      }),
    );
    expect(fake.status).toBe(400);
    expect(fake.data).toMatchObject({ fieldErrors: { photos: "manage.errors.notAnImage" } });

    const huge = await outcome(() =>
      newProductAction({
        request: post(
          "/manage/products/new",
          managerA,
          form(productInput, {
            photos: [new File([jpeg, new Uint8Array(9 * 1024 * 1024)], "big.jpg", { type: "image/jpeg" })],
          }),
        ),
        params: {},
        context: {},
      }),
    );
    expect(huge.status).toBe(400);
    expect(huge.data).toMatchObject({ fieldErrors: { photos: "manage.errors.fileTooLarge" } });
    expect(await productCount()).toBe(before);

    const ok = await outcome(() =>
      newProductAction({
        request: post(
          "/manage/products/new?coop=htx-dong-phuc",
          managerA,
          form({ ...productInput, name: "Rượu men lá Bằng Phúc" }, { photos: [photoFile()] }),
        ),
        params: {},
        context: {},
      }),
    );
    expect(ok.status).toBe(302);
    const [created] = await db().select().from(products).orderBy(desc(products.createdAt)).limit(1);
    expect(created?.name).toBe("Rượu men lá Bằng Phúc");
    expect(ok.location).toBe(`/manage/products/${created?.id}?coop=htx-dong-phuc`);
    expect(uploadsIn("photos")).toBe(photos0 + 2);
  });

  it("run the product page: 404 for another cooperative's product, certificate, submit, archive", async () => {
    const a = await actor(managerA);
    const b = await actor(managerB);
    const { id: theirs } = await createProduct(b, coopB.id, { ...productInput, name: "Mận Vân Hồ" });
    await addCertificateClaim(b, theirs, certificateInput, asUpload(pdf));
    const params = { productId: theirs };
    const url = `/manage/products/${theirs}`;
    expect(
      (await outcome(() => productLoader({ request: request(url, managerA), params, context: {} }))).status,
    ).toBe(404);
    for (const intent of ["save", "submit", "restore", "deletePhoto"]) {
      const result = await outcome(() =>
        productAction({
          request: post(url, managerA, form({ ...productInput, intent })),
          params,
          context: {},
        }),
      );
      expect(result.status).toBe(404);
    }
    expect(
      (
        await outcome(() =>
          archiveAction({ request: post(`${url}/archive`, managerA, form({})), params, context: {} }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await outcome(() =>
          certificateAction({
            request: post(`${url}/certificate`, managerA, form(certificateInput, { evidence: [pdfFile()] })),
            params,
            context: {},
          }),
        )
      ).status,
    ).toBe(404);
    expect((await db().select().from(products).where(eq(products.id, theirs)))[0]?.status).toBe("draft");
    expect(
      await db().select().from(ocopCertificates).where(eq(ocopCertificates.productId, theirs)),
    ).toHaveLength(1);

    const { id } = await createProduct(a, coopA.id, { ...productInput, name: "Rượu trang sản phẩm" });
    const mine = { productId: id };
    const page = `/manage/products/${id}`;
    const future = await outcome(() =>
      certificateAction({
        request: post(
          `${page}/certificate`,
          managerA,
          form({ ...certificateInput, decisionDate: shiftDays(today, 3) }, { evidence: [pdfFile()] }),
        ),
        params: mine,
        context: {},
      }),
    );
    expect(future.status).toBe(400);
    expect(future.data).toMatchObject({ fieldErrors: { decisionDate: "manage.errors.decisionDateFuture" } });
    expect(await latestCertificate(id)).toBeNull();

    const saved = await outcome(() =>
      certificateAction({
        request: post(
          `${page}/certificate?coop=htx-dong-phuc`,
          managerA,
          form(certificateInput, { evidence: [pdfFile()] }),
        ),
        params: mine,
        context: {},
      }),
    );
    expect(saved).toMatchObject({ status: 302, location: `${page}?coop=htx-dong-phuc` });
    const submitted = await outcome(() =>
      productAction({ request: post(page, managerA, form({ intent: "submit" })), params: mine, context: {} }),
    );
    expect(submitted).toMatchObject({ status: 302, location: page });
    const view = (await productLoader({
      request: request(page, managerA),
      params: mine,
      context: {},
    })) as Awaited<ReturnType<typeof productLoader>>;
    expect(view.product.status).toBe("submitted");
    expect(view.certificate).toMatchObject({
      stars: 4,
      decisionNo: "1234/QĐ-UBND",
      approvedAt: null,
      shownStars: null,
    });

    await approve(id);
    const repriced = await outcome(() =>
      productAction({
        request: post(
          page,
          managerA,
          form({ ...productInput, name: "Rượu trang sản phẩm", price: "165.000", intent: "save" }),
        ),
        params: mine,
        context: {},
      }),
    );
    expect(repriced.status).toBe(302);
    expect((await db().select().from(products).where(eq(products.id, id)))[0]).toMatchObject({
      status: "approved",
      priceVnd: 165000,
    });

    const negative = await outcome(() =>
      productAction({
        request: post(page, managerA, form({ ...productInput, price: "-1", intent: "save" })),
        params: mine,
        context: {},
      }),
    );
    expect(negative.status).toBe(400);
    expect(negative.data).toMatchObject({
      fieldErrors: { price: "manage.errors.priceNegative" },
      values: { intent: "save" },
    });

    const archived = await outcome(() =>
      archiveAction({
        request: post(`${page}/archive?coop=htx-dong-phuc`, managerA, form({})),
        params: mine,
        context: {},
      }),
    );
    expect(archived).toMatchObject({ status: 302, location: "/manage/products?coop=htx-dong-phuc" });
    expect((await db().select().from(products).where(eq(products.id, id)))[0]?.status).toBe("archived");
  });

  it("serve certificate scans only to their cooperative's managers, covering reviewers and admins", async () => {
    const a = await actor(managerA);
    const { id } = await createProduct(a, coopA.id, { ...productInput, name: "Rượu có giấy" }, [
      asUpload(jpeg),
    ]);
    await addCertificateClaim(a, id, certificateInput, asUpload(pdf));
    const key = (await latestCertificate(id))?.evidenceKey ?? "";
    const file = (who?: Who) =>
      filesLoader({
        request: request(`/files/${key}`, who),
        params: { "*": key },
        context: {},
      }) as Promise<Response>;
    for (const who of [managerA, reviewerThaiNguyen, admin]) {
      const response = await file(who);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("application/pdf");
      expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    }
    for (const who of [managerB, reviewerSonLa, buyer, undefined]) expect((await file(who)).status).toBe(404);

    const [photo] = await db().select().from(productPhotos).where(eq(productPhotos.productId, id));
    const publicPhoto = (await filesLoader({
      request: request(`/files/${photo?.storageKey}`),
      params: { "*": photo?.storageKey ?? "" },
      context: {},
    })) as Response;
    expect(publicPhoto.status).toBe(200);
    expect(publicPhoto.headers.get("Content-Type")).toBe("image/webp");
    expect(publicPhoto.headers.get("Cache-Control")).toContain("immutable");
    const traversal = (await filesLoader({
      request: request("/files/photos/../../session-secret"),
      params: { "*": "photos/../../session-secret" },
      context: {},
    })) as Response;
    expect(traversal.status).toBe(404);
  });

  it("show the manager's to-dos and inbox, and mark a message read", async () => {
    quiet();
    const a = await actor(managerA);
    const [reviewer] = await db()
      .select({ id: users.id })
      .from(users)
      .where(eq(users.id, reviewerThaiNguyen.id));
    const { id: fix } = await createProduct(a, coopA.id, { ...productInput, name: "Rượu cần sửa" });
    await addCertificateClaim(a, fix, certificateInput, asUpload(pdf));
    await submitProduct(a, fix);
    await db().update(products).set({ status: "changes_requested" }).where(eq(products.id, fix));
    const { listingReviews } = await import("../../db/schema");
    await db()
      .insert(listingReviews)
      .values({
        productId: fix,
        reviewerId: reviewer?.id ?? "",
        decision: "changes_requested",
        reason: "Ảnh nhãn bị mờ",
      });
    const { id: soon } = await createProduct(a, coopA.id, { ...productInput, name: "Rượu sắp hết hạn" });
    await addCertificateClaim(
      a,
      soon,
      { ...certificateInput, decisionDate: shiftDays(minusMonths(today, 36), 20) },
      asUpload(pdf),
    );
    await db()
      .insert(outbox)
      .values({
        channel: "inbox",
        recipientUserId: managerA.id,
        template: "listingChangesRequested",
        params: { product: "Rượu cần sửa", reason: "Ảnh nhãn bị mờ" },
      });

    const home = (await homeLoader({
      request: request("/manage", managerA),
      params: {},
      context: {},
    })) as Awaited<ReturnType<typeof homeLoader>>;
    expect(home.dashboard?.needsChanges).toContainEqual({
      id: fix,
      name: "Rượu cần sửa",
      status: "changes_requested",
      reason: "Ảnh nhãn bị mờ",
    });
    expect(home.dashboard?.certificates.find((c) => c.id === soon)).toMatchObject({ state: "expiring" });
    expect(home.dashboard?.drafts.find((d) => d.id === soon)).toEqual({
      id: soon,
      name: "Rượu sắp hết hạn",
      hasCertificate: true,
    });
    expect(home.dashboard?.counts.changes_requested).toBe(1);
    expect(home.messages[0]?.text).toBe(
      "Sản phẩm “Rượu cần sửa” cần sửa trước khi được duyệt. Lý do: Ảnh nhãn bị mờ",
    );

    const inbox = (await inboxLoader({
      request: request("/manage/inbox", managerA),
      params: {},
      context: {},
    })) as Awaited<ReturnType<typeof inboxLoader>>;
    const message = inbox.messages[0];
    expect(message?.unread).toBe(true);
    const foreign = await outcome(() =>
      inboxAction({
        request: post("/manage/inbox", managerB, form({ messageId: message?.id ?? "" })),
        params: {},
        context: {},
      }),
    );
    expect(foreign.status).toBe(404);
    const read = await outcome(() =>
      inboxAction({
        request: post("/manage/inbox", managerA, form({ messageId: message?.id ?? "" })),
        params: {},
        context: {},
      }),
    );
    expect(read).toMatchObject({ status: 302, location: "/manage/inbox" });
    const [row] = await db()
      .select()
      .from(outbox)
      .where(eq(outbox.id, message?.id ?? ""));
    expect(row?.readAt).not.toBeNull();
  });
});

describe("cooperative profile", () => {
  it("saves the profile with a normalised bank account and keeps a pre-reform commune", async () => {
    const { regionPicker, updateCooperativeProfile, getCooperativeProfile } = await import(
      "~/domain/cooperatives/profile.server"
    );
    const legacyManager = await makeUser("Quản lý Bằng Phúc", [
      { role: "manager", cooperativeId: coopLegacy.id },
    ]);
    const m = await actor(legacyManager);
    const picker = await regionPicker({ provinceId: null, currentRegionId: coopLegacy.regionId });
    expect(picker.provinceId).toBe(await regionId("current", "19"));
    expect(picker.communes.map((c) => [c.name, c.legacy])).toEqual([
      ["Bằng Phúc", true],
      ["Chợ Đồn", false],
      ["Đồng Phúc", false],
    ]);

    await updateCooperativeProfile(m, coopLegacy.id, {
      name: "HTX Nông nghiệp Bằng Phúc",
      taxCode: "4700123456001",
      regionId: coopLegacy.regionId,
      street: "Thôn Nà Pài",
      phone: "+84 209 3888 123",
      story: "Rượu men lá nấu theo cách của người Tày.",
      bankBin: "970405",
      bankAccountNo: "8888 1234 5678",
      bankAccountName: "Hợp tác xã Bằng Phúc",
    });
    expect(await getCooperativeProfile(m, coopLegacy.id)).toMatchObject({
      name: "HTX Nông nghiệp Bằng Phúc",
      taxCode: "4700123456-001",
      regionId: coopLegacy.regionId,
      phone: "02093888123",
      bankBin: "970405",
      bankAccountNo: "888812345678",
      bankAccountName: "HOP TAC XA BANG PHUC",
    });

    // Another legacy unit cannot be chosen; current communes can.
    const [otherLegacy] = await db()
      .select({ id: regions.id })
      .from(regions)
      .where(and(eq(regions.scheme, "legacy"), eq(regions.level, "district")));
    const wrongRegion = await domainError(() =>
      updateCooperativeProfile(m, coopLegacy.id, {
        name: "HTX",
        regionId: otherLegacy?.id ?? "",
        phone: "0912345678",
      }),
    );
    expect(wrongRegion.fieldErrors).toEqual({ regionId: "manage.errors.communeRequired" });
    const a = await actor(managerA);
    const taken = await domainError(() =>
      updateCooperativeProfile(a, coopA.id, {
        name: "HTX Đồng Phúc",
        taxCode: "4700123456-001",
        regionId: coopA.regionId,
        phone: "0912345678",
      }),
    );
    expect(taken).toMatchObject({ kind: "conflict", fieldErrors: { taxCode: "manage.errors.taxCodeTaken" } });
    expect((await domainError(() => getCooperativeProfile(a, coopLegacy.id))).kind).toBe("not_found");
  });
});
