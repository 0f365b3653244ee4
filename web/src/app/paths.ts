import { crmPaths } from "../crm/paths.js";
import { inventoryPaths } from "../inventory/paths.js";
import { planningPaths } from "../planning/paths.js";

export const paths = {
  home: "/",
  users: "/admin/users",
  roles: "/admin/roles",
  audit: "/admin/audit",
  profile: "/profile",
  apiKeys: "/profile/api-keys",
  setup: "/setup",
  invite: "/invite",
} as const;

export interface NavItem {
  path: string;
  /** i18n key of the label. */
  label: string;
  /** Permission needed to see the link (and open the page). */
  permission?: string;
  /** i18n key of the group heading; shown above the group's first visible link. */
  group?: string;
}

export const navItems: readonly NavItem[] = [
  { path: paths.home, label: "nav.home" },
  { path: planningPaths.events, label: "planning.nav.events", permission: "planning.read", group: "planning.nav.group" },
  { path: planningPaths.calendar, label: "planning.nav.calendar", permission: "planning.read", group: "planning.nav.group" },
  { path: planningPaths.timeline, label: "planning.nav.timeline", permission: "planning.read", group: "planning.nav.group" },
  { path: planningPaths.availability, label: "planning.nav.availability", permission: "planning.read", group: "planning.nav.group" },
  { path: crmPaths.companies, label: "crm.nav.companies", permission: "crm.read", group: "crm.nav.group" },
  { path: crmPaths.pipeline, label: "crm.nav.pipeline", permission: "crm.read", group: "crm.nav.group" },
  { path: crmPaths.tasks, label: "crm.nav.tasks", permission: "crm.read", group: "crm.nav.group" },
  { path: inventoryPaths.products, label: "nav.products", permission: "inventory.read", group: "nav.inventory" },
  { path: inventoryPaths.cases, label: "nav.cases", permission: "inventory.read", group: "nav.inventory" },
  { path: inventoryPaths.kits, label: "nav.kits", permission: "inventory.read", group: "nav.inventory" },
  { path: inventoryPaths.locations, label: "nav.locations", permission: "inventory.read", group: "nav.inventory" },
  { path: inventoryPaths.maintenance, label: "nav.maintenance", permission: "inventory.read", group: "nav.inventory" },
  { path: inventoryPaths.import, label: "nav.import", permission: "inventory.manage", group: "nav.inventory" },
  { path: paths.users, label: "nav.users", permission: "users.read", group: "nav.admin" },
  { path: paths.roles, label: "nav.roles", permission: "roles.read", group: "nav.admin" },
  { path: paths.audit, label: "nav.audit", permission: "audit.read", group: "nav.admin" },
];

export function visibleNavItems(permissions: readonly string[]): NavItem[] {
  return navItems.filter((item) => item.permission === undefined || permissions.includes(item.permission));
}
