// SQL of users, roles, sessions and API keys.
import { sql, type Kysely, type Selectable } from "kysely";
import type { ApiKey, Role, User } from "../domain/auth.js";
import { upsertRequestCount, type RequestCount, type RequestToCount } from "./rate-limit.store.js";
import type { ApiKeyTable, Database, RoleTable } from "./schema.js";

type Q = Kysely<Database>;

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === "23505" && (constraint === undefined || e.constraint === constraint);
}

const userColumns = [
  "appUser.id",
  "appUser.email",
  "appUser.displayName",
  "appUser.locale",
  "appUser.timeZone",
  "appUser.disabledAt",
  "appUser.passwordHash",
  "appUser.createdAt",
  "appUser.version",
] as const;

export interface UserRecord extends User {
  passwordHash: string | null;
}

function selectUsers(db: Q) {
  return db
    .selectFrom("appUser")
    .select(userColumns)
    .select((eb) =>
      eb.fn
        .coalesce(
          eb.selectFrom("userRole").select(sql<string[]>`array_agg(role_id::text ORDER BY role_id)`.as("ids")).whereRef("userRole.userId", "=", "appUser.id"),
          sql<string[]>`'{}'::text[]`,
        )
        .as("roleIds"),
    );
}

type UserRow = Awaited<ReturnType<ReturnType<typeof selectUsers>["executeTakeFirstOrThrow"]>>;

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    roleIds: row.roleIds,
    locale: row.locale,
    timeZone: row.timeZone,
    disabled: row.disabledAt !== null,
    invitationPending: row.passwordHash === null,
    createdAt: row.createdAt,
    version: row.version,
    passwordHash: row.passwordHash,
  };
}

export async function findUserById(db: Q, id: string): Promise<UserRecord | undefined> {
  const row = await selectUsers(db).where("appUser.id", "=", id).executeTakeFirst();
  return row && toUser(row);
}

export async function findUserByEmail(db: Q, normalizedEmail: string): Promise<UserRecord | undefined> {
  const row = await selectUsers(db).where(sql`lower(email)`, "=", normalizedEmail).executeTakeFirst();
  return row && toUser(row);
}

