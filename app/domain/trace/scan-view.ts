/**
 * The scan page's view model (pure): a batch's public record turned into the sentences a
 * shopper reads, in their language. Plain JSON (strings, numbers, booleans), so the page
 * component only lays it out.
 */
import { type Locale, messagesFor, translate } from "~/i18n";
import { TIME_ZONE } from "~/utils/format";
import { digitalLinkPath, shortTracePath } from "../labels/digital-link";
import { buildLinkset, type Linkset } from "../labels/linkset";
import { certificateState, daysUntil, visibleStars } from "../listings/ocop";
import { isStorageKey, PHOTO_WIDTHS, photoUrl } from "../storage/keys";
import { verifyChain } from "./hash-chain";
import type { PublicLinkedBatch, PublicRegion, PublicTrace, PublicTraceEvent } from "./public.server";

export interface ScanLink {
  href: string;
  text: string;
}

export interface ScanFact {
  label: string;
  value: string;
}

export interface ScanResult {
  name: string;
  value: string;
  limit: string | null;
  pass: boolean | null;
  passText: string | null;
}

export interface ScanEntry {
  seq: number;
  anchor: string;
  title: string;
  /** "05/09/2026, 06:30" in Vietnam's time, and the ISO instant for <time datetime>. */
  when: string;
  whenIso: string;
  place: string | null;
  facts: ScanFact[];
  results: ScanResult[];
  verdict: { pass: boolean; text: string } | null;
  /** Spraying: whether the harvest kept the pre-harvest interval. */
  phi: { ok: boolean; text: string } | null;
  inputs: ScanLink[];
  photos: ScanLink[];
  /** This entry corrects an earlier one. */
  correction: { text: string; href: string; reason: string | null } | null;
  /** Later entries corrected this one. */
  correctedBy: { text: string; links: ScanLink[] } | null;
}

export type ScanIntegrity =
  | { intact: true; title: string; body: string; checkCode: string | null }
  | { intact: false; title: string; body: string; advice: string };

export interface ScanView {
  locale: Locale;
  title: string;
  description: string;
  /** The page's own path (canonical), its batch's path, and the language switch's target. */
  pagePath: string;
  batchPath: string;
  epcisHref: string;
  product: { name: string; href: string };
  photo: { src: string; srcSet: string; width: number; height: number; alt: string } | null;
  ocop: {
    stars: number | null;
    starsText: string | null;
    lines: string[];
    warning: string | null;
  };
  cooperative: { name: string; place: string };
  batch: {
    lot: string;
    serial: string | null;
    facts: ScanFact[];
    status: string;
    statusText: string;
  };
  recall: { heading: string; lines: string[] } | null;
  recallNone: string;
  unit: { heading: string; scans: string; seal: { title: string; body: string } | null } | null;
  buyHref: string | null;
  integrity: ScanIntegrity;
  diary: ScanEntry[];
  back: ScanLink[];
  backTexts: string[];
  forward: ScanLink[];
  forwardTexts: string[];
}

export interface ScanViewOptions {
  locale: Locale;
  /** Today in Vietnam, "YYYY-MM-DD" (certificate validity). */
  today: string;
  /** Scans of the unit so far (this one included) and on how many devices. */
  unitScans?: { scans: number; devices: number } | null;
}

/** A unit scanned on this many different devices gets the "check the seal" warning. */
export const SEAL_WARNING_DEVICES = 5;

/** The path a batch (or one of its units) is printed as: Digital Link with a GTIN, else /t/. */
export function batchPagePath(
  batch: { gtin: string | null; lot: string; publicCode: string },
  serial?: string | null,
): string {
  return batch.gtin
    ? digitalLinkPath({ gtin: batch.gtin, lot: batch.lot, serial })
    : shortTracePath(batch.publicCode, serial);
}

export function productPagePath(slug: string): string {
  return `/san-pham/${encodeURIComponent(slug)}`;
}

// Intl formatters cost far more to build than to use: build each once. Same output as
// formatDate / formatDateTime in ~/utils/format.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function formatter<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}
const intlLocale = (locale: Locale) => (locale === "vi" ? "vi-VN" : "en-GB");
const dateFormat = (locale: Locale) =>
  formatter(
    `date ${locale}`,
    () =>
      new Intl.DateTimeFormat(intlLocale(locale), {
        timeZone: TIME_ZONE,
        day: "2-digit",
        month: "2-digit",
        year: "numeric",
      }),
  );
