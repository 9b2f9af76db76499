import type { LoaderFunctionArgs } from "@remix-run/node";
import { respondToTraceRequest } from "~/utils/trace-resolver.server";

/**
 * GS1 Digital Link: /01/{gtin}/10/{lot}[/21/{serial}]. The scan page for people, the linkset,
 * a single link or the EPCIS document for machines (see trace-resolver.server.tsx).
 */
export function loader({ request, context }: LoaderFunctionArgs) {
  return respondToTraceRequest(request, context);
}
