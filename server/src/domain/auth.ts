// Pure rules of authentication and authorisation: the permission catalogue,
// the built-in roles, who may grant what, and refresh-token rotation.
import { AuthError } from "./auth.errors.js";

export interface PermissionInfo {
  name: string;
  area: string;
  description: string;
}

function p(name: string, description: string): PermissionInfo {
  return { name, area: name.slice(0, name.indexOf(".")), description };
}

/** Every permission a role can hold. RPCs name one of these in their `access` option. */
export const permissionCatalogue: readonly PermissionInfo[] = [
  p("users.read", "See users and their roles"),
  p("users.manage", "Create, invite, edit and disable users"),
  p("roles.read", "See roles and their permissions"),
  p("roles.manage", "Create, edit and delete custom roles"),
  p("audit.read", "Read the security audit log"),
  p("api_keys.own", "Create and revoke own API keys"),
  p("settings.manage", "Change instance settings"),
  p("federation.manage", "Manage federation partners and trust"),
  p("inventory.read", "See products, assets, stock, cases and kits"),
  p("inventory.manage", "Edit the catalogue, assets, cases and kits"),
  p("stock.manage", "Receive, write off, adjust and transfer stock"),
  p("maintenance.manage", "Report damage, record repairs and inspections"),
  p("planning.read", "See events, projects and pull lists"),
  p("planning.manage", "Create and edit events and pull lists"),
  p("scanning.read", "See scanning sessions, their progress and reports"),
  p("scanning.use", "Check equipment out and in, pack cases, count stock"),
  p("scanning.override", "Accept a scan the rules would refuse"),
  p("crew.read", "See crew, assignments and availability"),
  p("crew.manage", "Manage crew, assignments and timesheets"),
  p("crew.self", "See own assignments, update own availability and timesheets"),
  p("transport.read", "See vehicles and loads"),
  p("transport.manage", "Manage vehicles, loads and dispatch"),
  p("crm.read", "See companies, contacts and deals"),
  p("crm.manage", "Edit companies, contacts and deals"),
  p("quotes.read", "See quotes"),
  p("quotes.manage", "Create, edit and send quotes"),
  p("quotes.approve", "Approve quotes and purchases"),
  p("reports.read", "See dashboards and reports"),
  p("data.export", "Export data"),
];

const known = new Set(permissionCatalogue.map((perm) => perm.name));
const all = permissionCatalogue.map((perm) => perm.name);
const readOnly = all.filter((name) => name.endsWith(".read") && !["audit.read", "users.read", "roles.read"].includes(name));

export type BuiltInRoleKey = "admin" | "manager" | "planner" | "warehouse" | "sales" | "crew" | "readonly";

export interface BuiltInRole {
  key: BuiltInRoleKey;
  name: string;
  description: string;
  permissions: readonly string[];
}

/** The seed's seven roles. Their permissions are re-synced at every start. */
export const builtInRoles: readonly BuiltInRole[] = [
  { key: "admin", name: "Admin", description: "Full system access, user management, federation management, settings", permissions: all },
  {
    key: "manager",
    name: "Manager",
    description: "All operational features, reporting, approve quotes and purchases",
    permissions: all.filter((name) => !["users.manage", "roles.manage", "settings.manage", "federation.manage", "audit.read"].includes(name)),
  },
  {
    key: "planner",
    name: "Planner",
    description: "Create and edit events, manage pull lists, assign crew",
    permissions: [...readOnly, "api_keys.own", "planning.manage", "crew.manage", "transport.manage"],
  },
  {
    key: "warehouse",
    name: "Warehouse",
    description: "Scan in and out, manage stock, stocktakes, maintenance",
    permissions: ["api_keys.own", "inventory.read", "inventory.manage", "stock.manage", "maintenance.manage", "planning.read", "scanning.read", "scanning.use", "transport.read"],
  },
  {
    key: "sales",
    name: "Sales",
    description: "CRM access, create and send quotes, manage the pipeline",
    permissions: ["api_keys.own", "inventory.read", "planning.read", "crm.read", "crm.manage", "quotes.read", "quotes.manage", "reports.read"],
  },
  { key: "crew", name: "Crew", description: "View assigned events, update availability, timesheets", permissions: ["crew.self"] },
  { key: "readonly", name: "Read-only", description: "View dashboards and reports, no edit capabilities", permissions: readOnly },
];

export function isKnownPermission(name: string): boolean {
  return known.has(name);
}

export function assertKnownPermissions(names: readonly string[]): void {
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new AuthError("UNKNOWN_PERMISSION", `unknown permission: ${unknown.join(", ")}`, { permissions: unknown.join(",") });
  }
}

/**
 * No one grants what they do not hold: every permission in `granted` must be
 * among the actor's. Also guards acting on a more powerful user.
 */
export function assertHolds(actor: ReadonlySet<string>, granted: Iterable<string>): void {
  const missing = [...new Set(granted)].filter((name) => !actor.has(name)).sort();
  if (missing.length > 0) {
    throw new AuthError("PERMISSION_NOT_HELD", `you do not hold: ${missing.join(", ")}`, { permissions: missing.join(",") });
  }
}

/** An API key never exceeds its owner: its own list (empty = all) intersected with the owner's current permissions. */
export function apiKeyPermissions(owner: ReadonlySet<string>, key: readonly string[]): Set<string> {
  return key.length === 0 ? new Set(owner) : new Set(key.filter((name) => owner.has(name)));
}

export function unionOfRoles(roles: readonly { permissions: readonly string[] }[]): Set<string> {
  return new Set(roles.flatMap((role) => role.permissions));
}

/** Emails are compared case-insensitively and without surrounding blanks. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

export interface RefreshTokenState {
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
  userDisabled: boolean;
}

/**
 * What presenting a refresh token means. A token already rotated (or revoked
 * by a reuse) is a replay: the caller must revoke the whole family.
 */
export function judgeRefreshToken(token: RefreshTokenState, now: Date): "rotate" | "reused" | "expired" | "revoked" | "disabled" {
  if (token.rotatedAt !== null) return "reused";
  if (token.revokedAt !== null) return "revoked";
  if (token.expiresAt.getTime() <= now.getTime()) return "expired";
  if (token.userDisabled) return "disabled";
  return "rotate";
}

/** The last active administrator may not lose the role or be disabled. */
export function assertAdminsRemain(activeAdminsAfter: number): void {
  if (activeAdminsAfter < 1) {
    throw new AuthError("LAST_ADMIN", "this would leave the instance without an active administrator");
  }
}

/** Who is calling: a signed-in user, possibly through one of its API keys. */
export interface Principal {
  userId: string;
  apiKeyId: string | undefined;
  permissions: ReadonlySet<string>;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  roleIds: string[];
  locale: string;
  timeZone: string;
  disabled: boolean;
  invitationPending: boolean;
  createdAt: Date;
  version: number;
}

export interface Role {
  id: string;
  key: string | null;
  name: string;
  description: string;
  permissions: string[];
  builtIn: boolean;
  version: number;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  ownerUserId: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface AuditEvent {
  id: string;
  occurredAt: Date;
  action: string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  clientAddress: string | null;
  details: Record<string, string>;
}

export interface TokenPair {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}
