import { describe, expect, it } from "vitest";
import { foldHeader, parseStatementCsv, statementColumns } from "~/domain/orders/statement";

const ok = (text: string) => {
  const result = parseStatementCsv(text);
  if (!result.ok) throw new Error(`expected the statement to parse: ${JSON.stringify(result.issues)}`);
  return result.lines;
};

describe("statement columns", () => {
  it("folds Vietnamese headers with and without diacritics", () => {
    expect(foldHeader("Số tiền (VND)")).toBe("so tien vnd");
    expect(foldHeader("Nội dung")).toBe(foldHeader("Noi dung"));
    expect(foldHeader("Diễn giải")).toBe("dien giai");
    expect(foldHeader(" Ghi Có ")).toBe("ghi co");
  });

  it("finds the amount and description columns, preferring money in over a debit column", () => {
    expect(statementColumns(["Ngày", "Số tiền ghi nợ", "Số tiền ghi có", "Diễn giải"])).toEqual({
      amount: 2,
      description: 3,
      date: 0,
      reference: null,
    });
    expect(statementColumns(["Date", "Reference", "Description", "Debit", "Credit", "Balance"])).toEqual({
      amount: 4,
      description: 2,
      date: 0,
      reference: 1,
    });
    expect(statementColumns(["So tien", "Noi dung"])).toEqual({
      amount: 0,
      description: 1,
      date: null,
      reference: null,
    });
    expect(statementColumns(["Amount", "Content", "Mã giao dịch"])).toMatchObject({ reference: 2 });
    expect(statementColumns(["Ngày", "Số tiền"])).toBeNull();
    expect(statementColumns(["Số tiền ghi nợ", "Nội dung"])).toBeNull();
  });
});

describe("parseStatementCsv", () => {
  it("reads a comma-separated statement with a byte-order mark and quoted amounts", () => {
    const lines = ok(
      '\uFEFFNgày,Số tham chiếu,Nội dung,Số tiền\r\n21/11/2026,FT001,"NGUYEN VAN A chuyen tien DH2611214K7Q","150,000"\r\n22/11/2026,FT002,Phi dich vu,"-11,000"\r\n',
    );
    expect(lines).toEqual([
      {
        line: 2,
        amountVnd: 150000,
        description: "NGUYEN VAN A chuyen tien DH2611214K7Q",
        date: "21/11/2026",
        reference: "FT001",
      },
      { line: 3, amountVnd: -11000, description: "Phi dich vu", date: "22/11/2026", reference: "FT002" },
    ]);
  });

  it("reads a semicolon-separated export from Excel in Vietnamese, with the bank's lines above the header", () => {
    const lines = ok(
      [
        "NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM;;;",
        "Sao kê tài khoản 1234567890;;;",
        "Ngày giao dịch;Diễn giải;Ghi nợ;Ghi có",
        "21/11/2026;DH2611214K7Q thanh toan;;150.000",
        "21/11/2026;Rut tien ATM;500.000;",
        ";;;",
        "22/11/2026;CK DH261122ABCD;;1.250.000,00",
      ].join("\n"),
    );
    expect(lines.map((l) => [l.line, l.amountVnd, l.description])).toEqual([
      [4, 150000, "DH2611214K7Q thanh toan"],
      [5, null, "Rut tien ATM"],
      [7, 1250000, "CK DH261122ABCD"],
    ]);
  });

  it("accepts headers without diacritics and in English", () => {
    expect(ok("So tien;Noi dung\n150000;DH2611214K7Q")[0]?.amountVnd).toBe(150000);
    expect(ok("Date\tDescription\tAmount\n2026-11-21\tDH2611214K7Q\t150000")[0]?.date).toBe("2026-11-21");
  });

  it("refuses the whole file when an amount cannot be read, naming every bad line", () => {
    const result = parseStatementCsv(
      "Nội dung,Số tiền\nDH2611214K7Q,150.000\nDH261122ABCD,mot tram\nDH261122ABCE,1.5\n",
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        { line: 3, messageKey: "fulfilment.statement.errors.amountInvalid", params: { value: "mot tram" } },
        { line: 4, messageKey: "fulfilment.statement.errors.amountInvalid", params: { value: "1.5" } },
      ],
    });
  });

  it("says what is missing for an empty file, a file without a header and a header without lines", () => {
    expect(parseStatementCsv("")).toEqual({
      ok: false,
      issues: [{ line: 1, messageKey: "fulfilment.statement.errors.empty" }],
    });
    expect(parseStatementCsv("\uFEFF\r\n")).toMatchObject({ ok: false, issues: [{ line: 1 }] });
    expect(parseStatementCsv("Ngày,Số tiền\n21/11/2026,150000\n")).toEqual({
      ok: false,
      issues: [{ line: 1, messageKey: "fulfilment.statement.errors.noHeader" }],
    });
    expect(parseStatementCsv("Bank\nNội dung,Số tiền\n")).toEqual({
      ok: false,
      issues: [{ line: 2, messageKey: "fulfilment.statement.errors.noRows" }],
    });
  });

  it("reports a broken quote with its line", () => {
    expect(parseStatementCsv('Nội dung,Số tiền\n"DH2611214K7Q,150000\n')).toEqual({
      ok: false,
      issues: [{ line: 2, messageKey: "fulfilment.statement.errors.unclosedQuote" }],
    });
  });
});
