// PlanningService on a real database: events (numbers, phases, templates,
// copies, history, list filters and pages), the status machine with the
// overbooking policies and the confirmation race, asset bookings and the
// exclusion constraint, pull lists (kits, accessories, quantities, sections,
// live shortages), shortages, timelines, settings and reference data.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/db.js";
import {
  at,
  bulkProduct,
  eventInput,
  newAccessory,
  newAsset,
  newClient,
  newKit,
  newLocation,
  newProduct,
  newVenue,
  phase,
  planner,
  rejection,
  rejectionCode,
  serializedProduct,
  setSettings,
} from "../../test/support/planning-factories.js";
import type { EventStatus } from "../domain/planning.js";
import type { LiveLine, PlanningEvent } from "../domain/planning.types.js";
import type { DatabaseHandle } from "../store/db.js";
import { withAssetBookings } from "./event.service.js";
import type { AddLineInput } from "./pull-list.service.js";
import { PlanningService } from "./planning.service.js";

let database: DatabaseHandle;
let planning: PlanningService;
let warehouse: string;
const staff = planner();
const clock = { now: at(-30) };

beforeAll(async () => {
  database = await createTestDatabase();
  planning = new PlanningService({ db: database.db, now: () => clock.now });
  warehouse = await newLocation(database.db);
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await setSettings(database.db, { overbookingPolicy: "BLOCK", bufferBeforeMinutes: 0, bufferAfterMinutes: 0, eventNumberPrefix: "EV-" });
});

function line(eventId: string, item: AddLineInput["item"], quantity: number, o: Partial<AddLineInput> = {}): AddLineInput {
  return { eventId, sectionId: undefined, item, quantity, source: undefined, supplier: "", cost: undefined, notes: "", includeOptional: false, ...o };
}

const product = (productId: string) => ({ kind: "PRODUCT" as const, productId });

async function create(from: number, to: number, lines: readonly [string, number][] = []): Promise<PlanningEvent> {
  const event = await planning.events.createEvent(staff, eventInput(from, to), undefined);
  for (const [productId, quantity] of lines) await planning.pullLists.addLine(staff, line(event.id, product(productId), quantity));
  return event;
}

async function move(event: PlanningEvent, status: EventStatus) {
  return planning.events.changeEventStatus(staff, { eventId: event.id, version: event.version, status, reason: "" });
}

async function current(eventId: string): Promise<PlanningEvent> {
  return planning.events.getEvent(staff, eventId);
}

async function bookings(eventId: string) {
  return database.db.selectFrom("assetBooking").select(["assetId", sql<Date>`lower(period)`.as("start")]).where("eventId", "=", eventId).execute();
}