const timeFormat = (locale: Locale) =>
  formatter(
    `time ${locale}`,
    () =>
      new Intl.DateTimeFormat(intlLocale(locale), {
        timeZone: TIME_ZONE,
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }),
  );
const numberFormat = (locale: Locale) =>
  formatter(`number ${locale}`, () => new Intl.NumberFormat(intlLocale(locale)));

// Vietnam has kept UTC+07:00, with no daylight saving, since 13 June 1975: from then on its
// calendar day and clock are the UTC fields of the instant moved forward seven hours, which
// gives Intl's text (dd/mm/yyyy and HH:mm in both languages, as tests/unit/scan-view.test.ts
// checks) for a fraction of its cost. Anything older goes through Intl.
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const FIXED_OFFSET_SINCE_MS = Date.UTC(1975, 5, 12, 17);
const FIXED_OFFSET_SINCE_DAY = "1975-06-13";
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
/** The instant as Vietnam's wall clock, in a Date's UTC fields; null before the fixed offset (or invalid). */
function vietnamClock(value: Date | string): Date | null {
  const ms = new Date(value).getTime();
  return ms >= FIXED_OFFSET_SINCE_MS ? new Date(ms + VIETNAM_OFFSET_MS) : null;
}

/** 21/11/2026: an ISO date is a day in Vietnam; an instant is shown in Vietnam's time. */
export function formatDate(value: Date | string, locale: Locale): string {
  if (typeof value === "string" && ISO_DAY.test(value)) {
    if (value >= FIXED_OFFSET_SINCE_DAY)
      return `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`;
    return dateFormat(locale).format(new Date(`${value}T00:00:00+07:00`));
  }
  const clock = vietnamClock(value);
  if (!clock) return dateFormat(locale).format(new Date(value));
  return `${pad2(clock.getUTCDate())}/${pad2(clock.getUTCMonth() + 1)}/${clock.getUTCFullYear()}`;
}
/** 21/11/2026, 14:05 in Vietnam's time. */
export function formatDateTime(value: Date | string, locale: Locale): string {
  const clock = vietnamClock(value);
  const time = clock
    ? `${pad2(clock.getUTCHours())}:${pad2(clock.getUTCMinutes())}`
    : timeFormat(locale).format(new Date(value));
  return `${formatDate(value, locale)}, ${time}`;
}
/** The calendar day of an instant in Vietnam, "YYYY-MM-DD" (as todayInVietnam). */
export function dayOf(at: Date | string): string {
  const clock = vietnamClock(at);
  if (!clock) {
    return formatter("day", () => new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE })).format(
      new Date(at),
    );
  }
  return `${clock.getUTCFullYear()}-${pad2(clock.getUTCMonth() + 1)}-${pad2(clock.getUTCDate())}`;
}
const dayNumber = (isoDay: string) => Math.round(Date.parse(`${isoDay}T00:00:00Z`) / 86_400_000);
const addDays = (isoDay: string, days: number) =>
  new Date((dayNumber(isoDay) + days) * 86_400_000).toISOString().slice(0, 10);

/** "xã Bằng Phúc, huyện Chợ Đồn, tỉnh Bắc Kạn (nay là xã Đồng Phúc, tỉnh Thái Nguyên)". */
export function formatPlace(
  place: readonly PublicRegion[],
  currentPlace: readonly PublicRegion[] | null,
  locale: Locale,
): string {
  const names = (regions: readonly PublicRegion[]) =>
    [...regions]
      .reverse()
      .map((r) => translate(locale, `scan.place.${r.level}`, { name: r.name }))
      .join(", ");
  const registered = names(place);
  const legacy = place.some((r) => r.scheme === "legacy");
  if (!legacy || !currentPlace?.length) return registered;
  return `${registered} (${translate(locale, "scan.place.now", { place: names(currentPlace) })})`;
}

