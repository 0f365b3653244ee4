import {
  AssetStatus,
  CaseKind,
  InspectionResult,
  KitPricing,
  LocationKind,
  MaintenanceKind,
  MaintenanceState,
  SearchHitKind,
  StockMovementKind,
  TrackingMode,
} from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { TFunction } from "i18next";

// Enum values are shown by their translated name; the English proto names never reach the screen.

export const trackingModes = [TrackingMode.SERIALIZED, TrackingMode.BULK, TrackingMode.CONSUMABLE] as const;

export function trackingLabel(t: TFunction, mode: TrackingMode): string {
  switch (mode) {
    case TrackingMode.SERIALIZED:
      return t("inventory.tracking.serialized");
    case TrackingMode.BULK:
      return t("inventory.tracking.bulk");
    case TrackingMode.CONSUMABLE:
      return t("inventory.tracking.consumable");
    case TrackingMode.UNSPECIFIED:
      return "";
  }
}

export const assetStatuses = [
  AssetStatus.AVAILABLE,
  AssetStatus.CHECKED_OUT,
  AssetStatus.IN_MAINTENANCE,
  AssetStatus.DAMAGED,
  AssetStatus.LOST,
  AssetStatus.RETIRED,
] as const;

export function assetStatusLabel(t: TFunction, status: AssetStatus): string {
  switch (status) {
    case AssetStatus.AVAILABLE:
      return t("inventory.assetStatus.available");
    case AssetStatus.CHECKED_OUT:
      return t("inventory.assetStatus.checkedOut");
    case AssetStatus.IN_MAINTENANCE:
      return t("inventory.assetStatus.inMaintenance");
    case AssetStatus.DAMAGED:
      return t("inventory.assetStatus.damaged");
    case AssetStatus.LOST:
      return t("inventory.assetStatus.lost");
    case AssetStatus.RETIRED:
      return t("inventory.assetStatus.retired");
    case AssetStatus.UNSPECIFIED:
      return "";
  }
}

export function assetStatusColor(status: AssetStatus): string {
  switch (status) {
    case AssetStatus.AVAILABLE:
      return "teal";
    case AssetStatus.CHECKED_OUT:
      return "blue";
    case AssetStatus.IN_MAINTENANCE:
      return "yellow";
    case AssetStatus.DAMAGED:
      return "orange";
    case AssetStatus.LOST:
      return "red";
    case AssetStatus.RETIRED:
    case AssetStatus.UNSPECIFIED:
      return "gray";
  }
}

/** Status names as they appear in history entries and `assets_by_status` ("AVAILABLE", "ASSET_STATUS_AVAILABLE"). */
export function assetStatusFromName(name: string): AssetStatus | undefined {
  const key = name.replace(/^ASSET_STATUS_/, "");
  return assetStatuses.find((status) => AssetStatus[status] === key);
}

export const locationKinds = [LocationKind.WAREHOUSE, LocationKind.ZONE, LocationKind.SHELF, LocationKind.BIN] as const;

export function locationKindLabel(t: TFunction, kind: LocationKind): string {
  switch (kind) {
    case LocationKind.WAREHOUSE:
      return t("inventory.locationKind.warehouse");
    case LocationKind.ZONE:
      return t("inventory.locationKind.zone");
    case LocationKind.SHELF:
      return t("inventory.locationKind.shelf");
    case LocationKind.BIN:
      return t("inventory.locationKind.bin");
    case LocationKind.UNSPECIFIED:
      return "";
  }
}

export function caseKindLabel(t: TFunction, kind: CaseKind): string {
  switch (kind) {
    case CaseKind.PERMANENT:
      return t("inventory.caseKind.permanent");
    case CaseKind.TEMPORARY:
      return t("inventory.caseKind.temporary");
    case CaseKind.UNSPECIFIED:
      return "";
  }
}

export function kitPricingLabel(t: TFunction, pricing: KitPricing): string {
  switch (pricing) {
    case KitPricing.AS_UNIT:
      return t("inventory.kitPricing.asUnit");
    case KitPricing.PER_ITEM:
      return t("inventory.kitPricing.perItem");
    case KitPricing.UNSPECIFIED:
      return "";
  }
}

export const maintenanceKinds = [MaintenanceKind.DAMAGE_REPORT, MaintenanceKind.REPAIR, MaintenanceKind.INSPECTION] as const;

export function maintenanceKindLabel(t: TFunction, kind: MaintenanceKind): string {
  switch (kind) {
    case MaintenanceKind.DAMAGE_REPORT:
      return t("inventory.maintenanceKind.damageReport");
    case MaintenanceKind.REPAIR:
      return t("inventory.maintenanceKind.repair");
    case MaintenanceKind.INSPECTION:
      return t("inventory.maintenanceKind.inspection");
    case MaintenanceKind.UNSPECIFIED:
      return "";
  }
}

