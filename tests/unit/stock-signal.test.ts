import { beforeEach, describe, expect, it } from "vitest";
import { forgetStockSignals, knownShort, noteAvailable } from "~/domain/orders/stock-signal.server";

const line = (quantity: number) => [{ productId: "p1", quantity }];

describe("stock signals: an early 'sold out' only for checkouts in progress when the count was read", () => {
  beforeEach(() => forgetStockSignals());

  it("refuses a checkout that started before a count that leaves it short", () => {
    noteAvailable("p1", 0, 100);
    expect(knownShort(line(1), 100)).toEqual({ productId: "p1", available: 0 });
    expect(knownShort(line(1), 50)).toEqual({ productId: "p1", available: 0 });
  });

  it("never refuses a checkout that started after the count was asked for", () => {
    noteAvailable("p1", 0, 100);
    expect(knownShort(line(1), 100.5)).toBeNull();
  });

  it("refuses only what the count cannot cover", () => {
    noteAvailable("p1", 2, 100);
    expect(knownShort(line(2), 10)).toBeNull();
    expect(knownShort(line(3), 10)).toEqual({ productId: "p1", available: 2 });
    expect(knownShort([{ productId: "other", quantity: 9 }], 10)).toBeNull();
  });

  it("keeps the latest count, whatever order the answers arrive in", () => {
    noteAvailable("p1", 0, 200);
    noteAvailable("p1", 5, 150); // an older read answered late: ignored
    expect(knownShort(line(1), 120)).toEqual({ productId: "p1", available: 0 });
    noteAvailable("p1", 5, 300); // restocked since
    expect(knownShort(line(1), 120)).toBeNull();
  });
});
