// Use cases of AuthService: permission check first, then load → decide
// (domain/auth.ts) → write (store) in one transaction, with an audit event.
import { randomUUID } from "node:crypto";
import {
  apiKeyPermissions,
  assertAdminsRemain,
  assertHolds,
  assertKnownPermissions,
  builtInRoles,
  isValidTimeZone,
  judgeRefreshToken,
  normalizeEmail,
  permissionCatalogue,
  unionOfRoles,
  type ApiKey,
  type AuditEvent,
  type PermissionInfo,
  type Principal,
  type Role,
  type TokenPair,
  type User,
} from "../domain/auth.js";
import { AuthError } from "../domain/auth.errors.js";
import { decodePageToken, encodePageToken, pageSize } from "../domain/pagination.js";
import { insertAuditEvent, listAuditEvents, type NewAuditEvent } from "../store/audit.store.js";
import * as store from "../store/auth.store.js";
import type { Db } from "../store/db.js";
import { apiKeyPrefix, digest, hashPassword, newApiKeySecret, newSecret, verifyPassword } from "./auth.secrets.js";
import type { AccessTokens } from "./auth.tokens.js";
import type { RateLimits } from "./rate-limit.js";

/** Who calls, from where. Built by the rpc layer for every request. */
export interface CallContext {
  principal: Principal | undefined;
  clientAddress: string;
}

export interface AuthSettings {
  refreshTokenTtlSeconds: number;
  inviteTtlSeconds: number;
  setupTokenTtlSeconds: number;
}

export interface AuthServiceDeps {
  db: Db;
  /**
   * The connections requests are counted on (RateLimits' counters): an access token's session is
   * checked there, in the statement that counts the request.
   */
  counters: Db;
  tokens: AccessTokens;
  limits: RateLimits;
  settings: AuthSettings;
  now: () => Date;
}

type Tx = Db;

export function requirePrincipal(ctx: CallContext): Principal {
  if (!ctx.principal) throw new AuthError("TOKEN_MISSING", "sign in first");
  return ctx.principal;
}

export function requirePermission(ctx: CallContext, permission: string): Principal {
  const principal = requirePrincipal(ctx);
  if (!principal.permissions.has(permission)) {
    throw new AuthError("PERMISSION_DENIED", `permission ${permission} is required`, { permission });
  }
  return principal;
}

function audit(ctx: CallContext, event: Omit<NewAuditEvent, "actorUserId" | "actorApiKeyId" | "clientAddress">): NewAuditEvent {
  return { ...event, actorUserId: ctx.principal?.userId, actorApiKeyId: ctx.principal?.apiKeyId, clientAddress: ctx.clientAddress };
}

function publicUser(user: store.UserRecord): User {
  const { passwordHash: _hash, ...rest } = user;
  return rest;
}

