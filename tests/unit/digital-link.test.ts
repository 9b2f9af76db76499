import { describe, expect, it } from "vitest";
import {
  batchLinkUrl,
  decodeAiValue,
  digitalLinkPath,
  digitalLinkUrl,
  encodeAiValue,
  lotPrefix,
  lotSchema,
  parseDigitalLinkPath,
  parseShortTracePath,
  shortTracePath,
  shortTraceText,
  shortTraceUrl,
  suggestLot,
  validateLot,
  validateSerial,
} from "~/domain/labels/digital-link";
import { gtinCheckDigit } from "~/domain/labels/gtin";
import { messagesFor, translate } from "~/i18n";

const ORIGIN = "https://cho-ocop.vn";
// A real seed GTIN (Vietnam prefix 893) with a correct check digit.
const GTIN = "08938512400013";
const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;

function expectOk<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error.message}`);
  return result.value;
}

function errorOf(result: { ok: boolean; error?: { code: string } }) {
  if (result.ok || !("error" in result) || !result.error) throw new Error("expected an error");
  return result.error as {
    code: string;
    messageKey: string;
    params: Record<string, string | number>;
    message: string;
  };
}

/** A small deterministic PRNG, so the generated lots are the same on every run. */
function prng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe("formatting Digital Link URIs", () => {
  it("writes /01/{gtin14}/10/{lot} and puts the serial after the lot", () => {
    expect(digitalLinkUrl(ORIGIN, { gtin: GTIN, lot: "RML-2611-01" })).toBe(
      "https://cho-ocop.vn/01/08938512400013/10/RML-2611-01",
    );
    expect(digitalLinkUrl(`${ORIGIN}/`, { gtin: GTIN, lot: "RML-2611-01", serial: "000123" })).toBe(
      "https://cho-ocop.vn/01/08938512400013/10/RML-2611-01/21/000123",
    );
    expect(digitalLinkPath({ gtin: GTIN })).toBe("/01/08938512400013");
  });

  it("always writes the GTIN with 14 digits and refuses a GTIN with a wrong check digit", () => {
    expect(digitalLinkPath({ gtin: "8938512400013", lot: "A" })).toBe("/01/08938512400013/10/A");
    expect(() => digitalLinkPath({ gtin: "08938512400014", lot: "A" })).toThrow(RangeError);
  });

  it("percent-encodes every CSET 82 character outside the URI unreserved set", () => {
    expect(encodeAiValue("A/B%C")).toBe("A%2FB%25C");
    expect(encodeAiValue(`!"%&'()*+,/:;<=>?`)).toBe("%21%22%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F");
    expect(encodeAiValue("Az09-._")).toBe("Az09-._");
  });

  it("uses the short /t/ path for products without a GTIN", () => {
    expect(shortTraceUrl(ORIGIN, "k3v9p2x7qa")).toBe("https://cho-ocop.vn/t/k3v9p2x7qa");
    expect(shortTraceUrl(ORIGIN, "k3v9p2x7qa", "A/1")).toBe("https://cho-ocop.vn/t/k3v9p2x7qa/A%2F1");
    expect(shortTraceText(ORIGIN, "k3v9p2x7qa", "7")).toBe("cho-ocop.vn/t/k3v9p2x7qa/7");
    expect(batchLinkUrl(ORIGIN, { gtin: null, lot: "HKH-2026-11", publicCode: "k3v9p2x7qa" })).toBe(
      "https://cho-ocop.vn/t/k3v9p2x7qa",
    );
    expect(batchLinkUrl(ORIGIN, { gtin: GTIN, lot: "HKH-2026-11", publicCode: "k3v9p2x7qa" }, "9")).toBe(
      "https://cho-ocop.vn/01/08938512400013/10/HKH-2026-11/21/9",
    );
  });
});

