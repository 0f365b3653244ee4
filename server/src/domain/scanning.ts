// Pure rules of scanning: which codes a session takes, how a check-out or
// check-in scan counts against the pull list, what an undo may reverse, and the
// stocktake discrepancy report. No I/O; the service loads facts and applies the
// plans these functions return. See docs/rules/scanning.md.
import type { AssetStatus } from "./asset.js";
import { ScanningError } from "./scanning.errors.js";

export type SessionKind = "CHECK_OUT" | "CHECK_IN" | "CASE_PACKING" | "STOCKTAKE" | "TRANSFER";
export type SessionState = "OPEN" | "ENDED";
export type TargetKind = "ASSET" | "CASE" | "PRODUCT" | "LOCATION";
export type ScanAction = "CHECKED_OUT" | "CHECKED_IN" | "PACKED" | "UNPACKED" | "FOUND" | "MOVED" | "LOCATION_SET";
export type DiscrepancyKind = "MISSING" | "UNEXPECTED" | "WRONG_LOCATION" | "BULK_COUNT";
export type EventStatusName = "ENQUIRY" | "PROVISIONAL" | "CONFIRMED" | "PREPPED" | "OUT" | "RETURNED" | "CLOSED" | "CANCELLED";

export interface ScanSummary {
  scans: number;
  undone: number;
  units: number;
  required: number;
  done: number;
  overrides: number;
}

export interface ScanSession {
  id: string;
  kind: SessionKind;
  state: SessionState;
  eventId: string | null;
  eventNumber: string;
  eventName: string;
  caseId: string | null;
  caseCode: string;
  locationId: string | null;
  locationName: string;
  sourceLocationId: string | null;
  currentLocationId: string | null;
  ownerUserId: string;
  ownerName: string;
  note: string;
  startedAt: Date;
  endedAt: Date | null;
  lastSequence: number;
  correctionsApplied: boolean;
  summary: ScanSummary;
}

export interface ScanRecord {
  scanId: string;
  sessionId: string;
  sequence: number;
  code: string;
  targetKind: TargetKind;
  targetId: string;
  title: string;
  action: ScanAction;
  quantity: number;
  assetIds: string[];
  lineIds: string[];
  overriddenReason: string;
  overrideNote: string;
  damaged: boolean;
  damageNote: string;
  maintenanceRecordId: string | null;
  locationId: string | null;
  userId: string;
  scannedAt: Date;
  undoneAt: Date | null;
}

export interface LineProgress {
  lineId: string;
  productId: string | null;
  assetId: string | null;
  /** A permanent-case line: the case (booked and scanned as one unit with its contents). */
  caseId: string | null;
  title: string;
  required: number;
  picked: number;
  checkedOut: number;
  returned: number;
  assetTags: string[];
}

export interface Discrepancy {
  id: string;
  kind: DiscrepancyKind;
  assetId: string | null;
  assetTag: string;
  productId: string;
  productName: string;
  expectedLocationId: string | null;
  expectedLocationName: string;
  foundLocationId: string | null;
  foundLocationName: string;
  expectedQuantity: number;
  countedQuantity: number;
  appliedAt: Date | null;
  appliedReason: string;
  appliedByUserId: string | null;
}

export interface MissingItem {
  lineId: string;
  productId: string | null;
  title: string;
  assetTags: string[];
  assetIds: string[];
  quantity: number;
}

/** What a client sent with a scan; stored canonically so a retry can be told from a reused id. */
export interface ScanInput {
  sessionId: string;
  scanId: string;
  code: string;
  quantity: number;
  override: boolean;
  overrideNote: string;
  damaged: boolean;
  damageNote: string;
  remove: boolean;
}

/** The canonical form of a scan's payload: same scan ⇔ same string. */
export function scanPayload(input: ScanInput): string {
  return JSON.stringify([input.sessionId, input.code.trim(), input.quantity, input.override, input.overrideNote, input.damaged, input.damageNote, input.remove]);
}

