import { create } from "@bufbuild/protobuf";
import { PermissionSchema, RoleSchema } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { describe, expect, it } from "vitest";
import { createI18n } from "../i18n/i18n.js";
import { auditActionLabel, groupByArea, permissionLabel, roleLabel } from "./labels.js";

describe("labels", () => {
  const de = createI18n("de").t;

  it("translates built-in roles by key and keeps custom role names", () => {
    expect(roleLabel(de, create(RoleSchema, { builtIn: true, key: "planner", name: "Planner" }))).toBe("Planung");
    expect(roleLabel(de, create(RoleSchema, { builtIn: false, key: "", name: "Lichttechnik" }))).toBe("Lichttechnik");
    expect(roleLabel(de, create(RoleSchema, { builtIn: true, key: "future", name: "Future" }))).toBe("Future");
  });

  it("translates permissions by name, falling back to the server's description", () => {
    expect(permissionLabel(de, { name: "users.manage", description: "x" })).toBe(
      "Benutzer anlegen, einladen, bearbeiten und deaktivieren",
    );
    expect(permissionLabel(de, { name: "brand.new", description: "Brand new" })).toBe("Brand new");
  });

  it.each([
    ["auth.login.failed", "Anmeldung fehlgeschlagen"],
    ["auth.logout", "Abgemeldet"],
    ["auth.login", undefined],
    ["something.else", undefined],
  ])("audit action %s → %s", (action, expected) => {
    expect(auditActionLabel(de, action)).toBe(expected);
  });

  it("groups permissions by area in catalogue order", () => {
    const permissions = ["users.read", "roles.read", "users.manage"].map((name) =>
      create(PermissionSchema, { name, area: name.split(".")[0] ?? "" }),
    );
    expect(groupByArea(permissions).map(([area, group]) => [area, group.map((p) => p.name)])).toEqual([
      ["users", ["users.read", "users.manage"]],
      ["roles", ["roles.read"]],
    ]);
  });
});
