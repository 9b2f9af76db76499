/**
 * A bank statement exported as CSV, read into lines of money received. Pure: the import
 * (statement.server.ts) matches the lines' order codes afterwards.
 *
 * Banks export differently, so the reader is forgiving about everything but the money: UTF-8
 * with or without a byte-order mark; comma, semicolon or tab between fields (Excel set to
 * Vietnamese saves ";"); a few lines of bank name and period before the header row; column
 * names in Vietnamese with or without diacritics, or in English. A header row needs an amount
 * column and a description column; date and reference columns are kept when present. Every
 * amount must read as whole đồng (see ./amount.ts) or the whole file is refused, each problem
 * with its line number, so a half-read statement never confirms anything.
 */
import { CsvSyntaxError, parseCsv } from "~/domain/reports/csv";
import { parseVndAmount } from "./amount";

export interface StatementLine {
  /** Physical line in the file, from 1. */
  line: number;
  /** Money in, in whole đồng; null when the amount cell is empty (a debit line); negative for money out. */
  amountVnd: number | null;
  description: string;
  date: string | null;
  reference: string | null;
}

export interface StatementIssue {
  line: number;
  /** Dictionary key under fulfilment.statement.errors. */
  messageKey: string;
  params?: Record<string, string | number>;
}

export type StatementParse = { ok: true; lines: StatementLine[] } | { ok: false; issues: StatementIssue[] };

export const MAX_STATEMENT_LINES = 5000;
/** The header is looked for among this many first records (banks put their name and the period above it). */
const HEADER_SEARCH = 20;
const MAX_ISSUES = 100;

const err = (name: string) => `fulfilment.statement.errors.${name}`;

/** A header cell folded for matching: lower case, no diacritics (đ → d), words separated by one space. */
export function foldHeader(cell: string): string {
  return cell
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const isDebitName = (h: string) => /\b(ghi no|debit|no tk|rut)\b/.test(h) || h === "no";
/** Money in: "Ghi có", "Credit", "Số tiền ghi có" — preferred over a plain amount column. */
const isCreditName = (h: string) => /\b(ghi co|credit)\b/.test(h) || h === "co" || h === "tien vao";
const isAmountName = (h: string) =>
  !isDebitName(h) && (/^(so tien|amount|tien|gia tri)\b/.test(h) || /\bamount$/.test(h));
const isDescriptionName = (h: string) =>
  /\b(noi dung|dien giai|description|content|details|narrative|remark|mo ta)\b/.test(h);
const isDateName = (h: string) => /^(ngay|date|thoi gian)\b/.test(h) || /\bdate$/.test(h);
const isReferenceName = (h: string) =>
  /\b(tham chieu|reference|ref|ma giao dich|ma gd|so gd|so ct|so chung tu|transaction id|trace|so but toan)\b/.test(
    h,
  );

export interface StatementColumns {
  amount: number;
  description: number;
  date: number | null;
  reference: number | null;
}

/** The columns of a header row, or null when it lacks an amount or a description column. */
export function statementColumns(header: readonly string[]): StatementColumns | null {
  const folded = header.map(foldHeader);
  const find = (test: (h: string) => boolean, taken: number[] = []) => {
    const i = folded.findIndex((h, idx) => h !== "" && !taken.includes(idx) && test(h));
    return i === -1 ? null : i;
  };
  const amount = find(isCreditName) ?? find(isAmountName);
  if (amount === null) return null;
  const description = find(isDescriptionName, [amount]);
  if (description === null) return null;
  const date = find(isDateName, [amount, description]);
  const reference = find(isReferenceName, [amount, description, ...(date === null ? [] : [date])]);
  return { amount, description, date, reference };
}

function recordsWith(text: string, separator: string) {
  try {
    return { ok: true as const, records: parseCsv(text, separator) };
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { ok: false as const, error };
    throw error;
  }
}

/** Reads the statement; either every line, or every problem found (at most a hundred) with its line. */
export function parseStatementCsv(text: string): StatementParse {
  if (text.replace(/^\uFEFF/, "").trim() === "")
    return { ok: false, issues: [{ line: 1, messageKey: err("empty") }] };
  let syntaxError: CsvSyntaxError | null = null;
  for (const separator of [",", ";", "\t"]) {
    const parsed = recordsWith(text, separator);
    if (!parsed.ok) {
      syntaxError ??= parsed.error;
      continue;
    }
    const records = parsed.records;
    const headerAt = records
      .slice(0, HEADER_SEARCH)
      .findIndex((r) => r.fields.length > 1 && statementColumns(r.fields) !== null);
    if (headerAt === -1) continue;
    const header = records[headerAt];
    const columns = header ? statementColumns(header.fields) : null;
    if (!columns) continue;
    return readRows(records.slice(headerAt + 1), columns, header?.line ?? 1);
  }
  if (syntaxError)
    return { ok: false, issues: [{ line: syntaxError.line, messageKey: err(syntaxError.reason) }] };
  return { ok: false, issues: [{ line: 1, messageKey: err("noHeader") }] };
}

function readRows(
  rows: ReadonlyArray<{ line: number; fields: string[] }>,
  columns: StatementColumns,
  headerLine: number,
): StatementParse {
  const lines: StatementLine[] = [];
  const issues: StatementIssue[] = [];
  const cell = (fields: string[], i: number | null) => (i === null ? "" : (fields[i] ?? "").trim());
  for (const { line, fields } of rows) {
    if (fields.every((f) => f.trim() === "")) continue;
    if (lines.length >= MAX_STATEMENT_LINES) {
      issues.push({ line, messageKey: err("tooManyLines"), params: { max: MAX_STATEMENT_LINES } });
      break;
    }
    const rawAmount = cell(fields, columns.amount);
    let amountVnd: number | null = null;
    if (rawAmount !== "" && rawAmount !== "-") {
      amountVnd = parseVndAmount(rawAmount);
      if (amountVnd === null) {
        issues.push({ line, messageKey: err("amountInvalid"), params: { value: rawAmount.slice(0, 40) } });
        if (issues.length >= MAX_ISSUES) break;
        continue;
      }
    }
    lines.push({
      line,
      amountVnd,
      description: cell(fields, columns.description).replace(/\s+/g, " "),
      date: cell(fields, columns.date) || null,
      reference: cell(fields, columns.reference) || null,
    });
  }
  if (issues.length) return { ok: false, issues };
  if (!lines.length) return { ok: false, issues: [{ line: headerLine, messageKey: err("noRows") }] };
  return { ok: true, lines };
}
