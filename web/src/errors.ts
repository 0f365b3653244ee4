import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorInfoSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import type { TFunction } from "i18next";

// Reasons the server attaches to errors (ErrorInfo.reason) and the one place
// mapping them to translated messages. The web app never shows server text.
export const reasonMessageKeys = {
  INVALID_CREDENTIALS: "errors.reason.invalidCredentials",
  USER_DISABLED: "errors.reason.userDisabled",
  LOGIN_THROTTLED: "errors.reason.loginThrottled",
  RATE_LIMITED: "errors.reason.rateLimited",
  TOKEN_MISSING: "errors.reason.sessionEnded",
  TOKEN_INVALID: "errors.reason.sessionEnded",
  TOKEN_EXPIRED: "errors.reason.sessionEnded",
  API_KEY_INVALID: "errors.reason.apiKeyInvalid",
  API_KEY_REVOKED: "errors.reason.apiKeyRevoked",
  API_KEY_EXPIRED: "errors.reason.apiKeyExpired",
  REFRESH_TOKEN_INVALID: "errors.reason.sessionEnded",
  REFRESH_TOKEN_EXPIRED: "errors.reason.sessionEnded",
  REFRESH_TOKEN_REUSED: "errors.reason.refreshTokenReused",
  PERMISSION_DENIED: "errors.reason.permissionDenied",
  PERMISSION_NOT_HELD: "errors.reason.permissionNotHeld",
  UNKNOWN_PERMISSION: "errors.reason.unknownPermission",
  USER_NOT_FOUND: "errors.reason.userNotFound",
  ROLE_NOT_FOUND: "errors.reason.roleNotFound",
  API_KEY_NOT_FOUND: "errors.reason.apiKeyNotFound",
  EMAIL_TAKEN: "errors.reason.emailTaken",
  ROLE_NAME_TAKEN: "errors.reason.roleNameTaken",
  BUILT_IN_ROLE_IMMUTABLE: "errors.reason.builtInRoleImmutable",
  ROLE_IN_USE: "errors.reason.roleInUse",
  LAST_ADMIN: "errors.reason.lastAdmin",
  CANNOT_DISABLE_SELF: "errors.reason.cannotDisableSelf",
  STALE_VERSION: "errors.reason.staleVersion",
  WRONG_PASSWORD: "errors.reason.wrongPassword",
  SETUP_NOT_AVAILABLE: "errors.reason.setupNotAvailable",
  SETUP_TOKEN_INVALID: "errors.reason.setupTokenInvalid",
  INVITE_INVALID: "errors.reason.inviteInvalid",
  INVALID_TIME_ZONE: "errors.reason.invalidTimeZone",
  VALIDATION_FAILED: "errors.reason.validationFailed",
  MALFORMED_REQUEST: "errors.reason.malformedRequest",
  INTERNAL: "errors.reason.internal",
  DATABASE_UNAVAILABLE: "errors.reason.databaseUnavailable",
  // Inventory
  PRODUCT_NOT_FOUND: "errors.reason.productNotFound",
  CATEGORY_NOT_FOUND: "errors.reason.categoryNotFound",
  LOCATION_NOT_FOUND: "errors.reason.locationNotFound",
  ASSET_NOT_FOUND: "errors.reason.assetNotFound",
  CASE_NOT_FOUND: "errors.reason.caseNotFound",
  KIT_NOT_FOUND: "errors.reason.kitNotFound",
  MAINTENANCE_RECORD_NOT_FOUND: "errors.reason.maintenanceRecordNotFound",
  CODE_NOT_FOUND: "errors.reason.codeNotFound",
  DUPLICATE_CODE: "errors.reason.duplicateCode",
  DUPLICATE_NAME: "errors.reason.duplicateName",
  INVALID_UPDATE_MASK: "errors.reason.invalidUpdateMask",
  INVALID_MONEY: "errors.reason.invalidMoney",
  INVALID_DATE: "errors.reason.invalidDate",
  INVALID_QUANTITY: "errors.reason.invalidQuantity",
  INVALID_MOVEMENT: "errors.reason.invalidMovement",
  INVALID_CSV: "errors.reason.invalidCsv",
  ACCESSORY_OF_ITSELF: "errors.reason.accessoryOfItself",
  NOT_SERIALIZED: "errors.reason.notSerialized",
  NOT_BULK: "errors.reason.notBulk",
  IDEMPOTENCY_KEY_REUSED: "errors.reason.idempotencyKeyReused",
  PRODUCT_IN_USE: "errors.reason.productInUse",
  CATEGORY_IN_USE: "errors.reason.categoryInUse",
  CATEGORY_CYCLE: "errors.reason.categoryCycle",
  LOCATION_ARCHIVED: "errors.reason.locationArchived",
  PRODUCT_ARCHIVED: "errors.reason.productArchived",
  TRACKING_LOCKED: "errors.reason.trackingLocked",
  INSUFFICIENT_STOCK: "errors.reason.insufficientStock",
  CASE_CYCLE: "errors.reason.caseCycle",
  CASE_NOT_EMPTY: "errors.reason.caseNotEmpty",
  ASSET_RETIRED: "errors.reason.assetRetired",
  ASSET_IN_OTHER_CASE: "errors.reason.assetInOtherCase",
  ASSET_CHECKED_OUT: "errors.reason.assetCheckedOut",
  MAINTENANCE_CLOSED: "errors.reason.maintenanceClosed",
  INVALID_MAINTENANCE: "errors.reason.invalidMaintenance",
  KIT_ITEM_REPEATED: "errors.reason.kitItemRepeated",
  DUPLICATE_ACCESSORY: "errors.reason.duplicateAccessory",
  INVALID_TAGS: "errors.reason.invalidTags",
  INVALID_LOCATION_KIND: "errors.reason.invalidLocationKind",
  CODE_NOT_ENCODABLE: "errors.reason.codeNotEncodable",
  MAINTENANCE_INVALID_TRANSITION: "errors.reason.maintenanceInvalidTransition",
  CASE_IN_OTHER_CASE: "errors.reason.caseInOtherCase",
  ACCESSORY_CYCLE: "errors.reason.accessoryCycle",
  CONFLICT_RETRY: "errors.reason.conflictRetry",
  UNIMPLEMENTED: "errors.reason.unimplemented",
  // Planning
  EVENT_NOT_FOUND: "errors.reason.eventNotFound",
  VENUE_NOT_FOUND: "errors.reason.venueNotFound",
  PROJECT_NOT_FOUND: "errors.reason.projectNotFound",
  CLIENT_NOT_FOUND: "errors.reason.clientNotFound",
  SECTION_NOT_FOUND: "errors.reason.sectionNotFound",
  LINE_NOT_FOUND: "errors.reason.lineNotFound",
  TEMPLATE_NOT_FOUND: "errors.reason.templateNotFound",
  INVALID_PERIOD: "errors.reason.invalidPeriod",
  NO_SHOW_PHASE: "errors.reason.noShowPhase",
  PHASE_ORDER: "errors.reason.phaseOrder",
  PHASES_OVERLAP: "errors.reason.phasesOverlap",
  SUB_HIRE_NEEDS_SUPPLIER: "errors.reason.subHireNeedsSupplier",
  SUB_HIRE_NOT_ALLOWED: "errors.reason.subHireNotAllowed",
  INVALID_COST: "errors.reason.invalidCost",
  TRANSITION_NOT_ALLOWED: "errors.reason.transitionNotAllowed",
  SHORTAGE: "errors.reason.shortage",
  ASSET_DOUBLE_BOOKED: "errors.reason.assetDoubleBooked",
  KIT_ARCHIVED: "errors.reason.kitArchived",
  ASSET_NOT_RENTABLE: "errors.reason.assetNotRentable",
  EVENT_LOCKED: "errors.reason.eventLocked",
  TEMPLATE_NOT_BOOKABLE: "errors.reason.templateNotBookable",
  CONTACT_NOT_OF_CLIENT: "errors.reason.contactNotOfClient",
  // CRM
  COMPANY_NOT_FOUND: "errors.reason.companyNotFound",
  CONTACT_NOT_FOUND: "errors.reason.contactNotFound",
  DEAL_NOT_FOUND: "errors.reason.dealNotFound",
  STAGE_NOT_FOUND: "errors.reason.stageNotFound",
  ACTIVITY_NOT_FOUND: "errors.reason.activityNotFound",
  OWNER_NOT_FOUND: "errors.reason.ownerNotFound",
  UNKNOWN_CURRENCY: "errors.reason.unknownCurrency",
  INVALID_VALUE: "errors.reason.invalidValue",
  LOST_REASON_REQUIRED: "errors.reason.lostReasonRequired",
  TASK_NEEDS_DUE_DATE: "errors.reason.taskNeedsDueDate",
  DUE_DATE_ONLY_FOR_TASKS: "errors.reason.dueDateOnlyForTasks",
  CONTACT_NOT_OF_COMPANY: "errors.reason.contactNotOfCompany",
  STAGE_NAME_TAKEN: "errors.reason.stageNameTaken",
  STAGE_IN_USE: "errors.reason.stageInUse",
  STAGE_NOT_DELETABLE: "errors.reason.stageNotDeletable",
  DEAL_LOST: "errors.reason.dealLost",
  NOT_A_TASK: "errors.reason.notATask",
  // Quotes
  QUOTE_NOT_FOUND: "errors.reason.quoteNotFound",
  VERSION_NOT_FOUND: "errors.reason.quoteVersionNotFound",
  CURVE_NOT_FOUND: "errors.reason.curveNotFound",
  NEGATIVE_QUANTITY: "errors.reason.negativeQuantity",
  NEGATIVE_PRICE: "errors.reason.negativePrice",
  DISCOUNT_OUT_OF_RANGE: "errors.reason.discountOutOfRange",
  TAX_RATE_OUT_OF_RANGE: "errors.reason.taxRateOutOfRange",
  INVALID_DAYS: "errors.reason.invalidDays",
  INVALID_DAY_FACTOR: "errors.reason.invalidDayFactor",
  INVALID_RATE_CURVE: "errors.reason.invalidRateCurve",
  INVALID_EXCHANGE_RATE: "errors.reason.invalidExchangeRate",
  MISSING_EXCHANGE_RATE: "errors.reason.missingExchangeRate",
  AMOUNT_TOO_LARGE: "errors.reason.amountTooLarge",
  QUOTE_NEEDS_SUBJECT: "errors.reason.quoteNeedsSubject",
  INVALID_VALIDITY: "errors.reason.invalidValidity",
  DUPLICATE_LINE_KEY: "errors.reason.duplicateLineKey",
  VERSION_NOT_DRAFT: "errors.reason.versionNotDraft",
  VERSION_NOT_LATEST: "errors.reason.versionNotLatest",
  QUOTE_EXPIRED: "errors.reason.quoteExpired",
  QUOTE_EMPTY: "errors.reason.quoteEmpty",
  PDF_RENDERER_UNAVAILABLE: "errors.reason.pdfRendererUnavailable",
} as const satisfies Record<string, `errors.reason.${string}`>;

