// Test data for scanning, inserted straight into the tables: users (sessions
// and scans name real users), locations with sub-locations, products, units,
// stock, cases and events with own-stock pull-list lines; plus callers.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { AssetStatus } from "../../src/domain/asset.js";
import type { ScanInput } from "../../src/domain/scanning.js";
import type { CallContext } from "../../src/service/auth.service.js";
import type { Db } from "../../src/store/db.js";

let counter = 0;
export function uniqueCode(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${randomUUID().slice(0, 6)}`;
}

export const scannerPermissions = ["scanning.read", "scanning.use", "inventory.read", "planning.read"];

export type Caller = CallContext & { principal: { userId: string } };

/** A user row and a caller acting as that user. */
export async function newScanner(db: Db, permissions: readonly string[] = scannerPermissions): Promise<Caller> {
  const email = `${uniqueCode("scan")}@example.com`.toLowerCase();
  const row = await db
    .insertInto("appUser")
    .values({ email, displayName: `Scanner ${email.slice(5, 12)}`, passwordHash: null, updatedAt: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { principal: { userId: row.id, apiKeyId: undefined, permissions: new Set(permissions) }, clientAddress: "test" };
}

export async function newLocation(db: Db, parent?: { id: string; warehouseId: string }): Promise<{ id: string; warehouseId: string; code: string }> {
  const code = uniqueCode("LOC");
  const id = randomUUID();
  await db
    .insertInto("location")
    .values({ id, name: `Location ${code}`, code, kind: parent ? "SHELF" : "WAREHOUSE", parentId: parent?.id ?? null, warehouseId: parent?.warehouseId ?? id })
    .execute();
  return { id, warehouseId: parent?.warehouseId ?? id, code };
}

export async function newProduct(db: Db, tracking: "SERIALIZED" | "BULK" = "SERIALIZED", name?: string): Promise<{ id: string; code: string; name: string }> {
  const code = uniqueCode("PRD");
  const label = name ?? `Product ${code}`;
  const row = await db.insertInto("product").values({ code, name: label, tracking, dayRateMinor: 0, replacementMinor: 0 }).returning("id").executeTakeFirstOrThrow();
  return { id: row.id, code, name: label };
}

export async function newUnits(db: Db, productId: string, locationId: string, count: number, status: AssetStatus = "AVAILABLE"): Promise<{ id: string; tag: string }[]> {
  const units = [];
  for (let i = 0; i < count; i++) {
    const tag = uniqueCode("U");
    const row = await db.insertInto("asset").values({ productId, locationId, tag, status, purchaseCostMinor: 0 }).returning("id").executeTakeFirstOrThrow();
    units.push({ id: row.id, tag });
  }
  return units;
}

export async function newStock(db: Db, productId: string, locationId: string, quantity: number): Promise<void> {
  await db.insertInto("stockLevel").values({ productId, locationId, quantity }).execute();
}

export async function stockLevel(db: Db, productId: string, locationId: string): Promise<number> {
  const row = await db.selectFrom("stockLevel").select("quantity").where("productId", "=", productId).where("locationId", "=", locationId).executeTakeFirst();
  return row?.quantity ?? 0;
}

export async function newCase(db: Db, locationId: string, parentCaseId: string | null = null): Promise<{ id: string; code: string }> {
  const code = uniqueCode("C");
  const row = await db
    .insertInto("equipmentCase")
    .values({ code, name: `Case ${code}`, kind: "TEMPORARY", locationId, parentCaseId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, code };
}

export async function putInCase(db: Db, assetIds: readonly string[], caseId: string): Promise<void> {
  await db.updateTable("asset").set({ caseId }).where("id", "in", [...assetIds]).execute();
}

const day = 24 * 3_600_000;
const base = Date.UTC(2031, 5, 1);

/** An event (confirmed unless told) over days [from, to) after a fixed base, with own-stock lines. */
export async function newEvent(
  db: Db,
  lines: readonly ({ productId: string; quantity: number } | { productId: string; assetId: string })[],
  o: { status?: "CONFIRMED" | "ENQUIRY" | "OUT" | "CANCELLED"; from?: number; to?: number } = {},
): Promise<{ id: string; number: string; lineIds: string[] }> {
  const number = uniqueCode("EV");
  const start = new Date(base + (o.from ?? 0) * day);
  const end = new Date(base + (o.to ?? 3) * day);
  const event = await db
    .insertInto("event")
    .values({ number, name: `Event ${number}`, status: o.status ?? "CONFIRMED", outPeriod: sql<string>`tstzrange(${start}::timestamptz, ${end}::timestamptz, '[)')` })
    .returning("id")
    .executeTakeFirstOrThrow();
  const section = await db.insertInto("pullListSection").values({ eventId: event.id, name: "Main", position: 0 }).returning("id").executeTakeFirstOrThrow();
  const lineIds: string[] = [];
  for (const [position, l] of lines.entries()) {
    const isAsset = "assetId" in l;
    const row = await db
      .insertInto("pullListLine")
      .values({
        eventId: event.id,
        sectionId: section.id,
        kind: isAsset ? "ASSET" : "PRODUCT",
        productId: l.productId,
        assetId: isAsset ? l.assetId : null,
        quantity: isAsset ? 1 : l.quantity,
        costMinor: 0,
        position,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    lineIds.push(row.id);
    if (isAsset) {
      await db.insertInto("assetBooking").values({ lineId: row.id, assetId: l.assetId, eventId: event.id, period: sql<string>`tstzrange(${start}::timestamptz, ${end}::timestamptz, '[)')` }).execute();
    }
  }
  return { id: event.id, number, lineIds };
}

export async function lineCounts(db: Db, lineId: string): Promise<{ picked: number; checkedOut: number; returned: number }> {
  return db.selectFrom("pullListLine").select(["picked", "checkedOut", "returned"]).where("id", "=", lineId).executeTakeFirstOrThrow();
}

export async function unit(db: Db, id: string) {
  return db.selectFrom("asset").select(["status", "locationId", "caseId"]).where("id", "=", id).executeTakeFirstOrThrow();
}

/** A scan input with a fresh scan id. */
export function scanOf(sessionId: string, code: string, o: Partial<ScanInput> = {}): ScanInput {
  return { sessionId, scanId: randomUUID(), code, quantity: 0, override: false, overrideNote: "", damaged: false, damageNote: "", remove: false, ...o };
}

/** The error code and metadata a promise rejects with. */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; metadata: Record<string, string> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; metadata?: Record<string, string> };
    return { code: e.code ?? String(error), metadata: e.metadata ?? {} };
  }
  return { code: "resolved", metadata: {} };
}