/** A stored scan answers a retry only when the retry carries the same payload. */
export function assertSameScan(storedPayload: string, input: ScanInput): void {
  if (storedPayload !== scanPayload(input)) {
    throw new ScanningError("SCAN_ID_REUSED", "this scan id was already used for a different scan; generate a new id per scan", { scanId: input.scanId });
  }
}

const checkOutStatuses: ReadonlySet<EventStatusName> = new Set(["CONFIRMED", "PREPPED", "OUT"]);

/** Check-out needs a confirmed (or later, still running) event; check-in takes any real event, even a cancelled one with gear still out. */
export function assertEventScannable(kind: "CHECK_OUT" | "CHECK_IN", status: EventStatusName, isTemplate: boolean, eventNumber: string): void {
  const ok = !isTemplate && (kind === "CHECK_IN" || checkOutStatuses.has(status));
  if (!ok) {
    throw new ScanningError("EVENT_NOT_SCANNABLE", isTemplate ? "a template event cannot be scanned" : `event ${eventNumber} is ${status}: only confirmed, prepped or out events are checked out`, { eventNumber, status });
  }
}

/** What a session must be bound to, by kind. */
export function assertSessionTargets(kind: SessionKind, t: { eventId: string | null; caseId: string | null; locationId: string | null }): void {
  const need = (ok: boolean, what: string) => {
    if (!ok) throw new ScanningError("SESSION_TARGET_REQUIRED", `a ${kind} session needs ${what}`, { kind, field: what });
  };
  switch (kind) {
    case "CHECK_OUT":
      need(t.eventId !== null, "event_id");
      break;
    case "CHECK_IN":
      need(t.eventId !== null, "event_id");
      need(t.locationId !== null, "location_id");
      break;
    case "CASE_PACKING":
      need(t.caseId !== null, "case_id");
      break;
    case "STOCKTAKE":
    case "TRANSFER":
      need(t.locationId !== null, "location_id");
      break;
  }
}

/** What the code resolved to, as far as the session kind and the request's flags care. */
export interface ResolvedTarget {
  kind: TargetKind;
  /** For a product: how it is tracked. */
  tracking?: "SERIALIZED" | "BULK" | "CONSUMABLE";
  title: string;
}

/**
 * Whether this kind of code, with this quantity and these flags, fits the
 * session. Refuses before anything is loaded for writing.
 */
export function assertScanFits(kind: SessionKind, target: ResolvedTarget, input: Pick<ScanInput, "quantity" | "damaged" | "remove" | "code">): void {
  const code = input.code.trim();
  const takesLocations = kind === "STOCKTAKE" || kind === "TRANSFER";
  if (target.kind === "LOCATION" && !takesLocations) {
    throw new ScanningError("CODE_NOT_SCANNABLE_HERE", `${code} is a location: a ${kind} session takes items`, { code, targetKind: target.kind });
  }
  if (target.kind === "PRODUCT" && target.tracking === "SERIALIZED") {
    throw new ScanningError("CODE_NOT_SCANNABLE_HERE", `${target.title} is serialized: scan the unit's own tag`, { code, targetKind: target.kind, productName: target.title });
  }
  if (input.remove && kind !== "CASE_PACKING") throw new ScanningError("REMOVE_NOT_ALLOWED", "only a case-packing session takes items out", { code });
  if (input.damaged && (kind !== "CHECK_IN" || target.kind !== "ASSET")) {
    throw new ScanningError("DAMAGE_NOT_ALLOWED", "damage is reported on a single unit as it is checked in", { code });
  }
  switch (target.kind) {
    case "ASSET":
      if (input.quantity > 1) throw new ScanningError("INVALID_QUANTITY", "a serialized unit is one unit", { code, quantity: String(input.quantity) });
      break;
    case "CASE":
    case "LOCATION":
      if (input.quantity !== 0) throw new ScanningError("INVALID_QUANTITY", `${code} takes no quantity`, { code, quantity: String(input.quantity) });
      break;
    case "PRODUCT":
      if (input.quantity < 1) throw new ScanningError("QUANTITY_REQUIRED", `how many ${target.title}?`, { code, productName: target.title });
      break;
  }
}

