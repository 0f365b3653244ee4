// SQL of cases: rows, nesting, contents (assets, bulk, cases), and the asset
// reads and placement writes that packing and moving need.
import { sql, type Kysely } from "kysely";
import type { Asset, Case, CaseBulkContent, CaseContents, CaseKind } from "../domain/inventory.js";
import { selectAssets, toAsset } from "./asset.store.js";
import { locationSubtree } from "./location.store.js";
import { likeEscape } from "./product.store.js";
import type { Database } from "./schema.js";
import { checkViolation, isConstraintViolation, uniqueViolation } from "./stock.store.js";

type Q = Kysely<Database>;

/** The trigger `equipment_case_no_cycle` refused a write that would close a loop. */
export function isCaseCycleViolation(error: unknown): boolean {
  return isConstraintViolation(error, checkViolation, "equipment_case_no_cycle");
}

/** A case code taken by any scannable code (asset tag, product, kit or case). */
export function isDuplicateCaseCode(error: unknown): boolean {
  return isConstraintViolation(error, uniqueViolation, "scan_code_unique") || isConstraintViolation(error, uniqueViolation, "equipment_case_code_unique");
}

/** A case-insensitive "contains" LIKE pattern for user text (wildcards escaped). */
export function likePattern(text: string): string {
  return `%${likeEscape(text.toLowerCase())}%`;
}

// Assets

/** Locks the assets (in id order) and returns those that exist. */
export async function lockAssets(db: Q, ids: readonly string[]): Promise<Asset[]> {
  if (ids.length === 0) return [];
  const rows = await selectAssets(db).where("a.id", "in", [...new Set(ids)]).orderBy("a.id").forUpdate("a").execute();
  return rows.map(toAsset);
}

/** Locks every asset inside these cases (in id order). */
export async function lockAssetsInCases(db: Q, caseIds: readonly string[]): Promise<Asset[]> {
  if (caseIds.length === 0) return [];
  const rows = await selectAssets(db).where("a.caseId", "in", [...caseIds]).orderBy("a.id").forUpdate("a").execute();
  return rows.map(toAsset);
}

/** Puts assets into a case (or none) and/or at a location; each asset's version moves on. */
export async function setAssetPlacement(db: Q, ids: readonly string[], placement: { caseId?: string | null; locationId?: string }, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("asset")
    .set({ ...placement, version: sql<number>`version + 1`, updatedAt: now })
    .where("id", "in", [...ids])
    .execute();
}

// Cases

const caseColumns = ["id", "code", "name", "kind", "locationId", "parentCaseId", "version"] as const;

export async function findCaseById(db: Q, id: string): Promise<Case | undefined> {
  return db.selectFrom("equipmentCase").select(caseColumns).where("id", "=", id).executeTakeFirst();
}

/** Locks the cases (in id order) and returns those that exist. */
export async function lockCases(db: Q, ids: readonly string[]): Promise<Map<string, Case>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("equipmentCase").select(caseColumns).where("id", "in", [...new Set(ids)]).orderBy("id").forUpdate().execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The cases `id` sits in, from the outermost down to its parent. */
export async function listCaseAncestorIds(db: Q, id: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    WITH RECURSIVE up (id, depth) AS (
      SELECT parent_case_id, 1 FROM equipment_case WHERE id = ${id} AND parent_case_id IS NOT NULL
      UNION ALL
      SELECT c.parent_case_id, up.depth + 1 FROM equipment_case c JOIN up ON c.id = up.id
      WHERE c.parent_case_id IS NOT NULL AND up.depth < 1000
    )
    SELECT id FROM up ORDER BY depth DESC`.execute(db);
  return rows.map((r) => r.id);
}

/** The case and every case nested in it, at any depth. */
export async function listCaseSubtreeIds(db: Q, id: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    WITH RECURSIVE down (id) AS (
      SELECT id FROM equipment_case WHERE id = ${id}
      UNION
      SELECT c.id FROM equipment_case c JOIN down ON c.parent_case_id = down.id
    )
    SELECT id FROM down`.execute(db);
  return rows.map((r) => r.id);
}

export interface CaseFilter {
  locationId: string | undefined;
  query: string;
  /** Continue after this (lower(code), id). */
  after: { code: string; id: string } | undefined;
  limit: number;
}

