/** Every way a CRM rule can refuse a request. Mapped to Connect codes once, in rpc/errors.ts. */
export type CrmErrorCode =
  // NotFound
  | "COMPANY_NOT_FOUND"
  | "CONTACT_NOT_FOUND"
  | "DEAL_NOT_FOUND"
  | "STAGE_NOT_FOUND"
  | "ACTIVITY_NOT_FOUND"
  | "OWNER_NOT_FOUND"
  // InvalidArgument
  | "UNKNOWN_CURRENCY"
  | "INVALID_VALUE"
  | "INVALID_DATE"
  | "LOST_REASON_REQUIRED"
  | "TASK_NEEDS_DUE_DATE"
  | "DUE_DATE_ONLY_FOR_TASKS"
  | "CONTACT_NOT_OF_COMPANY"
  // AlreadyExists
  | "STAGE_NAME_TAKEN"
  // FailedPrecondition
  | "STAGE_IN_USE"
  | "STAGE_NOT_DELETABLE"
  | "DEAL_LOST"
  | "NOT_A_TASK"
  // Aborted
  | "STALE_VERSION";

export class CrmError extends Error {
  constructor(
    readonly code: CrmErrorCode,
    message: string,
    readonly metadata: Record<string, string> = {},
  ) {
    super(message);
    this.name = "CrmError";
  }
}
