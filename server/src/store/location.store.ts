// SQL of warehouses and their zones, shelves and bins.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Location, LocationKind } from "../domain/inventory.js";
import type { Db } from "./db.js";

const columns = ["id", "name", "code", "kind", "parentId", "warehouseId", "address", "archived", "version"] as const;

export async function listLocations(db: Db, includeArchived: boolean): Promise<Location[]> {
  let q = db.selectFrom("location").select(columns);
  if (!includeArchived) q = q.where("archived", "=", false);
  return q.execute();
}

export async function findLocation(db: Db, id: string): Promise<Location | undefined> {
  return db.selectFrom("location").select(columns).where("id", "=", id).executeTakeFirst();
}

/** The locations among `ids` that exist, by id. */
export async function findLocations(db: Db, ids: readonly string[]): Promise<Map<string, Location>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("location").select(columns).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Locked against change until the transaction ends. */
export async function lockLocation(db: Db, id: string): Promise<Location | undefined> {
  return db.selectFrom("location").select(columns).where("id", "=", id).forUpdate().executeTakeFirst();
}

/** Kept from being archived until the transaction ends (things are being put there). */
export async function shareLocation(db: Db, id: string): Promise<Location | undefined> {
  return db.selectFrom("location").select(columns).where("id", "=", id).forShare().executeTakeFirst();
}

export async function shareLocationsByCodes(db: Db, codes: readonly string[]): Promise<Location[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom("location")
    .select(columns)
    .where(sql<boolean>`lower(code) = ANY(${codes.map((c) => c.toLowerCase())}::text[])`)
    .forShare()
    .execute();
}

export async function insertLocation(db: Db, row: { name: string; code: string; kind: LocationKind; parentId: string | null; warehouseId: string | null; address: string }): Promise<Location> {
  // A warehouse is its own warehouse: its id is chosen here so warehouse_id can name it.
  const id = randomUUID();
  return db
    .insertInto("location")
    .values({ ...row, id, warehouseId: row.warehouseId ?? id })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** Undefined when the version is stale. */
export async function updateLocation(db: Db, id: string, version: number, row: { name: string; address: string; archived: boolean }): Promise<Location | undefined> {
  return db
    .updateTable("location")
    .set({ ...row, version: sql`version + 1` })
    .where("id", "=", id)
    .where("version", "=", version)
    .returning(columns)
    .executeTakeFirst();
}

/** Archives everything below a location; returns how many changed. */
export async function archiveDescendants(db: Db, id: string): Promise<number> {
  const result = await sql`
    WITH RECURSIVE below AS (
      SELECT id FROM location WHERE parent_id = ${id}
      UNION ALL
      SELECT l.id FROM location l JOIN below ON l.parent_id = below.id
    )
    UPDATE location SET archived = true, version = version + 1
    WHERE id IN (SELECT id FROM below) AND NOT archived`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** SQL for "this location and every location below it". */
export function locationSubtree(id: string) {
  return sql<string>`(WITH RECURSIVE below AS (
      SELECT id FROM location WHERE id = ${id}
      UNION ALL
      SELECT l.id FROM location l JOIN below ON l.parent_id = below.id
    ) SELECT id FROM below)`;
}
