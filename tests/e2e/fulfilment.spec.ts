import { expect, logIn, test } from "./fixtures";

// Managers use cheap phones on weak signals: the whole fulfilment path must work without JavaScript.
test.use({
  javaScriptEnabled: false,
  // The refused shipping form answers 400 on purpose; the browser logs that response as an error.
  expectedConsoleErrors: [/status of 400/],
});

test("a cooperative packs, ships and delivers a cash-on-delivery order, without JavaScript", async ({
  page,
}) => {
  // A guest orders a bottle of rượu men lá, cash on delivery.
  await page.goto("/san-pham/ruou-men-la-bang-phuc");
  await page.getByRole("button", { name: "Thêm vào giỏ hàng" }).click();
  await page.goto("/thanh-toan");
  await page.getByLabel("Họ và tên").fill("Nguyễn Thị Lan");
  await page.getByLabel("Số điện thoại di động").fill("0912 345 678");
  await page.getByLabel("Tỉnh/thành phố").selectOption({ label: "Thái Nguyên" });
  await page.getByRole("button", { name: "Xem xã/phường" }).click();
  await page.getByLabel("Xã/phường").selectOption({ index: 1 });
  await page.getByLabel("Số nhà, đường, thôn/xóm").fill("Số 12, thôn Nà Pài");
  await page.getByLabel("Trả tiền mặt khi nhận hàng").check();
  await page.getByRole("button", { name: "Đặt hàng" }).click();
  await expect(page).toHaveURL(/\/don-hang\/DH\d{6}[A-Z0-9]{6}/);
  const code = /\/don-hang\/(DH\d{6}[A-Z0-9]{6})/.exec(page.url())?.[1] ?? "";

  // The cooperative's manager finds it among the orders to pack.
  await page.context().clearCookies();
  await logIn(page, "htx.thanhtam@ocop.test");
  await page
    .getByRole("navigation", { name: "Mục quản lý" })
    .getByRole("link", { name: /^Đơn hàng/ })
    .click();
  await expect(page.getByRole("link", { name: "Cần đóng gói" })).toHaveAttribute("aria-current", "page");
  await page.getByRole("link", { name: code }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Đơn ${code}` })).toBeVisible();
  await expect(page.getByRole("link", { name: /Nguồn gốc lô/ })).toBeVisible();

  await page.getByRole("button", { name: "Đã đóng gói" }).click();
  await expect(page.getByRole("status")).toContainText("hàng đã đóng gói");

  // Shipping without a tracking number is refused beside the field; what was typed stays.
  await page.getByLabel("Đơn vị vận chuyển").fill("Viettel Post");
  await page.getByRole("button", { name: "Gửi hàng" }).click();
  await expect(page.getByRole("alert")).toContainText("Nhập mã vận đơn.");
  await expect(page.getByLabel("Đơn vị vận chuyển")).toHaveValue("Viettel Post");
  await page.getByLabel("Mã vận đơn").fill("VTP123456789");
  await page.getByRole("button", { name: "Gửi hàng" }).click();
  await expect(page.getByText("VTP123456789").first()).toBeVisible();

  await page.getByRole("button", { name: "Đã giao" }).click();
  await expect(page.getByText("Hoàn tất").first()).toBeVisible();
  await expect(page.getByText("Đã thanh toán", { exact: true })).toBeVisible();
  await expect(page.getByText("Phần hàng này không còn việc gì cần làm.")).toBeVisible();
});
