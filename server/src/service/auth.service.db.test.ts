import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adminEmail, adminPassword, authFixture, rejection, type AuthFixture } from "../../test/support/auth.js";
import { findRoleByKey } from "../store/auth.store.js";

let f: AuthFixture;

beforeEach(async () => {
  f = await authFixture({ loginFailuresPerAccount: 3 });
});
afterEach(async () => {
  await f.close();
});

async function roleId(key: string): Promise<string> {
  const role = await findRoleByKey(f.database.db, key);
  if (!role) throw new Error(`no role ${key}`);
  return role.id;
}

async function countRows(table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(f.database.db);
  return rows[0]?.n ?? -1;
}

describe("bootstrap", () => {
  it("creates the administrator from the environment once", async () => {
    expect(await f.auth.bootstrap({ email: "Admin@Example.com", password: adminPassword })).toEqual({ createdAdmin: adminEmail });
    expect(await f.auth.bootstrap({ email: "other@example.com", password: adminPassword })).toEqual({});
    const admin = await f.signIn(adminEmail, adminPassword);
    expect(admin.principal?.permissions.has("users.manage")).toBe(true);
  });

  it("without environment admin, issues a one-time setup token", async () => {
    const { setupToken } = await f.auth.bootstrap(undefined);
    expect(setupToken).toBeTruthy();
    const wrong = await rejection(f.auth.completeSetup(f.anonymous, { setupToken: "nope", email: "a@b.co", displayName: "A", password: adminPassword, locale: "" }));
    expect(wrong).toBe("SETUP_TOKEN_INVALID");
    const done = await f.auth.completeSetup(f.anonymous, { setupToken: setupToken ?? "", email: "First@Example.com", displayName: "First", password: adminPassword, locale: "de" });
    expect(done.user).toMatchObject({ email: "first@example.com", locale: "de" });
    const again = await rejection(f.auth.completeSetup(f.anonymous, { setupToken: setupToken ?? "", email: "b@b.co", displayName: "B", password: adminPassword, locale: "" }));
    expect(again).toBe("SETUP_NOT_AVAILABLE");
    expect(await countRows("app_user")).toBe(1);
  });
});

describe("login", () => {
  beforeEach(async () => {
    await f.auth.bootstrap({ email: adminEmail, password: adminPassword });
  });

  it("accepts the right password, case-insensitive email", async () => {
    const { tokens, user } = await f.auth.login(f.anonymous, { email: " ADMIN@example.com", password: adminPassword });
    expect(user.email).toBe(adminEmail);
    expect(tokens.accessTokenExpiresAt.getTime()).toBeGreaterThan(f.clock.now.getTime());
    const principal = await f.auth.authenticate(tokens.accessToken);
    expect(principal.userId).toBe(user.id);
  });

  it("refuses a wrong password or unknown account the same way, and audits it", async () => {
    expect(await rejection(f.auth.login(f.anonymous, { email: adminEmail, password: "wrong" }))).toBe("INVALID_CREDENTIALS");
    expect(await rejection(f.auth.login(f.anonymous, { email: "ghost@example.com", password: "wrong" }))).toBe("INVALID_CREDENTIALS");
    const { rows } = await sql<{ action: string }>`SELECT action FROM audit_event WHERE action = 'auth.login.failed'`.execute(f.database.db);
    expect(rows).toHaveLength(2);
  });

  it("throttles an account after repeated failures, even with the right password", async () => {
    for (let i = 0; i < 3; i++) await rejection(f.auth.login({ ...f.anonymous, clientAddress: `198.51.100.${i}` }, { email: adminEmail, password: "wrong" }));
    const error = await f.auth.login(f.anonymous, { email: adminEmail, password: adminPassword }).catch((e: unknown) => e as { code: string; retryAfterMs?: number });
    expect(error).toMatchObject({ code: "LOGIN_THROTTLED" });
    expect((error as { retryAfterMs?: number }).retryAfterMs).toBeGreaterThan(0);
  });

  it("throttles a client address that tries many accounts", async () => {
    const g = await authFixture({ loginFailuresPerAccount: 100, loginFailuresPerAddress: 4 });
    try {
      for (let i = 0; i < 4; i++) await rejection(g.auth.login(g.anonymous, { email: `user${i}@example.com`, password: "wrong" }));
      expect(await rejection(g.auth.login(g.anonymous, { email: "someone@example.com", password: "x" }))).toBe("LOGIN_THROTTLED");
      expect(await rejection(g.auth.login({ ...g.anonymous, clientAddress: "203.0.113.9" }, { email: "someone@example.com", password: "x" }))).toBe("INVALID_CREDENTIALS");
    } finally {
      await g.close();
    }
  });

  it("refuses a disabled user", async () => {
    const admin = await f.signIn(adminEmail, adminPassword);
    const { user } = await f.auth.createUser(admin, { email: "p@example.com", displayName: "P", roleIds: [await roleId("planner")], password: "planner-password-1", locale: "de", timeZone: "Europe/Berlin" });
    await f.auth.setUserDisabled(admin, user.id, true);
    expect(await rejection(f.auth.login(f.anonymous, { email: "p@example.com", password: "planner-password-1" }))).toBe("USER_DISABLED");
  });
});

