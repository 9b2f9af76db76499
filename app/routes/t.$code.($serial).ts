import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseShortTracePath } from "~/domain/labels/digital-link";
import { respondToTraceRequest } from "~/utils/trace-resolver.server";

/** The short trace path of products without a GTIN: /t/{code}[/{serial}], the same page as a Digital Link. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const parsed = parseShortTracePath(new URL(request.url).pathname);
  return respondToTraceRequest(
    request,
    parsed.ok
      ? { ok: true, value: { ...parsed.value, key: { publicCode: parsed.value.publicCode } } }
      : parsed,
    context,
  );
}
