import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createCookie, createCookieSessionStorage } from "@remix-run/node";
import { defaultLocale, isLocale, type Locale, localeFromAcceptLanguage } from "~/i18n";
import { type Env, getEnv } from "./env.server";

/**
 * The session secret: SESSION_SECRET when set (required with DATABASE_URL); on the embedded
 * database, a random secret generated once and kept beside the data, so a first start needs no
 * configuration and sessions survive restarts.
 */
export function resolveSessionSecret(env: Env): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  const file = path.resolve(env.DATA_DIR, "session-secret");
  // Read once per data directory: signing order links and cookies must not touch the disk.
  const known = secretsByFile.get(file);
  if (known) return known;
  let secret: string | undefined;
  if (existsSync(file)) {
    const stored = readFileSync(file, "utf8").trim();
    if (stored.length >= 32) secret = stored;
  }
  if (!secret) {
    mkdirSync(path.dirname(file), { recursive: true });
    secret = randomBytes(32).toString("base64url");
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  }
  secretsByFile.set(file, secret);
  return secret;
}

const secretsByFile = new Map<string, string>();

type SessionData = { userId: string; issuedAt: number };
type FlashData = { flash: { kind: "success" | "error"; messageKey: string } };

function makeStorage() {
  const env = getEnv();
  return createCookieSessionStorage<SessionData, FlashData>({
    cookie: {
      name: "__session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: env.PUBLIC_ORIGIN.startsWith("https://"),
      secrets: [resolveSessionSecret(env)],
      maxAge: 60 * 60 * 24 * 30,
    },
  });
}

let storage: ReturnType<typeof makeStorage> | undefined;
export function sessionStorage() {
  storage ??= makeStorage();
  return storage;
}

export async function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

export async function commitSession(session: Awaited<ReturnType<typeof getSession>>) {
  return sessionStorage().commitSession(session);
}

/** A flash message shown once on the next page (POST, then redirect). */
export async function flashHeaders(request: Request, kind: "success" | "error", messageKey: string) {
  const session = await getSession(request);
  session.flash("flash", { kind, messageKey });
  return { "Set-Cookie": await commitSession(session) };
}

/** The language cookie: set by the switch, read before Accept-Language. Readable on purpose, not secret. */
export const langCookie = createCookie("lang", { path: "/", sameSite: "lax", maxAge: 60 * 60 * 24 * 365 });

export async function getLocale(request: Request): Promise<Locale> {
  const fromCookie: unknown = await langCookie.parse(request.headers.get("Cookie"));
  if (isLocale(fromCookie)) return fromCookie;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? defaultLocale;
}