describe("refresh tokens", () => {
  it("rotate, and a reused token revokes the whole family", async () => {
    const admin = await f.admin();
    const second = await f.auth.refresh(f.anonymous, admin.refreshToken);
    expect(second.refreshToken).not.toBe(admin.refreshToken);
    const third = await f.auth.refresh(f.anonymous, second.refreshToken);
    // The first token comes back: theft. The family ends, including the newest token and its access tokens.
    expect(await rejection(f.auth.refresh(f.anonymous, admin.refreshToken))).toBe("REFRESH_TOKEN_REUSED");
    expect(await rejection(f.auth.refresh(f.anonymous, third.refreshToken))).toBe("REFRESH_TOKEN_INVALID");
    expect(await rejection(f.auth.authenticate(third.accessToken))).toBe("TOKEN_INVALID");
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.refresh_token.reused'`.execute(f.database.db);
    expect(rows[0]?.n).toBe(1);
  });

  it("expire", async () => {
    const admin = await f.admin();
    f.clock.now = new Date(f.clock.now.getTime() + 3601_000);
    expect(await rejection(f.auth.refresh(f.anonymous, admin.refreshToken))).toBe("REFRESH_TOKEN_EXPIRED");
  });

  it("end with logout, and so do the session's access tokens; other sessions continue", async () => {
    const admin = await f.admin();
    const other = await f.signIn(adminEmail, adminPassword);
    await f.auth.logout(f.anonymous, admin.refreshToken);
    expect(await rejection(f.auth.refresh(f.anonymous, admin.refreshToken))).toBe("REFRESH_TOKEN_INVALID");
    expect(await rejection(f.auth.authenticate(admin.accessToken))).toBe("TOKEN_INVALID");
    expect((await f.auth.authenticate(other.accessToken)).userId).toBe(other.principal?.userId);
  });

  it("refuse garbage", async () => {
    expect(await rejection(f.auth.refresh(f.anonymous, "not-a-token"))).toBe("REFRESH_TOKEN_INVALID");
  });
});

