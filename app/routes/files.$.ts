import type { LoaderFunctionArgs } from "@remix-run/node";
import { mayViewEvidence } from "~/domain/listings/certificates.server";
import { areaOfKey } from "~/domain/storage/keys";
import { fileStorage } from "~/domain/storage/storage.server";
import { getCurrentUser } from "~/utils/auth.server";

const notFound = () =>
  new Response("Không tìm thấy tệp. / File not found.", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });

/**
 * Serves stored files. Photos and logos are public and never change under their random key, so
 * they are cached for a year. A certificate scan is shown only to the owning cooperative's
 * managers, reviewers whose area covers it, and admins; to anyone else it does not exist.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const key = params["*"] ?? "";
  const area = areaOfKey(key);
  if (!area) return notFound();
  const restricted = area === "certificates";
  if (restricted && !(await mayViewEvidence(await getCurrentUser(request), key))) return notFound();
  const file = await fileStorage().get(key);
  if (!file) return notFound();
  return new Response(file.bytes, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.byteLength),
      "Cache-Control": restricted ? "private, no-store" : "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      ...(restricted ? { "Content-Disposition": "inline" } : {}),
    },
  });
}
