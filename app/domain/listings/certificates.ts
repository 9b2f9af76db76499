/** OCOP certificate claim input rules (pure). */
import { z } from "zod";
import { parseWith } from "~/utils/forms";
import { certificateExpiry, daysUntil, type OcopGroup, ocopGroups, starsForScore } from "./ocop";
import type { Validation } from "./products";

/** "1234/QĐ-UBND", "56/QĐ-UBND.NN": a number, a slash, then letters, dots and hyphens. */
export const DECISION_NO_PATTERN = /^\d{1,6}\/[\p{L}\-.]+$/u;
export const AUTHORITY_MAX = 200;

/** Decision number as stored: no spaces, upper case ("1234 / qđ-ubnd" → "1234/QĐ-UBND"). */
export function normaliseDecisionNo(input: string): string {
  return input.replace(/\s+/g, "").toLocaleUpperCase("vi");
}

export function isDecisionNo(input: string): boolean {
  return DECISION_NO_PATTERN.test(normaliseDecisionNo(input));
}

/**
 * A calendar date as ISO "YYYY-MM-DD", from a date picker or typed the Vietnamese way
 * ("21/11/2024"); null when it is not a real date.
 */
export function parseCalendarDate(input: string): string | null {
  const trimmed = input.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (vn) [d, m, y] = [Number(vn[1]), Number(vn[2]), Number(vn[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < 2000) return null;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const text = () => z.string().optional().default("");

const CertificateFields = z.object({
  stars: z.enum(["3", "4", "5"], "manage.errors.starsRange").transform((s) => Number(s) as 3 | 4 | 5),
  score: text()
    .transform((s) => s.trim())
    .pipe(z.string().regex(/^\d{1,3}$/, "manage.errors.scoreRange"))
    .transform(Number)
    .pipe(z.number().int().min(0, "manage.errors.scoreRange").max(100, "manage.errors.scoreRange")),
  decisionNo: text()
    .transform(normaliseDecisionNo)
    .pipe(
      z
        .string()
        .min(1, "manage.errors.decisionNoRequired")
        .max(40, "manage.errors.decisionNoFormat")
        .regex(DECISION_NO_PATTERN, "manage.errors.decisionNoFormat"),
    ),
  decisionDate: text(),
  authority: text()
    .transform((s) => s.trim().replace(/\s+/g, " "))
    .pipe(
      z
        .string()
        .min(3, "manage.errors.authorityRequired")
        .max(AUTHORITY_MAX, "manage.errors.authorityTooLong"),
    ),
  ocopGroup: z.enum(ocopGroups, "manage.errors.groupRequired"),
});

/** The certificate form as submitted: every field a string. */
export interface CertificateFormInput {
  stars?: string;
  score?: string;
  decisionNo?: string;
  decisionDate?: string;
  authority?: string;
  ocopGroup?: string;
}

export interface CertificateData {
  stars: 3 | 4 | 5;
  score: number;
  decisionNo: string;
  decisionDate: string;
  authority: string;
  ocopGroup: OcopGroup;
  expiresOn: string;
}

/** The decision date's problem against `today` (Vietnam's date), or null. */
export function decisionDateProblem(decisionDate: string | null, today: string): string | null {
  if (!decisionDate) return "manage.errors.decisionDateInvalid";
  if (daysUntil(decisionDate, today) > 0) return "manage.errors.decisionDateFuture";
  // A claim that has already run out would only be approved to be hidden again.
  if (daysUntil(certificateExpiry(decisionDate), today) < 0) return "manage.errors.certificateExpired";
  return null;
}

/** Every field checked at once, including the score against the stars and the date against today. */
export function validateCertificateInput(
  input: CertificateFormInput,
  today: string,
): Validation<CertificateData> {
  const fieldErrors: Record<string, string> = {};
  const fields = parseWith(CertificateFields, input);
  if (!fields.ok) Object.assign(fieldErrors, fields.error.fieldErrors);
  // Checked even when other fields are wrong, so every mistake shows at once.
  if (!fieldErrors.stars && !fieldErrors.score) {
    const score = Number((input.score ?? "").trim());
    if (starsForScore(score) !== Number(input.stars)) fieldErrors.score = "manage.errors.scoreStars";
  }
  const decisionDate = parseCalendarDate(input.decisionDate ?? "");
  const dateProblem = decisionDateProblem(decisionDate, today);
  if (dateProblem) fieldErrors.decisionDate = dateProblem;
  if (!fields.ok || Object.keys(fieldErrors).length || !decisionDate) return { ok: false, fieldErrors };
  return {
    ok: true,
    data: { ...fields.data, decisionDate, expiresOn: certificateExpiry(decisionDate) },
  };
}
