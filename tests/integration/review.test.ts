import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DomainError } from "../../app/domain/errors";
import { decideListing, getReviewCase, listReviewQueue } from "../../app/domain/listings/review.server";
import { listInbox } from "../../app/domain/messaging/outbox.server";
import { renderMessage } from "../../app/domain/messaging/render";
import { getAreaFigures } from "../../app/domain/reports/area-figures.server";
import { loader as queueLoader } from "../../app/routes/review._index";
import { action as caseAction, loader as caseLoader } from "../../app/routes/review.$productId";
import { loader as csvLoader } from "../../app/routes/review.figures[.csv]";
import { db } from "../../db/client.server";
import { auditLog, listingReviews, ocopCertificates, outbox, products } from "../../db/schema";
import {
  cookieFor,
  createCooperative,
  createProduct,
  createUser,
  seedRegionTree,
  thrownBy,
} from "./review-fixtures";

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

let tree: Awaited<ReturnType<typeof seedRegionTree>>;
beforeAll(async () => {
  tree = await seedRegionTree();
});
afterEach(() => {
  vi.restoreAllMocks();
});
// The outbox logs every message in development; keep the test output readable.
const quiet = () => vi.spyOn(console, "info").mockImplementation(() => {});

async function caughtDomainError(run: () => Promise<unknown>): Promise<DomainError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

async function writesFor(productId: string) {
  const [reviews, messages, audits] = await Promise.all([
    db().select().from(listingReviews).where(eq(listingReviews.productId, productId)),
    db()
      .select()
      .from(outbox)
      .where(sql`${outbox.params}->>'product' = (select name from products where id = ${productId})`),
    db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "product"), eq(auditLog.entityId, productId))),
  ]);
  return { reviews, messages, audits };
}

