// SQL of serialized assets and their history.
import { sql, type Expression, type SqlBool } from "kysely";
import type { AssetPatch } from "../domain/catalogue.js";
import type { AssetStatus } from "../domain/asset.js";
import type { Asset, AssetHistoryEntry, Money } from "../domain/inventory.js";
import type { Db } from "./db.js";
import { locationSubtree } from "./location.store.js";
import { likeEscape } from "./product.store.js";

export interface AssetFilter {
  productId: string | undefined;
  /** At this location or anywhere below it. */
  locationId: string | undefined;
  caseId: string | undefined;
  statuses: AssetStatus[];
  /** Tag or serial number starts with this (case-insensitive); "" for all. */
  query: string;
}

interface AssetRow {
  id: string;
  productId: string;
  productName: string;
  tag: string;
  serialNumber: string;
  status: AssetStatus;
  locationId: string;
  caseId: string | null;
  purchaseDate: string | null;
  purchaseCostMinor: string;
  purchaseCostCurrency: string;
  condition: string;
  notes: string;
  version: number;
  createdAt: Date;
}

/** Asset rows with their product's name; map them with `toAsset`. */
export function selectAssets(db: Db) {
  return db
    .selectFrom("asset as a")
    .innerJoin("product as p", "p.id", "a.productId")
    .select([
      "a.id",
      "a.productId",
      "p.name as productName",
      "a.tag",
      "a.serialNumber",
      "a.status",
      "a.locationId",
      "a.caseId",
      // As text: node-postgres would turn a date into local midnight.
      sql<string | null>`to_char(a.purchase_date, 'YYYY-MM-DD')`.as("purchaseDate"),
      "a.purchaseCostMinor",
      "a.purchaseCostCurrency",
      "a.condition",
      "a.notes",
      "a.version",
      "a.createdAt",
    ]);
}

export function toAsset(row: AssetRow): Asset {
  return {
    id: row.id,
    productId: row.productId,
    productName: row.productName,
    tag: row.tag,
    serialNumber: row.serialNumber,
    status: row.status,
    locationId: row.locationId,
    caseId: row.caseId,
    purchaseDate: row.purchaseDate,
    purchaseCost: { amountMinor: BigInt(row.purchaseCostMinor), currency: row.purchaseCostCurrency },
    condition: row.condition,
    notes: row.notes,
    version: row.version,
    createdAt: row.createdAt,
  };
}

function filterWhere(filter: Partial<AssetFilter>): Expression<SqlBool>[] {
  const where: Expression<SqlBool>[] = [];
  if (filter.productId !== undefined) where.push(sql<SqlBool>`a.product_id = ${filter.productId}`);
  if (filter.locationId !== undefined) where.push(sql<SqlBool>`a.location_id IN ${locationSubtree(filter.locationId)}`);
  if (filter.caseId !== undefined) where.push(sql<SqlBool>`a.case_id = ${filter.caseId}`);
  if (filter.statuses && filter.statuses.length > 0) where.push(sql<SqlBool>`a.status = ANY(${filter.statuses}::text[])`);
  if (filter.query !== undefined && filter.query !== "") {
    const pattern = `${likeEscape(filter.query.toLowerCase())}%`;
    where.push(sql<SqlBool>`(lower(a.tag) LIKE ${pattern} OR (a.serial_number <> '' AND lower(a.serial_number) LIKE ${pattern}))`);
  }
  return where;
}

/** One page ordered by tag (case-insensitive, unique), after the tag `afterTag`. */
export async function listAssets(db: Db, filter: AssetFilter, afterTag: string | undefined, limit: number): Promise<Asset[]> {
  let q = selectAssets(db);
  for (const w of filterWhere(filter)) q = q.where(w);
  if (afterTag !== undefined) q = q.where(sql<SqlBool>`lower(a.tag) > ${afterTag}`);
  const rows = await q.orderBy(sql`lower(a.tag)`).limit(limit).execute();
  return rows.map(toAsset);
}

