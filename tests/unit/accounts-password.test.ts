import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "~/domain/accounts/password.server";
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from "~/domain/accounts/password-policy";

describe("password policy", () => {
  it("accepts the demo password and ordinary passphrases", () => {
    expect(passwordProblem("ocop-demo")).toBeNull();
    expect(passwordProblem("chè Tân Cương ngon")).toBeNull();
    expect(passwordProblem(`${"x".repeat(PASSWORD_MIN - 1)}y`)).toBeNull();
  });
  it("needs at least 8 characters, counted as characters not bytes", () => {
    expect(PASSWORD_MIN).toBe(8);
    expect(passwordProblem("abc1234")).toBe("accounts.errors.passwordTooShort");
    // 7 Vietnamese letters are more than 8 UTF-8 bytes but still too short.
    expect(passwordProblem("đặcsản7")).toBe("accounts.errors.passwordTooShort");
  });
  it("allows at most 128 characters", () => {
    expect(passwordProblem("ab".repeat(PASSWORD_MAX / 2))).toBeNull();
    expect(passwordProblem(`${"ab".repeat(PASSWORD_MAX / 2)}c`)).toBe("accounts.errors.passwordTooLong");
  });
  it("refuses one character repeated", () => {
    expect(passwordProblem("11111111")).toBe("accounts.errors.passwordAllSame");
    expect(passwordProblem("aaaaaaaaaaaa")).toBe("accounts.errors.passwordAllSame");
  });
  it.each([
    "12345678",
    "password",
    "matkhau123",
    "qwerty123",
    "abc12345",
    "123456789",
    "PASSWORD",
    "MatKhau123",
  ])("refuses the common password %j", (password) => {
    expect(passwordProblem(password)).toBe("accounts.errors.passwordTooCommon");
  });
});

describe("password hashing (scrypt)", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("ocop-demo");
    expect(stored.startsWith("scrypt$")).toBe(true);
    expect(stored).not.toContain("ocop-demo");
    expect(await verifyPassword("ocop-demo", stored)).toBe(true);
    expect(await verifyPassword("ocop-demO", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same words"), hashPassword("same words")]);
    expect(a).not.toBe(b);
  });

  it("treats Vietnamese typed in either Unicode form as the same password", async () => {
    const composed = "Trà Thái Nguyên".normalize("NFC");
    const stored = await hashPassword(composed);
    expect(await verifyPassword(composed.normalize("NFD"), stored)).toBe(true);
  });

  it("refuses a tampered hash, salt or scheme", async () => {
    const stored = await hashPassword("ocop-demo");
    const parts = stored.split("$");
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    const tamperedHash = [...parts.slice(0, 5), flip(parts[5] ?? "")].join("$");
    const tamperedSalt = [...parts.slice(0, 4), flip(parts[4] ?? ""), parts[5]].join("$");
    const truncated = [...parts.slice(0, 5), (parts[5] ?? "").slice(0, 10)].join("$");
    expect(await verifyPassword("ocop-demo", tamperedHash)).toBe(false);
    expect(await verifyPassword("ocop-demo", tamperedSalt)).toBe(false);
    expect(await verifyPassword("ocop-demo", truncated)).toBe(false);
    expect(await verifyPassword("ocop-demo", stored.replace(/^scrypt/, "bcrypt"))).toBe(false);
    expect(await verifyPassword("ocop-demo", "")).toBe(false);
  });

  it("refuses any password against a stored key that is too short to compare", async () => {
    const parts = (await hashPassword("ocop-demo")).split("$");
    // "A" decodes to zero bytes: compared naively, every password would match it.
    for (const key of ["A", "AA", "AAAA"]) {
      expect(await verifyPassword("anything at all", [...parts.slice(0, 5), key].join("$"))).toBe(false);
    }
  });

  it("refuses, rather than crashes on, broken cost parameters", async () => {
    const parts = (await hashPassword("ocop-demo")).split("$");
    for (const n of ["x", "0", "-1", ""]) {
      const broken = [parts[0], n, ...parts.slice(2)].join("$");
      expect(await verifyPassword("ocop-demo", broken)).toBe(false);
    }
  });
});