describe("events", () => {
  it("numbers events from the sequence with the prefix, and keeps phases and periods", async () => {
    await setSettings(database.db, { eventNumberPrefix: "JOB-" });
    const client = await newClient(database.db, "Festival GmbH");
    const venue = await newVenue(database.db);
    const input = eventInput(0, 0, {
      clientId: client,
      venueId: venue,
      contactName: "Ana",
      phases: [phase("PREP", at(1), at(2), "prep"), phase("SHOW", at(3), at(5)), phase("LOAD_IN", at(5), at(5, 8))],
    });
    const first = await planning.events.createEvent(staff, input, undefined);
    const second = await planning.events.createEvent(staff, input, undefined);
    expect(first.number).toMatch(/^JOB-\d{4,}$/);
    expect(Number(second.number.slice(4))).toBe(Number(first.number.slice(4)) + 1);
    expect(first).toMatchObject({ status: "ENQUIRY", clientName: "Festival GmbH", venueId: venue, contactName: "Ana", timeZone: "Europe/Berlin", version: 1 });
    expect(first.outPeriod).toEqual({ start: at(1), end: at(5, 8) });
    expect(first.chargePeriod).toEqual({ start: at(3), end: at(5) });
    expect(first.phases.map((p) => [p.kind, p.label])).toEqual([["PREP", "prep"], ["SHOW", ""], ["LOAD_IN", ""]]);
    expect(await current(first.id)).toEqual(first);
  });

  it.each([
    ["an end before the start", { phases: [phase("SHOW", at(2), at(1))] }, "INVALID_PERIOD"],
    ["no show phase", { phases: [phase("PREP", at(1), at(2))] }, "NO_SHOW_PHASE"],
    ["a prep after the show starts", { phases: [phase("SHOW", at(1), at(3)), phase("PREP", at(2), at(4))] }, "PHASE_ORDER"],
    ["overlapping shows", { phases: [phase("SHOW", at(1), at(3)), phase("SHOW", at(2), at(4))] }, "PHASES_OVERLAP"],
    ["an unknown time zone", { timeZone: "Mars/Olympus" }, "INVALID_TIME_ZONE"],
    ["an unknown client", { clientId: randomUUID() }, "CLIENT_NOT_FOUND"],
    ["an unknown venue", { venueId: randomUUID() }, "VENUE_NOT_FOUND"],
    ["an unknown project", { projectId: randomUUID() }, "PROJECT_NOT_FOUND"],
  ])("refuses %s", async (_name, override, code) => {
    expect(await rejectionCode(planning.events.createEvent(staff, eventInput(1, 2, override), undefined))).toBe(code);
  });

  it("creates an event from a template with its pull list", async () => {
    const light = await bulkProduct(database.db, [[warehouse, 10]]);
    const template = await planning.events.createEvent(staff, eventInput(0, 1, { isTemplate: true, name: "Club night" }), undefined);
    await planning.pullLists.addLine(staff, line(template.id, product(light.id), 4));
    const event = await planning.events.createEvent(staff, eventInput(20, 22), template.id);
    const list = await planning.pullLists.getPullList(staff, event.id);
    expect(list.lines.map((l) => [l.productId, l.quantity])).toEqual([[light.id, 4]]);
    expect(event.phases[0]?.start).toEqual(at(20));
    expect(await rejectionCode(planning.events.createEvent(staff, eventInput(20, 22), event.id))).toBe("TEMPLATE_NOT_FOUND");
    expect(await rejectionCode(move(template, "PROVISIONAL"))).toBe("TEMPLATE_NOT_BOOKABLE");
  });

  it("updates with the version, re-derives periods and records history", async () => {
    const event = await create(1, 3);
    const updated = await planning.events.updateEvent(staff, { eventId: event.id, version: 1, event: eventInput(2, 5, { name: "Renamed" }) });
    expect(updated.event).toMatchObject({ name: "Renamed", version: 2, outPeriod: { start: at(2), end: at(5) } });
    expect(await rejectionCode(planning.events.updateEvent(staff, { eventId: event.id, version: 1, event: eventInput(2, 5) }))).toBe("STALE_VERSION");
    expect(await rejectionCode(planning.events.updateEvent(staff, { eventId: randomUUID(), version: 1, event: eventInput(2, 5) }))).toBe("EVENT_NOT_FOUND");
    const history = await planning.events.listEventHistory(staff, event.id);
    expect(history.map((h) => h.action)).toEqual(["dates", "updated", "created"]);
    expect(history[0]?.details).toMatchObject({ fromStart: at(1).toISOString(), toEnd: at(5).toISOString() });
    expect(history[0]?.actorUserId).toBe(staff.principal.userId);
  });

  it("copies an event as an enquiry with shifted phases and the same pull list, kits kept grouped", async () => {
    const spot = await bulkProduct(database.db, [[warehouse, 10]]);
    const kit = await newKit(database.db, [{ productId: spot.id, quantity: 2 }]);
    const source = await planning.events.createEvent(staff, eventInput(0, 0, { phases: [phase("PREP", at(1), at(2)), phase("SHOW", at(2), at(4))] }), undefined);
    await planning.pullLists.addLine(staff, line(source.id, { kind: "KIT", kitId: kit.id }, 2));
    await move(source, "PROVISIONAL");
    const copy = await planning.events.copyEvent(staff, { eventId: source.id, start: at(40), name: "" });
    expect(copy).toMatchObject({ status: "ENQUIRY", name: source.name, isTemplate: false });
    expect(copy.number).not.toBe(source.number);
    expect(copy.phases.map((p) => [p.kind, p.start, p.end])).toEqual([["PREP", at(40), at(41)], ["SHOW", at(41), at(43)]]);
    const lines = (await planning.pullLists.getPullList(staff, copy.id)).lines;
    const header = lines.find((l) => l.kind === "KIT");
    expect(lines.map((l) => [l.kind, l.quantity, l.parentLineId === null ? null : l.parentLineId === header?.id])).toEqual([["KIT", 2, null], ["PRODUCT", 4, true]]);
    expect((await planning.events.listEventHistory(staff, copy.id))[0]?.details).toMatchObject({ copiedFrom: source.number });
  });

  it("lists by out-period start with filters and pages", async () => {
    const client = await newClient(database.db);
    const marker = randomUUID().slice(0, 8);
    const events: PlanningEvent[] = [];
    for (const [from, name] of [[103, "b"], [101, "a"], [105, "c"], [107, "d"]] as const) {
      events.push(await planning.events.createEvent(staff, eventInput(from, from + 1, { clientId: client, name: `${marker} ${name}` }), undefined));
    }
    await move(events[0] as PlanningEvent, "PROVISIONAL");
    const filter = { statuses: [], overlapping: undefined, clientId: client, projectId: undefined, venueId: undefined, query: "", templates: false };
    const first = await planning.events.listEvents(staff, { ...filter, pageSize: 3, pageToken: "" });
    expect(first.events.map((e) => e.name)).toEqual([`${marker} a`, `${marker} b`, `${marker} c`]);
    const second = await planning.events.listEvents(staff, { ...filter, pageSize: 3, pageToken: first.nextPageToken });
    expect(second.events.map((e) => e.name)).toEqual([`${marker} d`]);
    expect(second.nextPageToken).toBe("");
    const overlapping = await planning.events.listEvents(staff, { ...filter, overlapping: { start: at(102, 12), end: at(105, 12) }, pageSize: 0, pageToken: "" });
    expect(overlapping.events.map((e) => e.name)).toEqual([`${marker} b`, `${marker} c`]);
    const provisional = await planning.events.listEvents(staff, { ...filter, statuses: ["PROVISIONAL"], pageSize: 0, pageToken: "" });
    expect(provisional.events.map((e) => e.name)).toEqual([`${marker} b`]);
    const byText = await planning.events.listEvents(staff, { ...filter, clientId: undefined, query: `${marker} C`, pageSize: 0, pageToken: "" });
    expect(byText.events.map((e) => e.name)).toEqual([`${marker} c`]);
    expect(await rejectionCode(planning.events.listEvents(staff, { ...filter, query: "x", pageSize: 3, pageToken: first.nextPageToken }))).toBe("INVALID_PAGE_TOKEN");
  });
});