describe("parsing Digital Link paths", () => {
  it("round-trips lots and serials with every CSET 82 character, including / and %", () => {
    const lots = ["RML-2611-01", "A/B", "100%", "%2F", "a%b/c", `"'()*+,`, ":;<=>?!&", "...", "x".repeat(20)];
    const random = prng(82);
    while (lots.length < 400) {
      const length = 1 + Math.floor(random() * 20);
      const lot = Array.from({ length }, () => CSET82[Math.floor(random() * CSET82.length)]).join("");
      // "." and ".." are refused as lots (tested below): URL parsers drop them as path steps.
      if (lot !== "." && lot !== "..") lots.push(lot);
    }
    for (const lot of lots) {
      const serial = [...lot].reverse().join("");
      const url = digitalLinkUrl(ORIGIN, { gtin: GTIN, lot, serial });
      const parsed = expectOk(parseDigitalLinkPath(url));
      expect(parsed).toEqual({
        gtin: GTIN,
        lot,
        serial,
        canonicalPath: new URL(url).pathname,
        isCanonical: true,
      });
      // The path alone parses the same, and re-formatting gives the same URL back.
      expect(digitalLinkUrl(ORIGIN, expectOk(parseDigitalLinkPath(new URL(url).pathname)))).toBe(url);
    }
  });

  it("accepts GTIN-8/12/13, lower-case hex, raw sub-delimiters and a trailing slash, and names the canonical path", () => {
    const short = expectOk(parseDigitalLinkPath("/01/8938512400013/10/A%2fB"));
    expect(short).toMatchObject({ gtin: GTIN, lot: "A/B", isCanonical: false });
    expect(short.canonicalPath).toBe("/01/08938512400013/10/A%2FB");

    const raw = expectOk(parseDigitalLinkPath("/01/08938512400013/10/LOT!1/21/(7)"));
    expect(raw).toMatchObject({ lot: "LOT!1", serial: "(7)", isCanonical: false });
    expect(raw.canonicalPath).toBe("/01/08938512400013/10/LOT%211/21/%287%29");

    expect(expectOk(parseDigitalLinkPath("/01/08938512400013/10/A/"))).toMatchObject({ isCanonical: false });
    expect(expectOk(parseDigitalLinkPath("/01/08938512400013?linkType=gs1:pip"))).toMatchObject({
      gtin: GTIN,
      lot: null,
      serial: null,
      isCanonical: true,
    });
    // GTIN-8 and GTIN-12 pad to 14 digits.
    const gtin8 = `9638507${gtinCheckDigit("9638507")}`;
    expect(expectOk(parseDigitalLinkPath(`/01/${gtin8}`)).gtin).toBe(`000000${gtin8}`);
    const gtin12 = `61414100003${gtinCheckDigit("61414100003")}`;
    expect(expectOk(parseDigitalLinkPath(`/01/${gtin12}/21/1`)).gtin).toBe(`00${gtin12}`);
  });

  it("says which digit a wrong check digit should be", () => {
    const wrong = "08938512400018";
    const error = errorOf(parseDigitalLinkPath(`/01/${wrong}/10/A`));
    expect(error.code).toBe("gtinCheckDigit");
    expect(error.params).toEqual({ expected: 3, actual: 8 });
    expect(error.message).toContain("the last digit should be 3");
    expect(translate("en", error.messageKey, error.params)).toContain("the last digit should be 3, not 8");
    expect(translate("vi", error.messageKey, error.params)).toContain("chữ số cuối phải là 3");
  });

  it("reports every kind of bad path with a translated message", () => {
    const cases: [string, string][] = [
      ["/01/123456789/10/A", "gtinLength"],
      ["/01/0893851240001X/10/A", "gtinNotDigits"],
      ["/01/08938512400013/17/261231", "unknownAi"],
      ["/01/08938512400013/21/1/10/A", "aiOrder"],
      ["/01/08938512400013/10/A/10/B", "aiOrder"],
      ["/01/08938512400013/10", "missingValue"],
      ["/01/08938512400013/10/A%G1", "badEncoding"],
      ["/01/08938512400013/10/A%FF", "badEncoding"],
      ["/01/08938512400013/10/A%20B", "lotInvalid"],
      ["/01/08938512400013/10/H%E1%BB%92NG", "lotInvalid"],
      ["/01/08938512400013/10/%2E", "lotInvalid"],
      [`/01/08938512400013/10/${"A".repeat(21)}`, "lotInvalid"],
      [`/01/08938512400013/10/A/21/${"9".repeat(21)}`, "serialInvalid"],
      ["/01//10/A", "malformed"],
      ["/t/k3v9p2x7qa", "notDigitalLink"],
      ["/414/8938512400005", "notDigitalLink"],
    ];
    for (const [path, code] of cases) {
      const error = errorOf(parseDigitalLinkPath(path));
      expect(error.code, path).toBe(code);
      expect(error.messageKey).toBe(`labels.link.${code}`);
      const vi = translate("vi", error.messageKey, error.params);
      expect(vi, path).not.toBe(messagesFor("vi").validation.invalid);
      expect(vi, path).not.toMatch(/\{\w+\}/);
      expect(translate("en", error.messageKey, error.params)).not.toMatch(/\{\w+\}/);
    }
    expect(errorOf(parseDigitalLinkPath("/01/123456789")).params).toEqual({ length: 9 });
  });

  it("parses the short /t/ path, accepting a code typed in capitals", () => {
    expect(expectOk(parseShortTracePath("/t/k3v9p2x7qa"))).toEqual({
      publicCode: "k3v9p2x7qa",
      serial: null,
      canonicalPath: "/t/k3v9p2x7qa",
      isCanonical: true,
    });
    const caps = expectOk(parseShortTracePath("https://cho-ocop.vn/t/K3V9P2X7QA/A%2F1"));
    expect(caps).toMatchObject({ publicCode: "k3v9p2x7qa", serial: "A/1", isCanonical: false });
    expect(caps.canonicalPath).toBe("/t/k3v9p2x7qa/A%2F1");
    expect(shortTracePath(caps.publicCode, caps.serial)).toBe(caps.canonicalPath);
    expect(errorOf(parseShortTracePath("/t/ab")).code).toBe("malformed");
    expect(errorOf(parseShortTracePath("/t/k3v9p2x7qa/a%20b")).code).toBe("serialInvalid");
    expect(errorOf(parseShortTracePath("/01/08938512400013")).code).toBe("notDigitalLink");
  });

  it("decodes only well-formed percent escapes", () => {
    expect(decodeAiValue("A%2fb")).toBe("A/b");
    expect(decodeAiValue("50%")).toBeNull();
    expect(decodeAiValue("%C4")).toBeNull();
  });
});

