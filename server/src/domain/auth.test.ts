import fc from "fast-check";
import { describe, expect, it } from "vitest";
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
} from "./auth.js";
import { AuthError } from "./auth.errors.js";

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof AuthError ? error.code : "not an AuthError";
  }
}

describe("permission catalogue and built-in roles", () => {
  it("has unique names of the form area.action", () => {
    const names = permissionCatalogue.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of permissionCatalogue) expect(p.name).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });

  it("gives the seed's seven roles only known permissions, and admin all of them", () => {
    expect(builtInRoles.map((r) => r.key)).toEqual(["admin", "manager", "planner", "warehouse", "sales", "crew", "readonly"]);
    for (const role of builtInRoles) expect(() => { assertKnownPermissions(role.permissions); }).not.toThrow();
    const admin = builtInRoles.find((r) => r.key === "admin");
    expect(new Set(admin?.permissions)).toEqual(new Set(permissionCatalogue.map((p) => p.name)));
  });

  it.each([
    ["readonly", "planning.manage", false],
    ["readonly", "reports.read", true],
    ["crew", "users.read", false],
    ["crew", "crew.self", true],
    ["warehouse", "scanning.use", true],
    ["warehouse", "quotes.manage", false],
    ["sales", "quotes.manage", true],
    ["planner", "planning.manage", true],
    ["manager", "users.manage", false],
    ["manager", "quotes.approve", true],
  ])("%s holds %s: %s", (key, permission, expected) => {
    expect(builtInRoles.find((r) => r.key === key)?.permissions.includes(permission)).toBe(expected);
  });
});

describe("assertHolds", () => {
  it.each([
    [["a.b", "c.d"], ["a.b"], undefined],
    [["a.b"], [], undefined],
    [["a.b"], ["a.b", "c.d"], "PERMISSION_NOT_HELD"],
    [[], ["x.y"], "PERMISSION_NOT_HELD"],
  ])("actor %j granting %j → %s", (actor, granted, expected) => {
    expect(codeOf(() => { assertHolds(new Set(actor), granted); })).toBe(expected);
  });

  it("names exactly the missing permissions", () => {
    try {
      assertHolds(new Set(["a.b"]), ["c.d", "a.b", "e.f", "c.d"]);
      expect.unreachable();
    } catch (error) {
      expect((error as AuthError).metadata).toEqual({ permissions: "c.d,e.f" });
    }
  });
});

describe("apiKeyPermissions", () => {
  it("never exceeds the owner", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...permissionCatalogue.map((p) => p.name))), fc.array(fc.constantFrom(...permissionCatalogue.map((p) => p.name))), (owner, key) => {
        const effective = apiKeyPermissions(new Set(owner), key);
        for (const p of effective) expect(owner).toContain(p);
        if (key.length === 0) expect(effective).toEqual(new Set(owner));
        else for (const p of effective) expect(key).toContain(p);
      }),
    );
  });
});

describe("judgeRefreshToken", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  const later = new Date("2026-12-01T00:00:00Z");
  const earlier = new Date("2026-11-20T00:00:00Z");
  it.each([
    [{ expiresAt: later, rotatedAt: null, revokedAt: null, userDisabled: false }, "rotate"],
    [{ expiresAt: later, rotatedAt: earlier, revokedAt: null, userDisabled: false }, "reused"],
    [{ expiresAt: later, rotatedAt: earlier, revokedAt: earlier, userDisabled: false }, "reused"],
    [{ expiresAt: later, rotatedAt: null, revokedAt: earlier, userDisabled: false }, "revoked"],
    [{ expiresAt: earlier, rotatedAt: null, revokedAt: null, userDisabled: false }, "expired"],
    [{ expiresAt: now, rotatedAt: null, revokedAt: null, userDisabled: false }, "expired"],
    [{ expiresAt: later, rotatedAt: null, revokedAt: null, userDisabled: true }, "disabled"],
  ])("%j → %s", (state, verdict) => {
    expect(judgeRefreshToken(state, now)).toBe(verdict);
  });
});

describe("small rules", () => {
  it("normalizes emails", () => { expect(normalizeEmail("  Ada@Example.COM ")).toBe("ada@example.com"); });
  it.each([
    ["Europe/Berlin", true],
    ["Asia/Riyadh", true],
    ["UTC", true],
    ["Mars/Olympus", false],
    ["", false],
  ])("time zone %s valid: %s", (tz, ok) => { expect(isValidTimeZone(tz)).toBe(ok); });
  it("refuses to leave no administrator", () => {
    expect(codeOf(() => { assertAdminsRemain(0); })).toBe("LAST_ADMIN");
    expect(codeOf(() => { assertAdminsRemain(1); })).toBeUndefined();
  });
  it("rejects unknown permissions", () => { expect(codeOf(() => { assertKnownPermissions(["users.read", "users.fly"]); })).toBe("UNKNOWN_PERMISSION"); });
});
