import { randomInt } from "node:crypto";

/**
 * Order codes, e.g. "DH2511224K7QMX": "DH" (đơn hàng), the date in Vietnam (yymmdd) and six
 * random characters (729 million a day, so a clash is vanishingly rare; the unique key catches it) without look-alikes (no I, L, O, U, 0, 1). They are short enough to type
 * into a banking app's transfer note (at most 25 plain characters) and to read over the phone.
 */
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
export const ORDER_CODE = /\bDH\d{6}[2-9A-HJKMNP-TV-Z]{6}\b/;

export function newOrderCode(now: Date = new Date()): string {
  const vn = new Date(now.getTime() + 7 * 60 * 60 * 1000);
  const date = vn.toISOString().slice(2, 10).replaceAll("-", "");
  let tail = "";
  for (let i = 0; i < 6; i++) tail += ALPHABET[randomInt(ALPHABET.length)];
  return `DH${date}${tail}`;
}

/** The order codes written in a bank transfer note, in order, upper-cased, without repeats. */
export function orderCodesIn(text: string): string[] {
  const found = text.toUpperCase().match(new RegExp(ORDER_CODE.source, "g")) ?? [];
  return [...new Set(found)];
}
