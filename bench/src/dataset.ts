// The mixed workload's data set at a named scale: the rental catalogue of
// bench/src/inventory-data.ts (products, assets, cases, kits, locations, stock),
// companies, events with pull lists over that catalogue (bench/src/events-data.ts),
// open repairs and the events' quotes (bench/src/quotes-data.ts); loaded with
// bulk SQL, deterministic (seeded). Dates are laid around the day of the run,
// half in the past and half ahead, so "upcoming" means the same thing on every run.
import type pg from "pg";
import { insertCatalogue, insertChunks } from "./catalogue-load.js";
import { insertEvents, insertRepairs } from "./events-data.js";
import { generateCatalogue, random, type Catalogue } from "./inventory-data.js";
import { insertQuotes } from "./quotes-data.js";

export type ScaleName = "tiny" | "seed" | "10x";

export interface Scale {
  assets: number;
  cases: number;
  kits: number;
  events: number;
  linesPerEvent: number;
  companies: number;
  /** How many events start per day: a ten times bigger company has a ten times busier calendar. */
  eventsPerDay: number;
  repairs: number;
}

/** Products are the catalogue's own list (about 2,500) at every scale. */
export const scales: Record<ScaleName, Scale> = {
  tiny: { assets: 3_000, cases: 100, kits: 20, events: 400, linesPerEvent: 20, companies: 200, eventsPerDay: 2, repairs: 20 },
  seed: { assets: 100_000, cases: 2_000, kits: 100, events: 10_000, linesPerEvent: 20, companies: 5_000, eventsPerDay: 10, repairs: 200 },
  "10x": { assets: 1_000_000, cases: 20_000, kits: 1_000, events: 100_000, linesPerEvent: 20, companies: 50_000, eventsPerDay: 100, repairs: 2_000 },
};

export function isScaleName(name: string): name is ScaleName {
  return name in scales;
}

/** Where customers live: CRM's companies; an event names its client in `event.client_id`. */
export const companies = { table: "company", eventColumn: "client_id" } as const;

const day = 86_400_000;

export interface LoadFigures {
  generateMs: number;
  insertMs: number;
  analyzeMs: number;
  rows: Record<string, number>;
  databaseBytes: number;
}

export interface Dataset {
  scale: Scale;
  catalogue: Catalogue;
  /** Events start in [base, base + spanDays). */
  base: Date;
  spanDays: number;
  generateMs: number;
}

/** Builds the catalogue in memory (the events and companies are generated inside the database by loadDataset). */
export function generateDataset(scale: Scale, today = new Date()): Dataset {
  const started = performance.now();
  const catalogue = generateCatalogue({ assets: scale.assets, cases: scale.cases, kits: scale.kits });
  const spanDays = Math.ceil(scale.events / scale.eventsPerDay);
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return { scale, catalogue, base: new Date(midnight - Math.floor(spanDays / 2) * day), spanDays, generateMs: performance.now() - started };
}

const companyWords = {
  first: ["Nordlicht", "Blue Harbour", "Silverline", "Crescendo", "Skyline", "Lumen", "Atlas", "Horizon", "Redwood", "Polaris", "Brightside", "Eastgate", "Meridian", "Cobalt", "Aurora", "Westend", "Summit", "Velvet", "Orchid", "Ironbridge"],
  second: ["Events", "Productions", "Conferences", "Media", "Live", "Venues", "Hospitality", "Agency", "Entertainment", "Congress", "Stage", "Marketing"],
  form: ["GmbH", "Ltd", "AG", "LLC", "SARL", "BV", "& Co. KG", ""],
};

/** Company names such as "Nordlicht Events GmbH"; at 5,000 and more, names repeat, as branches of one group do. */
function companyNames(count: number, seed = 5_001): string[] {
  const rnd = random(seed);
  const pick = (items: readonly string[]) => items[Math.floor(rnd() * items.length)] ?? "";
  return Array.from({ length: count }, () => `${pick(companyWords.first)} ${pick(companyWords.second)} ${pick(companyWords.form)}`.trim());
}

