import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { registerBuyer } from "~/domain/accounts/account.server";
import {
  authenticate,
  LOGIN_WINDOW_MINUTES,
  MAX_FAILURES_PER_CLIENT,
  MAX_FAILURES_PER_IDENTIFIER,
} from "~/domain/accounts/login.server";
import { isDomainError } from "~/domain/errors";
import { action as accountAction, loader as accountLoader } from "~/routes/account";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { action as logoutAction, loader as logoutLoader } from "~/routes/logout";
import { action as signupAction } from "~/routes/signup";
import { createUserSessionCookie, getCurrentUser } from "~/utils/auth.server";
import { langCookie } from "~/utils/session.server";
import { db } from "../../db/client.server";
import { auditLog, loginAttempts, memberships, users } from "../../db/schema";

// ---- helpers: build requests, and read what an action returned or threw ----

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  });
}

function get(path: string, headers: Record<string, string> = {}) {
  return new Request(`http://localhost${path}`, { headers });
}

const args = (request: Request) => ({ request, params: {}, context: {} });

/** A route's outcome: a redirect Response (returned or thrown) or a `data()` form failure. */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (thrown) {
    return thrown;
  }
}

function asRedirect(result: unknown): Response {
  expect(result).toBeInstanceOf(Response);
  const response = result as Response;
  expect(response.status).toBe(302);
  return response;
}

interface Failure {
  init: ResponseInit | null;
  data: {
    ok: false;
    formError: string | null;
    formErrorParams: Record<string, string | number>;
    fieldErrors: Record<string, string>;
    values: Record<string, string>;
  };
}

function asFailure(result: unknown, status: number): Failure["data"] {
  expect(result).not.toBeInstanceOf(Response);
  const failure = result as Failure;
  expect(failure.init?.status).toBe(status);
  expect(failure.data.ok).toBe(false);
  return failure.data;
}

/** The `name=value` part of a Set-Cookie, ready to send back as a Cookie header. */
function cookieNamed(response: Response, name: string): string | null {
  const line = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return line ? (line.split(";")[0] ?? null) : null;
}

const sessionCookieOf = (setCookie: string) => setCookie.split(";")[0] ?? "";

async function userFromCookie(cookie: string | null) {
  return getCurrentUser(get("/", cookie ? { Cookie: cookie } : {}));
}

const countUsers = () => db().$count(users);

const PASSWORD = "ocop-demo";

let sequence = 0;
/** A fresh buyer with a unique email and phone. */
async function newBuyer(overrides: { email?: string; phone?: string; password?: string } = {}) {
  sequence += 1;
  const phone = overrides.phone ?? `09${String(10_000_000 + sequence * 7919).slice(-8)}`;
  const email = overrides.email ?? `buyer${sequence}.${Date.now()}@example.vn`;
  const password = overrides.password ?? PASSWORD;
  const viaPhone = await registerBuyer({ name: "Người mua", identifier: phone, password });
  // A second contact on the same account, so one user can log in both ways.
  await db().update(users).set({ email }).where(eq(users.id, viaPhone));
  return { id: viaPhone, email, phone, password };
}

// ---- sign-up ----