export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {}

  private get db(): Db {
    return this.deps.db;
  }

  private now(): Date {
    return this.deps.now();
  }

  // Start-up

  /** Brings the built-in roles to the current catalogue (new permissions reach them on upgrade). */
  async syncBuiltInRoles(): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (const role of builtInRoles) await store.upsertBuiltInRole(tx, role);
    });
  }

  /**
   * On an instance without users: creates the administrator from the
   * environment, or returns a one-time setup token for the setup link.
   */
  async bootstrap(admin: { email: string; password: string } | undefined): Promise<{ setupToken?: string; createdAdmin?: string }> {
    const passwordHash = admin ? await hashPassword(admin.password) : undefined;
    return this.db.transaction().execute(async (tx) => {
      await store.lockAdminRole(tx);
      if ((await store.countUsers(tx)) > 0) return {};
      if (admin && passwordHash) {
        const userId = await this.insertAdmin(tx, { email: admin.email, displayName: "Administrator", passwordHash });
        await insertAuditEvent(tx, { action: "auth.setup.admin_from_environment", subjectType: "user", subjectId: userId, details: { email: normalizeEmail(admin.email) } });
        return { createdAdmin: normalizeEmail(admin.email) };
      }
      const setupToken = newSecret();
      await store.replaceSetupToken(tx, { tokenHash: digest(setupToken), expiresAt: new Date(this.now().getTime() + this.deps.settings.setupTokenTtlSeconds * 1000) });
      return { setupToken };
    });
  }

  private async insertAdmin(tx: Tx, user: { email: string; displayName: string; passwordHash: string; locale?: string }): Promise<string> {
    const adminRole = await store.findRoleByKey(tx, "admin");
    if (!adminRole) throw new Error("built-in roles are not synced");
    const userId = await store.insertUser(tx, { email: normalizeEmail(user.email), displayName: user.displayName, passwordHash: user.passwordHash, locale: user.locale ?? "en", timeZone: "UTC" });
    await store.setUserRoles(tx, userId, [adminRole.id]);
    return userId;
  }

  // Authentication of requests

  /**
   * Resolves a bearer credential (access JWT or API key) to a principal and counts the request
   * against the principal's rate limit. Sessions, disabled users and permissions are read on every
   * call (an access token's in the statement that counts it): a sign-out, a revoked key or a role
   * change applies to the very next request, in every server process.
   */
  async authenticate(bearer: string): Promise<Principal> {
    const now = this.now();
    if (bearer.startsWith(apiKeyPrefix)) {
      const principal = await this.authenticateApiKey(bearer, now);
      await this.deps.limits.consumeRequest(`key:${principal.apiKeyId}`);
      return principal;
    }
    const claims = await this.deps.tokens.verify(bearer, now);
    const counted = this.deps.limits.requestToCount(`user:${claims.userId}`);
    const session = await store.findSessionPermissionsCounting(this.deps.counters, claims, counted);
    if (!session) throw new AuthError("TOKEN_INVALID", "the session has ended or the user is disabled");
    this.deps.limits.judgeRequest(counted, session.count);
    return { userId: claims.userId, apiKeyId: undefined, permissions: session.permissions };
  }

  private async authenticateApiKey(secret: string, now: Date): Promise<Principal & { apiKeyId: string }> {
    const key = await store.findApiKeyBySecretHash(this.db, digest(secret));
    if (!key) throw new AuthError("API_KEY_INVALID", "API key is not valid");
    if (key.revokedAt) throw new AuthError("API_KEY_REVOKED", "API key was revoked");
    if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) throw new AuthError("API_KEY_EXPIRED", "API key expired");
    const owner = await store.findActiveUserPermissions(this.db, key.ownerUserId);
    if (!owner) throw new AuthError("API_KEY_INVALID", "the API key's owner is disabled");
    await store.touchApiKey(this.db, key.id, now);
    return { userId: key.ownerUserId, apiKeyId: key.id, permissions: apiKeyPermissions(owner, key.permissions) };
  }

  /** Counts a request without credentials against its address's rate limit. */
  async consumeAnonymousRateLimit(clientAddress: string): Promise<void> {
    await this.deps.limits.consumeRequest(`ip:${clientAddress}`);
  }

  // Sessions

  async login(ctx: CallContext, input: { email: string; password: string }): Promise<{ tokens: TokenPair; user: User }> {
    const email = normalizeEmail(input.email);
    await this.deps.limits.assertLoginAllowed(email, ctx.clientAddress);
    const user = await store.findUserByEmail(this.db, email);
    const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
    if (!user || !passwordOk) {
      await this.deps.limits.recordLoginFailure(email, ctx.clientAddress);
      await insertAuditEvent(this.db, audit(ctx, { action: "auth.login.failed", subjectType: "user", subjectId: user?.id, details: { email, reason: "INVALID_CREDENTIALS" } }));
      throw new AuthError("INVALID_CREDENTIALS", "email or password is wrong");
    }
    if (user.disabled) {
      await insertAuditEvent(this.db, audit(ctx, { action: "auth.login.failed", subjectType: "user", subjectId: user.id, details: { email, reason: "USER_DISABLED" } }));
      throw new AuthError("USER_DISABLED", "this account is disabled");
    }
    await this.deps.limits.recordLoginSuccess(email);
    const tokens = await this.db.transaction().execute(async (tx) => {
      const pair = await this.startSession(tx, user.id);
      await insertAuditEvent(tx, { ...audit(ctx, { action: "auth.login.succeeded", subjectType: "user", subjectId: user.id }), actorUserId: user.id });
      return pair;
    });
    return { tokens, user: publicUser(user) };
  }

  private async startSession(tx: Tx, userId: string, familyId: string = randomUUID()): Promise<TokenPair> {
    const now = this.now();
    const refreshToken = newSecret();
    const refreshTokenExpiresAt = new Date(now.getTime() + this.deps.settings.refreshTokenTtlSeconds * 1000);
    await store.insertRefreshToken(tx, { tokenHash: digest(refreshToken), familyId, userId, expiresAt: refreshTokenExpiresAt });
    const access = await this.deps.tokens.issue({ userId, sessionId: familyId }, now);
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken, refreshTokenExpiresAt };
  }

  async refresh(ctx: CallContext, refreshToken: string): Promise<TokenPair> {
    const now = this.now();
    const outcome = await this.db.transaction().execute(async (tx) => {
      const token = await store.findRefreshTokenForUpdate(tx, digest(refreshToken));
      if (!token) return { kind: "invalid" as const };
      const verdict = judgeRefreshToken({ ...token, userDisabled: token.disabledAt !== null }, now);
      if (verdict === "reused") {
        // A rotated token came back: whoever holds the family is not to be trusted.
        await store.revokeRefreshFamily(tx, token.familyId, now);
        await insertAuditEvent(tx, { ...audit(ctx, { action: "auth.refresh_token.reused", subjectType: "user", subjectId: token.userId }), details: { family: token.familyId } });
        return { kind: "reused" as const };
      }
      if (verdict !== "rotate") return { kind: verdict };
      await store.markRefreshTokenRotated(tx, token.id, now);
      return { kind: "ok" as const, tokens: await this.startSession(tx, token.userId, token.familyId) };
    });
    switch (outcome.kind) {
      case "ok":
        return outcome.tokens;
      case "reused":
        throw new AuthError("REFRESH_TOKEN_REUSED", "this refresh token was already used; all sessions of its family are signed out");
      case "expired":
        throw new AuthError("REFRESH_TOKEN_EXPIRED", "refresh token expired; sign in again");
      case "disabled":
        throw new AuthError("USER_DISABLED", "this account is disabled");
      case "revoked":
      case "invalid":
        throw new AuthError("REFRESH_TOKEN_INVALID", "refresh token is not valid; sign in again");
    }
  }

  async logout(ctx: CallContext, refreshToken: string): Promise<void> {
    const now = this.now();
    await this.db.transaction().execute(async (tx) => {
      const token = await store.findRefreshTokenForUpdate(tx, digest(refreshToken));
      if (!token) return;
      await store.revokeRefreshFamily(tx, token.familyId, now);
      await insertAuditEvent(tx, { ...audit(ctx, { action: "auth.logout", subjectType: "user", subjectId: token.userId }), actorUserId: token.userId });
    });
  }

  async completeSetup(ctx: CallContext, input: { setupToken: string; email: string; displayName: string; password: string; locale: string }): Promise<{ tokens: TokenPair; user: User }> {
    const passwordHash = await hashPassword(input.password);
    const userId = await this.db.transaction().execute(async (tx) => {
      await store.lockAdminRole(tx);
      if ((await store.countUsers(tx)) > 0) throw new AuthError("SETUP_NOT_AVAILABLE", "this instance is already set up");
      if (!(await store.consumeSetupToken(tx, digest(input.setupToken), this.now()))) {
        throw new AuthError("SETUP_TOKEN_INVALID", "the setup link is not valid; restart the server for a new one");
      }
      const id = await this.insertAdmin(tx, { email: input.email, displayName: input.displayName, passwordHash, locale: input.locale || "en" });
      await insertAuditEvent(tx, { ...audit(ctx, { action: "auth.setup.completed", subjectType: "user", subjectId: id }), actorUserId: id });
      return id;
    });
    return this.sessionFor(userId);
  }

  async acceptInvite(ctx: CallContext, input: { inviteToken: string; password: string }): Promise<{ tokens: TokenPair; user: User }> {
    const passwordHash = await hashPassword(input.password);
    const userId = await this.db.transaction().execute(async (tx) => {
      const id = await store.consumeInvite(tx, digest(input.inviteToken), this.now());
      if (!id) throw new AuthError("INVITE_INVALID", "this invitation is not valid or has expired");
      const user = await store.findUserById(tx, id);
      if (!user || user.disabled) throw new AuthError("INVITE_INVALID", "this invitation is not valid or has expired");
      await store.updateUser(tx, id, { passwordHash });
      await insertAuditEvent(tx, { ...audit(ctx, { action: "auth.invite.accepted", subjectType: "user", subjectId: id }), actorUserId: id });
      return id;
    });
    return this.sessionFor(userId);
  }

  private async sessionFor(userId: string): Promise<{ tokens: TokenPair; user: User }> {
    const tokens = await this.db.transaction().execute((tx) => this.startSession(tx, userId));
    const user = await store.findUserById(this.db, userId);
    if (!user) throw new AuthError("USER_NOT_FOUND", "user not found");
    return { tokens, user: publicUser(user) };
  }

  // The caller's own account

  async getCurrentUser(ctx: CallContext): Promise<{ user: User; apiKeyId: string | undefined; permissions: string[] }> {
    const principal = requirePrincipal(ctx);
    const user = await store.findUserById(this.db, principal.userId);
    if (!user) throw new AuthError("USER_NOT_FOUND", "user not found");
    return { user: publicUser(user), apiKeyId: principal.apiKeyId, permissions: [...principal.permissions].sort() };
  }

  async updateProfile(ctx: CallContext, input: { displayName: string; locale: string; timeZone: string }): Promise<User> {
    const principal = requirePrincipal(ctx);
    if (!isValidTimeZone(input.timeZone)) throw new AuthError("INVALID_TIME_ZONE", `unknown time zone ${input.timeZone}`, { timeZone: input.timeZone });
    return this.db.transaction().execute(async (tx) => {
      await store.updateUser(tx, principal.userId, { displayName: input.displayName, locale: input.locale, timeZone: input.timeZone });
      await insertAuditEvent(tx, audit(ctx, { action: "user.profile_updated", subjectType: "user", subjectId: principal.userId }));
      return this.loadUser(tx, principal.userId);
    });
  }

  async changePassword(ctx: CallContext, input: { currentPassword: string; newPassword: string }): Promise<TokenPair> {
    const principal = requirePrincipal(ctx);
    const user = await this.loadUserRecord(this.db, principal.userId);
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      await insertAuditEvent(this.db, audit(ctx, { action: "auth.password.change_failed", subjectType: "user", subjectId: user.id }));
      throw new AuthError("WRONG_PASSWORD", "the current password is wrong");
    }
    const passwordHash = await hashPassword(input.newPassword);
    return this.db.transaction().execute(async (tx) => {
      await store.updateUser(tx, user.id, { passwordHash });
      // Every other session ends; this one continues with fresh tokens.
      await store.revokeUserRefreshTokens(tx, user.id, this.now());
      await insertAuditEvent(tx, audit(ctx, { action: "auth.password.changed", subjectType: "user", subjectId: user.id }));
      return this.startSession(tx, user.id);
    });
  }

  // Users

  private async loadUserRecord(db: Db, id: string): Promise<store.UserRecord> {
    const user = await store.findUserById(db, id);
    if (!user) throw new AuthError("USER_NOT_FOUND", `user ${id} not found`, { userId: id });
    return user;
  }

  private async loadUser(db: Db, id: string): Promise<User> {
    return publicUser(await this.loadUserRecord(db, id));
  }

  async listUsers(ctx: CallContext, input: { pageSize: number; pageToken: string; query: string; includeDisabled: boolean }): Promise<{ users: User[]; nextPageToken: string }> {
    requirePermission(ctx, "users.read");
    const fingerprint = digest(JSON.stringify(["users", input.query, input.includeDisabled]));
    const after = decodePageToken(input.pageToken, fingerprint);
    const limit = pageSize(input.pageSize);
    const [email, id] = after ? (JSON.parse(after) as [string, string]) : [];
    const rows = await store.listUsers(this.db, {
      query: input.query,
      includeDisabled: input.includeDisabled,
      after: email !== undefined && id !== undefined ? { email, id } : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextPageToken = rows.length > limit && last ? encodePageToken(fingerprint, JSON.stringify([last.email.toLowerCase(), last.id])) : "";
    return { users: page.map(publicUser), nextPageToken };
  }

  async getUser(ctx: CallContext, userId: string): Promise<User> {
    requirePermission(ctx, "users.read");
    return this.loadUser(this.db, userId);
  }

  private async rolesOrThrow(tx: Tx, roleIds: readonly string[]): Promise<Role[]> {
    const roles = await store.findRolesByIds(tx, roleIds);
    const missing = roleIds.filter((id) => !roles.some((role) => role.id === id));
    if (missing.length > 0) throw new AuthError("ROLE_NOT_FOUND", `role not found: ${missing.join(", ")}`, { roleIds: missing.join(",") });
    return roles;
  }

  async createUser(
    ctx: CallContext,
    input: { email: string; displayName: string; roleIds: string[]; password: string; locale: string; timeZone: string },
  ): Promise<{ user: User; inviteToken: string | undefined }> {
    const actor = requirePermission(ctx, "users.manage");
    const timeZone = input.timeZone || "UTC";
    if (!isValidTimeZone(timeZone)) throw new AuthError("INVALID_TIME_ZONE", `unknown time zone ${timeZone}`, { timeZone });
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    const inviteToken = passwordHash ? undefined : newSecret();
    const email = normalizeEmail(input.email);
    const userId = await this.db.transaction().execute(async (tx) => {
      const roles = await this.rolesOrThrow(tx, input.roleIds);
      assertHolds(actor.permissions, unionOfRoles(roles));
      if (await store.findUserByEmail(tx, email)) throw new AuthError("EMAIL_TAKEN", `a user with email ${email} exists`, { email });
      let id: string;
      try {
        id = await store.insertUser(tx, { email, displayName: input.displayName, passwordHash, locale: input.locale || "en", timeZone });
      } catch (error) {
        if (store.isUniqueViolation(error, "app_user_email_unique")) throw new AuthError("EMAIL_TAKEN", `a user with email ${email} exists`, { email });
        throw error;
      }
      await store.setUserRoles(tx, id, input.roleIds);
      if (inviteToken) {
        await store.insertInvite(tx, { tokenHash: digest(inviteToken), userId: id, expiresAt: new Date(this.now().getTime() + this.deps.settings.inviteTtlSeconds * 1000) });
      }
      await insertAuditEvent(tx, audit(ctx, { action: inviteToken ? "user.invited" : "user.created", subjectType: "user", subjectId: id, details: { email, roles: roles.map((r) => r.name).join(",") } }));
      return id;
    });
    return { user: await this.loadUser(this.db, userId), inviteToken };
  }

  async updateUser(
    ctx: CallContext,
    input: { userId: string; version: number; displayName?: string; roleIds?: string[]; locale?: string; timeZone?: string },
  ): Promise<User> {
    const actor = requirePermission(ctx, "users.manage");
    if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
      throw new AuthError("INVALID_TIME_ZONE", `unknown time zone ${input.timeZone}`, { timeZone: input.timeZone });
    }
    return this.db.transaction().execute(async (tx) => {
      if (input.roleIds) await store.lockAdminRole(tx);
      const target = await this.loadUserRecord(tx, input.userId);
      // Acting on a user needs every permission the user holds now (no demoting someone more powerful).
      const currentRoles = await store.findRolesByIds(tx, target.roleIds);
      assertHolds(actor.permissions, unionOfRoles(currentRoles));
      if (input.roleIds) assertHolds(actor.permissions, unionOfRoles(await this.rolesOrThrow(tx, input.roleIds)));
      const changed = await store.updateUser(tx, target.id, { displayName: input.displayName, locale: input.locale, timeZone: input.timeZone }, input.version);
      if (!changed) throw new AuthError("STALE_VERSION", "the user was changed by someone else; reload and try again", { currentVersion: String(target.version) });
      if (input.roleIds) {
        await store.setUserRoles(tx, target.id, input.roleIds);
        assertAdminsRemain(await store.countActiveAdmins(tx));
      }
      await insertAuditEvent(tx, audit(ctx, { action: "user.updated", subjectType: "user", subjectId: target.id, details: input.roleIds ? { roleIds: input.roleIds.join(",") } : {} }));
      return this.loadUser(tx, target.id);
    });
  }

  async setUserDisabled(ctx: CallContext, userId: string, disabled: boolean): Promise<User> {
    const actor = requirePermission(ctx, "users.manage");
    if (disabled && actor.userId === userId) throw new AuthError("CANNOT_DISABLE_SELF", "you cannot disable your own account");
    return this.db.transaction().execute(async (tx) => {
      await store.lockAdminRole(tx);
      const target = await this.loadUserRecord(tx, userId);
      assertHolds(actor.permissions, unionOfRoles(await store.findRolesByIds(tx, target.roleIds)));
      const now = this.now();
      if (target.disabled !== disabled) {
        await store.updateUser(tx, userId, { disabledAt: disabled ? now : null });
        if (disabled) {
          await store.revokeUserRefreshTokens(tx, userId, now);
          assertAdminsRemain(await store.countActiveAdmins(tx));
        }
        await insertAuditEvent(tx, audit(ctx, { action: disabled ? "user.disabled" : "user.enabled", subjectType: "user", subjectId: userId }));
      }
      return this.loadUser(tx, userId);
    });
  }

  // Roles

  listPermissions(ctx: CallContext): readonly PermissionInfo[] {
    requirePrincipal(ctx);
    return permissionCatalogue;
  }

  async listRoles(ctx: CallContext): Promise<Role[]> {
    requirePermission(ctx, "roles.read");
    return store.listRoles(this.db);
  }

  async createRole(ctx: CallContext, input: { name: string; description: string; permissions: string[] }): Promise<Role> {
    const actor = requirePermission(ctx, "roles.manage");
    assertKnownPermissions(input.permissions);
    assertHolds(actor.permissions, input.permissions);
    return this.db.transaction().execute(async (tx) => {
      let role: Role;
      try {
        role = await store.insertRole(tx, input);
      } catch (error) {
        if (store.isUniqueViolation(error, "role_name_unique")) throw new AuthError("ROLE_NAME_TAKEN", `a role named ${input.name} exists`, { name: input.name });
        throw error;
      }
      await insertAuditEvent(tx, audit(ctx, { action: "role.created", subjectType: "role", subjectId: role.id, details: { name: role.name, permissions: role.permissions.join(",") } }));
      return role;
    });
  }

  async updateRole(ctx: CallContext, input: { roleId: string; version: number; name: string; description: string; permissions: string[] }): Promise<Role> {
    const actor = requirePermission(ctx, "roles.manage");
    assertKnownPermissions(input.permissions);
    return this.db.transaction().execute(async (tx) => {
      const current = await store.findRoleById(tx, input.roleId);
      if (!current) throw new AuthError("ROLE_NOT_FOUND", `role ${input.roleId} not found`, { roleId: input.roleId });
      if (current.builtIn) throw new AuthError("BUILT_IN_ROLE_IMMUTABLE", `${current.name} is a built-in role`, { roleId: current.id });
      // Both what the role grants now (no stripping a more powerful role) and what it will grant.
      assertHolds(actor.permissions, [...current.permissions, ...input.permissions]);
      let role: Role | undefined;
      try {
        role = await store.updateRole(tx, input.roleId, input.version, { name: input.name, description: input.description, permissions: input.permissions });
      } catch (error) {
        if (store.isUniqueViolation(error, "role_name_unique")) throw new AuthError("ROLE_NAME_TAKEN", `a role named ${input.name} exists`, { name: input.name });
        throw error;
      }
      if (!role) throw new AuthError("STALE_VERSION", "the role was changed by someone else; reload and try again", { currentVersion: String(current.version) });
      await insertAuditEvent(tx, audit(ctx, { action: "role.updated", subjectType: "role", subjectId: role.id, details: { name: role.name, permissions: role.permissions.join(",") } }));
      return role;
    });
  }

  async deleteRole(ctx: CallContext, roleId: string): Promise<void> {
    const actor = requirePermission(ctx, "roles.manage");
    await this.db.transaction().execute(async (tx) => {
      const role = await store.findRoleById(tx, roleId);
      if (!role) throw new AuthError("ROLE_NOT_FOUND", `role ${roleId} not found`, { roleId });
      if (role.builtIn) throw new AuthError("BUILT_IN_ROLE_IMMUTABLE", `${role.name} is a built-in role`, { roleId });
      assertHolds(actor.permissions, role.permissions);
      const members = await store.countRoleMembers(tx, roleId);
      if (members > 0) throw new AuthError("ROLE_IN_USE", `${members} users have this role`, { users: String(members) });
      await store.deleteRole(tx, roleId);
      await insertAuditEvent(tx, audit(ctx, { action: "role.deleted", subjectType: "role", subjectId: roleId, details: { name: role.name } }));
    });
  }

  // API keys

  async createApiKey(ctx: CallContext, input: { name: string; permissions: string[]; expiresAt: Date | undefined }): Promise<{ apiKey: ApiKey; secret: string }> {
    const actor = requirePermission(ctx, "api_keys.own");
    if (actor.apiKeyId) throw new AuthError("PERMISSION_DENIED", "API keys cannot create API keys", { permission: "api_keys.own" });
    assertKnownPermissions(input.permissions);
    assertHolds(actor.permissions, input.permissions);
    if (input.expiresAt && input.expiresAt.getTime() <= this.now().getTime()) throw new AuthError("INVALID_EXPIRY", "expires_at must be in the future");
    const secret = newApiKeySecret();
    const apiKey = await this.db.transaction().execute(async (tx) => {
      const key = await store.insertApiKey(tx, {
        userId: actor.userId,
        name: input.name,
        prefix: secret.slice(0, apiKeyPrefix.length + 6),
        secretHash: digest(secret),
        permissions: input.permissions,
        expiresAt: input.expiresAt ?? null,
      });
      await insertAuditEvent(tx, audit(ctx, { action: "api_key.created", subjectType: "api_key", subjectId: key.id, details: { name: key.name, permissions: key.permissions.join(",") } }));
      return key;
    });
    return { apiKey, secret };
  }

  async listApiKeys(ctx: CallContext, includeRevoked: boolean): Promise<ApiKey[]> {
    const actor = requirePermission(ctx, "api_keys.own");
    return store.listApiKeys(this.db, actor.userId, includeRevoked);
  }

  async revokeApiKey(ctx: CallContext, apiKeyId: string): Promise<ApiKey> {
    const actor = requirePermission(ctx, "api_keys.own");
    return this.db.transaction().execute(async (tx) => {
      const key = await store.findApiKeyById(tx, apiKeyId);
      // Someone else's key is invisible unless the caller manages users.
      if (!key || (key.ownerUserId !== actor.userId && !actor.permissions.has("users.manage"))) {
        throw new AuthError("API_KEY_NOT_FOUND", `API key ${apiKeyId} not found`, { apiKeyId });
      }
      const revoked = await store.revokeApiKey(tx, apiKeyId, this.now());
      if (!revoked) throw new AuthError("API_KEY_NOT_FOUND", `API key ${apiKeyId} not found`, { apiKeyId });
      await insertAuditEvent(tx, audit(ctx, { action: "api_key.revoked", subjectType: "api_key", subjectId: apiKeyId, details: { name: key.name } }));
      return revoked;
    });
  }

  // Audit

  async listAuditEvents(ctx: CallContext, input: { pageSize: number; pageToken: string; actionPrefix: string; actorUserId: string }): Promise<{ events: AuditEvent[]; nextPageToken: string }> {
    requirePermission(ctx, "audit.read");
    const fingerprint = digest(JSON.stringify(["audit", input.actionPrefix, input.actorUserId]));
    const beforeId = decodePageToken(input.pageToken, fingerprint);
    const limit = pageSize(input.pageSize);
    const rows = await listAuditEvents(this.db, { actionPrefix: input.actionPrefix, actorUserId: input.actorUserId, beforeId, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { events: page, nextPageToken: rows.length > limit && last ? encodePageToken(fingerprint, last.id) : "" };
  }
}
