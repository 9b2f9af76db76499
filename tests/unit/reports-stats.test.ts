import { describe, expect, it } from "vitest";
import { daysBetween, median, splitDuration } from "../../app/domain/reports/stats";

describe("median", () => {
  it("is the middle value of an odd count and the mean of the middle two of an even count", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([7])).toBe(7);
  });
  it("is null without values and ignores values that are not numbers", () => {
    expect(median([])).toBeNull();
    expect(median([Number.NaN, 2, Number.POSITIVE_INFINITY])).toBe(2);
  });
  it("does not reorder its input", () => {
    const input = [3, 1, 2];
    median(input);
    expect(input).toEqual([3, 1, 2]);
  });
});

describe("durations", () => {
  it("splits hours into days and hours, rounding to the hour", () => {
    expect(splitDuration(0.4)).toEqual({ days: 0, hours: 0 });
    expect(splitDuration(26.6)).toEqual({ days: 1, hours: 3 });
    expect(splitDuration(48)).toEqual({ days: 2, hours: 0 });
    expect(splitDuration(-3)).toEqual({ days: 0, hours: 0 });
  });
  it("counts whole days waited", () => {
    const since = new Date("2026-01-01T10:00:00+07:00");
    expect(daysBetween(since, new Date("2026-01-01T23:00:00+07:00"))).toBe(0);
    expect(daysBetween(since, new Date("2026-01-04T10:00:00+07:00"))).toBe(3);
    expect(daysBetween(since, new Date("2025-12-31T10:00:00+07:00"))).toBe(0);
  });
});
