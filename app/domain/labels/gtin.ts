/** GS1 GTIN helpers (pure): the mod-10 check digit, validation and the 14-digit form we store. */

const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

/**
 * The GS1 mod-10 check digit of a GTIN body (every digit but the last): from the right, digits
 * are weighted 3, 1, 3, 1…; the check digit brings the sum up to a multiple of 10.
 */
export function gtinCheckDigit(body: string): number {
  if (!/^\d{1,16}$/.test(body)) throw new RangeError("A GTIN body is 1 to 16 digits");
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** GTIN-8, -12, -13 or -14: digits only, the right length, and a correct check digit. */
export function isValidGtin(code: string): boolean {
  if (!/^\d+$/.test(code) || !GTIN_LENGTHS.has(code.length)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code.slice(-1));
}

/** The 14-digit form (left-padded with zeros) used in the database and in Digital Link URIs. */
export function toGtin14(code: string): string {
  if (!isValidGtin(code)) throw new RangeError(`Not a valid GTIN: ${code}`);
  return code.padStart(14, "0");
}
