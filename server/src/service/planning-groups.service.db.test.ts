// The planning rules that depend on what kind of gear it is, on a real
// database: turnaround buffers per product group (inherited down the category
// tree), consumables that stay gone until a stock movement counts them,
// permanent cases booked as a unit with their contents; and venues and
// projects archived rather than deleted once events refer to them.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/db.js";
import {
  at,
  bulkProduct,
  eventInput,

  newAsset,
  newCategory,
  newLocation,
  newMovement,
  newPackedCase,
  newProduct,
  planner,
  rejection,
  rejectionCode,
  serializedProduct,
  setSettings,
} from "../../test/support/planning-factories.js";
import type { EventStatus } from "../domain/planning.js";
import type { PlanningEvent } from "../domain/planning.types.js";
import type { DatabaseHandle } from "../store/db.js";
import { AvailabilityService } from "./availability.service.js";
import { CaseService } from "./case.service.js";
import type { AddLineInput } from "./pull-list.service.js";
import { PlanningService } from "./planning.service.js";

let database: DatabaseHandle;
let planning: PlanningService;
let availability: AvailabilityService;
let cases: CaseService;
let warehouse: string;
const staff = planner();
const warehouseStaff = planner(["inventory.read", "inventory.manage"]);
const clock = { now: at(-30) };

beforeAll(async () => {
  database = await createTestDatabase();
  const deps = { db: database.db, now: () => clock.now };
  planning = new PlanningService(deps);
  availability = new AvailabilityService(deps);
  cases = new CaseService(deps);
  warehouse = await newLocation(database.db);
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  clock.now = at(-30);
  await setSettings(database.db, { overbookingPolicy: "BLOCK", bufferBeforeMinutes: 0, bufferAfterMinutes: 0 });
});

function line(eventId: string, item: AddLineInput["item"], quantity = 1): AddLineInput {
  return { eventId, sectionId: undefined, item, quantity, source: undefined, supplier: "", cost: undefined, notes: "", includeOptional: false };
}

async function event(from: number, to: number, lines: readonly [string, number][] = [], status?: EventStatus): Promise<PlanningEvent> {
  const created = await planning.events.createEvent(staff, eventInput(from, to), undefined);
  for (const [productId, quantity] of lines) await planning.pullLists.addLine(staff, line(created.id, { kind: "PRODUCT", productId }, quantity));
  return status ? move(created, status) : created;
}

async function move(e: PlanningEvent, status: EventStatus): Promise<PlanningEvent> {
  const current = await planning.events.getEvent(staff, e.id);
  return (await planning.events.changeEventStatus(staff, { eventId: e.id, version: current.version, status, reason: "" })).event;
}

async function minAvailable(productId: string, start: Date, end: Date, excludeEventId?: string): Promise<number> {
  const answer = await availability.checkAvailability(staff, { productIds: [productId], kitIds: [], range: { start, end }, excludeEventId });
  return answer.products[0]?.availability.minAvailable ?? Number.NaN;
}

