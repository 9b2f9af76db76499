import type { LoaderFunctionArgs } from "@remix-run/node";
import { respondToTraceRequest } from "~/utils/trace-resolver.server";

/** The short trace path of products without a GTIN: /t/{code}[/{serial}], the same page as a Digital Link. */
export function loader({ request, context }: LoaderFunctionArgs) {
  return respondToTraceRequest(request, context);
}
