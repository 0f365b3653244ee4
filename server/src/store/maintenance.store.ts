// SQL of maintenance records: damage reports, repairs and inspections, the
// inspection due list, and which assets an open repair takes out of service.
import { sql, type Kysely } from "kysely";
import type { AssetStatus } from "../domain/asset.js";
import type { InspectionDue, InspectionResult, MaintenanceKind, MaintenanceRecord, MaintenanceState, Money, TimeRange } from "../domain/inventory.js";
import { selectAssets, toAsset } from "./asset.store.js";
import type { Database } from "./schema.js";
import { exactTimestamp } from "./stock.store.js";

type Q = Kysely<Database>;

const openStates: MaintenanceState[] = ["OPEN", "IN_PROGRESS"];

function range(r: TimeRange | null) {
  return r ? sql<string>`tstzrange(${r.start}::timestamptz, ${r.end}::timestamptz, '[)')` : null;
}

function selectRecords(db: Q) {
  return db
    .selectFrom("maintenanceRecord as m")
    .innerJoin("asset as a", "a.id", "m.assetId")
    .select([
      "m.id",
      "m.assetId",
      "a.tag as assetTag",
      "m.kind",
      "m.state",
      "m.title",
      "m.notes",
      "m.costMinor",
      "m.costCurrency",
      sql<Date | null>`lower(m.out_of_service)`.as("outOfServiceStart"),
      sql<Date | null>`upper(m.out_of_service)`.as("outOfServiceEnd"),
      "m.inspectionResult",
      "m.reportedByUserId",
      "m.createdAt",
      "m.closedAt",
      "m.version",
    ]);
}

type RecordRow = Awaited<ReturnType<ReturnType<typeof selectRecords>["executeTakeFirstOrThrow"]>>;

function toRecord(row: RecordRow): MaintenanceRecord {
  const { costMinor, costCurrency, outOfServiceStart, outOfServiceEnd, ...rest } = row;
  return {
    ...rest,
    cost: { amountMinor: BigInt(costMinor), currency: costCurrency },
    outOfService: outOfServiceStart && outOfServiceEnd ? { start: outOfServiceStart, end: outOfServiceEnd } : null,
  };
}

