import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { newPrincipal, newTokens } from "../test/factories.js";
import { renderApp } from "../test/render.js";
import { visibleNavItems } from "./paths.js";

function renderSignedIn(permissions: string[], path = "/") {
  return renderApp({
    path,
    routes: ({ service }) =>
      service(AuthService, {
        getCurrentUser: () => ({ principal: newPrincipal(permissions) }),
        listUsers: () => ({ users: [] }),
        listRoles: () => ({ roles: [] }),
      }),
    before: (services) => { services.session.signIn(newTokens()); },
  });
}

async function navLabels(): Promise<string[]> {
  const nav = await screen.findByRole("navigation", { name: "Main navigation" });
  return within(nav)
    .getAllByRole("link")
    .map((link) => link.textContent);
}

describe("navigation", () => {
  it.each([
    { permissions: [], expected: ["nav.home"] },
    { permissions: ["users.read", "audit.read"], expected: ["nav.home", "nav.users", "nav.audit"] },
    { permissions: ["roles.read", "users.manage"], expected: ["nav.home", "nav.roles"] },
  ])("shows links for $permissions", ({ permissions, expected }) => {
    expect(visibleNavItems(permissions).map((item) => item.label)).toEqual(expected);
  });

  it("hides admin links without permissions", async () => {
    renderSignedIn(["api_keys.own"]);
    expect(await navLabels()).toEqual(["Home"]);
  });

  it("shows admin links for the permissions held", async () => {
    renderSignedIn(["users.read", "roles.read", "audit.read"]);
    expect(await navLabels()).toEqual(["Home", "Users", "Roles", "Audit log"]);
  });

  it("refuses an admin page opened by address without the permission", async () => {
    renderSignedIn([], "/admin/users");
    expect(await screen.findByRole("heading", { name: "No access" })).toBeTruthy();
  });

  it("opens the users page with users.read", async () => {
    renderSignedIn(["users.read"], "/admin/users");
    expect(await screen.findByRole("heading", { name: "Users" })).toBeTruthy();
    expect(await screen.findByText("No users yet")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Add user" })).toBeNull();
  });
});
