import type { LoaderFunctionArgs } from "@remix-run/node";
import { batchLinkUrl } from "~/domain/labels/digital-link";
import { qrPng } from "~/domain/labels/qr.server";
import { findOwnedBatch } from "~/domain/trace/batches.server";
import { getEnv } from "~/utils/env.server";
import { rethrowAsHttp } from "~/utils/http.server";
import { requireManager } from "~/utils/manage.server";

/** The batch's QR code as a PNG (?width= 64–2048 px, 512 by default), e.g. to paste into a packaging design. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireManager(request);
  const { batch, product } = await findOwnedBatch(user, params.batchId ?? "").catch(rethrowAsHttp);
  const asked = new URL(request.url).searchParams.get("width");
  const width = asked === null ? 512 : Number(asked);
  if (!Number.isInteger(width) || width < 64 || width > 2048) {
    return new Response("Độ rộng ảnh phải từ 64 đến 2048 điểm ảnh. / The width must be 64 to 2048 pixels.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const url = batchLinkUrl(getEnv().PUBLIC_ORIGIN, {
    gtin: product.gtin,
    lot: batch.lot,
    publicCode: batch.publicCode,
  });
  const png = await qrPng(url, { width });
  return new Response(new Uint8Array(png), {
    headers: {
      "Content-Type": "image/png",
      "Content-Length": String(png.byteLength),
      "Cache-Control": "private, max-age=3600",
      "Content-Disposition": `inline; filename="qr-${batch.lot.replace(/[^A-Za-z0-9._-]/g, "_")}.png"`,
    },
  });
}
