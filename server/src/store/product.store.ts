// SQL of products, their accessories and what refers to them.
import { sql, type Expression, type SqlBool } from "kysely";
import type { AccessoryEdge, AccessoryInput, ProductDraft, ProductUsage } from "../domain/catalogue.js";
import type { Accessory, Product, StockLevel, TrackingMode } from "../domain/inventory.js";
import { categorySubtree } from "./category.store.js";
import type { Db } from "./db.js";

export type ProductSort = "NAME" | "CODE" | "UPDATED_DESC";

export interface ProductFilter {
  /** Name or code contains this (case-insensitive); "" for all. */
  query: string;
  categoryId: string | undefined;
  tracking: TrackingMode | undefined;
  /** A normalized tag, or undefined. */
  tag: string | undefined;
  includeArchived: boolean;
}

/** Where a page ends: the sort key of its last row (null when too long for a token) and its id. */
export interface ProductCursor {
  key: string | null;
  id: string;
}

/** `%` and `_` in user text match themselves. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface ProductRow {
  id: string;
  code: string;
  name: string;
  description: string;
  categoryId: string | null;
  tracking: TrackingMode;
  dayRateMinor: string;
  dayRateCurrency: string;
  replacementMinor: string;
  replacementCurrency: string;
  weightGrams: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  volumeCm3: string;
  tags: string[];
  customFields: string;
  inspectionIntervalDays: number;
  archived: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  quantityOwned: number;
  accessories: (Accessory & { code: string })[];
}

/**
 * A product row with what is computed per product: units owned (serialized:
 * rentable assets; bulk and consumable: total stock) and its accessories.
 * Both are correlated subqueries on indexed columns, evaluated only for the
 * rows the query returns.
 */
function selectProducts(db: Db) {
  return db
    .selectFrom("product as p")
    .select([
      "p.id",
      "p.code",
      "p.name",
      "p.description",
      "p.categoryId",
      "p.tracking",
      "p.dayRateMinor",
      "p.dayRateCurrency",
      "p.replacementMinor",
      "p.replacementCurrency",
      "p.weightGrams",
      "p.lengthMm",
      "p.widthMm",
      "p.heightMm",
      "p.volumeCm3",
      "p.tags",
      "p.inspectionIntervalDays",
      "p.archived",
      "p.version",
      "p.createdAt",
      "p.updatedAt",
    ])
    .select([
      // As text: the camel-case plugin would rename the keys of a JSON object.
      sql<string>`p.custom_fields::text`.as("customFields"),
      sql<number>`CASE WHEN p.tracking = 'SERIALIZED'
        THEN (SELECT count(*)::int FROM asset a WHERE a.product_id = p.id AND a.status NOT IN ('RETIRED', 'LOST'))
        ELSE (SELECT coalesce(sum(s.quantity), 0)::int FROM stock_level s WHERE s.product_id = p.id) END`.as("quantityOwned"),
      sql<ProductRow["accessories"]>`coalesce((
        SELECT json_agg(json_build_object('product_id', pa.accessory_product_id, 'quantity', pa.quantity, 'charged', pa.charged, 'product_name', ap.name, 'code', ap.code) ORDER BY pa.position)
        FROM product_accessory pa JOIN product ap ON ap.id = pa.accessory_product_id WHERE pa.product_id = p.id), '[]'::json)`.as("accessories"),
    ]);
}

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    categoryId: row.categoryId,
    tracking: row.tracking,
    dayRate: { amountMinor: BigInt(row.dayRateMinor), currency: row.dayRateCurrency },
    replacementValue: { amountMinor: BigInt(row.replacementMinor), currency: row.replacementCurrency },
    dimensions: { weightGrams: row.weightGrams, lengthMm: row.lengthMm, widthMm: row.widthMm, heightMm: row.heightMm },
    volumeCm3: BigInt(row.volumeCm3),
    tags: row.tags,
    customFields: JSON.parse(row.customFields) as Record<string, string>,
    accessories: row.accessories.map((a) => ({ productId: a.productId, quantity: a.quantity, charged: a.charged, productName: a.productName })),
    inspectionIntervalDays: row.inspectionIntervalDays,
    archived: row.archived,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    quantityOwned: row.quantityOwned,
  };
}

function filterWhere(filter: Omit<ProductFilter, "includeArchived"> & { includeArchived: boolean }): Expression<SqlBool>[] {
  const where: Expression<SqlBool>[] = [];
  if (!filter.includeArchived) where.push(sql<SqlBool>`NOT p.archived`);
  if (filter.query !== "") {
    const pattern = `%${likeEscape(filter.query.toLowerCase())}%`;
    where.push(sql<SqlBool>`(lower(p.name) LIKE ${pattern} OR lower(p.code) LIKE ${pattern})`);
  }
  if (filter.categoryId !== undefined) where.push(sql<SqlBool>`p.category_id IN ${categorySubtree(filter.categoryId)}`);
  if (filter.tracking !== undefined) where.push(sql<SqlBool>`p.tracking = ${filter.tracking}`);
  if (filter.tag !== undefined) where.push(sql<SqlBool>`p.tags @> ARRAY[${filter.tag}]::text[]`);
  return where;
}

