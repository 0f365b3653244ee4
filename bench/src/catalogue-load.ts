// Loads a generated catalogue (bench/src/inventory-data.ts) with bulk
// INSERT … SELECT … FROM unnest(…) in chunks; the scan-code triggers fire as in
// production. Used by the inventory benchmark and the mixed-workload data set.
import type pg from "pg";
import type { Catalogue } from "./inventory-data.js";

const chunkRows = 5_000;

/** Bulk INSERT … SELECT … FROM unnest(…) in chunks; the scan-code triggers fire as in production. */
export async function insertChunks<T>(pool: pg.Pool, rows: readonly T[], columns: [string, string, (row: T) => unknown][], table: string, select?: string): Promise<void> {
  const names = columns.map(([name]) => name).join(", ");
  const unnest = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ");
  const aliases = columns.map(([name]) => name).join(", ");
  const text = `INSERT INTO ${table} (${names}) SELECT ${select ?? aliases} FROM unnest(${unnest}) AS t(${aliases})`;
  for (let at = 0; at < rows.length; at += chunkRows) {
    const chunk = rows.slice(at, at + chunkRows);
    await pool.query(text, columns.map(([, , value]) => chunk.map(value)));
  }
}

/** Inserts the catalogue, parents before children; statistics are the caller's (VACUUM ANALYZE after all loading). */
export async function insertCatalogue(pool: pg.Pool, catalogue: Catalogue): Promise<void> {
  // Parents before children: categories and locations in the generator's order.
  for (const c of catalogue.categories) await pool.query("INSERT INTO category (id, name, parent_id) VALUES ($1, $2, $3)", [c.id, c.name, c.parentId]);
  for (const l of catalogue.locations) {
    await pool.query("INSERT INTO location (id, name, code, kind, parent_id, warehouse_id) VALUES ($1, $2, $3, $4, $5, $6)", [l.id, l.name, l.code, l.kind, l.parentId, l.warehouseId]);
  }
  await insertChunks(
    pool,
    catalogue.products,
    [
      ["id", "uuid", (p) => p.id],
      ["code", "text", (p) => p.code],
      ["name", "text", (p) => p.name],
      ["description", "text", (p) => p.description],
      ["category_id", "uuid", (p) => p.categoryId],
      ["tracking", "text", (p) => p.tracking],
      ["day_rate_minor", "int8", (p) => p.dayRateMinor],
      ["replacement_minor", "int8", (p) => p.replacementMinor],
      ["weight_grams", "int4", (p) => p.weightGrams],
      // text[][] would be flattened by unnest: tags travel joined and are split in SQL.
      ["tags", "text", (p) => p.tags.join("|")],
    ],
    "product",
    "id, code, name, description, category_id, tracking, day_rate_minor, replacement_minor, weight_grams, string_to_array(tags, '|')",
  );
  await insertChunks(
    pool,
    catalogue.cases,
    [
      ["id", "uuid", (c) => c.id],
      ["code", "text", (c) => c.code],
      ["name", "text", (c) => c.name],
      ["kind", "text", (c) => c.kind],
      ["location_id", "uuid", (c) => c.locationId],
    ],
    "equipment_case",
  );
  await insertChunks(
    pool,
    catalogue.assets,
    [
      ["id", "uuid", (a) => a.id],
      ["product_id", "uuid", (a) => a.productId],
      ["tag", "text", (a) => a.tag],
      ["serial_number", "text", (a) => a.serialNumber],
      ["status", "text", (a) => a.status],
      ["location_id", "uuid", (a) => a.locationId],
      ["case_id", "uuid", (a) => a.caseId],
      ["purchase_date", "date", (a) => a.purchaseDate],
      ["purchase_cost_minor", "int8", (a) => a.purchaseCostMinor],
    ],
    "asset",
  );
  await insertChunks(
    pool,
    catalogue.kits,
    [
      ["id", "uuid", (k) => k.id],
      ["code", "text", (k) => k.code],
      ["name", "text", (k) => k.name],
      ["description", "text", (k) => k.description],
      ["pricing", "text", () => "AS_UNIT"],
      ["day_rate_minor", "int8", () => 0],
    ],
    "kit",
  );
  const kitItems = catalogue.kits.flatMap((k) => k.items.map((item, position) => ({ kitId: k.id, ...item, position })));
  await insertChunks(
    pool,
    kitItems,
    [
      ["kit_id", "uuid", (i) => i.kitId],
      ["product_id", "uuid", (i) => i.productId],
      ["quantity", "int4", (i) => i.quantity],
      ["optional", "bool", (i) => i.optional],
      ["position", "int4", (i) => i.position],
    ],
    "kit_item",
  );
  await insertChunks(
    pool,
    catalogue.stock,
    [
      ["product_id", "uuid", (s) => s.productId],
      ["location_id", "uuid", (s) => s.locationId],
      ["quantity", "int4", (s) => s.quantity],
    ],
    "stock_level",
  );
}
