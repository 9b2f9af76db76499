/** Product listing input rules (pure): names, units, prices in đồng, GTINs, slugs. */
import { z } from "zod";
import { isValidGtin, toGtin14 } from "~/domain/labels/gtin";
import { parseWith } from "~/utils/forms";
import { slugify } from "~/utils/text";
import { ocopGroups } from "./ocop";

/** Units cooperatives sell by; "người" (per person) is for tourism services. Anything else is typed. */
export const productUnits = [
  "kg",
  "g",
  "chai",
  "hộp",
  "gói",
  "túi",
  "lọ",
  "hũ",
  "bó",
  "quả",
  "người",
] as const;
export const OTHER_UNIT = "other";

/** Enough to show a product from every side; more would only slow the page on 3G. */
export const MAX_PHOTOS_PER_PRODUCT = 8;
export const NAME_MAX = 120;
export const DESCRIPTION_MAX = 5000;
export const UNIT_MAX = 20;
/** One billion đồng: far above any product here, well inside the integer column. */
export const MAX_PRICE_VND = 1_000_000_000;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; messageKey: string };

const CURRENCY_SUFFIX = /\s*(₫|đồng|đ|vnđ|vnd)\s*$/i;

/**
 * A price in whole đồng as people type it: "125000", "125.000" (Vietnamese thousands dots),
 * "125 000", "125,000", optionally followed by "đ" or "₫". Decimals and negatives are refused.
 */
export function parsePriceVnd(input: string): ParseResult<number> {
  const text = input.trim().replace(CURRENCY_SUFFIX, "").trim();
  if (!text) return { ok: false, messageKey: "manage.errors.priceRequired" };
  if (/^[-−]/.test(text)) return { ok: false, messageKey: "manage.errors.priceNegative" };
  const compact = text.replace(/[\s\u00a0\u202f]/g, "");
  let digits: string | null = null;
  if (/^\d+$/.test(compact)) digits = compact;
  else if (/^\d{1,3}(\.\d{3})+$/.test(compact)) digits = compact.replaceAll(".", "");
  else if (/^\d{1,3}(,\d{3})+$/.test(compact)) digits = compact.replaceAll(",", "");
  if (digits === null) return { ok: false, messageKey: "manage.errors.priceWhole" };
  const value = Number(digits);
  if (value === 0) return { ok: false, messageKey: "manage.errors.priceZero" };
  if (value > MAX_PRICE_VND) return { ok: false, messageKey: "manage.errors.priceTooHigh" };
  return { ok: true, value };
}

/**
 * An optional GTIN as typed (spaces and dashes allowed) → its 14-digit stored form, or null
 * when left empty. Wrong length and wrong check digit get different messages.
 */
export function parseGtin(input: string): ParseResult<string | null> {
  const compact = input.replace(/[\s-]/g, "");
  if (!compact) return { ok: true, value: null };
  if (!/^\d+$/.test(compact) || ![8, 12, 13, 14].includes(compact.length)) {
    return { ok: false, messageKey: "manage.errors.gtinLength" };
  }
  if (!isValidGtin(compact)) return { ok: false, messageKey: "manage.errors.gtinCheckDigit" };
  return { ok: true, value: toGtin14(compact) };
}

/** "   Rượu   men lá " → "Rượu men lá". */
export const collapseSpaces = (text: string) => text.trim().replace(/\s+/g, " ");

const text = () => z.string().optional().default("");

/** Turns a field parser into a zod transform whose failure is a dictionary key on that field. */
const parsed = <T>(parse: (input: string) => ParseResult<T>) =>
  text().transform((value, ctx): T => {
    const result = parse(value);
    if (result.ok) return result.value;
    ctx.addIssue({ code: "custom", message: result.messageKey });
    return z.NEVER;
  });

const ProductFields = z.object({
  name: text()
    .transform(collapseSpaces)
    .pipe(z.string().min(2, "manage.errors.nameRequired").max(NAME_MAX, "manage.errors.nameTooLong")),
  description: text()
    .transform((s) => s.trim().replace(/\r\n/g, "\n"))
    .pipe(z.string().max(DESCRIPTION_MAX, "manage.errors.descriptionTooLong")),
  ocopGroup: z.enum(ocopGroups, "manage.errors.groupRequired"),
  price: parsed(parsePriceVnd),
  gtin: parsed(parseGtin),
});

/** The product form as submitted: every field a string, as a browser sends it. */
export interface ProductFormInput {
  name?: string;
  description?: string;
  ocopGroup?: string;
  /** One of productUnits, or OTHER_UNIT with the unit typed in unitOther. */
  unit?: string;
  unitOther?: string;
  price?: string;
  gtin?: string;
}

export interface ProductData {
  name: string;
  description: string;
  ocopGroup: (typeof ocopGroups)[number];
  unit: string;
  priceVnd: number;
  gtin: string | null;
}

/** The unit chosen in the select, or typed beside "other". */
export function parseUnit(
  unit: string,
  unitOther: string,
): { ok: true; value: string } | { ok: false; field: string; messageKey: string } {
  if (unit && unit !== OTHER_UNIT) {
    return (productUnits as readonly string[]).includes(unit)
      ? { ok: true, value: unit }
      : { ok: false, field: "unit", messageKey: "manage.errors.unitRequired" };
  }
  const typed = collapseSpaces(unitOther);
  if (!typed)
    return { ok: false, field: unit ? "unitOther" : "unit", messageKey: "manage.errors.unitRequired" };
  if (typed.length > UNIT_MAX)
    return { ok: false, field: "unitOther", messageKey: "manage.errors.unitTooLong" };
  return { ok: true, value: typed };
}

export type Validation<T> = { ok: true; data: T } | { ok: false; fieldErrors: Record<string, string> };

/** Every field checked at once, so the person sees all their mistakes in one go. */
export function validateProductInput(input: ProductFormInput): Validation<ProductData> {
  const fieldErrors: Record<string, string> = {};
  const fields = parseWith(ProductFields, input);
  if (!fields.ok) Object.assign(fieldErrors, fields.error.fieldErrors);
  const unit = parseUnit(input.unit ?? "", input.unitOther ?? "");
  if (!unit.ok) fieldErrors[unit.field] = unit.messageKey;
  if (!fields.ok || !unit.ok) return { ok: false, fieldErrors };
  const { price, ...rest } = fields.data;
  return { ok: true, data: { ...rest, unit: unit.value, priceVnd: price } };
}

/** The slug for a new product: the name's slug, or that slug with the first free "-2", "-3"… suffix. */
export function chooseSlug(name: string, taken: ReadonlySet<string>): string {
  const base = slugify(name) || "san-pham";
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
