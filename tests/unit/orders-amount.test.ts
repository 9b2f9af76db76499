import { describe, expect, it } from "vitest";
import { parseVndAmount } from "~/domain/orders/amount";

describe("parseVndAmount", () => {
  it("reads the ways people and banks write an amount of đồng", () => {
    for (const text of [
      "150000",
      "150.000",
      "150,000",
      "150 000",
      "150.000 ₫",
      "150,000 ₫",
      "150.000đ",
      "150.000 đ",
      "150.000 VND",
      "150.000 VNĐ",
      "VND 150.000",
      "₫150,000",
      "150\u00a0000 ₫",
      "+150.000",
      "150000,00",
      "150000.00",
      "150.000,00",
      "150,000.00",
      " 150.000 ",
    ]) {
      expect(parseVndAmount(text), text).toBe(150000);
    }
    expect(parseVndAmount("1.500.000")).toBe(1500000);
    expect(parseVndAmount("1,500,000")).toBe(1500000);
    expect(parseVndAmount("1.234.567,0")).toBe(1234567);
    expect(parseVndAmount("0")).toBe(0);
    expect(parseVndAmount("150")).toBe(150);
  });

  it("reads money going out as negative", () => {
    expect(parseVndAmount("-150.000")).toBe(-150000);
    expect(parseVndAmount("(150.000)")).toBe(-150000);
    expect(parseVndAmount("-150.000 ₫")).toBe(-150000);
    expect(parseVndAmount("−2.000")).toBe(-2000);
  });

  it("refuses what is not a whole amount of đồng", () => {
    for (const text of [
      "",
      " ",
      "abc",
      "150k",
      "1.5",
      "150.000,50",
      "150,000.5",
      "1.50.000",
      "1,5000",
      "150000.000",
      "1.000,000.00",
      "1.000.000.00,00",
      ".500",
      "150.000 USD",
      "12-3",
      "99999999999999999999",
    ]) {
      expect(parseVndAmount(text), text).toBeNull();
    }
  });
});