describe("access tokens", () => {
  it("expire", async () => {
    const admin = await f.admin();
    f.clock.now = new Date(f.clock.now.getTime() + 901_000);
    expect(await rejection(f.auth.authenticate(admin.accessToken))).toBe("TOKEN_EXPIRED");
  });

  it("are refused when forged: alg none, tampered payload, another key", async () => {
    const admin = await f.admin();
    const [header, payload, signature] = admin.accessToken.split(".");
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url")}.${payload}.`;
    expect(await rejection(f.auth.authenticate(none))).toBe("TOKEN_INVALID");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: "00000000-0000-0000-0000-000000000000" })).toString("base64url")}.${signature}`;
    expect(await rejection(f.auth.authenticate(tampered))).toBe("TOKEN_INVALID");
    // A token from another instance (another key, same kid claim shape).
    const g = await authFixture();
    try {
      const foreign = await g.admin();
      expect(await rejection(f.auth.authenticate(foreign.accessToken))).toBe("TOKEN_INVALID");
    } finally {
      await g.close();
    }
  });
});

// Two AuthServices on one database stand for two server processes: each remembers the access tokens
// it verified, and must still see a sign-out, a role change or the other's requests at once.
describe("every request, in every process", () => {
  let second: AuthFixture;
  beforeEach(async () => {
    second = await authFixture({ database: f.database });
  });
  afterEach(async () => {
    await second.close();
  });

  it("a sign-out ends the session's access tokens at the next request, in every process", async () => {
    const admin = await f.admin();
    expect((await second.auth.authenticate(admin.accessToken)).userId).toBe(admin.principal?.userId);
    expect((await second.auth.authenticate(admin.accessToken)).userId).toBe(admin.principal?.userId);
    await f.auth.logout(f.anonymous, admin.refreshToken);
    expect(await rejection(second.auth.authenticate(admin.accessToken))).toBe("TOKEN_INVALID");
    expect(await rejection(f.auth.authenticate(admin.accessToken))).toBe("TOKEN_INVALID");
  });

  it("a role's or a user's changed permissions apply to the next request, in every process", async () => {
    const admin = await f.admin();
    const role = await f.auth.createRole(admin, { name: "Sales desk", description: "", permissions: ["crm.read"] });
    const { user } = await f.auth.createUser(admin, { email: "desk@example.com", displayName: "Desk", roleIds: [role.id], password: "desk-password-12", locale: "", timeZone: "" });
    const desk = await f.signIn("desk@example.com", "desk-password-12");
    const permissions = async () => [...(await second.auth.authenticate(desk.accessToken)).permissions].sort();
    expect(await permissions()).toEqual(["crm.read"]);
    await f.auth.updateRole(admin, { roleId: role.id, version: role.version, name: role.name, description: "", permissions: ["crm.read", "crm.manage"] });
    expect(await permissions()).toEqual(["crm.manage", "crm.read"]);
    await f.auth.updateUser(admin, { userId: user.id, version: user.version, roleIds: [] });
    expect(await permissions()).toEqual([]);
    await f.auth.setUserDisabled(admin, user.id, true);
    expect(await rejection(second.auth.authenticate(desk.accessToken))).toBe("TOKEN_INVALID");
  });

  it("a user's requests count against one limit shared by the processes; a refused token counts nothing", async () => {
    const limited = await authFixture({ database: f.database, requestsPerMinute: 3 });
    const alsoLimited = await authFixture({ database: f.database, requestsPerMinute: 3 });
    try {
      const admin = await f.admin();
      const points = async () => {
        const { rows } = await sql<{ points: number }>`SELECT points FROM rate_limit WHERE key = ${`rq:user:${admin.principal?.userId ?? ""}`}`.execute(f.database.db);
        return rows[0]?.points;
      };
      // f.admin() authenticated once already (in f, whose limit is high): that was request 1.
      expect(await points()).toBe(1);
      await limited.auth.authenticate(admin.accessToken);
      await alsoLimited.auth.authenticate(admin.accessToken);
      const refused = await alsoLimited.auth.authenticate(admin.accessToken).then(
        () => undefined,
        (error: unknown) => error as { code?: string; retryAfterMs?: number },
      );
      expect(refused?.code).toBe("RATE_LIMITED");
      expect(refused?.retryAfterMs).toBeGreaterThan(0);
      expect(await rejection(limited.auth.authenticate(admin.accessToken))).toBe("RATE_LIMITED");
      expect(await points()).toBe(5);
      await f.auth.logout(f.anonymous, admin.refreshToken);
      expect(await rejection(limited.auth.authenticate(admin.accessToken))).toBe("TOKEN_INVALID");
      expect(await points()).toBe(5);
    } finally {
      await limited.close();
      await alsoLimited.close();
    }
  });
});

describe("users", () => {
  it("invite, accept, sign in; duplicate email refused whatever its case", async () => {
    const admin = await f.admin();
    const { user, inviteToken } = await f.auth.createUser(admin, { email: "Crew@Example.com", displayName: "Crew One", roleIds: [await roleId("crew")], password: "", locale: "", timeZone: "" });
    expect(user).toMatchObject({ email: "crew@example.com", invitationPending: true, locale: "en", timeZone: "UTC" });
    expect(inviteToken).toBeTruthy();
    expect(await rejection(f.auth.login(f.anonymous, { email: "crew@example.com", password: "" }))).toBe("INVALID_CREDENTIALS");
    const accepted = await f.auth.acceptInvite(f.anonymous, { inviteToken: inviteToken ?? "", password: "crew-password-123" });
    expect(accepted.user.invitationPending).toBe(false);
    expect(await rejection(f.auth.acceptInvite(f.anonymous, { inviteToken: inviteToken ?? "", password: "another-password-1" }))).toBe("INVITE_INVALID");
    const crew = await f.signIn("crew@example.com", "crew-password-123");
    expect([...(crew.principal?.permissions ?? [])]).toEqual(["crew.self"]);
    expect(await rejection(f.auth.createUser(admin, { email: "CREW@example.com", displayName: "Dup", roleIds: [], password: "", locale: "", timeZone: "" }))).toBe("EMAIL_TAKEN");
  });

  it("invitations expire", async () => {
    const admin = await f.admin();
    const { inviteToken } = await f.auth.createUser(admin, { email: "late@example.com", displayName: "Late", roleIds: [], password: "", locale: "", timeZone: "" });
    f.clock.now = new Date(f.clock.now.getTime() + 3601_000);
    expect(await rejection(f.auth.acceptInvite(f.anonymous, { inviteToken: inviteToken ?? "", password: "late-password-12" }))).toBe("INVITE_INVALID");
  });

  it("lists with a cursor and refuses a token from another query", async () => {
    const admin = await f.admin();
    for (let i = 0; i < 5; i++) await f.auth.createUser(admin, { email: `u${i}@example.com`, displayName: `User ${i}`, roleIds: [], password: "", locale: "", timeZone: "" });
    const first = await f.auth.listUsers(admin, { pageSize: 4, pageToken: "", query: "", includeDisabled: false });
    expect(first.users.map((u) => u.email)).toEqual(["admin@example.com", "u0@example.com", "u1@example.com", "u2@example.com"]);
    const second = await f.auth.listUsers(admin, { pageSize: 4, pageToken: first.nextPageToken, query: "", includeDisabled: false });
    expect(second.users.map((u) => u.email)).toEqual(["u3@example.com", "u4@example.com"]);
    expect(second.nextPageToken).toBe("");
    expect(await rejection(f.auth.listUsers(admin, { pageSize: 4, pageToken: first.nextPageToken, query: "u", includeDisabled: false }))).toBe("INVALID_PAGE_TOKEN");
    const search = await f.auth.listUsers(admin, { pageSize: 0, pageToken: "", query: "USER 3", includeDisabled: false });
    expect(search.users.map((u) => u.email)).toEqual(["u3@example.com"]);
  });

  it("optimistic concurrency: a stale version is refused and nothing changes", async () => {
    const admin = await f.admin();
    const { user } = await f.auth.createUser(admin, { email: "v@example.com", displayName: "V", roleIds: [], password: "", locale: "", timeZone: "" });
    const updated = await f.auth.updateUser(admin, { userId: user.id, version: user.version, displayName: "V2" });
    expect(updated.version).toBe(user.version + 1);
    expect(await rejection(f.auth.updateUser(admin, { userId: user.id, version: user.version, displayName: "V3" }))).toBe("STALE_VERSION");
    expect((await f.auth.getUser(admin, user.id)).displayName).toBe("V2");
  });

  it("refuses an unknown time zone or user", async () => {
    const admin = await f.admin();
    expect(await rejection(f.auth.updateProfile(admin, { displayName: "A", locale: "de", timeZone: "Mars/Base" }))).toBe("INVALID_TIME_ZONE");
    expect(await rejection(f.auth.getUser(admin, "00000000-0000-0000-0000-000000000000"))).toBe("USER_NOT_FOUND");
  });

  it("disabling ends sessions and API keys at once", async () => {
    const admin = await f.admin();
    await f.auth.createUser(admin, { email: "w@example.com", displayName: "W", roleIds: [await roleId("warehouse")], password: "warehouse-pass-1", locale: "", timeZone: "" });
    const warehouse = await f.signIn("w@example.com", "warehouse-pass-1");
    const { secret } = await f.auth.createApiKey(warehouse, { name: "scanner", permissions: ["scanning.use"], expiresAt: undefined });
    await f.auth.setUserDisabled(admin, warehouse.principal?.userId ?? "", true);
    expect(await rejection(f.auth.authenticate(warehouse.accessToken))).toBe("TOKEN_INVALID");
    expect(await rejection(f.auth.authenticate(secret))).toBe("API_KEY_INVALID");
    expect(await rejection(f.auth.refresh(f.anonymous, warehouse.refreshToken))).toBe("REFRESH_TOKEN_INVALID");
  });

  it("changing the password signs out every other session", async () => {
    const admin = await f.admin();
    const other = await f.signIn(adminEmail, adminPassword);
    expect(await rejection(f.auth.changePassword(admin, { currentPassword: "wrong", newPassword: "a-brand-new-password" }))).toBe("WRONG_PASSWORD");
    const fresh = await f.auth.changePassword(admin, { currentPassword: adminPassword, newPassword: "a-brand-new-password" });
    expect(await rejection(f.auth.authenticate(other.accessToken))).toBe("TOKEN_INVALID");
    expect((await f.auth.authenticate(fresh.accessToken)).userId).toBe(admin.principal?.userId);
    expect(await rejection(f.auth.login(f.anonymous, { email: adminEmail, password: adminPassword }))).toBe("INVALID_CREDENTIALS");
  });
});

describe("the last administrator", () => {
  it("cannot disable themselves, and the last one cannot lose the role", async () => {
    const admin = await f.admin();
    const adminId = admin.principal?.userId ?? "";
    expect(await rejection(f.auth.setUserDisabled(admin, adminId, true))).toBe("CANNOT_DISABLE_SELF");
    const me = await f.auth.getUser(admin, adminId);
    expect(await rejection(f.auth.updateUser(admin, { userId: adminId, version: me.version, roleIds: [await roleId("manager")] }))).toBe("LAST_ADMIN");
    expect((await f.auth.getUser(admin, adminId)).roleIds).toEqual([await roleId("admin")]);
  });

  it("two admins disabling each other at once: exactly one succeeds", async () => {
    const admin = await f.admin();
    await f.auth.createUser(admin, { email: "admin2@example.com", displayName: "Admin 2", roleIds: [await roleId("admin")], password: "second-admin-pass", locale: "", timeZone: "" });
    const second = await f.signIn("admin2@example.com", "second-admin-pass");
    const results = await Promise.allSettled([
      f.auth.setUserDisabled(admin, second.principal?.userId ?? "", true),
      f.auth.setUserDisabled(second, admin.principal?.userId ?? "", true),
    ]);
    const outcomes = results.map((r) => (r.status === "fulfilled" ? "ok" : (r.reason as { code: string }).code)).sort();
    // Whoever goes second either finds itself disabled (its principal was built before) or is the last admin.
    expect(outcomes[0]).toBe("LAST_ADMIN");
    expect(outcomes[1]).toBe("ok");
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM app_user WHERE disabled_at IS NULL`.execute(f.database.db);
    expect(rows[0]?.n).toBe(1);
  });
});