describe("sign-up", () => {
  it("creates a buyer, audits it, signs them in and goes to their account", async () => {
    const before = await countUsers();
    const result = await outcome(() =>
      signupAction(
        args(
          post(
            "/signup",
            {
              name: "  Nguyễn   Thị Lan ",
              identifier: "Lan.Nguyen@Example.VN",
              password: "chè Thái ngon lắm",
              passwordConfirm: "chè Thái ngon lắm",
              redirectTo: "",
            },
            { "Accept-Language": "en-GB,en;q=0.9" },
          ),
        ),
      ),
    );
    const response = asRedirect(result);
    expect(response.headers.get("Location")).toBe("/account");
    expect(await countUsers()).toBe(before + 1);

    const [user] = await db().select().from(users).where(eq(users.email, "lan.nguyen@example.vn"));
    expect(user?.name).toBe("Nguyễn Thị Lan");
    expect(user?.phone).toBeNull();
    expect(user?.locale).toBe("en");
    expect(user?.passwordHash).toMatch(/^scrypt\$/);
    const roles = await db()
      .select()
      .from(memberships)
      .where(eq(memberships.userId, user?.id ?? ""));
    expect(roles.map((m) => m.role)).toEqual(["buyer"]);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, user?.id ?? ""), eq(auditLog.action, "account.signed_up")));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorId).toBe(user?.id);
    expect(audit[0]?.entityType).toBe("user");

    const signedIn = await userFromCookie(cookieNamed(response, "__session"));
    expect(signedIn?.id).toBe(user?.id);
    expect(cookieNamed(response, "lang")).not.toBeNull();
  });

  it("signs up with a mobile number in any written form, stored in national form, and honours redirectTo", async () => {
    const response = asRedirect(
      await outcome(() =>
        signupAction(
          args(
            post("/signup", {
              name: "Lò Văn Páo",
              identifier: "+84 356 111 222",
              password: PASSWORD,
              passwordConfirm: PASSWORD,
              redirectTo: "/cart",
            }),
          ),
        ),
      ),
    );
    expect(response.headers.get("Location")).toBe("/cart");
    const [user] = await db().select().from(users).where(eq(users.phone, "0356111222"));
    expect(user?.email).toBeNull();
  });

  it("never redirects off-site after sign-up", async () => {
    const response = asRedirect(
      await outcome(() =>
        signupAction(
          args(
            post("/signup", {
              name: "Khách",
              identifier: "0356111333",
              password: PASSWORD,
              passwordConfirm: PASSWORD,
              redirectTo: "//evil.example/steal",
            }),
          ),
        ),
      ),
    );
    expect(response.headers.get("Location")).toBe("/account");
  });

  describe("refuses, writing nothing", () => {
    const form = (fields: Record<string, string>) => ({
      name: "Trần Văn Bình",
      identifier: "binh@example.vn",
      password: "mật khẩu dài",
      passwordConfirm: "mật khẩu dài",
      ...fields,
    });

    it("an email that already has an account, in any case", async () => {
      const existing = await newBuyer();
      const before = await countUsers();
      const failure = asFailure(
        await signupAction(args(post("/signup", form({ identifier: existing.email.toUpperCase() })))),
        409,
      );
      expect(failure.fieldErrors.identifier).toBe("accounts.errors.emailTaken");
      expect(failure.values.identifier).toBe(existing.email.toUpperCase());
      expect(failure.values.name).toBe("Trần Văn Bình");
      expect(failure.values).not.toHaveProperty("password");
      expect(failure.values).not.toHaveProperty("passwordConfirm");
      expect(await countUsers()).toBe(before);
    });

    it("a mobile number that already has an account, written differently", async () => {
      const existing = await newBuyer();
      const before = await countUsers();
      const spaced = `+84 ${existing.phone.slice(1, 4)} ${existing.phone.slice(4, 7)} ${existing.phone.slice(7)}`;
      const failure = asFailure(await signupAction(args(post("/signup", form({ identifier: spaced })))), 409);
      expect(failure.fieldErrors.identifier).toBe("accounts.errors.phoneTaken");
      expect(await countUsers()).toBe(before);
    });

    it("a malformed mobile number", async () => {
      const before = await countUsers();
      const failure = asFailure(
        await signupAction(args(post("/signup", form({ identifier: "0212 345 678" })))),
        400,
      );
      expect(failure.fieldErrors.identifier).toBe("validation.phone");
      expect(failure.formError).toBe("validation.formSummary");
      expect(await countUsers()).toBe(before);
    });

    it("a weak password", async () => {
      const before = await countUsers();
      for (const [password, key] of [
        ["matkhau123", "accounts.errors.passwordTooCommon"],
        ["11111111", "accounts.errors.passwordAllSame"],
        ["ngắn", "accounts.errors.passwordTooShort"],
      ] as const) {
        const failure = asFailure(
          await signupAction(args(post("/signup", form({ password, passwordConfirm: password })))),
          400,
        );
        expect(failure.fieldErrors.password).toBe(key);
      }
      expect(await countUsers()).toBe(before);
    });

    it("a confirmation that does not match", async () => {
      const before = await countUsers();
      const failure = asFailure(
        await signupAction(args(post("/signup", form({ passwordConfirm: "mật khẩu dai" })))),
        400,
      );
      expect(failure.fieldErrors.passwordConfirm).toBe("accounts.errors.passwordMismatch");
      expect(await countUsers()).toBe(before);
    });

    it("every problem at once, each next to its field", async () => {
      const failure = asFailure(
        await signupAction(
          args(post("/signup", { name: " ", identifier: "lan@", password: "", passwordConfirm: "" })),
        ),
        400,
      );
      expect(failure.fieldErrors).toMatchObject({
        name: "validation.required",
        identifier: "validation.email",
        password: "accounts.errors.passwordTooShort",
      });
    });

    it("and the domain enforces the same rules without the form", async () => {
      const before = await countUsers();
      const error = await registerBuyer({
        name: "X",
        identifier: "0912 000 111",
        password: "password",
      }).catch((e: unknown) => e);
      expect(isDomainError(error) && error.fieldErrors.password).toBe("accounts.errors.passwordTooCommon");
      expect(await countUsers()).toBe(before);
    });
  });
});