describe("turnaround buffers per product group", () => {
  it("widens each product's bookings by its category's buffers, inherited down the tree, else the instance's", async () => {
    await setSettings(database.db, { bufferBeforeMinutes: 60, bufferAfterMinutes: 60 });
    const lighting = await newCategory(database.db);
    const heads = await newCategory(database.db, lighting);
    const audio = await newCategory(database.db);
    await planning.setCategoryBuffers(staff, { categoryId: lighting, buffers: { bufferBeforeMinutes: 0, bufferAfterMinutes: 24 * 60 } });
    const head = await serializedProduct(database.db, warehouse, 2, { categoryId: heads });
    const speaker = await serializedProduct(database.db, warehouse, 2, { categoryId: audio });
    await event(10, 12, [[head.id, 2], [speaker.id, 2]], "CONFIRMED");
    // A day after the show: heads are still in turnaround (a day, from Lighting), speakers are back (an hour, the instance's).
    expect(await minAvailable(head.id, at(12, 12), at(12, 13))).toBe(0);
    expect(await minAvailable(speaker.id, at(12, 12), at(12, 13))).toBe(2);
    expect(await minAvailable(speaker.id, at(12), at(12, 0.5))).toBe(0);
    // The subcategory's own buffers win over its parent's.
    await planning.setCategoryBuffers(staff, { categoryId: heads, buffers: { bufferBeforeMinutes: 0, bufferAfterMinutes: 0 } });
    expect(await minAvailable(head.id, at(12, 12), at(12, 13))).toBe(2);
    expect(await minAvailable(head.id, at(12), at(12, 0.5))).toBe(2);
    // Cleared: the heads inherit Lighting's day again.
    const cleared = await planning.clearCategoryBuffers(staff, heads);
    expect(cleared).toMatchObject({ own: null, effective: { bufferBeforeMinutes: 0, bufferAfterMinutes: 1440 }, fromCategoryId: lighting });
    expect(await minAvailable(head.id, at(12, 12), at(12, 13))).toBe(0);
  });

  it("shortages and the pull list look at each product over its own holding period", async () => {
    const trucks = await newCategory(database.db);
    await planning.setCategoryBuffers(staff, { categoryId: trucks, buffers: { bufferBeforeMinutes: 12 * 60, bufferAfterMinutes: 0 } });
    const ramp = await serializedProduct(database.db, warehouse, 1, { categoryId: trucks, name: "Loading ramp" });
    await event(20, 22, [[ramp.id, 1]], "CONFIRMED");
    // Starts right after: free by the out-periods, but the ramp needs 12 hours of prep first.
    const next = await event(22, 24, [[ramp.id, 1]]);
    const shortages = await planning.shortages.listShortages(staff, { eventId: next.id, range: undefined });
    expect(shortages).toEqual([expect.objectContaining({ productId: ramp.id, needed: 1, available: 0, short: 1 })]);
    expect(shortages[0]?.period).toEqual({ start: at(21, 12), end: at(22) });
    const list = await planning.pullLists.getPullList(staff, next.id);
    expect(list.lines.find((l) => l.productId === ramp.id)).toMatchObject({ available: 0, shortage: 1 });
  });

  it("lists every category with its own and effective buffers; refuses unknown categories and readers", async () => {
    await setSettings(database.db, { bufferBeforeMinutes: 15, bufferAfterMinutes: 30 });
    const top = await newCategory(database.db);
    const child = await newCategory(database.db, top);
    const unset = await newCategory(database.db);
    await planning.setCategoryBuffers(staff, { categoryId: top, buffers: { bufferBeforeMinutes: 90, bufferAfterMinutes: 45 } });
    const list = await planning.listCategoryBuffers(staff);
    expect(list.findIndex((c) => c.categoryId === top)).toBeLessThan(list.findIndex((c) => c.categoryId === child));
    expect(list.find((c) => c.categoryId === child)).toMatchObject({ parentId: top, own: null, effective: { bufferBeforeMinutes: 90, bufferAfterMinutes: 45 }, fromCategoryId: top });
    expect(list.find((c) => c.categoryId === unset)).toMatchObject({ effective: { bufferBeforeMinutes: 15, bufferAfterMinutes: 30 }, fromCategoryId: null });
    expect(await rejectionCode(planning.setCategoryBuffers(staff, { categoryId: randomUUID(), buffers: { bufferBeforeMinutes: 1, bufferAfterMinutes: 1 } }))).toBe("CATEGORY_NOT_FOUND");
    expect(await rejectionCode(planning.setCategoryBuffers(planner(["planning.read", "planning.manage"]), { categoryId: top, buffers: { bufferBeforeMinutes: 1, bufferAfterMinutes: 1 } }))).toBe("PERMISSION_DENIED");
    // The database keeps buffers within two weeks whatever the code does.
    await expect(sql`UPDATE category_buffer SET buffer_after_minutes = 30000 WHERE category_id = ${top}`.execute(database.db)).rejects.toThrow();
  });
});

