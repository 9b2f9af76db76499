import { describe, expect, it } from "vitest";
import { withCoop } from "~/components/ManageUi";
import {
  normaliseAccountName,
  normaliseAccountNo,
  normaliseCooperativePhone,
  normaliseTaxCode,
  validateProfileInput,
} from "~/domain/cooperatives/profile";
import { gtinCheckDigit } from "~/domain/labels/gtin";
import {
  isDecisionNo,
  normaliseDecisionNo,
  parseCalendarDate,
  validateCertificateInput,
} from "~/domain/listings/certificates";
import { chooseSlug, parseGtin, parsePriceVnd, validateProductInput } from "~/domain/listings/products";
import { banks, findBank } from "~/domain/payments/banks";
import { areaOfKey, isStorageKey, photoUrl, photoVariantKey } from "~/domain/storage/keys";
import { sniffFileType } from "~/domain/storage/sniff";
import { slugify, stripDiacritics } from "~/utils/text";

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === "string" ? [...v].map((c) => c.charCodeAt(0)) : [v])));

const vnGtin13 = `893123456789${gtinCheckDigit("893123456789")}`;

describe("slugs", () => {
  it("strips Vietnamese diacritics, including đ", () => {
    expect(stripDiacritics("Rượu men lá Đồng Phúc")).toBe("Ruou men la Dong Phuc");
    expect(slugify("Rượu men lá")).toBe("ruou-men-la");
    expect(slugify("  Miến dong – Đà Lạt (500g)!  ")).toBe("mien-dong-da-lat-500g");
    expect(slugify("Chè Shan tuyết cổ thụ Vân Hồ loại đặc biệt thượng hạng hảo hạng số một", 30)).toBe(
      "che-shan-tuyet-co-thu-van-ho-l",
    );
  });

  it("adds -2, -3… when the slug is taken, and falls back when the name has no letters", () => {
    expect(chooseSlug("Rượu men lá", new Set())).toBe("ruou-men-la");
    expect(chooseSlug("Rượu men lá", new Set(["ruou-men-la"]))).toBe("ruou-men-la-2");
    expect(chooseSlug("Rượu men lá", new Set(["ruou-men-la", "ruou-men-la-2"]))).toBe("ruou-men-la-3");
    expect(chooseSlug("★★★", new Set())).toBe("san-pham");
  });
});

describe("prices in đồng", () => {
  it("reads the ways people write whole đồng", () => {
    expect(parsePriceVnd("125.000")).toEqual({ ok: true, value: 125000 });
    expect(parsePriceVnd("125000")).toEqual({ ok: true, value: 125000 });
    expect(parsePriceVnd("1.250.000 ₫")).toEqual({ ok: true, value: 1250000 });
    expect(parsePriceVnd("125 000đ")).toEqual({ ok: true, value: 125000 });
    expect(parsePriceVnd("125,000")).toEqual({ ok: true, value: 125000 });
  });

  it("refuses negatives, decimals, zero and nonsense with a message saying which", () => {
    expect(parsePriceVnd("-5000")).toEqual({ ok: false, messageKey: "manage.errors.priceNegative" });
    expect(parsePriceVnd("12.5")).toEqual({ ok: false, messageKey: "manage.errors.priceWhole" });
    expect(parsePriceVnd("125,5")).toEqual({ ok: false, messageKey: "manage.errors.priceWhole" });
    expect(parsePriceVnd("1.25.000")).toEqual({ ok: false, messageKey: "manage.errors.priceWhole" });
    expect(parsePriceVnd("abc")).toEqual({ ok: false, messageKey: "manage.errors.priceWhole" });
    expect(parsePriceVnd("0")).toEqual({ ok: false, messageKey: "manage.errors.priceZero" });
    expect(parsePriceVnd(" ")).toEqual({ ok: false, messageKey: "manage.errors.priceRequired" });
    expect(parsePriceVnd("2.000.000.000")).toEqual({ ok: false, messageKey: "manage.errors.priceTooHigh" });
  });
});

describe("GTIN input", () => {
  it("stores a valid GTIN as 14 digits and an empty one as none", () => {
    expect(parseGtin(vnGtin13)).toEqual({ ok: true, value: `0${vnGtin13}` });
    expect(parseGtin("9638-5074")).toEqual({ ok: true, value: "00000096385074" });
    expect(parseGtin("")).toEqual({ ok: true, value: null });
  });

  it("tells a wrong length from a wrong check digit", () => {
    const wrong = `${vnGtin13.slice(0, 12)}${(Number(vnGtin13[12]) + 1) % 10}`;
    expect(parseGtin(wrong)).toEqual({ ok: false, messageKey: "manage.errors.gtinCheckDigit" });
    expect(parseGtin("12345")).toEqual({ ok: false, messageKey: "manage.errors.gtinLength" });
    expect(parseGtin("89312345678AB")).toEqual({ ok: false, messageKey: "manage.errors.gtinLength" });
  });
});

