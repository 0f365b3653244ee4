// Test data for the warehouse slice, inserted straight into the tables (no
// other slice's service): locations, products, assets, stock, cases, records.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { AssetStatus } from "../../src/domain/asset.js";
import type { CaseKind, LocationKind, MaintenanceKind, MaintenanceState, StockMovement, TrackingMode } from "../../src/domain/inventory.js";
import type { CallContext } from "../../src/service/auth.service.js";
import type { Db } from "../../src/store/db.js";

let counter = 0;
/** A code no other factory call in this process returns. */
export function uniqueCode(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${randomUUID().slice(0, 6)}`;
}

export const warehousePermissions = ["inventory.read", "inventory.manage", "stock.manage", "maintenance.manage"];

/** A caller holding these permissions (all of the warehouse's by default). */
export function caller(permissions: readonly string[] = warehousePermissions, userId: string = randomUUID()): CallContext & { principal: { userId: string } } {
  return { principal: { userId, apiKeyId: undefined, permissions: new Set(permissions) }, clientAddress: "test" };
}

export interface LocationRow {
  id: string;
  code: string;
  warehouseId: string;
}

/** A warehouse, or with `parent` a zone/shelf/bin inside it. */
export async function newLocation(db: Db, o: { parent?: LocationRow; kind?: LocationKind; code?: string; name?: string; archived?: boolean } = {}): Promise<LocationRow> {
  const id = randomUUID();
  const kind = o.kind ?? (o.parent ? "ZONE" : "WAREHOUSE");
  const code = o.code ?? uniqueCode("LOC");
  await db
    .insertInto("location")
    .values({ id, name: o.name ?? code, code, kind, parentId: o.parent?.id ?? null, warehouseId: o.parent?.warehouseId ?? id, archived: o.archived ?? false })
    .execute();
  return { id, code, warehouseId: o.parent?.warehouseId ?? id };
}

export interface ProductRow {
  id: string;
  code: string;
  name: string;
}

export async function newProduct(
  db: Db,
  o: { tracking?: TrackingMode; code?: string; name?: string; archived?: boolean; inspectionIntervalDays?: number } = {},
): Promise<ProductRow> {
  const code = o.code ?? uniqueCode("PRD");
  const name = o.name ?? `Product ${code}`;
  const row = await db
    .insertInto("product")
    .values({
      code,
      name,
      tracking: o.tracking ?? "BULK",
      dayRateMinor: 1000,
      replacementMinor: 10000,
      archived: o.archived ?? false,
      inspectionIntervalDays: o.inspectionIntervalDays ?? 0,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, code, name };
}

export interface AssetRow {
  id: string;
  tag: string;
}

export async function newAsset(
  db: Db,
  o: { productId: string; locationId: string; tag?: string; status?: AssetStatus; caseId?: string; purchaseDate?: string; createdAt?: Date },
): Promise<AssetRow> {
  const tag = o.tag ?? uniqueCode("AST");
  const row = await db
    .insertInto("asset")
    .values({
      productId: o.productId,
      locationId: o.locationId,
      tag,
      status: o.status ?? "AVAILABLE",
      caseId: o.caseId ?? null,
      purchaseDate: o.purchaseDate ?? null,
      purchaseCostMinor: 0,
      ...(o.createdAt ? { createdAt: o.createdAt } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, tag };
}

/** Receives stock the way the ledger would: a level and its RECEIVE movement. */
export async function newStock(db: Db, productId: string, locationId: string, quantity: number, at = new Date()): Promise<void> {
  await db
    .insertInto("stockLevel")
    .values({ productId, locationId, quantity })
    .onConflict((oc) => oc.columns(["productId", "locationId"]).doUpdateSet({ quantity: sql<number>`stock_level.quantity + excluded.quantity` }))
    .execute();
  await db.insertInto("stockMovement").values({ productId, kind: "RECEIVE", toLocationId: locationId, quantity, reason: "factory", at }).execute();
}

export async function stockLevel(db: Db, productId: string, locationId: string): Promise<number> {
  const row = await db.selectFrom("stockLevel").select("quantity").where("productId", "=", productId).where("locationId", "=", locationId).executeTakeFirst();
  return row?.quantity ?? 0;
}

export async function movementsOf(db: Db, productId: string): Promise<StockMovement[]> {
  return db
    .selectFrom("stockMovement")
    .select(["id", "productId", "kind", "fromLocationId", "toLocationId", "quantity", "reason", "actorUserId", "at"])
    .where("productId", "=", productId)
    .orderBy("at")
    .execute();
}

export async function newCase(db: Db, o: { locationId: string; code?: string; name?: string; kind?: CaseKind; parentCaseId?: string }): Promise<{ id: string; code: string }> {
  const code = o.code ?? uniqueCode("CASE");
  const row = await db
    .insertInto("equipmentCase")
    .values({ code, name: o.name ?? `Case ${code}`, kind: o.kind ?? "TEMPORARY", locationId: o.locationId, parentCaseId: o.parentCaseId ?? null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, code };
}

export async function newMaintenanceRecord(
  db: Db,
  o: { assetId: string; kind: MaintenanceKind; state?: MaintenanceState; result?: "PASSED" | "FAILED"; closedAt?: Date; createdAt?: Date; outOfService?: { start: Date; end: Date } },
): Promise<string> {
  const state = o.state ?? "OPEN";
  const closed = state === "DONE" || state === "CANCELLED";
  const row = await db
    .insertInto("maintenanceRecord")
    .values({
      assetId: o.assetId,
      kind: o.kind,
      state,
      title: `${o.kind} record`,
      costMinor: 0,
      inspectionResult: o.result ?? null,
      outOfService: o.outOfService ? sql<string>`tstzrange(${o.outOfService.start}::timestamptz, ${o.outOfService.end}::timestamptz, '[)')` : null,
      closedAt: closed ? (o.closedAt ?? new Date()) : null,
      ...(o.createdAt ? { createdAt: o.createdAt } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function assetRow(db: Db, id: string) {
  return db.selectFrom("asset").select(["id", "status", "locationId", "caseId", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
}

export async function historyOf(db: Db, assetId: string) {
  return db
    .selectFrom("assetHistory")
    .select(["kind", "fromValue", "toValue", "reason", "actorUserId", "sourceType", "sourceId"])
    .where("assetId", "=", assetId)
    .orderBy("id")
    .execute();
}

/** The InventoryError code (or other error code) a promise rejects with; "resolved" if it does not. */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return "resolved";
}
