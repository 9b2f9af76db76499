import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAreaFigures } from "~/domain/reports/area-figures.server";
import { buildAreaFiguresCsv } from "~/domain/reports/area-figures-csv";
import { messagesFor } from "~/i18n";
import { requireRole } from "~/utils/auth.server";
import { getLocale } from "~/utils/session.server";

/** The reviewer's area figures as a CSV download (UTF-8 with BOM, so Excel shows Vietnamese correctly). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "reviewer");
  const [figures, locale] = await Promise.all([getAreaFigures(user), getLocale(request)]);
  const filename = `${messagesFor(locale).review.csv.filename}-${figures.today}.csv`;
  return new Response(buildAreaFiguresCsv(figures, locale), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
