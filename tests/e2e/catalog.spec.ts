import type { Page } from "@playwright/test";
import sharp from "sharp";
import { expect, logIn, test } from "./fixtures";

async function logOut(page: Page) {
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập" })).toBeVisible();
}

/** The product names in the result grid, in order. */
async function resultNames(page: Page): Promise<string[]> {
  return page.locator(".product-grid .product-card-name").allInnerTexts();
}

test.describe("a shopper", () => {
  test("finds leaf-yeast rice wine with or without diacritics and opens its page", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Tên sản phẩm hoặc hợp tác xã").fill("ruou men la");
    await page.getByRole("button", { name: "Tìm", exact: true }).click();
    await expect(page).toHaveURL(/\/san-pham\?q=ruou\+men\+la/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kết quả cho “ruou men la”");
    await expect(page.getByRole("link", { name: "Rượu men lá Bằng Phúc" })).toBeVisible();
    const plain = await resultNames(page);
    expect(plain.length).toBeGreaterThan(0);
    // Names that hold the words come first (other hits, e.g. by the cooperative's name, may follow).
    expect(plain[0]?.toLowerCase()).toContain("rượu men lá");
    expect(plain).toContain("Trải nghiệm làm rượu men lá");

    await page.getByLabel("Tìm sản phẩm").fill("rượu men lá");
    await page.getByRole("button", { name: "Tìm", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kết quả cho “rượu men lá”");
    expect(await resultNames(page)).toEqual(plain);

    await page.getByRole("link", { name: "Rượu men lá Bằng Phúc" }).click();
    await expect(page).toHaveURL(/\/san-pham\/ruou-men-la-bang-phuc$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rượu men lá Bằng Phúc");
    await expect(page.locator(".product-buy .price")).toContainText("120.000 ₫");
    await expect(page.locator(".product-buy").getByText("OCOP 4 sao")).toBeVisible();
    await expect(page.getByText("1532/QĐ-UBND")).toBeVisible();
    const coop = page.locator(".product-buy").getByRole("link", { name: "HTX rượu men lá Thanh Tâm" });
    await expect(coop).toHaveAttribute("href", "/htx/htx-ruou-men-la-thanh-tam");
    const trace = page.getByRole("link", { name: "Xem nguồn gốc lô RML-2026-10" });
    await expect(trace).toHaveAttribute("href", /\/01\/08938512300016\/10\/RML-2026-10$/);
    // The add-to-cart form is ready for the cart: quantity bounded by the stock.
    const quantity = page.getByLabel("Số lượng (chai)");
    await expect(quantity).toHaveAttribute("inputmode", "numeric");
    await expect(quantity).toHaveAttribute("min", "1");
    await expect(page.getByRole("button", { name: "Thêm vào giỏ hàng" })).toBeVisible();

    await coop.click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("HTX rượu men lá Thanh Tâm");
    await expect(page.getByText(/trước đây: Bằng Phúc, Chợ Đồn, Bắc Kạn/)).toBeVisible();
    await expect(page.getByRole("link", { name: "Rượu men lá Bằng Phúc" })).toBeVisible();
  });

  test("narrows the list with the filter sheet, without losing the search", async ({ page }) => {
    await page.goto("/san-pham?q=mat+ong");
    await page.getByText("Lọc và sắp xếp").click();
    await page.getByLabel("Sắp xếp").selectOption({ label: "Giá từ cao đến thấp" });
    await page.getByLabel("Chỉ sản phẩm còn hàng").check();
    await page.getByRole("button", { name: "Xem kết quả" }).click();
    await expect(page).toHaveURL(/q=mat\+ong/);
    await expect(page).toHaveURL(/stock=1/);
    await expect(page).toHaveURL(/sort=price_desc/);
    await expect(page.getByText("Lọc và sắp xếp (1 đang dùng)")).toBeVisible();
    await expect(page.getByLabel("Tìm sản phẩm")).toHaveValue("mat ong");
  });

  test("gets suggestions when nothing matches", async ({ page }) => {
    await page.goto("/san-pham?q=xyzzyqwv");
    await expect(page.getByRole("heading", { name: "Không tìm thấy sản phẩm phù hợp" })).toBeVisible();
    await expect(page.getByText("Không có sản phẩm nào khớp với “xyzzyqwv”.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Đồ uống" })).toBeVisible();
  });

  test("anonymous pages are cacheable, a signed-in one is not", async ({ page }) => {
    const anonymous = await page.request.get("/san-pham/ruou-men-la-bang-phuc");
    expect(anonymous.headers()["cache-control"]).toBe("public, max-age=60, stale-while-revalidate=600");
    expect(anonymous.headers().vary).toContain("Cookie");
    expect(anonymous.headers().vary).toContain("Accept-Language");
    const list = await page.request.get("/san-pham?q=ruou+men+la");
    expect(list.headers()["cache-control"]).toMatch(/^public/);
    const html = await anonymous.text();
    expect(html).toContain('<script type="application/ld+json"');
    expect(html).toContain('<meta property="og:type" content="product"/>');
    expect(html).toMatch(
      /<link rel="canonical" href="http:\/\/localhost:\d+\/san-pham\/ruou-men-la-bang-phuc"\/>/,
    );

    await logIn(page, "nguoimua@ocop.test");
    await expect(page).toHaveURL(/\/account/);
    const signedIn = await page.request.get("/san-pham/ruou-men-la-bang-phuc");
    expect(signedIn.headers()["cache-control"]).toBe("private, no-store");
  });
});

// The manager's claim, the reviewers' queues, the public catalog: one story, step by step.
test.describe
  .serial("the listing review workflow", () => {
    const suffix = Date.now().toString(36).slice(-5);
    const approvedName = `Rượu nếp cẩm Nà Pài ${suffix}`;
    const rejectedName = `Bánh khảo men lá ${suffix}`;
    const reason = "Số quyết định không khớp với bản chụp giấy chứng nhận.";

    async function createAndSubmit(page: Page, name: string, decisionNo: string) {
      await page.goto("/manage/products/new");
      await page.getByLabel("Tên sản phẩm", { exact: true }).fill(name);
      await page
        .getByLabel("Mô tả", { exact: true })
        .fill("Rượu nấu từ gạo nếp cẩm nương, ủ men lá rừng 30 ngày.");
      await page.getByLabel("Nhóm sản phẩm OCOP").selectOption({ label: "Đồ uống" });
      await page.getByLabel("Đơn vị bán").selectOption("chai");
      await page.getByLabel("Giá bán (đồng)").fill("95.000");
      await page.getByRole("button", { name: "Lưu bản nháp" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);

      await page.getByRole("link", { name: "Khai báo giấy chứng nhận" }).click();
      await page.getByLabel("Số sao").selectOption("4");
      await page.getByLabel("Điểm đánh giá").fill("75");
      await page.getByLabel("Số quyết định").fill(decisionNo);
      await page.getByLabel("Ngày quyết định").fill("2025-06-12");
      await page.getByLabel("Cơ quan cấp").fill("UBND tỉnh Thái Nguyên");
      const scan = await sharp({
        create: { width: 64, height: 48, channels: 3, background: { r: 240, g: 236, b: 220 } },
      })
        .png()
        .toBuffer();
      await page
        .getByLabel("Ảnh chụp hoặc bản PDF của quyết định")
        .setInputFiles({ name: "quyet-dinh.png", mimeType: "image/png", buffer: scan });
      await page.getByRole("button", { name: "Lưu giấy chứng nhận" }).click();
      await expect(page.getByText("Đã lưu giấy chứng nhận.")).toBeVisible();

      await page.getByRole("button", { name: "Gửi duyệt" }).click();
      await expect(page.getByText("Đã gửi duyệt.")).toBeVisible();
      await expect(page.getByText("Sản phẩm đang chờ cán bộ thẩm định duyệt.")).toBeVisible();
    }

    test("the manager lists two products with a 4-star certificate and sends them for review", async ({
      page,
    }) => {
      test.setTimeout(60_000);
      await logIn(page, "htx.thanhtam@ocop.test");
      await expect(page).toHaveURL(/\/manage/);
      await createAndSubmit(page, approvedName, "2101/QĐ-UBND");
      await createAndSubmit(page, rejectedName, "2102/QĐ-UBND");
      await logOut(page);
      // Not public while it waits.
      await page.goto(`/san-pham?q=${encodeURIComponent(approvedName)}`);
      await expect(page.getByRole("link", { name: approvedName })).toHaveCount(0);
    });

    test("the reviewer of another region never sees them", async ({ page }) => {
      await logIn(page, "canbo.sonla@ocop.test");
      await expect(page).toHaveURL(/\/review/);
      await page.goto("/review?status=submitted");
      // Their own area's listings are there: the queue works, it just does not reach Chợ Đồn.
      await expect(page.getByRole("link", { name: "Mận sấy dẻo Vân Hồ" })).toBeVisible();
      await expect(page.getByText(approvedName)).toHaveCount(0);
      await expect(page.getByText(rejectedName)).toHaveCount(0);
      await logOut(page);
    });

    test("the reviewer for the former Chợ Đồn district approves one and rejects the other", async ({
      page,
    }) => {
      await logIn(page, "canbo.chodon@ocop.test");
      await expect(page).toHaveURL(/\/review/);
      await page.goto("/review?status=submitted");

      await page.getByRole("link", { name: approvedName }).click();
      await expect(page.getByText("2101/QĐ-UBND").first()).toBeVisible();
      await page.getByLabel("Duyệt: thông tin khớp với giấy chứng nhận").check();
      await page.getByRole("button", { name: "Gửi quyết định" }).click();
      await expect(page.getByText("Đã duyệt sản phẩm.")).toBeVisible();

      await page.goto("/review?status=submitted");
      await page.getByRole("link", { name: rejectedName }).click();
      await page.getByLabel("Không duyệt").check();
      await page.getByLabel("Lý do").fill(reason);
      await page.getByRole("button", { name: "Gửi quyết định" }).click();
      await expect(page.getByText("Đã ghi quyết định không duyệt")).toBeVisible();
      await logOut(page);
    });

    test("the approved product is in the catalog with its stars; the rejected one is not", async ({
      page,
    }) => {
      await page.goto("/");
      await page.getByLabel("Tên sản phẩm hoặc hợp tác xã").fill(`ruou nep cam na pai ${suffix}`);
      await page.getByRole("button", { name: "Tìm", exact: true }).click();
      await page.getByRole("link", { name: approvedName }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(approvedName);
      await expect(page.locator(".product-buy").getByText("OCOP 4 sao")).toBeVisible();
      await expect(page.getByText("2101/QĐ-UBND")).toBeVisible();
      await expect(page.getByText("UBND tỉnh Thái Nguyên")).toBeVisible();
      await expect(page.locator(".product-buy .price")).toContainText("95.000 ₫");

      await page.goto(`/san-pham?q=${encodeURIComponent(rejectedName)}`);
      await expect(page.getByRole("link", { name: rejectedName })).toHaveCount(0);
    });

    test("the other region's reviewer does not see the approved one either", async ({ page }) => {
      await logIn(page, "canbo.sonla@ocop.test");
      await expect(page).toHaveURL(/\/review/);
      for (const status of ["approved", "rejected"]) {
        await page.goto(`/review?status=${status}`);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expect(page.getByText(approvedName)).toHaveCount(0);
        await expect(page.getByText(rejectedName)).toHaveCount(0);
      }
      await logOut(page);
    });

    test("the manager sees why the second product was rejected", async ({ page }) => {
      await logIn(page, "htx.thanhtam@ocop.test");
      await expect(page).toHaveURL(/\/manage/);
      await page.goto("/manage");
      await expect(page.getByText(rejectedName).first()).toBeVisible();
      await expect(page.getByText(reason).first()).toBeVisible();
      await page.goto("/manage/inbox");
      await expect(
        page.getByText(`Sản phẩm “${rejectedName}” không được duyệt. Lý do: ${reason}`),
      ).toBeVisible();
    });
  });
