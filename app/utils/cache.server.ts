import { getCurrentUser } from "./auth.server";
import { catalogCacheHeaders } from "./cache";
import { getSession } from "./session.server";

/**
 * Cache headers for a public catalog page: the root layout shows the signed-in user's name and
 * any flash message, so the page is the same for everyone (in one language) only when the
 * request carries neither.
 */
export async function publicPageHeaders(request: Request): Promise<Record<string, string>> {
  const [user, session] = await Promise.all([getCurrentUser(request), getSession(request)]);
  return catalogCacheHeaders({ personal: user !== null || session.has("flash") });
}
