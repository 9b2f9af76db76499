import { redirect } from "@remix-run/node";
import { findSessionUser, hasRole, type Role, type SessionUser } from "~/domain/accounts/users.server";
import { forbidden } from "~/domain/errors";
import { rethrowAsHttp } from "./http.server";
import { getSession } from "./session.server";

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
