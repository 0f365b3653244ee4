// proto ⇄ domain for InventoryService. Enum names match between the two
// (TRACKING_MODE_SERIALIZED ⇄ "SERIALIZED"), so one pair of helpers maps them all.
import { create } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { MoneySchema, TimeRangeSchema, type Money, type TimeRange } from "@eventkit/api/eventkit/v1/common_pb.js";
import {
  AssetChangeKind,
  AssetHistoryEntrySchema,
  AssetSchema,
  AssetStatus,
  CaseKind,
  CaseSchema,
  CategorySchema,
  InspectionDueSchema,
  InspectionResult,
  KitPricing,
  KitSchema,
  LocationKind,
  LocationSchema,
  MaintenanceKind,
  MaintenanceRecordSchema,
  MaintenanceState,
  ProductSchema,
  SearchHitKind,
  SearchHitSchema,
  StockLevelSchema,
  StockMovementKind,
  StockMovementSchema,
  TrackingMode,
  type Asset,
  type AssetHistoryEntry,
  type Case,
  type CaseContents,
  type Category,
  type InspectionDue,
  type Kit,
  type Location,
  type MaintenanceRecord,
  type Product,
  type SearchHit,
  type StockLevel,
  type StockMovement,
} from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { CaseContentsSchema } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { AssetStatus as DomainAssetStatus } from "../domain/asset.js";
import type * as d from "../domain/inventory.js";

type EnumObject<E extends number> = Record<string, E | string>;

/** Proto enum value → domain name; undefined for UNSPECIFIED. */
export function enumName(enumObject: EnumObject<number>, value: number): string | undefined {
  const name = enumObject[value];
  return typeof name === "string" && name !== "UNSPECIFIED" ? name : undefined;
}

/** Domain name → proto enum value (UNSPECIFIED, 0, when unknown). */
export function enumValue<E extends number>(enumObject: EnumObject<E>, name: string | null | undefined): E {
  const value = name ? enumObject[name] : undefined;
  return (typeof value === "number" ? value : 0) as E;
}

function ts(date: Date | null | undefined): Timestamp | undefined {
  return date ? timestampFromDate(date) : undefined;
}

export function dateOf(timestamp: Timestamp | undefined): Date | undefined {
  return timestamp ? timestampDate(timestamp) : undefined;
}

export function moneyToProto(money: d.Money): Money {
  return create(MoneySchema, { amountMinor: money.amountMinor, currency: money.currency });
}

/** Absent money is zero in `fallbackCurrency`. */
export function moneyFromProto(money: Money | undefined, fallbackCurrency = "EUR"): d.Money {
  return money ? { amountMinor: money.amountMinor, currency: money.currency || fallbackCurrency } : { amountMinor: 0n, currency: fallbackCurrency };
}

export function timeRangeToProto(range: d.TimeRange | null): TimeRange | undefined {
  return range ? create(TimeRangeSchema, { start: ts(range.start), end: ts(range.end) }) : undefined;
}

export function timeRangeFromProto(range: TimeRange | undefined): d.TimeRange | null {
  const start = dateOf(range?.start);
  const end = dateOf(range?.end);
  return start && end ? { start, end } : null;
}

export function categoryToProto(category: d.Category): Category {
  return create(CategorySchema, { ...category, parentId: category.parentId ?? "", version: BigInt(category.version) });
}

export function locationToProto(location: d.Location): Location {
  return create(LocationSchema, { ...location, kind: enumValue(LocationKind, location.kind), parentId: location.parentId ?? "", version: BigInt(location.version) });
}

export function productToProto(product: d.Product): Product {
  return create(ProductSchema, {
    ...product,
    categoryId: product.categoryId ?? "",
    tracking: enumValue(TrackingMode, product.tracking),
    dayRate: moneyToProto(product.dayRate),
    replacementValue: moneyToProto(product.replacementValue),
    volumeCm3: product.volumeCm3,
    version: BigInt(product.version),
    createdAt: ts(product.createdAt),
    updatedAt: ts(product.updatedAt),
  });
}

export function assetToProto(asset: d.Asset): Asset {
  return create(AssetSchema, {
    ...asset,
    status: enumValue(AssetStatus, asset.status),
    caseId: asset.caseId ?? "",
    purchaseDate: asset.purchaseDate ?? "",
    purchaseCost: moneyToProto(asset.purchaseCost),
    version: BigInt(asset.version),
    createdAt: ts(asset.createdAt),
  });
}

export function assetStatusFromProto(status: AssetStatus): DomainAssetStatus | undefined {
  return enumName(AssetStatus, status) as DomainAssetStatus | undefined;
}

export function assetHistoryToProto(entry: d.AssetHistoryEntry): AssetHistoryEntry {
  return create(AssetHistoryEntrySchema, { ...entry, at: ts(entry.at), kind: enumValue(AssetChangeKind, entry.kind), actorUserId: entry.actorUserId ?? "" });
}

export function stockLevelToProto(level: d.StockLevel): StockLevel {
  return create(StockLevelSchema, level);
}

export function stockMovementToProto(movement: d.StockMovement): StockMovement {
  return create(StockMovementSchema, {
    ...movement,
    kind: enumValue(StockMovementKind, movement.kind),
    fromLocationId: movement.fromLocationId ?? "",
    toLocationId: movement.toLocationId ?? "",
    actorUserId: movement.actorUserId ?? "",
    at: ts(movement.at),
  });
}

export function caseToProto(item: d.Case): Case {
  return create(CaseSchema, { ...item, kind: enumValue(CaseKind, item.kind), parentCaseId: item.parentCaseId ?? "", version: BigInt(item.version) });
}

export function caseContentsToProto(contents: d.CaseContents): CaseContents {
  return create(CaseContentsSchema, { assets: contents.assets.map(assetToProto), bulk: contents.bulk, cases: contents.cases.map(caseToProto) });
}

export function kitToProto(kit: d.Kit): Kit {
  return create(KitSchema, { ...kit, pricing: enumValue(KitPricing, kit.pricing), dayRate: moneyToProto(kit.dayRate), version: BigInt(kit.version) });
}

export function maintenanceToProto(record: d.MaintenanceRecord): MaintenanceRecord {
  return create(MaintenanceRecordSchema, {
    ...record,
    kind: enumValue(MaintenanceKind, record.kind),
    state: enumValue(MaintenanceState, record.state),
    cost: moneyToProto(record.cost),
    outOfService: timeRangeToProto(record.outOfService),
    inspectionResult: enumValue(InspectionResult, record.inspectionResult),
    reportedByUserId: record.reportedByUserId ?? "",
    createdAt: ts(record.createdAt),
    closedAt: ts(record.closedAt),
    version: BigInt(record.version),
  });
}

export function inspectionDueToProto(due: d.InspectionDue): InspectionDue {
  return create(InspectionDueSchema, { asset: assetToProto(due.asset), lastInspectedAt: ts(due.lastInspectedAt), dueAt: ts(due.dueAt), overdue: due.overdue });
}

export function searchHitToProto(hit: d.SearchHit): SearchHit {
  return create(SearchHitSchema, { ...hit, kind: enumValue(SearchHitKind, hit.kind) });
}

/** Versions travel as int64; ours are small positive integers. */
export function versionOf(version: bigint): number {
  return version > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(version);
}