export type ErrorReason = keyof typeof reasonMessageKeys;

function isKnownReason(reason: string): reason is ErrorReason {
  return Object.hasOwn(reasonMessageKeys, reason);
}

/** Fallback message by Connect code, for errors without a reason we know. */
export function codeMessageKey(code: Code): `errors.code.${string}` {
  switch (code) {
    case Code.Canceled:
      return "errors.code.canceled";
    case Code.InvalidArgument:
    case Code.OutOfRange:
      return "errors.code.invalidArgument";
    case Code.DeadlineExceeded:
      return "errors.code.deadlineExceeded";
    case Code.NotFound:
      return "errors.code.notFound";
    case Code.AlreadyExists:
      return "errors.code.alreadyExists";
    case Code.PermissionDenied:
      return "errors.code.permissionDenied";
    case Code.ResourceExhausted:
      return "errors.code.resourceExhausted";
    case Code.FailedPrecondition:
      return "errors.code.failedPrecondition";
    case Code.Aborted:
      return "errors.code.aborted";
    case Code.Unimplemented:
      return "errors.code.unimplemented";
    case Code.Unavailable:
      return "errors.code.unavailable";
    case Code.Unauthenticated:
      return "errors.code.unauthenticated";
    case Code.Unknown:
    case Code.Internal:
    case Code.DataLoss:
      return "errors.code.internal";
  }
}

/** The machine-readable reason of an API error, if it carries one. */
export function errorReason(error: unknown): string | undefined {
  const connectError = ConnectError.from(error);
  return connectError.findDetails(ErrorInfoSchema)[0]?.reason || undefined;
}

/** The i18n key of the message to show for an error. */
export function errorMessageKey(error: unknown): string {
  const reason = errorReason(error);
  if (reason !== undefined && isKnownReason(reason)) return reasonMessageKeys[reason];
  return codeMessageKey(ConnectError.from(error).code);
}

/** The translated message to show for an error. */
export function errorMessage(t: TFunction, error: unknown): string {
  return t(errorMessageKey(error));
}