describe("roles", () => {
  it("no one grants what they do not hold, not even to their own role", async () => {
    const admin = await f.admin();
    const delegate = await f.auth.createRole(admin, { name: "Role keeper", description: "", permissions: ["roles.manage", "roles.read", "users.read"] });
    await f.auth.createUser(admin, { email: "keeper@example.com", displayName: "Keeper", roleIds: [delegate.id], password: "keeper-password-1", locale: "", timeZone: "" });
    const keeper = await f.signIn("keeper@example.com", "keeper-password-1");
    const escalate = f.auth.updateRole(keeper, { roleId: delegate.id, version: delegate.version, name: delegate.name, description: "", permissions: [...delegate.permissions, "users.manage"] });
    expect(await rejection(escalate)).toBe("PERMISSION_NOT_HELD");
    expect(await rejection(f.auth.createRole(keeper, { name: "Bigger", description: "", permissions: ["audit.read"] }))).toBe("PERMISSION_NOT_HELD");
    expect((await f.auth.listRoles(keeper)).find((r) => r.id === delegate.id)?.permissions).toEqual(["roles.manage", "roles.read", "users.read"]);
    const sub = await f.auth.createRole(keeper, { name: "Viewer", description: "", permissions: ["users.read"] });
    expect(sub.permissions).toEqual(["users.read"]);
  });

  it("refuses unknown permissions, duplicate names, built-in changes and deleting a role in use", async () => {
    const admin = await f.admin();
    expect(await rejection(f.auth.createRole(admin, { name: "X", description: "", permissions: ["users.fly"] }))).toBe("UNKNOWN_PERMISSION");
    const role = await f.auth.createRole(admin, { name: "Lighting crew", description: "", permissions: ["crew.self"] });
    expect(await rejection(f.auth.createRole(admin, { name: "LIGHTING CREW", description: "", permissions: [] }))).toBe("ROLE_NAME_TAKEN");
    const builtIn = await roleId("planner");
    expect(await rejection(f.auth.updateRole(admin, { roleId: builtIn, version: 1, name: "Planner", description: "", permissions: [] }))).toBe("BUILT_IN_ROLE_IMMUTABLE");
    expect(await rejection(f.auth.deleteRole(admin, builtIn))).toBe("BUILT_IN_ROLE_IMMUTABLE");
    await f.auth.createUser(admin, { email: "l@example.com", displayName: "L", roleIds: [role.id], password: "", locale: "", timeZone: "" });
    expect(await rejection(f.auth.deleteRole(admin, role.id))).toBe("ROLE_IN_USE");
    expect(await rejection(f.auth.updateRole(admin, { roleId: role.id, version: role.version + 5, name: "Y", description: "", permissions: [] }))).toBe("STALE_VERSION");
  });

  it("a crew member cannot manage users, and nothing is written", async () => {
    const admin = await f.admin();
    await f.auth.createUser(admin, { email: "c@example.com", displayName: "C", roleIds: [await roleId("crew")], password: "crew-password-12", locale: "", timeZone: "" });
    const crew = await f.signIn("c@example.com", "crew-password-12");
    const before = await countRows("app_user");
    expect(await rejection(f.auth.createUser(crew, { email: "x@example.com", displayName: "X", roleIds: [], password: "", locale: "", timeZone: "" }))).toBe("PERMISSION_DENIED");
    expect(await countRows("app_user")).toBe(before);
  });
});

