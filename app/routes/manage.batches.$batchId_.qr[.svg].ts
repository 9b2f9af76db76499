import type { LoaderFunctionArgs } from "@remix-run/node";
import { batchLinkUrl } from "~/domain/labels/digital-link";
import { qrSvg } from "~/domain/labels/qr.server";
import { findOwnedBatch } from "~/domain/trace/batches.server";
import { getEnv } from "~/utils/env.server";
import { rethrowAsHttp } from "~/utils/http.server";
import { requireManager } from "~/utils/manage.server";

/** The batch's QR code (its Digital Link or /t/ URL) as SVG, for the back office to show or save. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireManager(request);
  const { batch, product } = await findOwnedBatch(user, params.batchId ?? "").catch(rethrowAsHttp);
  const url = batchLinkUrl(getEnv().PUBLIC_ORIGIN, {
    gtin: product.gtin,
    lot: batch.lot,
    publicCode: batch.publicCode,
  });
  return new Response(await qrSvg(url), {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      // Behind a login: never in a shared cache. The code of a batch does not change.
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