// --- check-out ---------------------------------------------------------------

export interface ScanLine {
  id: string;
  kind: "PRODUCT" | "ASSET" | "CASE";
  /** PRODUCT, ASSET: the product; CASE: null. */
  productId: string | null;
  /** CASE: the permanent case the line books with its contents. */
  caseId: string | null;
  assetId: string | null;
  quantity: number;
  checkedOut: number;
  returned: number;
  position: number;
}

export interface UnitFacts {
  id: string;
  tag: string;
  productId: string;
  productName: string;
  status: AssetStatus;
  /** The event this unit is out on, if any. */
  outEventId: string | null;
  outEventNumber: string;
  /** Another overlapping event that reserves this very unit (an ASSET line), if any. */
  bookedElsewhere: string | null;
  /** The case the unit is packed in (directly), if any. */
  caseId: string | null;
}

export interface BulkUnits {
  productId: string;
  productName: string;
  quantity: number;
  /** The case this bulk is packed in, when it came with a scanned case. */
  caseId?: string | null;
}

/** A case a scan touches: the scanned case and the cases nested in it (scanned), or the case of a single scanned unit. */
export interface CaseFacts {
  id: string;
  code: string;
  permanent: boolean;
  /** Part of the scan (the scanned case or nested in it), rather than the case of a unit scanned on its own. */
  scanned: boolean;
}

/** A refusal an override may accept. */
interface Refusal {
  code: "NOT_ON_PULL_LIST" | "ASSET_IN_MAINTENANCE" | "ASSET_BOOKED_ELSEWHERE" | "OVER_PICK" | "ASSET_IN_PERMANENT_CASE";
  message: string;
  metadata: Record<string, string>;
}

export interface CheckOutPlan {
  /** Units and the line each is assigned to (null: not on the list, taken by override). */
  assignments: { assetId: string; lineId: string | null }[];
  /** Units added to each line's picked and checked-out counts. */
  lineDeltas: Map<string, number>;
  /** The refusals an override accepted (distinct codes, in order met). */
  overridden: string[];
}

function byPosition(a: ScanLine, b: ScanLine): number {
  return a.position - b.position || a.id.localeCompare(b.id);
}

/**
 * Counts units and bulk quantities onto an event's own-stock lines. A unit
 * asked for by name (ASSET line) goes to that line; otherwise product lines
 * fill in list order. A scanned permanent case with a CASE line takes that line
 * (1) with everything packed in it; a unit of a permanent case scanned on its
 * own is refused (ASSET_IN_PERMANENT_CASE: scan the case). Refusals come in a
 * fixed order per unit; hard ones (retired or lost, already out) are never
 * overridden. See docs/rules/scanning.md.
 */
