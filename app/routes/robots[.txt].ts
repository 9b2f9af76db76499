import { robotsTxt } from "~/domain/catalog/seo";
import { cachePublicLong } from "~/utils/cache";
import { getEnv } from "~/utils/env.server";

export function loader() {
  return new Response(robotsTxt(getEnv().PUBLIC_ORIGIN), {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": cachePublicLong },
  });
}
