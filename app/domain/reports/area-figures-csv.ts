import { type Locale, messagesFor, translate } from "~/i18n";
import { EXPIRY_WARNING_DAYS, ocopGroups } from "../listings/ocop";
import { listingStatuses } from "../listings/state";
import type { AreaFigures } from "./area-figures.server";
import { type CsvCell, toCsv } from "./csv";

/** The area figures as one CSV table (section, item, value), headed in the reader's language. */
export function buildAreaFiguresCsv(figures: AreaFigures, locale: Locale): string {
  const t = messagesFor(locale).review;
  const f = t.figures;
  const rows: CsvCell[][] = [[t.csv.section, t.csv.item, t.csv.value]];
  const s = figures.summary;
  rows.push(
    [f.summary, f.cooperatives, s.cooperatives],
    [f.summary, f.sellingCooperatives, s.sellingCooperatives],
    [f.summary, f.approvedListings, s.approvedListings],
    [f.summary, f.orders, s.orders],
    [f.summary, f.onlineOrders, s.onlineOrders],
    [f.summary, f.unitsSold, s.unitsSold],
    [f.summary, t.csv.revenueVnd, s.revenueVnd],
    [f.summary, f.scans, s.scans],
  );
  for (const status of listingStatuses) rows.push([f.byStatus, t.statuses[status], figures.byStatus[status]]);
  for (const stars of [3, 4, 5] as const) {
    rows.push([f.byStars, translate(locale, "review.stars", { stars }), figures.byStars[stars]]);
  }
  for (const group of ocopGroups) rows.push([f.byGroup, t.groups[group], figures.byGroup[group]]);
  for (const place of figures.byPlace) {
    rows.push([f.byPlace, place.district ? `${place.name} (${place.district})` : place.name, place.n]);
  }
  rows.push(
    [
      f.turnaround,
      t.csv.medianHours,
      figures.medianDecisionHours === null ? null : Math.round(figures.medianDecisionHours * 10) / 10,
    ],
    [f.turnaround, t.csv.decisions, figures.decisions],
  );
  const expiringTitle = translate(locale, "review.figures.expiring", { days: EXPIRY_WARNING_DAYS });
  for (const e of figures.expiring) {
    rows.push([
      expiringTitle,
      translate(locale, "review.csv.expiringItem", {
        product: e.productName,
        cooperative: e.cooperativeName,
        decisionNo: e.decisionNo,
      }),
      e.expiresOn,
    ]);
  }
  return toCsv(rows);
}
