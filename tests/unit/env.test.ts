import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/utils/env.server";

const secret = "x".repeat(32);

function problems(raw: Record<string, string | undefined>): string[] {
  try {
    parseEnv(raw);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("environment validation", () => {
  it("needs nothing on the embedded database", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe("./data");
    expect(env.PUBLIC_ORIGIN).toBe("http://localhost:3000");
    expect(env.DEMO_DATA).toBe(true);
  });

  it("requires SESSION_SECRET with DATABASE_URL, naming the variable", () => {
    const found = problems({ DATABASE_URL: "postgres://app@db:5432/ocop" });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^SESSION_SECRET: required when DATABASE_URL is set/);
    expect(
      parseEnv({ DATABASE_URL: "postgres://app@db:5432/ocop", SESSION_SECRET: secret }).DATABASE_URL,
    ).toBe("postgres://app@db:5432/ocop");
  });

  it("names each bad variable and what it expects", () => {
    const found = problems({
      PORT: "eighty",
      DATABASE_URL: "mysql://x",
      SESSION_SECRET: "short",
      PUBLIC_ORIGIN: "cho-ocop.vn/path",
      STRIPE_SECRET_KEY: "pk_test_123",
    });
    expect(found.find((p) => p.startsWith("PORT:"))).toContain("port number");
    expect(found.find((p) => p.startsWith("DATABASE_URL:"))).toContain("PostgreSQL URL");
    expect(found.find((p) => p.startsWith("SESSION_SECRET:"))).toContain("32 characters");
    expect(found.find((p) => p.startsWith("PUBLIC_ORIGIN:"))).toContain("origin");
    expect(found.find((p) => p.startsWith("STRIPE_SECRET_KEY:"))).toContain("sk_");
  });

  it("rejects out-of-range ports and treats empty values as unset", () => {
    expect(problems({ PORT: "70000" })[0]).toMatch(/^PORT:/);
    expect(parseEnv({ PORT: "", DATABASE_URL: "  " }).PORT).toBe(3000);
    expect(parseEnv({ PORT: "8080" }).PUBLIC_ORIGIN).toBe("http://localhost:8080");
  });

  it("runs background jobs unless JOBS=0, and holds unpaid orders 30 minutes unless told otherwise", () => {
    expect(parseEnv({})).toMatchObject({ JOBS: true, ORDER_HOLD_MINUTES: 30 });
    expect(parseEnv({ JOBS: "0", ORDER_HOLD_MINUTES: "90" })).toMatchObject({
      JOBS: false,
      ORDER_HOLD_MINUTES: 90,
    });
    expect(problems({ JOBS: "off" })[0]).toMatch(/^JOBS: expected 0 .* or 1/);
    for (const bad of ["10", "1441", "20.5", "half an hour"]) {
      expect(problems({ ORDER_HOLD_MINUTES: bad })[0]).toMatch(
        /^ORDER_HOLD_MINUTES: expected a .*number of minutes/,
      );
    }
  });

  it("keeps an explicit public origin for QR codes", () => {
    expect(parseEnv({ PUBLIC_ORIGIN: "https://cho-ocop.vn" }).PUBLIC_ORIGIN).toBe("https://cho-ocop.vn");
  });
});