export async function countUsers(db: Q): Promise<number> {
  const row = await db.selectFrom("appUser").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface UserListFilter {
  query: string;
  includeDisabled: boolean;
  /** Continue after this (lower(email), id) key. */
  after: { email: string; id: string } | undefined;
  limit: number;
}

export async function listUsers(db: Q, filter: UserListFilter): Promise<UserRecord[]> {
  let q = selectUsers(db);
  if (!filter.includeDisabled) q = q.where("appUser.disabledAt", "is", null);
  if (filter.query !== "") {
    const pattern = `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb("appUser.email", "ilike", pattern), eb("appUser.displayName", "ilike", pattern)]));
  }
  if (filter.after) {
    const { email, id } = filter.after;
    q = q.where(sql<boolean>`(lower(app_user.email), app_user.id) > (${email}, ${id}::uuid)`);
  }
  const rows = await q.orderBy(sql`lower(app_user.email)`).orderBy("appUser.id").limit(filter.limit).execute();
  return rows.map(toUser);
}

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string | null;
  locale: string;
  timeZone: string;
}

export async function insertUser(db: Q, user: NewUser): Promise<string> {
  const row = await db.insertInto("appUser").values({ ...user, updatedAt: new Date() }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export interface UserChanges {
  displayName?: string;
  locale?: string;
  timeZone?: string;
  passwordHash?: string;
  disabledAt?: Date | null;
}

/** Applies changes if `expectedVersion` matches (or is undefined); false when no row matched. */
export async function updateUser(db: Q, id: string, changes: UserChanges, expectedVersion?: number): Promise<boolean> {
  let q = db
    .updateTable("appUser")
    .set({ ...changes, updatedAt: new Date(), version: sql`version + 1` })
    .where("id", "=", id);
  if (expectedVersion !== undefined) q = q.where("version", "=", expectedVersion);
  const result = await q.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setUserRoles(db: Q, userId: string, roleIds: readonly string[]): Promise<void> {
  await db.deleteFrom("userRole").where("userId", "=", userId).execute();
  if (roleIds.length > 0) {
    await db.insertInto("userRole").values(roleIds.map((roleId) => ({ userId, roleId }))).execute();
  }
}

/** The permissions of an active user's roles, as one row; no row when the user is missing or disabled. */
function activeUserPermissions(userId: string) {
  return sql`
    SELECT coalesce((
      SELECT array_agg(DISTINCT perm)
      FROM user_role ur JOIN role r ON r.id = ur.role_id, unnest(r.permissions) AS perm
      WHERE ur.user_id = u.id
    ), '{}') AS permissions
    FROM app_user u
    WHERE u.id = ${userId} AND u.disabled_at IS NULL`;
}

/** Permissions of a user's roles, or undefined when the user is missing or disabled. */
export async function findActiveUserPermissions(db: Q, userId: string): Promise<Set<string> | undefined> {
  const { rows } = await sql<{ permissions: string[] }>`${activeUserPermissions(userId)}`.execute(db);
  return rows[0] && new Set(rows[0].permissions);
}

/**
 * The permissions of a signed-in user whose session (refresh-token family) still stands, and the
 * request counted against the user's rate limit, in one statement: the check every authenticated
 * request makes. Undefined (and nothing counted) when the session has ended or the user is
 * missing or disabled.
 */
export async function findSessionPermissionsCounting(
  db: Q,
  session: { userId: string; sessionId: string },
  count: RequestToCount,
): Promise<{ permissions: Set<string>; count: RequestCount } | undefined> {
  const { rows } = await sql<{ permissions: string[]; points: number; expire: string }>`
    WITH session AS (
      ${activeUserPermissions(session.userId)}
        AND EXISTS (SELECT 1 FROM refresh_token t WHERE t.family_id = ${session.sessionId}::uuid AND t.user_id = u.id AND t.revoked_at IS NULL)
    ), counted AS (
      ${upsertRequestCount(count, sql`FROM session`)}
    )
    SELECT s.permissions, c.points, c.expire FROM session s CROSS JOIN counted c`.execute(db);
  const row = rows[0];
  return row && { permissions: new Set(row.permissions), count: { points: row.points, expireMs: Number(row.expire) } };
}

/** Serializes changes that could remove the last administrator. */
export async function lockAdminRole(db: Q): Promise<void> {
  await db.selectFrom("role").select("id").where("key", "=", "admin").forUpdate().execute();
}

export async function countActiveAdmins(db: Q): Promise<number> {
  const row = await db
    .selectFrom("userRole")
    .innerJoin("role", "role.id", "userRole.roleId")
    .innerJoin("appUser", "appUser.id", "userRole.userId")
    .where("role.key", "=", "admin")
    .where("appUser.disabledAt", "is", null)
    .where("appUser.passwordHash", "is not", null)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Roles

function toRole(row: Selectable<RoleTable>): Role {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    permissions: [...row.permissions].sort(),
    builtIn: row.builtIn,
    version: row.version,
  };
}

export async function listRoles(db: Q): Promise<Role[]> {
  const rows = await db.selectFrom("role").selectAll().orderBy("builtIn", "desc").orderBy(sql`lower(name)`).execute();
  return rows.map(toRole);
}

export async function findRolesByIds(db: Q, ids: readonly string[]): Promise<Role[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("role").selectAll().where("id", "in", ids).execute();
  return rows.map(toRole);
}

export async function findRoleById(db: Q, id: string): Promise<Role | undefined> {
  const row = await db.selectFrom("role").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toRole(row);
}

export async function findRoleByKey(db: Q, key: string): Promise<Role | undefined> {
  const row = await db.selectFrom("role").selectAll().where("key", "=", key).executeTakeFirst();
  return row && toRole(row);
}

export async function upsertBuiltInRole(db: Q, role: { key: string; name: string; description: string; permissions: readonly string[] }): Promise<void> {
  await db
    .insertInto("role")
    .values({ key: role.key, name: role.name, description: role.description, permissions: [...role.permissions], builtIn: true, updatedAt: new Date() })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        name: role.name,
        description: role.description,
        permissions: [...role.permissions],
        updatedAt: new Date(),
      }),
    )
    .execute();
}

export async function insertRole(db: Q, role: { name: string; description: string; permissions: readonly string[] }): Promise<Role> {
  const row = await db
    .insertInto("role")
    .values({ name: role.name, description: role.description, permissions: [...role.permissions], builtIn: false, updatedAt: new Date() })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRole(row);
}

export async function updateRole(
  db: Q,
  id: string,
  version: number,
  changes: { name: string; description: string; permissions: readonly string[] },
): Promise<Role | undefined> {
  const row = await db
    .updateTable("role")
    .set({ ...changes, permissions: [...changes.permissions], version: sql`version + 1`, updatedAt: new Date() })
    .where("id", "=", id)
    .where("version", "=", version)
    .where("builtIn", "=", false)
    .returningAll()
    .executeTakeFirst();
  return row && toRole(row);
}

export async function countRoleMembers(db: Q, roleId: string): Promise<number> {
  const row = await db.selectFrom("userRole").where("roleId", "=", roleId).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteRole(db: Q, id: string): Promise<void> {
  await db.deleteFrom("role").where("id", "=", id).where("builtIn", "=", false).execute();
}

// Invitations and setup

export async function insertInvite(db: Q, invite: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
  await db.deleteFrom("userInvite").where("userId", "=", invite.userId).where("usedAt", "is", null).execute();
  await db.insertInto("userInvite").values(invite).execute();
}

/** Marks a live invitation used and returns its user, or undefined. */
export async function consumeInvite(db: Q, tokenHash: string, now: Date): Promise<string | undefined> {
  const row = await db
    .updateTable("userInvite")
    .set({ usedAt: now })
    .where("tokenHash", "=", tokenHash)
    .where("usedAt", "is", null)
    .where("expiresAt", ">", now)
    .returning("userId")
    .executeTakeFirst();
  return row?.userId;
}

export async function replaceSetupToken(db: Q, token: { tokenHash: string; expiresAt: Date }): Promise<void> {
  await db.deleteFrom("setupToken").execute();
  await db.insertInto("setupToken").values(token).execute();
}

export async function consumeSetupToken(db: Q, tokenHash: string, now: Date): Promise<boolean> {
  const rows = await db.deleteFrom("setupToken").where("tokenHash", "=", tokenHash).where("expiresAt", ">", now).returning("tokenHash").execute();
  if (rows.length > 0) await db.deleteFrom("setupToken").execute();
  return rows.length > 0;
}

// Refresh tokens

export async function insertRefreshToken(db: Q, token: { tokenHash: string; familyId: string; userId: string; expiresAt: Date }): Promise<void> {
  await db.insertInto("refreshToken").values(token).execute();
}

export async function findRefreshTokenForUpdate(db: Q, tokenHash: string) {
  return db
    .selectFrom("refreshToken")
    .innerJoin("appUser", "appUser.id", "refreshToken.userId")
    .select([
      "refreshToken.id",
      "refreshToken.familyId",
      "refreshToken.userId",
      "refreshToken.expiresAt",
      "refreshToken.rotatedAt",
      "refreshToken.revokedAt",
      "appUser.disabledAt",
    ])
    .where("refreshToken.tokenHash", "=", tokenHash)
    .forUpdate("refreshToken")
    .executeTakeFirst();
}

export async function markRefreshTokenRotated(db: Q, id: string, now: Date): Promise<void> {
  await db.updateTable("refreshToken").set({ rotatedAt: now }).where("id", "=", id).execute();
}

export async function revokeRefreshFamily(db: Q, familyId: string, now: Date): Promise<void> {
  await db.updateTable("refreshToken").set({ revokedAt: now }).where("familyId", "=", familyId).where("revokedAt", "is", null).execute();
}

/** Revokes every live refresh token of a user, except those of `keepFamilyId`. */
export async function revokeUserRefreshTokens(db: Q, userId: string, now: Date, keepFamilyId?: string): Promise<void> {
  let q = db.updateTable("refreshToken").set({ revokedAt: now }).where("userId", "=", userId).where("revokedAt", "is", null);
  if (keepFamilyId) q = q.where("familyId", "!=", keepFamilyId);
  await q.execute();
}

// API keys

function toApiKey(row: Selectable<ApiKeyTable>): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    permissions: [...row.permissions].sort(),
    ownerUserId: row.userId,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

export async function insertApiKey(
  db: Q,
  key: { userId: string; name: string; prefix: string; secretHash: string; permissions: readonly string[]; expiresAt: Date | null },
): Promise<ApiKey> {
  const row = await db
    .insertInto("apiKey")
    .values({ ...key, permissions: [...key.permissions] })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toApiKey(row);
}

export async function findApiKeyBySecretHash(db: Q, secretHash: string): Promise<ApiKey | undefined> {
  const row = await db.selectFrom("apiKey").selectAll().where("secretHash", "=", secretHash).executeTakeFirst();
  return row && toApiKey(row);
}

export async function findApiKeyById(db: Q, id: string): Promise<ApiKey | undefined> {
  const row = await db.selectFrom("apiKey").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toApiKey(row);
}

export async function listApiKeys(db: Q, userId: string, includeRevoked: boolean): Promise<ApiKey[]> {
  let q = db.selectFrom("apiKey").selectAll().where("userId", "=", userId);
  if (!includeRevoked) q = q.where("revokedAt", "is", null);
  const rows = await q.orderBy("createdAt", "desc").orderBy("id").execute();
  return rows.map(toApiKey);
}

export async function revokeApiKey(db: Q, id: string, now: Date): Promise<ApiKey | undefined> {
  const row = await db
    .updateTable("apiKey")
    .set({ revokedAt: sql`coalesce(revoked_at, ${now})` })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row && toApiKey(row);
}

/** Records use at most once a minute per key, to keep the hot path read-mostly. */
export async function touchApiKey(db: Q, id: string, now: Date): Promise<void> {
  await db
    .updateTable("apiKey")
    .set({ lastUsedAt: now })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("lastUsedAt", "is", null), eb("lastUsedAt", "<", new Date(now.getTime() - 60_000))]))
    .execute();
}

// Signing keys

export async function listSigningKeys(db: Q) {
  return db.selectFrom("signingKey").selectAll().orderBy("createdAt").orderBy("kid").execute();
}

export async function insertSigningKeyIfNone(db: Q, key: { kid: string; privateJwk: string; publicJwk: string }): Promise<void> {
  await sql`
    INSERT INTO signing_key (kid, private_jwk, public_jwk)
    SELECT ${key.kid}, ${key.privateJwk}::jsonb, ${key.publicJwk}::jsonb
    WHERE NOT EXISTS (SELECT 1 FROM signing_key)`.execute(db);
}
