import { skipToken, useQuery } from "@connectrpc/connect-query";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { InventoryService, type Category, type Location } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { TreeNodeData } from "@mantine/core";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useCan } from "../auth/current-user.js";

/** Separator between the levels of a location or category path. */
export const pathSeparator = " / ";

export interface LocationLookup {
  locations: readonly Location[];
  byId: ReadonlyMap<string, Location>;
  /** "Berlin / Zone A / Shelf 3", or undefined for an unknown id. */
  pathOf: (id: string) => string | undefined;
  /** Select options (active locations only, depth-first), labelled by path. */
  options: { value: string; label: string }[];
  isPending: boolean;
  error: unknown;
}

export function locationPath(byId: ReadonlyMap<string, Location>, id: string): string | undefined {
  const names: string[] = [];
  const seen = new Set<string>();
  let current = byId.get(id);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    names.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return names.length > 0 ? names.join(pathSeparator) : undefined;
}

/** All locations (a company has tens to a few hundred), with path labels. */
export function useLocations(): LocationLookup {
  const query = useQuery(InventoryService.method.listLocations, { includeArchived: true });
  return useMemo(() => {
    const locations = query.data?.locations ?? [];
    const byId = new Map(locations.map((location) => [location.id, location]));
    return {
      locations,
      byId,
      pathOf: (id: string) => locationPath(byId, id),
      options: locations
        .filter((location) => !location.archived)
        .map((location) => ({ value: location.id, label: locationPath(byId, location.id) ?? location.name })),
      isPending: query.isPending,
      error: query.error,
    };
  }, [query.data, query.isPending, query.error]);
}

export interface CategoryLookup {
  categories: readonly Category[];
  byId: ReadonlyMap<string, Category>;
  pathOf: (id: string) => string | undefined;
  /** The tree for a TreeSelect. */
  tree: TreeNodeData[];
  isPending: boolean;
  error: unknown;
}

/** Builds a tree from a depth-first list with parent ids. */
export function categoryTree(categories: readonly Category[]): TreeNodeData[] {
  const roots: TreeNodeData[] = [];
  const nodes = new Map<string, TreeNodeData & { children: TreeNodeData[] }>();
  for (const category of categories) nodes.set(category.id, { value: category.id, label: category.name, children: [] });
  for (const category of categories) {
    const node = nodes.get(category.id);
    if (!node) continue;
    const parent = category.parentId ? nodes.get(category.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const prune = (list: TreeNodeData[]): TreeNodeData[] =>
    list.map((node) =>
      node.children && node.children.length > 0 ? { ...node, children: prune(node.children) } : { value: node.value, label: node.label },
    );
  return prune(roots);
}

export function useCategories(): CategoryLookup {
  const query = useQuery(InventoryService.method.listCategories, {});
  return useMemo(() => {
    const categories = query.data?.categories ?? [];
    const byId = new Map(categories.map((category) => [category.id, category]));
    return {
      categories,
      byId,
      pathOf: (id: string) => {
        const category = byId.get(id);
        if (!category) return undefined;
        return (category.path.length > 0 ? category.path : [category.name]).join(pathSeparator);
      },
      tree: categoryTree(categories),
      isPending: query.isPending,
      error: query.error,
    };
  }, [query.data, query.isPending, query.error]);
}

function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}

/** Names of users (who changed what), when the viewer may read users; else a short id. */
export function useUserNames(): (t: TFunction, userId: string) => string {
  const canReadUsers = useCan("users.read");
  const users = useQuery(AuthService.method.listUsers, canReadUsers ? { pageSize: 500, includeDisabled: true } : skipToken);
  return useMemo(() => {
    const byId = new Map((users.data?.users ?? []).map((user) => [user.id, user.displayName || user.email]));
    return (t: TFunction, userId: string) => (userId ? (byId.get(userId) ?? shortId(userId)) : t("inventory.system"));
  }, [users.data]);
}