/** Products in booking popularity order: serialized models by their share of the units, bulk items in between. */
function bookingOrder(catalogue: Catalogue): string[] {
  const serialized = catalogue.products.filter((p) => p.tracking === "SERIALIZED").sort((a, b) => b.weight - a.weight);
  const bulk = catalogue.products.filter((p) => p.tracking === "BULK");
  const order: string[] = [];
  for (let i = 0; i < Math.max(serialized.length, bulk.length); i += 1) {
    const s = serialized[i];
    const b = bulk[i];
    if (s) order.push(s.id);
    if (b) order.push(b.id);
  }
  return order;
}

/** Loads the data set into a migrated, empty database, then settles it. */
export async function loadDataset(pool: pg.Pool, dataset: Dataset): Promise<LoadFigures> {
  const { scale, catalogue } = dataset;
  const q = (text: string, values: unknown[] = []) => pool.query(text, values);
  const started = performance.now();
  await insertCatalogue(pool, catalogue);

  const names = companyNames(scale.companies);
  const companyIds = (await q(`INSERT INTO ${companies.table} (name) SELECT unnest($1::text[]) RETURNING id`, [names])).rows.map((r) => (r as { id: string }).id);
  await q("CREATE TABLE bench_company (n int PRIMARY KEY, id uuid NOT NULL)");
  await insertChunks(pool, companyIds.map((id, i) => ({ n: i + 1, id })), [["n", "int4", (r) => r.n], ["id", "uuid", (r) => r.id]], "bench_company");
  const order = bookingOrder(catalogue);
  await q("CREATE TABLE bench_product (n int PRIMARY KEY, id uuid NOT NULL)");
  await insertChunks(pool, order.map((id, i) => ({ n: i + 1, id })), [["n", "int4", (r) => r.n], ["id", "uuid", (r) => r.id]], "bench_product");

  await q("SELECT setseed(0.42)");
  await insertEvents(q, {
    events: scale.events,
    base: dataset.base,
    spanDays: dataset.spanDays,
    linesPerEvent: scale.linesPerEvent,
    products: order.length,
    companies: { column: companies.eventColumn, count: companyIds.length },
  });
  await insertRepairs(q, dataset.base, dataset.spanDays, scale.repairs);
  await q("DROP TABLE bench_company");
  await q("DROP TABLE bench_product");
  const quotesStarted = performance.now();
  const quotes = await insertQuotes(pool, new Date());
  process.stderr.write(`  quotes: ${quotes.quotes} with ${quotes.versions} versions and ${quotes.lines} lines in ${((performance.now() - quotesStarted) / 1000).toFixed(1)} s\n`);
  const insertMs = performance.now() - started;

  return { generateMs: dataset.generateMs, insertMs, ...(await settle(pool)) };
}

/** VACUUM ANALYZE (PGlite has no autovacuum), then rows per table and the database's size. */
export async function settle(pool: pg.Pool): Promise<Omit<LoadFigures, "generateMs" | "insertMs">> {
  // No server has cached anything from this database yet: what the load wrote to the change log (migration 0029) is moot.
  await pool.query("TRUNCATE planning_change");
  const analyzeStarted = performance.now();
  await pool.query("VACUUM ANALYZE");
  const analyzeMs = performance.now() - analyzeStarted;
  const tables = ["product", "asset", "equipment_case", "kit", "location", "scan_code", companies.table, "event", "pull_list_line", "maintenance_record", "quote", "quote_version", "quote_line"];
  const counted = await pool.query(`SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(", ")}, pg_database_size(current_database()) AS bytes`);
  const row = counted.rows[0] as Record<string, string>;
  return { analyzeMs, rows: Object.fromEntries(tables.map((t) => [t, Number(row[t])])), databaseBytes: Number(row.bytes) };
}
