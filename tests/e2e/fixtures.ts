import { test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "ocop-demo";

/** Every page must load without console errors or uncaught exceptions. */
export const test = base.extend<{ expectedConsoleErrors: RegExp[]; failOnConsoleErrors: undefined }>({
  /** Console errors a test provokes on purpose (e.g. the 404 of a page it visits to see the 404 page). */
  expectedConsoleErrors: [[], { option: true }],
  failOnConsoleErrors: [
    async ({ page, expectedConsoleErrors }, use) => {
      const problems: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() !== "error" || expectedConsoleErrors.some((re) => re.test(msg.text()))) return;
        problems.push(`console.error: ${msg.text()}`);
      });
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      await use(undefined);
      expect(problems, problems.join("\n")).toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Logs in through the real form, as a person would. */
export async function logIn(page: Page, identifier: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page
    .getByLabel(/email|điện thoại/i)
    .first()
    .fill(identifier);
  await page.getByLabel(/^mật khẩu|^password/i).fill(password);
  await page.getByRole("button", { name: /^đăng nhập$|^log in$/i }).click();
}
