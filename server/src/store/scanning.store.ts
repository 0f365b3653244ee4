// SQL of scanning: sessions, scans stored under their client ids, units out on
// events, line counts, stocktake facts and reports, and the notification that
// tells every server process a session changed.
import { sql, type Kysely, type QueryCreator, type RawBuilder } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
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
import type { AssetChange } from "./asset-history.store.js";
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

/** Sessions as people see them: with the event, case, location and owner named and the scan counts (one pass over the session's scans). */
function selectSessionViews(db: Q) {
  return db
    .selectFrom("scanSession as s")
    .leftJoin("event as e", "e.id", "s.eventId")
    .leftJoin("equipmentCase as c", "c.id", "s.caseId")
    .leftJoin("location as l", "l.id", "s.locationId")
    .innerJoin("appUser as u", "u.id", "s.ownerUserId")
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("scan as x")
          .select([
            sql<number>`count(*) FILTER (WHERE x.undone_at IS NULL)::int`.as("scans"),
            sql<number>`count(*) FILTER (WHERE x.undone_at IS NOT NULL)::int`.as("undone"),
            sql<number>`coalesce(sum(x.quantity) FILTER (WHERE x.undone_at IS NULL), 0)::int`.as("units"),
            sql<number>`count(*) FILTER (WHERE x.undone_at IS NULL AND x.overridden_reason <> '')::int`.as("overrides"),
          ])
          .whereRef("x.sessionId", "=", "s.id")
          .as("k"),
      (j) => j.onTrue(),
    )
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
      "k.scans",
      "k.undone",
      "k.units",
      "k.overrides",
    ]);
}

type SessionViewRow = Awaited<ReturnType<ReturnType<typeof selectSessionViews>["executeTakeFirstOrThrow"]>>;

function toSessionView(r: SessionViewRow): ScanSession {
  return {
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
  };
}

