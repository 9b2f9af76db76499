import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { crc16CcittFalse, crc16Hex } from "~/domain/payments/crc16";
import {
  buildVietQrPayload,
  decodeVietQr,
  parseEmvTlv,
  sanitizeTransferNote,
  tlvValue,
  verifyCrc,
} from "~/domain/payments/vietqr";

const CHECK = { bankBin: "970436", accountNo: "1234567890", amountVnd: 150000, note: "DH2025001" };

function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("CRC-16/CCITT-FALSE", () => {
  it("matches the standard check value and an empty input", () => {
    expect(crc16CcittFalse("123456789")).toBe(0x29b1);
    expect(crc16Hex("123456789")).toBe("29B1");
    expect(crc16Hex("")).toBe("FFFF");
  });

  it("pads to four upper-case hex digits", () => {
    // Found by search: a short input whose CRC is below 0x1000.
    let text = "";
    for (let i = 0; i < 100_000; i++) {
      if (crc16CcittFalse(String(i)) < 0x1000) {
        text = String(i);
        break;
      }
    }
    expect(text).not.toBe("");
    expect(crc16Hex(text)).toMatch(/^0[0-9A-F]{3}$/);
  });
});

describe("buildVietQrPayload", () => {
  it("reproduces the check value from the product brief", () => {
    const payload = buildVietQrPayload(CHECK);
    expect(payload.endsWith("63046EDE")).toBe(true);
    expect(payload).toBe(
      "000201010212385400" +
        "10A000000727" +
        "01240006970436011012345678900208QRIBFTTA" +
        "5303704" +
        "5406150000" +
        "5802VN" +
        "62130809DH2025001" +
        "63046EDE",
    );
  });

  it("writes each field the way the spec says, in order", () => {
    const payload = buildVietQrPayload(CHECK);
    const fields = parseEmvTlv(payload);
    expect(fields.map((f) => f.id)).toEqual(["00", "01", "38", "53", "54", "58", "62", "63"]);
    expect(tlvValue(fields, "00")).toBe("01");
    expect(tlvValue(fields, "01")).toBe("12");
    expect(tlvValue(fields, "38.00")).toBe("A000000727");
    expect(tlvValue(fields, "38.01.00")).toBe("970436");
    expect(tlvValue(fields, "38.01.01")).toBe("1234567890");
    expect(tlvValue(fields, "38.02")).toBe("QRIBFTTA");
    expect(tlvValue(fields, "53")).toBe("704");
    expect(tlvValue(fields, "54")).toBe("150000");
    expect(tlvValue(fields, "58")).toBe("VN");
    expect(tlvValue(fields, "62.08")).toBe("DH2025001");
    expect(tlvValue(fields, "63")).toBe("6EDE");
    expect(verifyCrc(payload)).toBe(true);
  });

  it("makes a static QR without amount, and leaves out an empty note", () => {
    const payload = buildVietQrPayload({ bankBin: "970405", accountNo: "123456" });
    const fields = parseEmvTlv(payload);
    expect(tlvValue(fields, "01")).toBe("11");
    expect(tlvValue(fields, "54")).toBeUndefined();
    expect(tlvValue(fields, "62")).toBeUndefined();
    expect(verifyCrc(payload)).toBe(true);
    const blankNote = buildVietQrPayload({ bankBin: "970405", accountNo: "123456", note: " #! " });
    expect(tlvValue(parseEmvTlv(blankNote), "62")).toBeUndefined();
  });

  it("writes the amount in whole đồng, never with decimals or a scale", () => {
    const payload = buildVietQrPayload({ ...CHECK, amountVnd: 1_250_000 });
    expect(tlvValue(parseEmvTlv(payload), "54")).toBe("1250000");
    expect(decodeVietQr(payload).amountVnd).toBe(1_250_000);
  });

  it("folds the note to plain upper-case ASCII", () => {
    expect(sanitizeTransferNote("Đơn hàng #dh-2025/001")).toBe("DON HANG DH2025001");
    expect(sanitizeTransferNote("  rượu   men lá  ")).toBe("RUOU MEN LA");
    const payload = buildVietQrPayload({ ...CHECK, note: "Thanh toán đơn DH2025001" });
    expect(tlvValue(parseEmvTlv(payload), "62.08")).toBe("THANH TOAN DON DH2025001");
  });

  it("accepts a note of exactly 25 characters and refuses 26", () => {
    const ok = buildVietQrPayload({ ...CHECK, note: "A".repeat(25) });
    expect(tlvValue(parseEmvTlv(ok), "62.08")).toHaveLength(25);
    const error = domainError(() => buildVietQrPayload({ ...CHECK, note: "A".repeat(26) }));
    expect(error.kind).toBe("invalid");
    expect(error.fieldErrors).toEqual({ note: "payments.errors.noteTooLong" });
  });

  it("refuses a bad bank BIN or account number", () => {
    for (const bankBin of ["97043", "9704366", "97043a", ""]) {
      const error = domainError(() => buildVietQrPayload({ ...CHECK, bankBin }));
      expect(error.fieldErrors.bankBin, bankBin).toBe("payments.errors.bankBin");
    }
    for (const accountNo of ["12345", "1".repeat(20), "12345-6789", "12 3456 789", ""]) {
      const error = domainError(() => buildVietQrPayload({ ...CHECK, accountNo }));
      expect(error.fieldErrors.accountNo, accountNo).toBe("payments.errors.accountNo");
    }
    expect(() => buildVietQrPayload({ ...CHECK, accountNo: "123456" })).not.toThrow();
    expect(() => buildVietQrPayload({ ...CHECK, accountNo: "1".repeat(19) })).not.toThrow();
  });

  it("refuses an amount that is zero, negative, fractional or too long for the field", () => {
    for (const amountVnd of [0, -1, 1500.5, Number.NaN, 10_000_000_000_000]) {
      const error = domainError(() => buildVietQrPayload({ ...CHECK, amountVnd }));
      expect(error.fieldErrors.amountVnd, String(amountVnd)).toBe("payments.errors.amount");
    }
  });

  it("reports every bad field at once", () => {
    const error = domainError(() => buildVietQrPayload({ bankBin: "x", accountNo: "y", amountVnd: -5 }));
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["accountNo", "amountVnd", "bankBin"]);
  });
});

describe("verifyCrc and decodeVietQr", () => {
  const payload = buildVietQrPayload(CHECK);

  it("detects any changed character", () => {
    expect(verifyCrc(payload)).toBe(true);
    expect(verifyCrc(payload.replace("150000", "150001"))).toBe(false);
    expect(verifyCrc(payload.replace("6EDE", "6EDF"))).toBe(false);
    expect(verifyCrc(payload.slice(0, -8))).toBe(false);
    expect(verifyCrc(payload.replace(/6EDE$/, "6ede"))).toBe(true);
  });

  it("reads the transfer back", () => {
    expect(decodeVietQr(payload)).toEqual({
      bankBin: "970436",
      accountNo: "1234567890",
      amountVnd: 150000,
      note: "DH2025001",
    });
  });

  it("refuses a payload with a wrong CRC or a broken structure", () => {
    expect(domainError(() => decodeVietQr(payload.replace("6EDE", "0000"))).messageKey).toBe(
      "payments.errors.qrMalformed",
    );
    expect(domainError(() => parseEmvTlv("000201019")).messageKey).toBe("payments.errors.qrMalformed");
    expect(domainError(() => parseEmvTlv("00AB01")).messageKey).toBe("payments.errors.qrMalformed");
  });
});
