// SQL of scanning: sessions, scans stored under their client ids, units out on
// events, line counts, stocktake facts and reports, and the notification that
// tells every server process a session changed.
import { sql, type Kysely } from "kysely";
import type { AssetStatus } from "../domain/asset.js";
import type {
  BulkCount,
  CasePlacement,
  Discrepancy,
  EventStatusName,
  LineProgress,
  PlannedDiscrepancy,
  Placement,
  RecordedUnit,
  ScanEffect,
  ScanLine,
  ScanRecord,
  ScanSession,
  ScanSummary,
  SessionKind,
  SessionState,
} from "../domain/scanning.js";
import { locationSubtree } from "./location.store.js";
import type { Database } from "./schema.js";
import { isConstraintViolation, uniqueViolation } from "./stock.store.js";

type Q = Kysely<Database>;

/** The channel every server process listens on; payloads are small JSON pointers, the data is read from the tables. */
export const scanChannel = "eventkit_scan";

export function isScanIdTaken(error: unknown): boolean {
  return isConstraintViolation(error, uniqueViolation, "scan_pkey");
}

export function isAssetOutTaken(error: unknown): boolean {
  return isConstraintViolation(error, uniqueViolation, "asset_out_pkey");
}

export function isSessionRequestTaken(error: unknown): boolean {
  return isConstraintViolation(error, uniqueViolation, "scan_session_request_id_key");
}

/** A serialization failure or deadlock: the transaction may simply be run again. */
export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "40001" || code === "40P01";
}

/** Stock would go negative (stock_level_quantity_check). */
export function isNegativeStock(error: unknown): boolean {
  return isConstraintViolation(error, "23514", "stock_level_quantity_check");
}

// --- sessions ------------------------------------------------------------------

export interface SessionRow {
  id: string;
  kind: SessionKind;
  state: SessionState;
  eventId: string | null;
  caseId: string | null;
  locationId: string | null;
  sourceLocationId: string | null;
  currentLocationId: string | null;
  ownerUserId: string;
  note: string;
  requestId: string | null;
  lastSequence: number;
  correctionsApplied: boolean;
  startedAt: Date;
  endedAt: Date | null;
}

const sessionColumns = [
  "id",
  "kind",
  "state",
  "eventId",
  "caseId",
  "locationId",
  "sourceLocationId",
  "currentLocationId",
  "ownerUserId",
  "note",
  "requestId",
  "lastSequence",
  "correctionsApplied",
  "startedAt",
  "endedAt",
] as const;

function toSessionRow(row: Omit<SessionRow, "lastSequence"> & { lastSequence: string }): SessionRow {
  return { ...row, lastSequence: Number(row.lastSequence) };
}

export async function insertSession(
  db: Q,
  s: { kind: SessionKind; eventId: string | null; caseId: string | null; locationId: string | null; sourceLocationId: string | null; ownerUserId: string; note: string; requestId: string | null; now: Date },
): Promise<SessionRow> {
  const { now, ...fields } = s;
  const row = await db
    .insertInto("scanSession")
    .values({ ...fields, currentLocationId: s.kind === "STOCKTAKE" ? s.locationId : null, lastSequence: 0, startedAt: now })
    .returning(sessionColumns)
    .executeTakeFirstOrThrow();
  return toSessionRow(row);
}

export async function findSessionRow(db: Q, id: string): Promise<SessionRow | undefined> {
  const row = await db.selectFrom("scanSession").select(sessionColumns).where("id", "=", id).executeTakeFirst();
  return row && toSessionRow(row);
}

export async function findSessionByRequestId(db: Q, requestId: string): Promise<SessionRow | undefined> {
  const row = await db.selectFrom("scanSession").select(sessionColumns).where("requestId", "=", requestId).executeTakeFirst();
  return row && toSessionRow(row);
}

/** The session row, locked: scans, undo and the end of one session queue on it. */
export async function lockSession(db: Q, id: string): Promise<SessionRow | undefined> {
  const row = await db.selectFrom("scanSession").select(sessionColumns).where("id", "=", id).forUpdate().executeTakeFirst();
  return row && toSessionRow(row);
}

