/** Cooperative profile input rules (pure): tax code, phone, VietQR bank account. */
import { z } from "zod";
import { normalisePhone } from "~/domain/accounts/identifiers";
import type { Validation } from "~/domain/listings/products";
import { isKnownBankBin } from "~/domain/payments/banks";
import { parseWith } from "~/utils/forms";
import { stripDiacritics } from "~/utils/text";

export const COOP_NAME_MAX = 150;
export const STREET_MAX = 200;
export const STORY_MAX = 5000;
export const ACCOUNT_NAME_MAX = 50;

/**
 * A tax code (mã số thuế) as stored: 10 digits, or a branch's 13 written "0101234567-001".
 * Accepts the 13 digits run together or with spaces; null when it is neither form.
 */
export function normaliseTaxCode(input: string): string | null {
  const compact = input.replace(/[\s.]/g, "");
  if (/^\d{10}$/.test(compact)) return compact;
  const branch = /^(\d{10})-?(\d{3})$/.exec(compact);
  return branch ? `${branch[1]}-${branch[2]}` : null;
}

/**
 * A cooperative's phone: a mobile number (as for accounts) or a landline, which since 2017 is
 * 02 + area code + number, 11 digits ("0209 3888 123"). National form, or null.
 */
export function normaliseCooperativePhone(input: string): string | null {
  const mobile = normalisePhone(input);
  if (mobile) return mobile;
  const compact = input.trim().replace(/[\s.\-()]/g, "");
  const national = compact.replace(/^(\+84|0084|84)(?=2\d{9}$)/, "0");
  return /^02\d{9}$/.test(national) ? national : null;
}

/** Account number: digits only, 6 to 19 of them (spaces and dots as people group them are dropped). */
export function normaliseAccountNo(input: string): string | null {
  const compact = input.replace(/[\s.-]/g, "");
  return /^\d{6,19}$/.test(compact) ? compact : null;
}

/**
 * The account holder's name as banks print it: no diacritics, upper case, single spaces
 * ("Hợp tác xã Đồng Phúc" → "HOP TAC XA DONG PHUC"). Null when anything else than letters and
 * spaces remains.
 */
export function normaliseAccountName(input: string): string | null {
  const name = stripDiacritics(input).toUpperCase().trim().replace(/\s+/g, " ");
  return /^[A-Z ]+$/.test(name) && name.length <= ACCOUNT_NAME_MAX ? name : null;
}

const text = () => z.string().optional().default("");
const optionalText = (max: number, key: string) =>
  text()
    .transform((s) => s.trim().replace(/\r\n/g, "\n"))
    .pipe(z.string().max(max, key))
    .transform((s) => s || null);

const ProfileFields = z.object({
  name: text()
    .transform((s) => s.trim().replace(/\s+/g, " "))
    .pipe(
      z.string().min(2, "manage.errors.coopNameRequired").max(COOP_NAME_MAX, "manage.errors.coopNameTooLong"),
    ),
  street: optionalText(STREET_MAX, "manage.errors.streetTooLong"),
  story: optionalText(STORY_MAX, "manage.errors.storyTooLong"),
});

/** The profile form as submitted: every field a string. */
export interface ProfileFormInput {
  name?: string;
  taxCode?: string;
  regionId?: string;
  street?: string;
  phone?: string;
  story?: string;
  bankBin?: string;
  bankAccountNo?: string;
  bankAccountName?: string;
}

export interface ProfileData {
  name: string;
  taxCode: string | null;
  regionId: string;
  street: string | null;
  phone: string;
  story: string | null;
  bank: { bin: string; accountNo: string; accountName: string } | null;
}

/** Every field checked at once. The region is only checked for shape here; the domain checks it exists. */
export function validateProfileInput(input: ProfileFormInput): Validation<ProfileData> {
  const fieldErrors: Record<string, string> = {};
  const fields = parseWith(ProfileFields, input);
  if (!fields.ok) Object.assign(fieldErrors, fields.error.fieldErrors);

  const taxInput = (input.taxCode ?? "").trim();
  const taxCode = taxInput ? normaliseTaxCode(taxInput) : null;
  if (taxInput && !taxCode) fieldErrors.taxCode = "manage.errors.taxCode";

  const regionId = (input.regionId ?? "").trim();
  if (!/^[0-9a-f-]{36}$/i.test(regionId)) fieldErrors.regionId = "manage.errors.communeRequired";

  const phoneInput = (input.phone ?? "").trim();
  const phone = phoneInput ? normaliseCooperativePhone(phoneInput) : null;
  if (!phoneInput) fieldErrors.phone = "manage.errors.phoneRequired";
  else if (!phone) fieldErrors.phone = "manage.errors.phone";

  // The bank account is optional, but a half-filled one cannot receive a transfer.
  const bin = (input.bankBin ?? "").trim();
  const accountNoInput = (input.bankAccountNo ?? "").trim();
  const accountNameInput = (input.bankAccountName ?? "").trim();
  let bank: ProfileData["bank"] = null;
  if (bin || accountNoInput || accountNameInput) {
    const accountNo = normaliseAccountNo(accountNoInput);
    const accountName = normaliseAccountName(accountNameInput);
    if (!isKnownBankBin(bin)) fieldErrors.bankBin = "manage.errors.bankRequired";
    if (!accountNoInput) fieldErrors.bankAccountNo = "manage.errors.accountNoRequired";
    else if (!accountNo) fieldErrors.bankAccountNo = "manage.errors.accountNo";
    if (!accountNameInput) fieldErrors.bankAccountName = "manage.errors.accountNameRequired";
    else if (!accountName) fieldErrors.bankAccountName = "manage.errors.accountName";
    if (accountNo && accountName && isKnownBankBin(bin)) bank = { bin, accountNo, accountName };
  }

  if (!fields.ok || Object.keys(fieldErrors).length || !phone) return { ok: false, fieldErrors };
  return { ok: true, data: { ...fields.data, taxCode, regionId, phone, bank } };
}
