import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectDelimiter, fromSafeText, parseCsv, parseCsvText, toSafeText, writeCsv } from "./csv.js";

describe("parseCsvText", () => {
  it("keeps quoted commas and newlines, drops the BOM and empty lines, and numbers records by their first line", () => {
    const table = parseCsvText('\uFEFFcode,name\n"A","multi\nline"\n\nB,"x,y"\r\nC,"say ""hi"""\nE,last');
    expect(table.header).toEqual(["code", "name"]);
    expect(table.rows).toEqual([
      { line: 2, fields: ["A", "multi\nline"] },
      { line: 5, fields: ["B", "x,y"] },
      { line: 6, fields: ["C", 'say "hi"'] },
      { line: 7, fields: ["E", "last"] },
    ]);
    expect(table.errors).toEqual([]);
  });

  it("reads semicolon and tab separated files", () => {
    expect(parseCsvText("a;b\r\n1;2,5\r\n").rows).toEqual([{ line: 2, fields: ["1", "2,5"] }]);
    expect(parseCsvText("a\tb\n1\t2\n").rows).toEqual([{ line: 2, fields: ["1", "2"] }]);
  });

  it.each([
    ['a,b\n1,2\n"3,4\n5,6\n', 3, "a quoted field is not closed"],
    ['a,b\n1,2\n3,"4"x\n5,6', 3, "a quote is misplaced"],
  ])("reports a malformed file at its line: %j", (text, line, message) => {
    const table = parseCsvText(text);
    expect(table.errors).toHaveLength(1);
    expect(table.errors[0]).toMatchObject({ line, reason: "MALFORMED_CSV" });
    expect(table.errors[0]?.message).toContain(message);
    expect(table.rows[0]).toEqual({ line: 2, fields: ["1", "2"] });
  });

  it("refuses bytes that are not UTF-8", () => {
    expect(parseCsv(new Uint8Array([0x61, 0x0a, 0xff, 0xfe])).errors[0]?.reason).toBe("INVALID_ENCODING");
  });

  it("reads an empty file as no header and no rows", () => {
    expect(parseCsvText("")).toEqual({ header: [], rows: [], errors: [] });
  });
});

describe("detectDelimiter", () => {
  it.each([
    ["code,name", ","],
    ["code;name;description", ";"],
    ["code\tname", "\t"],
    ["code", ","],
    ["a;b,c;d\n1,2,3,4,5", ";"],
  ] as const)("%j → %j", (line, expected) => {
    expect(detectDelimiter(line)).toBe(expected);
  });
});

describe("writeCsv", () => {
  it("quotes what needs quoting and ends lines with CRLF", () => {
    expect(writeCsv(["a", "b"], [["x,y", 'q"e'], [" s", "n\nl"]])).toBe('a,b\r\n"x,y","q""e"\r\n" s","n\nl"\r\n');
  });

  it("round-trips any table through parseCsvText", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "Z", "1", ",", ";", '"', "\n", " ", "é", "'", "=", "\t") });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 8 }), (width, rows) => {
        const header = Array.from({ length: width }, (_, i) => `col${i}`);
        const body = rows.map((r) => r.slice(0, width)).filter((r) => r.some((c) => c !== "")).map((r) => (r.length === 1 && r[0] === "" ? ["x"] : r));
        const parsed = parseCsvText(writeCsv(header, body));
        expect(parsed.errors).toEqual([]);
        expect(parsed.header).toEqual(header);
        expect(parsed.rows.map((r) => r.fields)).toEqual(body);
      }),
    );
  });
});

describe("formula-safe text", () => {
  it.each([
    ["=SUM(A1)", "'=SUM(A1)"],
    ["+49 30", "'+49 30"],
    ["-5", "'-5"],
    ["@cmd", "'@cmd"],
    ["plain", "plain"],
    ["'quoted", "'quoted"],
  ])("%j ⇄ %j", (value, safe) => {
    expect(toSafeText(value)).toBe(safe);
    expect(fromSafeText(safe)).toBe(value);
  });
});
