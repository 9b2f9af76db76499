/**
 * Amounts of money as people and banks write them, read into whole đồng. Pure.
 *
 * Accepted: "150000", "150.000", "150,000", "150 000", "150.000 ₫", "150.000đ", "150,000 VND",
 * "1.500.000,00" and "1,500,000.00" (a decimal part is allowed only when it is zero: đồng has no
 * minor unit), "-150.000" or "(150.000)" for money going out. A single separator followed by
 * exactly three digits groups thousands ("150.000" is 150000); followed by one or two digits it
 * is a decimal mark ("150000,00").
 */

const CURRENCY = /^(?:vnđ|vnd|đồng|dong|₫|đ)|(?:vnđ|vnd|đồng|dong|₫|đ)$/giu;
const GROUPED = (sep: string) => new RegExp(`^\\d{1,3}(?:\\${sep}\\d{3})+$`);

/** The amount in whole đồng (negative for a debit), or null when the text is not an amount. */
export function parseVndAmount(input: string): number | null {
  let text = input
    .normalize("NFC")
    .replace(/[\s\u00a0\u202f]/g, "")
    .toLowerCase();
  let sign = 1;
  if (/^\(.*\)$/.test(text)) {
    sign = -1;
    text = text.slice(1, -1);
  }
  // Currency before or after the sign: "-150.000 ₫", "₫150.000", "VND -150.000".
  for (let i = 0; i < 2; i++) {
    text = text.replace(CURRENCY, "");
    if (/^[-−+]/.test(text)) {
      if (text[0] !== "+") sign = -sign;
      text = text.slice(1);
    }
  }
  if (!/^\d[\d.,]*$/.test(text)) return null;

  let whole: string;
  const dots = (text.match(/\./g) ?? []).length;
  const commas = (text.match(/,/g) ?? []).length;
  if (dots === 0 && commas === 0) {
    whole = text;
  } else if (dots > 0 && commas > 0) {
    // Both marks: the last one is the decimal mark and must occur once.
    const decimalMark = text.lastIndexOf(".") > text.lastIndexOf(",") ? "." : ",";
    const groupMark = decimalMark === "." ? "," : ".";
    if ((decimalMark === "." ? dots : commas) !== 1) return null;
    const [intPart = "", fraction = ""] = text.split(decimalMark);
    if (!GROUPED(groupMark).test(intPart) || !/^\d{1,2}$/.test(fraction) || /[1-9]/.test(fraction)) {
      return null;
    }
    whole = intPart.replaceAll(groupMark, "");
  } else {
    const mark = dots > 0 ? "." : ",";
    const count = dots + commas;
    const after = text.length - text.lastIndexOf(mark) - 1;
    if (count > 1 || after === 3) {
      if (!GROUPED(mark).test(text)) return null;
      whole = text.replaceAll(mark, "");
    } else if (after === 1 || after === 2) {
      const [intPart = "", fraction = ""] = text.split(mark);
      if (/[1-9]/.test(fraction)) return null;
      whole = intPart;
    } else {
      return null;
    }
  }
  const value = Number(whole);
  if (!Number.isSafeInteger(value)) return null;
  return value === 0 ? 0 : sign * value;
}
