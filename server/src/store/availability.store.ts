// SQL behind the availability engine: for a set of products and a period, what
// is owned, which units open repairs take out, and what every overlapping
// reserving event holds. Three range-indexed queries, whatever the number of
// products or the length of the period. See docs/rules/availability.md.
import { sql, type Kysely } from "kysely";
import type { Interval } from "../domain/availability.js";
import type { TrackingMode } from "../domain/inventory.js";
import type { EventStatus } from "../domain/planning.js";
import type { Database } from "./schema.js";

type Q = Kysely<Database>;

const unrentable = ["RETIRED", "LOST"] as const;
const openRepairStates = ["OPEN", "IN_PROGRESS"] as const;

function at(ms: number): Date {
  return new Date(ms);
}

/** A tstzrange literal from epoch milliseconds; ±Infinity are unbounded ends. */
export function tstzrange(i: Interval) {
  const start = Number.isFinite(i.start) ? at(i.start) : null;
  const end = Number.isFinite(i.end) ? at(i.end) : null;
  return sql<string>`tstzrange(${start}::timestamptz, ${end}::timestamptz, '[)')`;
}

/** Epoch ms of a range bound; null (unbounded) is ±Infinity. */
function ms(value: Date | null, unbounded: number): number {
  return value ? value.getTime() : unbounded;
}

export interface ProductSupply {
  productId: string;
  name: string;
  tracking: TrackingMode;
  archived: boolean;
  categoryId: string | null;
  /**
   * Free to book by product: serialized, assets not retired or lost; bulk and
   * consumable, stock over every location. Units inside a permanent case are
   * booked with the case and left out (docs/rules/permanent-cases.md).
   */
  owned: number;
  /** Consumables: when a stock movement last changed the count (epoch ms; −∞ when never). */
  countedAt: number;
}