describe("product form", () => {
  it("reports every bad field at once", () => {
    const result = validateProductInput({ name: "", ocopGroup: "food", unit: "", price: "-1", gtin: "123" });
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        name: "manage.errors.nameRequired",
        price: "manage.errors.priceNegative",
        gtin: "manage.errors.gtinLength",
        unit: "manage.errors.unitRequired",
      },
    });
  });

  it("takes a typed unit when “other” is chosen, and normalises the rest", () => {
    const result = validateProductInput({
      name: "  Miến   dong ",
      description: "Làm từ củ dong riềng\r\nChợ Đồn",
      ocopGroup: "food",
      unit: "other",
      unitOther: " thùng ",
      price: "85.000",
      gtin: "",
    });
    expect(result).toEqual({
      ok: true,
      data: {
        name: "Miến dong",
        description: "Làm từ củ dong riềng\nChợ Đồn",
        ocopGroup: "food",
        unit: "thùng",
        priceVnd: 85000,
        gtin: null,
      },
    });
    expect(validateProductInput({ name: "Mận", ocopGroup: "wine", unit: "thùng", price: "1" })).toMatchObject(
      {
        ok: false,
        fieldErrors: { ocopGroup: "manage.errors.groupRequired", unit: "manage.errors.unitRequired" },
      },
    );
  });
});

describe("file sniffing", () => {
  it("recognises JPEG, PNG, WebP and PDF by their first bytes", () => {
    expect(sniffFileType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))?.mime).toBe("image/jpeg");
    expect(sniffFileType(bytes(0x89, "PNG", 0x0d, 0x0a, 0x1a, 0x0a, 0))?.mime).toBe("image/png");
    expect(sniffFileType(bytes("RIFF", 0x24, 0, 0, 0, "WEBPVP8 "))?.mime).toBe("image/webp");
    expect(sniffFileType(bytes("%PDF-1.7\n"))?.ext).toBe("pdf");
  });

  it("refuses anything else, whatever its name claims", () => {
    expect(sniffFileType(bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffFileType(bytes("RIFF", 0, 0, 0, 0, "WAVEfmt "))).toBeNull();
    expect(sniffFileType(bytes("GIF89a"))).toBeNull();
    expect(sniffFileType(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffFileType(new Uint8Array())).toBeNull();
  });
});

describe("storage keys", () => {
  it("accept only our own random keys, so no path can climb out of the store", () => {
    expect(isStorageKey("photos/0a1b2c3d4e5f60718293a4b5c6d7e8f9.webp")).toBe(true);
    expect(isStorageKey("certificates/ab12cd34.pdf")).toBe(true);
    expect(isStorageKey("photos/../../etc/passwd")).toBe(false);
    expect(isStorageKey("../photos/a.webp")).toBe(false);
    expect(isStorageKey("photos/a.webp/../../x.webp")).toBe(false);
    expect(isStorageKey("other/a.webp")).toBe(false);
    expect(isStorageKey("photos/a.svg")).toBe(false);
    expect(areaOfKey("certificates/ab12.jpg")).toBe("certificates");
  });

  it("derive the thumbnail beside the large photo", () => {
    expect(photoVariantKey("photos/abc.webp", "small")).toBe("photos/abc-400.webp");
    expect(photoUrl("photos/abc.webp")).toBe("/files/photos/abc.webp");
    expect(photoUrl("photos/abc.webp", "small")).toBe("/files/photos/abc-400.webp");
  });
});

describe("cooperative profile rules", () => {
  it("writes the account holder's name as banks print it", () => {
    expect(normaliseAccountName("Hợp tác xã  Đồng Phúc ")).toBe("HOP TAC XA DONG PHUC");
    expect(normaliseAccountName("htx nông nghiệp vân hồ")).toBe("HTX NONG NGHIEP VAN HO");
    expect(normaliseAccountName("HTX 19-5")).toBeNull();
    expect(normaliseAccountName("A".repeat(51))).toBeNull();
  });

  it("accepts account numbers of 6 to 19 digits", () => {
    expect(normaliseAccountNo("0123 4567 89")).toBe("0123456789");
    expect(normaliseAccountNo("12345")).toBeNull();
    expect(normaliseAccountNo("12345678901234567890")).toBeNull();
    expect(normaliseAccountNo("12345a789")).toBeNull();
  });

  it("accepts a 10-digit tax code or a 13-digit branch code written 10-3", () => {
    expect(normaliseTaxCode("4700123456")).toBe("4700123456");
    expect(normaliseTaxCode("0101234567-001")).toBe("0101234567-001");
    expect(normaliseTaxCode("0101234567001")).toBe("0101234567-001");
    expect(normaliseTaxCode("010123456")).toBeNull();
    expect(normaliseTaxCode("0101234567-01")).toBeNull();
  });

  it("accepts mobile and landline numbers", () => {
    expect(normaliseCooperativePhone("0912 345 678")).toBe("0912345678");
    expect(normaliseCooperativePhone("+84 209 3888 123")).toBe("02093888123");
    expect(normaliseCooperativePhone("0209.3888.123")).toBe("02093888123");
    expect(normaliseCooperativePhone("0123456")).toBeNull();
  });

  it("refuses a half-filled bank account", () => {
    const result = validateProfileInput({
      name: "HTX Đồng Phúc",
      regionId: "8f14e45f-ceea-467f-a8f6-6c2d5c3a9b10",
      phone: "0912345678",
      bankBin: "970436",
    });
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        bankAccountNo: "manage.errors.accountNoRequired",
        bankAccountName: "manage.errors.accountNameRequired",
      },
    });
    const full = validateProfileInput({
      name: "HTX Đồng Phúc",
      taxCode: "4700123456",
      regionId: "8f14e45f-ceea-467f-a8f6-6c2d5c3a9b10",
      phone: "0912345678",
      bankBin: "970405",
      bankAccountNo: "8888 1234 5678",
      bankAccountName: "Hợp tác xã Đồng Phúc",
    });
    expect(full.ok && full.data.bank).toEqual({
      bin: "970405",
      accountNo: "888812345678",
      accountName: "HOP TAC XA DONG PHUC",
    });
  });
});