export function planCheckOut(lines: readonly ScanLine[], units: readonly UnitFacts[], bulk: readonly BulkUnits[], override: boolean, cases: readonly CaseFacts[] = []): CheckOutPlan {
  const room = new Map(lines.map((l) => [l.id, l.quantity - l.checkedOut]));
  const sorted = [...lines].sort(byPosition);
  const refusals: Refusal[] = [];
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const caseLine = new Map(sorted.flatMap((l) => (l.kind === "CASE" && l.caseId !== null ? [[l.caseId, l] as const] : [])));
  /** The CASE line a unit or bulk of a scanned permanent case goes out on (undefined: not a scanned permanent case; null: not on the list). */
  const lineOfCase = (caseId: string | null | undefined): ScanLine | null | undefined => {
    const c = caseId ? caseById.get(caseId) : undefined;
    if (!c?.permanent || !c.scanned) return undefined;
    return caseLine.get(c.id) ?? null;
  };
  for (const c of cases) {
    if (!c.permanent || !c.scanned) continue;
    const line = caseLine.get(c.id);
    if (!line) {
      refusals.push({ code: "NOT_ON_PULL_LIST", message: `case ${c.code} is not on the pull list`, metadata: { caseCode: c.code, overridable: "true" } });
      continue;
    }
    if ((room.get(line.id) ?? 0) <= 0) throw new ScanningError("CASE_ALREADY_OUT", `case ${c.code} is already checked out: check it in first`, { caseCode: c.code });
  }

  const lineDeltas = new Map<string, number>();
  const count = (lineId: string, n: number) => {
    lineDeltas.set(lineId, (lineDeltas.get(lineId) ?? 0) + n);
    room.set(lineId, (room.get(lineId) ?? 0) - n);
  };
  const assignments: CheckOutPlan["assignments"] = [];

  for (const unit of units) {
    const meta = { tag: unit.tag, productName: unit.productName, overridable: "true" };
    if (unit.status === "RETIRED" || unit.status === "LOST") {
      throw new ScanningError("ASSET_NOT_RENTABLE", `${unit.tag} is ${unit.status.toLowerCase()}`, { tag: unit.tag, status: unit.status });
    }
    if (unit.status === "CHECKED_OUT" || unit.outEventId !== null) {
      throw new ScanningError("ASSET_ALREADY_OUT", `${unit.tag} is already out${unit.outEventNumber ? ` on ${unit.outEventNumber}` : ""}: check it in first`, {
        tag: unit.tag,
        eventNumber: unit.outEventNumber,
      });
    }
    if (unit.status === "IN_MAINTENANCE" || unit.status === "DAMAGED") {
      refusals.push({ code: "ASSET_IN_MAINTENANCE", message: `${unit.tag} is ${unit.status === "DAMAGED" ? "damaged" : "in maintenance"}`, metadata: { ...meta, status: unit.status } });
    }
    const inCase = unit.caseId ? caseById.get(unit.caseId) : undefined;
    const viaCase = lineOfCase(unit.caseId);
    if (viaCase !== undefined) {
      assignments.push({ assetId: unit.id, lineId: viaCase?.id ?? null });
      continue;
    }
    if (inCase?.permanent) {
      refusals.push({ code: "ASSET_IN_PERMANENT_CASE", message: `${unit.tag} is packed in permanent case ${inCase.code}: scan the case`, metadata: { ...meta, caseCode: inCase.code } });
    }
    if (unit.bookedElsewhere !== null) {
      refusals.push({ code: "ASSET_BOOKED_ELSEWHERE", message: `${unit.tag} is reserved for ${unit.bookedElsewhere}`, metadata: { ...meta, eventNumber: unit.bookedElsewhere } });
    }
    const own = sorted.find((l) => l.kind === "ASSET" && l.assetId === unit.id);
    const candidates = sorted.filter((l) => l.kind === "PRODUCT" && l.productId === unit.productId);
    const withRoom = [own, ...candidates].find((l) => l !== undefined && (room.get(l.id) ?? 0) > 0);
    if (withRoom) {
      count(withRoom.id, 1);
      assignments.push({ assetId: unit.id, lineId: withRoom.id });
      continue;
    }
    const fallback = own ?? candidates[0];
    if (fallback) {
      refusals.push({ code: "OVER_PICK", message: `all ${unit.productName} on the list are already checked out`, metadata: { ...meta, lineId: fallback.id } });
      count(fallback.id, 1);
      assignments.push({ assetId: unit.id, lineId: fallback.id });
    } else {
      refusals.push({ code: "NOT_ON_PULL_LIST", message: `${unit.productName} is not on the pull list`, metadata: meta });
      assignments.push({ assetId: unit.id, lineId: null });
    }
  }

  for (const c of cases) {
    const line = lineOfCase(c.id);
    if (line) count(line.id, 1);
  }

  for (const b of bulk) {
    // Bulk packed in a scanned permanent case goes out with the case (its line, or the case's refusal).
    if (lineOfCase(b.caseId) !== undefined) continue;
    const meta = { productName: b.productName, quantity: String(b.quantity), overridable: "true" };
    const candidates = sorted.filter((l) => l.kind === "PRODUCT" && l.productId === b.productId);
    const first = candidates[0];
    if (!first) {
      refusals.push({ code: "NOT_ON_PULL_LIST", message: `${b.productName} is not on the pull list`, metadata: meta });
      continue;
    }
    let left = b.quantity;
    for (const line of candidates) {
      const take = Math.min(left, Math.max(0, room.get(line.id) ?? 0));
      if (take > 0) count(line.id, take);
      left -= take;
    }
    if (left > 0) {
      const last = candidates[candidates.length - 1] ?? first;
      refusals.push({ code: "OVER_PICK", message: `only ${b.quantity - left} more ${b.productName} are on the list`, metadata: { ...meta, remaining: String(b.quantity - left), lineId: last.id } });
      count(last.id, left);
    }
  }

  const firstRefusal = refusals[0];
  if (firstRefusal && !override) throw new ScanningError(firstRefusal.code, firstRefusal.message, firstRefusal.metadata);
  return { assignments, lineDeltas, overridden: [...new Set(refusals.map((r) => r.code))] };
}

