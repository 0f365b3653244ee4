// Domain types of the inventory: what services return and rpc converts.
import type { AssetStatus } from "./asset.js";

/** Money in integer minor units of an ISO 4217 currency. */
export interface Money {
  amountMinor: bigint;
  currency: string;
}

export type TrackingMode = "SERIALIZED" | "BULK" | "CONSUMABLE";
export type LocationKind = "WAREHOUSE" | "ZONE" | "SHELF" | "BIN";
export type CaseKind = "PERMANENT" | "TEMPORARY";
export type KitPricing = "AS_UNIT" | "PER_ITEM";
export type MaintenanceKind = "DAMAGE_REPORT" | "REPAIR" | "INSPECTION";
export type MaintenanceState = "OPEN" | "IN_PROGRESS" | "DONE" | "CANCELLED";
export type InspectionResult = "PASSED" | "FAILED";
export type StockMovementKind = "RECEIVE" | "WRITE_OFF" | "ADJUST" | "TRANSFER";

export interface Category {
  id: string;
  name: string;
  parentId: string | null;
  /** Names from the root down to this category. */
  path: string[];
  version: number;
}

export interface Location {
  id: string;
  name: string;
  code: string;
  kind: LocationKind;
  parentId: string | null;
  warehouseId: string;
  address: string;
  archived: boolean;
  version: number;
}

export interface Accessory {
  productId: string;
  quantity: number;
  charged: boolean;
  productName: string;
}

export interface Dimensions {
  weightGrams: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

export interface Product {
  id: string;
  code: string;
  name: string;
  description: string;
  categoryId: string | null;
  tracking: TrackingMode;
  dayRate: Money;
  replacementValue: Money;
  dimensions: Dimensions;
  volumeCm3: bigint;
  tags: string[];
  customFields: Record<string, string>;
  accessories: Accessory[];
  inspectionIntervalDays: number;
  archived: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Serialized: rentable units; bulk and consumable: total stock. */
  quantityOwned: number;
}

export interface Asset {
  id: string;
  productId: string;
  productName: string;
  tag: string;
  serialNumber: string;
  status: AssetStatus;
  locationId: string;
  caseId: string | null;
  /** ISO date "YYYY-MM-DD", or null. */
  purchaseDate: string | null;
  purchaseCost: Money;
  condition: string;
  notes: string;
  version: number;
  createdAt: Date;
}

export interface AssetHistoryEntry {
  id: string;
  at: Date;
  kind: "CREATED" | "STATUS" | "LOCATION" | "CASE";
  from: string;
  to: string;
  reason: string;
  actorUserId: string | null;
  sourceType: string;
  sourceId: string;
}

export interface StockLevel {
  productId: string;
  locationId: string;
  quantity: number;
}

export interface StockMovement {
  id: string;
  productId: string;
  kind: StockMovementKind;
  fromLocationId: string | null;
  toLocationId: string | null;
  quantity: number;
  reason: string;
  actorUserId: string | null;
  at: Date;
}

export interface Case {
  id: string;
  code: string;
  name: string;
  kind: CaseKind;
  locationId: string;
  parentCaseId: string | null;
  version: number;
}

export interface CaseBulkContent {
  productId: string;
  quantity: number;
  productName: string;
}

export interface CaseContents {
  assets: Asset[];
  bulk: CaseBulkContent[];
  cases: Case[];
}

export interface KitItem {
  productId: string;
  quantity: number;
  optional: boolean;
  productName: string;
}

export interface Kit {
  id: string;
  code: string;
  name: string;
  description: string;
  items: KitItem[];
  pricing: KitPricing;
  dayRate: Money;
  archived: boolean;
  version: number;
}

export interface TimeRange {
  start: Date;
  end: Date;
}

export interface MaintenanceRecord {
  id: string;
  assetId: string;
  assetTag: string;
  kind: MaintenanceKind;
  state: MaintenanceState;
  title: string;
  notes: string;
  cost: Money;
  outOfService: TimeRange | null;
  inspectionResult: InspectionResult | null;
  reportedByUserId: string | null;
  createdAt: Date;
  closedAt: Date | null;
  version: number;
}

export interface InspectionDue {
  asset: Asset;
  lastInspectedAt: Date | null;
  dueAt: Date;
  overdue: boolean;
}

export type SearchHitKind = "PRODUCT" | "ASSET" | "CASE" | "KIT";

export interface SearchHit {
  kind: SearchHitKind;
  id: string;
  code: string;
  title: string;
  subtitle: string;
  /** `title` with matched parts wrapped in « and ». */
  highlight: string;
  exact: boolean;
  score: number;
}

export type ResolvedCode =
  | { kind: "ASSET"; asset: Asset }
  | { kind: "CASE"; case: Case }
  | { kind: "PRODUCT"; product: Product }
  | { kind: "KIT"; kit: Kit }
  | { kind: "LOCATION"; location: Location };

export interface CsvRowError {
  line: number;
  field: string;
  reason: string;
  message: string;
}
