/** Every way a scanning rule can refuse a request. Mapped to Connect codes once, in rpc/errors.ts. */
export type ScanningErrorCode =
  // NotFound
  | "SESSION_NOT_FOUND"
  | "UNKNOWN_CODE"
  | "EVENT_NOT_FOUND"
  | "CASE_NOT_FOUND"
  | "LOCATION_NOT_FOUND"
  | "DISCREPANCY_NOT_FOUND"
  // InvalidArgument
  | "CODE_NOT_SCANNABLE_HERE"
  | "QUANTITY_REQUIRED"
  | "INVALID_QUANTITY"
  | "SCAN_ID_REUSED"
  | "REMOVE_NOT_ALLOWED"
  | "DAMAGE_NOT_ALLOWED"
  | "SESSION_TARGET_REQUIRED"
  | "REQUEST_ID_REUSED"
  // FailedPrecondition
  | "SESSION_CLOSED"
  | "SESSION_OPEN"
  | "NOT_A_STOCKTAKE"
  | "NOT_ON_PULL_LIST"
  | "ASSET_IN_MAINTENANCE"
  | "ASSET_BOOKED_ELSEWHERE"
  | "OVER_PICK"
  | "ASSET_ALREADY_OUT"
  | "ASSET_IN_PERMANENT_CASE"
  | "CASE_ALREADY_OUT"
  | "ASSET_NOT_RENTABLE"
  | "NOT_OUT_ON_EVENT"
  | "ASSET_IN_CASE"
  | "CASE_CYCLE"
  | "ASSET_IN_OTHER_CASE"
  | "CASE_IN_OTHER_CASE"
  | "NOT_IN_CASE"
  | "INSUFFICIENT_STOCK"
  | "LOCATION_OUTSIDE_STOCKTAKE"
  | "LOCATION_ARCHIVED"
  | "EVENT_NOT_SCANNABLE"
  | "NOTHING_TO_UNDO"
  | "NOT_LAST_SCAN"
  | "UNDO_CONFLICT"
  // PermissionDenied
  | "OVERRIDE_NOT_ALLOWED"
  // Aborted
  | "SCAN_CONFLICT";

export class ScanningError extends Error {
  constructor(
    readonly code: ScanningErrorCode,
    message: string,
    readonly metadata: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ScanningError";
  }
}