// --- check-in ----------------------------------------------------------------

export interface ReturningUnit {
  id: string;
  tag: string;
  out: { eventId: string; lineId: string | null } | null;
}

export interface CheckInPlan {
  returns: { assetId: string; lineId: string | null }[];
  /** Units added to each line's returned count. */
  lineDeltas: Map<string, number>;
}

/**
 * Returns units that are out on this event, and bulk quantities up to what is
 * out on the product's lines. A scanned permanent case whose CASE line is out
 * returns that line (1) with everything in it; a unit that went out with a case
 * comes back with the case (ASSET_IN_PERMANENT_CASE on its own, unless overridden:
 * then it returns alone and the case line stays out).
 */
export function planCheckIn(
  eventId: string,
  lines: readonly ScanLine[],
  units: readonly ReturningUnit[],
  bulk: readonly BulkUnits[],
  cases: readonly CaseFacts[] = [],
  override = false,
): CheckInPlan & { overridden: string[] } {
  const lineDeltas = new Map<string, number>();
  const add = (lineId: string, n: number) => lineDeltas.set(lineId, (lineDeltas.get(lineId) ?? 0) + n);
  const returns: CheckInPlan["returns"] = [];
  const overridden: string[] = [];
  const caseLines = new Map(lines.flatMap((l) => (l.kind === "CASE" ? [[l.id, l] as const] : [])));
  const casesBack = new Set<string>();
  for (const c of cases) {
    const line = c.scanned ? lines.find((l) => l.kind === "CASE" && l.caseId === c.id) : undefined;
    if (line && line.checkedOut - line.returned > 0) {
      add(line.id, 1);
      casesBack.add(c.id);
    }
  }
  for (const unit of units) {
    if (unit.out?.eventId !== eventId) {
      throw new ScanningError("NOT_OUT_ON_EVENT", `${unit.tag} is not out on this event`, { tag: unit.tag, outElsewhere: String(unit.out !== null) });
    }
    const caseLine = unit.out.lineId === null ? undefined : caseLines.get(unit.out.lineId);
    if (caseLine) {
      if (caseLine.caseId === null || !casesBack.has(caseLine.caseId)) {
        if (!override) {
          throw new ScanningError("ASSET_IN_PERMANENT_CASE", `${unit.tag} went out in a permanent case: scan the case`, { tag: unit.tag, lineId: caseLine.id, overridable: "true" });
        }
        if (!overridden.includes("ASSET_IN_PERMANENT_CASE")) overridden.push("ASSET_IN_PERMANENT_CASE");
      }
    } else if (unit.out.lineId !== null) {
      add(unit.out.lineId, 1);
    }
    returns.push({ assetId: unit.id, lineId: unit.out.lineId });
  }
  const sorted = [...lines].sort(byPosition);
  for (const b of bulk) {
    // Bulk in a permanent case coming back on its line returns with the case.
    if (b.caseId && casesBack.has(b.caseId)) continue;
    let left = b.quantity;
    const candidates = sorted.filter((l) => l.kind === "PRODUCT" && l.productId === b.productId);
    for (const line of candidates) {
      const out = line.checkedOut - line.returned - (lineDeltas.get(line.id) ?? 0);
      const take = Math.min(left, Math.max(0, out));
      if (take > 0) add(line.id, take);
      left -= take;
    }
    if (left > 0) {
      const out = b.quantity - left;
      if (candidates.length === 0 || out === 0) throw new ScanningError("NOT_OUT_ON_EVENT", `no ${b.productName} are out on this event`, { productName: b.productName });
      throw new ScanningError("INVALID_QUANTITY", `only ${out} ${b.productName} are out on this event`, { productName: b.productName, quantity: String(b.quantity), out: String(out) });
    }
  }
  return { returns, lineDeltas, overridden };
}

