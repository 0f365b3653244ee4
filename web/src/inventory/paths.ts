// Addresses of the inventory screens. Ids are UUIDs, so they need no escaping.
export const inventoryPaths = {
  products: "/inventory/products",
  categories: "/inventory/categories",
  cases: "/inventory/cases",
  kits: "/inventory/kits",
  locations: "/inventory/locations",
  maintenance: "/inventory/maintenance",
  import: "/inventory/import",
  product: (id: string) => `/inventory/products/${id}`,
  asset: (id: string) => `/inventory/assets/${id}`,
  case: (id: string) => `/inventory/cases/${id}`,
  kit: (id: string) => `/inventory/kits/${id}`,
} as const;

export type InventoryRoute =
  | { page: "products" | "categories" | "cases" | "kits" | "locations" | "maintenance" | "import" }
  | { page: "product" | "asset" | "case" | "kit"; id: string };

const listPages = {
  "/inventory/products": "products",
  "/inventory/categories": "categories",
  "/inventory/cases": "cases",
  "/inventory/kits": "kits",
  "/inventory/locations": "locations",
  "/inventory/maintenance": "maintenance",
  "/inventory/import": "import",
} as const;

const detailPages = { products: "product", assets: "asset", cases: "case", kits: "kit" } as const;

/** The inventory screen an address leads to, or undefined when it is not one. */
export function matchInventoryRoute(pathname: string): InventoryRoute | undefined {
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  if (Object.hasOwn(listPages, path)) return { page: listPages[path as keyof typeof listPages] };
  const match = /^\/inventory\/(products|assets|cases|kits)\/([0-9a-fA-F-]{36})$/.exec(path);
  if (!match?.[1] || !match[2]) return undefined;
  return { page: detailPages[match[1] as keyof typeof detailPages], id: match[2].toLowerCase() };
}
