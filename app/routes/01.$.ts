import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseDigitalLinkPath } from "~/domain/labels/digital-link";
import { respondToTraceRequest } from "~/utils/trace-resolver.server";

/**
 * GS1 Digital Link: /01/{gtin}/10/{lot}[/21/{serial}]. The scan page for people, the linkset,
 * a single link or the EPCIS document for machines (see trace-resolver.server.tsx).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const parsed = parseDigitalLinkPath(new URL(request.url).pathname);
  return respondToTraceRequest(
    request,
    parsed.ok
      ? {
          ok: true,
          value: { ...parsed.value, key: { gtin: parsed.value.gtin, lot: parsed.value.lot ?? "" } },
        }
      : parsed,
    context,
  );
}
