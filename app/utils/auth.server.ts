import { createHmac } from "node:crypto";
import { redirect } from "@remix-run/node";
import { findSessionUser, hasRole, type Role, type SessionUser } from "~/domain/accounts/users.server";
import { forbidden } from "~/domain/errors";
import { getEnv } from "./env.server";
import { rethrowAsHttp } from "./http.server";
import { commitSession, getSession, resolveSessionSecret, sessionStorage } from "./session.server";

/** The signed-in user, or null. A session issued before the user's last password change is refused. */
export async function getCurrentUser(request: Request): Promise<SessionUser | null> {
  const session = await getSession(request);
  const userId = session.get("userId");
  if (!userId) return null;
  const user = await findSessionUser(userId);
  if (!user) return null;
  const issuedAt = session.get("issuedAt") ?? 0;
  if (issuedAt < user.sessionsValidAfter.getTime()) return null;
  return user;
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
}

/** Anonymous visitors are sent to the login page, and come back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getCurrentUser(request);
  if (!user) loginRedirect(request);
  return user;
}

/** Signed in and holding one of the roles, else 403. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!roles.some((role) => hasRole(user, role))) rethrowAsHttp(forbidden());
  return user;
}

type Flash = { kind: "success" | "error"; messageKey: string };

/**
 * The Set-Cookie value of a fresh session for the user (login, sign-up, after a password
 * change). `issuedAt` defaults to now; after a password change pass the new sessionsValidAfter so
 * this device stays signed in. Tests use it to act as a user: send its `name=value` part as Cookie.
 */
export async function createUserSessionCookie(
  userId: string,
  options: { issuedAt?: number; flash?: Flash } = {},
): Promise<string> {
  // A new session rather than the visitor's old one: nothing from before the login carries over.
  const session = await sessionStorage().getSession();
  session.set("userId", userId);
  session.set("issuedAt", options.issuedAt ?? Date.now());
  if (options.flash) session.flash("flash", options.flash);
  return commitSession(session);
}

/** The Set-Cookie value that signs the browser out: an empty session, carrying only an optional flash. */
export async function signedOutSessionCookie(flash?: Flash): Promise<string> {
  const session = await sessionStorage().getSession();
  if (flash) session.flash("flash", flash);
  return commitSession(session);
}

/**
 * Who is attempting a login, for the per-client rate limit: an HMAC of the address keyed by the
 * session secret, so the database never holds a raw IP. Remix's Express adapter does not hand the
 * socket address to routes, so the only source is the first X-Forwarded-For hop set by a reverse
 * proxy; without one the address is unknown (null) and only the per-account limit applies, because
 * one shared "unknown" bucket would let a single attacker lock every visitor out. Behind no proxy the
 * header can be forged, which only weakens the per-client limit, never the per-account one.
 */
export function clientKeyFor(request: Request, clientAddress?: string): string | null {
  // The HTTP server passes the connection's address (Express `req.ip`, which honours
  // X-Forwarded-For only from a trusted proxy); without it, fall back to the header.
  const address = clientAddress || request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  if (!address) return null;
  return createHmac("sha256", resolveSessionSecret(getEnv()))
    .update(`login-client:${address}`)
    .digest("base64url");
}
