import { z } from "zod";
import { CsvSyntaxError, parseCsv } from "../reports/csv";
import type { RegionInput, RegionLevel, RegionScheme } from "./regions.server";

/**
 * The official region list as CSV, validated before anything is written. Pure: the codes
 * already in the database are passed in.
 */
export const REGION_CSV_COLUMNS = [
  "code",
  "name",
  "level",
  "scheme",
  "parent_code",
  "successor_code",
] as const;
const REQUIRED_COLUMNS = ["code", "name", "level", "scheme", "parent_code"] as const;
export const REGION_CSV_EXAMPLE = [
  "code,name,level,scheme,parent_code,successor_code",
  "19,Thái Nguyên,province,current,,",
  "01933,Đồng Phúc,commune,current,19,",
  "06,Bắc Kạn,province,legacy,,",
  "063,Chợ Đồn,district,legacy,06,",
  "02041,Bằng Phúc,commune,legacy,063,01933",
].join("\n");

export interface RegionImportIssue {
  line: number;
  /** Dictionary key under admin.regions.errors. */
  messageKey: string;
  params?: Record<string, string | number>;
}

export type RegionImportResult =
  | { ok: true; regions: RegionInput[] }
  | { ok: false; issues: RegionImportIssue[] };

/** Regions already stored, by `${scheme}/${code}`, with their level. */
export type ExistingRegions = ReadonlyMap<string, RegionLevel>;

const levelRank: Record<RegionLevel, number> = { province: 0, district: 1, commune: 2 };
const err = (name: string) => `admin.regions.errors.${name}`;
const optionalCode = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^(\d{1,10})?$/, message)
    .transform((v) => v || null);

const RegionRow = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{1,10}$/, err("codeFormat")),
  name: z.string().trim().min(1, err("nameRequired")).max(200, err("nameTooLong")),
  level: z.enum(["province", "district", "commune"], err("level")),
  scheme: z.enum(["current", "legacy"], err("scheme")),
  parent_code: optionalCode(err("parentFormat")),
  successor_code: optionalCode(err("successorFormat")),
});

/** Excel set to Vietnamese saves "CSV" with semicolons (the comma is the decimal mark): follow the header. */
function separatorOf(text: string): "," | ";" {
  const firstLine = text.split(/\r?\n|\r/, 1)[0] ?? "";
  return firstLine.includes(";") && !firstLine.includes(",") ? ";" : ",";
}

/** Parses and checks every row; returns either the whole list ready to store, or every problem with its line. */
export function parseRegionCsv(text: string, existing: ExistingRegions = new Map()): RegionImportResult {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text, separatorOf(text));
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      return { ok: false, issues: [{ line: error.line, messageKey: err(error.reason) }] };
    }
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, issues: [{ line: 1, messageKey: err("empty") }] };
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const issues: RegionImportIssue[] = [];
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  const unknown = columns.filter((c) => !(REGION_CSV_COLUMNS as readonly string[]).includes(c));
  if (missing.length)
    issues.push({
      line: header.line,
      messageKey: err("missingColumns"),
      params: { columns: missing.join(", ") },
    });
  if (unknown.length)
    issues.push({
      line: header.line,
      messageKey: err("unknownColumns"),
      params: { columns: unknown.join(", ") },
    });
  if (issues.length) return { ok: false, issues };
  if (rows.length === 0) return { ok: false, issues: [{ line: header.line, messageKey: err("noRows") }] };

  const parsed: Array<{ line: number; region: RegionInput }> = [];
  const seen = new Map<string, { line: number; level: RegionLevel }>();
  for (const record of rows) {
    if (record.fields.length !== columns.length) {
      issues.push({
        line: record.line,
        messageKey: err("fieldCount"),
        params: { expected: columns.length, got: record.fields.length },
      });
      continue;
    }
    const raw = Object.fromEntries(columns.map((c, i) => [c, record.fields[i] ?? ""]));
    const result = RegionRow.safeParse({ successor_code: "", ...raw });
    if (!result.success) {
      const reported = new Set<string>();
      for (const issue of result.error.issues) {
        const column = String(issue.path[0] ?? "");
        if (reported.has(column)) continue;
        reported.add(column);
        const key = issue.message.startsWith("admin.") ? issue.message : err("invalidValue");
        issues.push({
          line: record.line,
          messageKey: key,
          params: { column, value: String(raw[column] ?? "") },
        });
      }
      continue;
    }
    const row = result.data;
    const key = `${row.scheme}/${row.code}`;
    const first = seen.get(key);
    if (first) {
      issues.push({
        line: record.line,
        messageKey: err("duplicateCode"),
        params: { code: row.code, scheme: row.scheme, firstLine: first.line },
      });
      continue;
    }
    seen.set(key, { line: record.line, level: row.level });
    parsed.push({
      line: record.line,
      region: {
        code: row.code,
        name: row.name,
        level: row.level,
        scheme: row.scheme as RegionScheme,
        parentCode: row.parent_code,
        successorCode: row.successor_code,
      },
    });
  }

  const levelOf = (scheme: RegionScheme, code: string) =>
    seen.get(`${scheme}/${code}`)?.level ?? existing.get(`${scheme}/${code}`);
  for (const { line, region } of parsed) {
    if (region.level === "province" && region.parentCode) {
      issues.push({ line, messageKey: err("provinceHasParent"), params: { code: region.code } });
    } else if (region.level !== "province" && !region.parentCode) {
      issues.push({ line, messageKey: err("parentRequired"), params: { code: region.code } });
    } else if (region.parentCode) {
      const parentLevel = levelOf(region.scheme, region.parentCode);
      if (!parentLevel) {
        issues.push({
          line,
          messageKey: err("unknownParent"),
          params: { code: region.parentCode, scheme: region.scheme },
        });
      } else if (levelRank[parentLevel] >= levelRank[region.level]) {
        issues.push({ line, messageKey: err("parentLevel"), params: { code: region.parentCode } });
      }
    }
    if (region.successorCode) {
      if (region.scheme !== "legacy") {
        issues.push({ line, messageKey: err("successorOnlyLegacy"), params: { code: region.code } });
      } else if (!levelOf("current", region.successorCode)) {
        issues.push({ line, messageKey: err("unknownSuccessor"), params: { code: region.successorCode } });
      }
    }
  }
  if (issues.length) return { ok: false, issues: issues.sort((a, b) => a.line - b.line) };
  return { ok: true, regions: parsed.map((p) => p.region) };
}
