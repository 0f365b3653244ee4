// Rules of maintenance records (damage reports, repairs, inspections) and what
// they do to an asset's status. See docs/rules/repair-blocks-availability.md.
import type { AssetStatus } from "./asset.js";
import type { InspectionResult, MaintenanceKind, MaintenanceState, TimeRange } from "./inventory.js";
import { InventoryError } from "./inventory.errors.js";

export function isClosed(state: MaintenanceState): boolean {
  return state === "DONE" || state === "CANCELLED";
}

const transitions: Record<MaintenanceState, readonly MaintenanceState[]> = {
  OPEN: ["IN_PROGRESS", "DONE", "CANCELLED"],
  IN_PROGRESS: ["DONE", "CANCELLED"],
  DONE: [],
  CANCELLED: [],
};

/** OPEN → IN_PROGRESS → DONE or CANCELLED (OPEN may close directly); a closed record never changes. */
export function assertTransition(from: MaintenanceState, to: MaintenanceState): void {
  if (isClosed(from)) throw new InventoryError("MAINTENANCE_CLOSED", `the record is ${from.toLowerCase()} and cannot change`, { state: from });
  if (from === to) return;
  if (!transitions[from].includes(to)) {
    throw new InventoryError("MAINTENANCE_INVALID_TRANSITION", `a record cannot go from ${from} to ${to}`, { from, to });
  }
}

function assertRange(range: TimeRange | null): void {
  if (range && range.end.getTime() <= range.start.getTime()) {
    throw new InventoryError("INVALID_DATE", "out_of_service must end after it starts", { field: "out_of_service" });
  }
}

export interface NewRecordInput {
  kind: MaintenanceKind;
  outOfService: TimeRange | null;
  inspectionResult: InspectionResult | null;
}

/**
 * The state a new record starts in. A repair names its out-of-service period;
 * only repairs have one; only inspections have a result, and an inspection
 * recorded with its result is done at once.
 */
export function initialState(input: NewRecordInput): MaintenanceState {
  assertRange(input.outOfService);
  if (input.kind === "REPAIR" && !input.outOfService) {
    throw new InventoryError("INVALID_MAINTENANCE", "a repair needs its out-of-service period", { field: "out_of_service" });
  }
  if (input.kind !== "REPAIR" && input.outOfService) {
    throw new InventoryError("INVALID_MAINTENANCE", "only a repair takes an asset out of service", { field: "out_of_service" });
  }
  if (input.kind !== "INSPECTION" && input.inspectionResult) {
    throw new InventoryError("INVALID_MAINTENANCE", "only an inspection has a result", { field: "inspection_result" });
  }
  return input.kind === "INSPECTION" && input.inspectionResult ? "DONE" : "OPEN";
}

export interface RecordChange {
  kind: MaintenanceKind;
  state: MaintenanceState;
  outOfService: TimeRange | null;
  inspectionResult: InspectionResult | null;
}

/** Checks an edit of an open record: its transition, and the fields its kind allows. */
export function assertRecordEdit(current: RecordChange, next: RecordChange): void {
  assertTransition(current.state, next.state);
  assertRange(next.outOfService);
  if (current.kind === "REPAIR" && !next.outOfService) {
    throw new InventoryError("INVALID_MAINTENANCE", "a repair needs its out-of-service period", { field: "out_of_service" });
  }
  if (current.kind !== "REPAIR" && next.outOfService) {
    throw new InventoryError("INVALID_MAINTENANCE", "only a repair takes an asset out of service", { field: "out_of_service" });
  }
  if (current.kind !== "INSPECTION" && next.inspectionResult) {
    throw new InventoryError("INVALID_MAINTENANCE", "only an inspection has a result", { field: "inspection_result" });
  }
  if (current.kind === "INSPECTION" && next.state === "DONE" && !next.inspectionResult) {
    throw new InventoryError("INVALID_MAINTENANCE", "a finished inspection needs its result", { field: "inspection_result" });
  }
}

/** Open records of an asset that keep it from being available, after the change. */
export interface OpenHolds {
  repair: boolean;
  damage: boolean;
}

export type StatusEvent =
  /** A record was created (for an inspection with a result: created and done). */
  | { kind: "opened"; failedInspection: boolean }
  /** A record was closed (DONE or CANCELLED). */
  | { kind: "closed"; failedInspection: boolean }
  /** An open record was edited (state moved on, notes, cost, period). */
  | { kind: "edited" };

/**
 * The asset's status after a maintenance change: an open repair keeps it
 * IN_MAINTENANCE, an open damage report or a failed inspection DAMAGED; when
 * the last record holding it closes, a damaged or in-maintenance asset is
 * AVAILABLE again. Other statuses (checked out, lost) are left alone by closing.
 * The caller passes the result through assertStatusChange.
 * See docs/rules/repair-blocks-availability.md.
 */
export function assetStatusAfter(current: AssetStatus, holds: OpenHolds, event: StatusEvent): AssetStatus {
  if (event.kind === "edited") return current;
  if (holds.repair) return "IN_MAINTENANCE";
  if (holds.damage || event.failedInspection) return "DAMAGED";
  if (event.kind === "closed" && (current === "DAMAGED" || current === "IN_MAINTENANCE")) return "AVAILABLE";
  return current;
}