export async function findMaintenanceRecord(db: Q, id: string): Promise<MaintenanceRecord | undefined> {
  const row = await selectRecords(db).where("m.id", "=", id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function lockMaintenanceRecord(db: Q, id: string): Promise<MaintenanceRecord | undefined> {
  const row = await selectRecords(db).where("m.id", "=", id).forUpdate("m").executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export interface NewMaintenanceRecord {
  assetId: string;
  kind: MaintenanceKind;
  state: MaintenanceState;
  title: string;
  notes: string;
  cost: Money;
  outOfService: TimeRange | null;
  inspectionResult: InspectionResult | null;
  reportedByUserId: string | null;
  now: Date;
}

export async function insertMaintenanceRecord(db: Q, r: NewMaintenanceRecord): Promise<string> {
  const closed = r.state === "DONE" || r.state === "CANCELLED";
  const row = await db
    .insertInto("maintenanceRecord")
    .values({
      assetId: r.assetId,
      kind: r.kind,
      state: r.state,
      title: r.title,
      notes: r.notes,
      costMinor: r.cost.amountMinor.toString(),
      costCurrency: r.cost.currency,
      outOfService: range(r.outOfService),
      inspectionResult: r.inspectionResult,
      reportedByUserId: r.reportedByUserId,
      createdAt: r.now,
      closedAt: closed ? r.now : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface MaintenancePatch {
  state: MaintenanceState;
  notes: string;
  cost: Money;
  outOfService: TimeRange | null;
  inspectionResult: InspectionResult | null;
  closedAt: Date | null;
}

/** Optimistic update: false when the version moved on. */
export async function updateMaintenanceRecord(db: Q, id: string, version: number, p: MaintenancePatch): Promise<boolean> {
  const result = await db
    .updateTable("maintenanceRecord")
    .set({
      state: p.state,
      notes: p.notes,
      costMinor: p.cost.amountMinor.toString(),
      costCurrency: p.cost.currency,
      outOfService: range(p.outOfService),
      inspectionResult: p.inspectionResult,
      closedAt: p.closedAt,
      version: sql<number>`version + 1`,
    })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Which open records of the asset hold it out of availability. */
export async function findOpenHolds(db: Q, assetId: string): Promise<{ repair: boolean; damage: boolean }> {
  const rows = await db
    .selectFrom("maintenanceRecord")
    .select("kind")
    .distinct()
    .where("assetId", "=", assetId)
    .where("state", "in", openStates)
    .where("kind", "in", ["REPAIR", "DAMAGE_REPORT"])
    .execute();
  return { repair: rows.some((r) => r.kind === "REPAIR"), damage: rows.some((r) => r.kind === "DAMAGE_REPORT") };
}

export async function setAssetStatus(db: Q, assetId: string, status: AssetStatus, now: Date): Promise<void> {
  await db
    .updateTable("asset")
    .set({ status, version: sql<number>`version + 1`, updatedAt: now })
    .where("id", "=", assetId)
    .execute();
}

export interface MaintenanceFilter {
  assetId: string | undefined;
  productId: string | undefined;
  states: readonly MaintenanceState[];
  kind: MaintenanceKind | undefined;
  /** Continue after this (created_at, id), newest first. */
  after: { at: string; id: string } | undefined;
  limit: number;
}

/** Newest first. */
export async function listMaintenance(db: Q, filter: MaintenanceFilter): Promise<(MaintenanceRecord & { cursorAt: string })[]> {
  let q = selectRecords(db).select(exactTimestamp("m.created_at").as("cursorAt"));
  if (filter.assetId) q = q.where("m.assetId", "=", filter.assetId);
  if (filter.productId) q = q.where("a.productId", "=", filter.productId);
  if (filter.states.length > 0) q = q.where("m.state", "in", [...filter.states]);
  if (filter.kind) q = q.where("m.kind", "=", filter.kind);
  const after = filter.after;
  if (after) q = q.where(sql<boolean>`(m.created_at, m.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
  const rows = await q.orderBy("m.createdAt", "desc").orderBy("m.id", "desc").limit(filter.limit).execute();
  return rows.map((row) => ({ ...toRecord(row), cursorAt: row.cursorAt }));
}

export interface InspectionDueFilter {
  now: Date;
  withinDays: number;
  /** Continue after this (due_at, asset id), soonest first. */
  after: { at: string; id: string } | undefined;
  limit: number;
}

/**
 * Assets whose next inspection falls within `withinDays` of now, most overdue
 * first: the last passed inspection (or the purchase date, or when the asset
 * was created) plus the product's interval. Retired and lost units are left out.
 */
export async function listInspectionsDue(db: Q, f: InspectionDueFilter): Promise<(InspectionDue & { cursorAt: string })[]> {
  const due = selectAssets(db)
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("maintenanceRecord as m")
          .select("m.closedAt")
          .whereRef("m.assetId", "=", "a.id")
          .where("m.kind", "=", "INSPECTION")
          .where("m.state", "=", "DONE")
          .where("m.inspectionResult", "=", "PASSED")
          .orderBy("m.closedAt", "desc")
          .limit(1)
          .as("last"),
      (join) => join.onTrue(),
    )
    .select([
      "last.closedAt as lastInspectedAt",
      sql<Date>`coalesce(last.closed_at, a.purchase_date::timestamp AT TIME ZONE 'UTC', a.created_at) + make_interval(days => p.inspection_interval_days)`.as("dueAt"),
    ])
    .where("p.inspectionIntervalDays", ">", 0)
    .where("a.status", "not in", ["RETIRED", "LOST"]);
  let q = db
    .selectFrom(due.as("d"))
    .selectAll()
    .select(exactTimestamp("d.due_at").as("cursorAt"))
    .where(sql<boolean>`d.due_at <= ${f.now}::timestamptz + make_interval(days => ${f.withinDays}::int)`);
  const after = f.after;
  if (after) q = q.where(sql<boolean>`(d.due_at, d.id) > (${after.at}::timestamptz, ${after.id}::uuid)`);
  const rows = await q.orderBy("d.dueAt").orderBy("d.id").limit(f.limit).execute();
  return rows.map(({ lastInspectedAt, dueAt, cursorAt, ...asset }) => ({
    asset: toAsset(asset),
    lastInspectedAt,
    dueAt,
    overdue: dueAt.getTime() <= f.now.getTime(),
    cursorAt,
  }));
}

/** The query behind listOutOfServiceAssetIds (exported so a test can EXPLAIN it). */
export function outOfServiceAssetsQuery(db: Q, productIds: readonly string[], range: TimeRange) {
  return db
    .selectFrom("maintenanceRecord as m")
    .innerJoin("asset as a", "a.id", "m.assetId")
    .select("m.assetId")
    .distinct()
    .where("a.productId", "in", [...new Set(productIds)])
    .where("m.outOfService", "is not", null)
    .where("m.state", "in", openStates)
    .where(sql<boolean>`m.out_of_service && tstzrange(${range.start}::timestamptz, ${range.end}::timestamptz, '[)')`)
    .orderBy("m.assetId");
}

/**
 * Assets of these products that an open repair takes out of service at some
 * point of `range` (half-open). Answered from the GiST index on
 * (asset_id, out_of_service) of open records; for the availability engine.
 * See docs/rules/repair-blocks-availability.md.
 */
export async function listOutOfServiceAssetIds(db: Q, productIds: readonly string[], range: TimeRange): Promise<string[]> {
  if (productIds.length === 0) return [];
  const rows = await outOfServiceAssetsQuery(db, productIds, range).execute();
  return rows.map((r) => r.assetId);
}