describe("status and shortages", () => {
  it("refuses transitions the machine does not allow", async () => {
    const event = await create(1, 2);
    expect(await rejection(move(event, "OUT"))).toMatchObject({ code: "TRANSITION_NOT_ALLOWED", metadata: { from: "ENQUIRY", to: "OUT" } });
  });

  it("BLOCK: refuses to confirm with a shortage and writes nothing", async () => {
    const heads = await serializedProduct(database.db, warehouse, 4, { name: "Moving head" });
    const other = await create(1, 3, [[heads.id, 3]]);
    await move(other, "CONFIRMED");
    const event = await create(2, 4, [[heads.id, 2]]);
    const refused = await rejection(move(event, "CONFIRMED"));
    expect(refused).toMatchObject({ code: "SHORTAGE", metadata: { productId: heads.id, productName: "Moving head", needed: "2", available: "1", short: "1" } });
    const after = await current(event.id);
    expect(after).toMatchObject({ status: "ENQUIRY", version: 1, confirmedWithShortages: false });
    expect((await planning.events.listEventHistory(staff, event.id)).map((h) => h.action)).not.toContain("status");
  });

  it("a provisional hold gives way to a confirmation, and then shows the shortage", async () => {
    const desk = await serializedProduct(database.db, warehouse, 2, { name: "Desk" });
    const soft = await create(20, 22, [[desk.id, 2]]);
    await move(soft, "PROVISIONAL");
    const firm = await create(21, 23, [[desk.id, 2]]);
    const confirmed = await move(firm, "CONFIRMED");
    expect(confirmed.event).toMatchObject({ status: "CONFIRMED", confirmedWithShortages: false });
    expect(confirmed.shortages).toEqual([]);
    const short = await planning.shortages.listShortages(staff, { eventId: soft.id, range: undefined });
    expect(short.map((s) => [s.productName, s.needed, s.available, s.short])).toEqual([["Desk", 2, 0, 2]]);
  });

  it("WARN: confirms with shortages, flags the event and records them", async () => {
    await setSettings(database.db, { overbookingPolicy: "WARN" });
    const truss = await bulkProduct(database.db, [[warehouse, 5]], { name: "Truss 2 m" });
    const other = await create(10, 12, [[truss.id, 4]]);
    await move(other, "CONFIRMED");
    const event = await create(11, 13, [[truss.id, 3]]);
    const result = await move(event, "CONFIRMED");
    expect(result.event).toMatchObject({ status: "CONFIRMED", confirmedWithShortages: true });
    expect(result.shortages).toEqual([
      { eventId: event.id, eventNumber: event.number, eventName: event.name, productId: truss.id, productName: "Truss 2 m", needed: 3, available: 1, short: 2, period: { start: at(11), end: at(12) } },
    ]);
    const [entry] = await planning.events.listEventHistory(staff, event.id);
    expect(entry).toMatchObject({ action: "status", details: { from: "ENQUIRY", to: "CONFIRMED", confirmedWithShortages: "true", shortages: "Truss 2 m: 2 short of 3" } });
    // Back to provisional clears the flag.
    const back = await planning.events.changeEventStatus(staff, { eventId: event.id, version: result.event.version, status: "PROVISIONAL", reason: "client asked" });
    expect(back.event.confirmedWithShortages).toBe(false);
  });

  it("two planners confirming the last units at the same moment: exactly one succeeds", async () => {
    const desks = await serializedProduct(database.db, warehouse, 3, { name: "Console" });
    const cable = await bulkProduct(database.db, [[warehouse, 10]]);
    for (let round = 0; round < 3; round++) {
      const from = 200 + round * 10;
      const events = [];
      for (let i = 0; i < 4; i++) {
        const e = await create(from, from + 2, [[cable.id, 1], [desks.id, 3]]);
        events.push((await move(e, "PROVISIONAL")).event);
      }
      const results = await Promise.allSettled(events.map((e) => move(e, "CONFIRMED")));
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code?: string }).code] : []));
      expect(won).toHaveLength(1);
      expect(lost).toEqual(["SHORTAGE", "SHORTAGE", "SHORTAGE"]);
      const statuses = await Promise.all(events.map(async (e) => (await current(e.id)).status));
      expect(statuses.filter((s) => s === "CONFIRMED")).toHaveLength(1);
    }
  });

  it("lists shortages of an event and of every event in a period, with the pinch", async () => {
    const haze = await serializedProduct(database.db, warehouse, 2, { name: "Hazer" });
    await setSettings(database.db, { overbookingPolicy: "WARN" });
    const a = await create(300, 304, [[haze.id, 2]]);
    await move(a, "CONFIRMED");
    const b = await create(302, 303, [[haze.id, 1]]);
    await move(b, "PROVISIONAL");
    const own = await planning.shortages.listShortages(staff, { eventId: b.id, range: undefined });
    expect(own.map((s) => [s.eventNumber, s.needed, s.available, s.short, s.period.start, s.period.end])).toEqual([[b.number, 1, 0, 1, at(302), at(303)]]);
    // The confirmed event does not count the provisional hold against itself.
    expect(await planning.shortages.listShortages(staff, { eventId: a.id, range: undefined })).toEqual([]);
    const all = await planning.shortages.listShortages(staff, { eventId: undefined, range: { start: at(299), end: at(310) } });
    expect(all.filter((s) => s.productId === haze.id).map((s) => s.eventId)).toEqual([b.id]);
    // Default range: the next 30 days from now.
    clock.now = at(290);
    try {
      const next = await planning.shortages.listShortages(staff, { eventId: undefined, range: undefined });
      expect(next.filter((s) => s.productId === haze.id).map((s) => s.eventId)).toEqual([b.id]);
    } finally {
      clock.now = at(-30);
    }
    // Covered by a sub-hire line: no shortage any more.
    await planning.pullLists.addLine(staff, line(b.id, product(haze.id), 1, { source: "PARTNER", supplier: "Nordlicht" }));
    expect(await planning.shortages.listShortages(staff, { eventId: b.id, range: undefined })).toEqual([]);
  });

  it("lists for a period exactly what each event's own list says, however crowded (buffers, consumables, mixed holds)", async () => {
    await setSettings(database.db, { overbookingPolicy: "WARN", bufferBeforeMinutes: 6 * 60, bufferAfterMinutes: 12 * 60 });
    const spots = await serializedProduct(database.db, warehouse, 3, { name: "Spot" });
    const truss = await bulkProduct(database.db, [[warehouse, 8]], { name: "Truss" });
    const gaffer = await bulkProduct(database.db, [[warehouse, 20]], { name: "Gaffer tape", tracking: "CONSUMABLE" });
    const plan: [number, number, EventStatus, [string, number][]][] = [
      [500, 503, "CONFIRMED", [[spots.id, 2], [truss.id, 5], [gaffer.id, 8]]],
      [501, 502, "PROVISIONAL", [[spots.id, 2], [truss.id, 4]]],
      [502, 505, "CONFIRMED", [[spots.id, 1], [gaffer.id, 10]]],
      [503, 504, "PROVISIONAL", [[truss.id, 6], [gaffer.id, 5]]],
      [504, 506, "CONFIRMED", [[spots.id, 3], [truss.id, 2]]],
      [505, 507, "PROVISIONAL", [[spots.id, 1], [gaffer.id, 4]]],
    ];
    const events: PlanningEvent[] = [];
    for (const [from, to, status, lines] of plan) {
      const event = await create(from, to, lines);
      await move(event, status);
      events.push(event);
    }
    const period = await planning.shortages.listShortages(staff, { eventId: undefined, range: { start: at(499), end: at(508) } });
    const ours = new Set([spots.id, truss.id, gaffer.id]);
    const each = (await Promise.all(events.map((e) => planning.shortages.listShortages(staff, { eventId: e.id, range: undefined })))).flat();
    expect(each.length).toBeGreaterThan(4);
    const key = (x: { eventId: string; productId: string }) => `${x.eventId} ${x.productId}`;
    const sorted = (list: typeof each) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sorted(period.filter((x) => ours.has(x.productId)))).toEqual(sorted(each));
  });

  it("reports the event's shortages after moving its dates", async () => {
    const screen = await bulkProduct(database.db, [[warehouse, 2]], { name: "LED wall" });
    const blocker = await create(400, 402, [[screen.id, 2]]);
    await move(blocker, "CONFIRMED");
    const event = await create(402, 404, [[screen.id, 1]]);
    const confirmed = await move(event, "CONFIRMED");
    const moved = await planning.events.updateEvent(staff, { eventId: event.id, version: confirmed.event.version, event: eventInput(401, 403) });
    expect(moved.shortages.map((s) => [s.productName, s.short])).toEqual([["LED wall", 1]]);
  });

  it("gives a product's timeline: bookings and segments", async () => {
    const fog = await bulkProduct(database.db, [[warehouse, 6]]);
    const a = await create(500, 502, [[fog.id, 2]]);
    await move(a, "CONFIRMED");
    const b = await create(501, 503, [[fog.id, 3]]);
    await move(b, "PROVISIONAL");
    await create(500, 503, [[fog.id, 5]]);
    const timeline = await planning.shortages.getProductTimeline(staff, { productId: fog.id, range: { start: at(499), end: at(504) } });
    expect(timeline.bookings.map((x) => [x.eventNumber, x.status, x.quantity, x.period.start])).toEqual([
      [a.number, "CONFIRMED", 2, at(500)],
      [b.number, "PROVISIONAL", 3, at(501)],
    ]);
    expect(timeline.availability.timeline.map((s) => s.available)).toEqual([6, 4, 1, 3, 6]);
    expect(timeline.availability.minAvailable).toBe(1);
    expect(await rejectionCode(planning.shortages.getProductTimeline(staff, { productId: randomUUID(), range: { start: at(0), end: at(1) } }))).toBe("PRODUCT_NOT_FOUND");
  });
});

