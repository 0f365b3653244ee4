// proto ⇄ domain for AuthService.
import { create } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import {
  ApiKeySchema,
  AuditEventSchema,
  PermissionSchema,
  RoleSchema,
  TokenPairSchema,
  UserSchema,
  type ApiKey,
  type AuditEvent,
  type Permission,
  type Role,
  type TokenPair,
  type User,
} from "@eventkit/api/eventkit/v1/auth_pb.js";
import type * as domain from "../domain/auth.js";

function ts(date: Date | null | undefined): Timestamp | undefined {
  return date ? timestampFromDate(date) : undefined;
}

export function dateFromProto(timestamp: Timestamp | undefined): Date | undefined {
  return timestamp ? timestampDate(timestamp) : undefined;
}

export function userToProto(user: domain.User): User {
  return create(UserSchema, { ...user, createdAt: ts(user.createdAt), version: BigInt(user.version) });
}

export function tokensToProto(tokens: domain.TokenPair): TokenPair {
  return create(TokenPairSchema, {
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: ts(tokens.accessTokenExpiresAt),
    refreshToken: tokens.refreshToken,
    refreshTokenExpiresAt: ts(tokens.refreshTokenExpiresAt),
  });
}

export function roleToProto(role: domain.Role): Role {
  return create(RoleSchema, { ...role, key: role.key ?? "", version: BigInt(role.version) });
}

export function permissionToProto(permission: domain.PermissionInfo): Permission {
  return create(PermissionSchema, permission);
}

export function apiKeyToProto(key: domain.ApiKey): ApiKey {
  return create(ApiKeySchema, {
    ...key,
    createdAt: ts(key.createdAt),
    expiresAt: ts(key.expiresAt),
    lastUsedAt: ts(key.lastUsedAt),
    revokedAt: ts(key.revokedAt),
  });
}

export function auditEventToProto(event: domain.AuditEvent): AuditEvent {
  return create(AuditEventSchema, {
    id: event.id,
    occurredAt: ts(event.occurredAt),
    action: event.action,
    actorUserId: event.actorUserId ?? "",
    actorApiKeyId: event.actorApiKeyId ?? "",
    subjectType: event.subjectType ?? "",
    subjectId: event.subjectId ?? "",
    clientAddress: event.clientAddress ?? "",
    details: event.details,
  });
}

/** Versions travel as int64; ours are small positive integers. */
export function versionFromProto(version: bigint): number {
  return version > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(version);
}