describe("review queue and scope", () => {
  it("shows only the listings inside the reviewer's district, oldest submission first, with counts", async () => {
    const namCuong = await createCooperative("HTX Nam Cường", tree.namCuong.id);
    const bangPhuc = await createCooperative("HTX Bằng Phúc", tree.bangPhuc.id);
    const baBe = await createCooperative("HTX Ba Bể", tree.thuongGiao.id);
    const vanHo = await createCooperative("HTX Vân Hồ", tree.vanHo.id);
    const newer = await createProduct(namCuong.id, "Miến dong Nam Cường", { submittedAt: daysAgo(3) });
    const older = await createProduct(bangPhuc.id, "Rượu men lá Bằng Phúc", { submittedAt: daysAgo(5) });
    await createProduct(baBe.id, "Hồng không hạt Ba Bể", { submittedAt: daysAgo(10) });
    await createProduct(vanHo.id, "Chè Vân Hồ", { submittedAt: daysAgo(20) });
    await createProduct(namCuong.id, "Mật ong Nam Cường", { status: "approved", submittedAt: daysAgo(30) });
    const reviewer = await createUser("Cán bộ Chợ Đồn", [{ role: "reviewer", regionId: tree.choDon.id }]);

    const queue = await listReviewQueue(reviewer);
    expect(queue.items.map((i) => i.productId)).toEqual([older.product.id, newer.product.id]);
    expect(queue.counts).toEqual({ submitted: 2, changes_requested: 0, approved: 1, rejected: 0 });
    const first = queue.items[0];
    expect(first?.cooperativeName).toBe("HTX Bằng Phúc");
    expect(first?.claimedStars).toBe(4);
    expect(first?.place).toEqual({
      commune: "Bằng Phúc",
      district: "Chợ Đồn",
      province: "Bắc Kạn",
      legacy: true,
      currentCommune: "Đồng Phúc",
      currentProvince: "Thái Nguyên",
    });
    const approved = await listReviewQueue(reviewer, { status: "approved" });
    expect(approved.items.map((i) => i.productName)).toEqual(["Mật ong Nam Cường"]);

    // A user with two areas sees both.
    const wide = await createUser("Cán bộ hai huyện", [
      { role: "reviewer", regionId: tree.choDon.id },
      { role: "reviewer", regionId: tree.baBe.id },
    ]);
    expect((await listReviewQueue(wide)).items.map((i) => i.productName)).toEqual([
      "Hồng không hạt Ba Bể",
      "Rượu men lá Bằng Phúc",
      "Miến dong Nam Cường",
    ]);
  });

  it("refuses a listing outside the area (403) and an unknown one (404)", async () => {
    const coop = await createCooperative("HTX Sơn La", tree.vanHo.id);
    const { product } = await createProduct(coop.id, "Mận hậu Vân Hồ");
    const reviewer = await createUser("Cán bộ Chợ Đồn 2", [{ role: "reviewer", regionId: tree.choDon.id }]);
    const outside = await caughtDomainError(() => getReviewCase(reviewer, product.id));
    expect(outside.kind).toBe("forbidden");
    expect(outside.messageKey).toBe("review.errors.outOfScope");
    expect((await caughtDomainError(() => getReviewCase(reviewer, crypto.randomUUID()))).kind).toBe(
      "not_found",
    );
    expect((await caughtDomainError(() => getReviewCase(reviewer, "not-an-id"))).kind).toBe("not_found");
    const decide = await caughtDomainError(() =>
      decideListing(reviewer, { productId: product.id, decision: "approved" }),
    );
    expect(decide.messageKey).toBe("review.errors.outOfScope");
    const [row] = await db().select().from(products).where(eq(products.id, product.id));
    expect(row?.status).toBe("submitted");
  });

  it("keeps a reviewer away from the listings of a cooperative they manage", async () => {
    const own = await createCooperative("HTX của cán bộ", tree.namCuong.id);
    const { product } = await createProduct(own.id, "Miến dong nhà làm");
    const reviewer = await createUser("Cán bộ kiêm quản lý", [
      { role: "reviewer", regionId: tree.choDon.id },
      { role: "manager", cooperativeId: own.id },
    ]);
    const queue = await listReviewQueue(reviewer);
    expect(queue.items.map((i) => i.productId)).not.toContain(product.id);
    const seen = await caughtDomainError(() => getReviewCase(reviewer, product.id));
    expect([seen.kind, seen.messageKey]).toEqual(["forbidden", "review.errors.ownCooperative"]);
    const decided = await caughtDomainError(() =>
      decideListing(reviewer, { productId: product.id, decision: "approved" }),
    );
    expect(decided.messageKey).toBe("review.errors.ownCooperative");
    expect((await writesFor(product.id)).reviews).toHaveLength(0);
  });

  it("lets a reviewer of a current province cover a cooperative filed under a former commune", async () => {
    const legacy = await createCooperative("HTX đăng ký theo xã cũ", tree.bangPhuc.id);
    const current = await createCooperative("HTX Đồng Phúc", tree.dongPhuc.id);
    const unrelated = await createCooperative("HTX Nam Cường cũ", tree.namCuong.id);
    const a = await createProduct(legacy.id, "Rượu men lá xã cũ", { submittedAt: daysAgo(2) });
    const b = await createProduct(current.id, "Miến dong Đồng Phúc", { submittedAt: daysAgo(1) });
    const c = await createProduct(unrelated.id, "Sản phẩm ngoài tỉnh mới");
    const reviewer = await createUser("Cán bộ Thái Nguyên", [
      { role: "reviewer", regionId: tree.thaiNguyen.id },
    ]);
    const ids = (await listReviewQueue(reviewer)).items.map((i) => i.productId);
    expect(ids).toContain(a.product.id);
    expect(ids).toContain(b.product.id);
    expect(ids).not.toContain(c.product.id);
    const found = await getReviewCase(reviewer, a.product.id);
    expect(found.cooperative.place.currentProvince).toBe("Thái Nguyên");
  });
});

