import type { BrowserContext, Page } from "@playwright/test";
import jsQR from "jsqr";
import sharp from "sharp";
import { decodeVietQr, verifyCrc } from "~/domain/payments/vietqr";
import { seedCooperatives } from "~db/seed/data/cooperatives";
import { test as base, DEMO_PASSWORD, expect, logIn } from "./fixtures";

// A buyer finds, buys and follows an order by each payment method; the cooperatives fulfil it.
// Card payments go to the fake Stripe that playwright.config.ts starts beside the app: its
// payment page sends the signed webhook, then the buyer back to the order.

const ORDER_URL = /\/don-hang\/(DH\d{6}[A-Z0-9]{6})\?k=/;

/**
 * Pages of other people (a cooperative's manager) in browser contexts of their own, with the
 * project's phone settings; like the main page, they must log no console errors.
 */
const test = base.extend<{ otherPerson: () => Promise<Page> }>({
  otherPerson: async (
    {
      browser,
      baseURL,
      viewport,
      locale,
      timezoneId,
      userAgent,
      isMobile,
      hasTouch,
      deviceScaleFactor,
      javaScriptEnabled,
    },
    use,
  ) => {
    const problems: string[] = [];
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext({
        baseURL,
        viewport,
        locale,
        timezoneId,
        userAgent,
        isMobile,
        hasTouch,
        deviceScaleFactor,
        javaScriptEnabled,
      });
      contexts.push(context);
      const page = await context.newPage();
      page.on("console", (msg) => {
        if (msg.type() === "error") problems.push(`console.error: ${msg.text()}`);
      });
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      return page;
    });
    await Promise.all(contexts.map((c) => c.close()));
    expect(problems, problems.join("\n")).toEqual([]);
  },
});

/** Adds the product open on the page to the cart (one unit), and waits for the cart to say so. */
async function addToCart(page: Page, { button = "Thêm vào giỏ hàng", added = "Đã thêm vào giỏ hàng." } = {}) {
  await page.getByRole("button", { name: button }).click();
  await expect(page.getByText(added)).toBeVisible();
}

/** The order's status as the buyer's order page states it. */
const orderStatus = (page: Page) => page.locator(".order-status-label");

interface CheckoutLabels {
  name: string;
  phone: string;
  province: string;
  showCommunes: string;
  commune: string;
  street: string;
  submit: string;
}

const VI: CheckoutLabels = {
  name: "Họ và tên",
  phone: "Số điện thoại di động",
  province: "Tỉnh/thành phố",
  showCommunes: "Xem xã/phường",
  commune: "Xã/phường",
  street: "Số nhà, đường, thôn/xóm",
  submit: "Đặt hàng",
};

/**
 * Fills the checkout form as a buyer on a phone: the province, then "show communes" (the step
 * without JavaScript; with it, choosing the province has already listed them), the street, the
 * payment method, and places the order.
 */
async function placeOrder(
  page: Page,
  {
    method,
    labels = VI,
    province = "Thái Nguyên",
  }: { method: string; labels?: CheckoutLabels; province?: string },
) {
  await page.getByLabel(labels.name).fill("Trần Văn Minh");
  await page.getByLabel(labels.phone).fill("0987 654 321");
  await page.getByLabel(labels.province).selectOption({ label: province });
  await page.getByRole("button", { name: labels.showCommunes }).click();
  const commune = page.getByLabel(labels.commune, { exact: true });
  await expect(commune).toBeEnabled();
  await commune.selectOption({ index: 1 });
  await page.getByLabel(labels.street).fill("Số 5, tổ 3");
  await page.getByLabel(method).check();
  await page.getByRole("button", { name: labels.submit, exact: true }).click();
}

/** The order code and the guest link (with its key) of the order page the buyer is on. */
async function guestOrder(page: Page) {
  await expect(page).toHaveURL(ORDER_URL);
  const code = ORDER_URL.exec(page.url())?.[1] ?? "";
  const link = await page
    .getByRole("textbox", { name: /^(Đường dẫn xem đơn|Link to your order)$/ })
    .inputValue();
  expect(link).toMatch(new RegExp(`/don-hang/${code}\\?k=`));
  return { code, link: new URL(link).pathname + new URL(link).search };
}