describe("consumables", () => {
  it("are gone from the event's start on, also after its return, until a stock movement counts the stock", async () => {
    const tape = await bulkProduct(database.db, [[warehouse, 100]], { tracking: "CONSUMABLE", name: "Gaffer tape" });
    const show = await event(40, 42, [[tape.id, 30]], "CONFIRMED");
    expect(await minAvailable(tape.id, at(35), at(39))).toBe(100);
    // Not back on return: a month later it is still gone.
    expect(await minAvailable(tape.id, at(70), at(71))).toBe(70);
    expect(await minAvailable(tape.id, at(41), at(71), show.id)).toBe(100);
    const out = await move(await move(show, "PREPPED"), "OUT");
    clock.now = at(43);
    await move(out, "RETURNED");
    expect(await minAvailable(tape.id, at(70), at(71))).toBe(70);
    // A movement before the event started does not count it; a transfer only moves it around.
    await newMovement(database.db, tape.id, warehouse, at(39));
    await newMovement(database.db, tape.id, warehouse, at(44), await newLocation(database.db));
    expect(await minAvailable(tape.id, at(70), at(71))).toBe(70);
    // The count after the event is the truth from then on: the consumption no longer counts.
    await newMovement(database.db, tape.id, warehouse, at(44));
    expect(await minAvailable(tape.id, at(70), at(71))).toBe(100);
  });

  it("an event's consumable need is checked from its start onward: later consumption competes too", async () => {
    const gels = await bulkProduct(database.db, [[warehouse, 50]], { tracking: "CONSUMABLE", name: "Gel sheets" });
    await event(100, 101, [[gels.id, 40]], "CONFIRMED");
    const earlier = await event(60, 62, [[gels.id, 20]]);
    const shortages = await planning.shortages.listShortages(staff, { eventId: earlier.id, range: undefined });
    expect(shortages).toEqual([expect.objectContaining({ productId: gels.id, needed: 20, available: 10, short: 10 })]);
    expect(shortages[0]?.period.start).toEqual(at(100));
    // BLOCK: confirming it would sell what the later, confirmed event counts on.
    expect(await rejectionCode(move(earlier, "CONFIRMED"))).toBe("SHORTAGE");
  });
});

