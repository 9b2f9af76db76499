import { and, desc, eq, gt, max, type SQL, sql } from "drizzle-orm";
import { DomainError } from "~/domain/errors";
import { type Db, db as defaultDb, rowsOf } from "~db/client.server";
import { loginAttempts } from "~db/schema";
import { findLoginCandidate } from "./account.server";
import { loginKey, parseIdentifier } from "./identifiers";
import { hashPassword, verifyPassword } from "./password.server";
import { findSessionUser, type SessionUser } from "./users.server";

/** Failed logins are counted over this window. */
export const LOGIN_WINDOW_MINUTES = 15;
/** Failures for one email/phone within the window before it is locked (guessing one account's password). */
export const MAX_FAILURES_PER_IDENTIFIER = 5;
/** Failures from one client within the window before it is locked (trying many accounts). */
export const MAX_FAILURES_PER_CLIENT = 20;
/** Stored as the client hash when the client's address is unknown; never counted as one client. */
export const UNKNOWN_CLIENT = "unknown";

const WINDOW_MS = LOGIN_WINDOW_MINUTES * 60_000;

export interface Credentials {
  /** As typed: an email or a mobile number in any common written form. */
  identifier: string;
  password: string;
  /** A hash of the client's address (see clientKeyFor), or null when unknown. */
  clientKey: string | null;
  /** The current time; defaults to the database's clock. Injected by tests. */
  now?: Date;
}

// Compared against when no account matches, so a wrong email costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;
function timingDummy(): Promise<string> {
  dummyHash ??= hashPassword("no account has this password, it only spends the same time");
  return dummyHash;
}

/** When the most recent `limit` failures (newer than `after`) keep the lock on: null if fewer. */
async function lockedUntil(t: Db, where: SQL, after: Date, limit: number): Promise<Date | null> {
  const failures = await t
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(where, eq(loginAttempts.succeeded, false), gt(loginAttempts.at, after)))
    .orderBy(desc(loginAttempts.at))
    .limit(limit);
  const oldest = failures[limit - 1];
  return oldest ? new Date(oldest.at.getTime() + WINDOW_MS) : null;
}

type Gate = { kind: "locked"; until: Date; now: Date } | { kind: "open"; attemptId: string };

/**
 * Checks the limits and records the attempt as failed in one short transaction, before the
 * password is checked: parallel guesses queue on an advisory lock and each one is counted, so
 * a burst cannot slip past the limit. A correct password then marks its attempt as succeeded.
 */
async function passGate(key: string, clientKey: string | null, now: Date | undefined, tx: Db): Promise<Gate> {
  return tx.transaction(async (t) => {
    await t.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`login:id:${key}`}, 0))`);
    if (clientKey) {
      await t.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`login:client:${clientKey}`}, 0))`);
    }
    const at =
      now ??
      rowsOf<{ now: string | Date }>(await t.execute(sql`select now() as now`)).map(
        (r) => new Date(r.now),
      )[0];
    if (!at) throw new Error("the database did not report its clock");
    const windowStart = new Date(at.getTime() - WINDOW_MS);

    // A successful login proves the password is known, so earlier failures of that account stop counting.
    const [lastSuccess] = await t
      .select({ at: max(loginAttempts.at) })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.identifier, key), eq(loginAttempts.succeeded, true)));
    const identifierFrom = lastSuccess?.at && lastSuccess.at > windowStart ? lastSuccess.at : windowStart;
    const locks = await Promise.all([
      lockedUntil(t, eq(loginAttempts.identifier, key), identifierFrom, MAX_FAILURES_PER_IDENTIFIER),
      clientKey
        ? lockedUntil(t, eq(loginAttempts.clientHash, clientKey), windowStart, MAX_FAILURES_PER_CLIENT)
        : null,
    ]);
    const until = locks
      .filter((d): d is Date => d !== null && d > at)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    if (until) return { kind: "locked", until, now: at };

    const [attempt] = await t
      .insert(loginAttempts)
      .values({ identifier: key, clientHash: clientKey ?? UNKNOWN_CLIENT, succeeded: false, at })
      .returning({ id: loginAttempts.id });
    if (!attempt) throw new Error("insert into login_attempts returned no row");
    return { kind: "open", attemptId: attempt.id };
  });
}

/**
 * Checks an email-or-phone and password. Returns the signed-in user, or throws
 * DomainError("invalid", "accounts.errors.invalidCredentials") without saying whether the
 * account exists, or DomainError("rate_limited", …, { minutes }) after too many failures; a
 * locked attempt is not checked against the password at all.
 */
export async function authenticate(input: Credentials, tx: Db = defaultDb()): Promise<SessionUser> {
  const key = loginKey(input.identifier);
  const gate = await passGate(key, input.clientKey, input.now, tx);
  if (gate.kind === "locked") {
    const minutes = Math.max(1, Math.ceil((gate.until.getTime() - gate.now.getTime()) / 60_000));
    throw new DomainError("rate_limited", "accounts.errors.tooManyAttempts", { minutes });
  }

  const parsed = parseIdentifier(input.identifier);
  const candidate = parsed.ok ? await findLoginCandidate(parsed.identifier, tx) : null;
  const passwordOk = await verifyPassword(input.password, candidate?.passwordHash ?? (await timingDummy()));
  if (!candidate || !passwordOk) {
    throw new DomainError("invalid", "accounts.errors.invalidCredentials");
  }
  // Said only to someone who knows the password, so it tells an outsider nothing.
  if (candidate.disabled) throw new DomainError("forbidden", "accounts.errors.accountDisabled");

  await tx.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, gate.attemptId));
  const user = await findSessionUser(candidate.id, tx);
  if (!user) throw new DomainError("invalid", "accounts.errors.invalidCredentials");
  return user;
}
