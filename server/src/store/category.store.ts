// SQL of the category tree.
import { sql } from "kysely";
import type { Db } from "./db.js";

export interface CategoryRow {
  id: string;
  name: string;
  parentId: string | null;
  version: number;
}

const columns = ["id", "name", "parentId", "version"] as const;

export async function listCategories(db: Db): Promise<CategoryRow[]> {
  return db.selectFrom("category").select(columns).execute();
}

export async function findCategory(db: Db, id: string): Promise<CategoryRow | undefined> {
  return db.selectFrom("category").select(columns).where("id", "=", id).executeTakeFirst();
}

/** The category, locked against change and deletion until the transaction ends. */
export async function lockCategory(db: Db, id: string): Promise<CategoryRow | undefined> {
  return db.selectFrom("category").select(columns).where("id", "=", id).forUpdate().executeTakeFirst();
}

/** The category, kept from deletion until the transaction ends (products may be put in it). */
export async function shareCategory(db: Db, id: string): Promise<CategoryRow | undefined> {
  return db.selectFrom("category").select(columns).where("id", "=", id).forShare().executeTakeFirst();
}

/** Moves in the tree are serialized: two concurrent moves could otherwise close a loop together. */
export async function lockCategoryTree(db: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('eventkit.category_tree'))`.execute(db);
}

/** The category and every category above it, from the category up to its root. */
export async function ancestorsOf(db: Db, id: string): Promise<CategoryRow[]> {
  const { rows } = await sql<CategoryRow & { depth: number }>`
    WITH RECURSIVE up AS (
      SELECT id, name, parent_id, version, 0 AS depth FROM category WHERE id = ${id}
      UNION ALL
      SELECT c.id, c.name, c.parent_id, c.version, up.depth + 1 FROM category c JOIN up ON c.id = up.parent_id WHERE up.depth < 1000
    )
    SELECT id, name, parent_id, version, depth FROM up ORDER BY depth`.execute(db);
  return rows.map(({ depth: _depth, ...row }) => row);
}

export async function insertCategory(db: Db, row: { name: string; parentId: string | null }): Promise<CategoryRow> {
  return db.insertInto("category").values(row).returning(columns).executeTakeFirstOrThrow();
}

/** Undefined when the version is stale. */
export async function updateCategory(db: Db, id: string, version: number, row: { name: string; parentId: string | null }): Promise<CategoryRow | undefined> {
  return db
    .updateTable("category")
    .set({ ...row, version: sql`version + 1` })
    .where("id", "=", id)
    .where("version", "=", version)
    .returning(columns)
    .executeTakeFirst();
}

export async function categoryUsage(db: Db, id: string): Promise<{ products: number; children: number }> {
  const { rows } = await sql<{ products: number; children: number }>`
    SELECT (SELECT count(*)::int FROM product WHERE category_id = ${id}) AS products,
           (SELECT count(*)::int FROM category WHERE parent_id = ${id}) AS children`.execute(db);
  return rows[0] ?? { products: 0, children: 0 };
}

export async function deleteCategory(db: Db, id: string): Promise<void> {
  await db.deleteFrom("category").where("id", "=", id).execute();
}

/** A sibling with this name (case-insensitive), other than `exceptId`. */
export async function siblingNamed(db: Db, parentId: string | null, name: string, exceptId: string | null): Promise<CategoryRow | undefined> {
  let q = db
    .selectFrom("category")
    .select(columns)
    .where(sql<boolean>`lower(name) = lower(${name})`)
    .where((eb) => (parentId === null ? eb("parentId", "is", null) : eb("parentId", "=", parentId)));
  if (exceptId !== null) q = q.where("id", "<>", exceptId);
  return q.executeTakeFirst();
}

/** SQL for "this category and every category below it". */
export function categorySubtree(id: string) {
  return sql<string>`(WITH RECURSIVE below AS (
      SELECT id FROM category WHERE id = ${id}
      UNION ALL
      SELECT c.id FROM category c JOIN below ON c.parent_id = below.id
    ) SELECT id FROM below)`;
}