export function buildScanView(trace: PublicTrace, options: ScanViewOptions): ScanView {
  const { locale, today } = options;
  const t = messagesFor(locale).scan;
  const tr = (key: string, params: Record<string, string | number> = {}) =>
    translate(locale, `scan.${key}`, params);
  const number = (n: number) => numberFormat(locale).format(n);
  const str = (v: unknown): string | null =>
    typeof v === "string" ? v.trim() || null : typeof v === "number" && Number.isFinite(v) ? number(v) : null;
  const amount = (q: unknown, unit: unknown): string | null => {
    const n = str(q);
    if (!n) return null;
    const u = str(unit);
    return u ? `${n} ${u}` : n;
  };
  const date = (v: unknown) => (typeof v === "string" && ISO_DAY.test(v) ? formatDate(v, locale) : str(v));

  const { batch, product, cooperative } = trace;
  const serial = trace.unit?.serial ?? null;
  const identity = { gtin: product.gtin, lot: batch.lot, publicCode: batch.publicCode };
  const batchPath = batchPagePath(identity);
  const pagePath = batchPagePath(identity, serial);
  const linkedPath = (b: PublicLinkedBatch) => batchPagePath(b);

  // Diary: who corrects whom, and the harvest day for the pre-harvest interval check.
  const bySeq = new Map(trace.events.map((e) => [e.id, e]));
  const correctedBy = new Map<string, PublicTraceEvent[]>();
  for (const e of trace.events) {
    if (e.correctionOf) correctedBy.set(e.correctionOf, [...(correctedBy.get(e.correctionOf) ?? []), e]);
  }
  const effective = trace.events.filter((e) => !correctedBy.has(e.id));
  const harvests = effective.filter((e) => e.kind === "harvesting").map((e) => dayOf(e.eventTime));
  const harvestDay = harvests.sort().at(-1) ?? null;
  const kindTitle = (kind: string) => (t.kinds as Record<string, string>)[kind] ?? t.kinds.note;
  const entryHref = (seq: number) => `#e${seq}`;

  const diary = trace.events.map((e): ScanEntry => {
    const d = e.details ?? {};
    const facts: ScanFact[] = [];
    const fact = (label: string, value: string | null) => {
      if (value) facts.push({ label, value });
    };
    const f = t.fields;
    switch (e.kind) {
      case "planting":
        fact(f.variety, str(d.variety));
        fact(f.crop, str(d.crop));
        fact(f.seedSource, str(d.seedSource));
        fact(f.plot, str(d.plot));
        fact(f.area, amount(d.area, d.areaUnit));
        fact(f.seedlings, str(d.seedlings));
        break;
      case "fertilising":
      case "spraying":
        fact(f.product, str(d.product));
        fact(f.activeIngredient, str(d.activeIngredient));
        fact(f.dose, amount(d.dose, d.doseUnit));
        fact(f.target, str(d.target));
        fact(f.area, amount(d.area, d.areaUnit));
        fact(f.method, str(d.method));
        if (typeof d.preHarvestIntervalDays === "number") {
          fact(f.preHarvestIntervalDays, tr("fields.days", { n: d.preHarvestIntervalDays }));
        }
        break;
      case "harvesting":
        fact(f.quantity, amount(d.quantity, d.unit));
        fact(f.hives, str(d.hives));
        fact(f.source, str(d.source));
        break;
      case "processing": {
        fact(f.step, str(d.step));
        if (Array.isArray(d.inputs)) {
          const listed = d.inputs
            .map((i) => {
              const item = (i ?? {}) as Record<string, unknown>;
              const what = [str(item.name), amount(item.quantity, item.unit)].filter(Boolean).join(" ");
              const lot = str(item.lot);
              return lot ? `${what} (${tr("lotLabel", { lot })})` : what;
            })
            .filter(Boolean);
          fact(f.inputs, listed.join("; ") || null);
        }
        fact(f.input, amount(d.inputQuantity, d.inputUnit));
        fact(f.output, amount(d.outputQuantity, d.unit));
        fact(f.alcoholPercent, typeof d.alcoholPercent === "number" ? `${number(d.alcoholPercent)}%` : null);
        fact(
          f.moisturePercent,
          typeof d.moisturePercent === "number" ? `${number(d.moisturePercent)}%` : null,
        );
        break;
      }
      case "sampling":
        fact(f.sampleSize, amount(d.sampleSize, d.unit));
        fact(f.sentTo, str(d.sentTo));
        break;
      case "lab_test":
        fact(f.lab, str(d.lab));
        fact(f.reportNo, str(d.reportNo));
        fact(f.date, date(d.date));
        fact(f.standard, str(d.standard));
        break;
      case "certification": {
        const scheme = str(d.scheme);
        fact(
          f.scheme,
          scheme === "other" || !scheme
            ? str(d.schemeName)
            : ((t.schemes as Record<string, string>)[scheme] ?? str(d.schemeName)),
        );
        fact(f.body, str(d.body));
        fact(f.number, str(d.number));
        const from = date(d.validFrom);
        const to = date(d.validTo);
        fact(f.valid, from && to ? tr("fields.validRange", { from, to }) : (to ?? from));
        break;
      }
      case "packing":
        fact(f.quantity, amount(d.quantity, d.unit));
        fact(f.packageSize, str(d.packageSize));
        break;
      case "storing":
        fact(f.conditions, str(d.conditions));
        break;
      case "receiving":
      case "shipping":
      case "transporting":
        fact(f.from, str(d.from));
        fact(f.to, str(d.to));
        fact(f.address, str(d.fromAddress) ?? str(d.toAddress));
        fact(f.item, str(d.item));
        if (Array.isArray(d.items)) {
          const listed = d.items
            .map((i) => {
              const item = (i ?? {}) as Record<string, unknown>;
              const what = [str(item.name), amount(item.quantity, item.unit)].filter(Boolean).join(" ");
              const supplier = str(item.supplier);
              return supplier ? `${what} (${supplier})` : what;
            })
            .filter(Boolean);
          fact(f.items, listed.join("; ") || null);
        }
        fact(f.quantity, amount(d.quantity, d.unit));
        fact(f.vehicle, str(d.vehicle));
        break;
    }
    fact(f.note, str(d.note));

    const results: ScanResult[] = Array.isArray(d.results)
      ? d.results.map((raw) => {
          const r = (raw ?? {}) as Record<string, unknown>;
          const pass = typeof r.pass === "boolean" ? r.pass : null;
          const value = amount(r.value, r.unit) ?? "";
          const limit = str(r.limit);
          return {
            name: str(r.name) ?? "",
            value,
            limit: limit ? tr("diary.limit", { limit: amount(r.limit, r.unit) ?? limit }) : null,
            pass,
            passText: pass === null ? null : pass ? t.diary.pass : t.diary.fail,
          };
        })
      : [];
    const verdict =
      e.kind === "lab_test" && typeof d.pass === "boolean"
        ? { pass: d.pass, text: d.pass ? t.diary.resultsPass : t.diary.resultsFail }
        : null;

    let phi: ScanEntry["phi"] = null;
    if (e.kind === "spraying" && typeof d.preHarvestIntervalDays === "number" && !correctedBy.has(e.id)) {
      const interval = d.preHarvestIntervalDays;
      const sprayed = dayOf(e.eventTime);
      if (harvestDay && harvestDay >= sprayed) {
        const days = dayNumber(harvestDay) - dayNumber(sprayed);
        const params = { harvest: formatDate(harvestDay, locale), days, interval };
        phi =
          days >= interval
            ? { ok: true, text: tr("diary.phiOk", params) }
            : { ok: false, text: tr("diary.phiShort", params) };
      } else {
        phi = {
          ok: true,
          text: tr("diary.phiNotYet", { date: formatDate(addDays(sprayed, interval), locale), interval }),
        };
      }
    }

    const photos = (Array.isArray(d.photos) ? d.photos : [])
      .map((p) =>
        typeof p === "string" ? p : typeof p === "object" && p ? (p as { key?: unknown }).key : null,
      )
      .filter((k): k is string => typeof k === "string" && isStorageKey(k))
      .map((key, i) => ({ href: photoUrl(key), text: tr("diary.photos", { n: i + 1 }) }));

    const target = e.correctionOf ? bySeq.get(e.correctionOf) : undefined;
    const laterOnes = correctedBy.get(e.id) ?? [];
    return {
      seq: e.seq,
      anchor: `e${e.seq}`,
      title: kindTitle(e.kind),
      when: formatDateTime(e.eventTime, locale),
      whenIso: new Date(e.eventTime).toISOString(),
      place: e.placeText ? tr("diary.place", { place: e.placeText }) : null,
      facts,
      results,
      verdict,
      phi,
      inputs: trace.inputs
        .filter((i) => i.eventId === e.id)
        .map((i) => ({
          href: linkedPath(i),
          text: tr("chain.inputBatch", {
            product: i.productName,
            lot: i.lot,
            quantity: number(i.quantity),
            unit: i.unit,
          }),
        })),
      photos,
      correction: target
        ? {
            text: tr("diary.correction", { seq: target.seq }),
            href: entryHref(target.seq),
            reason: str(d.correctionReason)
              ? tr("diary.correctionReason", { reason: str(d.correctionReason) ?? "" })
              : null,
          }
        : null,
      correctedBy: laterOnes.length
        ? {
            text: tr("diary.corrected", { seqs: laterOnes.map((c) => c.seq).join(", ") }),
            links: laterOnes.map((c) => ({
              href: entryHref(c.seq),
              text: tr("diary.entry", { seq: c.seq }),
            })),
          }
        : null,
    };
  });

  // Integrity: the chain as the loader checked it, else recomputed from the events.
  const verdict = trace.chain ?? verifyChain(trace.events, { expectedHeadHash: batch.headHash });
  let integrity: ScanIntegrity;
  if (verdict.intact) {
    integrity = {
      intact: true,
      title: t.integrity.intact,
      body: trace.events.length
        ? tr("integrity.intactBody", { count: trace.events.length })
        : t.integrity.empty,
      checkCode: verdict.headHash ? tr("integrity.checkCode", { hash: verdict.headHash.slice(0, 16) }) : null,
    };
  } else {
    const broken = trace.events.find((e) => e.seq === verdict.brokenAtSeq);
    const entry = broken ? `${kindTitle(broken.kind)}, ${formatDate(broken.eventTime, locale)}` : "";
    integrity = {
      intact: false,
      title: t.integrity.broken,
      body: tr(`integrity.${verdict.reason}`, { seq: verdict.brokenAtSeq, entry }),
      advice: t.integrity.brokenAdvice,
    };
  }

  // OCOP: only a claim a reviewer approved is shown; an expired one loses its stars.
  const cert = trace.certificate?.approvedAt ? trace.certificate : null;
  const stars = visibleStars(cert, today);
  const ocop: ScanView["ocop"] = { stars, starsText: null, lines: [], warning: null };
  if (!cert) {
    ocop.lines.push(t.ocop.none);
  } else {
    const state = certificateState(cert.expiresOn, today);
    if (state === "expired") {
      ocop.warning = tr("ocop.expired", {
        number: cert.decisionNo,
        date: formatDate(cert.expiresOn, locale),
      });
    } else {
      ocop.starsText = tr("ocop.stars", { stars: cert.stars });
      ocop.lines.push(
        tr("ocop.decision", { number: cert.decisionNo, date: formatDate(cert.decisionDate, locale) }),
        tr("ocop.authority", { authority: cert.authority }),
        state === "expiring"
          ? tr("ocop.expiring", {
              days: daysUntil(cert.expiresOn, today),
              date: formatDate(cert.expiresOn, locale),
            })
          : tr("ocop.validUntil", { date: formatDate(cert.expiresOn, locale) }),
      );
    }
  }

  // One step back and one step forward.
  const goods = (d: Record<string, unknown>) =>
    [str(d.item), amount(d.quantity, d.unit)].filter(Boolean).join(" ") ||
    (Array.isArray(d.items)
      ? d.items
          .map((i) => {
            const item = (i ?? {}) as Record<string, unknown>;
            return [str(item.name), amount(item.quantity, item.unit)].filter(Boolean).join(" ");
          })
          .filter(Boolean)
          .join(", ")
      : "");
  const backTexts: string[] = [];
  const forwardTexts: string[] = [];
  for (const e of effective) {
    const d = e.details ?? {};
    if (e.kind === "receiving") {
      const suppliers = Array.isArray(d.items)
        ? [...new Set(d.items.map((i) => str((i as Record<string, unknown>)?.supplier)).filter(Boolean))]
        : [];
      const from = str(d.from) ?? (suppliers.join(", ") || null);
      const what = goods(d);
      if (from)
        backTexts.push(
          what ? tr("chain.receivedFrom", { what, from }) : tr("chain.receivedFromOnly", { from }),
        );
    } else if (e.kind === "shipping") {
      const to = str(d.to);
      const what = goods(d);
      if (to)
        forwardTexts.push(what ? tr("chain.shippedTo", { what, to }) : tr("chain.shippedToOnly", { to }));
    }
  }
  const back = trace.inputs.map((i) => ({
    href: linkedPath(i),
    text: tr("chain.inputBatch", {
      product: i.productName,
      lot: i.lot,
      quantity: number(i.quantity),
      unit: i.unit,
    }),
  }));
  const forward = trace.outputs.map((o) => ({
    href: linkedPath(o),
    text: tr("chain.usedIn", {
      product: o.productName,
      lot: o.lot,
      quantity: number(o.quantity),
      unit: o.unit,
    }),
  }));

  const onHold = batch.status === "on_hold";
  const photo = trace.photo;
  const small = PHOTO_WIDTHS.small;
  const unitScans = options.unitScans ?? null;

  return {
    locale,
    title: tr("pageTitle", { product: product.name, lot: batch.lot }),
    description: tr("description", { product: product.name, lot: batch.lot, cooperative: cooperative.name }),
    pagePath,
    batchPath,
    epcisHref: `${batchPath}?format=epcis`,
    product: { name: product.name, href: productPagePath(product.slug) },
    photo: photo
      ? {
          src: photoUrl(photo.storageKey, "small"),
          srcSet: `${photoUrl(photo.storageKey, "small")} ${small}w, ${photoUrl(photo.storageKey, "large")} ${PHOTO_WIDTHS.large}w`,
          width: small,
          height: Math.max(1, Math.round((small * photo.height) / Math.max(1, photo.width))),
          alt: photo.alt || tr("photoAlt", { product: product.name }),
        }
      : null,
    ocop,
    cooperative: {
      name: cooperative.name,
      place: formatPlace(cooperative.place, cooperative.currentPlace, locale),
    },
    batch: {
      lot: batch.lot,
      serial,
      status: batch.status,
      statusText: t.batch.statuses[batch.status],
      facts: [
        { label: t.batch.lot, value: batch.lot },
        ...(serial ? [{ label: t.batch.serial, value: serial }] : []),
        { label: t.batch.quantity, value: `${number(batch.quantity)} ${product.unit}` },
        { label: t.batch.producedOn, value: formatDate(batch.producedOn, locale) },
        ...(batch.bestBefore
          ? [{ label: t.batch.bestBefore, value: formatDate(batch.bestBefore, locale) }]
          : []),
      ],
    },
    recall: onHold
      ? {
          heading: t.recall.heading,
          lines: [
            tr("recall.body", { lot: batch.lot }),
            ...(batch.holdReason ? [tr("recall.reason", { reason: batch.holdReason })] : []),
            t.recall.advice,
          ],
        }
      : null,
    recallNone: t.recall.none,
    unit:
      trace.unit && unitScans
        ? {
            heading: tr("unit.heading", { serial: trace.unit.serial }),
            scans: tr("unit.scans", { count: unitScans.scans, devices: unitScans.devices }),
            seal:
              unitScans.devices >= SEAL_WARNING_DEVICES
                ? { title: t.unit.sealTitle, body: tr("unit.sealBody", { devices: unitScans.devices }) }
                : null,
          }
        : null,
    buyHref:
      batch.status === "released" && product.listingStatus === "approved"
        ? productPagePath(product.slug)
        : null,
    integrity,
    diary,
    back,
    backTexts,
    forward,
    forwardTexts,
  };
}

/**
 * The GS1 linkset of a batch's (or unit's) page: gs1:pip the product page, gs1:traceability the
 * EPCIS document, gs1:certificationInfo the page's certificate section (when there is a
 * certificate to show), gs1:recallStatus the page's recall section, gs1:defaultLink the page.
 */
export function scanLinkset(
  trace: PublicTrace,
  at: { pagePath: string; batchPath: string; origin: string; locale: Locale; today: string },
): Linkset {
  const { origin, pagePath } = at;
  const cert = trace.certificate;
  const ocopShown = !!cert?.approvedAt && certificateState(cert.expiresOn, at.today) !== "expired";
  const certified = ocopShown || trace.events.some((e) => e.kind === "certification");
  return buildLinkset({
    anchorUrl: `${origin}${pagePath}`,
    productPageUrl: `${origin}${productPagePath(trace.product.slug)}`,
    traceUrl: `${origin}${at.batchPath}?format=epcis`,
    certificationUrl: certified ? `${origin}${pagePath}#certificate` : null,
    recallStatusUrl: `${origin}${pagePath}#recall`,
    defaultUrl: `${origin}${pagePath}`,
    title: `${trace.product.name} (${trace.batch.lot})`,
    lang: at.locale,
  });
}
