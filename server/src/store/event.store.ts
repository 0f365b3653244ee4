// SQL of events: the event rows with their phases, the event list (GiST on the
// out-period), and the bookings of specific assets that the database keeps
// from overlapping (asset_booking_no_overlap).
import { sql, type Kysely } from "kysely";
import type { TimeRange } from "../domain/inventory.js";
import type { EventStatus, Phase } from "../domain/planning.js";
import type { EventInput, PlanningEvent } from "../domain/planning.types.js";
import { likePattern } from "./case.store.js";
import type { Database } from "./schema.js";

type Q = Kysely<Database>;

function range(r: TimeRange) {
  return sql<string>`tstzrange(${r.start}::timestamptz, ${r.end}::timestamptz, '[)')`;
}

function selectEvents(db: Q) {
  return db
    .selectFrom("event as e")
    .leftJoin("company as c", "c.id", "e.clientId")
    .leftJoin("contact as ct", "ct.id", "e.contactId")
    .select([
      "e.id",
      "e.number",
      "e.name",
      "e.status",
      "e.clientId",
      sql<string>`coalesce(c.name, '')`.as("clientName"),
      "e.contactId",
      // One source: the CRM contact's name when the event references one.
      sql<string>`coalesce(ct.name, e.contact_name)`.as("contactName"),
      "e.venueId",
      "e.projectId",
      "e.timeZone",
      sql<Date>`lower(e.out_period)`.as("outStart"),
      sql<Date>`upper(e.out_period)`.as("outEnd"),
      sql<Date | null>`lower(e.charge_period)`.as("chargeStart"),
      sql<Date | null>`upper(e.charge_period)`.as("chargeEnd"),
      "e.notes",
      "e.isTemplate",
      "e.confirmedWithShortages",
      "e.version",
      "e.createdAt",
      "e.updatedAt",
      // In the event's own statement (one round trip per event read), with epoch milliseconds: cheaper to parse than timestamptz text.
      sql<PhaseJson[]>`(SELECT coalesce(json_agg(json_build_object('kind', p.kind, 'label', p.label,
          'start', floor(extract(epoch FROM lower(p.period)) * 1000), 'end', floor(extract(epoch FROM upper(p.period)) * 1000)) ORDER BY p.position), '[]')
        FROM event_phase p WHERE p.event_id = e.id)`.as("phases"),
    ]);
}

interface PhaseJson {
  kind: Phase["kind"];
  label: string;
  start: number;
  end: number;
}

type EventRow = Awaited<ReturnType<ReturnType<typeof selectEvents>["executeTakeFirstOrThrow"]>>;

function toEvent({ outStart, outEnd, chargeStart, chargeEnd, phases, ...e }: EventRow): PlanningEvent {
  return {
    ...e,
    phases: phases.map((p) => ({ kind: p.kind, label: p.label, start: new Date(p.start), end: new Date(p.end) })),
    outPeriod: { start: outStart, end: outEnd },
    chargePeriod: chargeStart && chargeEnd ? { start: chargeStart, end: chargeEnd } : null,
  };
}

export async function findEvent(db: Q, id: string): Promise<PlanningEvent | undefined> {
  const row = await selectEvents(db).where("e.id", "=", id).executeTakeFirst();
  return row ? toEvent(row) : undefined;
}

/** Locks the event row: every change of an event and its pull list goes through it. */
export async function lockEvent(db: Q, id: string): Promise<PlanningEvent | undefined> {
  const row = await selectEvents(db).where("e.id", "=", id).forUpdate("e").executeTakeFirst();
  return row ? toEvent(row) : undefined;
}

/** The query behind lockEventOfLine (exported so a test can EXPLAIN it). */
export function lockEventOfLineQuery(db: Q, lineId: string) {
  return selectEvents(db)
    .where("e.id", "=", (eb) => eb.selectFrom("pullListLine").select("eventId").where("id", "=", lineId))
    .forUpdate("e");
}

/**
 * Locks the event a pull-list line belongs to, found from the line in the same
 * statement (a line never changes events); undefined when the line is gone.
 */
export async function lockEventOfLine(db: Q, lineId: string): Promise<PlanningEvent | undefined> {
  const row = await lockEventOfLineQuery(db, lineId).executeTakeFirst();
  return row ? toEvent(row) : undefined;
}

