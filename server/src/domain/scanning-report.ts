// What a session's report says, as plain tables: the check-out / check-in sheet
// (per pull-list line with the units, then every scan), the stocktake
// discrepancy report, or the scans of a packing or transfer session. The PDF
// and the CSV are drawn from these tables. Pure.
import type { Discrepancy, LineProgress, MissingItem, ScanRecord, ScanSession } from "./scanning.js";

export interface ReportTable {
  heading: string;
  columns: string[];
  /** Relative column widths. */
  widths: number[];
  rows: string[][];
}

export interface SessionReport {
  title: string;
  facts: string[];
  tables: ReportTable[];
  /** The table the CSV export carries. */
  csv: ReportTable;
  fileStem: string;
}

const kindTitles: Record<ScanSession["kind"], string> = {
  CHECK_OUT: "Check-out sheet",
  CHECK_IN: "Check-in sheet",
  CASE_PACKING: "Case packing",
  STOCKTAKE: "Stocktake discrepancy report",
  TRANSFER: "Transfer",
};

const discrepancyTitles: Record<Discrepancy["kind"], string> = {
  MISSING: "Missing",
  UNEXPECTED: "Not expected here",
  WRONG_LOCATION: "Wrong location",
  BULK_COUNT: "Count differs",
};

function iso(at: Date | null): string {
  return at ? at.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "";
}

function scansTable(scans: readonly ScanRecord[]): ReportTable {
  return {
    heading: "Scans",
    columns: ["#", "Time", "Code", "Item", "Action", "Qty", "Note"],
    widths: [4, 14, 12, 30, 10, 5, 25],
    rows: scans.map((s) => [
      String(s.sequence),
      iso(s.scannedAt),
      s.code,
      s.title,
      s.undoneAt ? `${s.action} (undone)` : s.action,
      String(s.quantity),
      [s.overriddenReason && `override ${s.overriddenReason}${s.overrideNote ? `: ${s.overrideNote}` : ""}`, s.damaged && `damaged: ${s.damageNote}`].filter(Boolean).join("; "),
    ]),
  };
}

function linesTable(lines: readonly LineProgress[]): ReportTable {
  return {
    heading: "Pull list",
    columns: ["Item", "Required", "Checked out", "Returned", "Units"],
    widths: [30, 9, 10, 9, 42],
    rows: lines.map((l) => [l.title, String(l.required), String(l.checkedOut), String(l.returned), l.assetTags.join(", ")]),
  };
}

function missingTable(missing: readonly MissingItem[], heading: string): ReportTable {
  return {
    heading,
    columns: ["Item", "Qty", "Units"],
    widths: [40, 8, 52],
    rows: missing.map((m) => [m.title, String(m.quantity), m.assetTags.join(", ")]),
  };
}

function discrepancyTable(discrepancies: readonly Discrepancy[]): ReportTable {
  return {
    heading: "Discrepancies",
    columns: ["Kind", "Asset", "Product", "Expected at", "Found at", "Expected", "Counted", "Applied"],
    widths: [13, 15, 18, 13, 13, 7, 7, 14],
    rows: discrepancies.map((d) => [
      discrepancyTitles[d.kind],
      d.assetTag,
      d.productName,
      d.expectedLocationName,
      d.foundLocationName,
      d.kind === "BULK_COUNT" ? String(d.expectedQuantity) : "",
      d.kind === "BULK_COUNT" ? String(d.countedQuantity) : "",
      d.appliedAt ? `yes: ${d.appliedReason}` : "",
    ]),
  };
}

export function sessionReport(r: { session: ScanSession; scans: readonly ScanRecord[]; lines: readonly LineProgress[]; discrepancies: readonly Discrepancy[]; missing: readonly MissingItem[] }): SessionReport {
  const s = r.session;
  const what = s.eventId ? `${s.eventNumber} ${s.eventName}` : s.caseId ? `case ${s.caseCode}` : s.locationName;
  const facts = [
    what,
    `Started ${iso(s.startedAt)} by ${s.ownerName}`,
    s.endedAt ? `Ended ${iso(s.endedAt)}` : "Still open",
    `${s.summary.scans} scans, ${s.summary.units} units${s.summary.overrides > 0 ? `, ${s.summary.overrides} overridden` : ""}${s.summary.undone > 0 ? `, ${s.summary.undone} undone` : ""}`,
  ];
  const stem = `${s.kind.toLowerCase().replace("_", "-")}-${(s.eventNumber || s.caseCode || s.id.slice(0, 8)).replace(/[^A-Za-z0-9._-]/g, "_")}`;
  const scans = scansTable(r.scans);
  switch (s.kind) {
    case "CHECK_OUT":
    case "CHECK_IN": {
      const lines = linesTable(r.lines);
      const tables = [lines];
      if (r.missing.length > 0) tables.push(missingTable(r.missing, s.kind === "CHECK_IN" ? "Still out (missing)" : "Not yet checked out"));
      tables.push(scans);
      return { title: kindTitles[s.kind], facts, tables, csv: lines, fileStem: stem };
    }
    case "STOCKTAKE": {
      const table = discrepancyTable(r.discrepancies);
      return { title: kindTitles[s.kind], facts, tables: [table, scans], csv: table, fileStem: stem };
    }
    case "CASE_PACKING":
    case "TRANSFER":
      return { title: kindTitles[s.kind], facts, tables: [scans], csv: scans, fileStem: stem };
  }
}