export async function findAsset(db: Db, id: string): Promise<Asset | undefined> {
  const row = await selectAssets(db).where("a.id", "=", id).executeTakeFirst();
  return row ? toAsset(row) : undefined;
}

/** The asset, locked against change until the transaction ends. */
export async function lockAsset(db: Db, id: string): Promise<Asset | undefined> {
  const row = await selectAssets(db).where("a.id", "=", id).forUpdate("a").executeTakeFirst();
  return row ? toAsset(row) : undefined;
}

export async function findAssetsByIds(db: Db, ids: readonly string[]): Promise<Asset[]> {
  if (ids.length === 0) return [];
  const rows = await selectAssets(db).where("a.id", "in", ids).orderBy(sql`lower(a.tag)`).execute();
  return rows.map(toAsset);
}

export interface NewAsset {
  productId: string;
  tag: string;
  serialNumber: string;
  status: AssetStatus;
  locationId: string;
  purchaseDate: string | null;
  purchaseCost: Money;
  condition: string;
  notes: string;
}

/** Inserts assets in batches within the parameter limit; returns their ids in input order. */
export async function insertAssets(db: Db, assets: readonly NewAsset[], now: Date): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < assets.length; i += 2000) {
    const rows = await db
      .insertInto("asset")
      .values(
        assets.slice(i, i + 2000).map((a) => ({
          productId: a.productId,
          tag: a.tag,
          serialNumber: a.serialNumber,
          status: a.status,
          locationId: a.locationId,
          purchaseDate: a.purchaseDate,
          purchaseCostMinor: a.purchaseCost.amountMinor.toString(),
          purchaseCostCurrency: a.purchaseCost.currency,
          condition: a.condition,
          notes: a.notes,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning(["id", "tag"])
      .execute();
    // RETURNING follows the VALUES order for a plain INSERT; match by tag all the same.
    const byTag = new Map(rows.map((r) => [r.tag, r.id]));
    for (const a of assets.slice(i, i + 2000)) {
      const id = byTag.get(a.tag);
      if (id === undefined) throw new Error(`inserted asset ${a.tag} not returned`);
      ids.push(id);
    }
  }
  return ids;
}

export async function updateAsset(db: Db, id: string, version: number, patch: AssetPatch, now: Date): Promise<boolean> {
  const { purchaseCost, ...rest } = patch;
  const result = await db
    .updateTable("asset")
    .set({
      ...rest,
      ...(purchaseCost ? { purchaseCostMinor: purchaseCost.amountMinor.toString(), purchaseCostCurrency: purchaseCost.currency } : {}),
      updatedAt: now,
      version: sql`version + 1`,
    })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Newest first. */
export async function assetHistory(db: Db, assetId: string, limit: number): Promise<AssetHistoryEntry[]> {
  const rows = await db
    .selectFrom("assetHistory")
    .select(["id", "at", "kind", "fromValue", "toValue", "reason", "actorUserId", "sourceType", "sourceId"])
    .where("assetId", "=", assetId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, at: r.at, kind: r.kind, from: r.fromValue, to: r.toValue, reason: r.reason, actorUserId: r.actorUserId, sourceType: r.sourceType, sourceId: r.sourceId }));
}

export interface AssetExport {
  asset: Asset;
  productCode: string;
  locationCode: string;
  caseCode: string;
}

/** Every asset matching the filter, by tag, in one query. */
export async function exportAssets(db: Db, filter: Partial<AssetFilter>): Promise<AssetExport[]> {
  let q = selectAssets(db)
    .innerJoin("location as l", "l.id", "a.locationId")
    .leftJoin("equipmentCase as c", "c.id", "a.caseId")
    .select(["p.code as productCode", "l.code as locationCode", sql<string>`coalesce(c.code, '')`.as("caseCode")]);
  for (const w of filterWhere(filter)) q = q.where(w);
  const rows = await q.orderBy(sql`lower(a.tag)`).execute();
  return rows.map((row) => ({ asset: toAsset(row), productCode: row.productCode, locationCode: row.locationCode, caseCode: row.caseCode }));
}
