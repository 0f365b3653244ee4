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
    ]);
}

type EventRow = Awaited<ReturnType<ReturnType<typeof selectEvents>["executeTakeFirstOrThrow"]>>;

async function withPhases(db: Q, rows: readonly EventRow[]): Promise<PlanningEvent[]> {
  if (rows.length === 0) return [];
  const phases = await db
    .selectFrom("eventPhase")
    .select(["eventId", "kind", "label", sql<Date>`lower(period)`.as("start"), sql<Date>`upper(period)`.as("end")])
    .where("eventId", "in", rows.map((r) => r.id))
    .orderBy("eventId")
    .orderBy("position")
    .execute();
  const byEvent = new Map<string, Phase[]>();
  for (const { eventId, ...phase } of phases) byEvent.set(eventId, [...(byEvent.get(eventId) ?? []), phase]);
  return rows.map(({ outStart, outEnd, chargeStart, chargeEnd, ...e }) => ({
    ...e,
    phases: byEvent.get(e.id) ?? [],
    outPeriod: { start: outStart, end: outEnd },
    chargePeriod: chargeStart && chargeEnd ? { start: chargeStart, end: chargeEnd } : null,
  }));
}

export async function findEvent(db: Q, id: string): Promise<PlanningEvent | undefined> {
  const row = await selectEvents(db).where("e.id", "=", id).executeTakeFirst();
  return row ? (await withPhases(db, [row]))[0] : undefined;
}

/** Locks the event row: every change of an event and its pull list goes through it. */
export async function lockEvent(db: Q, id: string): Promise<PlanningEvent | undefined> {
  const row = await selectEvents(db).where("e.id", "=", id).forUpdate("e").executeTakeFirst();
  return row ? (await withPhases(db, [row]))[0] : undefined;
}

export async function findEventsByIds(db: Q, ids: readonly string[]): Promise<Map<string, PlanningEvent>> {
  if (ids.length === 0) return new Map();
  const rows = await selectEvents(db).where("e.id", "in", [...new Set(ids)]).execute();
  return new Map((await withPhases(db, rows)).map((e) => [e.id, e]));
}

export interface EventFilter {
  statuses: readonly EventStatus[];
  overlapping: TimeRange | undefined;
  clientId: string | undefined;
  projectId: string | undefined;
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
  const text = f.query.trim();
  if (text !== "") {
    const pattern = likePattern(text);
    q = q.where((eb) => eb.or([eb(sql`lower(e.name)`, "like", pattern), eb(sql`lower(e.number)`, "like", pattern)]));
  }
  const after = f.after;
  if (after) q = q.where(sql<boolean>`(lower(e.out_period), e.id) > (${after.at}::timestamptz, ${after.id}::uuid)`);
  const rows = await q.orderBy(sql`lower(e.out_period)`).orderBy("e.id").limit(f.limit).execute();
  const events = await withPhases(db, rows.map(({ cursorAt: _c, ...r }) => r));
  return events.map((e, i) => ({ ...e, cursorAt: rows[i]?.cursorAt ?? "" }));
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
  const e = error as { code?: unknown; constraint?: unknown; detail?: unknown };
  if (e.code !== "23P01" || e.constraint !== "asset_booking_no_overlap") return undefined;
  const match = typeof e.detail === "string" ? /\(asset_id, period\)=\(([0-9a-f-]{36}),/.exec(e.detail) : null;
  return match?.[1] ?? "";
}

export interface BookingConflict {
  assetId: string;
  assetTag: string;
  eventId: string;
  eventNumber: string;
}

/** Bookings of other events that hold these assets at some point of `period`. */
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

export async function assetIdsOfEvent(db: Q, eventId: string): Promise<string[]> {
  const rows = await db.selectFrom("pullListLine").select("assetId").where("eventId", "=", eventId).where("kind", "=", "ASSET").execute();
  return rows.flatMap((r) => (r.assetId ? [r.assetId] : []));
}

/** Books every specific asset of the event (or of the given lines) over `period`; bookings already there stay. */
export async function insertBookings(db: Q, eventId: string, period: TimeRange, lineIds?: readonly string[]): Promise<void> {
  let lines = db
    .selectFrom("pullListLine")
    .select(["id", "assetId", "eventId", range(period).as("period")])
    .where("eventId", "=", eventId)
    .where("kind", "=", "ASSET");
  if (lineIds) {
    if (lineIds.length === 0) return;
    lines = lines.where("id", "in", [...lineIds]);
  }
  await db
    .insertInto("assetBooking")
    .columns(["lineId", "assetId", "eventId", "period"])
    .expression(lines)
    .onConflict((oc) => oc.column("lineId").doNothing())
    .execute();
}

export async function deleteBookings(db: Q, eventId: string): Promise<void> {
  await db.deleteFrom("assetBooking").where("eventId", "=", eventId).execute();
}

export async function moveBookings(db: Q, eventId: string, period: TimeRange): Promise<void> {
  await db.updateTable("assetBooking").set({ period: range(period) }).where("eventId", "=", eventId).execute();
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