describe("permanent cases", () => {
  it("take their contents out of individual availability; booking the case books them with it", async () => {
    const amp = await serializedProduct(database.db, warehouse, 5, { name: "Amp" });
    const cable = await bulkProduct(database.db, [[warehouse, 40]], { name: "Speakon" });
    const rack = await newPackedCase(database.db, warehouse, { assetIds: amp.assets.slice(0, 4).map((a) => a.id), bulk: [{ productId: cable.id, quantity: 8 }] });
    expect(await minAvailable(amp.id, at(0), at(1))).toBe(1);
    expect(await minAvailable(cable.id, at(0), at(1))).toBe(32);
    const first = await event(150, 152);
    const added = await planning.pullLists.addLine(staff, line(first.id, { kind: "CASE", caseId: rack.id }));
    expect(added).toEqual([expect.objectContaining({ kind: "CASE", caseId: rack.id, quantity: 1, available: 1, shortage: 0, title: `${rack.code} · Rack ${rack.code}` })]);
    await move(first, "CONFIRMED");
    const booked = await database.db.selectFrom("assetBooking").select("assetId").where("eventId", "=", first.id).execute();
    expect(booked.map((b) => b.assetId).sort()).toEqual(amp.assets.slice(0, 4).map((a) => a.id).sort());
    expect(await database.db.selectFrom("caseBooking").select("caseId").where("eventId", "=", first.id).execute()).toEqual([{ caseId: rack.id }]);
    // Units in the rack are not free units of their product for other lines.
    expect(await minAvailable(amp.id, at(150), at(151))).toBe(1);

    // Another event over the same days: the case shows as taken, and it cannot reserve it.
    const second = await event(151, 153);
    await planning.pullLists.addLine(staff, line(second.id, { kind: "CASE", caseId: rack.id }));
    expect((await planning.pullLists.getPullList(staff, second.id)).lines).toEqual([expect.objectContaining({ kind: "CASE", available: 0, shortage: 1 })]);
    expect(await rejection(move(second, "PROVISIONAL"))).toMatchObject({ code: "CASE_DOUBLE_BOOKED", metadata: { caseId: rack.id, eventNumber: first.number } });
    // The same case twice on one list, a temporary case, a case that does not exist.
    expect(await rejectionCode(planning.pullLists.addLine(staff, line(first.id, { kind: "CASE", caseId: rack.id })))).toBe("CASE_DOUBLE_BOOKED");
    const trunk = await newPackedCase(database.db, warehouse, { kind: "TEMPORARY" });
    expect(await rejectionCode(planning.pullLists.addLine(staff, line(first.id, { kind: "CASE", caseId: trunk.id })))).toBe("CASE_NOT_PERMANENT");
    expect(await rejectionCode(planning.pullLists.addLine(staff, line(first.id, { kind: "CASE", caseId: randomUUID() })))).toBe("CASE_NOT_FOUND");
    expect(await rejectionCode(planning.pullLists.addLine(staff, line(first.id, { kind: "CASE", caseId: rack.id }, 2)))).toBe("INVALID_QUANTITY");
    // An amp inside the rack cannot be asked for on its own.
    const third = await event(300, 301);
    expect(await rejection(planning.pullLists.addLine(staff, line(third.id, { kind: "ASSET", assetId: amp.assets[0]?.id ?? "" })))).toMatchObject({
      code: "ASSET_IN_PERMANENT_CASE",
      metadata: { caseCode: rack.code },
    });
  });

  it("the database refuses two overlapping bookings of one case, and of an asset inside a booked case", async () => {
    const amp = await serializedProduct(database.db, warehouse, 1);
    const rack = await newPackedCase(database.db, warehouse, { assetIds: [amp.assets[0]?.id ?? ""] });
    const first = await event(200, 202);
    await planning.pullLists.addLine(staff, line(first.id, { kind: "CASE", caseId: rack.id }));
    await move(first, "CONFIRMED");
    const second = await event(201, 203);
    const [caseLine] = await planning.pullLists.addLine(staff, line(second.id, { kind: "CASE", caseId: rack.id }));
    const period = sql`tstzrange(${at(201)}::timestamptz, ${at(203)}::timestamptz, '[)')`;
    await expect(
      sql`INSERT INTO case_booking (line_id, case_id, event_id, period) VALUES (${caseLine?.id}, ${rack.id}, ${second.id}, ${period})`.execute(database.db),
    ).rejects.toMatchObject({ code: "23P01" });
    await expect(
      sql`INSERT INTO asset_booking (line_id, asset_id, event_id, period) VALUES (${caseLine?.id}, ${amp.assets[0]?.id}, ${second.id}, ${period})`.execute(database.db),
    ).rejects.toMatchObject({ code: "23P01" });
  });

  it("swapping an item in or out of a booked rack moves its bookings; a unit booked elsewhere cannot go in", async () => {
    const amp = await serializedProduct(database.db, warehouse, 4);
    const [inRack, spare, busy] = amp.assets;
    const rack = await newPackedCase(database.db, warehouse, { assetIds: [inRack?.id ?? ""] });
    const tour = await event(250, 255);
    await planning.pullLists.addLine(staff, line(tour.id, { kind: "CASE", caseId: rack.id }));
    await move(tour, "CONFIRMED");
    const other = await event(252, 253);
    await planning.pullLists.addLine(staff, line(other.id, { kind: "ASSET", assetId: busy?.id ?? "" }));
    await move(other, "PROVISIONAL");
    const booked = async () => (await database.db.selectFrom("assetBooking").select("assetId").where("eventId", "=", tour.id).execute()).map((b) => b.assetId).sort();

    await cases.unpackCase(warehouseStaff, { caseId: rack.id, all: false, assetIds: [inRack?.id ?? ""], bulk: [], childCaseIds: [] });
    expect(await booked()).toEqual([]);
    await cases.packCase(warehouseStaff, { caseId: rack.id, assetIds: [spare?.id ?? ""], bulk: [], childCaseIds: [] });
    expect(await booked()).toEqual([spare?.id]);
    expect(await rejectionCode(cases.packCase(warehouseStaff, { caseId: rack.id, assetIds: [busy?.id ?? ""], bulk: [], childCaseIds: [] }))).toBe("ASSET_BOOKED");
    expect(await booked()).toEqual([spare?.id]);
    // A booked rack stays permanent.
    const found = await cases.getCase(warehouseStaff, rack.id);
    expect(await rejectionCode(cases.updateCase(warehouseStaff, { caseId: rack.id, version: found.case.version, name: "Rack", kind: "TEMPORARY" }))).toBe("CASE_BOOKED");
    // Once the tour is over, the rack may change.
    clock.now = at(260);
    expect(await cases.updateCase(warehouseStaff, { caseId: rack.id, version: found.case.version, name: "Rack", kind: "TEMPORARY" })).toMatchObject({ kind: "TEMPORARY" });
  });

  it("copies case lines with the event, and releases the case when the event is cancelled", async () => {
    const rack = await newPackedCase(database.db, warehouse, { assetIds: [(await newAsset(database.db, { productId: (await newProduct(database.db, { tracking: "SERIALIZED" })).id, locationId: warehouse })).id] });
    const first = await event(320, 322);
    await planning.pullLists.addLine(staff, line(first.id, { kind: "CASE", caseId: rack.id }));
    const confirmed = await move(first, "CONFIRMED");
    const copy = await planning.events.copyEvent(staff, { eventId: first.id, start: at(321), name: "" });
    expect((await planning.pullLists.getPullList(staff, copy.id)).lines).toEqual([expect.objectContaining({ kind: "CASE", caseId: rack.id, available: 0 })]);
    await move(confirmed, "CANCELLED");
    expect(await database.db.selectFrom("caseBooking").select("lineId").where("eventId", "=", first.id).execute()).toEqual([]);
    expect((await planning.pullLists.getPullList(staff, copy.id)).lines).toEqual([expect.objectContaining({ available: 1, shortage: 0 })]);
    await move(copy, "CONFIRMED");
  });
});