export async function findSessions(db: Q, ids: readonly string[]): Promise<Map<string, ScanSession>> {
  if (ids.length === 0) return new Map();
  const rows = await selectSessionViews(db)
    .where("s.id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, toSessionView(r)]));
}

/**
 * What a scan's answer shows, in one statement: the session with its scan
 * counts, the counts of every line of its event (for the totals), and the
 * progress of the lines the scan touched.
 */
export async function findSessionProgress(
  db: Q,
  sessionId: string,
  lineIds: readonly string[],
): Promise<{ session: ScanSession; lineCounts: { required: number; checkedOut: number; returned: number }[]; lines: LineProgress[] } | undefined> {
  const row = await selectSessionViews(db)
    .select([
      jsonArrayFrom(selectScanLineCounts(db).where("pl.eventId", "=", sql.ref<string>("s.eventId")).select(["pl.quantity as required", "pl.checkedOut", "pl.returned"])).as("lineCounts"),
      lineIds.length === 0
        ? sql<LineProgress[]>`'[]'::json`.as("lines")
        : jsonArrayFrom(selectLineProgress(db).where("l.eventId", "=", sql.ref<string>("s.eventId")).where("l.id", "in", [...new Set(lineIds)])).as("lines"),
    ])
    .where("s.id", "=", sessionId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { lineCounts, lines, ...view } = row;
  return { session: toSessionView(view), lineCounts, lines };
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

/** A stored scan read as a JSON object (timestamps arrive as text). */
function fromJsonScan(row: Omit<ScanRow, "sequence" | "scannedAt" | "undoneAt"> & { sequence: string | number; scannedAt: string; undoneAt: string | null; payload: string; effects: unknown }): StoredScan {
  const { payload, effects, ...record } = row;
  return {
    record: { ...record, sequence: Number(record.sequence), scannedAt: new Date(record.scannedAt), undoneAt: record.undoneAt === null ? null : new Date(record.undoneAt) },
    payload,
    effects: effects as ScanEffect[],
  };
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

/** Scans of a session with a greater sequence, oldest first. */
export async function listScans(db: Q, sessionId: string, afterSequence: number): Promise<ScanRecord[]> {
  const rows = await db.selectFrom("scan").select(scanColumns).where("sessionId", "=", sessionId).where("sequence", ">", String(afterSequence)).orderBy("sequence").execute();
  return rows.map(toScan);
}

/** Tells every listening process (at commit) that a session changed. */
export async function notifySession(db: Q, payload: { sessionId: string; kind: "SCAN" | "UNDO" | "ENDED"; scanId: string }): Promise<void> {
  await sql`SELECT pg_notify(${scanChannel}, ${JSON.stringify(payload)})`.execute(db);
}

export interface ResolvedCode {
  kind: "ASSET" | "CASE" | "PRODUCT" | "KIT" | "LOCATION";
  id: string;
  /** Null when the target vanished between the trigger and now: the code reads as unknown. */
  title: string | null;
  caseCode: string;
  tracking: "SERIALIZED" | "BULK" | "CONSUMABLE" | null;
  archived: boolean;
}

/** What a scanned code names, with its title, in one indexed lookup (the unique index over lower(code)). */
function selectResolvedCode(db: Q, code: string) {
  return db
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
    .where(sql<string>`lower(s.code)`, "=", sql<string>`lower(${code})`);
}

/** What a scan needs before it decides anything, read in one statement under its locks. */
export interface ScanContext {
  session: SessionRow;
  /** The session's event (check-out and check-in), locked after the session. */
  event: EventHead | undefined;
  /** The scan stored under this scan id, as the statement's snapshot saw it. */
  earlier: StoredScan | undefined;
  /**
   * False when a scan of this session committed while the statement waited
   * for the session's lock: `earlier` was read before that commit and must be
   * read again (it may be that very scan, delivered twice).
   */
  earlierCurrent: boolean;
  code: ResolvedCode | undefined;
}

/**
 * Locks the session (scans, undo and the end of one session queue on it) and
 * then its event (check-out and check-in counts of one event are decided one
 * at a time), and reads the scan stored under `scanId` and what `code` names,
 * in one round trip. The lookups run on the statement's snapshot, taken before
 * any wait for the locks; the locked session row is its newest version. Every
 * applied scan raises the session's sequence, so a sequence newer than the
 * snapshot's tells that a scan committed meanwhile (`earlierCurrent`).
 */
export async function lockScanContext(db: Q, sessionId: string, scanId: string, code: string): Promise<ScanContext | undefined> {
  const row = await db
    .with("s", (qb) => qb.selectFrom("scanSession").select(sessionColumns).where("id", "=", sessionId).forUpdate())
    .with("e", (qb) =>
      qb
        .selectFrom("event")
        .select(["id", "number", "name", "status", "isTemplate", sql<Date>`lower(out_period)`.as("outStart"), sql<Date>`upper(out_period)`.as("outEnd")])
        // The session's lock is taken first: the event's id comes from it.
        .where("id", "=", (eb) => eb.selectFrom("s").select(sql<string>`s.event_id`.as("eventId")))
        .forUpdate(),
    )
    .selectFrom("s")
    .leftJoin("e", (j) => j.onTrue())
    .selectAll("s")
    .select((eb) => [
      "e.id as eId",
      "e.number as eNumber",
      "e.name as eName",
      "e.status as eStatus",
      "e.isTemplate as eIsTemplate",
      "e.outStart as eOutStart",
      "e.outEnd as eOutEnd",
      eb.selectFrom("scanSession as seen").select("seen.lastSequence").where("seen.id", "=", sessionId).as("seenSequence"),
      jsonObjectFrom(db.selectFrom("scan").select([...scanColumns, "payload", "effects"]).where("scanId", "=", scanId)).as("earlier"),
      jsonObjectFrom(selectResolvedCode(db, code)).as("resolved"),
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  const { eId, eNumber, eName, eStatus, eIsTemplate, eOutStart, eOutEnd, seenSequence, earlier, resolved, ...session } = row;
  const event: EventHead | undefined =
    eId === null || eNumber === null || eName === null || eStatus === null || eIsTemplate === null || eOutStart === null || eOutEnd === null
      ? undefined
      : { id: eId, number: eNumber, name: eName, status: eStatus, isTemplate: eIsTemplate, outStart: eOutStart, outEnd: eOutEnd };
  return {
    session: toSessionRow(session),
    event,
    earlier: earlier ? fromJsonScan(earlier) : undefined,
    earlierCurrent: seenSequence === session.lastSequence,
    code: resolved ?? undefined,
  };
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
  return asScanLines(await selectScanLines(db, eventId).execute());
}

function selectScanLines(db: Q, eventId: string) {
  return db
    .selectFrom("pullListLine")
    .select(["id", "kind", "productId", "assetId", "caseId", "quantity", "checkedOut", "returned", "position"])
    .where("eventId", "=", eventId)
    .where("source", "=", "OWN_STOCK")
    .where("kind", "in", ["PRODUCT", "ASSET", "CASE"]);
}

function asScanLines(rows: readonly (Omit<ScanLine, "kind"> & { kind: ScanLine["kind"] | "KIT" })[]): ScanLine[] {
  return rows.flatMap((r) => (r.kind !== "KIT" ? [{ ...r, kind: r.kind }] : []));
}

/** The event's own-stock product, asset and case lines, as the scanning screens count them. */
function selectScanLineCounts(db: Q) {
  return db.selectFrom("pullListLine as pl").where("pl.source", "=", "OWN_STOCK").where("pl.kind", "in", ["PRODUCT", "ASSET", "CASE"]);
}

function selectLineProgress(db: Q) {
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
    .where("l.source", "=", "OWN_STOCK")
    .where("l.kind", "in", ["PRODUCT", "ASSET", "CASE"])
    .orderBy("l.position")
    .orderBy("l.id");
}

/** Progress of the event's own-stock lines, with the tags of units out on each. */
export async function lineProgress(db: Q, eventId: string): Promise<LineProgress[]> {
  return selectLineProgress(db).where("l.eventId", "=", eventId).execute();
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

function selectUnits(db: QueryCreator<Database>) {
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

/**
 * What a check-out decides on, in one statement: the units, locked in id
 * order, each with the first (by number) other event overlapping the event's
 * period that reserves it by name; and the event's scan lines. The caller holds
 * the event's lock, so the lines cannot change while the units' locks are
 * awaited.
 */
export async function lockCheckOutFacts(
  db: Q,
  ids: readonly string[],
  event: { id: string; start: Date; end: Date },
): Promise<{ units: (UnitRow & { bookedElsewhere: string | null })[]; lines: ScanLine[] }> {
  const rows = await db
    .with("u", (qb) =>
      selectUnits(qb)
        .select((eb) =>
          eb
            .selectFrom("assetBooking as b")
            .innerJoin("event as be", "be.id", "b.eventId")
            .select("be.number")
            .whereRef("b.assetId", "=", "a.id")
            .where("b.eventId", "<>", event.id)
            .where(sql<boolean>`b.period && tstzrange(${event.start}::timestamptz, ${event.end}::timestamptz, '[)')`)
            .orderBy("be.number")
            .limit(1)
            .as("bookedElsewhere"),
        )
        .where(sql<boolean>`a.id = ANY(${[...new Set(ids)]}::uuid[])`)
        .orderBy("a.id")
        .forUpdate("a"),
    )
    // One row with no unit when there are none: the lines come with it.
    .selectFrom(sql<{ one: number }>`(SELECT 1)`.as("one"))
    .leftJoin("u", (j) => j.onTrue())
    .selectAll("u")
    .select(jsonArrayFrom(selectScanLines(db, event.id)).as("lines"))
    .execute();
  const units = rows.flatMap(({ lines: _lines, ...u }) => (u.id === null ? [] : [u as UnitRow & { bookedElsewhere: string | null }]));
  return { units, lines: asScanLines(rows[0]?.lines ?? []) };
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

/** How a scan's writes end: the scan stored under the session's next sequence, or an earlier scan marked undone. */
export type ScanFinish = { kind: "SCAN"; record: ScanRecord; payload: string; effects: readonly ScanEffect[] } | { kind: "UNDO"; sessionId: string; scanId: string };

export interface ScanWrite {
  now: Date;
  placements: readonly { assetId: string; to: Placement }[];
  /** Units back from their event. */
  outRemoved: readonly string[];
  outAdded: readonly { assetId: string; eventId: string; lineId: string | null; scanId: string; outAt: string }[];
  lineDeltas: readonly { lineId: string; picked: number; checkedOut: number; returned: number }[];
  history: readonly AssetChange[];
  finish: ScanFinish;
}

/**
 * A scan's common writes in one statement: units' placements, units out on
 * events, line counts, asset history, then the scan row with the session's
 * sequence (or the undo mark), and the notice to every server process (sent at
 * commit). Data-modifying CTEs run on one snapshot, each row at most once, and
 * every constraint and foreign key is checked as for separate statements. A
 * unit is never both back from and out on an event in one scan.
 */
export async function writeScan(db: Q, w: ScanWrite): Promise<void> {
  const parts: RawBuilder<unknown>[] = [];
  if (w.placements.length > 0) {
    parts.push(sql`placed AS (
      UPDATE asset a SET status = v.status, location_id = v.location_id, case_id = v.case_id, updated_at = ${w.now}::timestamptz, version = a.version + 1
      FROM unnest(${w.placements.map((p) => p.assetId)}::uuid[], ${w.placements.map((p) => p.to.status)}::text[], ${w.placements.map((p) => p.to.locationId)}::uuid[], ${w.placements.map((p) => p.to.caseId)}::uuid[])
        AS v(id, status, location_id, case_id)
      WHERE a.id = v.id)`);
  }
  if (w.outRemoved.length > 0) parts.push(sql`back AS (DELETE FROM asset_out WHERE asset_id = ANY(${w.outRemoved}::uuid[]))`);
  if (w.outAdded.length > 0) {
    parts.push(sql`sent AS (
      INSERT INTO asset_out (asset_id, event_id, line_id, scan_id, out_at)
      SELECT * FROM unnest(${w.outAdded.map((o) => o.assetId)}::uuid[], ${w.outAdded.map((o) => o.eventId)}::uuid[], ${w.outAdded.map((o) => o.lineId)}::uuid[], ${w.outAdded.map((o) => o.scanId)}::uuid[], ${w.outAdded.map((o) => o.outAt)}::timestamptz[]))`);
  }
  const lines = new Map<string, { picked: number; checkedOut: number; returned: number }>();
  for (const d of w.lineDeltas) {
    const seen = lines.get(d.lineId) ?? { picked: 0, checkedOut: 0, returned: 0 };
    lines.set(d.lineId, { picked: seen.picked + d.picked, checkedOut: seen.checkedOut + d.checkedOut, returned: seen.returned + d.returned });
  }
  if (lines.size > 0) {
    const ids = [...lines.keys()];
    const deltas = [...lines.values()];
    parts.push(sql`counted AS (
      UPDATE pull_list_line l SET picked = l.picked + v.picked, checked_out = l.checked_out + v.checked_out, returned = l.returned + v.returned
      FROM unnest(${ids}::uuid[], ${deltas.map((d) => d.picked)}::int4[], ${deltas.map((d) => d.checkedOut)}::int4[], ${deltas.map((d) => d.returned)}::int4[])
        AS v(id, picked, checked_out, returned)
      WHERE l.id = v.id)`);
  }
  if (w.history.length > 0) {
    const h = w.history;
    parts.push(sql`told AS (
      INSERT INTO asset_history (asset_id, kind, from_value, to_value, reason, actor_user_id, source_type, source_id)
      SELECT * FROM unnest(${h.map((c) => c.assetId)}::uuid[], ${h.map((c) => c.kind)}::text[], ${h.map((c) => c.from)}::text[], ${h.map((c) => c.to)}::text[], ${h.map((c) => c.reason)}::text[],
        ${h.map((c) => c.actorUserId)}::uuid[], ${h.map((c) => c.sourceType)}::text[], ${h.map((c) => c.sourceId)}::text[]))`);
  }
  const f = w.finish;
  let notice: { sessionId: string; kind: "SCAN" | "UNDO"; scanId: string };
  if (f.kind === "SCAN") {
    const r = f.record;
    parts.push(sql`sequenced AS (UPDATE scan_session SET last_sequence = ${r.sequence} WHERE id = ${r.sessionId})`);
    parts.push(sql`stored AS (
      INSERT INTO scan (scan_id, session_id, sequence, payload, code, target_kind, target_id, title, action, quantity, asset_ids, line_ids, overridden_reason, override_note,
        damaged, damage_note, maintenance_record_id, location_id, user_id, scanned_at, undone_at, effects)
      VALUES (${r.scanId}, ${r.sessionId}, ${r.sequence}, ${f.payload}, ${r.code}, ${r.targetKind}, ${r.targetId}, ${r.title}, ${r.action}, ${r.quantity}, ${r.assetIds}::uuid[], ${r.lineIds}::uuid[],
        ${r.overriddenReason}, ${r.overrideNote}, ${r.damaged}, ${r.damageNote}, ${r.maintenanceRecordId}, ${r.locationId}, ${r.userId}, ${r.scannedAt}::timestamptz, ${r.undoneAt}::timestamptz,
        ${JSON.stringify(f.effects)}::jsonb))`);
    notice = { sessionId: r.sessionId, kind: "SCAN", scanId: r.scanId };
  } else {
    parts.push(sql`undone AS (UPDATE scan SET undone_at = ${w.now}::timestamptz WHERE scan_id = ${f.scanId})`);
    notice = { sessionId: f.sessionId, kind: "UNDO", scanId: f.scanId };
  }
  await sql`WITH ${sql.join(parts, sql`, `)} SELECT pg_notify(${scanChannel}, ${JSON.stringify(notice)})`.execute(db);
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
