import { describe, expect, it } from "vitest";
import { CsvSyntaxError, csvField, parseCsv, toCsv } from "../../app/domain/reports/csv";

describe("toCsv", () => {
  it("starts with a UTF-8 byte-order mark and ends every line with CRLF", () => {
    const csv = toCsv([
      ["Mục", "Giá trị"],
      ["Chờ duyệt", 3],
    ]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toBe("\uFEFFMục,Giá trị\r\nChờ duyệt,3\r\n");
    expect(toCsv([["a"]], { bom: false })).toBe("a\r\n");
  });

  it("quotes commas, quotes, line breaks and outer spaces, and leaves plain text bare", () => {
    expect(csvField("Rượu men lá, Chợ Đồn")).toBe('"Rượu men lá, Chợ Đồn"');
    expect(csvField('HTX "Bằng Phúc"')).toBe('"HTX ""Bằng Phúc"""');
    expect(csvField("dòng 1\ndòng 2")).toBe('"dòng 1\ndòng 2"');
    expect(csvField("a\r\nb")).toBe('"a\r\nb"');
    expect(csvField(" lề ")).toBe('" lề "');
    expect(csvField("Nước mắm")).toBe("Nước mắm");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(-12)).toBe("-12");
    expect(csvField(Number.NaN)).toBe("");
  });

  it("defuses text that a spreadsheet would run as a formula", () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("+84 912")).toBe("'+84 912");
    expect(csvField("@cmd")).toBe("'@cmd");
  });

  it("round-trips through the parser", () => {
    const rows = [
      ["code", "name"],
      ["1", 'Tên có "ngoặc", dấu phẩy\r\nvà xuống dòng'],
      ["2", ""],
    ];
    expect(parseCsv(toCsv(rows)).map((r) => r.fields)).toEqual(rows);
  });
});

describe("parseCsv", () => {
  it("reads quoted fields with separators, escaped quotes and line breaks, and numbers records by line", () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\r\nlines",z\r\n3,,\r\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "x, y", 'say "hi"'] },
      { line: 3, fields: ["2", "two\r\nlines", "z"] },
      { line: 5, fields: ["3", "", ""] },
    ]);
  });

  it("accepts LF or CR line ends, a byte-order mark, blank lines and a last line without an end", () => {
    expect(parseCsv("\uFEFFa,b\n\n1,2\r3,4").map((r) => [r.line, ...r.fields])).toEqual([
      [1, "a", "b"],
      [3, "1", "2"],
      [4, "3", "4"],
    ]);
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("a,")).toEqual([{ line: 1, fields: ["a", ""] }]);
    expect(parseCsv('""')).toEqual([]);
  });

  it("reports an unclosed quote on the line it opened, and text after a closing quote", () => {
    const unclosed = () => parseCsv('a,b\n1,"never closed\n2,3\n');
    expect(unclosed).toThrow(CsvSyntaxError);
    try {
      unclosed();
    } catch (error) {
      expect(error).toMatchObject({ line: 2, reason: "unclosedQuote" });
    }
    expect(() => parseCsv('a,"b"c\n')).toThrow(
      expect.objectContaining({ line: 1, reason: "textAfterQuote" }),
    );
  });

  it("keeps a quote inside an unquoted field as text, and supports another separator", () => {
    expect(parseCsv('5" tall,x')[0]?.fields).toEqual(['5" tall', "x"]);
    expect(parseCsv("a;b;c")[0]?.fields).toEqual(["a;b;c"]);
    expect(parseCsv("a;b", ";")[0]?.fields).toEqual(["a", "b"]);
  });
});