describe("venues and projects", () => {
  it("are archived rather than deleted once events refer to them, and archived ones are not chosen anew", async () => {
    const venue = await planning.createVenue(staff, { name: "Columbiahalle", address: "Columbiadamm 13", latitude: 52.48, longitude: 13.39, accessNotes: "Dock at the back", contacts: "Lena, +49 30 123" });
    const unused = await planning.createVenue(staff, { name: "Unused hall", address: "", latitude: 0, longitude: 0, accessNotes: "", contacts: "" });
    const project = await planning.createProject(staff, { name: "Autumn tour", description: "" });
    const gig = await planning.events.createEvent(staff, eventInput(400, 401, { venueId: venue.id, projectId: project.id }), undefined);
    expect(await planning.getVenue(staff, venue.id)).toMatchObject({ name: "Columbiahalle", archived: false });
    const atVenue = await planning.events.listEvents(staff, { pageSize: 0, pageToken: "", statuses: [], overlapping: undefined, clientId: undefined, projectId: undefined, venueId: venue.id, query: "", templates: false });
    expect(atVenue.events.map((e) => e.id)).toEqual([gig.id]);

    expect(await rejectionCode(planning.deleteVenue(staff, venue.id))).toBe("VENUE_IN_USE");
    expect(await rejectionCode(planning.deleteProject(staff, project.id))).toBe("PROJECT_IN_USE");
    await planning.deleteVenue(staff, unused.id);
    expect(await rejectionCode(planning.getVenue(staff, unused.id))).toBe("VENUE_NOT_FOUND");

    expect(await planning.archiveVenue(staff, { venueId: venue.id, archived: true })).toMatchObject({ archived: true, version: 2 });
    expect(await planning.archiveProject(staff, { projectId: project.id, archived: true })).toMatchObject({ archived: true });
    expect((await planning.listVenues(staff, { query: "columbia", includeArchived: false })).map((v) => v.id)).toEqual([]);
    expect((await planning.listVenues(staff, { query: "columbia", includeArchived: true })).map((v) => v.id)).toEqual([venue.id]);
    expect((await planning.listProjects(staff, { query: "autumn", includeArchived: false })).map((p) => p.id)).toEqual([]);
    // The event keeps them (and can still be edited); a new event cannot pick them.
    const kept = await planning.events.updateEvent(staff, { eventId: gig.id, version: gig.version, event: eventInput(400, 402, { name: gig.name, venueId: venue.id, projectId: project.id }) });
    expect(kept.event).toMatchObject({ venueId: venue.id, projectId: project.id });
    expect(await rejectionCode(planning.events.createEvent(staff, eventInput(410, 411, { venueId: venue.id }), undefined))).toBe("VENUE_ARCHIVED");
    expect(await rejectionCode(planning.events.createEvent(staff, eventInput(410, 411, { projectId: project.id }), undefined))).toBe("PROJECT_ARCHIVED");
    await planning.archiveVenue(staff, { venueId: venue.id, archived: false });
    expect((await planning.events.createEvent(staff, eventInput(410, 411, { venueId: venue.id }), undefined)).venueId).toBe(venue.id);
    expect(await rejectionCode(planning.archiveProject(staff, { projectId: randomUUID(), archived: true }))).toBe("PROJECT_NOT_FOUND");
    expect(await rejectionCode(planning.deleteVenue(planner(["planning.read"]), venue.id))).toBe("PERMISSION_DENIED");
  });
});

