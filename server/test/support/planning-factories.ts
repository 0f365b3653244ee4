// Test data for planning, inserted straight into the tables (no other slice's
// service): locations, products with units or stock, kits, accessories, repairs,
// clients and venues; plus event inputs and callers.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { AssetStatus } from "../../src/domain/asset.js";
import type { TrackingMode } from "../../src/domain/inventory.js";
import type { Phase } from "../../src/domain/planning.js";
import type { EventInput } from "../../src/domain/planning.types.js";
import type { CallContext } from "../../src/service/auth.service.js";
import type { Db } from "../../src/store/db.js";

let counter = 0;
export function uniqueCode(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${randomUUID().slice(0, 6)}`;
}

export const planningPermissions = ["planning.read", "planning.manage", "inventory.read", "settings.manage"];

export function planner(permissions: readonly string[] = planningPermissions, userId: string = randomUUID()): CallContext & { principal: { userId: string } } {
  return { principal: { userId, apiKeyId: undefined, permissions: new Set(permissions) }, clientAddress: "test" };
}

export const hour = 3_600_000;
export const day = 24 * hour;
/** A fixed, far-future base so tests never meet "now". */
export const base = Date.UTC(2031, 0, 6);
/** Day `n` (and hour) after the base, as a Date. */
export const at = (n: number, h = 0): Date => new Date(base + n * day + h * hour);

export async function newLocation(db: Db): Promise<string> {
  const code = uniqueCode("LOC");
  const id = randomUUID();
  await db.insertInto("location").values({ id, name: code, code, kind: "WAREHOUSE", parentId: null, warehouseId: id }).execute();
  return id;
}

export interface ProductRow {
  id: string;
  name: string;
}

export async function newProduct(db: Db, o: { tracking?: TrackingMode; name?: string; archived?: boolean } = {}): Promise<ProductRow> {
  const code = uniqueCode("PRD");
  const name = o.name ?? `Product ${code}`;
  const row = await db
    .insertInto("product")
    .values({ code, name, tracking: o.tracking ?? "BULK", dayRateMinor: 1000, replacementMinor: 10000, archived: o.archived ?? false })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, name };
}

export async function newAsset(db: Db, o: { productId: string; locationId: string; status?: AssetStatus; tag?: string }): Promise<{ id: string; tag: string }> {
  const tag = o.tag ?? uniqueCode("AST");
  const row = await db
    .insertInto("asset")
    .values({ productId: o.productId, locationId: o.locationId, tag, status: o.status ?? "AVAILABLE", purchaseCostMinor: 0 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, tag };
}

/** A serialized product with `units` available assets (and optionally some retired or lost). */
export async function serializedProduct(db: Db, locationId: string, units: number, o: { name?: string; retired?: number; lost?: number } = {}) {
  const product = await newProduct(db, { tracking: "SERIALIZED", ...(o.name ? { name: o.name } : {}) });
  const assets = [];
  for (let i = 0; i < units; i++) assets.push(await newAsset(db, { productId: product.id, locationId }));
  for (let i = 0; i < (o.retired ?? 0); i++) await newAsset(db, { productId: product.id, locationId, status: "RETIRED" });
  for (let i = 0; i < (o.lost ?? 0); i++) await newAsset(db, { productId: product.id, locationId, status: "LOST" });
  return { ...product, assets };
}

/** A bulk product with stock spread over the given locations. */
export async function bulkProduct(db: Db, stock: readonly [string, number][], o: { name?: string; tracking?: TrackingMode } = {}): Promise<ProductRow> {
  const product = await newProduct(db, { tracking: o.tracking ?? "BULK", ...(o.name ? { name: o.name } : {}) });
  for (const [locationId, quantity] of stock) await db.insertInto("stockLevel").values({ productId: product.id, locationId, quantity }).execute();
  return product;
}

export async function newKit(db: Db, items: readonly { productId: string; quantity: number; optional?: boolean }[], o: { name?: string; archived?: boolean } = {}): Promise<{ id: string; name: string }> {
  const code = uniqueCode("KIT");
  const name = o.name ?? `Kit ${code}`;
  const row = await db
    .insertInto("kit")
    .values({ code, name, pricing: "AS_UNIT", dayRateMinor: 0, archived: o.archived ?? false })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (items.length > 0) {
    await db
      .insertInto("kitItem")
      .values(items.map((i, position) => ({ kitId: row.id, productId: i.productId, quantity: i.quantity, optional: i.optional ?? false, position })))
      .execute();
  }
  return { id: row.id, name };
}

export async function newAccessory(db: Db, productId: string, accessoryProductId: string, quantity: number): Promise<void> {
  await db.insertInto("productAccessory").values({ productId, accessoryProductId, quantity }).execute();
}

export async function newRepair(db: Db, assetId: string, start: Date, end: Date, state: "OPEN" | "IN_PROGRESS" | "DONE" = "OPEN"): Promise<void> {
  await db
    .insertInto("maintenanceRecord")
    .values({
      assetId,
      kind: "REPAIR",
      state,
      title: "repair",
      costMinor: 0,
      outOfService: sql<string>`tstzrange(${start}::timestamptz, ${end}::timestamptz, '[)')`,
      closedAt: state === "DONE" ? new Date() : null,
    })
    .execute();
}

export async function newClient(db: Db, name = uniqueCode("Client")): Promise<string> {
  return (await db.insertInto("company").values({ name }).returning("id").executeTakeFirstOrThrow()).id;
}

export async function newVenue(db: Db, name = uniqueCode("Venue")): Promise<string> {
  return (await db.insertInto("venue").values({ name }).returning("id").executeTakeFirstOrThrow()).id;
}

export async function setSettings(db: Db, s: { overbookingPolicy?: "BLOCK" | "WARN"; bufferBeforeMinutes?: number; bufferAfterMinutes?: number; eventNumberPrefix?: string }): Promise<void> {
  await db.updateTable("planningSettings").set(s).execute();
}

export function phase(kind: Phase["kind"], start: Date, end: Date, label = ""): Phase {
  return { kind, start, end, label };
}

/** An event input whose out-period is days [from, to) after the base: a show phase, with optional prep before it. */
export function eventInput(from: number, to: number, o: Partial<EventInput> = {}): EventInput {
  return {
    name: `Event ${uniqueCode("E")}`,
    clientId: null,
    contactId: null,
    contactName: "",
    venueId: null,
    projectId: null,
    timeZone: "Europe/Berlin",
    phases: [phase("SHOW", at(from), at(to))],
    notes: "",
    isTemplate: false,
    ...o,
  };
}

/** The error code a promise rejects with; "resolved" if it does not. */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return "resolved";
}

/** The error a promise rejects with (code and metadata). */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; metadata: Record<string, string> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; metadata?: Record<string, string> };
    return { code: e.code ?? String(error), metadata: e.metadata ?? {} };
  }
  return { code: "resolved", metadata: {} };
}