describe("decisions", () => {
  it("approves: listing public, certificate approved, review, audit entry and one message per manager", async () => {
    const info = quiet();
    const coop = await createCooperative("HTX Duyệt", tree.namCuong.id);
    const managers = [
      await createUser("Quản lý 1", [{ role: "manager", cooperativeId: coop.id }]),
      await createUser("Quản lý 2", [{ role: "manager", cooperativeId: coop.id }]),
    ];
    const { product, certificate } = await createProduct(coop.id, "Hồng Chợ Đồn duyệt", {
      submittedAt: daysAgo(2),
    });
    const reviewer = await createUser("Cán bộ duyệt", [{ role: "reviewer", regionId: tree.choDon.id }]);

    const result = await decideListing(reviewer, {
      productId: product.id,
      decision: "approved",
      expectedStatus: "submitted",
      expectedSubmittedAt: product.submittedAt?.toISOString(),
    });
    expect(result.status).toBe("approved");
    const [after] = await db().select().from(products).where(eq(products.id, product.id));
    expect(after?.status).toBe("approved");
    expect(after?.publishedAt).toBeInstanceOf(Date);
    const [cert] = await db().select().from(ocopCertificates).where(eq(ocopCertificates.id, certificate.id));
    expect(cert?.approvedAt).toBeInstanceOf(Date);
    const writes = await writesFor(product.id);
    expect(writes.reviews).toMatchObject([
      { decision: "approved", reviewerId: reviewer.id, certificateId: certificate.id, reason: null },
    ]);
    expect(writes.audits).toMatchObject([
      { actorId: reviewer.id, action: "listing.approved", data: { from: "submitted", to: "approved" } },
    ]);
    for (const m of managers) {
      const inbox = await listInbox(m.id);
      expect(inbox.map((x) => x.template)).toEqual(["listingApproved"]);
    }
    expect(writes.messages).toHaveLength(2);
    expect(info).toHaveBeenCalled();

    const reviewCase = await getReviewCase(reviewer, product.id);
    expect(reviewCase.decisions).toMatchObject([{ decision: "approved", reviewerName: "Cán bộ duyệt" }]);
    expect(reviewCase.decidable).toBe(false);
  });

  it("refuses to reject without a reason, writing nothing", async () => {
    quiet();
    const coop = await createCooperative("HTX Thiếu lý do", tree.namCuong.id);
    await createUser("Quản lý thiếu lý do", [{ role: "manager", cooperativeId: coop.id }]);
    const { product } = await createProduct(coop.id, "Sản phẩm thiếu lý do");
    const reviewer = await createUser("Cán bộ vội", [{ role: "reviewer", regionId: tree.choDon.id }]);
    for (const reason of [undefined, "   ", "ab"]) {
      const error = await caughtDomainError(() =>
        decideListing(reviewer, { productId: product.id, decision: "rejected", reason }),
      );
      expect(error.kind).toBe("invalid");
      expect(error.fieldErrors.reason).toBe(
        reason === "ab" ? "review.errors.reasonTooShort" : "review.errors.reasonRequired",
      );
    }
    const changes = await caughtDomainError(() =>
      decideListing(reviewer, { productId: product.id, decision: "changes_requested", reason: "" }),
    );
    expect(changes.fieldErrors.reason).toBe("review.errors.reasonRequired");
    const writes = await writesFor(product.id);
    expect(writes).toEqual({ reviews: [], messages: [], audits: [] });
    const [row] = await db().select().from(products).where(eq(products.id, product.id));
    expect(row?.status).toBe("submitted");
  });

  it("rejects with a reason, which reaches the manager's inbox", async () => {
    quiet();
    const coop = await createCooperative("HTX Bị từ chối", tree.namCuong.id);
    const manager = await createUser("Quản lý nhận tin", [{ role: "manager", cooperativeId: coop.id }]);
    const { product } = await createProduct(coop.id, "Rượu men lá thử");
    const reviewer = await createUser("Cán bộ kỹ", [{ role: "reviewer", regionId: tree.choDon.id }]);
    const reason = "  Số quyết định trên giấy không khớp với hồ sơ tỉnh.  ";
    await decideListing(reviewer, { productId: product.id, decision: "rejected", reason });
    const [message] = await listInbox(manager.id);
    expect(message?.template).toBe("listingRejected");
    expect(message?.params.reason).toBe("Số quyết định trên giấy không khớp với hồ sơ tỉnh.");
    expect(renderMessage("vi", message?.template ?? "", message?.params ?? {})).toContain(
      "Lý do: Số quyết định trên giấy không khớp với hồ sơ tỉnh.",
    );
    const [row] = await db().select().from(products).where(eq(products.id, product.id));
    expect(row?.status).toBe("rejected");
    expect(row?.publishedAt).toBeNull();
  });

  it("lets exactly one of two simultaneous decisions stand; the other is told who decided", async () => {
    quiet();
    const coop = await createCooperative("HTX Tranh chấp", tree.bangPhuc.id);
    await createUser("Quản lý tranh chấp", [{ role: "manager", cooperativeId: coop.id }]);
    const { product } = await createProduct(coop.id, "Miến dong tranh chấp");
    const first = await createUser("Cán bộ Một", [{ role: "reviewer", regionId: tree.choDon.id }]);
    const second = await createUser("Cán bộ Hai", [{ role: "reviewer", regionId: tree.bacKan.id }]);

    const results = await Promise.allSettled([
      decideListing(first, { productId: product.id, decision: "approved" }),
      decideListing(second, {
        productId: product.id,
        decision: "rejected",
        reason: "Ảnh giấy chứng nhận bị mờ",
      }),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    const error = rejected[0]?.reason as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.kind).toBe("conflict");
    expect(error.messageKey).toBe("review.errors.alreadyDecided");
    const winner = results[0]?.status === "fulfilled" ? "Cán bộ Một" : "Cán bộ Hai";
    expect(error.params.by).toBe(winner);
    expect(Number.isNaN(Date.parse(String(error.params.at)))).toBe(false);
    const writes = await writesFor(product.id);
    expect(writes.reviews).toHaveLength(1);
    expect(writes.audits).toHaveLength(1);
    expect(writes.messages).toHaveLength(1);
  });

  it("refuses a decision on a claim sent again since the page was opened, and approval of an expired certificate", async () => {
    quiet();
    const coop = await createCooperative("HTX Gửi lại", tree.namCuong.id);
    const { product } = await createProduct(coop.id, "Sản phẩm gửi lại", { submittedAt: daysAgo(1) });
    const reviewer = await createUser("Cán bộ cẩn thận", [{ role: "reviewer", regionId: tree.choDon.id }]);
    const stale = await caughtDomainError(() =>
      decideListing(reviewer, {
        productId: product.id,
        decision: "approved",
        expectedSubmittedAt: daysAgo(3).toISOString(),
      }),
    );
    expect([stale.kind, stale.messageKey]).toEqual(["conflict", "review.errors.changedSinceOpened"]);

    const expired = await createProduct(coop.id, "Sản phẩm hết hạn", {
      decisionDate: "2021-01-01",
      expiresOn: "2024-01-01",
    });
    const error = await caughtDomainError(() =>
      decideListing(reviewer, { productId: expired.product.id, decision: "approved" }),
    );
    expect([error.kind, error.fieldErrors.decision]).toEqual(["invalid", "review.errors.certificateExpired"]);
    await decideListing(reviewer, {
      productId: expired.product.id,
      decision: "changes_requested",
      reason: "Giấy chứng nhận đã hết hạn, hãy tải giấy mới.",
    });
    expect((await writesFor(expired.product.id)).reviews).toHaveLength(1);
    const again = await caughtDomainError(() =>
      decideListing(reviewer, {
        productId: expired.product.id,
        decision: "rejected",
        reason: "Thử lại lần nữa",
      }),
    );
    expect([again.kind, again.params.by]).toEqual(["conflict", "Cán bộ cẩn thận"]);
  });
});

describe("figures", () => {
  it("counts the area's listings, stars, groups, turnaround and expiring certificates", async () => {
    quiet();
    // A district of its own, so earlier tests' rows stay out of these numbers.
    const { upsertRegions } = await import("../../app/domain/regions/regions.server");
    await upsertRegions([
      { code: "07", name: "Lâm Đồng", level: "province", scheme: "legacy", parentCode: null },
      { code: "677", name: "Đam Rông", level: "district", scheme: "legacy", parentCode: "07" },
      { code: "24850", name: "Rô Men", level: "commune", scheme: "legacy", parentCode: "677" },
    ]);
    const { regionByCode } = await import("./review-fixtures");
    const roMen = await regionByCode("legacy", "24850");
    const district = await regionByCode("legacy", "677");
    const coop = await createCooperative("HTX Rô Men", roMen.id);
    await createCooperative("HTX chưa bán", roMen.id);
    const reviewer = await createUser("Cán bộ Đam Rông", [{ role: "reviewer", regionId: district.id }]);
    const coffee = await createProduct(coop.id, "Cà phê Rô Men", {
      submittedAt: daysAgo(2),
      stars: 4,
      ocopGroup: "beverages",
    });
    const durian = await createProduct(coop.id, 'Sầu riêng, "Đam Rông"', {
      submittedAt: daysAgo(4),
      stars: 3,
    });
    await createProduct(coop.id, "Bơ sáp", { submittedAt: daysAgo(1) });
    const soon = new Date(Date.now() + 20 * DAY).toISOString().slice(0, 10);
    const expiring = await createProduct(coop.id, "Mật ong sắp hết hạn", {
      expiresOn: soon,
      submittedAt: daysAgo(1),
    });
    await decideListing(reviewer, { productId: coffee.product.id, decision: "approved" });
    await decideListing(reviewer, { productId: durian.product.id, decision: "approved" });
    await decideListing(reviewer, {
      productId: expiring.product.id,
      decision: "changes_requested",
      reason: "Giấy sắp hết hạn, hãy bổ sung giấy mới.",
    });

    const figures = await getAreaFigures(reviewer);
    expect(figures.byStatus).toMatchObject({ approved: 2, submitted: 1, changes_requested: 1, rejected: 0 });
    expect(figures.byStars).toEqual({ 3: 1, 4: 1, 5: 0 });
    expect(figures.byGroup).toMatchObject({ beverages: 1, food: 1, herbal: 0 });
    expect(figures.byPlace).toEqual([{ regionId: roMen.id, name: "Rô Men", district: "Đam Rông", n: 2 }]);
    expect(figures.decisions).toBe(3);
    // Decisions made now on submissions 1, 2 and 4 days old: the median is about 2 days.
    expect(figures.medianDecisionHours).toBeGreaterThan(47.5);
    expect(figures.medianDecisionHours).toBeLessThan(48.5);
    expect(figures.expiring.map((e) => e.productName)).toEqual(["Mật ong sắp hết hạn"]);
    expect(figures.summary).toMatchObject({ cooperatives: 2, sellingCooperatives: 1, approvedListings: 2 });

    const response = await csvLoader({
      request: new Request("http://localhost/review/figures.csv", {
        headers: { Cookie: await cookieFor(reviewer.id), "Accept-Language": "vi" },
      }),
      params: {},
      context: {},
    });
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="so-lieu-dia-ban-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await response.clone().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = await response.text();
    expect(text).toContain("Mục,Hạng mục,Giá trị\r\n");
    expect(text).toContain("Sản phẩm theo trạng thái,Đã duyệt,2\r\n");
    expect(text).toContain("Sản phẩm OCOP đang bán theo hạng sao,3 sao,1\r\n");
    expect(text).toContain("Sản phẩm đang bán theo xã/phường,Rô Men (Đam Rông),2\r\n");
    expect(text).toContain("Trung vị thời gian duyệt (giờ),48");
    expect(text).toContain(
      'Giấy chứng nhận hết hạn trong 60 ngày tới,"Mật ong sắp hết hạn (HTX Rô Men), số ',
    );
    expect(text).toContain(`,${soon}\r\n`);
  });
});

describe("review routes", () => {
  const request = (path: string, init: RequestInit = {}) => new Request(`http://localhost${path}`, init);

  it("sends anonymous visitors to the login page and refuses buyers with 403", async () => {
    const anonymous = await thrownBy(() =>
      queueLoader({ request: request("/review?status=approved"), params: {}, context: {} }),
    );
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe(
      `/login?${new URLSearchParams({ redirectTo: "/review?status=approved" })}`,
    );
    const buyer = await createUser("Người mua", [{ role: "buyer" }]);
    const buyerCookie = await cookieFor(buyer.id);
    const refused = await thrownBy(() =>
      queueLoader({
        request: request("/review", { headers: { Cookie: buyerCookie } }),
        params: {},
        context: {},
      }),
    );
    expect(refused.status).toBe(403);
    const csv = await thrownBy(() =>
      csvLoader({
        request: request("/review/figures.csv", { headers: { Cookie: buyerCookie } }),
        params: {},
        context: {},
      }),
    );
    expect(csv.status).toBe(403);
  });

  it("runs the review page: 403 outside the area, 400 without a reason, a redirect with a flash, 409 for the late reviewer", async () => {
    quiet();
    const coop = await createCooperative("HTX Trang duyệt", tree.namCuong.id);
    const { product } = await createProduct(coop.id, "Miến dong trang duyệt");
    const reviewer = await createUser("Cán bộ trang", [{ role: "reviewer", regionId: tree.choDon.id }]);
    const late = await createUser("Cán bộ đến muộn", [{ role: "reviewer", regionId: tree.choDon.id }]);
    const outsider = await createUser("Cán bộ Sơn La", [{ role: "reviewer", regionId: tree.sonLa.id }]);
    const params = { productId: product.id };
    const path = `/review/${product.id}`;

    const outsiderCookie = await cookieFor(outsider.id);
    const forbiddenPage = await thrownBy(() =>
      caseLoader({ request: request(path, { headers: { Cookie: outsiderCookie } }), params, context: {} }),
    );
    expect(forbiddenPage).toMatchObject({ status: 403, data: { messageKey: "review.errors.outOfScope" } });

    const cookie = await cookieFor(reviewer.id);
    const page = await caseLoader({
      request: request(path, { headers: { Cookie: cookie } }),
      params,
      context: {},
    });
    expect(page.product.name).toBe("Miến dong trang duyệt");
    expect(page.certificate?.evidence?.kind).toBe("image");
    expect(page.certificate?.evidence?.url).toMatch(/^\/files\/certificates\/[0-9a-f]{8}\.jpg$/);
    expect(page.decidable).toBe(true);

    const post = (who: string, fields: Record<string, string>) =>
      caseAction({
        request: request(path, {
          method: "POST",
          headers: { Cookie: who },
          body: new URLSearchParams(fields),
        }),
        params,
        context: {},
      });
    const noReason = (await post(cookie, { decision: "rejected", reason: "" })) as unknown as {
      init: { status: number };
      data: { fieldErrors: Record<string, string>; values: Record<string, string> };
    };
    expect(noReason.init.status).toBe(400);
    expect(noReason.data.fieldErrors.reason).toBe("review.errors.reasonRequired");
    expect(noReason.data.values.decision).toBe("rejected");

    const lateCookie = await cookieFor(late.id);
    const done = await thrownBy(() => post(cookie, { decision: "approved", expectedStatus: "submitted" }));
    expect(done).toMatchObject({ status: 302, location: "/review" });

    const conflict = (await post(lateCookie, {
      decision: "changes_requested",
      reason: "Cần thêm ảnh nhãn sản phẩm",
      expectedStatus: "submitted",
    })) as unknown as {
      init: { status: number };
      data: { formError: string; formErrorParams: Record<string, string> };
    };
    expect(conflict.init.status).toBe(409);
    expect(conflict.data.formError).toBe("review.errors.alreadyDecided");
    expect(conflict.data.formErrorParams.by).toBe("Cán bộ trang");
    expect(conflict.data.formErrorParams.at).toMatch(/^\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}$/);
  });
});
