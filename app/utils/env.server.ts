import { z } from "zod";

/** Unset and empty mean the same: an empty variable in a .env or CI config is "not configured". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: optional(
      z.coerce
        .number({ error: "expected a port number from 1 to 65535" })
        .int("expected a whole port number")
        .min(1, "expected a port number from 1 to 65535")
        .max(65535, "expected a port number from 1 to 65535"),
    ).transform((v) => v ?? 3000),
    HOST: optional(z.string()).transform((v) => v ?? "0.0.0.0"),
    DATABASE_URL: optional(
      z
        .string()
        .regex(
          /^postgres(ql)?:\/\/\S+$/,
          "expected a PostgreSQL URL such as postgres://user@host:5432/dbname",
        ),
    ),
    DATA_DIR: optional(z.string()).transform((v) => v ?? "./data"),
    SESSION_SECRET: optional(z.string().min(32, "expected at least 32 characters of random text")),
    PUBLIC_ORIGIN: optional(
      z
        .string()
        .regex(
          /^https?:\/\/[^/\s?#]+$/,
          "expected an origin such as https://cho-ocop.vn (scheme and host, no path)",
        ),
    ),
    STRIPE_SECRET_KEY: optional(
      z.string().regex(/^(sk|rk)_/, "expected a Stripe secret key starting with sk_"),
    ),
    STRIPE_WEBHOOK_SECRET: optional(
      z.string().startsWith("whsec_", "expected a Stripe signing secret starting with whsec_"),
    ),
    /** Tests only: point the Stripe SDK at a local fake server instead of api.stripe.com. */
    STRIPE_API_HOST: optional(z.string()),
    STRIPE_API_PORT: optional(
      z.coerce
        .number({ error: "expected a port number from 1 to 65535" })
        .int("expected a whole port number")
        .min(1, "expected a port number from 1 to 65535")
        .max(65535, "expected a port number from 1 to 65535"),
    ),
    STRIPE_API_PROTOCOL: optional(z.enum(["http", "https"], "expected http or https")),
    /** How long an unpaid card or bank-transfer order keeps its stock, in minutes. */
    ORDER_HOLD_MINUTES: optional(
      z.coerce
        .number({ error: "expected a number of minutes from 15 to 1440" })
        .int("expected a whole number of minutes")
        .min(15, "expected a number of minutes from 15 to 1440")
        .max(1440, "expected a number of minutes from 15 to 1440"),
    ).transform((v) => v ?? 30),
    /**
     * The marketplace's own collection account, for bank transfers of an order from several
     * cooperatives (one order, one payment). A one-cooperative order is paid to the cooperative.
     */
    PLATFORM_BANK_BIN: optional(z.string().regex(/^\d{6}$/, "expected the bank's 6-digit BIN, e.g. 970436")),
    PLATFORM_BANK_ACCOUNT_NO: optional(
      z.string().regex(/^[0-9A-Za-z]{4,19}$/, "expected an account number of 4 to 19 letters or digits"),
    ),
    PLATFORM_BANK_ACCOUNT_NAME: optional(z.string().max(70, "expected at most 70 characters")),
    /** Seed the demo data into an empty database at start (turn off for a real deployment). */
    DEMO_DATA: optional(z.enum(["0", "1"], "expected 0 or 1")).transform((v) => v !== "0"),
    LOG_REQUESTS: optional(z.enum(["0", "1"], "expected 0 or 1")).transform((v) => v !== "0"),
    /** Run background job workers and schedules in this process; 0 leaves them to another process. */
    JOBS: optional(
      z.enum(["0", "1"], "expected 0 (this process runs no background jobs) or 1 (it runs them)"),
    ).transform((v) => v !== "0"),
  })
  .superRefine((env, ctx) => {
    const bank = [env.PLATFORM_BANK_BIN, env.PLATFORM_BANK_ACCOUNT_NO, env.PLATFORM_BANK_ACCOUNT_NAME];
    if (bank.some(Boolean) && !bank.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["PLATFORM_BANK_ACCOUNT_NO"],
        message: "set PLATFORM_BANK_BIN, PLATFORM_BANK_ACCOUNT_NO and PLATFORM_BANK_ACCOUNT_NAME together",
      });
    }
    if (env.DATABASE_URL && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message:
          "required when DATABASE_URL is set (a real deployment): at least 32 characters of random text",
      });
    }
  })
  .transform((env) => ({
    ...env,
    PUBLIC_ORIGIN: env.PUBLIC_ORIGIN ?? `http://localhost:${env.PORT}`,
  }));

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Validates the environment; throws an EnvError naming each bad variable and what it expects. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`));
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