describe("asset bookings", () => {
  it("the database refuses two overlapping bookings of one asset", async () => {
    const p = await serializedProduct(database.db, warehouse, 1);
    const asset = p.assets[0];
    if (!asset) throw new Error("factory");
    const a = await create(600, 602);
    const b = await create(601, 603);
    const [la] = await planning.pullLists.addLine(staff, line(a.id, { kind: "ASSET", assetId: asset.id }, 1));
    const [lb] = await planning.pullLists.addLine(staff, line(b.id, { kind: "ASSET", assetId: asset.id }, 1));
    const insert = (lineId: string, eventId: string, from: Date, to: Date) =>
      database.db
        .insertInto("assetBooking")
        .values({ lineId, assetId: asset.id, eventId, period: sql<string>`tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')` })
        .execute();
    await insert(la?.id ?? "", a.id, at(600), at(602));
    const error = await insert(lb?.id ?? "", b.id, at(601), at(603)).then(
      () => undefined,
      (e: unknown) => e as { code?: string; constraint?: string },
    );
    expect(error).toMatchObject({ code: "23P01", constraint: "asset_booking_no_overlap" });
    // The services turn the database's refusal into ASSET_DOUBLE_BOOKED with the tag (found after the rollback).
    expect(await rejection(withAssetBookings(database.db, () => insert(lb?.id ?? "", b.id, at(601), at(603))))).toMatchObject({
      code: "ASSET_DOUBLE_BOOKED",
      metadata: { assetId: asset.id, assetTag: asset.tag },
    });
    // Touching periods ([) ranges) do not overlap.
    await insert(lb?.id ?? "", b.id, at(602), at(603));
    expect(await database.db.selectFrom("assetBooking").select("lineId").where("assetId", "=", asset.id).execute()).toHaveLength(2);
  });

  it("books specific assets while the event reserves, moves them with it, and refuses a double booking with the tag", async () => {
    const p = await serializedProduct(database.db, warehouse, 2);
    const [first, second] = p.assets;
    if (!first || !second) throw new Error("factory");
    const a = await create(700, 702);
    await planning.pullLists.addLine(staff, line(a.id, { kind: "ASSET", assetId: first.id }, 1));
    expect(await bookings(a.id)).toEqual([]);
    const provisional = (await move(a, "PROVISIONAL")).event;
    expect((await bookings(a.id)).map((x) => x.assetId)).toEqual([first.id]);
    const b = await create(701, 703);
    await planning.pullLists.addLine(staff, line(b.id, { kind: "ASSET", assetId: first.id }, 1));
    expect(await rejection(move(b, "PROVISIONAL"))).toMatchObject({ code: "ASSET_DOUBLE_BOOKED", metadata: { assetId: first.id, assetTag: first.tag, eventNumber: a.number } });
    // Added to an event that already reserves: booked at once.
    const c = await create(701, 704);
    const cProvisional = (await move(c, "PROVISIONAL")).event;
    expect(await rejection(planning.pullLists.addLine(staff, line(c.id, { kind: "ASSET", assetId: first.id }, 1)))).toMatchObject({ code: "ASSET_DOUBLE_BOOKED", metadata: { assetTag: first.tag } });
    await planning.pullLists.addLine(staff, line(c.id, { kind: "ASSET", assetId: second.id }, 1));
    expect((await bookings(c.id)).map((x) => x.assetId)).toEqual([second.id]);
    // Moving A away moves its booking; then C can have the first asset, and A cannot come back onto it.
    const movedA = await planning.events.updateEvent(staff, { eventId: a.id, version: provisional.version, event: eventInput(710, 712) });
    expect((await bookings(a.id)).map((x) => x.start)).toEqual([at(710)]);
    await planning.pullLists.addLine(staff, line(c.id, { kind: "ASSET", assetId: first.id }, 1));
    expect((await bookings(c.id)).map((x) => x.assetId).sort()).toEqual([first.id, second.id].sort());
    expect(await rejection(planning.events.updateEvent(staff, { eventId: a.id, version: movedA.event.version, event: eventInput(702, 703) }))).toMatchObject({
      code: "ASSET_DOUBLE_BOOKED",
      metadata: { assetTag: first.tag, eventNumber: c.number },
    });
    expect((await bookings(a.id)).map((x) => x.start)).toEqual([at(710)]);
    // Leaving a reserving status releases the bookings.
    await move(cProvisional, "CANCELLED");
    expect(await bookings(c.id)).toEqual([]);
    expect(await rejectionCode(planning.pullLists.addLine(staff, line(c.id, { kind: "ASSET", assetId: first.id }, 1)))).toBe("EVENT_LOCKED");
  });

  it("maps an exclusion violation that slips past the check to ASSET_DOUBLE_BOOKED", async () => {
    const p = await serializedProduct(database.db, warehouse, 1);
    const asset = p.assets[0];
    if (!asset) throw new Error("factory");
    const a = await create(800, 802);
    await planning.pullLists.addLine(staff, line(a.id, { kind: "ASSET", assetId: asset.id }, 1));
    const b = await create(801, 803);
    await planning.pullLists.addLine(staff, line(b.id, { kind: "ASSET", assetId: asset.id }, 1));
    const results = await Promise.allSettled([move(a, "PROVISIONAL"), move(b, "PROVISIONAL")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as { code: string; metadata: Record<string, string> }] : []));
    expect(refused.map((e) => [e.code, e.metadata.assetTag])).toEqual([["ASSET_DOUBLE_BOOKED", asset.tag]]);
  });
});

