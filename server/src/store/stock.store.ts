// SQL of bulk stock: levels per product and location, and the movement ledger.
import { sql, type Kysely } from "kysely";
import type { StockLevel, StockMovement, StockMovementKind } from "../domain/inventory.js";
import { locationSubtree } from "./location.store.js";
import type { Database } from "./schema.js";

type Q = Kysely<Database>;

/** A PostgreSQL error of class `sqlstate` raised by the named constraint (or trigger acting as one). */
export function isConstraintViolation(error: unknown, sqlstate: string, constraint: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown };
  return e.code === sqlstate && e.constraint === constraint;
}

export const uniqueViolation = "23505";
export const checkViolation = "23514";

/** The stock level CHECK (quantity >= 0): the last line behind the ledger rules. */
export function isNegativeStockViolation(error: unknown): boolean {
  return isConstraintViolation(error, checkViolation, "stock_level_quantity_check");
}

export function isRequestIdReuse(error: unknown): boolean {
  return isConstraintViolation(error, uniqueViolation, "stock_movement_request_id_key");
}

/** Non-zero levels; a location filter includes its sub-locations. Ordered by product, then location. */
export async function listStockLevels(db: Q, filter: { productId: string | undefined; locationId: string | undefined }): Promise<StockLevel[]> {
  let q = db.selectFrom("stockLevel").select(["productId", "locationId", "quantity"]).where("quantity", ">", 0);
  if (filter.productId) q = q.where("productId", "=", filter.productId);
  const locationId = filter.locationId;
  if (locationId) q = q.where("locationId", "in", locationSubtree(locationId));
  return q.orderBy("productId").orderBy("locationId").execute();
}

export interface LevelKey {
  productId: string;
  locationId: string;
}

const levelKey = (k: LevelKey) => `${k.productId}/${k.locationId}`;

/**
 * Locks the levels of these product/location pairs (creating zero levels that
 * do not exist yet, so there is a row to lock) in one order, and returns them.
 * Whoever changes a level or the bulk packed at a location holds this lock.
 */
export async function lockStockLevels(db: Q, keys: readonly LevelKey[]): Promise<Map<string, number>> {
  const unique = [...new Map(keys.map((k) => [levelKey(k), k])).values()].sort((a, b) => levelKey(a).localeCompare(levelKey(b)));
  if (unique.length === 0) return new Map();
  await db
    .insertInto("stockLevel")
    .values(unique.map((k) => ({ productId: k.productId, locationId: k.locationId, quantity: 0 })))
    .onConflict((oc) => oc.columns(["productId", "locationId"]).doNothing())
    .execute();
  const levels = new Map<string, number>();
  // One row at a time, in order: a single statement does not promise the order its locks are taken in.
  for (const k of unique) {
    const row = await db
      .selectFrom("stockLevel")
      .select("quantity")
      .where("productId", "=", k.productId)
      .where("locationId", "=", k.locationId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    levels.set(levelKey(k), row.quantity);
  }
  return levels;
}

export function levelOf(levels: ReadonlyMap<string, number>, productId: string, locationId: string): number {
  return levels.get(levelKey({ productId, locationId })) ?? 0;
}

/** Bulk of a product held by cases at each location, leaving out `exceptCaseIds`. */
export async function sumPackedAt(db: Q, productId: string, locationIds: readonly string[], exceptCaseIds: readonly string[] = []): Promise<Map<string, number>> {
  if (locationIds.length === 0) return new Map();
  let q = db
    .selectFrom("caseBulkContent as b")
    .innerJoin("equipmentCase as c", "c.id", "b.caseId")
    .select(["c.locationId", sql<number>`sum(b.quantity)::int`.as("packed")])
    .where("b.productId", "=", productId)
    .where("c.locationId", "in", [...new Set(locationIds)])
    .groupBy("c.locationId");
  if (exceptCaseIds.length > 0) q = q.where("c.id", "not in", [...exceptCaseIds]);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.locationId, r.packed]));
}

/** Changes a level locked with lockStockLevels (so its row exists). */
export async function addToStockLevel(db: Q, productId: string, locationId: string, delta: number): Promise<void> {
  if (delta === 0) return;
  await db
    .updateTable("stockLevel")
    .set({ quantity: sql<number>`quantity + ${delta}::int` })
    .where("productId", "=", productId)
    .where("locationId", "=", locationId)
    .execute();
}

export async function findStockLevels(db: Q, productId: string, locationIds: readonly string[]): Promise<StockLevel[]> {
  if (locationIds.length === 0) return [];
  const rows = await db
    .selectFrom("stockLevel")
    .select(["productId", "locationId", "quantity"])
    .where("productId", "=", productId)
    .where("locationId", "in", [...new Set(locationIds)])
    .execute();
  // In the order asked for, zero where no level exists.
  return [...new Set(locationIds)].map((locationId) => rows.find((r) => r.locationId === locationId) ?? { productId, locationId, quantity: 0 });
}

export interface NewStockMovement {
  requestId: string | null;
  requestPayload: string | null;
  productId: string;
  kind: StockMovementKind;
  fromLocationId: string | null;
  toLocationId: string | null;
  quantity: number;
  reason: string;
  actorUserId: string | null;
  at: Date;
}

const movementColumns = ["id", "productId", "kind", "fromLocationId", "toLocationId", "quantity", "reason", "actorUserId", "at"] as const;

export async function insertStockMovements(db: Q, movements: readonly NewStockMovement[]): Promise<StockMovement[]> {
  if (movements.length === 0) return [];
  return db.insertInto("stockMovement").values([...movements]).returning(movementColumns).execute();
}

export async function findStockMovementByRequestId(db: Q, requestId: string): Promise<{ movement: StockMovement; requestPayload: string } | undefined> {
  const row = await db.selectFrom("stockMovement").select([...movementColumns, "requestPayload"]).where("requestId", "=", requestId).executeTakeFirst();
  if (!row) return undefined;
  const { requestPayload, ...movement } = row;
  return { movement, requestPayload: requestPayload ?? "" };
}

/** Exact microseconds of a timestamptz as ISO text: a keyset cursor that round-trips. */
export function exactTimestamp(column: string) {
  return sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export interface MovementFilter {
  productId: string | undefined;
  locationId: string | undefined;
  /** Continue after this (at, id), newest first. */
  after: { at: string; id: string } | undefined;
  limit: number;
}

/** Newest first; a location filter matches either end of a movement, sub-locations included. */
export async function listStockMovements(db: Q, filter: MovementFilter): Promise<(StockMovement & { cursorAt: string })[]> {
  let q = db.selectFrom("stockMovement").select([...movementColumns, exactTimestamp("at").as("cursorAt")]);
  if (filter.productId) q = q.where("productId", "=", filter.productId);
  const locationId = filter.locationId;
  if (locationId) {
    q = q.where((eb) => eb.or([eb("fromLocationId", "in", locationSubtree(locationId)), eb("toLocationId", "in", locationSubtree(locationId))]));
  }
  const after = filter.after;
  if (after) q = q.where(sql<boolean>`(at, id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
  return q.orderBy("at", "desc").orderBy("id", "desc").limit(filter.limit).execute();
}
