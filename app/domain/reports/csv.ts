/**
 * CSV in and out (RFC 4180), pure. Output opens correctly in Excel with Vietnamese text: UTF-8
 * with a byte-order mark, CRLF line ends, fields quoted when they hold a comma, quote or newline.
 */

export type CsvCell = string | number | null | undefined;

/** One field. Text starting with = + - @ gets a leading apostrophe so a spreadsheet never runs it as a formula. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvCell[])[], { bom = true }: { bom?: boolean } = {}): string {
  return `${bom ? "\uFEFF" : ""}${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}

export interface CsvRecord {
  /** The physical line the record starts on, from 1 (the header is line 1). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: "unclosedQuote" | "textAfterQuote",
  ) {
    super(`CSV syntax error on line ${line}: ${reason}`);
    this.name = "CsvSyntaxError";
  }
}

/**
 * Parses CSV text: quoted fields may hold separators, doubled quotes and line breaks; records end
 * with CRLF, LF or CR; a leading byte-order mark and blank lines are ignored.
 */
export function parseCsv(input: string, separator = ","): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let fieldStarted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endField = () => {
    fields.push(field);
    field = "";
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    if (fields.length > 1 || fields[0] !== "") records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (!fieldStarted && ch === '"') {
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvSyntaxError(openedOn, "unclosedQuote");
        const c = text[i] as string;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line++;
        field += c;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== separator && next !== "\r" && next !== "\n") {
        throw new CsvSyntaxError(line, "textAfterQuote");
      }
      fieldStarted = true;
      continue;
    }
    if (ch === separator) {
      endField();
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += ch;
    fieldStarted = true;
    i++;
  }
  if (fieldStarted || fields.length > 0) endRecord();
  return records;
}