describe("lot codes", () => {
  it("accepts 1 to 20 characters of the GS1 set", () => {
    expect(validateLot("RML-2611-01")).toEqual({ ok: true, value: "RML-2611-01" });
    expect(validateLot("A".repeat(20)).ok).toBe(true);
    expect(validateLot(`a/b%c"d`).ok).toBe(true);
  });

  it("names the problem with a dictionary key, and suggests a fixed code", () => {
    const problems: [string, string][] = [
      ["", "empty"],
      ["RML 2611", "spaces"],
      ["HỒNG-ĐỎ", "diacritics"],
      ["RML#1", "characters"],
      ["RML–1", "characters"],
      ["A".repeat(21), "tooLong"],
      [".", "dots"],
      ["..", "dots"],
    ];
    for (const [lot, problem] of problems) {
      const check = validateLot(lot);
      expect(check.ok, lot).toBe(false);
      if (check.ok) continue;
      expect(check.problem, lot).toBe(problem);
      expect(check.messageKey).toBe(`labels.lot.${problem}`);
      expect(translate("vi", check.messageKey)).not.toBe(messagesFor("vi").validation.invalid);
    }
    const accents = validateLot("HỒNG-ĐỎ");
    expect(!accents.ok && accents.params.suggestion).toBe("HONG-DO");
    const spaces = validateLot("Lô 26 11");
    expect(!spaces.ok && spaces.params.suggestion).toBe("Lo-26-11");
    const serial = validateSerial("Số 1");
    expect(!serial.ok && serial.messageKey).toBe("labels.serial.spaces");
  });

  it("has a form schema that trims and reports the key", () => {
    expect(lotSchema.safeParse("  RML-2611-01 ").data).toBe("RML-2611-01");
    const bad = lotSchema.safeParse("Hồng 1");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("labels.lot.spaces");
  });

  it("suggests the next free code for the month in Vietnam", () => {
    expect(suggestLot("RML", "2026-11-21")).toBe("RML-2611-01");
    expect(suggestLot("RML", "2026-11-21", ["RML-2611-01", "rml-2611-02"])).toBe("RML-2611-03");
    // 18:00 UTC on 30 November is already 1 December in Vietnam.
    expect(suggestLot("rml", new Date("2026-11-30T18:00:00Z"))).toBe("RML-2612-01");
    expect(suggestLot("Hồng đỏ", "2026-01-05")).toBe("HONGDO-2601-01");
    expect(suggestLot("", "2026-01-05")).toBe("LOT-2601-01");
    const taken = Array.from({ length: 120 }, (_, i) => `ABCDEF-2601-${String(i + 1).padStart(2, "0")}`);
    const next = suggestLot("ABCDEFGH", "2026-01-05", taken);
    expect(next).toBe("ABCDEF-2601-121");
    expect(validateLot(next).ok).toBe(true);
  });

  it("derives a prefix from a product name", () => {
    expect(lotPrefix("Rượu men lá Bằng Phúc")).toBe("RML");
    expect(lotPrefix("Mật")).toBe("MAT");
    expect(lotPrefix("Đường phèn")).toBe("DP");
    expect(lotPrefix("  ")).toBe("LOT");
  });
});
