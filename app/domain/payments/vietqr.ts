/**
 * VietQR: the NAPAS bank-transfer QR that every Vietnamese banking app scans. It is an EMVCo
 * merchant-presented payload, a string of fields written as 2-digit id, 2-digit length, value.
 * Pure: building, parsing and checking payloads, no I/O.
 */
import { invalid } from "../errors";
import { crc16Hex } from "./crc16";

/** NAPAS's application id in the merchant account template (field 38.00). */
export const NAPAS_GUID = "A000000727";
/** Service code for a transfer to a bank account (field 38.02). */
export const SERVICE_TO_ACCOUNT = "QRIBFTTA";
/** ISO 4217 numeric code of the đồng (field 53). */
export const CURRENCY_VND = "704";
export const MAX_NOTE_LENGTH = 25;
/** Field 54 holds at most 13 characters. */
const MAX_AMOUNT_VND = 9_999_999_999_999;

export interface VietQrInput {
  /** The bank's 6-digit NAPAS BIN, e.g. "970436" (Vietcombank). */
  bankBin: string;
  /** The receiving account number, 6–19 digits. */
  accountNo: string;
  /** Whole đồng; omitted for a static QR where the payer types the amount. */
  amountVnd?: number;
  /** Transfer note, e.g. the order code; folded to plain ASCII, at most 25 characters. */
  note?: string;
}

/** One EMVCo field; `children` is set for template fields whose value is itself a field list. */
export interface TlvField {
  id: string;
  value: string;
  children?: TlvField[];
}

const tlv = (id: string, value: string): string => {
  if (value.length > 99) throw new RangeError(`EMV field ${id} is longer than 99 characters`);
  return `${id}${String(value.length).padStart(2, "0")}${value}`;
};

/**
 * A note the banks carry through unchanged: Vietnamese letters folded to ASCII (đ → d),
 * upper case, only A–Z, 0–9 and single spaces. "Đơn hàng #dh-12" → "DON HANG DH12".
 */
export function sanitizeTransferNote(note: string): string {
  return note
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "D")
    .toUpperCase()
    .replace(/[^A-Z0-9 ]/g, "")
    .replace(/ +/g, " ")
    .trim();
}

/** The EMVCo payload for a VietQR transfer to `accountNo` at `bankBin`, CRC included. */
export function buildVietQrPayload(input: VietQrInput): string {
  const bankBin = input.bankBin.trim();
  const accountNo = input.accountNo.trim();
  const fieldErrors: Record<string, string> = {};
  if (!/^[0-9]{6}$/.test(bankBin)) fieldErrors.bankBin = "payments.errors.bankBin";
  if (!/^[0-9]{6,19}$/.test(accountNo)) fieldErrors.accountNo = "payments.errors.accountNo";
  const amount = input.amountVnd;
  if (amount !== undefined && (!Number.isInteger(amount) || amount <= 0 || amount > MAX_AMOUNT_VND)) {
    fieldErrors.amountVnd = "payments.errors.amount";
  }
  const note = input.note === undefined ? "" : sanitizeTransferNote(input.note);
  if (note.length > MAX_NOTE_LENGTH) fieldErrors.note = "payments.errors.noteTooLong";
  const first = Object.values(fieldErrors)[0];
  if (first) throw invalid(first, fieldErrors, { max: MAX_NOTE_LENGTH });

  const beneficiary = tlv("00", bankBin) + tlv("01", accountNo);
  let payload =
    tlv("00", "01") +
    tlv("01", amount === undefined ? "11" : "12") +
    tlv("38", tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)) +
    tlv("53", CURRENCY_VND) +
    (amount === undefined ? "" : tlv("54", String(amount))) +
    tlv("58", "VN") +
    (note ? tlv("62", tlv("08", note)) : "");
  payload += "6304";
  return payload + crc16Hex(payload);
}

/** Top-level ids whose value is a nested field list (EMVCo: merchant accounts, additional data…). */
function isTemplate(path: readonly string[], id: string, siblings: readonly TlvField[]): boolean {
  const n = Number(id);
  if (path.length === 0) return (n >= 26 && n <= 51) || n === 62 || n === 64 || n >= 80;
  // Inside a NAPAS merchant account template, 01 (the beneficiary: BIN + account) nests again.
  if (path.length === 1) {
    const guid = siblings.find((f) => f.id === "00")?.value;
    return id === "01" && guid === NAPAS_GUID;
  }
  return false;
}

function parseLevel(text: string, path: readonly string[]): TlvField[] {
  const fields: TlvField[] = [];
  let i = 0;
  while (i < text.length) {
    const id = text.slice(i, i + 2);
    const lengthText = text.slice(i + 2, i + 4);
    if (!/^[0-9]{2}$/.test(id) || !/^[0-9]{2}$/.test(lengthText)) {
      throw invalid("payments.errors.qrMalformed");
    }
    const length = Number(lengthText);
    const value = text.slice(i + 4, i + 4 + length);
    if (value.length !== length) throw invalid("payments.errors.qrMalformed");
    fields.push({ id, value });
    i += 4 + length;
  }
  for (const field of fields) {
    if (isTemplate(path, field.id, fields)) field.children = parseLevel(field.value, [...path, field.id]);
  }
  return fields;
}

/** Splits a payload into its fields, nesting the template fields. Throws on a malformed payload. */
export function parseEmvTlv(payload: string): TlvField[] {
  return parseLevel(payload, []);
}

/** The value at a dotted path such as "38.01.00", or undefined. */
export function tlvValue(fields: readonly TlvField[], path: string): string | undefined {
  const [head, ...rest] = path.split(".");
  const field = fields.find((f) => f.id === head);
  if (!field) return undefined;
  if (rest.length === 0) return field.value;
  return field.children ? tlvValue(field.children, rest.join(".")) : undefined;
}

/** True when the payload ends in field 63 holding the right CRC of everything before it. */
export function verifyCrc(payload: string): boolean {
  const match = /6304([0-9A-Fa-f]{4})$/.exec(payload);
  if (!match?.[1]) return false;
  return crc16Hex(payload.slice(0, -4)) === match[1].toUpperCase();
}

export interface DecodedVietQr {
  bankBin: string;
  accountNo: string;
  amountVnd: number | null;
  note: string | null;
}

/** Reads a VietQR transfer payload back; throws when the CRC or the structure is wrong. */
export function decodeVietQr(payload: string): DecodedVietQr {
  if (!verifyCrc(payload)) throw invalid("payments.errors.qrMalformed");
  const fields = parseEmvTlv(payload);
  const bankBin = tlvValue(fields, "38.01.00");
  const accountNo = tlvValue(fields, "38.01.01");
  if (tlvValue(fields, "38.00") !== NAPAS_GUID || !bankBin || !accountNo) {
    throw invalid("payments.errors.qrMalformed");
  }
  const amount = tlvValue(fields, "54");
  return {
    bankBin,
    accountNo,
    amountVnd: amount === undefined ? null : Number(amount),
    note: tlvValue(fields, "62.08") ?? null,
  };
}