// --- undo --------------------------------------------------------------------

export interface Placement {
  status: AssetStatus;
  locationId: string;
  caseId: string | null;
}

export interface CasePlacement {
  locationId: string;
  parentCaseId: string | null;
}

/** One change a scan made, with what it was before, so the newest scan can be reversed exactly. */
export type ScanEffect =
  | { type: "asset"; assetId: string; tag: string; before: Placement; after: Placement }
  | { type: "out"; assetId: string; eventId: string; lineId: string | null; scanId: string; outAt: string; added: boolean }
  | { type: "line"; lineId: string; picked: number; checkedOut: number; returned: number }
  | { type: "stock"; productId: string; fromLocationId: string; toLocationId: string; quantity: number }
  | { type: "case"; caseId: string; code: string; before: CasePlacement; after: CasePlacement }
  | { type: "caseBulk"; caseId: string; productId: string; before: number; after: number }
  | { type: "maintenance"; recordId: string }
  /** A stocktake count (changes nothing until corrections are applied; undoing the scan drops it from the report). */
  | { type: "count"; productId: string; locationId: string; quantity: number }
  | { type: "session"; before: { locationId: string | null; currentLocationId: string | null }; after: { locationId: string | null; currentLocationId: string | null } };

/** What the rows an undo would restore look like now. */
export interface UndoFacts {
  assets: ReadonlyMap<string, Placement>;
  cases: ReadonlyMap<string, CasePlacement>;
  caseBulk: ReadonlyMap<string, number>;
  session: { locationId: string | null; currentLocationId: string | null };
}

export function caseBulkKey(caseId: string, productId: string): string {
  return `${caseId}/${productId}`;
}

function samePlacement(a: Placement | undefined, b: Placement): boolean {
  return a !== undefined && a.status === b.status && a.locationId === b.locationId && a.caseId === b.caseId;
}

/**
 * An undo restores the "before" of every effect, which is only right while the
 * rows still show the scan's "after": anything changed since (the unit was
 * checked in elsewhere, the case moved) makes the undo a conflict.
 */
export function assertUndoable(effects: readonly ScanEffect[], now: UndoFacts): void {
  for (const e of effects) {
    switch (e.type) {
      case "asset":
        if (!samePlacement(now.assets.get(e.assetId), e.after)) {
          throw new ScanningError("UNDO_CONFLICT", `${e.tag} changed since this scan; it cannot be undone`, { tag: e.tag });
        }
        break;
      case "case": {
        const c = now.cases.get(e.caseId);
        if (c?.locationId !== e.after.locationId || c.parentCaseId !== e.after.parentCaseId) {
          throw new ScanningError("UNDO_CONFLICT", `case ${e.code} changed since this scan; it cannot be undone`, { code: e.code });
        }
        break;
      }
      case "caseBulk":
        if ((now.caseBulk.get(caseBulkKey(e.caseId, e.productId)) ?? 0) !== e.after) {
          throw new ScanningError("UNDO_CONFLICT", "the case's contents changed since this scan; it cannot be undone", { caseId: e.caseId });
        }
        break;
      case "session":
        if (now.session.locationId !== e.after.locationId || now.session.currentLocationId !== e.after.currentLocationId) {
          throw new ScanningError("UNDO_CONFLICT", "a later location scan changed the session", {});
        }
        break;
      case "out":
      case "line":
      case "stock":
      case "maintenance":
      case "count":
        break;
    }
  }
}

