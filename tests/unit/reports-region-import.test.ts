import { describe, expect, it } from "vitest";
import { parseRegionCsv, REGION_CSV_EXAMPLE } from "../../app/domain/regions/import";

const header = "code,name,level,scheme,parent_code,successor_code";
const csv = (...lines: string[]) => [header, ...lines].join("\r\n");
const keys = (result: ReturnType<typeof parseRegionCsv>) =>
  result.ok ? [] : result.issues.map((i) => [i.line, i.messageKey.replace("admin.regions.errors.", "")]);

describe("parseRegionCsv", () => {
  it("accepts the documented example, parents and successors inside the file", () => {
    const result = parseRegionCsv(REGION_CSV_EXAMPLE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.regions).toHaveLength(5);
    expect(result.regions[4]).toEqual({
      code: "02041",
      name: "Bằng Phúc",
      level: "commune",
      scheme: "legacy",
      parentCode: "063",
      successorCode: "01933",
    });
  });

  it("accepts a BOM, quoted names, columns in another order, a missing successor column and parents already stored", () => {
    const text =
      '\uFEFFname,code,scheme,level,parent_code\n"Phường Hà Giang 1, Tuyên Quang",00001,current,commune,08\n';
    const result = parseRegionCsv(text, new Map([["current/08", "province"]]));
    expect(result).toEqual({
      ok: true,
      regions: [
        {
          code: "00001",
          name: "Phường Hà Giang 1, Tuyên Quang",
          level: "commune",
          scheme: "current",
          parentCode: "08",
          successorCode: null,
        },
      ],
    });
  });

  it("follows a header saved with semicolons by a Vietnamese spreadsheet", () => {
    const result = parseRegionCsv(
      "code;name;level;scheme;parent_code\r\n19;Thái Nguyên, tỉnh;province;current;\r\n",
    );
    expect(result.ok && result.regions[0]?.name).toBe("Thái Nguyên, tỉnh");
  });

  it("reports a bad level, a bad scheme and a bad code with their line numbers", () => {
    const result = parseRegionCsv(
      csv("19,Thái Nguyên,tinh,current,,", "20,Lạng Sơn,province,old,,", "A1,Sai mã,province,current,,"),
    );
    expect(keys(result)).toEqual([
      [2, "level"],
      [3, "scheme"],
      [4, "codeFormat"],
    ]);
  });

  it("reports an unknown parent, a parent of the wrong level and a missing parent", () => {
    const result = parseRegionCsv(
      csv(
        "19,Thái Nguyên,province,current,,",
        "01933,Đồng Phúc,commune,current,99,",
        "01934,Xã A,commune,current,19,",
        "063,Chợ Đồn,district,current,01934,",
        "01935,Xã B,commune,current,,",
      ),
    );
    expect(keys(result)).toEqual([
      [3, "unknownParent"],
      [5, "parentLevel"],
      [6, "parentRequired"],
    ]);
  });

  it("finds parents in the same scheme only", () => {
    const result = parseRegionCsv(
      csv("063,Chợ Đồn,district,legacy,19,"),
      new Map([["current/19", "province"]]),
    );
    expect(keys(result)).toEqual([[2, "unknownParent"]]);
  });

  it("reports a duplicate code with the line of the first one, but allows the same code in the other scheme", () => {
    const result = parseRegionCsv(
      csv(
        "19,Thái Nguyên,province,current,,",
        "19,Thái Nguyên,province,legacy,,",
        "19,Trùng,province,current,,",
      ),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        line: 4,
        messageKey: "admin.regions.errors.duplicateCode",
        params: { code: "19", scheme: "current", firstLine: 2 },
      },
    ]);
  });

  it("checks successors: legacy rows only, pointing at a current unit", () => {
    const result = parseRegionCsv(
      csv(
        "19,Thái Nguyên,province,current,,",
        "06,Bắc Kạn,province,legacy,,19",
        "07,Cao Bằng,province,current,,19",
        "08,Hà Giang,province,legacy,,77",
      ),
    );
    expect(keys(result)).toEqual([
      [4, "successorOnlyLegacy"],
      [5, "unknownSuccessor"],
    ]);
  });

  it("reports the header, field counts, empty files and CSV syntax errors", () => {
    expect(keys(parseRegionCsv(""))).toEqual([[1, "empty"]]);
    expect(keys(parseRegionCsv(header))).toEqual([[1, "noRows"]]);
    expect(keys(parseRegionCsv("code,name,kind\n1,a,b"))).toEqual([
      [1, "missingColumns"],
      [1, "unknownColumns"],
    ]);
    expect(keys(parseRegionCsv(csv("19,Thái Nguyên,province,current")))).toEqual([[2, "fieldCount"]]);
    expect(keys(parseRegionCsv(csv('19,"Thái Nguyên,province,current,,')))).toEqual([[2, "unclosedQuote"]]);
  });

  it("counts lines across a quoted line break", () => {
    const result = parseRegionCsv(csv('19,"Thái\nNguyên",province,current,,', "20,X,tinh,current,,"));
    expect(keys(result)).toEqual([[4, "level"]]);
  });
});
