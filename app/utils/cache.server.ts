import { getCurrentUser } from "./auth.server";
import { catalogCacheHeaders } from "./cache";
import { guestCartToken } from "./cart.server";
import { getSession } from "./session.server";

/**
 * Cache headers for a public catalog page: the root layout shows the signed-in user's name, any
 * flash message and a guest's cart count, so the page is the same for everyone (in one language)
 * only when the request carries none of them.
 */
export async function publicPageHeaders(request: Request): Promise<Record<string, string>> {
  const [user, session, cartToken] = await Promise.all([
    getCurrentUser(request),
    getSession(request),
    guestCartToken(request),
  ]);
  return catalogCacheHeaders({ personal: user !== null || session.has("flash") || cartToken !== null });
}