export async function findEventsByIds(db: Q, ids: readonly string[]): Promise<Map<string, PlanningEvent>> {
  if (ids.length === 0) return new Map();
  const rows = await selectEvents(db).where("e.id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, toEvent(r)]));
}

export interface EventFilter {
  statuses: readonly EventStatus[];
  overlapping: TimeRange | undefined;
  clientId: string | undefined;
  projectId: string | undefined;
  venueId: string | undefined;
  query: string;
  templates: boolean;
  /** Continue after this (out-period start, id). */
  after: { at: string; id: string } | undefined;
  limit: number;
}

/** By out-period start, then id. */
export async function listEvents(db: Q, f: EventFilter): Promise<(PlanningEvent & { cursorAt: string })[]> {
  let q = selectEvents(db).select(sql<string>`to_char(lower(e.out_period) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("cursorAt"));
  // Spelled exactly as the partial GiST index's predicate, so the planner can use it.
  q = q.where(f.templates ? sql<boolean>`e.is_template` : sql<boolean>`NOT e.is_template`);
  if (f.statuses.length > 0) q = q.where("e.status", "in", [...f.statuses]);
  if (f.overlapping) q = q.where(sql<boolean>`e.out_period && ${range(f.overlapping)}`);
  if (f.clientId) q = q.where("e.clientId", "=", f.clientId);
  if (f.projectId) q = q.where("e.projectId", "=", f.projectId);
  if (f.venueId) q = q.where("e.venueId", "=", f.venueId);
  const text = f.query.trim();
  if (text !== "") {
    const pattern = likePattern(text);
    q = q.where((eb) => eb.or([eb(sql`lower(e.name)`, "like", pattern), eb(sql`lower(e.number)`, "like", pattern)]));
  }
  const after = f.after;
  if (after) q = q.where(sql<boolean>`(lower(e.out_period), e.id) > (${after.at}::timestamptz, ${after.id}::uuid)`);
  const rows = await q.orderBy(sql`lower(e.out_period)`).orderBy("e.id").limit(f.limit).execute();
  return rows.map(({ cursorAt, ...r }) => ({ ...toEvent(r), cursorAt }));
}

export async function nextEventSequence(db: Q): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT nextval('event_number_seq')::text AS n`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export interface EventFields extends Omit<EventInput, "phases"> {
  outPeriod: TimeRange;
  chargePeriod: TimeRange;
}

function columns(f: EventFields) {
  return {
    name: f.name,
    clientId: f.clientId,
    contactId: f.contactId,
    contactName: f.contactId ? "" : f.contactName,
    venueId: f.venueId,
    projectId: f.projectId,
    timeZone: f.timeZone,
    notes: f.notes,
    isTemplate: f.isTemplate,
    outPeriod: range(f.outPeriod),
    chargePeriod: range(f.chargePeriod),
  };
}

export async function insertEvent(db: Q, f: EventFields & { number: string; status: EventStatus; now: Date }): Promise<string> {
  const row = await db
    .insertInto("event")
    .values({ ...columns(f), number: f.number, status: f.status, createdAt: f.now, updatedAt: f.now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Optimistic update: false when the version moved on. */
export async function updateEvent(db: Q, id: string, version: number, f: EventFields, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("event")
    .set({ ...columns(f), version: sql<number>`version + 1`, updatedAt: now })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function updateEventStatus(db: Q, id: string, version: number, status: EventStatus, confirmedWithShortages: boolean, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("event")
    .set({ status, confirmedWithShortages, version: sql<number>`version + 1`, updatedAt: now })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A pull-list change is a change of the event: its version moves (concurrent editors see it). */
export async function touchEvent(db: Q, id: string, now: Date): Promise<void> {
  await db.updateTable("event").set({ version: sql<number>`version + 1`, updatedAt: now }).where("id", "=", id).execute();
}

export async function replacePhases(db: Q, eventId: string, phases: readonly Phase[]): Promise<void> {
  await db.deleteFrom("eventPhase").where("eventId", "=", eventId).execute();
  if (phases.length === 0) return;
  await db
    .insertInto("eventPhase")
    .values(phases.map((p, position) => ({ eventId, position, kind: p.kind, label: p.label, period: range(p) })))
    .execute();
}

// Asset bookings

/** PostgreSQL's exclusion_violation of asset_booking_no_overlap; the asset id is in the error's detail. */
export function doubleBookedAssetId(error: unknown): string | undefined {
  return excluded(error, "asset_booking_no_overlap", /\(asset_id, period\)=\(([0-9a-f-]{36}),/);
}

/** PostgreSQL's exclusion_violation of case_booking_no_overlap; the case id is in the error's detail. */
export function doubleBookedCaseId(error: unknown): string | undefined {
  return excluded(error, "case_booking_no_overlap", /\(case_id, period\)=\(([0-9a-f-]{36}),/);
}

function excluded(error: unknown, constraint: string, id: RegExp): string | undefined {
  const e = error as { code?: unknown; constraint?: unknown; detail?: unknown };
  if (e.code !== "23P01" || e.constraint !== constraint) return undefined;
  const match = typeof e.detail === "string" ? id.exec(e.detail) : null;
  return match?.[1] ?? "";
}

export interface BookingConflict {
  assetId: string;
  assetTag: string;
  eventId: string;
  eventNumber: string;
}

/** Bookings of other events that hold these assets (on their own or inside a booked case) at some point of `period`. */
export async function findBookingConflicts(db: Q, assetIds: readonly string[], period: TimeRange, exceptEventId: string): Promise<BookingConflict[]> {
  if (assetIds.length === 0) return [];
  return db
    .selectFrom("assetBooking as b")
    .innerJoin("asset as a", "a.id", "b.assetId")
    .innerJoin("event as e", "e.id", "b.eventId")
    .select(["b.assetId", "a.tag as assetTag", "e.id as eventId", "e.number as eventNumber"])
    .where("b.assetId", "in", [...new Set(assetIds)])
    .where("b.eventId", "<>", exceptEventId)
    .where(sql<boolean>`b.period && ${range(period)}`)
    .orderBy("a.tag")
    .execute();
}

export interface CaseConflict {
  caseId: string;
  caseCode: string;
  eventId: string;
  eventNumber: string;
}

/**
 * Other events that hold these cases, or an asset inside one of them, at some
 * point of `period` (GiST on the bookings' periods).
 */
export async function findCaseConflicts(db: Q, caseIds: readonly string[], period: TimeRange, exceptEventId: string): Promise<CaseConflict[]> {
  if (caseIds.length === 0) return [];
  const ids = [...new Set(caseIds)];
  const cases = db
    .selectFrom("caseBooking as b")
    .innerJoin("equipmentCase as c", "c.id", "b.caseId")
    .innerJoin("event as e", "e.id", "b.eventId")
    .select(["b.caseId", "c.code as caseCode", "e.id as eventId", "e.number as eventNumber"])
    .where("b.caseId", "in", ids)
    .where("b.eventId", "<>", exceptEventId)
    .where(sql<boolean>`b.period && ${range(period)}`);
  const contents = db
    .selectFrom("assetBooking as b")
    .innerJoin("asset as a", "a.id", "b.assetId")
    .innerJoin("equipmentCase as c", "c.id", "a.caseId")
    .innerJoin("event as e", "e.id", "b.eventId")
    .select(["c.id as caseId", "c.code as caseCode", "e.id as eventId", "e.number as eventNumber"])
    .where("c.id", "in", ids)
    .where("b.eventId", "<>", exceptEventId)
    .where(sql<boolean>`b.period && ${range(period)}`);
  return db.selectFrom(cases.union(contents).as("x")).selectAll().orderBy("caseCode").orderBy("eventNumber").execute();
}

/** The specific assets the event asks for, and the assets inside its permanent cases. */
export async function assetIdsOfEvent(db: Q, eventId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("pullListLine as l")
    .leftJoin("asset as a", (j) => j.onRef("a.caseId", "=", "l.caseId"))
    .select(sql<string | null>`coalesce(l.asset_id, a.id)`.as("assetId"))
    .where("l.eventId", "=", eventId)
    .where("l.kind", "in", ["ASSET", "CASE"])
    .execute();
  return rows.flatMap((r) => (r.assetId ? [r.assetId] : []));
}

export async function caseIdsOfEvent(db: Q, eventId: string): Promise<string[]> {
  const rows = await db.selectFrom("pullListLine").select("caseId").where("eventId", "=", eventId).where("kind", "=", "CASE").execute();
  return rows.flatMap((r) => (r.caseId ? [r.caseId] : []));
}

/**
 * Books every specific asset and permanent case of the event (or of the given
 * lines) over `period`, and the assets inside those cases with them; bookings
 * already there stay. The exclusion constraints refuse any overlap.
 */
export async function insertBookings(db: Q, eventId: string, period: TimeRange, lineIds?: readonly string[]): Promise<void> {
  if (lineIds?.length === 0) return;
  const lines = (kind: "ASSET" | "CASE") => {
    let q = db.selectFrom("pullListLine as l").where("l.eventId", "=", eventId).where("l.kind", "=", kind);
    if (lineIds) q = q.where("l.id", "in", [...lineIds]);
    return q;
  };
  await db
    .insertInto("assetBooking")
    .columns(["lineId", "assetId", "eventId", "period"])
    .expression(lines("ASSET").select(["l.id", "l.assetId", "l.eventId", range(period).as("period")]))
    .onConflict((oc) => oc.columns(["lineId", "assetId"]).doNothing())
    .execute();
  await db
    .insertInto("caseBooking")
    .columns(["lineId", "caseId", "eventId", "period"])
    .expression(lines("CASE").select(["l.id", "l.caseId", "l.eventId", range(period).as("period")]))
    .onConflict((oc) => oc.column("lineId").doNothing())
    .execute();
  await db
    .insertInto("assetBooking")
    .columns(["lineId", "assetId", "eventId", "period"])
    .expression(
      lines("CASE")
        .innerJoin("asset as a", (j) => j.onRef("a.caseId", "=", "l.caseId"))
        .select(["l.id", "a.id", "l.eventId", range(period).as("period")]),
    )
    .onConflict((oc) => oc.columns(["lineId", "assetId"]).doNothing())
    .execute();
}

export async function deleteBookings(db: Q, eventId: string): Promise<void> {
  await db.deleteFrom("assetBooking").where("eventId", "=", eventId).execute();
  await db.deleteFrom("caseBooking").where("eventId", "=", eventId).execute();
}

export async function moveBookings(db: Q, eventId: string, period: TimeRange): Promise<void> {
  await db.updateTable("assetBooking").set({ period: range(period) }).where("eventId", "=", eventId).execute();
  await db.updateTable("caseBooking").set({ period: range(period) }).where("eventId", "=", eventId).execute();
}

/** Whether the case is booked for a period that has not ended by `now`. */
export async function caseHasBookings(db: Q, caseId: string, now: Date): Promise<boolean> {
  const row = await db.selectFrom("caseBooking").select("lineId").where("caseId", "=", caseId).where(sql<boolean>`upper(period) > ${now}`).executeTakeFirst();
  return row !== undefined;
}

/**
 * After a permanent case's contents changed: its bookings that have not ended
 * by `now` book exactly what is inside it now (past bookings keep what they
 * held). The asset exclusion constraint refuses an asset booked elsewhere.
 */
export async function syncCaseBookings(db: Q, caseId: string, now: Date): Promise<void> {
  const current = db.selectFrom("caseBooking").select("lineId").where("caseId", "=", caseId).where(sql<boolean>`upper(period) > ${now}`);
  await db.deleteFrom("assetBooking").where("lineId", "in", current).execute();
  await db
    .insertInto("assetBooking")
    .columns(["lineId", "assetId", "eventId", "period"])
    .expression(
      db
        .selectFrom("caseBooking as b")
        .innerJoin("asset as a", (j) => j.onRef("a.caseId", "=", "b.caseId"))
        .select(["b.lineId", "a.id", "b.eventId", "b.period"])
        .where("b.caseId", "=", caseId)
        .where(sql<boolean>`upper(b.period) > ${now}`),
    )
    .execute();
}

export async function findAssetTag(db: Q, assetId: string): Promise<string | undefined> {
  return (await db.selectFrom("asset").select("tag").where("id", "=", assetId).executeTakeFirst())?.tag;
}

export interface EventHead {
  id: string;
  number: string;
  name: string;
  status: EventStatus;
  outPeriod: TimeRange;
}

function selectHeads(db: Q) {
  return db.selectFrom("event as e").select(["e.id", "e.number", "e.name", "e.status", sql<Date>`lower(e.out_period)`.as("start"), sql<Date>`upper(e.out_period)`.as("end")]);
}

function toHead({ start, end, ...row }: { id: string; number: string; name: string; status: EventStatus; start: Date; end: Date }): EventHead {
  return { ...row, outPeriod: { start, end } };
}

/** Non-template events in these statuses whose out-period overlaps `period` (GiST), by start. */
export async function listEventHeadsOverlapping(db: Q, period: TimeRange, statuses: readonly EventStatus[]): Promise<EventHead[]> {
  if (statuses.length === 0) return [];
  const rows = await selectHeads(db)
    .where(sql<boolean>`NOT e.is_template`)
    .where("e.status", "in", [...statuses])
    .where(sql<boolean>`e.out_period && ${range(period)}`)
    .orderBy(sql`lower(e.out_period)`)
    .orderBy("e.id")
    .execute();
  return rows.map(toHead);
}

export async function findEventHeads(db: Q, ids: readonly string[]): Promise<Map<string, EventHead>> {
  if (ids.length === 0) return new Map();
  const rows = await selectHeads(db).where("e.id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, toHead(r)]));
}
