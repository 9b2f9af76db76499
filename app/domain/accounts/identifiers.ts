/**
 * How people identify themselves: an email address or a Vietnamese mobile number. Pure rules,
 * shared by sign-up, log-in and the account page, so the same number typed three ways is one
 * account.
 */

export const EMAIL_MAX = 254;
export const NAME_MAX = 100;

/** Email as stored: trimmed and lower-cased. */
export function normaliseEmail(input: string): string {
  return input.trim().toLowerCase();
}

// Deliberately loose: one "@", something on each side, a dot in the domain, no spaces.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function isValidEmail(email: string): boolean {
  return email.length <= EMAIL_MAX && EMAIL_SHAPE.test(email);
}

/** Mobile prefixes in use since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x; 10 digits in all. */
const VN_MOBILE = /^0[35789]\d{8}$/;

// What people put between digits when they write a number: spaces, dots, dashes, brackets.
const PHONE_SEPARATORS = /[\s.\-()]/g;

/**
 * A Vietnamese mobile number in national form ("0912345678"), from what a person types:
 * "0912 345 678", "0912.345.678", "+84912345678", "84912345678", "0084 912 345 678", or the
 * number without its leading 0. Null when it is not a Vietnamese mobile number.
 */
export function normalisePhone(input: string): string | null {
  const compact = input.trim().replace(PHONE_SEPARATORS, "");
  let digits: string;
  if (/^\+84\d{9}$/.test(compact)) digits = `0${compact.slice(3)}`;
  else if (/^0084\d{9}$/.test(compact)) digits = `0${compact.slice(4)}`;
  else if (/^84\d{9}$/.test(compact)) digits = `0${compact.slice(2)}`;
  else if (/^\d{9}$/.test(compact)) digits = `0${compact}`;
  else digits = compact;
  return VN_MOBILE.test(digits) ? digits : null;
}

export function isVietnameseMobile(phone: string): boolean {
  return VN_MOBILE.test(phone);
}

/** Something that could only be meant as a phone number: digits and the usual separators. */
export function looksLikePhone(input: string): boolean {
  const trimmed = input.trim();
  return /\d/.test(trimmed) && /^\+?[\d\s.\-()]+$/.test(trimmed);
}

export type Identifier = { kind: "email"; value: string } | { kind: "phone"; value: string };

export type IdentifierResult =
  | { ok: true; identifier: Identifier }
  /** A dictionary key that says what is wrong with what was typed. */
  | { ok: false; messageKey: string };

/**
 * Reads the single "email or mobile number" field: an "@" means email, digits mean a phone.
 * The message on failure names the kind the person evidently meant.
 */
export function parseIdentifier(input: string): IdentifierResult {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, messageKey: "validation.required" };
  if (trimmed.includes("@")) {
    const email = normaliseEmail(trimmed);
    return isValidEmail(email)
      ? { ok: true, identifier: { kind: "email", value: email } }
      : { ok: false, messageKey: "validation.email" };
  }
  if (looksLikePhone(trimmed)) {
    const phone = normalisePhone(trimmed);
    return phone
      ? { ok: true, identifier: { kind: "phone", value: phone } }
      : { ok: false, messageKey: "validation.phone" };
  }
  return { ok: false, messageKey: "validation.emailOrPhone" };
}

/**
 * The key a login attempt is counted under: the normalised identifier when it parses, else the
 * trimmed, lower-cased text (so "A@B.VN " and "a@b.vn" share one counter either way).
 */
export function loginKey(input: string): string {
  const parsed = parseIdentifier(input);
  if (parsed.ok) return parsed.identifier.value;
  return input.trim().toLowerCase().slice(0, EMAIL_MAX);
}

/** A display name as stored: trimmed, inner runs of spaces collapsed. */
export function normaliseName(input: string): string {
  return input.trim().replace(/\s+/g, " ");
}

/** Null when the name is acceptable, else a dictionary key. */
export function nameProblem(name: string): string | null {
  if (!name) return "validation.required";
  if ([...name].length > NAME_MAX) return "accounts.errors.nameTooLong";
  return null;
}
