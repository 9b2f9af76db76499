import { describe, expect, it } from "vitest";
import {
  isValidEmail,
  loginKey,
  nameProblem,
  normaliseEmail,
  normaliseName,
  normalisePhone,
  parseIdentifier,
} from "~/domain/accounts/identifiers";

describe("normalisePhone", () => {
  it.each([
    ["0912345678", "0912345678"],
    ["0912 345 678", "0912345678"],
    ["0912.345.678", "0912345678"],
    ["0912-345-678", "0912345678"],
    ["(091) 234 5678", "0912345678"],
    ["+84912345678", "0912345678"],
    ["+84 912 345 678", "0912345678"],
    ["84912345678", "0912345678"],
    ["0084912345678", "0912345678"],
    ["912345678", "0912345678"],
    [" 0356 789 012 ", "0356789012"],
    ["0567890123", "0567890123"],
    ["0701234567", "0701234567"],
    ["0841234567", "0841234567"],
  ])("reads %j as %j", (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each([
    ["0212345678", "landline-style prefix 02"],
    ["0412345678", "unused prefix 04"],
    ["0612345678", "unused prefix 06"],
    ["091234567", "9 digits with the 0"],
    ["09123456789", "11 digits"],
    ["+85512345678", "another country"],
    ["+840912345678", "+84 followed by the national 0"],
    ["0912a45678", "a letter"],
    ["", "empty"],
    ["1912345678", "no leading 0"],
  ])("refuses %j (%s)", (input) => {
    expect(normalisePhone(input)).toBeNull();
  });
});

describe("email", () => {
  it("is trimmed and lower-cased", () => {
    expect(normaliseEmail("  Lan.Nguyen@Example.VN ")).toBe("lan.nguyen@example.vn");
  });
  it.each(["lan@example.vn", "a.b+c@mail.co.uk"])("accepts %j", (email) => {
    expect(isValidEmail(email)).toBe(true);
  });
  it.each(["lan@", "@example.vn", "lan@example", "lan @example.vn", "lan@@example.vn", "lan@example..vn"])(
    "refuses %j",
    (email) => {
      expect(isValidEmail(email)).toBe(false);
    },
  );
  it("refuses an address longer than 254 characters", () => {
    expect(isValidEmail(`${"a".repeat(250)}@example.vn`)).toBe(false);
  });
});

describe("parseIdentifier (one field for email or mobile number)", () => {
  it("detects an email by its @ and normalises it", () => {
    expect(parseIdentifier(" Lan@Example.VN ")).toEqual({
      ok: true,
      identifier: { kind: "email", value: "lan@example.vn" },
    });
  });
  it("detects a phone written with spaces, dots or +84", () => {
    for (const typed of ["0912 345 678", "0912.345.678", "+84912345678", "84912345678"]) {
      expect(parseIdentifier(typed)).toEqual({
        ok: true,
        identifier: { kind: "phone", value: "0912345678" },
      });
    }
  });
  it("names the problem with what the person evidently meant", () => {
    expect(parseIdentifier("lan@example")).toEqual({ ok: false, messageKey: "validation.email" });
    expect(parseIdentifier("0212 345 678")).toEqual({ ok: false, messageKey: "validation.phone" });
    expect(parseIdentifier("nguyen van lan")).toEqual({ ok: false, messageKey: "validation.emailOrPhone" });
    expect(parseIdentifier("   ")).toEqual({ ok: false, messageKey: "validation.required" });
  });
});

describe("loginKey", () => {
  it("counts every written form of one number or address under one key", () => {
    expect(loginKey("+84 912 345 678")).toBe(loginKey("0912.345.678"));
    expect(loginKey("LAN@example.vn ")).toBe("lan@example.vn");
  });
  it("still folds case and spaces for text that is neither", () => {
    expect(loginKey("  Some Name ")).toBe("some name");
  });
});

describe("names", () => {
  it("are trimmed with inner spaces collapsed", () => {
    expect(normaliseName("  Nguyễn   Thị  Lan ")).toBe("Nguyễn Thị Lan");
  });
  it("must be present and at most 100 characters", () => {
    expect(nameProblem("")).toBe("validation.required");
    expect(nameProblem("Ạ".repeat(100))).toBeNull();
    expect(nameProblem("Ạ".repeat(101))).toBe("accounts.errors.nameTooLong");
  });
});
