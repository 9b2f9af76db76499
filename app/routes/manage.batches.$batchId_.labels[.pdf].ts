import type { LoaderFunctionArgs } from "@remix-run/node";
import { findOwnedBatch } from "~/domain/trace/batches.server";
import { labelRequestSchema, renderBatchLabels } from "~/domain/trace/units.server";
import { translate } from "~/i18n";
import { getEnv } from "~/utils/env.server";
import { rethrowAsHttp } from "~/utils/http.server";
import { requireManager } from "~/utils/manage.server";
import { getLocale } from "~/utils/session.server";

/**
 * The label sheet PDF, opened by the labels page's GET form. Bad input gets a 400 that says
 * what to change, in the reader's language; the PDF opens in the browser's viewer to print.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireManager(request);
  const locale = await getLocale(request);
  // Ownership first: another cooperative's batch is a 404 whatever the query says.
  await findOwnedBatch(user, params.batchId ?? "").catch(rethrowAsHttp);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const badRequest = (keys: string[]) =>
    new Response(keys.map((k) => translate(locale, k)).join("\n"), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  const parsed = labelRequestSchema.safeParse({ size: "medium", ...query });
  if (!parsed.success) {
    return badRequest([...new Set(parsed.error.issues.map((i) => i.message))].map(knownKey));
  }
  let sheet: Awaited<ReturnType<typeof renderBatchLabels>>;
  try {
    sheet = await renderBatchLabels(user, params.batchId ?? "", parsed.data, {
      origin: getEnv().PUBLIC_ORIGIN,
      locale,
    });
  } catch (error) {
    const fieldErrors = (error as { fieldErrors?: Record<string, string> }).fieldErrors;
    if (fieldErrors && Object.keys(fieldErrors).length) return badRequest(Object.values(fieldErrors));
    throw error;
  }
  const filename = `tem-${sheet.lot.replace(/[^A-Za-z0-9._-]/g, "_")}.pdf`;
  return new Response(new Uint8Array(sheet.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(sheet.pdf.byteLength),
      "Content-Disposition": `inline; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** zod's own messages (an unknown size) are not dictionary keys. */
const knownKey = (message: string) => (message.startsWith("batches.") ? message : "batches.errors.labelSize");
