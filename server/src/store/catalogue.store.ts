// SQL shared by the catalogue: the one registry of scannable codes, generated
// tags, exports of stock and cases, and what database errors mean.
import { sql, type Expression, type SqlBool } from "kysely";
import { categorySubtree } from "./category.store.js";
import type { Db } from "./db.js";
import { locationSubtree } from "./location.store.js";
import { likeEscape } from "./product.store.js";

/** Of these codes, those already in use (case-insensitive), with what uses them (ASSET, CASE, PRODUCT, KIT). */
export async function takenCodes(db: Db, codes: readonly string[]): Promise<Map<string, { code: string; kind: string }>> {
  const taken = new Map<string, { code: string; kind: string }>();
  for (let i = 0; i < codes.length; i += 5000) {
    const chunk = codes.slice(i, i + 5000).map((c) => c.toLowerCase());
    const rows = await db.selectFrom("scanCode").select(["code", "kind"]).where(sql<SqlBool>`lower(code) = ANY(${chunk}::text[])`).execute();
    for (const row of rows) taken.set(row.code.toLowerCase(), row);
  }
  return taken;
}

/** The next `count` numbers of the instance's tag sequence (migration 0009). */
export async function nextTagNumbers(db: Db, count: number): Promise<bigint[]> {
  const { rows } = await sql<{ n: string }>`SELECT nextval('asset_tag_seq')::text AS n FROM generate_series(1, ${count})`.execute(db);
  return rows.map((r) => BigInt(r.n));
}

export interface StockExport {
  productCode: string;
  productName: string;
  locationCode: string;
  locationName: string;
  quantity: number;
}

/** Bulk stock levels matching the filter, by product and location code, in one query. */
export async function exportStock(db: Db, filter: { query: string; productId: string | undefined; locationId: string | undefined; categoryId: string | undefined }): Promise<StockExport[]> {
  const where: Expression<SqlBool>[] = [];
  if (filter.productId !== undefined) where.push(sql<SqlBool>`s.product_id = ${filter.productId}`);
  if (filter.locationId !== undefined) where.push(sql<SqlBool>`s.location_id IN ${locationSubtree(filter.locationId)}`);
  if (filter.categoryId !== undefined) {
    where.push(sql<SqlBool>`p.category_id IN ${categorySubtree(filter.categoryId)}`);
  }
  if (filter.query !== "") {
    const pattern = `%${likeEscape(filter.query.toLowerCase())}%`;
    where.push(sql<SqlBool>`(lower(p.name) LIKE ${pattern} OR lower(p.code) LIKE ${pattern})`);
  }
  let q = db
    .selectFrom("stockLevel as s")
    .innerJoin("product as p", "p.id", "s.productId")
    .innerJoin("location as l", "l.id", "s.locationId")
    .select(["p.code as productCode", "p.name as productName", "l.code as locationCode", "l.name as locationName", "s.quantity"]);
  for (const w of where) q = q.where(w);
  return q.orderBy(sql`lower(p.code)`).orderBy(sql`lower(l.code)`).execute();
}

export interface CaseExport {
  code: string;
  name: string;
  kind: string;
  locationCode: string;
  parentCaseCode: string;
  assets: number;
  bulkUnits: number;
  cases: number;
}

/** Cases matching the filter with what they directly contain, by code, in one query. */
export async function exportCases(db: Db, filter: { query: string; locationId: string | undefined }): Promise<CaseExport[]> {
  let q = db
    .selectFrom("equipmentCase as c")
    .innerJoin("location as l", "l.id", "c.locationId")
    .leftJoin("equipmentCase as parent", "parent.id", "c.parentCaseId")
    .select([
      "c.code",
      "c.name",
      "c.kind",
      "l.code as locationCode",
      sql<string>`coalesce(parent.code, '')`.as("parentCaseCode"),
      sql<number>`(SELECT count(*)::int FROM asset a WHERE a.case_id = c.id)`.as("assets"),
      sql<number>`(SELECT coalesce(sum(b.quantity), 0)::int FROM case_bulk_content b WHERE b.case_id = c.id)`.as("bulkUnits"),
      sql<number>`(SELECT count(*)::int FROM equipment_case child WHERE child.parent_case_id = c.id)`.as("cases"),
    ]);
  if (filter.locationId !== undefined) q = q.where(sql<SqlBool>`c.location_id IN ${locationSubtree(filter.locationId)}`);
  if (filter.query !== "") {
    const pattern = `%${likeEscape(filter.query.toLowerCase())}%`;
    q = q.where(sql<SqlBool>`(lower(c.name) LIKE ${pattern} OR lower(c.code) LIKE ${pattern})`);
  }
  return q.orderBy(sql`lower(c.code)`).execute();
}

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** A unique index refused the write: which one, and the value from its message when there is one. */
export function uniqueViolation(error: unknown): { constraint: string; value: string } | undefined {
  const e = error as PgError;
  if (e.code !== "23505") return undefined;
  const value = /=\((.*)\) already exists/.exec(e.detail ?? "")?.[1] ?? "";
  return { constraint: e.constraint ?? "", value };
}

/** A foreign key refused a delete or insert: which one. */
export function foreignKeyViolation(error: unknown): { constraint: string } | undefined {
  const e = error as PgError;
  return e.code === "23503" ? { constraint: e.constraint ?? "" } : undefined;
}