// ---- log-in ----

describe("log-in", () => {
  it("works with the email in any case, sets the session and the account's language, and goes home", async () => {
    const buyer = await newBuyer();
    await db().update(users).set({ locale: "en" }).where(eq(users.id, buyer.id));
    const response = asRedirect(
      await outcome(() =>
        loginAction(
          args(post("/login", { identifier: ` ${buyer.email.toUpperCase()} `, password: PASSWORD })),
        ),
      ),
    );
    expect(response.headers.get("Location")).toBe("/account");
    expect((await userFromCookie(cookieNamed(response, "__session")))?.id).toBe(buyer.id);
    expect(await langCookie.parse(cookieNamed(response, "lang"))).toBe("en");
  });

  it("works with the mobile number written in every common way", async () => {
    const buyer = await newBuyer();
    const p = buyer.phone;
    for (const typed of [
      p,
      `${p.slice(0, 4)} ${p.slice(4, 7)} ${p.slice(7)}`,
      `${p.slice(0, 4)}.${p.slice(4, 7)}.${p.slice(7)}`,
      `+84${p.slice(1)}`,
      `84${p.slice(1)}`,
    ]) {
      const response = asRedirect(
        await outcome(() => loginAction(args(post("/login", { identifier: typed, password: PASSWORD })))),
      );
      expect((await userFromCookie(cookieNamed(response, "__session")))?.id).toBe(buyer.id);
    }
  });

  it("goes back to a same-site redirectTo, never to another site", async () => {
    const buyer = await newBuyer();
    const back = asRedirect(
      await outcome(() =>
        loginAction(
          args(post("/login", { identifier: buyer.email, password: PASSWORD, redirectTo: "/cart?x=1" })),
        ),
      ),
    );
    expect(back.headers.get("Location")).toBe("/cart?x=1");
    const evil = asRedirect(
      await outcome(() =>
        loginAction(
          args(
            post("/login", {
              identifier: buyer.email,
              password: PASSWORD,
              redirectTo: "https://evil.example",
            }),
          ),
        ),
      ),
    );
    expect(evil.headers.get("Location")).toBe("/account");
  });

  it("sends each role to its own workspace", async () => {
    const buyer = await newBuyer();
    await db().insert(memberships).values({ userId: buyer.id, role: "admin" });
    const response = asRedirect(
      await outcome(() => loginAction(args(post("/login", { identifier: buyer.phone, password: PASSWORD })))),
    );
    expect(response.headers.get("Location")).toBe("/admin");
  });

  it("says the same generic thing for a wrong password and for an unknown account", async () => {
    const buyer = await newBuyer();
    const wrong = asFailure(
      await outcome(() =>
        loginAction(args(post("/login", { identifier: buyer.email, password: "sai mật khẩu" }))),
      ),
      400,
    );
    const unknown = asFailure(
      await outcome(() =>
        loginAction(args(post("/login", { identifier: "nobody@example.vn", password: "sai mật khẩu" }))),
      ),
      400,
    );
    expect(wrong.formError).toBe("accounts.errors.invalidCredentials");
    expect(unknown.formError).toBe(wrong.formError);
    expect(unknown.fieldErrors).toEqual(wrong.fieldErrors);
    expect(wrong.values.identifier).toBe(buyer.email);
    expect(wrong.values).not.toHaveProperty("password");
  });

  it("tells only someone who knows the password that the account is disabled", async () => {
    const buyer = await newBuyer();
    await db().update(users).set({ disabledAt: new Date() }).where(eq(users.id, buyer.id));
    const wrong = asFailure(
      await outcome(() =>
        loginAction(args(post("/login", { identifier: buyer.email, password: "sai mật khẩu" }))),
      ),
      400,
    );
    expect(wrong.formError).toBe("accounts.errors.invalidCredentials");
    const right = asFailure(
      await outcome(() => loginAction(args(post("/login", { identifier: buyer.email, password: PASSWORD })))),
      403,
    );
    expect(right.formError).toBe("accounts.errors.accountDisabled");
  });

  it("asks for both fields before checking anything", async () => {
    const failure = asFailure(
      await outcome(() => loginAction(args(post("/login", { identifier: "", password: "" })))),
      400,
    );
    expect(failure.fieldErrors).toEqual({
      identifier: "validation.required",
      password: "validation.required",
    });
  });

  it("sends a visitor who is already logged in from /login to their home (or redirectTo)", async () => {
    const buyer = await newBuyer();
    const cookie = sessionCookieOf(await createUserSessionCookie(buyer.id));
    const home = asRedirect(await outcome(() => loginLoader(args(get("/login", { Cookie: cookie })))));
    expect(home.headers.get("Location")).toBe("/account");
    const back = asRedirect(
      await outcome(() => loginLoader(args(get("/login?redirectTo=%2Fcart", { Cookie: cookie })))),
    );
    expect(back.headers.get("Location")).toBe("/cart");
    expect(await loginLoader(args(get("/login?redirectTo=%2Fcart")))).toEqual({ redirectTo: "/cart" });
  });
});