export async function setSessionSequence(db: Q, id: string, sequence: number): Promise<void> {
  await db.updateTable("scanSession").set({ lastSequence: sequence }).where("id", "=", id).execute();
}

export async function setSessionLocations(db: Q, id: string, l: { locationId: string | null; currentLocationId: string | null }): Promise<void> {
  await db.updateTable("scanSession").set(l).where("id", "=", id).execute();
}

export async function endSessionRow(db: Q, id: string, now: Date): Promise<void> {
  await db.updateTable("scanSession").set({ state: "ENDED", endedAt: now }).where("id", "=", id).execute();
}

export async function markCorrectionsApplied(db: Q, id: string): Promise<void> {
  await db.updateTable("scanSession").set({ correctionsApplied: true }).where("id", "=", id).execute();
}

const emptySummary: ScanSummary = { scans: 0, undone: 0, units: 0, required: 0, done: 0, overrides: 0 };

/** Sessions as people see them: with the event, case, location and owner named and the scan counts. */
export async function findSessions(db: Q, ids: readonly string[]): Promise<Map<string, ScanSession>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("scanSession as s")
    .leftJoin("event as e", "e.id", "s.eventId")
    .leftJoin("equipmentCase as c", "c.id", "s.caseId")
    .leftJoin("location as l", "l.id", "s.locationId")
    .innerJoin("appUser as u", "u.id", "s.ownerUserId")
    .select([
      "s.id",
      "s.kind",
      "s.state",
      "s.eventId",
      "s.caseId",
      "s.locationId",
      "s.sourceLocationId",
      "s.currentLocationId",
      "s.ownerUserId",
      "s.note",
      "s.lastSequence",
      "s.correctionsApplied",
      "s.startedAt",
      "s.endedAt",
      sql<string>`coalesce(e.number, '')`.as("eventNumber"),
      sql<string>`coalesce(e.name, '')`.as("eventName"),
      sql<string>`coalesce(c.code, '')`.as("caseCode"),
      sql<string>`coalesce(l.name, '')`.as("locationName"),
      "u.displayName as ownerName",
      sql<number>`(SELECT count(*) FROM scan x WHERE x.session_id = s.id AND x.undone_at IS NULL)::int`.as("scans"),
      sql<number>`(SELECT count(*) FROM scan x WHERE x.session_id = s.id AND x.undone_at IS NOT NULL)::int`.as("undone"),
      sql<number>`(SELECT coalesce(sum(x.quantity), 0) FROM scan x WHERE x.session_id = s.id AND x.undone_at IS NULL)::int`.as("units"),
      sql<number>`(SELECT count(*) FROM scan x WHERE x.session_id = s.id AND x.undone_at IS NULL AND x.overridden_reason <> '')::int`.as("overrides"),
    ])
    .where("s.id", "in", [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        kind: r.kind,
        state: r.state,
        eventId: r.eventId,
        eventNumber: r.eventNumber,
        eventName: r.eventName,
        caseId: r.caseId,
        caseCode: r.caseCode,
        locationId: r.locationId,
        locationName: r.locationName,
        sourceLocationId: r.sourceLocationId,
        currentLocationId: r.currentLocationId,
        ownerUserId: r.ownerUserId,
        ownerName: r.ownerName,
        note: r.note,
        startedAt: r.startedAt,
        endedAt: r.endedAt,
        lastSequence: Number(r.lastSequence),
        correctionsApplied: r.correctionsApplied,
        summary: { ...emptySummary, scans: r.scans, undone: r.undone, units: r.units, overrides: r.overrides },
      },
    ]),
  );
}

export interface SessionFilter {
  eventId: string | undefined;
  kinds: readonly SessionKind[];
  state: SessionState | undefined;
  /** Keyset: sessions started before this (started_at, id). */
  after: { startedAt: string; id: string } | undefined;
  limit: number;
}

