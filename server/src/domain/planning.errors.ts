/** Every way a planning rule can refuse a request. Mapped to Connect codes once, in rpc/errors.ts. */
export type PlanningErrorCode =
  // NotFound
  | "EVENT_NOT_FOUND"
  | "VENUE_NOT_FOUND"
  | "PROJECT_NOT_FOUND"
  | "CLIENT_NOT_FOUND"
  | "CONTACT_NOT_FOUND"
  | "SECTION_NOT_FOUND"
  | "LINE_NOT_FOUND"
  | "TEMPLATE_NOT_FOUND"
  | "PRODUCT_NOT_FOUND"
  | "ASSET_NOT_FOUND"
  | "KIT_NOT_FOUND"
  // InvalidArgument
  | "INVALID_PERIOD"
  | "NO_SHOW_PHASE"
  | "PHASE_ORDER"
  | "PHASES_OVERLAP"
  | "INVALID_TIME_ZONE"
  | "INVALID_QUANTITY"
  | "SUB_HIRE_NEEDS_SUPPLIER"
  | "SUB_HIRE_NOT_ALLOWED"
  | "INVALID_COST"
  | "CONTACT_NOT_OF_CLIENT"
  // FailedPrecondition
  | "TRANSITION_NOT_ALLOWED"
  | "SHORTAGE"
  | "ASSET_DOUBLE_BOOKED"
  | "PRODUCT_ARCHIVED"
  | "KIT_ARCHIVED"
  | "ASSET_NOT_RENTABLE"
  | "EVENT_LOCKED"
  | "TEMPLATE_NOT_BOOKABLE"
  // Aborted
  | "STALE_VERSION";

export class PlanningError extends Error {
  constructor(
    readonly code: PlanningErrorCode,
    message: string,
    readonly metadata: Record<string, string> = {},
  ) {
    super(message);
    this.name = "PlanningError";
  }
}
