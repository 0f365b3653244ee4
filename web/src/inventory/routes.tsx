import type { ReactNode } from "react";
import { AssetPage } from "./asset-page.js";
import { CasePage } from "./case-page.js";
import { CaseListPage } from "./case-list-page.js";
import { CategoriesPage } from "./categories-page.js";
import { ImportPage } from "./import-page.js";
import { KitListPage, KitPage } from "./kits-page.js";
import { LocationsPage } from "./locations-page.js";
import { MaintenancePage } from "./maintenance-page.js";
import { matchInventoryRoute } from "./paths.js";
import { ProductListPage } from "./product-list-page.js";
import { ProductPage } from "./product-page.js";

export interface InventoryScreen {
  /** Permission needed to open it. */
  permission: string;
  element: ReactNode;
}

/** The inventory screen for an address, or undefined when the address is not one. */
export function inventoryScreen(pathname: string): InventoryScreen | undefined {
  const route = matchInventoryRoute(pathname);
  if (!route) return undefined;
  const read = "inventory.read";
  switch (route.page) {
    case "products":
      return { permission: read, element: <ProductListPage /> };
    case "categories":
      return { permission: read, element: <CategoriesPage /> };
    case "cases":
      return { permission: read, element: <CaseListPage /> };
    case "kits":
      return { permission: read, element: <KitListPage /> };
    case "locations":
      return { permission: read, element: <LocationsPage /> };
    case "maintenance":
      return { permission: read, element: <MaintenancePage /> };
    case "import":
      return { permission: "inventory.manage", element: <ImportPage /> };
    // Keyed by id so moving from one item to another starts with fresh state.
    case "product":
      return { permission: read, element: <ProductPage key={route.id} id={route.id} /> };
    case "asset":
      return { permission: read, element: <AssetPage key={route.id} id={route.id} /> };
    case "case":
      return { permission: read, element: <CasePage key={route.id} id={route.id} /> };
    case "kit":
      return { permission: read, element: <KitPage key={route.id} id={route.id} /> };
  }
}