// --- summary -----------------------------------------------------------------

export function lineTotals(lines: readonly Pick<LineProgress, "required" | "checkedOut" | "returned">[], kind: SessionKind): { required: number; done: number } {
  if (kind === "CHECK_OUT") return { required: sum(lines.map((l) => l.required)), done: sum(lines.map((l) => Math.min(l.checkedOut, l.required))) };
  if (kind === "CHECK_IN") return { required: sum(lines.map((l) => l.checkedOut)), done: sum(lines.map((l) => l.returned)) };
  return { required: 0, done: 0 };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

// --- stocktake -----------------------------------------------------------------

export interface RecordedUnit {
  assetId: string;
  productId: string;
  locationId: string;
  status: AssetStatus;
}

export interface FoundUnit extends RecordedUnit {
  /** Where the stocktake found it. */
  foundLocationId: string;
}

export interface BulkCount {
  productId: string;
  locationId: string;
  quantity: number;
}

export interface StocktakeFacts {
  /** The counted location and everything below it. */
  subtree: ReadonlySet<string>;
  /** Units the records place in the subtree (any status). */
  recorded: readonly RecordedUnit[];
  /** Units the scans found (the newest find of a unit wins). */
  found: readonly FoundUnit[];
  /** Stock levels in the subtree. */
  stock: readonly BulkCount[];
  /** Quantities counted per product and location. */
  counted: readonly BulkCount[];
}

export interface PlannedDiscrepancy {
  kind: DiscrepancyKind;
  assetId: string | null;
  productId: string;
  expectedLocationId: string | null;
  foundLocationId: string | null;
  expectedQuantity: number;
  countedQuantity: number;
}

/** Statuses in which a unit should be on a shelf. */
function shouldBeOnShelf(status: AssetStatus): boolean {
  return status === "AVAILABLE" || status === "IN_MAINTENANCE" || status === "DAMAGED";
}

/**
 * The discrepancy report: expected units not found, units found that the
 * records put elsewhere (or lost, or out), units found at another sub-location
 * than recorded, and bulk counts that differ from the stock levels (a product
 * with stock but no count counts as 0). Ordered by kind, then ids.
 */
export function stocktakeDiscrepancies(facts: StocktakeFacts): PlannedDiscrepancy[] {
  const found = new Map(facts.found.map((f) => [f.assetId, f]));
  const out: PlannedDiscrepancy[] = [];
  const unit = (kind: DiscrepancyKind, u: RecordedUnit, foundAt: string | null): PlannedDiscrepancy => ({
    kind,
    assetId: u.assetId,
    productId: u.productId,
    expectedLocationId: u.locationId,
    foundLocationId: foundAt,
    expectedQuantity: 0,
    countedQuantity: 0,
  });
  for (const u of facts.recorded) {
    if (facts.subtree.has(u.locationId) && shouldBeOnShelf(u.status) && !found.has(u.assetId)) out.push(unit("MISSING", u, null));
  }
  for (const f of found.values()) {
    if (!facts.subtree.has(f.locationId) || !shouldBeOnShelf(f.status)) out.push(unit("UNEXPECTED", f, f.foundLocationId));
    else if (f.locationId !== f.foundLocationId) out.push(unit("WRONG_LOCATION", f, f.foundLocationId));
  }
  const key = (c: BulkCount) => `${c.productId}/${c.locationId}`;
  const levels = new Map<string, BulkCount>();
  for (const s of facts.stock) if (facts.subtree.has(s.locationId)) levels.set(key(s), s);
  const counts = new Map<string, number>();
  for (const c of facts.counted) counts.set(key(c), (counts.get(key(c)) ?? 0) + c.quantity);
  const keys = new Set([...levels.keys(), ...counts.keys()]);
  for (const k of keys) {
    const [productId = "", locationId = ""] = k.split("/");
    const expected = levels.get(k)?.quantity ?? 0;
    const counted = counts.get(k) ?? 0;
    if (expected !== counted) {
      out.push({ kind: "BULK_COUNT", assetId: null, productId, expectedLocationId: locationId, foundLocationId: locationId, expectedQuantity: expected, countedQuantity: counted });
    }
  }
  const order: Record<DiscrepancyKind, number> = { MISSING: 0, UNEXPECTED: 1, WRONG_LOCATION: 2, BULK_COUNT: 3 };
  return out.sort(
    (a, b) =>
      order[a.kind] - order[b.kind] ||
      (a.assetId ?? "").localeCompare(b.assetId ?? "") ||
      a.productId.localeCompare(b.productId) ||
      (a.expectedLocationId ?? "").localeCompare(b.expectedLocationId ?? ""),
  );
}

/** A stocktake correction as a status / location change of a unit, or a new count. */
export type Correction =
  | { type: "asset"; assetId: string; status: AssetStatus; locationId: string }
  | { type: "count"; productId: string; locationId: string; quantity: number };

/**
 * What booking a discrepancy changes: a missing unit is lost; a found one
 * moves to where it was found and, if it was lost, is available again; a bulk
 * count becomes the level. A unit the records have out on an event is checked
 * in by scanning, never by a correction; a retired unit stays retired.
 */
export function correctionFor(d: PlannedDiscrepancy, current: { status: AssetStatus; locationId: string; tag: string } | undefined): Correction | undefined {
  if (d.kind === "BULK_COUNT") return { type: "count", productId: d.productId, locationId: d.expectedLocationId ?? "", quantity: d.countedQuantity };
  if (d.assetId === null || current === undefined || current.status === "RETIRED") return undefined;
  if (current.status === "CHECKED_OUT") {
    throw new ScanningError("ASSET_ALREADY_OUT", `${current.tag} is out on an event: check it in instead of correcting it`, { tag: current.tag });
  }
  if (d.kind === "MISSING") return { type: "asset", assetId: d.assetId, status: "LOST", locationId: current.locationId };
  const status: AssetStatus = current.status === "LOST" ? "AVAILABLE" : current.status;
  return { type: "asset", assetId: d.assetId, status, locationId: d.foundLocationId ?? current.locationId };
}

// --- watching ----------------------------------------------------------------

/** One message of a session's live stream. */
export interface WatchEvent {
  kind: "SNAPSHOT" | "SCAN" | "UNDO" | "ENDED";
  session: ScanSession;
  /** SCAN / UNDO: the scan. */
  scan: ScanRecord | null;
  /** SNAPSHOT: the scans after the watcher's sequence. */
  scans: ScanRecord[];
  lines: LineProgress[];
}

/** What a NOTIFY on the scanning channel says; the data itself is read from the tables. */
export interface SessionNotice {
  sessionId: string;
  kind: "SCAN" | "UNDO" | "ENDED";
  scanId: string;
}

/** A channel payload, or undefined when it is not one of ours. */
export function parseNotice(payload: string): SessionNotice | undefined {
  try {
    const value = JSON.parse(payload) as Partial<SessionNotice>;
    const kinds = new Set(["SCAN", "UNDO", "ENDED"]);
    if (typeof value.sessionId === "string" && typeof value.scanId === "string" && typeof value.kind === "string" && kinds.has(value.kind)) {
      return { sessionId: value.sessionId, kind: value.kind, scanId: value.scanId };
    }
    return undefined;
  } catch {
    return undefined;
  }
}