/** What is owned of each product (missing ids are absent from the map). */
export async function loadOwned(db: Q, productIds: readonly string[]): Promise<Map<string, ProductSupply>> {
  if (productIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("product as p")
    .select([
      "p.id as productId",
      "p.name",
      "p.tracking",
      "p.archived",
      "p.categoryId",
      sql<number>`CASE WHEN p.tracking = 'SERIALIZED'
        THEN (SELECT count(*) FROM asset a LEFT JOIN equipment_case c ON c.id = a.case_id
              WHERE a.product_id = p.id AND a.status NOT IN ('RETIRED', 'LOST') AND c.kind IS DISTINCT FROM 'PERMANENT')
        ELSE (SELECT coalesce(sum(s.quantity), 0) FROM stock_level s WHERE s.product_id = p.id)
           - (SELECT coalesce(sum(b.quantity), 0) FROM case_bulk_content b JOIN equipment_case c ON c.id = b.case_id
              WHERE b.product_id = p.id AND c.kind = 'PERMANENT') END::int`.as("owned"),
      sql<Date | null>`CASE WHEN p.tracking = 'CONSUMABLE'
        THEN (SELECT max(m.at) FROM stock_movement m WHERE m.product_id = p.id AND m.kind <> 'TRANSFER') END`.as("countedAt"),
    ])
    .where("p.id", "=", sql<string>`ANY(${[...new Set(productIds)]}::uuid[])`)
    .execute();
  return new Map(rows.map((r) => [r.productId, { ...r, countedAt: ms(r.countedAt, Number.NEGATIVE_INFINITY) }]));
}

export interface RepairRow {
  productId: string;
  assetId: string;
  start: number;
  end: number;
}

/** The query behind loadRepairs (exported so a test can EXPLAIN it). */
export function repairsQuery(db: Q, productIds: readonly string[], range: Interval) {
  return db
    .selectFrom("maintenanceRecord as m")
    .innerJoin("asset as a", "a.id", "m.assetId")
    .select(["a.productId", "m.assetId", sql<Date | null>`lower(m.out_of_service)`.as("start"), sql<Date | null>`upper(m.out_of_service)`.as("end")])
    .where("a.productId", "=", sql<string>`ANY(${[...new Set(productIds)]}::uuid[])`)
    .where("a.status", "not in", unrentable)
    .where("m.outOfService", "is not", null)
    .where("m.state", "in", openRepairStates)
    .where(sql<boolean>`m.out_of_service && ${tstzrange(range)}`);
}

/** Open repairs of rentable units of these products whose out-of-service period overlaps `range`. */
export async function loadRepairs(db: Q, productIds: readonly string[], range: Interval): Promise<RepairRow[]> {
  if (productIds.length === 0) return [];
  const rows = await repairsQuery(db, productIds, range).execute();
  return rows.map((r) => ({ productId: r.productId, assetId: r.assetId, start: ms(r.start, Number.NEGATIVE_INFINITY), end: ms(r.end, Number.POSITIVE_INFINITY) }));
}

export interface ReservationRow {
  productId: string;
  eventId: string;
  status: EventStatus;
  /** The event's out-period, without buffers. */
  start: number;
  end: number;
  quantity: number;
}

/** A product whose holds to load, with its own buffers (minutes). */
export interface HoldSpec {
  productId: string;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

export interface ReservationQuery {
  products: readonly HoldSpec[];
  /** The loaded range: events whose out-period, widened by the product's buffers, overlaps it. */
  range: Interval;
  /** Statuses that reserve. */
  statuses: readonly EventStatus[];
  excludeEventId: string | undefined;
}

/** Epoch ms as a timestamptz parameter; ±Infinity are unbounded (null). */
function bound(value: number) {
  return Number.isFinite(value) ? at(value) : null;
}

/** The specs as a relation b(product_id, before_min, after_min, counted_at), one row per product. */
function specs(products: readonly (HoldSpec & { countedAt?: number })[]) {
  return sql`unnest(${products.map((p) => p.productId)}::uuid[], ${products.map((p) => p.bufferBeforeMinutes)}::int[], ${products.map((p) => p.bufferAfterMinutes)}::int[], ${products.map((p) => (p.countedAt === undefined ? null : bound(p.countedAt)))}::timestamptz[])`;
}

function widest(products: readonly HoldSpec[]) {
  return { before: Math.max(0, ...products.map((p) => p.bufferBeforeMinutes)) * 60_000, after: Math.max(0, ...products.map((p) => p.bufferAfterMinutes)) * 60_000 };
}

/**
 * The query behind loadReservations (exported so a test can EXPLAIN it): own-stock
 * lines of products and specific assets (kit components included, kit headers
 * not; sub-hire lines are no demand on own stock) of non-template events whose
 * out-period, widened by the widest of the products' buffers, overlaps the range;
 * summed per product and event.
 */
export function reservationsQuery(db: Q, q: ReservationQuery) {
  const w = widest(q.products);
  let query = db
    .selectFrom("event as e")
    .innerJoin("pullListLine as l", "l.eventId", "e.id")
    .select([
      "l.productId",
      "e.id as eventId",
      "e.status",
      sql<Date>`lower(e.out_period)`.as("start"),
      sql<Date>`upper(e.out_period)`.as("end"),
      sql<number>`sum(l.quantity)::int`.as("quantity"),
    ])
    // Literal, as the partial GiST index's predicate, so the planner can use the index.
    .where(sql<boolean>`NOT e.is_template`)
    .where("e.status", "in", [...q.statuses])
    // The widest buffers for the index; a product's own narrower window is applied by the engine, which
    // leaves out holds that do not reach the range (a per-product join here cost the planner its plan).
    .where(sql<boolean>`e.out_period && ${tstzrange({ start: q.range.start - w.after, end: q.range.end + w.before })}`)
    .where("l.productId", "=", sql<string>`ANY(${[...new Set(q.products.map((p) => p.productId))]}::uuid[])`)
    // Literal, as the partial index pull_list_line_demand's predicate (migration 0013).
    .where(sql<boolean>`l.kind IN ('PRODUCT', 'ASSET') AND l.source = 'OWN_STOCK'`);
  if (q.excludeEventId) query = query.where("e.id", "<>", q.excludeEventId);
  return query.groupBy(["l.productId", "e.id"]);
}

function toReservationRows(rows: { productId: string | null; eventId: string; status: EventStatus; start: Date; end: Date; quantity: number }[]): ReservationRow[] {
  return rows.map((r) => ({
    productId: r.productId ?? "",
    eventId: r.eventId,
    status: r.status,
    start: r.start.getTime(),
    end: r.end.getTime(),
    quantity: r.quantity,
  }));
}

export async function loadReservations(db: Q, q: ReservationQuery): Promise<ReservationRow[]> {
  if (q.products.length === 0 || q.statuses.length === 0) return [];
  return toReservationRows(await reservationsQuery(db, q).execute());
}

export interface ConsumptionQuery {
  /** Consumables, each with when its stock was last counted by a movement (epoch ms, −∞ when never). */
  products: readonly (HoldSpec & { countedAt: number })[];
  range: Interval;
  /** Statuses whose consumption counts (reserving, and done: the stock does not come back). */
  statuses: readonly EventStatus[];
  excludeEventId: string | undefined;
}

/**
 * The query behind loadConsumption (exported so a test can EXPLAIN it): own-stock
 * lines of consumables of events that start after the product's last stock
 * movement and before the range ends (widened by the buffer before): what they
 * take never comes back, so the hold has no end. Range-indexed like reservations.
 * See docs/rules/consumables.md.
 */
export function consumptionQuery(db: Q, q: ConsumptionQuery) {
  const w = widest(q.products);
  const since = Math.min(...q.products.map((p) => p.countedAt));
  let query = db
    .selectFrom("event as e")
    .innerJoin("pullListLine as l", "l.eventId", "e.id")
    .innerJoin(sql<{ productId: string; beforeMin: number; countedAt: Date | null }>`${specs(q.products)}`.as<"b">(sql`b(product_id, before_min, after_min, counted_at)`), (j) => j.onRef("b.productId", "=", "l.productId"))
    .select([
      "l.productId",
      "e.id as eventId",
      "e.status",
      sql<Date>`lower(e.out_period)`.as("start"),
      sql<Date>`upper(e.out_period)`.as("end"),
      sql<number>`sum(l.quantity)::int`.as("quantity"),
    ])
    .where(sql<boolean>`NOT e.is_template`)
    .where("e.status", "in", [...q.statuses])
    .where(sql<boolean>`e.out_period && ${tstzrange({ start: since, end: q.range.end + w.before })}`)
    .where(sql<boolean>`(b.counted_at IS NULL OR lower(e.out_period) > b.counted_at)`)
    .where(sql<boolean>`(${bound(q.range.end)}::timestamptz IS NULL OR lower(e.out_period) - b.before_min * interval '1 minute' < ${bound(q.range.end)}::timestamptz)`)
    .where(sql<boolean>`l.kind IN ('PRODUCT', 'ASSET') AND l.source = 'OWN_STOCK'`);
  if (q.excludeEventId) query = query.where("e.id", "<>", q.excludeEventId);
  return query.groupBy(["l.productId", "e.id"]);
}

export async function loadConsumption(db: Q, q: ConsumptionQuery): Promise<ReservationRow[]> {
  if (q.products.length === 0 || q.statuses.length === 0) return [];
  return toReservationRows(await consumptionQuery(db, q).execute());
}

/** The required (non-optional) items of kits, for kit availability. */
export async function loadKitItems(db: Q, kitIds: readonly string[]): Promise<Map<string, { productId: string; quantity: number }[]>> {
  if (kitIds.length === 0) return new Map();
  const kits = await db.selectFrom("kit").select("id").where("id", "in", [...new Set(kitIds)]).execute();
  const items = await db
    .selectFrom("kitItem")
    .select(["kitId", "productId", "quantity"])
    .where("kitId", "in", [...new Set(kitIds)])
    .where("optional", "=", false)
    .orderBy("kitId")
    .orderBy("position")
    .execute();
  const byKit = new Map<string, { productId: string; quantity: number }[]>(kits.map((k) => [k.id, []]));
  for (const { kitId, ...item } of items) byKit.get(kitId)?.push(item);
  return byKit;
}

/**
 * Serializes decisions about these products until the transaction ends: two
 * planners confirming the last units wait for each other, in one order (sorted
 * ids), so they cannot deadlock and the second sees what the first booked.
 * The two-key form keeps these locks apart from the single-key locks of other areas.
 */
export async function lockProducts(db: Q, productIds: readonly string[]): Promise<void> {
  const ids = [...new Set(productIds)].sort();
  if (ids.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(hashtext('eventkit.product_availability'), hashtext(id)) FROM unnest(${ids}::text[]) AS id`.execute(db);
}