// ---- rate limit ----

describe("login rate limit", () => {
  const minutes = 60_000;
  const attemptsFor = (identifier: string) =>
    db().$count(loginAttempts, eq(loginAttempts.identifier, identifier));

  async function failWith(identifier: string, clientKey: string | null, now?: Date) {
    const error = await authenticate({ identifier, password: "wrong password", clientKey, now }).catch(
      (e: unknown) => e,
    );
    expect(isDomainError(error) && error.kind).toBe("invalid");
  }

  it("locks an account after too many failures, refusing even the right password, then lets it in", async () => {
    const buyer = await newBuyer();
    const t0 = new Date("2030-01-01T08:00:00Z");
    for (let i = 0; i < MAX_FAILURES_PER_IDENTIFIER; i += 1) {
      await failWith(buyer.phone, `client-${i}`, new Date(t0.getTime() + i * 1000));
    }
    const recorded = await attemptsFor(buyer.phone);

    const locked = await authenticate({
      identifier: `+84${buyer.phone.slice(1)}`,
      password: PASSWORD,
      clientKey: "another-client",
      now: new Date(t0.getTime() + 5 * minutes),
    }).catch((e: unknown) => e);
    expect(isDomainError(locked) && locked.kind).toBe("rate_limited");
    expect(isDomainError(locked) && locked.messageKey).toBe("accounts.errors.tooManyAttempts");
    // Locked until 15 minutes after the oldest of the last five failures.
    expect(isDomainError(locked) && locked.params.minutes).toBe(LOGIN_WINDOW_MINUTES - 5);
    // A locked attempt is refused before the password check, and not even recorded.
    expect(await attemptsFor(buyer.phone)).toBe(recorded);

    const stillLocked = await authenticate({
      identifier: buyer.phone,
      password: PASSWORD,
      clientKey: null,
      now: new Date(t0.getTime() + LOGIN_WINDOW_MINUTES * minutes - 1000),
    }).catch((e: unknown) => e);
    expect(isDomainError(stillLocked) && stillLocked.params.minutes).toBe(1);

    const user = await authenticate({
      identifier: buyer.phone,
      password: PASSWORD,
      clientKey: null,
      now: new Date(t0.getTime() + LOGIN_WINDOW_MINUTES * minutes + 1000),
    });
    expect(user.id).toBe(buyer.id);
  });

  it("forgets failures once the right password is given", async () => {
    const buyer = await newBuyer();
    const t0 = new Date("2030-02-01T08:00:00Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    for (let i = 0; i < MAX_FAILURES_PER_IDENTIFIER - 1; i += 1) await failWith(buyer.email, null, at(i));
    await authenticate({ identifier: buyer.email, password: PASSWORD, clientKey: null, now: at(10) });
    for (let i = 0; i < MAX_FAILURES_PER_IDENTIFIER - 1; i += 1)
      await failWith(buyer.email, null, at(20 + i));
    const user = await authenticate({
      identifier: buyer.email,
      password: PASSWORD,
      clientKey: null,
      now: at(30),
    });
    expect(user.id).toBe(buyer.id);
  });

  it("locks a client that tries many accounts, but not other clients", async () => {
    const buyer = await newBuyer();
    const t0 = new Date("2030-03-01T08:00:00Z");
    for (let i = 0; i < MAX_FAILURES_PER_CLIENT; i += 1) {
      await failWith(`guess${i}@example.vn`, "busy-client", new Date(t0.getTime() + i * 1000));
    }
    const later = new Date(t0.getTime() + 60_000);
    const refused = await authenticate({
      identifier: buyer.email,
      password: PASSWORD,
      clientKey: "busy-client",
      now: later,
    }).catch((e: unknown) => e);
    expect(isDomainError(refused) && refused.kind).toBe("rate_limited");
    const other = await authenticate({
      identifier: buyer.email,
      password: PASSWORD,
      clientKey: "calm-client",
      now: later,
    });
    expect(other.id).toBe(buyer.id);
    // Clients whose address is unknown are not lumped together into one bucket.
    const unknown = await authenticate({
      identifier: buyer.email,
      password: PASSWORD,
      clientKey: null,
      now: later,
    });
    expect(unknown.id).toBe(buyer.id);
  });

  it("counts parallel guesses one by one, so a burst cannot slip past the limit", async () => {
    const buyer = await newBuyer();
    const burst = await Promise.all(
      Array.from({ length: MAX_FAILURES_PER_IDENTIFIER + 3 }, () =>
        authenticate({ identifier: buyer.email, password: "wrong password", clientKey: null }).catch(
          (e: unknown) => e,
        ),
      ),
    );
    const kinds = burst.map((e) => (isDomainError(e) ? e.kind : "ok"));
    expect(kinds.filter((k) => k === "invalid")).toHaveLength(MAX_FAILURES_PER_IDENTIFIER);
    expect(kinds.filter((k) => k === "rate_limited")).toHaveLength(3);
  });

  it("answers 429 on the login page with how many minutes to wait, using the database clock", async () => {
    const buyer = await newBuyer();
    const fromPhone = { "X-Forwarded-For": "203.0.113.7, 10.0.0.1" };
    for (let i = 0; i < MAX_FAILURES_PER_IDENTIFIER; i += 1) {
      asFailure(
        await outcome(() =>
          loginAction(
            args(post("/login", { identifier: buyer.email, password: "wrong password" }, fromPhone)),
          ),
        ),
        400,
      );
    }
    const failure = asFailure(
      await outcome(() =>
        loginAction(args(post("/login", { identifier: buyer.email, password: PASSWORD }, fromPhone))),
      ),
      429,
    );
    expect(failure.formError).toBe("accounts.errors.tooManyAttempts");
    expect(failure.formErrorParams.minutes).toBe(LOGIN_WINDOW_MINUTES);
    // The client is stored as a keyed hash, never as the address itself.
    const hashes = await db()
      .select({ clientHash: loginAttempts.clientHash })
      .from(loginAttempts)
      .where(eq(loginAttempts.identifier, buyer.email));
    expect(new Set(hashes.map((h) => h.clientHash)).size).toBe(1);
    expect(hashes[0]?.clientHash).not.toContain("203.0.113.7");
    expect(hashes[0]?.clientHash).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Fifteen minutes on (by the database's own clock), the right password works again.
    await db().execute(
      sql`update login_attempts set at = at - interval '16 minutes' where identifier = ${buyer.email}`,
    );
    asRedirect(
      await outcome(() =>
        loginAction(args(post("/login", { identifier: buyer.email, password: PASSWORD }, fromPhone))),
      ),
    );
  });
});

// ---- log-out ----

describe("log-out", () => {
  it("POST clears the session and goes home", async () => {
    const buyer = await newBuyer();
    const cookie = sessionCookieOf(await createUserSessionCookie(buyer.id));
    expect((await userFromCookie(cookie))?.id).toBe(buyer.id);
    const response = asRedirect(
      await outcome(() => logoutAction(args(post("/logout", {}, { Cookie: cookie })))),
    );
    expect(response.headers.get("Location")).toBe("/");
    const after = cookieNamed(response, "__session");
    expect(after).not.toBeNull();
    expect(after).not.toBe(cookie);
    expect(await userFromCookie(after)).toBeNull();
  });

  it("GET changes nothing", async () => {
    const response = asRedirect(await outcome(() => logoutLoader()));
    expect(response.headers.get("Location")).toBe("/");
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});

// ---- account page ----

describe("account page", () => {
  it("needs a login and comes back afterwards", async () => {
    const response = asRedirect(await outcome(() => accountLoader(args(get("/account")))));
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
    const posted = asRedirect(
      await outcome(() => accountAction(args(post("/account", { intent: "language", locale: "en" })))),
    );
    expect(posted.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });

  it("shows the user's own details as a view model", async () => {
    const buyer = await newBuyer();
    const cookie = sessionCookieOf(await createUserSessionCookie(buyer.id));
    const view = await accountLoader(args(get("/account", { Cookie: cookie })));
    expect(view).toEqual({
      name: "Người mua",
      email: buyer.email,
      phone: buyer.phone,
      roles: ["buyer"],
      locale: "vi",
    });
  });

  it("changes name and phone (normalised), with a flash and an audit entry", async () => {
    const buyer = await newBuyer();
    const cookie = sessionCookieOf(await createUserSessionCookie(buyer.id));
    const response = asRedirect(
      await outcome(() =>
        accountAction(
          args(
            post(
              "/account",
              { intent: "profile", name: "Đinh Thị Mai", phone: "+84 778 123 456" },
              { Cookie: cookie },
            ),
          ),
        ),
      ),
    );
    expect(response.headers.get("Location")).toBe("/account");
    const [row] = await db().select().from(users).where(eq(users.id, buyer.id));
    expect(row?.name).toBe("Đinh Thị Mai");
    expect(row?.phone).toBe("0778123456");
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, buyer.id), eq(auditLog.action, "account.profile_changed")));
    expect(audit[0]?.data).toEqual({ fields: ["name", "phone"] });
    // The flash rides in the same, still signed-in session.
    expect((await userFromCookie(cookieNamed(response, "__session")))?.id).toBe(buyer.id);
  });

  it("refuses a phone that belongs to someone else, or a malformed one, changing nothing", async () => {
    const buyer = await newBuyer();
    const other = await newBuyer();
    const cookie = sessionCookieOf(await createUserSessionCookie(buyer.id));
    const taken = asFailure(
      await accountAction(
        args(
          post("/account", { intent: "profile", name: "Tên mới", phone: other.phone }, { Cookie: cookie }),
        ),
      ),
      409,
    );
    expect(taken.fieldErrors.phone).toBe("accounts.errors.phoneTaken");
    expect(taken.values).toMatchObject({ intent: "profile", name: "Tên mới", phone: other.phone });
    const malformed = asFailure(
      await accountAction(
        args(post("/account", { intent: "profile", name: "Tên mới", phone: "12345" }, { Cookie: cookie })),
      ),
      400,
    );
    expect(malformed.fieldErrors.phone).toBe("validation.phone");
    const [row] = await db().select().from(users).where(eq(users.id, buyer.id));
    expect(row?.name).toBe("Người mua");
    expect(row?.phone).toBe(buyer.phone);
  });

  it("keeps the phone of an account that has no email to log in with", async () => {
    const id = await registerBuyer({ name: "Chỉ có số", identifier: "0399 888 777", password: PASSWORD });
    const cookie = sessionCookieOf(await createUserSessionCookie(id));
    const failure = asFailure(
      await accountAction(
        args(post("/account", { intent: "profile", name: "Chỉ có số", phone: "" }, { Cookie: cookie })),
      ),
      400,
    );
    expect(failure.fieldErrors.phone).toBe("accounts.errors.phoneRequired");
  });

  it("changes the password: older sessions end, this device stays signed in", async () => {
    const buyer = await newBuyer();
    const otherDevice = sessionCookieOf(
      await createUserSessionCookie(buyer.id, { issuedAt: Date.now() - 60_000 }),
    );
    const thisDevice = sessionCookieOf(await createUserSessionCookie(buyer.id));
    const newPassword = "trà Tân Cương 2030";
    const response = asRedirect(
      await outcome(() =>
        accountAction(
          args(
            post(
              "/account",
              { intent: "password", currentPassword: PASSWORD, newPassword, newPasswordConfirm: newPassword },
              { Cookie: thisDevice },
            ),
          ),
        ),
      ),
    );
    expect(response.headers.get("Location")).toBe("/account");
    const fresh = cookieNamed(response, "__session");
    expect((await userFromCookie(fresh))?.id).toBe(buyer.id);
    expect(await userFromCookie(thisDevice)).toBeNull();
    expect(await userFromCookie(otherDevice)).toBeNull();

    const withNew = await authenticate({ identifier: buyer.email, password: newPassword, clientKey: null });
    expect(withNew.id).toBe(buyer.id);
    const withOld = await authenticate({
      identifier: buyer.email,
      password: PASSWORD,
      clientKey: null,
    }).catch((e: unknown) => e);
    expect(isDomainError(withOld) && withOld.kind).toBe("invalid");
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, buyer.id), eq(auditLog.action, "account.password_changed")));
    expect(audit).toHaveLength(1);
  });

  it("refuses a wrong current password or a weak new one, signing no one out", async () => {
    const buyer = await newBuyer();
    const cookie = sessionCookieOf(await createUserSessionCookie(buyer.id));
    const [before] = await db().select().from(users).where(eq(users.id, buyer.id));
    const wrong = asFailure(
      await accountAction(
        args(
          post(
            "/account",
            {
              intent: "password",
              currentPassword: "not it",
              newPassword: "good new words",
              newPasswordConfirm: "good new words",
            },
            { Cookie: cookie },
          ),
        ),
      ),
      400,
    );
    expect(wrong.fieldErrors.currentPassword).toBe("accounts.errors.currentPasswordWrong");
    expect(wrong.values).toEqual({ intent: "password" });
    const weak = asFailure(
      await accountAction(
        args(
          post(
            "/account",
            {
              intent: "password",
              currentPassword: PASSWORD,
              newPassword: "12345678",
              newPasswordConfirm: "12345678",
            },
            { Cookie: cookie },
          ),
        ),
      ),
      400,
    );
    expect(weak.fieldErrors.newPassword).toBe("accounts.errors.passwordTooCommon");
    const [after] = await db().select().from(users).where(eq(users.id, buyer.id));
    expect(after?.passwordHash).toBe(before?.passwordHash);
    expect(after?.sessionsValidAfter.getTime()).toBe(before?.sessionsValidAfter.getTime());
    expect((await userFromCookie(cookie))?.id).toBe(buyer.id);
  });

  it("saves the language on the account and in the language cookie", async () => {
    const buyer = await newBuyer();
    const cookie = sessionCookieOf(await createUserSessionCookie(buyer.id));
    const response = asRedirect(
      await outcome(() =>
        accountAction(args(post("/account", { intent: "language", locale: "en" }, { Cookie: cookie }))),
      ),
    );
    const [row] = await db().select().from(users).where(eq(users.id, buyer.id));
    expect(row?.locale).toBe("en");
    expect(cookieNamed(response, "lang")).not.toBeNull();
    expect(cookieNamed(response, "__session")).not.toBeNull();
    asFailure(
      await accountAction(args(post("/account", { intent: "language", locale: "fr" }, { Cookie: cookie }))),
      400,
    );
    asFailure(
      await accountAction(args(post("/account", { intent: "delete-everything" }, { Cookie: cookie }))),
      400,
    );
  });
});

beforeAll(async () => {
  // Sanity: each test file starts from an empty, migrated database.
  expect(await countUsers()).toBe(0);
});