describe("pull lists", () => {
  it("expands a kit into grouped components, optional items on request, with accessories", async () => {
    const head = await serializedProduct(database.db, warehouse, 8, { name: "Head" });
    const clamp = await bulkProduct(database.db, [[warehouse, 100]], { name: "Clamp" });
    const power = await bulkProduct(database.db, [[warehouse, 100]], { name: "Power cable" });
    const dmx = await bulkProduct(database.db, [[warehouse, 100]], { name: "DMX cable" });
    const spare = await bulkProduct(database.db, [[warehouse, 100]], { name: "Spare lamp" });
    await newAccessory(database.db, head.id, clamp.id, 2);
    await newAccessory(database.db, head.id, power.id, 1);
    const kit = await newKit(database.db, [{ productId: head.id, quantity: 4 }, { productId: power.id, quantity: 4 }, { productId: dmx.id, quantity: 4 }, { productId: spare.id, quantity: 1, optional: true }], { name: "Head pack" });
    const event = await create(900, 902);
    const added = await planning.pullLists.addLine(staff, line(event.id, { kind: "KIT", kitId: kit.id }, 2));
    const [header] = added;
    const component = added.find((l) => l.title === "Head");
    expect(added.map((l) => [l.kind, l.title, l.quantity, l.accessory, l.parentLineId === header?.id ? "kit" : l.parentLineId === component?.id ? "head" : l.parentLineId])).toEqual([
      ["KIT", "Head pack", 2, false, null],
      ["PRODUCT", "Head", 8, false, "kit"],
      ["PRODUCT", "Power cable", 8, false, "kit"],
      ["PRODUCT", "DMX cable", 8, false, "kit"],
      // The power cable is in the kit already: only the clamps come as accessories.
      ["PRODUCT", "Clamp", 16, true, "head"],
    ]);
    const withSpare = await planning.pullLists.addLine(staff, line(event.id, { kind: "KIT", kitId: kit.id }, 1, { includeOptional: true }));
    expect(withSpare.map((l) => [l.title, l.quantity])).toContainEqual(["Spare lamp", 1]);
  });

  it("adds accessories once: adding a product again raises its line and its accessories", async () => {
    const wash = await serializedProduct(database.db, warehouse, 20, { name: "Wash" });
    const hook = await bulkProduct(database.db, [[warehouse, 100]], { name: "Hook" });
    await newAccessory(database.db, wash.id, hook.id, 2);
    const event = await create(910, 912);
    const first = await planning.pullLists.addLine(staff, line(event.id, product(wash.id), 4));
    expect(first.map((l) => [l.title, l.quantity, l.accessory])).toEqual([["Wash", 4, false], ["Hook", 8, true]]);
    const again = await planning.pullLists.addLine(staff, line(event.id, product(wash.id), 2));
    expect(again.map((l) => [l.id, l.quantity])).toEqual([[first[0]?.id, 6], [first[1]?.id, 12]]);
    const list = await planning.pullLists.getPullList(staff, event.id);
    expect(list.lines.map((l) => [l.title, l.quantity])).toEqual([["Wash", 6], ["Hook", 12]]);
    // In another section it is a line of its own (with its own accessories).
    const section = await planning.pullLists.addSection(staff, { eventId: event.id, name: "Stage left" });
    const other = await planning.pullLists.addLine(staff, line(event.id, product(wash.id), 1, { sectionId: section.id }));
    expect(other.map((l) => [l.title, l.quantity, l.sectionId])).toEqual([["Wash", 1, section.id], ["Hook", 2, section.id]]);
  });

  it("scales kit components and accessories with the quantity, and removes a line with its children", async () => {
    const par = await bulkProduct(database.db, [[warehouse, 100]], { name: "PAR" });
    const cable = await bulkProduct(database.db, [[warehouse, 100]], { name: "Cable" });
    await newAccessory(database.db, par.id, cable.id, 1);
    const kit = await newKit(database.db, [{ productId: par.id, quantity: 6 }]);
    const event = await create(920, 922);
    const [header] = await planning.pullLists.addLine(staff, line(event.id, { kind: "KIT", kitId: kit.id }, 2));
    const updated = await planning.pullLists.updateLine(staff, { lineId: header?.id ?? "", quantity: 3, sectionId: undefined, source: undefined, supplier: undefined, cost: undefined, notes: "front truss" });
    expect(updated).toMatchObject({ quantity: 3, notes: "front truss" });
    const lines = (await planning.pullLists.getPullList(staff, event.id)).lines;
    expect(lines.map((l) => [l.title, l.quantity])).toEqual([[expect.any(String), 3], ["PAR", 18], ["Cable", 18]]);
    await planning.pullLists.removeLine(staff, header?.id ?? "");
    expect((await planning.pullLists.getPullList(staff, event.id)).lines).toEqual([]);
    const history = await planning.events.listEventHistory(staff, event.id);
    expect(history.map((h) => h.action)).toEqual(["line_removed", "line_updated", "line_added", "created"]);
    expect(history[1]?.details).toMatchObject({ quantity: "2→3" });
  });

  it("shows live availability and shortage per line, counting every other event, kits as whole kits", async () => {
    const sub = await serializedProduct(database.db, warehouse, 4, { name: "Sub" });
    const top = await serializedProduct(database.db, warehouse, 8, { name: "Top" });
    const kit = await newKit(database.db, [{ productId: sub.id, quantity: 1 }, { productId: top.id, quantity: 2 }], { name: "PA side" });
    const other = await create(930, 932, [[sub.id, 2]]);
    await move(other, "PROVISIONAL");
    const event = await create(931, 933);
    await planning.pullLists.addLine(staff, line(event.id, { kind: "KIT", kitId: kit.id }, 3));
    await planning.pullLists.addLine(staff, line(event.id, product(top.id), 4));
    const view = (lines: LiveLine[]) => lines.map((l) => [l.title, l.quantity, l.available, l.shortage]);
    expect(view((await planning.pullLists.getPullList(staff, event.id)).lines)).toEqual([
      ["PA side", 3, 2, 1],
      ["Sub", 3, 2, 1],
      ["Top", 6, 8, 0],
      ["Top", 4, 8, 2],
    ]);
    // A sub-hire line covers part of it.
    await planning.pullLists.addLine(staff, line(event.id, product(top.id), 2, { source: "SUPPLIER", supplier: "Hire Co", cost: { amountMinor: 5000n, currency: "EUR" } }));
    const lines = (await planning.pullLists.getPullList(staff, event.id)).lines;
    expect(view(lines).slice(2)).toEqual([
      ["Top", 6, 8, 0],
      ["Top", 4, 8, 0],
      ["Top", 2, 8, 0],
    ]);
    expect(lines.at(-1)).toMatchObject({ source: "SUPPLIER", supplier: "Hire Co", cost: { amountMinor: 5000n, currency: "EUR" } });
  });

  it("answers an edit with the figures the whole list shows for the lines it touched", async () => {
    const sub = await serializedProduct(database.db, warehouse, 4, { name: "Sub" });
    const top = await serializedProduct(database.db, warehouse, 8, { name: "Top" });
    const clamp = await bulkProduct(database.db, [[warehouse, 5]], { name: "Clamp" });
    await newAccessory(database.db, top.id, clamp.id, 1);
    const kit = await newKit(database.db, [{ productId: sub.id, quantity: 1 }, { productId: top.id, quantity: 2 }], { name: "PA side" });
    const other = await create(950, 952, [[sub.id, 2], [top.id, 3]]);
    await move(other, "PROVISIONAL");
    const event = await create(951, 953, [[top.id, 1]]);
    const stage = await planning.pullLists.addSection(staff, { eventId: event.id, name: "Stage" });
    const whole = async () => new Map((await planning.pullLists.getPullList(staff, event.id)).lines.map((l) => [l.id, l]));
    const same = async (answered: LiveLine[]) => {
      const lines = await whole();
      expect(answered).toEqual(answered.map((l) => lines.get(l.id)));
    };
    const kitLines = await planning.pullLists.addLine(staff, line(event.id, { kind: "KIT", kitId: kit.id }, 2));
    expect(kitLines.map((l) => [l.title, l.quantity, l.available, l.shortage])).toEqual([
      ["PA side", 2, 2, 0],
      ["Sub", 2, 2, 0],
      ["Top", 4, 5, 0],
      ["Clamp", 4, 2, 3],
    ]);
    await same(kitLines);
    const [header] = kitLines;
    await same([await planning.pullLists.updateLine(staff, { lineId: header?.id ?? "", quantity: 3, sectionId: undefined, source: undefined, supplier: undefined, cost: undefined, notes: undefined })]);
    await same(await planning.pullLists.addLine(staff, line(event.id, product(top.id), 2, { sectionId: stage.id })));
    const first = [...(await whole()).values()][0];
    // Moved to the end of another section: after its last line, and still the whole list's figures.
    const moved = await planning.pullLists.updateLine(staff, { lineId: first?.id ?? "", quantity: 2, sectionId: stage.id, source: undefined, supplier: undefined, cost: undefined, notes: undefined });
    await same([moved]);
    const staged = [...(await whole()).values()].filter((l) => l.sectionId === stage.id);
    expect(staged.map((l) => [l.title, l.position])).toEqual([["Top", 0], ["Clamp", 1], ["Top", 2], ["Clamp", 3]]);
    expect(moved).toMatchObject({ title: "Top", quantity: 2, position: 2 });
  });

  it("changes only the quantity when only the quantity is asked for", async () => {
    const par = await bulkProduct(database.db, [[warehouse, 10]], { name: "PAR" });
    const event = await create(960, 961);
    const [added] = await planning.pullLists.addLine(staff, line(event.id, product(par.id), 1, { source: "SUPPLIER", supplier: "Hire Co", cost: { amountMinor: 700n, currency: "USD" }, notes: "blue" }));
    const updated = await planning.pullLists.updateLine(staff, { lineId: added?.id ?? "", quantity: 5, sectionId: undefined, source: undefined, supplier: undefined, cost: undefined, notes: undefined });
    expect(updated).toMatchObject({ quantity: 5, source: "SUPPLIER", supplier: "Hire Co", cost: { amountMinor: 700n, currency: "USD" }, notes: "blue" });
    expect((await planning.pullLists.getPullList(staff, event.id)).lines).toEqual([updated]);
    expect(await rejectionCode(planning.pullLists.updateLine(staff, { lineId: randomUUID(), quantity: 5, sectionId: undefined, source: undefined, supplier: undefined, cost: undefined, notes: undefined }))).toBe("LINE_NOT_FOUND");
    expect(await rejectionCode(planning.pullLists.removeLine(staff, randomUUID()))).toBe("LINE_NOT_FOUND");
  });

  it("keeps sections in order: add, rename, move, remove with their lines", async () => {
    const box = await bulkProduct(database.db, [[warehouse, 10]]);
    const event = await create(940, 941);
    const a = await planning.pullLists.addSection(staff, { eventId: event.id, name: "Audio" });
    const b = await planning.pullLists.addSection(staff, { eventId: event.id, name: "Light" });
    const c = await planning.pullLists.addSection(staff, { eventId: event.id, name: "Video" });
    await planning.pullLists.addLine(staff, line(event.id, product(box.id), 1, { sectionId: b.id }));
    const moved = await planning.pullLists.updateSection(staff, { sectionId: c.id, name: "Vision", position: 0 });
    expect(moved).toMatchObject({ name: "Vision", position: 0 });
    expect((await planning.pullLists.getPullList(staff, event.id)).sections.map((s) => [s.name, s.position])).toEqual([["Vision", 0], ["Audio", 1], ["Light", 2]]);
    await planning.pullLists.removeSection(staff, b.id);
    const list = await planning.pullLists.getPullList(staff, event.id);
    expect(list.sections.map((s) => [s.name, s.position])).toEqual([["Vision", 0], ["Audio", 1]]);
    expect(list.lines).toEqual([]);
    expect(await rejectionCode(planning.pullLists.removeSection(staff, b.id))).toBe("SECTION_NOT_FOUND");
    // A line goes into the first section when none is named.
    const [added] = await planning.pullLists.addLine(staff, line(event.id, product(box.id), 1));
    expect(added?.sectionId).toBe(c.id);
    expect(await rejectionCode(planning.pullLists.addLine(staff, line(event.id, product(box.id), 1, { sectionId: a.id === c.id ? b.id : randomUUID() })))).toBe("SECTION_NOT_FOUND");
  });

  it.each([
    ["an archived product", "archivedProduct", "PRODUCT_ARCHIVED"],
    ["an archived kit", "archivedKit", "KIT_ARCHIVED"],
    ["an unknown product", "unknownProduct", "PRODUCT_NOT_FOUND"],
    ["an unknown kit", "unknownKit", "KIT_NOT_FOUND"],
    ["an unknown asset", "unknownAsset", "ASSET_NOT_FOUND"],
    ["a retired asset", "retiredAsset", "ASSET_NOT_RENTABLE"],
    ["a sub-hire without a supplier", "noSupplier", "SUB_HIRE_NEEDS_SUPPLIER"],
    ["a sub-hired kit", "subHiredKit", "SUB_HIRE_NOT_ALLOWED"],
    ["a zero quantity", "zero", "INVALID_QUANTITY"],
    ["a negative quantity", "negative", "INVALID_QUANTITY"],
    ["two units of one asset", "twoAssets", "INVALID_QUANTITY"],
    ["a negative cost", "negativeCost", "INVALID_COST"],
    ["a closed event", "closedEvent", "EVENT_LOCKED"],
  ])("refuses %s", async (_name, which, code) => {
    const event = await create(950, 951);
    const live = await bulkProduct(database.db, [[warehouse, 1]]);
    const calls: Record<string, () => Promise<unknown>> = {
      archivedProduct: async () => planning.pullLists.addLine(staff, line(event.id, product((await newProduct(database.db, { archived: true })).id), 1)),
      archivedKit: async () => planning.pullLists.addLine(staff, line(event.id, { kind: "KIT", kitId: (await newKit(database.db, [{ productId: live.id, quantity: 1 }], { archived: true })).id }, 1)),
      unknownProduct: () => planning.pullLists.addLine(staff, line(event.id, product(randomUUID()), 1)),
      unknownKit: () => planning.pullLists.addLine(staff, line(event.id, { kind: "KIT", kitId: randomUUID() }, 1)),
      unknownAsset: () => planning.pullLists.addLine(staff, line(event.id, { kind: "ASSET", assetId: randomUUID() }, 1)),
      retiredAsset: async () => {
        const p = await newProduct(database.db, { tracking: "SERIALIZED" });
        const asset = await newAsset(database.db, { productId: p.id, locationId: warehouse, status: "RETIRED" });
        return planning.pullLists.addLine(staff, line(event.id, { kind: "ASSET", assetId: asset.id }, 1));
      },
      noSupplier: () => planning.pullLists.addLine(staff, line(event.id, product(live.id), 1, { source: "SUPPLIER", supplier: "  " })),
      subHiredKit: async () => planning.pullLists.addLine(staff, line(event.id, { kind: "KIT", kitId: (await newKit(database.db, [])).id }, 1, { source: "PARTNER", supplier: "x" })),
      zero: () => planning.pullLists.addLine(staff, line(event.id, product(live.id), 0)),
      negative: () => planning.pullLists.addLine(staff, line(event.id, product(live.id), -3)),
      twoAssets: () => planning.pullLists.addLine(staff, line(event.id, { kind: "ASSET", assetId: randomUUID() }, 2)),
      negativeCost: () => planning.pullLists.addLine(staff, line(event.id, product(live.id), 1, { source: "SUPPLIER", supplier: "x", cost: { amountMinor: -1n, currency: "EUR" } })),
      closedEvent: async () => {
        let e = event;
        for (const s of ["CONFIRMED", "PREPPED", "OUT", "RETURNED", "CLOSED"] as const) e = (await planning.events.changeEventStatus(staff, { eventId: e.id, version: e.version, status: s, reason: "" })).event;
        return planning.pullLists.addLine(staff, line(event.id, product(live.id), 1));
      },
    };
    expect(await rejectionCode(calls[which]?.() ?? Promise.resolve())).toBe(code);
  });
});