describe("API keys", () => {
  it("are shown once, never broader than their owner, and stop when revoked", async () => {
    const admin = await f.admin();
    await f.auth.createUser(admin, { email: "s@example.com", displayName: "S", roleIds: [await roleId("sales")], password: "sales-password-1", locale: "", timeZone: "" });
    const sales = await f.signIn("s@example.com", "sales-password-1");
    expect(await rejection(f.auth.createApiKey(sales, { name: "too much", permissions: ["users.manage"], expiresAt: undefined }))).toBe("PERMISSION_NOT_HELD");
    const { apiKey, secret } = await f.auth.createApiKey(sales, { name: "crm sync", permissions: ["crm.read", "crm.manage"], expiresAt: undefined });
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    const viaKey = await f.auth.authenticate(secret);
    expect([...viaKey.permissions].sort()).toEqual(["crm.manage", "crm.read"]);
    expect(viaKey.apiKeyId).toBe(apiKey.id);
    expect(await rejection(f.auth.createApiKey({ principal: viaKey, clientAddress: "x" }, { name: "child", permissions: [], expiresAt: undefined }))).toBe("PERMISSION_DENIED");
    // The owner loses crm.manage: so does the key, at once.
    const me = await f.auth.getUser(admin, sales.principal?.userId ?? "");
    const limited = await f.auth.createRole(admin, { name: "CRM viewer", description: "", permissions: ["crm.read", "api_keys.own"] });
    await f.auth.updateUser(admin, { userId: me.id, version: me.version, roleIds: [limited.id] });
    expect([...(await f.auth.authenticate(secret)).permissions]).toEqual(["crm.read"]);
    await f.auth.revokeApiKey(sales, apiKey.id);
    expect(await rejection(f.auth.authenticate(secret))).toBe("API_KEY_REVOKED");
    expect(await rejection(f.auth.authenticate("ek_unknown"))).toBe("API_KEY_INVALID");
    expect((await f.auth.listApiKeys(sales, false)).length).toBe(0);
    expect((await f.auth.listApiKeys(sales, true)).length).toBe(1);
    const { rows } = await sql<{ secretHash: string }>`SELECT secret_hash FROM api_key`.execute(f.database.db);
    expect(rows[0]?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.secretHash).not.toContain(secret.slice(3));
  });

  it("expire, and someone else's key is not found", async () => {
    const admin = await f.admin();
    const soon = new Date(f.clock.now.getTime() + 60_000);
    const { apiKey, secret } = await f.auth.createApiKey(admin, { name: "short", permissions: [], expiresAt: soon });
    expect(await rejection(f.auth.createApiKey(admin, { name: "past", permissions: [], expiresAt: new Date(0) }))).toBe("INVALID_EXPIRY");
    f.clock.now = new Date(soon.getTime() + 1);
    expect(await rejection(f.auth.authenticate(secret))).toBe("API_KEY_EXPIRED");
    await f.auth.createUser(admin, { email: "p2@example.com", displayName: "P", roleIds: [await roleId("planner")], password: "planner-password-2", locale: "", timeZone: "" });
    f.clock.now = new Date();
    const planner = await f.signIn("p2@example.com", "planner-password-2");
    expect(await rejection(f.auth.revokeApiKey(planner, apiKey.id))).toBe("API_KEY_NOT_FOUND");
  });
});