export async function listSessionIds(db: Q, f: SessionFilter): Promise<{ id: string; cursorAt: string }[]> {
  let q = db.selectFrom("scanSession as s").select(["s.id", sql<string>`to_char(s.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("cursorAt")]);
  if (f.eventId) q = q.where("s.eventId", "=", f.eventId);
  if (f.kinds.length > 0) q = q.where("s.kind", "in", [...f.kinds]);
  if (f.state) q = q.where("s.state", "=", f.state);
  if (f.after) {
    const after = f.after;
    q = q.where(sql<boolean>`(s.started_at, s.id) < (${after.startedAt}::timestamptz, ${after.id}::uuid)`);
  }
  return q.orderBy("s.startedAt", "desc").orderBy("s.id", "desc").limit(f.limit).execute();
}

// --- scans ---------------------------------------------------------------------

const scanColumns = [
  "scanId",
  "sessionId",
  "sequence",
  "code",
  "targetKind",
  "targetId",
  "title",
  "action",
  "quantity",
  "assetIds",
  "lineIds",
  "overriddenReason",
  "overrideNote",
  "damaged",
  "damageNote",
  "maintenanceRecordId",
  "locationId",
  "userId",
  "scannedAt",
  "undoneAt",
] as const;

type ScanRow = Omit<ScanRecord, "sequence"> & { sequence: string };

function toScan(row: ScanRow): ScanRecord {
  return { ...row, sequence: Number(row.sequence) };
}

export interface StoredScan {
  record: ScanRecord;
  payload: string;
  effects: ScanEffect[];
}

export async function findScan(db: Q, scanId: string): Promise<StoredScan | undefined> {
  const row = await db
    .selectFrom("scan")
    .select([...scanColumns, "payload", "effects"])
    .where("scanId", "=", scanId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { payload, effects, ...record } = row;
  return { record: toScan(record), payload, effects: effects as ScanEffect[] };
}

export async function insertScan(db: Q, record: ScanRecord, payload: string, effects: readonly ScanEffect[]): Promise<void> {
  await db
    .insertInto("scan")
    .values({ ...record, sequence: record.sequence, payload, effects: JSON.stringify(effects) })
    .execute();
}

/** The newest applied, not undone scan of a session, locked. */
export async function lockLastAppliedScan(db: Q, sessionId: string): Promise<StoredScan | undefined> {
  const row = await db
    .selectFrom("scan")
    .select([...scanColumns, "payload", "effects"])
    .where("sessionId", "=", sessionId)
    .where("undoneAt", "is", null)
    .orderBy("sequence", "desc")
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  const { payload, effects, ...record } = row;
  return { record: toScan(record), payload, effects: effects as ScanEffect[] };
}

export async function markScanUndone(db: Q, scanId: string, now: Date): Promise<void> {
  await db.updateTable("scan").set({ undoneAt: now }).where("scanId", "=", scanId).execute();
}

/** Scans of a session with a greater sequence, oldest first. */
export async function listScans(db: Q, sessionId: string, afterSequence: number): Promise<ScanRecord[]> {
  const rows = await db.selectFrom("scan").select(scanColumns).where("sessionId", "=", sessionId).where("sequence", ">", String(afterSequence)).orderBy("sequence").execute();
  return rows.map(toScan);
}

/** Tells every listening process (at commit) that a session changed. */
export async function notifySession(db: Q, payload: { sessionId: string; kind: "SCAN" | "UNDO" | "ENDED"; scanId: string }): Promise<void> {
  await sql`SELECT pg_notify(${scanChannel}, ${JSON.stringify(payload)})`.execute(db);
}

/** What a scanned code names, with its title, in one indexed lookup (the unique index over lower(code)). */
export async function resolveScanCode(
  db: Q,
  code: string,
): Promise<{ kind: "ASSET" | "CASE" | "PRODUCT" | "KIT" | "LOCATION"; id: string; title: string; caseCode: string; tracking: "SERIALIZED" | "BULK" | "CONSUMABLE" | null; archived: boolean } | undefined> {
  const row = await db
    .selectFrom("scanCode as s")
    .leftJoin("asset as a", (j) => j.onRef("a.id", "=", "s.targetId").on("s.kind", "=", "ASSET"))
    .leftJoin("product as ap", "ap.id", "a.productId")
    .leftJoin("equipmentCase as c", (j) => j.onRef("c.id", "=", "s.targetId").on("s.kind", "=", "CASE"))
    .leftJoin("product as p", (j) => j.onRef("p.id", "=", "s.targetId").on("s.kind", "=", "PRODUCT"))
    .leftJoin("location as l", (j) => j.onRef("l.id", "=", "s.targetId").on("s.kind", "=", "LOCATION"))
    .select([
      "s.kind",
      "s.targetId as id",
      sql<string | null>`CASE s.kind WHEN 'ASSET' THEN a.tag || ' · ' || ap.name WHEN 'CASE' THEN c.code || ' · ' || c.name WHEN 'PRODUCT' THEN p.name WHEN 'LOCATION' THEN l.code || ' · ' || l.name ELSE s.code END`.as("title"),
      sql<string>`coalesce(c.code, '')`.as("caseCode"),
      "p.tracking",
      sql<boolean>`coalesce(l.archived, false)`.as("archived"),
    ])
    .where(sql<string>`lower(s.code)`, "=", sql<string>`lower(${code})`)
    .executeTakeFirst();
  // A row whose target vanished between the trigger and now reads as unknown.
  return row?.title ? { ...row, title: row.title } : undefined;
}

// --- events and lines ------------------------------------------------------------

export interface EventHead {
  id: string;
  number: string;
  name: string;
  status: EventStatusName;
  isTemplate: boolean;
  outStart: Date;
  outEnd: Date;
}

function selectEventHead(db: Q) {
  return db
    .selectFrom("event")
    .select(["id", "number", "name", "status", "isTemplate", sql<Date>`lower(out_period)`.as("outStart"), sql<Date>`upper(out_period)`.as("outEnd")]);
}

export async function findEventHead(db: Q, id: string): Promise<EventHead | undefined> {
  return selectEventHead(db).where("id", "=", id).executeTakeFirst();
}

/** The event row, locked as every pull-list change locks it: check-out and check-in counts of one event are decided one at a time. */
export async function lockEventHead(db: Q, id: string): Promise<EventHead | undefined> {
  return selectEventHead(db).where("id", "=", id).forUpdate().executeTakeFirst();
}

/** The event's own-stock product, asset and permanent-case lines (kit headers and sub-hires do not take scans). */
export async function listScanLines(db: Q, eventId: string): Promise<ScanLine[]> {
  const rows = await db
    .selectFrom("pullListLine")
    .select(["id", "kind", "productId", "assetId", "caseId", "quantity", "checkedOut", "returned", "position"])
    .where("eventId", "=", eventId)
    .where("source", "=", "OWN_STOCK")
    .where("kind", "in", ["PRODUCT", "ASSET", "CASE"])
    .execute();
  return rows.flatMap((r) => (r.kind !== "KIT" ? [{ ...r, kind: r.kind }] : []));
}

export async function addLineCounts(db: Q, deltas: readonly { lineId: string; picked: number; checkedOut: number; returned: number }[]): Promise<void> {
  for (const d of [...deltas].sort((a, b) => a.lineId.localeCompare(b.lineId))) {
    await db
      .updateTable("pullListLine")
      .set({ picked: sql`picked + ${d.picked}`, checkedOut: sql`checked_out + ${d.checkedOut}`, returned: sql`returned + ${d.returned}` })
      .where("id", "=", d.lineId)
      .execute();
  }
}

/** Progress of the event's own-stock lines, with the tags of units out on each. */
export async function lineProgress(db: Q, eventId: string): Promise<LineProgress[]> {
  return db
    .selectFrom("pullListLine as l")
    .leftJoin("product as p", "p.id", "l.productId")
    .leftJoin("asset as a", "a.id", "l.assetId")
    .leftJoin("equipmentCase as c", "c.id", "l.caseId")
    .select([
      "l.id as lineId",
      "l.productId",
      "l.assetId",
      "l.caseId",
      sql<string>`CASE WHEN c.code IS NOT NULL THEN c.code || ' · ' || c.name WHEN a.tag IS NOT NULL THEN a.tag || ' · ' || coalesce(p.name, '') ELSE coalesce(p.name, '') END`.as("title"),
      "l.quantity as required",
      "l.picked",
      "l.checkedOut",
      "l.returned",
      sql<string[]>`coalesce((SELECT array_agg(x.tag ORDER BY lower(x.tag)) FROM asset_out o JOIN asset x ON x.id = o.asset_id WHERE o.line_id = l.id), '{}')`.as("assetTags"),
    ])
    .where("l.eventId", "=", eventId)
    .where("l.source", "=", "OWN_STOCK")
    .where("l.kind", "in", ["PRODUCT", "ASSET", "CASE"])
    .orderBy("l.position")
    .orderBy("l.id")
    .execute();
}

// --- units -----------------------------------------------------------------------

export interface UnitRow extends Placement {
  id: string;
  tag: string;
  productId: string;
  productName: string;
  outEventId: string | null;
  outEventNumber: string;
  outLineId: string | null;
  outScanId: string | null;
  outAt: Date | null;
}

function selectUnits(db: Q) {
  return db
    .selectFrom("asset as a")
    .innerJoin("product as p", "p.id", "a.productId")
    .leftJoin("assetOut as o", "o.assetId", "a.id")
    .leftJoin("event as e", "e.id", "o.eventId")
    .select([
      "a.id",
      "a.tag",
      "a.productId",
      "p.name as productName",
      "a.status",
      "a.locationId",
      "a.caseId",
      "o.eventId as outEventId",
      sql<string>`coalesce(e.number, '')`.as("outEventNumber"),
      "o.lineId as outLineId",
      "o.scanId as outScanId",
      "o.outAt",
    ]);
}

/** Units, locked in id order (two scans of overlapping cases cannot deadlock). */
export async function lockUnits(db: Q, ids: readonly string[]): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  return selectUnits(db).where("a.id", "in", [...new Set(ids)]).orderBy("a.id").forUpdate("a").execute();
}

/** Units that other events overlapping [start, end) reserve by name, with the first such event's number. */
export async function bookedElsewhere(db: Q, assetIds: readonly string[], eventId: string, start: Date, end: Date): Promise<Map<string, string>> {
  if (assetIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("assetBooking as b")
    .innerJoin("event as e", "e.id", "b.eventId")
    .select(["b.assetId", "e.number"])
    .where("b.assetId", "in", [...new Set(assetIds)])
    .where("b.eventId", "<>", eventId)
    .where(sql<boolean>`b.period && tstzrange(${start}::timestamptz, ${end}::timestamptz, '[)')`)
    .orderBy("e.number")
    .execute();
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.assetId)) out.set(r.assetId, r.number);
  return out;
}

export async function setUnitPlacements(db: Q, changes: readonly { assetId: string; to: Placement }[], now: Date): Promise<void> {
  for (const c of changes) {
    await db
      .updateTable("asset")
      .set({ status: c.to.status, locationId: c.to.locationId, caseId: c.to.caseId, updatedAt: now, version: sql`version + 1` })
      .where("id", "=", c.assetId)
      .execute();
  }
}

export async function insertAssetOut(db: Q, rows: readonly { assetId: string; eventId: string; lineId: string | null; scanId: string; outAt: Date | string }[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto("assetOut").values([...rows]).execute();
}

export async function deleteAssetOut(db: Q, assetIds: readonly string[]): Promise<void> {
  if (assetIds.length === 0) return;
  await db.deleteFrom("assetOut").where("assetId", "in", [...assetIds]).execute();
}

/** Units and bulk still out on an event, per line (units out without a line come under an empty line id). */
export async function unitsOutOnEvent(db: Q, eventId: string): Promise<{ assetId: string; tag: string; productId: string; productName: string; lineId: string | null }[]> {
  return db
    .selectFrom("assetOut as o")
    .innerJoin("asset as a", "a.id", "o.assetId")
    .innerJoin("product as p", "p.id", "a.productId")
    .select(["o.assetId", "a.tag", "a.productId", "p.name as productName", "o.lineId"])
    .where("o.eventId", "=", eventId)
    .orderBy(sql`lower(a.tag)`)
    .execute();
}

// --- cases -------------------------------------------------------------------------

/** The case and every case nested in it, at any depth. */
export async function caseSubtreeIds(db: Q, caseId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    WITH RECURSIVE below AS (
      SELECT id FROM equipment_case WHERE id = ${caseId}
      UNION ALL
      SELECT c.id FROM equipment_case c JOIN below ON c.parent_case_id = below.id
    ) SELECT id FROM below`.execute(db);
  return rows.rows.map((r) => r.id);
}

export async function assetIdsInCases(db: Q, caseIds: readonly string[]): Promise<string[]> {
  if (caseIds.length === 0) return [];
  const rows = await db.selectFrom("asset").select("id").where("caseId", "in", [...caseIds]).orderBy("id").execute();
  return rows.map((r) => r.id);
}

export interface CaseRow extends CasePlacement {
  id: string;
  code: string;
  name: string;
  kind: "PERMANENT" | "TEMPORARY";
}

export async function lockCaseRows(db: Q, ids: readonly string[]): Promise<Map<string, CaseRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("equipmentCase")
    .select(["id", "code", "name", "kind", "locationId", "parentCaseId"])
    .where("id", "in", [...new Set(ids)])
    .orderBy("id")
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function findCaseRows(db: Q, ids: readonly string[]): Promise<Map<string, CaseRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("equipmentCase").select(["id", "code", "name", "kind", "locationId", "parentCaseId"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function setCasePlacements(db: Q, changes: readonly { caseId: string; to: CasePlacement }[]): Promise<void> {
  for (const c of changes) {
    await db.updateTable("equipmentCase").set({ locationId: c.to.locationId, parentCaseId: c.to.parentCaseId, version: sql`version + 1` }).where("id", "=", c.caseId).execute();
  }
}

export async function caseBulk(db: Q, caseIds: readonly string[]): Promise<{ caseId: string; productId: string; productName: string; quantity: number }[]> {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom("caseBulkContent as b")
    .innerJoin("product as p", "p.id", "b.productId")
    .select(["b.caseId", "b.productId", "p.name as productName", "b.quantity"])
    .where("b.caseId", "in", [...caseIds])
    .orderBy("b.caseId")
    .orderBy("b.productId")
    .execute();
}

// --- products and locations --------------------------------------------------------

export async function findLocationHead(db: Q, id: string): Promise<{ id: string; name: string; code: string; archived: boolean } | undefined> {
  return db.selectFrom("location").select(["id", "name", "code", "archived"]).where("id", "=", id).executeTakeFirst();
}

export async function locationSubtreeIds(db: Q, id: string): Promise<string[]> {
  const rows = await db.selectFrom("location").select("id").where("id", "in", locationSubtree(id)).execute();
  return rows.map((r) => r.id);
}

// --- stocktake ----------------------------------------------------------------------

export async function recordedUnitsIn(db: Q, locationIds: readonly string[]): Promise<RecordedUnit[]> {
  if (locationIds.length === 0) return [];
  return db.selectFrom("asset").select(["id as assetId", "productId", "locationId", "status"]).where("locationId", "in", [...locationIds]).execute();
}

export async function stockIn(db: Q, locationIds: readonly string[]): Promise<BulkCount[]> {
  if (locationIds.length === 0) return [];
  return db.selectFrom("stockLevel").select(["productId", "locationId", "quantity"]).where("locationId", "in", [...locationIds]).where("quantity", ">", 0).execute();
}

export async function unitStatuses(db: Q, ids: readonly string[]): Promise<Map<string, { status: AssetStatus; locationId: string; productId: string; tag: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("asset").select(["id", "status", "locationId", "productId", "tag"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertDiscrepancies(db: Q, sessionId: string, rows: readonly PlannedDiscrepancy[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("scanDiscrepancy")
    .values(rows.map((d, position) => ({ sessionId, position, ...d })))
    .execute();
}

export interface DiscrepancyRow extends PlannedDiscrepancy {
  id: string;
  appliedAt: Date | null;
}

export async function lockDiscrepancies(db: Q, sessionId: string, ids: readonly string[]): Promise<DiscrepancyRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom("scanDiscrepancy")
    .select(["id", "kind", "assetId", "productId", "expectedLocationId", "foundLocationId", "expectedQuantity", "countedQuantity", "appliedAt"])
    .where("sessionId", "=", sessionId)
    .where("id", "in", [...new Set(ids)])
    .orderBy("position")
    .forUpdate()
    .execute();
}

export async function markDiscrepancyApplied(db: Q, id: string, a: { reason: string; userId: string; now: Date }): Promise<void> {
  await db.updateTable("scanDiscrepancy").set({ appliedAt: a.now, appliedReason: a.reason, appliedByUserId: a.userId }).where("id", "=", id).execute();
}

export async function listDiscrepancies(db: Q, sessionId: string): Promise<Discrepancy[]> {
  const rows = await db
    .selectFrom("scanDiscrepancy as d")
    .leftJoin("asset as a", "a.id", "d.assetId")
    .innerJoin("product as p", "p.id", "d.productId")
    .leftJoin("location as le", "le.id", "d.expectedLocationId")
    .leftJoin("location as lf", "lf.id", "d.foundLocationId")
    .select([
      "d.id",
      "d.kind",
      "d.assetId",
      sql<string>`coalesce(a.tag, '')`.as("assetTag"),
      "d.productId",
      "p.name as productName",
      "d.expectedLocationId",
      sql<string>`coalesce(le.name, '')`.as("expectedLocationName"),
      "d.foundLocationId",
      sql<string>`coalesce(lf.name, '')`.as("foundLocationName"),
      "d.expectedQuantity",
      "d.countedQuantity",
      "d.appliedAt",
      "d.appliedReason",
      "d.appliedByUserId",
    ])
    .where("d.sessionId", "=", sessionId)
    .orderBy("d.position")
    .execute();
  return rows;
}

/** Stock effects ("count" entries are kept in the effects of stocktake scans) of a session's applied scans. */
export async function appliedEffects(db: Q, sessionId: string): Promise<{ record: ScanRecord; effects: ScanEffect[] }[]> {
  const rows = await db
    .selectFrom("scan")
    .select([...scanColumns, "effects"])
    .where("sessionId", "=", sessionId)
    .where("undoneAt", "is", null)
    .orderBy("sequence")
    .execute();
  return rows.map(({ effects, ...record }) => ({ record: toScan(record), effects: effects as ScanEffect[] }));
}

export async function setStockLevel(db: Q, productId: string, locationId: string, quantity: number): Promise<number> {
  const before = await db
    .selectFrom("stockLevel")
    .select("quantity")
    .where("productId", "=", productId)
    .where("locationId", "=", locationId)
    .forUpdate()
    .executeTakeFirst();
  await db
    .insertInto("stockLevel")
    .values({ productId, locationId, quantity })
    .onConflict((oc) => oc.columns(["productId", "locationId"]).doUpdateSet({ quantity }))
    .execute();
  return before?.quantity ?? 0;
}

export async function openDamageReport(db: Q, r: { assetId: string; title: string; notes: string; userId: string; now: Date }): Promise<string> {
  const row = await db
    .insertInto("maintenanceRecord")
    .values({
      assetId: r.assetId,
      kind: "DAMAGE_REPORT",
      state: "OPEN",
      title: r.title,
      notes: r.notes,
      costMinor: "0",
      costCurrency: "EUR",
      // Out of service from now until the report is closed.
      outOfService: sql<string>`tstzrange(${r.now}::timestamptz, NULL, '[)')`,
      reportedByUserId: r.userId,
      createdAt: r.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function cancelMaintenanceRecord(db: Q, id: string, now: Date): Promise<void> {
  await db.updateTable("maintenanceRecord").set({ state: "CANCELLED", closedAt: now, version: sql`version + 1` }).where("id", "=", id).execute();
}
