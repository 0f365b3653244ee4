// The one place errors become ConnectErrors: every area error maps to a Connect
// code and a machine-readable reason (an eventkit.v1.ErrorInfo detail).
// Anything unmapped is Internal "internal error"; its cause goes to the log only.
import { Code, ConnectError } from "@connectrpc/connect";
import { codeToHttpStatus, codeToString } from "@connectrpc/connect/protocol-connect";
import { create } from "@bufbuild/protobuf";
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import { ValidationError, violationsToProto, type Violation } from "@bufbuild/protovalidate";
import { ErrorInfoSchema, RetryInfoSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { AuthError, type AuthErrorCode } from "../domain/auth.errors.js";
import { CrmError, type CrmErrorCode } from "../domain/crm.errors.js";
import { InventoryError, type InventoryErrorCode } from "../domain/inventory.errors.js";
import { PageTokenError } from "../domain/pagination.js";
import { PlanningError, type PlanningErrorCode } from "../domain/planning.errors.js";
import { QuoteError, type QuoteErrorCode } from "../domain/quote.errors.js";
import { ScanningError, type ScanningErrorCode } from "../domain/scanning.errors.js";

const domain = "eventkit";

function authCode(code: AuthErrorCode): Code {
  switch (code) {
    case "INVALID_CREDENTIALS":
    case "USER_DISABLED":
    case "TOKEN_MISSING":
    case "TOKEN_INVALID":
    case "TOKEN_EXPIRED":
    case "API_KEY_INVALID":
    case "API_KEY_REVOKED":
    case "API_KEY_EXPIRED":
    case "REFRESH_TOKEN_INVALID":
    case "REFRESH_TOKEN_EXPIRED":
    case "REFRESH_TOKEN_REUSED":
      return Code.Unauthenticated;
    case "LOGIN_THROTTLED":
    case "RATE_LIMITED":
      return Code.ResourceExhausted;
    case "PERMISSION_DENIED":
    case "PERMISSION_NOT_HELD":
    case "SETUP_TOKEN_INVALID":
      return Code.PermissionDenied;
    case "UNKNOWN_PERMISSION":
    case "WRONG_PASSWORD":
    case "INVITE_INVALID":
    case "INVALID_TIME_ZONE":
    case "INVALID_EXPIRY":
      return Code.InvalidArgument;
    case "USER_NOT_FOUND":
    case "ROLE_NOT_FOUND":
    case "API_KEY_NOT_FOUND":
      return Code.NotFound;
    case "EMAIL_TAKEN":
    case "ROLE_NAME_TAKEN":
      return Code.AlreadyExists;
    case "BUILT_IN_ROLE_IMMUTABLE":
    case "ROLE_IN_USE":
    case "LAST_ADMIN":
    case "CANNOT_DISABLE_SELF":
    case "SETUP_NOT_AVAILABLE":
      return Code.FailedPrecondition;
    case "STALE_VERSION":
      return Code.Aborted;
    default:
      return code satisfies never;
  }
}

function inventoryCode(code: InventoryErrorCode): Code {
  switch (code) {
    case "PRODUCT_NOT_FOUND":
    case "CATEGORY_NOT_FOUND":
    case "LOCATION_NOT_FOUND":
    case "ASSET_NOT_FOUND":
    case "CASE_NOT_FOUND":
    case "KIT_NOT_FOUND":
    case "MAINTENANCE_RECORD_NOT_FOUND":
    case "CODE_NOT_FOUND":
    case "FILE_NOT_FOUND":
      return Code.NotFound;
    case "DUPLICATE_CODE":
    case "DUPLICATE_NAME":
      return Code.AlreadyExists;
    case "INVALID_UPDATE_MASK":
    case "INVALID_MONEY":
    case "INVALID_DATE":
    case "INVALID_QUANTITY":
    case "INVALID_MOVEMENT":
    case "INVALID_CSV":
    case "ACCESSORY_OF_ITSELF":
    case "NOT_SERIALIZED":
    case "NOT_BULK":
    case "IDEMPOTENCY_KEY_REUSED":
    case "INVALID_MAINTENANCE":
    case "KIT_ITEM_REPEATED":
    case "DUPLICATE_ACCESSORY":
    case "INVALID_TAGS":
    case "INVALID_LOCATION_KIND":
    case "CODE_NOT_ENCODABLE":
    case "INVALID_FILE_NAME":
    case "FILE_TYPE_NOT_ALLOWED":
    case "FILE_EMPTY":
    case "FILE_TOO_LARGE":
    case "FILE_CONTENT_MISMATCH":
    case "FILE_SIZE_MISMATCH":
    case "INVALID_FILE_ORDER":
    case "NOT_A_PRODUCT_IMAGE":
      return Code.InvalidArgument;
    case "FILE_LINK_INVALID":
    case "FILE_LINK_EXPIRED":
      return Code.PermissionDenied;
    case "PRODUCT_IN_USE":
    case "CATEGORY_IN_USE":
    case "CATEGORY_CYCLE":
    case "LOCATION_ARCHIVED":
    case "PRODUCT_ARCHIVED":
    case "TRACKING_LOCKED":
    case "INSUFFICIENT_STOCK":
    case "CASE_CYCLE":
    case "CASE_NOT_EMPTY":
    case "ASSET_BOOKED":
    case "CASE_BOOKED":
    case "ASSET_RETIRED":
    case "ASSET_IN_OTHER_CASE":
    case "ASSET_CHECKED_OUT":
    case "MAINTENANCE_CLOSED":
    case "MAINTENANCE_INVALID_TRANSITION":
    case "CASE_IN_OTHER_CASE":
    case "ACCESSORY_CYCLE":
      return Code.FailedPrecondition;
    case "STALE_VERSION":
      return Code.Aborted;
    default:
      return code satisfies never;
  }
}

function scanningCode(code: ScanningErrorCode): Code {
  switch (code) {
    case "SESSION_NOT_FOUND":
    case "UNKNOWN_CODE":
    case "EVENT_NOT_FOUND":
    case "CASE_NOT_FOUND":
    case "LOCATION_NOT_FOUND":
    case "DISCREPANCY_NOT_FOUND":
      return Code.NotFound;
    case "CODE_NOT_SCANNABLE_HERE":
    case "QUANTITY_REQUIRED":
    case "INVALID_QUANTITY":
    case "SCAN_ID_REUSED":
    case "REMOVE_NOT_ALLOWED":
    case "DAMAGE_NOT_ALLOWED":
    case "SESSION_TARGET_REQUIRED":
    case "REQUEST_ID_REUSED":
      return Code.InvalidArgument;
    case "SESSION_CLOSED":
    case "SESSION_OPEN":
    case "NOT_A_STOCKTAKE":
    case "NOT_ON_PULL_LIST":
    case "ASSET_IN_MAINTENANCE":
    case "ASSET_BOOKED_ELSEWHERE":
    case "OVER_PICK":
    case "ASSET_ALREADY_OUT":
    case "ASSET_IN_PERMANENT_CASE":
    case "CASE_ALREADY_OUT":
    case "ASSET_NOT_RENTABLE":
    case "NOT_OUT_ON_EVENT":
    case "ASSET_IN_CASE":
    case "CASE_CYCLE":
    case "ASSET_IN_OTHER_CASE":
    case "CASE_IN_OTHER_CASE":
    case "NOT_IN_CASE":
    case "INSUFFICIENT_STOCK":
    case "LOCATION_OUTSIDE_STOCKTAKE":
    case "LOCATION_ARCHIVED":
    case "EVENT_NOT_SCANNABLE":
    case "NOTHING_TO_UNDO":
    case "NOT_LAST_SCAN":
    case "UNDO_CONFLICT":
      return Code.FailedPrecondition;
    case "OVERRIDE_NOT_ALLOWED":
      return Code.PermissionDenied;
    case "SCAN_CONFLICT":
      return Code.Aborted;
    default:
      return code satisfies never;
  }
}

function planningCode(code: PlanningErrorCode): Code {
  switch (code) {
    case "EVENT_NOT_FOUND":
    case "VENUE_NOT_FOUND":
    case "PROJECT_NOT_FOUND":
    case "CLIENT_NOT_FOUND":
    case "CONTACT_NOT_FOUND":
    case "SECTION_NOT_FOUND":
    case "LINE_NOT_FOUND":
    case "TEMPLATE_NOT_FOUND":
    case "PRODUCT_NOT_FOUND":
    case "ASSET_NOT_FOUND":
    case "KIT_NOT_FOUND":
    case "CASE_NOT_FOUND":
    case "CATEGORY_NOT_FOUND":
      return Code.NotFound;
    case "INVALID_PERIOD":
    case "NO_SHOW_PHASE":
    case "PHASE_ORDER":
    case "PHASES_OVERLAP":
    case "INVALID_TIME_ZONE":
    case "INVALID_QUANTITY":
    case "SUB_HIRE_NEEDS_SUPPLIER":
    case "SUB_HIRE_NOT_ALLOWED":
    case "INVALID_COST":
    case "CONTACT_NOT_OF_CLIENT":
      return Code.InvalidArgument;
    case "TRANSITION_NOT_ALLOWED":
    case "SHORTAGE":
    case "ASSET_DOUBLE_BOOKED":
    case "PRODUCT_ARCHIVED":
    case "KIT_ARCHIVED":
    case "ASSET_NOT_RENTABLE":
    case "EVENT_LOCKED":
    case "TEMPLATE_NOT_BOOKABLE":
    case "CASE_DOUBLE_BOOKED":
    case "CASE_NOT_PERMANENT":
    case "ASSET_IN_PERMANENT_CASE":
    case "VENUE_ARCHIVED":
    case "PROJECT_ARCHIVED":
    case "VENUE_IN_USE":
    case "PROJECT_IN_USE":
      return Code.FailedPrecondition;
    case "STALE_VERSION":
      return Code.Aborted;
    default:
      return code satisfies never;
  }
}

function crmCode(code: CrmErrorCode): Code {
  switch (code) {
    case "COMPANY_NOT_FOUND":
    case "CONTACT_NOT_FOUND":
    case "DEAL_NOT_FOUND":
    case "STAGE_NOT_FOUND":
    case "ACTIVITY_NOT_FOUND":
    case "OWNER_NOT_FOUND":
      return Code.NotFound;
    case "UNKNOWN_CURRENCY":
    case "INVALID_VALUE":
    case "INVALID_DATE":
    case "LOST_REASON_REQUIRED":
    case "TASK_NEEDS_DUE_DATE":
    case "DUE_DATE_ONLY_FOR_TASKS":
    case "CONTACT_NOT_OF_COMPANY":
      return Code.InvalidArgument;
    case "STAGE_NAME_TAKEN":
      return Code.AlreadyExists;
    case "STAGE_IN_USE":
    case "STAGE_NOT_DELETABLE":
    case "DEAL_LOST":
    case "NOT_A_TASK":
      return Code.FailedPrecondition;
    case "STALE_VERSION":
      return Code.Aborted;
    default:
      return code satisfies never;
  }
}

function quoteCode(code: QuoteErrorCode): Code {
  switch (code) {
    case "QUOTE_NOT_FOUND":
    case "VERSION_NOT_FOUND":
    case "EVENT_NOT_FOUND":
    case "DEAL_NOT_FOUND":
    case "COMPANY_NOT_FOUND":
    case "PRODUCT_NOT_FOUND":
    case "KIT_NOT_FOUND":
    case "CATEGORY_NOT_FOUND":
    case "CURVE_NOT_FOUND":
      return Code.NotFound;
    case "NEGATIVE_QUANTITY":
    case "NEGATIVE_PRICE":
    case "DISCOUNT_OUT_OF_RANGE":
    case "TAX_RATE_OUT_OF_RANGE":
    case "UNKNOWN_CURRENCY":
    case "INVALID_DAYS":
    case "INVALID_DAY_FACTOR":
    case "INVALID_RATE_CURVE":
    case "INVALID_EXCHANGE_RATE":
    case "MISSING_EXCHANGE_RATE":
    case "AMOUNT_TOO_LARGE":
    case "QUOTE_NEEDS_SUBJECT":
    case "INVALID_VALIDITY":
    case "DUPLICATE_LINE_KEY":
      return Code.InvalidArgument;
    case "VERSION_NOT_DRAFT":
    case "VERSION_NOT_LATEST":
    case "TRANSITION_NOT_ALLOWED":
    case "QUOTE_EXPIRED":
    case "QUOTE_EMPTY":
      return Code.FailedPrecondition;
    case "STALE_VERSION":
      return Code.Aborted;
    case "PDF_RENDERER_UNAVAILABLE":
      return Code.Unavailable;
    default:
      return code satisfies never;
  }
}

function frameworkReason(error: ConnectError): string {
  if (error.findDetails(ErrorInfoSchema).length > 0) return "";
  if (error.details.some((d) => "desc" in d ? d.desc.typeName === "buf.validate.Violations" : d.type === "buf.validate.Violations")) return "VALIDATION_FAILED";
  switch (error.code) {
    case Code.InvalidArgument:
      return "MALFORMED_REQUEST";
    case Code.ResourceExhausted:
      return "MESSAGE_TOO_LARGE";
    case Code.DeadlineExceeded:
      return "DEADLINE_EXCEEDED";
    case Code.Unimplemented:
      return "UNIMPLEMENTED";
    case Code.Canceled:
      return "CANCELED";
    case Code.Unavailable:
      return "UNAVAILABLE";
    case Code.Internal:
      return "INTERNAL";
    default:
      return Code[error.code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
  }
}

function errorInfo(reason: string, metadata: Record<string, string> = {}) {
  return { desc: ErrorInfoSchema, value: create(ErrorInfoSchema, { reason, domain, metadata }) };
}

function connectError(message: string, code: Code, reason: string, metadata?: Record<string, string>, retryAfterMs?: number): ConnectError {
  const details = [errorInfo(reason, metadata)];
  const error = new ConnectError(message, code, undefined, details);
  if (retryAfterMs !== undefined) {
    error.details.push({ desc: RetryInfoSchema, value: create(RetryInfoSchema, { retryDelay: durationFromMs(Math.max(0, Math.ceil(retryAfterMs))) }) });
    error.metadata.set("retry-after", String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  }
  return error;
}

function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  if (typeof e.code === "string" && (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P03", "08006", "08001", "08003"].includes(e.code))) return true;
  return typeof e.message === "string" && /Connection terminated|timeout exceeded when trying to connect/.test(e.message);
}

function isSerializationConflict(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "40001" || code === "40P01";
}

export interface MappedError {
  error: ConnectError;
  /** The original cause of an Internal error, for the log; never sent. */
  cause: unknown;
}

/** Maps anything thrown below the rpc layer to the ConnectError the client sees. */
export function toConnectError(thrown: unknown): MappedError {
  if (thrown instanceof AuthError) {
    return { error: connectError(thrown.message, authCode(thrown.code), thrown.code, thrown.metadata, thrown.retryAfterMs), cause: undefined };
  }
  if (thrown instanceof InventoryError) {
    return { error: connectError(thrown.message, inventoryCode(thrown.code), thrown.code, thrown.metadata), cause: undefined };
  }
  if (thrown instanceof PlanningError) {
    return { error: connectError(thrown.message, planningCode(thrown.code), thrown.code, thrown.metadata), cause: undefined };
  }
  if (thrown instanceof CrmError) {
    return { error: connectError(thrown.message, crmCode(thrown.code), thrown.code, thrown.metadata), cause: undefined };
  }
  if (thrown instanceof QuoteError) {
    return { error: connectError(thrown.message, quoteCode(thrown.code), thrown.code, thrown.metadata), cause: undefined };
  }
  if (thrown instanceof ScanningError) {
    return { error: connectError(thrown.message, scanningCode(thrown.code), thrown.code, thrown.metadata), cause: undefined };
  }
  if (thrown instanceof PageTokenError) {
    return { error: connectError(thrown.message, Code.InvalidArgument, thrown.code), cause: undefined };
  }
  if (thrown instanceof ConnectError) {
    if (thrown.code === Code.Internal || thrown.code === Code.Unknown) {
      return { error: connectError("internal error", Code.Internal, "INTERNAL"), cause: thrown };
    }
    return { error: withReason(thrown), cause: undefined };
  }
  if (isSerializationConflict(thrown)) {
    return { error: connectError("the data changed while saving; try again", Code.Aborted, "CONFLICT_RETRY"), cause: thrown };
  }
  if (isDatabaseUnavailable(thrown)) {
    return { error: connectError("the database is unavailable", Code.Unavailable, "DATABASE_UNAVAILABLE"), cause: thrown };
  }
  return { error: connectError("internal error", Code.Internal, "INTERNAL"), cause: thrown };
}

/**
 * The same mapping for the plain HTTP endpoints (file bytes): an HTTP status and
 * a JSON body shaped like a Connect error, with the reason beside the code.
 */
export function toHttpError(thrown: unknown): { status: number; body: { code: string; message: string; reason: string }; cause: unknown } {
  const { error, cause } = toConnectError(thrown);
  const reason = error.findDetails(ErrorInfoSchema)[0]?.reason ?? "";
  return { status: codeToHttpStatus(error.code), body: { code: codeToString(error.code), message: error.rawMessage, reason }, cause };
}

/** Violations found by a handler's own validation, shaped like the validation interceptor's errors. */
export function validationError(violations: Violation[]): ConnectError {
  const [value, desc] = violationsToProto(violations);
  const error = new ConnectError(new ValidationError(violations).message, Code.InvalidArgument, undefined, [{ desc, value }]);
  error.details.push(errorInfo("VALIDATION_FAILED"));
  return error;
}

/** Adds an ErrorInfo reason to a framework error that has none (unchanged otherwise). */
export function withReason(error: ConnectError): ConnectError {
  // connect-es reports an undecodable request body as Internal; it is the client's fault.
  if (error.code === Code.Internal && /^parse (binary|JSON)/.test(error.rawMessage)) {
    return connectError(`malformed request: ${error.rawMessage}`, Code.InvalidArgument, "MALFORMED_REQUEST");
  }
  const reason = frameworkReason(error);
  if (reason === "") return error;
  const message = error.code === Code.Internal ? "internal error" : error.rawMessage;
  const enriched = new ConnectError(message, error.code, error.metadata);
  enriched.details.push(...error.details, errorInfo(reason));
  return enriched;
}
