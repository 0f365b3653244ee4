// CSV in and out: a parser that keeps the file's line numbers (quoted fields,
// embedded commas and newlines, a BOM, CRLF, ";" or tab as separator), and a
// writer with proper quoting. Pure: bytes in, records out.
import { CsvError, parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { CsvRowError } from "./inventory.js";

/** One record of the file, with the line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvTable {
  /** Column names as written, or empty when the file had no header. */
  header: string[];
  rows: CsvRecord[];
  /** Problems of the file itself (encoding, an unclosed quote…). */
  errors: CsvRowError[];
}

export type CsvDelimiter = "," | ";" | "\t";

/** The separator of the header line: Excel in many European locales writes ";". */
export function detectDelimiter(text: string): CsvDelimiter {
  const end = text.indexOf("\n");
  const first = end === -1 ? text : text.slice(0, end);
  const counts = ([",", ";", "\t"] as const).map((d) => ({ d, n: first.split(d).length - 1 }));
  const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
  return best.n > 0 ? best.d : ",";
}

function newlines(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === "\n") n++;
  return n;
}

/** Decodes UTF-8 (with or without a BOM) and parses; never throws. */
export function parseCsv(bytes: Uint8Array): CsvTable {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { header: [], rows: [], errors: [{ line: 1, field: "", reason: "INVALID_ENCODING", message: "the file is not UTF-8 text" }] };
  }
  return parseCsvText(text);
}

export function parseCsvText(input: string): CsvTable {
  // One newline convention, so line numbers count what an editor shows.
  const text = (input.startsWith("\uFEFF") ? input.slice(1) : input).replace(/\r\n?/g, "\n");
  const records: CsvRecord[] = [];
  const errors: CsvRowError[] = [];
  let lastLine = 0;
  try {
    parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (fields, context) => {
        // `lines` is the record's last line; newlines inside it sit in quoted fields.
        records.push({ line: context.lines - fields.reduce((n, f) => n + newlines(f), 0), fields });
        lastLine = context.lines;
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const unclosed = error.code === "CSV_QUOTE_NOT_CLOSED";
    const line = unclosed ? lastLine + 1 : ((error as CsvError & { lines?: number }).lines ?? lastLine + 1);
    errors.push({
      line,
      field: "",
      reason: "MALFORMED_CSV",
      message: unclosed ? "a quoted field is not closed" : "a quote is misplaced: quote the whole field and double any quote inside it",
    });
  }
  const [header, ...rows] = records;
  return { header: header ? header.fields.map((h) => h.trim()) : [], rows, errors };
}

/** Leading characters that make spreadsheets evaluate a cell as a formula. */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * Free text safe to open in a spreadsheet: a cell starting with = + - @ gets a
 * leading apostrophe (OWASP "CSV injection"); `fromSafeText` takes it off again.
 */
export function toSafeText(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

export function fromSafeText(value: string): string {
  return value.startsWith("'") && formulaStart.test(value.slice(1)) ? value.slice(1) : value;
}

/** A CSV file (UTF-8, comma, CRLF as RFC 4180 has it), every field quoted when needed. */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header, ...rows], { record_delimiter: "windows", quoted_match: /[\r\n]|^\s|\s$/ });
}
