// Factories and a render helper for the inventory component tests.
import { create } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { MoneySchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import {
  AssetSchema,
  AssetStatus,
  DimensionsSchema,
  InventoryService,
  LocationKind,
  LocationSchema,
  ProductSchema,
  TrackingMode,
  type Asset,
  type Location,
  type Product,
} from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { ServiceImpl } from "@connectrpc/connect";
import type { LanguageCode } from "../i18n/languages.js";
import { newPrincipal, newTokens, newUser } from "../test/factories.js";
import { renderApp } from "../test/render.js";

// Mantine's autosizing Textarea listens to document.fonts, which happy-dom does not provide.
if (!("fonts" in document)) {
  Object.defineProperty(document, "fonts", { value: { addEventListener: () => undefined, removeEventListener: () => undefined } });
}

export const ids = {
  product: "0d3a5c1e-6b1f-4a59-9c1e-1f2a3b4c5d6e",
  otherProduct: "1e4b6d2f-7c2a-4b6a-8d2f-2a3b4c5d6e7f",
  warehouse: "2f5c7e3a-8d3b-4c7b-9e3a-3b4c5d6e7f80",
  shelf: "3a6d8f4b-9e4c-4d8c-8f4b-4c5d6e7f8091",
  asset: "4b7e9a5c-af5d-4e9d-9a5c-5d6e7f8091a2",
} as const;

export function newProduct(overrides: Partial<Omit<Product, "$typeName">> = {}): Product {
  return create(ProductSchema, {
    id: ids.product,
    code: "MH-SPOT",
    name: "Moving head spot",
    tracking: TrackingMode.SERIALIZED,
    dayRate: create(MoneySchema, { amountMinor: 4500n, currency: "EUR" }),
    replacementValue: create(MoneySchema, { amountMinor: 250000n, currency: "EUR" }),
    dimensions: create(DimensionsSchema, { weightGrams: 18500, lengthMm: 400, widthMm: 300, heightMm: 600 }),
    volumeCm3: 72000n,
    tags: ["lighting"],
    customFields: { Power: "650 W" },
    version: 3n,
    quantityOwned: 0,
    ...overrides,
  });
}

export function newLocation(overrides: Partial<Omit<Location, "$typeName">> = {}): Location {
  return create(LocationSchema, {
    id: ids.warehouse,
    name: "Berlin",
    code: "BER",
    kind: LocationKind.WAREHOUSE,
    warehouseId: ids.warehouse,
    version: 1n,
    ...overrides,
  });
}

export function newAsset(overrides: Partial<Omit<Asset, "$typeName">> = {}): Asset {
  return create(AssetSchema, {
    id: ids.asset,
    productId: ids.product,
    productName: "Moving head spot",
    tag: "MH-0001",
    status: AssetStatus.AVAILABLE,
    locationId: ids.warehouse,
    version: 1n,
    ...overrides,
  });
}

export const defaultLocations = [newLocation(), newLocation({ id: ids.shelf, name: "Shelf A", code: "BER-A", kind: LocationKind.SHELF, parentId: ids.warehouse })];

/** Lookups every inventory screen makes, answered with small defaults; `overrides` replace them. */
export function inventoryHandlers(overrides: Partial<ServiceImpl<typeof InventoryService>> = {}): Partial<ServiceImpl<typeof InventoryService>> {
  return {
    listLocations: () => ({ locations: defaultLocations }),
    listCategories: () => ({ categories: [] }),
    listProducts: () => ({ products: [] }),
    listAssets: () => ({ assets: [] }),
    listStockMovements: () => ({ movements: [] }),
    listMaintenance: () => ({ records: [] }),
    listFiles: () => ({ files: [] }),
    ...overrides,
  };
}

/** The whole app at `path`, signed in with `permissions`, against an in-memory InventoryService. */
export function renderInventory({
  path,
  inventory,
  permissions = ["inventory.read", "inventory.manage", "stock.manage", "maintenance.manage"],
  language = "en",
}: {
  path: string;
  inventory?: Partial<ServiceImpl<typeof InventoryService>>;
  permissions?: string[];
  language?: LanguageCode;
}) {
  return renderApp({
    path,
    language,
    routes: (router: ConnectRouter) => {
      router.service(AuthService, { getCurrentUser: () => ({ principal: newPrincipal(permissions, newUser({ locale: language })) }) });
      router.service(InventoryService, inventoryHandlers(inventory));
    },
    before: (services) => { services.session.signIn(newTokens()); },
  });
}