/** By code; a location filter includes sub-locations; `query` matches code or name. */
export async function listCases(db: Q, filter: CaseFilter): Promise<(Case & { sortCode: string })[]> {
  let q = db.selectFrom("equipmentCase").select([...caseColumns, sql<string>`lower(code)`.as("sortCode")]);
  const locationId = filter.locationId;
  if (locationId) {
    q = q.where(sql<boolean>`location_id IN ${locationSubtree(locationId)}`);
  }
  if (filter.query.trim() !== "") {
    const pattern = likePattern(filter.query.trim());
    q = q.where((eb) => eb.or([eb(sql`lower(code)`, "like", pattern), eb(sql`lower(name)`, "like", pattern)]));
  }
  const after = filter.after;
  if (after) q = q.where(sql<boolean>`(lower(code), id) > (${after.code}, ${after.id}::uuid)`);
  return q.orderBy(sql`lower(code)`).orderBy("id").limit(filter.limit).execute();
}

export async function nextCaseCodeNumber(db: Q): Promise<string> {
  const { rows } = await sql<{ n: string }>`SELECT nextval('equipment_case_code_seq')::text AS n`.execute(db);
  return rows[0]?.n ?? "0";
}

/** Whether any scannable code (case, asset, product, kit) is this code, case-insensitively. */
export async function isCodeTaken(db: Q, code: string): Promise<boolean> {
  const row = await db.selectFrom("scanCode").select("targetId").where(sql`lower(code)`, "=", code.toLowerCase()).executeTakeFirst();
  return row !== undefined;
}

export async function insertCase(db: Q, input: { code: string; name: string; kind: CaseKind; locationId: string; now: Date }): Promise<Case> {
  return db
    .insertInto("equipmentCase")
    .values({ code: input.code, name: input.name, kind: input.kind, locationId: input.locationId, createdAt: input.now })
    .returning(caseColumns)
    .executeTakeFirstOrThrow();
}

/** Optimistic update: undefined when the version moved on (or the case is gone). */
export async function updateCase(db: Q, id: string, version: number, patch: { name: string; kind: CaseKind }): Promise<Case | undefined> {
  return db
    .updateTable("equipmentCase")
    .set({ ...patch, version: sql<number>`version + 1` })
    .where("id", "=", id)
    .where("version", "=", version)
    .returning(caseColumns)
    .executeTakeFirst();
}

export async function setCaseParent(db: Q, ids: readonly string[], parentCaseId: string | null): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("equipmentCase")
    .set({ parentCaseId, version: sql<number>`version + 1` })
    .where("id", "in", [...ids])
    .execute();
}

export async function setCaseLocation(db: Q, ids: readonly string[], locationId: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("equipmentCase")
    .set({ locationId, version: sql<number>`version + 1` })
    .where("id", "in", [...ids])
    .where("locationId", "<>", locationId)
    .execute();
}

// Contents

export interface CaseBulkRow {
  caseId: string;
  productId: string;
  quantity: number;
}

export async function listCaseBulk(db: Q, caseIds: readonly string[]): Promise<CaseBulkRow[]> {
  if (caseIds.length === 0) return [];
  return db.selectFrom("caseBulkContent").select(["caseId", "productId", "quantity"]).where("caseId", "in", [...caseIds]).orderBy("caseId").orderBy("productId").execute();
}

/** Sets the bulk of a product in a case; zero removes it. */
export async function setCaseBulk(db: Q, caseId: string, productId: string, quantity: number): Promise<void> {
  if (quantity === 0) {
    await db.deleteFrom("caseBulkContent").where("caseId", "=", caseId).where("productId", "=", productId).execute();
    return;
  }
  await db
    .insertInto("caseBulkContent")
    .values({ caseId, productId, quantity })
    .onConflict((oc) => oc.columns(["caseId", "productId"]).doUpdateSet({ quantity }))
    .execute();
}

/** What is directly inside a case: assets by tag, bulk by product name, cases by code. */
export async function findCaseContents(db: Q, caseId: string): Promise<CaseContents> {
  const [assets, bulk, cases] = await Promise.all([
    selectAssets(db).where("a.caseId", "=", caseId).orderBy(sql`lower(a.tag)`).orderBy("a.id").execute(),
    db
      .selectFrom("caseBulkContent as b")
      .innerJoin("product as p", "p.id", "b.productId")
      .select(["b.productId", "b.quantity", "p.name as productName"])
      .where("b.caseId", "=", caseId)
      .orderBy(sql`lower(p.name)`)
      .orderBy("b.productId")
      .execute(),
    db.selectFrom("equipmentCase").select(caseColumns).where("parentCaseId", "=", caseId).orderBy(sql`lower(code)`).orderBy("id").execute(),
  ]);
  return { assets: assets.map(toAsset), bulk: bulk satisfies CaseBulkContent[], cases };
}
