/** Every way an auth rule can refuse a request. Mapped to Connect codes once, in rpc/errors.ts. */
export type AuthErrorCode =
  | "INVALID_CREDENTIALS"
  | "USER_DISABLED"
  | "LOGIN_THROTTLED"
  | "RATE_LIMITED"
  | "TOKEN_MISSING"
  | "TOKEN_INVALID"
  | "TOKEN_EXPIRED"
  | "API_KEY_INVALID"
  | "API_KEY_REVOKED"
  | "API_KEY_EXPIRED"
  | "REFRESH_TOKEN_INVALID"
  | "REFRESH_TOKEN_EXPIRED"
  | "REFRESH_TOKEN_REUSED"
  | "PERMISSION_DENIED"
  | "PERMISSION_NOT_HELD"
  | "UNKNOWN_PERMISSION"
  | "USER_NOT_FOUND"
  | "ROLE_NOT_FOUND"
  | "API_KEY_NOT_FOUND"
  | "EMAIL_TAKEN"
  | "ROLE_NAME_TAKEN"
  | "BUILT_IN_ROLE_IMMUTABLE"
  | "ROLE_IN_USE"
  | "LAST_ADMIN"
  | "CANNOT_DISABLE_SELF"
  | "STALE_VERSION"
  | "WRONG_PASSWORD"
  | "SETUP_NOT_AVAILABLE"
  | "SETUP_TOKEN_INVALID"
  | "INVITE_INVALID"
  | "INVALID_TIME_ZONE"
  | "INVALID_EXPIRY";

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    /** Facts for the client, e.g. the missing permission; never secrets. */
    readonly metadata: Record<string, string> = {},
    /** For throttling: how long until a retry can succeed. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "AuthError";
  }
}
