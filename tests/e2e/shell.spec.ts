import { expect, test } from "./fixtures";

test("the home page is in Vietnamese first, and the language switch changes it", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("hợp tác xã");
  await page.getByRole("button", { name: "Chuyển sang tiếng Anh" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("cooperatives");
  // The choice is kept in a cookie.
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: "Switch to Vietnamese" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
});

test.describe("a first visit from an English browser", () => {
  test.use({ locale: "en-GB" });
  test("is answered in English", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });
});

test.describe("an unknown address", () => {
  test.use({ expectedConsoleErrors: [/status of 404/] });
  test("shows the friendly 404 page in the chosen language", async ({ page }) => {
    const response = await page.goto("/khong-co-trang-nay");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Không tìm thấy trang" })).toBeVisible();
    await page.getByRole("button", { name: "Chuyển sang tiếng Anh" }).click();
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });
});

test("health check reports the database", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", db: "ok" });
});

test("responses carry the security headers and are compressed", async ({ request }) => {
  const response = await request.get("/", { headers: { "Accept-Encoding": "gzip" } });
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["content-encoding"]).toBe("gzip");
});

test("a form posted from another site is refused", async ({ request }) => {
  const response = await request.post("/language", {
    form: { lang: "en" },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
});