export function maintenanceKindColor(kind: MaintenanceKind): string {
  switch (kind) {
    case MaintenanceKind.DAMAGE_REPORT:
      return "orange";
    case MaintenanceKind.REPAIR:
      return "grape";
    case MaintenanceKind.INSPECTION:
      return "cyan";
    case MaintenanceKind.UNSPECIFIED:
      return "gray";
  }
}

export function maintenanceStateLabel(t: TFunction, state: MaintenanceState): string {
  switch (state) {
    case MaintenanceState.OPEN:
      return t("inventory.maintenanceState.open");
    case MaintenanceState.IN_PROGRESS:
      return t("inventory.maintenanceState.inProgress");
    case MaintenanceState.DONE:
      return t("inventory.maintenanceState.done");
    case MaintenanceState.CANCELLED:
      return t("inventory.maintenanceState.cancelled");
    case MaintenanceState.UNSPECIFIED:
      return "";
  }
}

export function inspectionResultLabel(t: TFunction, result: InspectionResult): string {
  switch (result) {
    case InspectionResult.PASSED:
      return t("inventory.inspectionResult.passed");
    case InspectionResult.FAILED:
      return t("inventory.inspectionResult.failed");
    case InspectionResult.UNSPECIFIED:
      return "";
  }
}

export const movementKinds = [
  StockMovementKind.RECEIVE,
  StockMovementKind.WRITE_OFF,
  StockMovementKind.ADJUST,
  StockMovementKind.TRANSFER,
] as const;

export function movementKindLabel(t: TFunction, kind: StockMovementKind): string {
  switch (kind) {
    case StockMovementKind.RECEIVE:
      return t("inventory.movementKind.receive");
    case StockMovementKind.WRITE_OFF:
      return t("inventory.movementKind.writeOff");
    case StockMovementKind.ADJUST:
      return t("inventory.movementKind.adjust");
    case StockMovementKind.TRANSFER:
      return t("inventory.movementKind.transfer");
    case StockMovementKind.UNSPECIFIED:
      return "";
  }
}

export function searchKindLabel(t: TFunction, kind: SearchHitKind): string {
  switch (kind) {
    case SearchHitKind.PRODUCT:
      return t("inventory.searchKind.product");
    case SearchHitKind.ASSET:
      return t("inventory.searchKind.asset");
    case SearchHitKind.CASE:
      return t("inventory.searchKind.case");
    case SearchHitKind.KIT:
      return t("inventory.searchKind.kit");
    case SearchHitKind.UNSPECIFIED:
      return "";
  }
}

const historySources = ["manual", "scan", "event", "case", "maintenance", "import"] as const;

/** What caused an asset change ("scan", "event"…), translated; unknown sources as they are. */
export function historySourceLabel(t: TFunction, source: string): string {
  return (historySources as readonly string[]).includes(source) ? t(`inventory.historySource.${source}`) : source;
}

// Row reasons the server's CSV import reports (server/src/domain/catalogue.ts, csv.ts).
const csvReasons = [
  "REQUIRED",
  "TOO_LONG",
  "TOO_MANY",
  "INVALID_FORMAT",
  "INVALID_NUMBER",
  "INVALID_MONEY",
  "INVALID_BOOLEAN",
  "INVALID_DATE",
  "INVALID_TRACKING",
  "INVALID_STATUS",
  "WRONG_FIELD_COUNT",
  "DUPLICATE_COLUMN",
  "UNKNOWN_COLUMN",
  "MISSING_COLUMN",
  "DUPLICATE_CODE",
  "UNKNOWN_CATEGORY",
  "UNKNOWN_PRODUCT",
  "UNKNOWN_LOCATION",
  "ACCESSORY_OF_ITSELF",
  "DUPLICATE_ACCESSORY",
  "ACCESSORY_CYCLE",
  "NOT_SERIALIZED",
  "PRODUCT_ARCHIVED",
  "LOCATION_ARCHIVED",
  "INVALID_ENCODING",
  "MALFORMED_CSV",
] as const;

/** A CSV row error's reason in the user's language; unknown reasons show a generic message. */
export function csvReasonLabel(t: TFunction, reason: string): string {
  return (csvReasons as readonly string[]).includes(reason)
    ? t(`inventory.import.reasons.${reason}`)
    : t("inventory.import.reasons.other", { reason });
}

/** The member of `members` whose string form is `text` (a Select or SegmentedControl value), else `fallback`. */
export function enumOf<E extends number>(members: readonly E[], text: string | null, fallback: E): E {
  return members.find((member) => String(member) === text) ?? fallback;
}
