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