describe("reference data and settings", () => {
  it("creates, finds and updates venues, projects and clients", async () => {
    const venue = await planning.createVenue(staff, { name: "Tempodrom Arena", address: "Möckernstr. 10", latitude: 52.5, longitude: 13.38, accessNotes: "Dock 2", contacts: "" });
    expect((await planning.listVenues(staff, { query: "tempodrom", includeArchived: false })).map((v) => v.id)).toEqual([venue.id]);
    const renamed = await planning.updateVenue(staff, { venueId: venue.id, version: 1, venue: { ...venue, name: "Tempodrom" } });
    expect(renamed).toMatchObject({ name: "Tempodrom", version: 2 });
    expect(await rejectionCode(planning.updateVenue(staff, { venueId: venue.id, version: 1, venue }))).toBe("STALE_VERSION");
    expect(await rejectionCode(planning.updateVenue(staff, { venueId: randomUUID(), version: 1, venue }))).toBe("VENUE_NOT_FOUND");
    const project = await planning.createProject(staff, { name: "Summer tour 2031", description: "" });
    expect((await planning.listProjects(staff, { query: "summer", includeArchived: false })).map((p) => p.id)).toContain(project.id);
    expect(await planning.updateProject(staff, { projectId: project.id, version: 1, name: "Summer tour", description: "12 shows" })).toMatchObject({ version: 2, description: "12 shows" });
    expect(await rejectionCode(planning.updateProject(staff, { projectId: randomUUID(), version: 1, name: "x", description: "" }))).toBe("PROJECT_NOT_FOUND");
    const client = await planning.createClient(staff, "Acme 100% Events_");
    expect(await planning.listClients(staff, "100% events_")).toEqual([client]);
    expect(await planning.listClients(staff, "100x")).toEqual([]);
  });

  it("reads and changes the settings (settings.manage)", async () => {
    const changed = await planning.updatePlanningSettings(staff, { overbookingPolicy: "WARN", eventNumberPrefix: "X-", bufferBeforeMinutes: 60, bufferAfterMinutes: 30 });
    expect(await planning.getPlanningSettings(staff)).toEqual(changed);
    expect(await rejectionCode(planning.updatePlanningSettings(planner(["planning.manage"]), changed))).toBe("PERMISSION_DENIED");
    expect(await rejectionCode(planning.createClient(planner(["planning.read"]), "x"))).toBe("PERMISSION_DENIED");
  });
});
