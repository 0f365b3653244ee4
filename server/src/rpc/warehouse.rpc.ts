// InventoryService handlers of the warehouse slice: stock, cases, kits, maintenance.
import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  CaseKind,
  CreateCaseResponseSchema,
  CreateKitResponseSchema,
  CreateMaintenanceRecordResponseSchema,
  GetCaseResponseSchema,
  GetKitResponseSchema,
  InspectionResult,
  KitPricing,
  ListCasesResponseSchema,
  ListInspectionsDueResponseSchema,
  ListKitsResponseSchema,
  ListMaintenanceResponseSchema,
  ListStockMovementsResponseSchema,
  ListStockResponseSchema,
  MaintenanceKind,
  MaintenanceState,
  MoveCaseResponseSchema,
  PackCaseResponseSchema,
  RecordStockMovementResponseSchema,
  StockMovementKind,
  UnpackCaseResponseSchema,
  UpdateCaseResponseSchema,
  UpdateKitResponseSchema,
  UpdateMaintenanceRecordResponseSchema,
  type CaseBulkContent,
  type InventoryService as InventoryApi,
  type KitInput as KitInputProto,
} from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type * as d from "../domain/inventory.js";
import type { CaseDetail } from "../service/case.service.js";
import type { KitInput } from "../service/kit.service.js";
import type { WarehouseService } from "../service/warehouse.service.js";
import { requestState } from "./context.js";
import {
  assetToProto,
  caseContentsToProto,
  caseToProto,
  enumName,
  inspectionDueToProto,
  kitToProto,
  maintenanceToProto,
  moneyFromProto,
  stockLevelToProto,
  stockMovementToProto,
  timeRangeFromProto,
  versionOf,
} from "./inventory.convert.js";

/** A required enum (protovalidate refuses UNSPECIFIED before the handler runs) as its domain name. */
function required(enumObject: Record<string, number | string>, value: number): string {
  const name = enumName(enumObject, value);
  if (name === undefined) throw new Error(`enum value ${value} reached a handler unvalidated`);
  return name;
}

/** An optional enum: UNSPECIFIED is absent. */
function optional(enumObject: Record<string, number | string>, value: number): string | undefined {
  return enumName(enumObject, value);
}

const orAbsent = (id: string): string | undefined => (id === "" ? undefined : id);

function bulkFromProto(bulk: readonly CaseBulkContent[]) {
  return bulk.map((b) => ({ productId: b.productId, quantity: b.quantity }));
}

function caseDetail(detail: CaseDetail) {
  return { case: caseToProto(detail.case), contents: caseContentsToProto(detail.contents) };
}

function kitFromProto(kit: KitInputProto | undefined): KitInput {
  return {
    code: kit?.code ?? "",
    name: kit?.name ?? "",
    description: kit?.description ?? "",
    items: (kit?.items ?? []).map((i) => ({ productId: i.productId, quantity: i.quantity, optional: i.optional })),
    pricing: required(KitPricing, kit?.pricing ?? 0) as d.KitPricing,
    dayRate: moneyFromProto(kit?.dayRate),
    archived: kit?.archived ?? false,
  };
}