describe("audit log", () => {
  it("is append-only in the database itself", async () => {
    await f.admin();
    expect(await countRows("audit_event")).toBeGreaterThan(0);
    await expect(sql`UPDATE audit_event SET action = 'x'`.execute(f.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_event`.execute(f.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_event`.execute(f.database.db)).rejects.toThrow(/append-only/);
  });

  it("lists newest first, filtered and paged", async () => {
    const admin = await f.admin();
    for (let i = 0; i < 3; i++) await rejection(f.auth.login(f.anonymous, { email: `nobody${i}@example.com`, password: "x" }));
    const page1 = await f.auth.listAuditEvents(admin, { pageSize: 2, pageToken: "", actionPrefix: "auth.login", actorUserId: "" });
    expect(page1.events.map((e) => e.action)).toEqual(["auth.login.failed", "auth.login.failed"]);
    const page2 = await f.auth.listAuditEvents(admin, { pageSize: 2, pageToken: page1.nextPageToken, actionPrefix: "auth.login", actorUserId: "" });
    expect(page2.events.map((e) => e.action)).toEqual(["auth.login.failed", "auth.login.succeeded"]);
    expect(page2.events[0]?.details).toMatchObject({ email: "nobody0@example.com", reason: "INVALID_CREDENTIALS" });
    expect(page2.events[0]?.clientAddress).toBe("192.0.2.1");
  });
});
