import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Code} from "@connectrpc/connect";
import { ConnectError } from "@connectrpc/connect";
import {
  PrincipalSchema,
  TokenPairSchema,
  UserSchema,
  type Principal,
  type TokenPair,
  type User,
} from "@eventkit/api/eventkit/v1/auth_pb.js";
import { ErrorInfoSchema } from "@eventkit/api/eventkit/v1/common_pb.js";

export function newUser(overrides: Partial<Omit<User, "$typeName">> = {}): User {
  return create(UserSchema, {
    id: "7a1c0b4e-8f5d-4c3a-9b2e-1d0f6e5a4b3c",
    email: "ada@example.com",
    displayName: "Ada Lovelace",
    locale: "en",
    timeZone: "Europe/Berlin",
    version: 1n,
    ...overrides,
  });
}

export function newPrincipal(permissions: string[], user: User = newUser()): Principal {
  return create(PrincipalSchema, { user, permissions });
}

let issued = 0;

/** A token pair; the access token expires `ttlMs` from now. */
export function newTokens(ttlMs = 15 * 60_000): TokenPair {
  issued += 1;
  const now = Date.now();
  return create(TokenPairSchema, {
    accessToken: `access-${issued}`,
    accessTokenExpiresAt: timestampFromDate(new Date(now + ttlMs)),
    refreshToken: `refresh-${issued}`,
    refreshTokenExpiresAt: timestampFromDate(new Date(now + 30 * 24 * 3_600_000)),
  });
}

/** An error as the server sends it: English message, Connect code and an ErrorInfo reason. */
export function apiError(code: Code, reason: string, message = `server says ${reason.toLowerCase()}`): ConnectError {
  return new ConnectError(message, code, undefined, [
    { desc: ErrorInfoSchema, value: { reason, domain: "eventkit" } },
  ]);
}