/** A cooperative's manager, logged in through the form in a browser context of their own. */
async function manager(otherPerson: () => Promise<Page>, email: string) {
  const page = await otherPerson();
  await logIn(page, email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/manage/);
  return page;
}

/** The site's language switch (a signed-in person's choice is kept on their account). */
async function switchLanguage(page: Page, to: "vi" | "en") {
  await page
    .getByRole("button", { name: to === "en" ? "Chuyển sang tiếng Anh" : "Switch to Vietnamese" })
    .click();
  await expect(page.locator("html")).toHaveAttribute("lang", to);
}

/** A cooperative's manager packs their parcel of the order and sends it. */
async function packAndShip(seller: Page, code: string, parcel: { carrier: string; trackingNo: string }) {
  await seller.goto("/manage/orders");
  await expect(seller.getByRole("link", { name: "Cần đóng gói" })).toHaveAttribute("aria-current", "page");
  await seller.getByRole("link", { name: code }).click();
  await expect(seller.getByRole("heading", { level: 1, name: `Đơn ${code}` })).toBeVisible();
  await seller.getByRole("button", { name: "Đã đóng gói" }).click();
  await expect(seller.getByRole("status")).toContainText("Đã ghi nhận: hàng đã đóng gói.");
  await seller.getByLabel("Đơn vị vận chuyển").fill(parcel.carrier);
  await seller.getByLabel("Mã vận đơn").fill(parcel.trackingNo);
  await seller.getByRole("button", { name: "Gửi hàng" }).click();
  await expect(seller.getByRole("status")).toContainText("Đã ghi nhận gửi hàng.");
  await expect(seller.getByText(parcel.trackingNo).first()).toBeVisible();
}

/** The parcel of one cooperative on the buyer's order page. */
const parcelOf = (page: Page, cooperative: string) =>
  page.getByRole("region", { name: `Kiện của ${cooperative}` });

