import { resolverDescription } from "~/domain/labels/linkset";
import { getEnv } from "~/utils/env.server";

/** The GS1-Conformant Resolver description document, so GS1 tools can discover this resolver. */
export function loader() {
  return Response.json(resolverDescription(getEnv().PUBLIC_ORIGIN), {
    headers: { "Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*" },
  });
}