export function warehouseRpc(service: WarehouseService): Partial<ServiceImpl<typeof InventoryApi>> {
  return {
    // Stock

    async listStock(req, ctx) {
      const levels = await service.stock.listStock(requestState(ctx), { productId: orAbsent(req.productId), locationId: orAbsent(req.locationId) });
      return create(ListStockResponseSchema, { levels: levels.map(stockLevelToProto) });
    },

    async recordStockMovement(req, ctx) {
      const result = await service.stock.recordStockMovement(requestState(ctx), {
        productId: req.productId,
        kind: required(StockMovementKind, req.kind) as d.StockMovementKind,
        fromLocationId: req.fromLocationId || null,
        toLocationId: req.toLocationId || null,
        quantity: req.quantity,
        reason: req.reason,
        requestId: req.requestId || null,
      });
      return create(RecordStockMovementResponseSchema, { movement: stockMovementToProto(result.movement), levels: result.levels.map(stockLevelToProto) });
    },

    async listStockMovements(req, ctx) {
      const page = await service.stock.listStockMovements(requestState(ctx), {
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        productId: orAbsent(req.productId),
        locationId: orAbsent(req.locationId),
      });
      return create(ListStockMovementsResponseSchema, { movements: page.movements.map(stockMovementToProto), nextPageToken: page.nextPageToken });
    },

    // Cases

    async listCases(req, ctx) {
      const page = await service.cases.listCases(requestState(ctx), { pageSize: req.pageSize, pageToken: req.pageToken, locationId: orAbsent(req.locationId), query: req.query });
      return create(ListCasesResponseSchema, { cases: page.cases.map(caseToProto), nextPageToken: page.nextPageToken });
    },

    async getCase(req, ctx) {
      const detail = await service.cases.getCase(requestState(ctx), req.caseId);
      return create(GetCaseResponseSchema, { ...caseDetail(detail), ancestorIds: detail.ancestorIds });
    },

    async createCase(req, ctx) {
      const created = await service.cases.createCase(requestState(ctx), { code: req.code, name: req.name, kind: required(CaseKind, req.kind) as d.CaseKind, locationId: req.locationId });
      return create(CreateCaseResponseSchema, { case: caseToProto(created) });
    },

    async updateCase(req, ctx) {
      const updated = await service.cases.updateCase(requestState(ctx), {
        caseId: req.caseId,
        version: versionOf(req.version),
        name: req.name,
        kind: required(CaseKind, req.kind) as d.CaseKind,
      });
      return create(UpdateCaseResponseSchema, { case: caseToProto(updated) });
    },

    async packCase(req, ctx) {
      const detail = await service.cases.packCase(requestState(ctx), { caseId: req.caseId, assetIds: req.assetIds, bulk: bulkFromProto(req.bulk), childCaseIds: req.childCaseIds });
      return create(PackCaseResponseSchema, caseDetail(detail));
    },

    async unpackCase(req, ctx) {
      const detail = await service.cases.unpackCase(requestState(ctx), {
        caseId: req.caseId,
        assetIds: req.assetIds,
        bulk: bulkFromProto(req.bulk),
        childCaseIds: req.childCaseIds,
        all: req.all,
      });
      return create(UnpackCaseResponseSchema, caseDetail(detail));
    },

    async moveCase(req, ctx) {
      const moved = await service.cases.moveCase(requestState(ctx), { caseId: req.caseId, locationId: req.locationId, reason: req.reason });
      return create(MoveCaseResponseSchema, { case: caseToProto(moved.case), assetsMoved: moved.assetsMoved });
    },

    // Kits

    async listKits(req, ctx) {
      const kits = await service.kits.listKits(requestState(ctx), { includeArchived: req.includeArchived, query: req.query });
      return create(ListKitsResponseSchema, { kits: kits.map(kitToProto) });
    },

    async getKit(req, ctx) {
      const kit = await service.kits.getKit(requestState(ctx), req.kitId);
      return create(GetKitResponseSchema, { kit: kitToProto(kit) });
    },

    async createKit(req, ctx) {
      const kit = await service.kits.createKit(requestState(ctx), kitFromProto(req.kit));
      return create(CreateKitResponseSchema, { kit: kitToProto(kit) });
    },

    async updateKit(req, ctx) {
      const kit = await service.kits.updateKit(requestState(ctx), { kitId: req.kitId, version: versionOf(req.version), kit: kitFromProto(req.kit) });
      return create(UpdateKitResponseSchema, { kit: kitToProto(kit) });
    },

    // Maintenance

    async listMaintenance(req, ctx) {
      const page = await service.maintenance.listMaintenance(requestState(ctx), {
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        assetId: orAbsent(req.assetId),
        productId: orAbsent(req.productId),
        states: req.states.flatMap((s) => (optional(MaintenanceState, s) as d.MaintenanceState | undefined) ?? []),
        kind: optional(MaintenanceKind, req.kind) as d.MaintenanceKind | undefined,
      });
      return create(ListMaintenanceResponseSchema, { records: page.records.map(maintenanceToProto), nextPageToken: page.nextPageToken });
    },

    async createMaintenanceRecord(req, ctx) {
      const result = await service.maintenance.createMaintenanceRecord(requestState(ctx), {
        assetId: req.assetId,
        kind: required(MaintenanceKind, req.kind) as d.MaintenanceKind,
        title: req.title,
        notes: req.notes,
        cost: moneyFromProto(req.cost),
        outOfService: timeRangeFromProto(req.outOfService),
        inspectionResult: (optional(InspectionResult, req.inspectionResult) as d.InspectionResult | undefined) ?? null,
      });
      return create(CreateMaintenanceRecordResponseSchema, { record: maintenanceToProto(result.record), asset: assetToProto(result.asset) });
    },

    async updateMaintenanceRecord(req, ctx) {
      const result = await service.maintenance.updateMaintenanceRecord(requestState(ctx), {
        recordId: req.recordId,
        version: versionOf(req.version),
        state: optional(MaintenanceState, req.state) as d.MaintenanceState | undefined,
        notes: req.notes,
        cost: req.cost && moneyFromProto(req.cost),
        outOfService: timeRangeFromProto(req.outOfService) ?? undefined,
        inspectionResult: optional(InspectionResult, req.inspectionResult) as d.InspectionResult | undefined,
      });
      return create(UpdateMaintenanceRecordResponseSchema, { record: maintenanceToProto(result.record), asset: assetToProto(result.asset) });
    },

    async listInspectionsDue(req, ctx) {
      const page = await service.maintenance.listInspectionsDue(requestState(ctx), { withinDays: req.withinDays, pageSize: req.pageSize, pageToken: req.pageToken });
      return create(ListInspectionsDueResponseSchema, { due: page.due.map(inspectionDueToProto), nextPageToken: page.nextPageToken });
    },
  };
}