test("a guest finds rượu men lá, buys from two cooperatives by card, and follows the parcels to a lot's trace page", async ({
  page,
  otherPerson,
}) => {
  // Search without diacritics, open the rice wine, add it.
  await page.goto("/san-pham");
  await page.getByLabel("Tìm sản phẩm").fill("ruou men la");
  await page.getByRole("button", { name: "Tìm", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kết quả cho “ruou men la”");
  await page.getByRole("link", { name: "Rượu men lá Bằng Phúc" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rượu men lá Bằng Phúc");
  await addToCart(page);

  // Then tea from another cooperative.
  await page.goto("/san-pham");
  await page.getByLabel("Tìm sản phẩm").fill("che shan tuyet");
  await page.getByRole("button", { name: "Tìm", exact: true }).click();
  await page.getByRole("link", { name: "Chè Shan tuyết Vân Hồ" }).click();
  await addToCart(page);

  // The cart: one group per cooperative, two parcels.
  await page
    .getByRole("link", { name: /^Giỏ hàng/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 2, name: "HTX rượu men lá Thanh Tâm" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "HTX Chè Vân Hồ" })).toBeVisible();
  await expect(page.getByText("Giao thành 2 kiện: mỗi HTX gửi một kiện.")).toBeVisible();
  await expect(page.locator(".cart-total")).toContainText("300.000 ₫");
  await page.getByRole("link", { name: "Đặt hàng" }).click();

  // Checkout, card: off to the (fake) Stripe page, which shows the order's total.
  await expect(page.getByText("1 đơn, giao thành 2 kiện — mỗi HTX một kiện.")).toBeVisible();
  await placeOrder(page, { method: "Thẻ Visa, Mastercard (qua Stripe)" });
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/c\/pay\/cs_test_/);
  await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
  await expect(page.getByText("300.000 VND")).toBeVisible();
  // Turning back leads to the order (still unpaid), as Stripe's own page does.
  await expect(page.getByRole("link", { name: "Cancel" })).toHaveAttribute("href", ORDER_URL);
  await page.getByRole("button", { name: "Pay" }).click();

  // Back on the order: paid (the webhook did it before the buyer returned).
  const { code, link } = await guestOrder(page);
  await expect(page).toHaveURL(/paid=1/);
  await expect(orderStatus(page)).toHaveText("Đã xác nhận");
  await expect(page.getByText(/^Đã thanh toán 300\.000 ₫ lúc/)).toBeVisible();
  await expect(parcelOf(page, "HTX rượu men lá Thanh Tâm").getByText("Chờ đóng gói")).toBeVisible();

  // Each cooperative packs and ships its own parcel.
  const thanhTam = await manager(otherPerson, "htx.thanhtam@ocop.test");
  await packAndShip(thanhTam, code, { carrier: "Viettel Post", trackingNo: "VTP900100200" });
  const vanHo = await manager(otherPerson, "htx.vanho@ocop.test");
  await packAndShip(vanHo, code, { carrier: "VNPost", trackingNo: "EB123456789VN" });

  // The buyer's link shows both parcels on their way, with their tracking numbers.
  await page.goto(link);
  const wine = parcelOf(page, "HTX rượu men lá Thanh Tâm");
  const tea = parcelOf(page, "HTX Chè Vân Hồ");
  await expect(wine.getByText("Đang giao", { exact: true })).toBeVisible();
  await expect(wine.getByText("Vận chuyển: Viettel Post, mã vận đơn VTP900100200")).toBeVisible();
  await expect(tea.getByText("Đang giao", { exact: true })).toBeVisible();
  await expect(tea.getByText("Vận chuyển: VNPost, mã vận đơn EB123456789VN")).toBeVisible();
  await expect(
    page.getByText("HTX Chè Vân Hồ đã gửi hàng qua VNPost, mã vận đơn EB123456789VN"),
  ).toBeVisible();

  // Each item leads to the lot it was taken from.
  const trace = tea.getByRole("link", { name: "Xem nguồn gốc lô CVH-2026-09" });
  const lotPage = await trace.getAttribute("href");
  expect(lotPage).toBeTruthy();
  await trace.click();
  await expect(page).toHaveURL(new URL(lotPage ?? "", page.url()).href);
  await expect(page).toHaveTitle(/^Chè Shan tuyết Vân Hồ, lô CVH-2026-09/);
  await expect(page.getByRole("heading", { level: 1, name: "Chè Shan tuyết Vân Hồ" })).toBeVisible();
  await expect(page.getByText("Lô CVH-2026-09 · HTX Chè Vân Hồ")).toBeVisible();
});

test("a VietQR order shows a QR for exactly this order, and the seller's confirmation marks it paid", async ({
  page,
  otherPerson,
}) => {
  const vanHo = seedCooperatives.find((c) => c.slug === "htx-che-van-ho");
  if (!vanHo) throw new Error("the demo data has no HTX Chè Vân Hồ");
  await page.goto("/san-pham/che-shan-tuyet-van-ho");
  await addToCart(page);
  await page.goto("/thanh-toan");
  await placeOrder(page, { method: "Chuyển khoản ngân hàng bằng mã VietQR", province: "Sơn La" });
  const { code, link } = await guestOrder(page);
  await expect(orderStatus(page)).toHaveText("Chờ thanh toán");
  await expect(page.getByRole("heading", { name: "Chuyển khoản bằng VietQR" })).toBeVisible();

  // The QR, read from the screen as a banking app would read it.
  const qr = page.getByRole("img", { name: `Mã VietQR chuyển 180.000 ₫ cho đơn ${code}` });
  await expect(qr).toBeVisible();
  const { data, info } = await sharp(await qr.screenshot())
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const read = jsQR(new Uint8ClampedArray(data), info.width, info.height);
  expect(read, "the QR on the order page could not be read").not.toBeNull();
  const payload = read?.data ?? "";
  expect(verifyCrc(payload)).toBe(true);
  expect(decodeVietQr(payload)).toEqual({
    bankBin: vanHo.bankBin,
    accountNo: vanHo.bankAccountNo,
    amountVnd: 180000,
    note: code,
  });
  // The same details typed out, for a buyer who cannot scan.
  await expect(page.getByRole("textbox", { name: "Số tài khoản" })).toHaveValue(vanHo.bankAccountNo);
  await expect(page.getByRole("textbox", { name: "Số tiền (đồng)" })).toHaveValue("180000");
  await expect(page.getByRole("textbox", { name: "Nội dung chuyển khoản" })).toHaveValue(code);

  // The seller sees the money arrive and confirms it.
  const seller = await manager(otherPerson, "htx.vanho@ocop.test");
  await seller.goto("/manage/orders");
  await seller.getByRole("link", { name: "Chờ thanh toán" }).click();
  await seller.getByRole("link", { name: code }).click();
  await expect(seller.getByRole("heading", { name: "Xác nhận đã nhận tiền" })).toBeVisible();
  await expect(seller.getByLabel("Số tiền đã nhận (đồng)")).toHaveValue("180.000");
  await seller.getByRole("button", { name: "Xác nhận đã nhận tiền" }).click();
  await expect(seller.getByRole("status")).toContainText("Đã xác nhận nhận tiền.");

  // The buyer's page: paid, and no QR any more.
  await page.goto(link);
  await expect(orderStatus(page)).toHaveText("Đã xác nhận");
  await expect(page.getByText(/^Đã thanh toán 180\.000 ₫ lúc/)).toBeVisible();
  await expect(qr).toHaveCount(0);
});

test.describe("without JavaScript, in English", () => {
  test.use({ javaScriptEnabled: false });

  test("a cash-on-delivery order is packed, shipped and delivered, and the buyer sees it completed and paid", async ({
    page,
    otherPerson,
  }) => {
    await page.goto("/san-pham/ruou-men-la-bang-phuc");
    await switchLanguage(page, "en");
    await addToCart(page, { button: "Add to cart", added: "Added to your cart." });
    await page.goto("/thanh-toan");
    await placeOrder(page, {
      method: "Cash on delivery",
      labels: {
        name: "Full name",
        phone: "Mobile number",
        province: "Province or city",
        showCommunes: "Show communes",
        commune: "Commune or ward",
        street: "House number, street, hamlet",
        submit: "Place order",
      },
    });
    const { code, link } = await guestOrder(page);
    await expect(orderStatus(page)).toHaveText("Confirmed");
    await expect(page.getByText(/You pay .*120,000.* in cash to the courier on delivery\./)).toBeVisible();

    const seller = await manager(otherPerson, "htx.thanhtam@ocop.test");
    await switchLanguage(seller, "en");
    try {
      await seller.goto("/manage/orders");
      await seller.getByRole("link", { name: code }).click();
      await expect(seller.getByRole("heading", { level: 1, name: `Order ${code}` })).toBeVisible();
      await seller.getByRole("button", { name: "Packed" }).click();
      await expect(seller.getByRole("status")).toContainText("Noted: the goods are packed.");
      await seller.getByLabel("Carrier").fill("Giao Hàng Nhanh");
      await seller.getByLabel("Tracking number").fill("GHN-55501");
      await seller.getByRole("button", { name: "Send" }).click();
      await expect(seller.getByRole("status")).toContainText("Noted as sent.");
      await seller.getByRole("button", { name: "Delivered" }).click();
      await expect(seller.getByText("Nothing left to do for this part of the order.")).toBeVisible();
    } finally {
      // The account keeps the language: give it back in Vietnamese, as the other tests expect.
      if (!seller.isClosed()) await switchLanguage(seller, "vi");
    }

    await page.goto(link);
    await expect(orderStatus(page)).toHaveText("Completed");
    await expect(page.getByText(/^Paid .*120,000.* on /)).toBeVisible();
    await expect(page.getByText("Delivered", { exact: true })).toBeVisible();
    await expect(page.getByText("Order completed")).toBeVisible();
  });
});
