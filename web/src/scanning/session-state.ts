import {
  WatchEventKind,
  type Discrepancy,
  type LineProgress,
  type MissingItem,
  type ScanRecord,
  type ScanSession,
  type ScanSummary,
  type WatchSessionResponse,
} from "@eventkit/api/eventkit/v1/scanning_pb.js";

/** What the scanning screen knows of its session, merged from GetSession, WatchSession and its own answers. */
export interface SessionView {
  session: ScanSession | undefined;
  /** Pull-list lines in the server's order. */
  lines: LineProgress[];
  /** Newest first, at most `recentScanLimit`. */
  scans: ScanRecord[];
  missing: MissingItem[];
  discrepancies: Discrepancy[];
}

export const recentScanLimit = 50;

export const emptyView: SessionView = { session: undefined, lines: [], scans: [], missing: [], discrepancies: [] };

export type ViewAction =
  | { type: "loaded"; session: ScanSession | undefined; lines: LineProgress[]; scans: ScanRecord[]; missing: MissingItem[]; discrepancies: Discrepancy[] }
  | { type: "watch"; event: WatchSessionResponse }
  /** An answer to this screen's Scan or UndoLastScan: the scan, the summary and the lines it changed. */
  | { type: "changed"; scan: ScanRecord | undefined; summary: ScanSummary | undefined; lines: LineProgress[] }
  | { type: "ended"; session: ScanSession | undefined; lines: LineProgress[]; missing: MissingItem[]; discrepancies: Discrepancy[] };

/** Adds or replaces scans by scan id, newest (highest sequence) first. */
function mergeScans(current: readonly ScanRecord[], incoming: readonly ScanRecord[]): ScanRecord[] {
  const byId = new Map(current.map((scan) => [scan.scanId, scan]));
  for (const scan of incoming) byId.set(scan.scanId, scan);
  return [...byId.values()].sort((a, b) => Number(b.sequence - a.sequence)).slice(0, recentScanLimit);
}

/** Replaces the given lines by id, keeping the others and the order. */
function mergeLines(current: readonly LineProgress[], changed: readonly LineProgress[]): LineProgress[] {
  if (current.length === 0) return [...changed];
  const byId = new Map(changed.map((line) => [line.lineId, line]));
  const merged = current.map((line) => byId.get(line.lineId) ?? line);
  for (const line of changed) if (!current.some((old) => old.lineId === line.lineId)) merged.push(line);
  return merged;
}

export function viewReducer(view: SessionView, action: ViewAction): SessionView {
  switch (action.type) {
    case "loaded":
      return { session: action.session, lines: action.lines, scans: mergeScans([], action.scans), missing: action.missing, discrepancies: action.discrepancies };
    case "watch": {
      const { event } = action;
      // Every event carries the whole pull-list progress after it.
      const lines = event.lines.length > 0 ? [...event.lines] : view.lines;
      const session = event.session ?? view.session;
      switch (event.kind) {
        case WatchEventKind.SNAPSHOT:
          return { ...view, session, lines, scans: mergeScans(view.scans, event.scans) };
        case WatchEventKind.SCAN:
        case WatchEventKind.UNDO:
          return { ...view, session, lines, scans: event.scan ? mergeScans(view.scans, [event.scan]) : view.scans };
        case WatchEventKind.ENDED:
          return { ...view, session, lines };
        case WatchEventKind.UNSPECIFIED:
          return view;
      }
      return view;
    }
    case "changed": {
      const session = view.session && action.summary ? { ...view.session, summary: action.summary } : view.session;
      return { ...view, session, lines: mergeLines(view.lines, action.lines), scans: action.scan ? mergeScans(view.scans, [action.scan]) : view.scans };
    }
    case "ended":
      return {
        ...view,
        session: action.session ?? view.session,
        lines: action.lines.length > 0 ? action.lines : view.lines,
        missing: action.missing,
        discrepancies: action.discrepancies,
      };
  }
}

/** The newest applied scan still standing: what "Undo last scan" takes back. */
export function lastUndoable(view: SessionView): ScanRecord | undefined {
  return view.scans.find((scan) => !scan.undone);
}

/** Units done and required on a line, by session kind: check-in counts returns against what went out. */
export function lineCounts(line: LineProgress, checkIn: boolean): { done: number; required: number } {
  return checkIn ? { done: line.returned, required: line.checkedOut } : { done: line.checkedOut, required: line.required };
}
