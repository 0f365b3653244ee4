// Row types of the tables, in camelCase (Kysely's CamelCasePlugin maps them to
// the snake_case of migrations/). Keep in step with migrations/.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface RoleTable {
  id: Generated<string>;
  key: string | null;
  name: string;
  description: Generated<string>;
  permissions: string[];
  builtIn: Generated<boolean>;
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Timestamp;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  displayName: string;
  passwordHash: string | null;
  locale: Generated<string>;
  timeZone: Generated<string>;
  disabledAt: NullableTimestamp;
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Timestamp;
}

export interface UserRoleTable {
  userId: string;
  roleId: string;
}

export interface UserInviteTable {
  tokenHash: string;
  userId: string;
  expiresAt: Timestamp;
  usedAt: NullableTimestamp;
  createdAt: Generated<Date>;
}

export interface SetupTokenTable {
  tokenHash: string;
  expiresAt: Timestamp;
  createdAt: Generated<Date>;
}

export interface RefreshTokenTable {
  id: Generated<string>;
  tokenHash: string;
  familyId: string;
  userId: string;
  expiresAt: Timestamp;
  createdAt: Generated<Date>;
  rotatedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
}

export interface ApiKeyTable {
  id: Generated<string>;
  userId: string;
  name: string;
  prefix: string;
  secretHash: string;
  permissions: string[];
  expiresAt: NullableTimestamp;
  lastUsedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
  createdAt: Generated<Date>;
}

export interface SigningKeyTable {
  kid: string;
  privateJwk: ColumnType<Record<string, unknown>, string, string>;
  publicJwk: ColumnType<Record<string, unknown>, string, string>;
  createdAt: Generated<Date>;
}

export interface AuditEventTable {
  id: ColumnType<string, never, never>;
  occurredAt: Generated<Date>;
  action: string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  clientAddress: string | null;
  details: ColumnType<Record<string, string>, string, never>;
}

export interface Database {
  role: RoleTable;
  appUser: AppUserTable;
  userRole: UserRoleTable;
  userInvite: UserInviteTable;
  setupToken: SetupTokenTable;
  refreshToken: RefreshTokenTable;
  apiKey: ApiKeyTable;
  signingKey: SigningKeyTable;
  auditEvent: AuditEventTable;
}
