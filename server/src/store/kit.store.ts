// SQL of kits: named bundles of products with quantities.
import { sql, type Kysely } from "kysely";
import type { Kit, KitItem, KitPricing, Money } from "../domain/inventory.js";
import { likePattern } from "./case.store.js";
import type { Database } from "./schema.js";
import { isConstraintViolation, uniqueViolation } from "./stock.store.js";

type Q = Kysely<Database>;

/** A kit code taken by any scannable code (asset tag, product, case or kit). */
export function isDuplicateKitCode(error: unknown): boolean {
  return isConstraintViolation(error, uniqueViolation, "scan_code_unique") || isConstraintViolation(error, uniqueViolation, "kit_code_unique");
}

const kitColumns = ["id", "code", "name", "description", "pricing", "dayRateMinor", "dayRateCurrency", "archived", "version"] as const;

type KitRow = Awaited<ReturnType<ReturnType<typeof selectKits>["executeTakeFirstOrThrow"]>>;

function selectKits(db: Q) {
  return db.selectFrom("kit").select(kitColumns);
}

async function withItems(db: Q, rows: readonly KitRow[]): Promise<Kit[]> {
  if (rows.length === 0) return [];
  const items = await db
    .selectFrom("kitItem as i")
    .innerJoin("product as p", "p.id", "i.productId")
    .select(["i.kitId", "i.productId", "i.quantity", "i.optional", "p.name as productName"])
    .where("i.kitId", "in", rows.map((r) => r.id))
    .orderBy("i.kitId")
    .orderBy("i.position")
    .execute();
  const byKit = new Map<string, KitItem[]>();
  for (const { kitId, ...item } of items) byKit.set(kitId, [...(byKit.get(kitId) ?? []), item]);
  return rows.map(({ dayRateMinor, dayRateCurrency, ...kit }) => ({
    ...kit,
    dayRate: { amountMinor: BigInt(dayRateMinor), currency: dayRateCurrency },
    items: byKit.get(kit.id) ?? [],
  }));
}

export async function findKitById(db: Q, id: string): Promise<Kit | undefined> {
  const row = await selectKits(db).where("id", "=", id).executeTakeFirst();
  return row ? (await withItems(db, [row]))[0] : undefined;
}

export async function lockKit(db: Q, id: string): Promise<Kit | undefined> {
  const row = await selectKits(db).where("id", "=", id).forUpdate().executeTakeFirst();
  return row ? (await withItems(db, [row]))[0] : undefined;
}

/** By name; `query` matches code or name. */
export async function listKits(db: Q, filter: { includeArchived: boolean; query: string }): Promise<Kit[]> {
  let q = selectKits(db);
  if (!filter.includeArchived) q = q.where("archived", "=", false);
  if (filter.query.trim() !== "") {
    const pattern = likePattern(filter.query.trim());
    q = q.where((eb) => eb.or([eb(sql`lower(code)`, "like", pattern), eb(sql`lower(name)`, "like", pattern)]));
  }
  return withItems(db, await q.orderBy(sql`lower(name)`).orderBy("id").execute());
}

export interface KitFields {
  code: string;
  name: string;
  description: string;
  pricing: KitPricing;
  dayRate: Money;
  archived: boolean;
}

function columns(fields: KitFields) {
  return {
    code: fields.code,
    name: fields.name,
    description: fields.description,
    pricing: fields.pricing,
    dayRateMinor: fields.dayRate.amountMinor.toString(),
    dayRateCurrency: fields.dayRate.currency,
    archived: fields.archived,
  };
}

export async function insertKit(db: Q, fields: KitFields, now: Date): Promise<string> {
  const row = await db.insertInto("kit").values({ ...columns(fields), createdAt: now }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** Optimistic update: false when the version moved on. */
export async function updateKit(db: Q, id: string, version: number, fields: KitFields): Promise<boolean> {
  const result = await db
    .updateTable("kit")
    .set({ ...columns(fields), version: sql<number>`version + 1` })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function replaceKitItems(db: Q, kitId: string, items: readonly Omit<KitItem, "productName">[]): Promise<void> {
  await db.deleteFrom("kitItem").where("kitId", "=", kitId).execute();
  if (items.length === 0) return;
  await db
    .insertInto("kitItem")
    .values(items.map((item, position) => ({ kitId, productId: item.productId, quantity: item.quantity, optional: item.optional, position })))
    .execute();
}