/** Sort keys short enough to travel in a page token; longer ones are looked up by id. */
const maxKeyLength = 120;

/** One page in keyset order, `limit` rows after `after`, each with the key to continue after it. */
export async function listProducts(db: Db, filter: ProductFilter, sort: ProductSort, after: ProductCursor | undefined, limit: number): Promise<{ product: Product; cursor: ProductCursor }[]> {
  let q = selectProducts(db);
  for (const w of filterWhere(filter)) q = q.where(w);
  let key;
  switch (sort) {
    case "NAME":
      key = sql<string>`lower(p.name)`;
      if (after) q = q.where(sql<SqlBool>`(lower(p.name), p.id) > ${after.key === null ? sql`(SELECT lower(name), id FROM product WHERE id = ${after.id})` : sql`(${after.key}, ${after.id}::uuid)`}`);
      q = q.orderBy(sql`lower(p.name)`).orderBy("p.id");
      break;
    case "CODE":
      // Codes are unique case-insensitively: the code alone is the key (index product_code_unique).
      key = sql<string>`lower(p.code)`;
      if (after) q = q.where(sql<SqlBool>`lower(p.code) > ${after.key ?? sql`(SELECT lower(code) FROM product WHERE id = ${after.id})`}`);
      q = q.orderBy(sql`lower(p.code)`);
      break;
    case "UPDATED_DESC":
      // Microseconds in UTC: a JavaScript Date would lose them and skip rows.
      key = sql<string>`to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
      if (after) q = q.where(sql<SqlBool>`(p.updated_at, p.id) < ${after.key === null ? sql`(SELECT updated_at, id FROM product WHERE id = ${after.id})` : sql`(${after.key}::timestamptz, ${after.id}::uuid)`}`);
      q = q.orderBy("p.updatedAt", "desc").orderBy("p.id", "desc");
      break;
  }
  const rows = (await q.select(key.as("sortKey")).limit(limit).execute()) as (ProductRow & { sortKey: string })[];
  return rows.map((row) => ({ product: toProduct(row), cursor: { key: row.sortKey.length <= maxKeyLength ? row.sortKey : null, id: row.id } }));
}

export async function findProduct(db: Db, id: string): Promise<Product | undefined> {
  const row = await selectProducts(db).where("p.id", "=", id).executeTakeFirst();
  return row ? toProduct(row) : undefined;
}

export interface ProductRef {
  id: string;
  name: string;
  tracking: TrackingMode;
  archived: boolean;
}

/** The products among `ids` that exist, by id (no lock). */
export async function findProductRefs(db: Db, ids: readonly string[]): Promise<Map<string, ProductRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("product").select(["id", "name", "tracking", "archived"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The product's row, locked against change until the transaction ends. */
export async function lockProduct(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom("product").select("id").where("id", "=", id).forUpdate().executeTakeFirst()) !== undefined;
}

/** Kept from change (tracking, archiving) until the transaction ends; units are being added. */
export async function shareProduct(db: Db, id: string): Promise<{ id: string; code: string; name: string; tracking: TrackingMode; archived: boolean } | undefined> {
  return db.selectFrom("product").select(["id", "code", "name", "tracking", "archived"]).where("id", "=", id).forShare().executeTakeFirst();
}

/** Existing products among `ids`, kept from deletion until the transaction ends. */
export async function shareProducts(db: Db, ids: readonly string[]): Promise<{ id: string; code: string; name: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("product").select(["id", "code", "name"]).where("id", "in", ids).orderBy("id").forShare().execute();
}

export async function shareProductsByCodes(db: Db, codes: readonly string[]): Promise<{ id: string; code: string; tracking: TrackingMode; archived: boolean }[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom("product")
    .select(["id", "code", "tracking", "archived"])
    .where(sql<SqlBool>`lower(code) = ANY(${codes.map((c) => c.toLowerCase())}::text[])`)
    .orderBy("id")
    .forShare()
    .execute();
}

function draftColumns(draft: Omit<ProductDraft, "accessories">) {
  return {
    code: draft.code,
    name: draft.name,
    description: draft.description,
    categoryId: draft.categoryId,
    tracking: draft.tracking,
    dayRateMinor: draft.dayRate.amountMinor.toString(),
    dayRateCurrency: draft.dayRate.currency,
    replacementMinor: draft.replacementValue.amountMinor.toString(),
    replacementCurrency: draft.replacementValue.currency,
    weightGrams: draft.dimensions.weightGrams,
    lengthMm: draft.dimensions.lengthMm,
    widthMm: draft.dimensions.widthMm,
    heightMm: draft.dimensions.heightMm,
    tags: draft.tags,
    customFields: JSON.stringify(draft.customFields),
    inspectionIntervalDays: draft.inspectionIntervalDays,
    archived: draft.archived,
  };
}

/** Inserts products (in batches, within the parameter limit); returns their ids by lower-case code. */
export async function insertProducts(db: Db, drafts: readonly Omit<ProductDraft, "accessories">[], now: Date): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < drafts.length; i += 1000) {
    const rows = await db
      .insertInto("product")
      .values(drafts.slice(i, i + 1000).map((d) => ({ ...draftColumns(d), createdAt: now, updatedAt: now })))
      .returning(["id", "code"])
      .execute();
    for (const row of rows) ids.set(row.code.toLowerCase(), row.id);
  }
  return ids;
}

/** Undefined when the version is stale. */
export async function updateProduct(db: Db, id: string, version: number, draft: Omit<ProductDraft, "accessories">, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("product")
    .set({ ...draftColumns(draft), updatedAt: now, version: sql`version + 1` })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteProduct(db: Db, id: string): Promise<void> {
  await db.deleteFrom("product").where("id", "=", id).execute();
}

/** Replaces the accessories of products, keeping their order. */
export async function replaceAccessories(db: Db, byProduct: ReadonlyMap<string, readonly AccessoryInput[]>): Promise<void> {
  const productIds = [...byProduct.keys()];
  if (productIds.length === 0) return;
  await db.deleteFrom("productAccessory").where("productId", "in", productIds).execute();
  const rows = [...byProduct].flatMap(([productId, list]) =>
    list.map((a, position) => ({ productId, accessoryProductId: a.productId, quantity: a.quantity, charged: a.charged, position })),
  );
  for (let i = 0; i < rows.length; i += 5000) await db.insertInto("productAccessory").values(rows.slice(i, i + 5000)).execute();
}

/** Accessory links are changed one transaction at a time, so two changes cannot close a loop together. */
export async function lockAccessoryGraph(db: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('eventkit.product_accessory'))`.execute(db);
}

/** Every accessory link reachable from these products (the part of the graph a loop would run through). */
export async function accessoryEdgesFrom(db: Db, productIds: readonly string[]): Promise<AccessoryEdge[]> {
  if (productIds.length === 0) return [];
  const { rows } = await sql<AccessoryEdge>`
    WITH RECURSIVE reach AS (
      SELECT product_id, accessory_product_id FROM product_accessory WHERE product_id = ANY(${productIds}::uuid[])
      UNION
      SELECT pa.product_id, pa.accessory_product_id FROM product_accessory pa JOIN reach ON pa.product_id = reach.accessory_product_id
    )
    SELECT product_id, accessory_product_id FROM reach`.execute(db);
  return rows;
}

export async function productUsage(db: Db, id: string): Promise<ProductUsage> {
  const { rows } = await sql<ProductUsage>`
    SELECT (SELECT count(*)::int FROM asset WHERE product_id = ${id}) AS assets,
           (SELECT count(*)::int FROM stock_level WHERE product_id = ${id}) AS stock_levels,
           (SELECT count(*)::int FROM stock_movement WHERE product_id = ${id}) AS stock_movements,
           (SELECT count(*)::int FROM kit_item WHERE product_id = ${id}) AS kit_items,
           (SELECT count(*)::int FROM case_bulk_content WHERE product_id = ${id}) AS case_contents,
           (SELECT count(*)::int FROM product_accessory WHERE accessory_product_id = ${id}) AS accessory_of`.execute(db);
  const usage = rows[0];
  if (!usage) throw new Error("usage query returned no row");
  return usage;
}

export async function stockOfProduct(db: Db, id: string): Promise<StockLevel[]> {
  return db
    .selectFrom("stockLevel as s")
    .innerJoin("location as l", "l.id", "s.locationId")
    .select(["s.productId", "s.locationId", "s.quantity"])
    .where("s.productId", "=", id)
    .orderBy(sql`lower(l.code)`)
    .execute();
}

export async function assetsByStatus(db: Db, id: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("asset")
    .select(["status", sql<number>`count(*)::int`.as("n")])
    .where("productId", "=", id)
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export interface ProductExport extends Product {
  accessoryCodes: { code: string; quantity: number; charged: boolean }[];
}

/** Every product matching the filter (archived ones too), by code, in one query. */
export async function exportProducts(db: Db, filter: { query: string; categoryId: string | undefined }): Promise<ProductExport[]> {
  let q = selectProducts(db);
  for (const w of filterWhere({ ...filter, tracking: undefined, tag: undefined, includeArchived: true })) q = q.where(w);
  const rows = (await q.orderBy(sql`lower(p.code)`).execute()) as ProductRow[];
  return rows.map((row) => ({ ...toProduct(row), accessoryCodes: row.accessories.map((a) => ({ code: a.code, quantity: a.quantity, charged: a.charged })) }));
}
