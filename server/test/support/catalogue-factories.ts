// Test data for the catalogue slice, inserted with Kysely (no service involved).
import { randomUUID } from "node:crypto";
import type { AssetStatus } from "../../src/domain/asset.js";
import type { LocationKind, TrackingMode } from "../../src/domain/inventory.js";
import type { CallContext } from "../../src/service/auth.service.js";
import type { Db } from "../../src/store/db.js";

let sequence = 0;
/** A code no other factory call has returned. */
export function uniqueCode(prefix = "T"): string {
  sequence += 1;
  return `${prefix}-${sequence}-${randomUUID().slice(0, 6)}`;
}

export function caller(permissions: readonly string[], userId = randomUUID()): CallContext {
  return { principal: { userId, apiKeyId: undefined, permissions: new Set(permissions) }, clientAddress: "test" };
}

export const manager = (): CallContext => caller(["inventory.read", "inventory.manage", "data.export"]);
export const reader = (): CallContext => caller(["inventory.read"]);

export async function newCategory(db: Db, overrides: { name?: string; parentId?: string | null } = {}): Promise<{ id: string; name: string; version: number }> {
  return db
    .insertInto("category")
    .values({ name: overrides.name ?? uniqueCode("Category"), parentId: overrides.parentId ?? null })
    .returning(["id", "name", "version"])
    .executeTakeFirstOrThrow();
}

export async function newLocation(
  db: Db,
  overrides: { name?: string; code?: string; kind?: LocationKind; parent?: { id: string; warehouseId: string }; archived?: boolean } = {},
): Promise<{ id: string; code: string; warehouseId: string; version: number }> {
  const id = randomUUID();
  const kind = overrides.kind ?? (overrides.parent ? "ZONE" : "WAREHOUSE");
  return db
    .insertInto("location")
    .values({
      id,
      name: overrides.name ?? uniqueCode("Location"),
      code: overrides.code ?? uniqueCode("LOC"),
      kind,
      parentId: overrides.parent?.id ?? null,
      warehouseId: overrides.parent?.warehouseId ?? id,
      archived: overrides.archived ?? false,
    })
    .returning(["id", "code", "warehouseId", "version"])
    .executeTakeFirstOrThrow();
}

export interface ProductOverrides {
  code?: string;
  name?: string;
  tracking?: TrackingMode;
  categoryId?: string | null;
  tags?: string[];
  archived?: boolean;
  updatedAt?: Date;
  dayRateMinor?: bigint;
}

export async function newProduct(db: Db, overrides: ProductOverrides = {}): Promise<{ id: string; code: string; name: string; version: number }> {
  return db
    .insertInto("product")
    .values({
      code: overrides.code ?? uniqueCode("P"),
      name: overrides.name ?? uniqueCode("Product"),
      tracking: overrides.tracking ?? "SERIALIZED",
      categoryId: overrides.categoryId ?? null,
      dayRateMinor: (overrides.dayRateMinor ?? 1000n).toString(),
      replacementMinor: "0",
      tags: overrides.tags ?? [],
      archived: overrides.archived ?? false,
      ...(overrides.updatedAt ? { updatedAt: overrides.updatedAt } : {}),
    })
    .returning(["id", "code", "name", "version"])
    .executeTakeFirstOrThrow();
}

export async function newAccessory(db: Db, productId: string, accessoryProductId: string, quantity = 1): Promise<void> {
  await db.insertInto("productAccessory").values({ productId, accessoryProductId, quantity }).execute();
}

export async function newAsset(
  db: Db,
  overrides: { productId: string; locationId: string; tag?: string; serialNumber?: string; status?: AssetStatus; caseId?: string | null },
): Promise<{ id: string; tag: string; version: number }> {
  return db
    .insertInto("asset")
    .values({
      productId: overrides.productId,
      locationId: overrides.locationId,
      tag: overrides.tag ?? uniqueCode("AT"),
      serialNumber: overrides.serialNumber ?? "",
      status: overrides.status ?? "AVAILABLE",
      caseId: overrides.caseId ?? null,
      purchaseCostMinor: "0",
    })
    .returning(["id", "tag", "version"])
    .executeTakeFirstOrThrow();
}

export async function newStock(db: Db, productId: string, locationId: string, quantity: number): Promise<void> {
  await db.insertInto("stockLevel").values({ productId, locationId, quantity }).execute();
}

export async function newCase(db: Db, overrides: { locationId: string; code?: string; name?: string; parentCaseId?: string | null }): Promise<{ id: string; code: string }> {
  return db
    .insertInto("equipmentCase")
    .values({ code: overrides.code ?? uniqueCode("CASE"), name: overrides.name ?? "Case", kind: "TEMPORARY", locationId: overrides.locationId, parentCaseId: overrides.parentCaseId ?? null })
    .returning(["id", "code"])
    .executeTakeFirstOrThrow();
}

export async function newKit(db: Db, items: { productId: string; quantity: number }[], code = uniqueCode("KIT")): Promise<{ id: string; code: string }> {
  const kit = await db.insertInto("kit").values({ code, name: "Kit", pricing: "PER_ITEM", dayRateMinor: "0" }).returning(["id", "code"]).executeTakeFirstOrThrow();
  if (items.length > 0) await db.insertInto("kitItem").values(items.map((i) => ({ kitId: kit.id, ...i }))).execute();
  return kit;
}
