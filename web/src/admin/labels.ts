import type { Permission, Role } from "@eventkit/api/eventkit/v1/auth_pb.js";
import type { TFunction } from "i18next";

/** Built-in roles are named by their key in the user's language; custom roles by their name. */
export function roleLabel(t: TFunction, role: Pick<Role, "builtIn" | "key" | "name">): string {
  return role.builtIn && role.key ? t(`roleNames.${role.key}`, { defaultValue: role.name }) : role.name;
}

/** Permissions are translated by name; the server's English description is the fallback. */
export function permissionLabel(t: TFunction, permission: Pick<Permission, "name" | "description">): string {
  return t(`permissionNames.${permission.name}`, { defaultValue: permission.description || permission.name });
}

export function areaLabel(t: TFunction, area: string): string {
  return t(`permissionAreas.${area}`, { defaultValue: area });
}

/** Permissions grouped by area, areas and permissions in catalogue order. */
export function groupByArea(permissions: readonly Permission[]): [string, Permission[]][] {
  const groups = new Map<string, Permission[]>();
  for (const permission of permissions) {
    const area = permission.area || permission.name.split(".")[0] || "";
    const group = groups.get(area);
    if (group) group.push(permission);
    else groups.set(area, [permission]);
  }
  return [...groups];
}

export function roleDescription(t: TFunction, role: Pick<Role, "builtIn" | "key" | "description">): string {
  return role.builtIn && role.key ? t(`roleDescriptions.${role.key}`, { defaultValue: role.description }) : role.description;
}

/** A readable name for an audit action code, when one is known. */
export function auditActionLabel(t: TFunction, action: string): string | undefined {
  // A prefix such as "auth.login" resolves to an object, which is not a label.
  const value: unknown = t(`auditActions.${action}`, { returnObjects: true, defaultValue: "" });
  return typeof value === "string" && value !== "" ? value : undefined;
}
