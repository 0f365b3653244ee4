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
}

export const navItems: readonly NavItem[] = [
  { path: paths.home, label: "nav.home" },
  { path: paths.users, label: "nav.users", permission: "users.read" },
  { path: paths.roles, label: "nav.roles", permission: "roles.read" },
  { path: paths.audit, label: "nav.audit", permission: "audit.read" },
];

export function visibleNavItems(permissions: readonly string[]): NavItem[] {
  return navItems.filter((item) => item.permission === undefined || permissions.includes(item.permission));
}
