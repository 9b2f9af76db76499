import { describe, expect, it } from "vitest";
import { barLength, niceCeiling, shorten } from "../../app/components/charts/scale";

describe("chart scaling", () => {
  it("rounds the axis up to 1, 2 or 5 times a power of ten", () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(1)).toBe(1);
    expect(niceCeiling(3)).toBe(5);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(10)).toBe(10);
    expect(niceCeiling(11)).toBe(20);
    expect(niceCeiling(420)).toBe(500);
    expect(niceCeiling(501)).toBe(1000);
    expect(niceCeiling(Number.NaN)).toBe(1);
  });

  it("sizes bars in proportion, keeps a small non-zero value visible and never overflows", () => {
    expect(barLength(5, 10, 300)).toBe(150);
    expect(barLength(10, 10, 300)).toBe(300);
    expect(barLength(0, 10, 300)).toBe(0);
    expect(barLength(1, 10_000, 300)).toBe(2);
    expect(barLength(50, 10, 300)).toBe(300);
    expect(barLength(3, 0, 300)).toBe(0);
  });

  it("shortens long labels by characters, not bytes", () => {
    const group = "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch";
    expect(shorten(group, 20)).toBe("Dịch vụ du lịch cộn…");
    expect(Array.from(shorten(group, 20))).toHaveLength(20);
    expect(shorten("Thực phẩm")).toBe("Thực phẩm");
  });
});
