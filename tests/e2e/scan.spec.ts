import { expect, test } from "./fixtures";

// The rice wine of the demo data: a GTIN, a lot made from another lot, a lab test, 4 OCOP stars.
const WINE = "/01/08938512300016/10/RML-2026-10";

test.describe("a shopper scans a label with JavaScript turned off", () => {
  test.use({ javaScriptEnabled: false });

  test("sees the product, its stars, the diary and that the records are intact", async ({ page }) => {
    const response = await page.goto(WINE);
    expect(response?.status()).toBe(200);
    await expect(page.locator("html")).toHaveAttribute("lang", "vi");
    await expect(page.getByRole("heading", { level: 1, name: "Rượu men lá Bằng Phúc" })).toBeVisible();
    await expect(page.getByText("4 sao OCOP")).toBeVisible();
    await expect(page.getByText(/Quyết định số .* ngày/)).toBeVisible();
    await expect(page.getByRole("heading", { name: "Hồ sơ nguyên vẹn" })).toBeVisible();
    await expect(page.getByText(/tỉnh Bắc Kạn \(nay là xã Đồng Phúc, tỉnh Thái Nguyên\)/)).toBeVisible();

    const diary = page.getByRole("region", { name: "Nhật ký sản xuất" });
    const entries = diary.locator("ol > li");
    await expect(entries).toHaveCount(5);
    await expect(entries.filter({ hasText: "Kiểm nghiệm" })).toContainText("Kết luận: đạt");

    // One step back: the leaf-yeast lot it was made from, on its own page.
    await page
      .getByRole("link", { name: /Bánh men lá Thanh Tâm, lô BML-2026-08/ })
      .first()
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Bánh men lá Thanh Tâm" })).toBeVisible();
    await expect(page).toHaveURL(/\/t\/[0-9a-z]{10}$/);
  });

  test("gets a page with no script at all, light enough for 3G", async ({ request }) => {
    const response = await request.get(WINE, { headers: { "Accept-Encoding": "gzip" } });
    const html = await response.text();
    expect(html).not.toMatch(/<script/i);
    expect(response.headers()["content-security-policy"]).toContain("script-src 'none'");
    expect(response.headers()["content-encoding"]).toBe("gzip");
    expect(response.headers().etag).toMatch(/^W\//);
  });

  test("switches to English with the plain form", async ({ page }) => {
    await page.goto(WINE);
    await page.getByRole("button", { name: "Chuyển sang tiếng Anh" }).click();
    await expect(page).toHaveURL(new RegExp(`${WINE}$`));
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { name: "Records intact" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Production diary" })).toBeVisible();
    await expect(page.getByText("4-star OCOP")).toBeVisible();
    await page.getByRole("button", { name: "Switch to Vietnamese" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  });
});

test("the same URL answers a machine with the GS1 linkset and the EPCIS document", async ({ request }) => {
  const linkset = await request.get(WINE, { headers: { Accept: "application/linkset+json" } });
  expect(linkset.headers()["content-type"]).toBe("application/linkset+json");
  const body = (await linkset.json()) as { linkset: Record<string, { href: string }[]>[] };
  expect(body.linkset[0]?.["https://gs1.org/voc/traceability"]?.[0]?.href).toMatch(/\?format=epcis$/);

  const redirect = await request.get(`${WINE}?linkType=gs1:pip`, { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expect(redirect.headers().location).toMatch(/\/san-pham\/ruou-men-la-bang-phuc$/);

  const epcis = await request.get(`${WINE}?format=epcis`);
  expect(epcis.headers()["content-type"]).toBe("application/ld+json");
  expect(((await epcis.json()) as { type: string }).type).toBe("EPCISDocument");

  const resolver = await request.get("/.well-known/gs1resolver");
  expect(((await resolver.json()) as { supportedPrimaryKeys: string[] }).supportedPrimaryKeys).toEqual([
    "01",
  ]);
});

test.describe("a label that does not lead anywhere", () => {
  test.use({ expectedConsoleErrors: [/status of 40[04]/] });
  test("explains a wrong check digit, and a lot that does not exist", async ({ page }) => {
    const bad = await page.goto("/01/08938512300017/10/RML-2026-10");
    expect(bad?.status()).toBe(400);
    await expect(page.getByText("chữ số cuối phải là 6, không phải 7")).toBeVisible();
    const missing = await page.goto("/01/08938512300016/10/RML-1999-01");
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Không tìm thấy lô hàng" })).toBeVisible();
  });
});