describe("banks for VietQR", () => {
  it("lists the main Vietnamese banks with their 6-digit BIN, each once", () => {
    for (const [bin, shortName] of [
      ["970436", "Vietcombank"],
      ["970415", "VietinBank"],
      ["970418", "BIDV"],
      ["970405", "Agribank"],
      ["970407", "Techcombank"],
      ["970422", "MB"],
      ["970449", "LPBank"],
      ["970440", "SeABank"],
    ]) {
      expect(findBank(bin ?? "")?.shortName).toBe(shortName);
    }
    expect(banks.every((b) => /^\d{6}$/.test(b.bin))).toBe(true);
    expect(new Set(banks.map((b) => b.bin)).size).toBe(banks.length);
  });
});

describe("OCOP decision numbers and dates", () => {
  it("accept the usual shapes, tolerating spaces and lower case", () => {
    expect(isDecisionNo("1234/QĐ-UBND")).toBe(true);
    expect(isDecisionNo("56/QĐ-UBND.NN")).toBe(true);
    expect(normaliseDecisionNo(" 1234 / qđ-ubnd ")).toBe("1234/QĐ-UBND");
    expect(isDecisionNo("QĐ-UBND")).toBe(false);
    expect(isDecisionNo("1234/")).toBe(false);
    expect(isDecisionNo("1234567/QĐ-UBND")).toBe(false);
    expect(isDecisionNo("12a/QĐ")).toBe(false);
  });

  it("read ISO and Vietnamese dates, refusing days that do not exist", () => {
    expect(parseCalendarDate("2024-03-15")).toBe("2024-03-15");
    expect(parseCalendarDate("15/03/2024")).toBe("2024-03-15");
    expect(parseCalendarDate("2024-02-30")).toBeNull();
    expect(parseCalendarDate("31/04/2024")).toBeNull();
    expect(parseCalendarDate("yesterday")).toBeNull();
  });

  it("check the score against the stars and the date against today", () => {
    const base = {
      stars: "4",
      score: "82",
      decisionNo: "1234/QĐ-UBND",
      decisionDate: "2024-03-15",
      authority: "UBND tỉnh Bắc Kạn",
      ocopGroup: "beverages",
    };
    expect(validateCertificateInput(base, "2025-11-20")).toEqual({
      ok: true,
      data: { ...base, stars: 4, score: 82, expiresOn: "2027-03-15" },
    });
    expect(validateCertificateInput({ ...base, score: "65" }, "2025-11-20")).toEqual({
      ok: false,
      fieldErrors: { score: "manage.errors.scoreStars" },
    });
    expect(validateCertificateInput({ ...base, stars: "6", score: "101" }, "2025-11-20")).toEqual({
      ok: false,
      fieldErrors: { stars: "manage.errors.starsRange", score: "manage.errors.scoreRange" },
    });
    expect(validateCertificateInput({ ...base, decisionDate: "2025-11-21" }, "2025-11-20")).toEqual({
      ok: false,
      fieldErrors: { decisionDate: "manage.errors.decisionDateFuture" },
    });
    expect(validateCertificateInput({ ...base, decisionDate: "2022-01-10" }, "2025-11-20")).toEqual({
      ok: false,
      fieldErrors: { decisionDate: "manage.errors.certificateExpired" },
    });
  });
});

describe("back-office links", () => {
  it("keep the cooperative being worked on", () => {
    expect(withCoop("/manage/products", "htx-dong-phuc")).toBe("/manage/products?coop=htx-dong-phuc");
    expect(withCoop("/manage/inbox?page=2", "a")).toBe("/manage/inbox?page=2&coop=a");
    expect(withCoop("/manage", null)).toBe("/manage");
  });
});
