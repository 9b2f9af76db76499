import { sheetGeometry } from "~/domain/labels/label-sheet.server";
import { decodeLabelSheetPage, readAsPrinted } from "../support/qr-from-pdf";
import { expect, logIn, test } from "./fixtures";

const todayInVietnam = () =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date());

test("a manager opens a batch, keeps its diary, releases it and prints QR labels that open its scan page", async ({
  page,
  baseURL,
}) => {
  await logIn(page, "htx.thanhtam@ocop.test");
  await expect(page).toHaveURL(/\/manage/);

  await page
    .getByRole("navigation", { name: /quản lý|back office/i })
    .getByRole("link", { name: "Lô hàng" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Lô hàng" })).toBeVisible();
  await page.getByRole("link", { name: "Mở lô mới" }).click();
  await page.getByRole("link", { name: "Miến dong Chợ Đồn" }).click();

  const lot = page.getByLabel("Mã lô");
  await expect(lot).toHaveValue(/^MDC-\d{4}-\d{2}$/);
  const lotCode = await lot.inputValue();
  await page.getByLabel("Số lượng (gói)").fill("200");
  await page.getByRole("button", { name: "Mở lô" }).click();

  await expect(page.getByRole("heading", { level: 1, name: `Lô ${lotCode}` })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Đã mở lô hàng");
  // Food needs a lab test before sale: the gate says so before anything is tried.
  await expect(page.getByText(/Chưa có kết quả kiểm nghiệm/)).toBeVisible();

  // Harvest.
  await page.getByRole("link", { name: "Ghi nhật ký" }).first().click();
  await page.getByRole("link", { name: /Thu hoạch/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Thu hoạch/ })).toBeVisible();
  await page.getByLabel("Số lượng", { exact: true }).fill("200");
  await expect(page.getByLabel("Đơn vị", { exact: true })).toHaveValue("gói");
  await page.getByRole("button", { name: "Lưu vào nhật ký" }).click();
  await expect(page.getByRole("status")).toContainText("Đã ghi vào nhật ký");
  await expect(page.getByRole("heading", { level: 3, name: /Thu hoạch/ })).toBeVisible();

  // Lab test, passed.
  await page.getByRole("link", { name: "Ghi nhật ký" }).first().click();
  await page.getByRole("link", { name: /Kiểm nghiệm/ }).click();
  await page.getByLabel("Phòng kiểm nghiệm").fill("Trung tâm Kỹ thuật TĐC Thái Nguyên");
  await page.getByLabel("Số phiếu kết quả").fill("KN-2611/0999");
  await page.getByLabel("Ngày kiểm nghiệm").fill(todayInVietnam());
  await page.getByLabel("Tên chỉ tiêu").first().fill("Chì (Pb)");
  await page.getByLabel("Kết quả", { exact: true }).first().fill("0,02");
  await page.getByLabel("Đánh giá").first().selectOption("pass");
  await page.getByRole("radio", { name: "Đạt", exact: true }).check();
  await page.getByRole("button", { name: "Lưu vào nhật ký" }).click();
  await expect(page.getByRole("status")).toContainText("Đã ghi vào nhật ký");

  // The chain is intact and the gates pass: release.
  await expect(page.getByText("Hồ sơ nguyên vẹn")).toBeVisible();
  await expect(page.getByText(/có thể mở bán lô này/)).toBeVisible();
  await page.getByRole("button", { name: "Mở bán lô này" }).click();
  await expect(page.getByRole("status")).toContainText("Lô hàng đã được mở bán");
  await expect(page.getByText("Đang bán", { exact: true })).toBeVisible();

  // Labels: the QR is shown, and the PDF comes back as a PDF.
  await page.getByRole("link", { name: "In tem QR" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: `In tem QR lô ${lotCode}` })).toBeVisible();
  const qr = page.getByRole("img", { name: `Mã QR của lô ${lotCode}` });
  await expect(qr).toBeVisible();
  await expect
    .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
  // Miến dong has no GTIN: its labels carry the batch's short, random trace address.
  const link = (await page.getByText("Mã QR dẫn tới").locator("code").textContent()) ?? "";
  expect(link).toMatch(new RegExp(`^${baseURL}/t/[0-9a-z]{10}$`));
  await page.getByLabel(/^Nhỏ: 65 tem/).check();
  await page.getByLabel("Số tem").fill("10");
  const [pdf] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/labels.pdf")),
    page.getByRole("button", { name: "Tạo tệp PDF để in" }).click(),
  ]);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect(pdf.url()).toMatch(/size=small&count=10/);

  // The same sheet, fetched with the manager's session, printed and read like a phone would:
  // each of the ten labels (cut along the L7651 grid) carries the batch's address, upright.
  const sheet = await page.request.get(pdf.url());
  expect(sheet.headers()["content-type"]).toBe("application/pdf");
  const scanned = readAsPrinted(await decodeLabelSheetPage(await sheet.body(), sheetGeometry.small));
  expect(scanned).toEqual([...Array(10).fill(link), ...Array(65 - 10).fill(null)]);

  // The decoded address opens the public scan page of this very batch, with no script at all.
  const scan = await page.goto(scanned[0] ?? "");
  expect(scan?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Miến dong Chợ Đồn" })).toBeVisible();
  await expect(page.getByText(`Lô ${lotCode} · `)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Hồ sơ nguyên vẹn" })).toBeVisible();
  await expect(page.locator("script")).toHaveCount(0);
  expect(await scan?.text()).not.toMatch(/<script/i);
});
