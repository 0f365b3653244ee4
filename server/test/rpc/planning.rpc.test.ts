// PlanningService and InventoryService.CheckAvailability through real clients:
// every RPC's happy path, and the bad inputs of the planning issue with their
// { code, reason } (never Internal).
import { randomUUID } from "node:crypto";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient, type Client } from "@connectrpc/connect";
import { TimeRangeSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { InventoryService } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import {
  EventStatus,
  LineKind,
  LineSource,
  OverbookingPolicy,
  PhaseKind,
  PlanningService,
  type EventInputSchema,
  type Event,
} from "@eventkit/api/eventkit/v1/planning_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEmail, adminPassword } from "../support/auth.js";
import { failure } from "../support/errors.js";
import { at, bulkProduct, newAccessory, newCategory, newKit, newLocation, newPackedCase, newProduct, serializedProduct } from "../support/planning-factories.js";
import { authClient, startTestServer, transport, type ProtocolName, type TestServer } from "../support/server.js";

let server: TestServer;
let token: string;
let plannerToken: string;
let warehouse: string;

beforeAll(async () => {
  server = await startTestServer();
  const login = await authClient(server.url).login({ email: adminEmail, password: adminPassword });
  token = login.tokens?.accessToken ?? "";
  // A planner plans but may not change the instance's settings.
  const admin = authClient(server.url, "connect-json-h1", token);
  const role = (await admin.listRoles({})).roles.find((r) => r.key === "planner");
  if (!role || role.permissions.includes("settings.manage")) throw new Error("the planner role changed");
  await admin.createUser({ email: "planner@example.com", displayName: "Planner", roleIds: [role.id], password: "a-long-password-1" });
  plannerToken = (await authClient(server.url).login({ email: "planner@example.com", password: "a-long-password-1" })).tokens?.accessToken ?? "";
  warehouse = await newLocation(server.database.db);
});
afterAll(async () => {
  await server.close();
});

const testedProtocols: ProtocolName[] = ["connect-json-h1", "grpc"];

function range(from: Date, to: Date) {
  return create(TimeRangeSchema, { start: timestampFromDate(from), end: timestampFromDate(to) });
}

type EventInit = MessageInitShape<typeof EventInputSchema>;

function input(from: number, to: number, o: EventInit = {}): EventInit {
  return { name: `Show ${randomUUID().slice(0, 6)}`, timeZone: "Europe/Berlin", phases: [{ kind: PhaseKind.SHOW, period: range(at(from), at(to)), label: "" }], ...o };
}

describe.each(testedProtocols)("over %s", (protocol) => {
  let planning: Client<typeof PlanningService>;
  let inventory: Client<typeof InventoryService>;
  beforeAll(() => {
    planning = createClient(PlanningService, transport(server.url, protocol, token));
    inventory = createClient(InventoryService, transport(server.url, protocol, token));
  });

  async function newEvent(from: number, to: number, o: EventInit = {}): Promise<Event> {
    const { event } = await planning.createEvent({ event: input(from, to, o) });
    if (!event) throw new Error("no event");
    return event;
  }

  describe("events", () => {
    it("creates, gets, updates, lists, copies and keeps history", async () => {
      const client = (await planning.createClient({ name: "Stadtfest e.V." })).client;
      const venue = (await planning.createVenue({ venue: { name: "Marktplatz", latitude: 52.1, longitude: 13.2 } })).venue;
      const project = (await planning.createProject({ name: "Stadtfest 2031" })).project;
      const event = await newEvent(0, 0, {
        clientId: client?.id,
        venueId: venue?.id,
        projectId: project?.id,
        phases: [
          { kind: PhaseKind.PREP, period: range(at(1), at(2)), label: "prep" },
          { kind: PhaseKind.SHOW, period: range(at(2), at(4)), label: "" },
          { kind: PhaseKind.LOAD_IN, period: range(at(4), at(4, 6)), label: "" },
        ],
      });
      expect(event).toMatchObject({ status: EventStatus.ENQUIRY, clientName: "Stadtfest e.V.", version: 1n });
      expect(event.number).toMatch(/^EV-\d{4,}$/);
      expect(event.outPeriod?.end).toEqual(timestampFromDate(at(4, 6)));
      expect(event.chargePeriod?.start).toEqual(timestampFromDate(at(2)));
      expect((await planning.getEvent({ eventId: event.id })).event).toEqual(event);

      const updated = await planning.updateEvent({ eventId: event.id, version: 1n, event: input(3, 5, { name: "Renamed", clientId: client?.id, projectId: project?.id }) });
      expect(updated.event).toMatchObject({ name: "Renamed", version: 2n });
      expect(updated.shortages).toEqual([]);

      const listed = await planning.listEvents({ projectId: project?.id ?? "", overlapping: range(at(4), at(4, 1)) });
      expect(listed.events.map((e) => e.id)).toEqual([event.id]);

      const copy = await planning.copyEvent({ eventId: event.id, start: timestampFromDate(at(30)), name: "Again" });
      expect(copy.event).toMatchObject({ name: "Again", status: EventStatus.ENQUIRY, projectId: project?.id });
      expect(copy.event?.outPeriod?.start).toEqual(timestampFromDate(at(30)));

      const history = await planning.listEventHistory({ eventId: event.id });
      expect(history.entries.map((e) => e.action)).toEqual(["dates", "updated", "created"]);
      expect(history.entries[2]?.details).toMatchObject({ number: event.number });
    });

    it("moves along the status machine and confirms under the policy", async () => {
      const light = await serializedProduct(server.database.db, warehouse, 2, { name: "Spot" });
      const first = await newEvent(10, 12);
      await planning.addPullListLine({ eventId: first.id, item: { case: "productId", value: light.id }, quantity: 2 });
      const confirmed = await planning.changeEventStatus({ eventId: first.id, version: first.version, status: EventStatus.CONFIRMED, reason: "signed" });
      expect(confirmed.event).toMatchObject({ status: EventStatus.CONFIRMED, confirmedWithShortages: false });
      const second = await newEvent(11, 13);
      await planning.addPullListLine({ eventId: second.id, item: { case: "productId", value: light.id }, quantity: 1 });
      const refused = await failure(planning.changeEventStatus({ eventId: second.id, version: second.version, status: EventStatus.CONFIRMED }));
      expect(refused).toMatchObject({ code: "FailedPrecondition", reason: "SHORTAGE" });
      await planning.updatePlanningSettings({ overbookingPolicy: OverbookingPolicy.WARN, eventNumberPrefix: "EV-" });
      try {
        const warned = await planning.changeEventStatus({ eventId: second.id, version: second.version, status: EventStatus.CONFIRMED });
        expect(warned.event?.confirmedWithShortages).toBe(true);
        expect(warned.shortages.map((s) => [s.productName, s.needed, s.available, s.short])).toEqual([["Spot", 1, 0, 1]]);
      } finally {
        await planning.updatePlanningSettings({ overbookingPolicy: OverbookingPolicy.BLOCK, eventNumberPrefix: "EV-" });
      }
      const shortages = await planning.listShortages({ range: range(at(9), at(14)) });
      // Two firm bookings over the same units: both show the conflict.
      expect(shortages.shortages.filter((s) => s.productId === light.id).map((s) => [s.eventId, s.short])).toEqual([
        [first.id, 1],
        [second.id, 1],
      ]);
      const timeline = await planning.getProductTimeline({ productId: light.id, range: range(at(9), at(14)) });
      expect(timeline.bookings.map((b) => [b.eventId, b.status, b.quantity])).toEqual([
        [first.id, EventStatus.CONFIRMED, 2],
        [second.id, EventStatus.CONFIRMED, 1],
      ]);
      expect(timeline.minAvailable).toBe(-1);
      expect(timeline.segments.map((s) => s.available)).toEqual([2, 0, -1, 1, 2]);
    });
  });

  describe("pull lists", () => {
    it("adds sections and lines (kits expanded, accessories once), live shortages, updates and removes", async () => {
      const db = server.database.db;
      const head = await serializedProduct(db, warehouse, 3, { name: "Beam" });
      const clamp = await bulkProduct(db, [[warehouse, 50]], { name: "Clamp" });
      await newAccessory(db, head.id, clamp.id, 2);
      const kit = await newKit(db, [{ productId: head.id, quantity: 2 }], { name: "Beam pair" });
      const event = await newEvent(20, 22);
      const section = (await planning.addPullListSection({ eventId: event.id, name: "Light" })).section;
      const added = await planning.addPullListLine({ eventId: event.id, sectionId: section?.id, item: { case: "kitId", value: kit.id }, quantity: 2 });
      expect(added.lines.map((l) => [l.kind, l.title, l.quantity, l.accessory, l.available, l.shortage])).toEqual([
        [LineKind.KIT, "Beam pair", 2, false, 1, 1],
        [LineKind.PRODUCT, "Beam", 4, false, 3, 1],
        [LineKind.PRODUCT, "Clamp", 8, true, 50, 0],
      ]);
      const sub = await planning.addPullListLine({
        eventId: event.id,
        item: { case: "productId", value: head.id },
        quantity: 1,
        source: LineSource.SUPPLIER,
        supplier: "Licht AG",
        cost: { amountMinor: 4500n, currency: "EUR" },
      });
      expect(sub.lines[0]).toMatchObject({ source: LineSource.SUPPLIER, supplier: "Licht AG", shortage: 0 });
      const list = await planning.getPullList({ eventId: event.id });
      expect(list.sections.map((s) => s.name)).toEqual(["Light"]);
      expect(list.lines.map((l) => l.shortage)).toEqual([0, 0, 0, 0, 0]);

      const header = added.lines[0];
      const updated = await planning.updatePullListLine({ lineId: header?.id, quantity: 1 });
      expect(updated.line).toMatchObject({ quantity: 1, shortage: 0 });
      expect((await planning.getPullList({ eventId: event.id })).lines.map((l) => [l.title, l.quantity])).toEqual([
        ["Beam pair", 1],
        ["Beam", 2],
        ["Clamp", 4],
        ["Beam", 1],
        ["Clamp", 2],
      ]);
      const renamed = await planning.updatePullListSection({ sectionId: section?.id, name: "Lighting", position: 0 });
      expect(renamed.section?.name).toBe("Lighting");
      await planning.removePullListLine({ lineId: header?.id });
      expect((await planning.getPullList({ eventId: event.id })).lines.map((l) => l.title)).toEqual(["Beam", "Clamp"]);
      await planning.removePullListSection({ sectionId: section?.id });
      expect((await planning.getPullList({ eventId: event.id })).sections).toEqual([]);
    });
  });

  describe("availability", () => {
    it("answers CheckAvailability for products and kits, leaving an event out on request", async () => {
      const db = server.database.db;
      const amp = await serializedProduct(db, warehouse, 5, { name: "Amp" });
      const kit = await newKit(db, [{ productId: amp.id, quantity: 2 }]);
      const event = await newEvent(40, 42);
      await planning.addPullListLine({ eventId: event.id, item: { case: "productId", value: amp.id }, quantity: 2 });
      await planning.changeEventStatus({ eventId: event.id, version: event.version, status: EventStatus.PROVISIONAL });
      const answer = await inventory.checkAvailability({ productIds: [amp.id], kitIds: [kit.id], range: range(at(39), at(43)) });
      expect(answer.products[0]).toMatchObject({ productId: amp.id, minAvailable: 3, minAvailableIgnoringProvisional: 5 });
      expect(answer.products[0]?.segments.map((s) => [s.supply, s.confirmed, s.provisional, s.available])).toEqual([
        [5, 0, 0, 5],
        [5, 0, 2, 3],
        [5, 0, 0, 5],
      ]);
      expect(answer.products[0]?.segments[1]?.period).toEqual(range(at(40), at(42)));
      expect(answer.kits).toMatchObject([{ kitId: kit.id, minAvailable: 1 }]);
      const without = await inventory.checkAvailability({ productIds: [amp.id], range: range(at(39), at(43)), excludeEventId: event.id });
      expect(without.products[0]?.minAvailable).toBe(5);
    });
  });

  describe("reference data and settings", () => {
    it("lists and updates venues, projects, clients; reads and writes settings", async () => {
      const name = `Halle ${randomUUID().slice(0, 6)}`;
      const venue = (await planning.createVenue({ venue: { name, accessNotes: "Tor 3" } })).venue;
      expect((await planning.listVenues({ query: name.toLowerCase() })).venues.map((v) => v.id)).toEqual([venue?.id]);
      const moved = await planning.updateVenue({ venueId: venue?.id, version: 1n, venue: { name, address: "Hauptstr. 1" } });
      expect(moved.venue).toMatchObject({ address: "Hauptstr. 1", version: 2n });
      const project = (await planning.createProject({ name: `Tour ${name}` })).project;
      expect((await planning.listProjects({ query: name })).projects.map((p) => p.id)).toEqual([project?.id]);
      expect((await planning.updateProject({ projectId: project?.id, version: 1n, name: "Tour", description: "d" })).project?.version).toBe(2n);
      const client = (await planning.createClient({ name: `Firma ${name}` })).client;
      expect((await planning.listClients({ query: name })).clients).toEqual([client]);
      const settings = await planning.updatePlanningSettings({ overbookingPolicy: OverbookingPolicy.BLOCK, eventNumberPrefix: "EV-", bufferBeforeMinutes: 0, bufferAfterMinutes: 0 });
      expect((await planning.getPlanningSettings({})).settings).toEqual(settings.settings);
    });
  });

  describe("product groups, consumables, permanent cases, venues and projects", () => {
    it("sets buffers per category and CheckAvailability widens bookings by them", async () => {
      const db = server.database.db;
      const category = await newCategory(db);
      const set = await planning.setCategoryBuffers({ categoryId: category, buffers: { beforeMinutes: 0, afterMinutes: 24 * 60 } });
      expect(set.category).toMatchObject({ categoryId: category, own: { beforeMinutes: 0, afterMinutes: 1440 }, effective: { afterMinutes: 1440 }, fromCategoryId: category });
      expect((await planning.listCategoryBuffers({})).categories.find((c) => c.categoryId === category)?.own?.afterMinutes).toBe(1440);
      const heads = await serializedProduct(db, warehouse, 2);
      await db.updateTable("product").set({ categoryId: category }).where("id", "=", heads.id).execute();
      const e = await newEvent(700, 702);
      await planning.addPullListLine({ eventId: e.id, item: { case: "productId", value: heads.id }, quantity: 2 });
      await planning.changeEventStatus({ eventId: e.id, version: e.version, status: EventStatus.CONFIRMED });
      const answer = await inventory.checkAvailability({ productIds: [heads.id], range: range(at(702, 12), at(702, 13)) });
      expect(answer.products[0]?.minAvailable).toBe(0);
      const cleared = await planning.clearCategoryBuffers({ categoryId: category });
      expect(cleared.category?.own).toBeUndefined();
      expect((await inventory.checkAvailability({ productIds: [heads.id], range: range(at(702, 12), at(702, 13)) })).products[0]?.minAvailable).toBe(2);
    });

    it("counts a consumable as gone from the event's start on", async () => {
      const tape = await bulkProduct(server.database.db, [[warehouse, 100]], { tracking: "CONSUMABLE" });
      const e = await newEvent(710, 711);
      await planning.addPullListLine({ eventId: e.id, item: { case: "productId", value: tape.id }, quantity: 25 });
      await planning.changeEventStatus({ eventId: e.id, version: e.version, status: EventStatus.PROVISIONAL });
      const later = await inventory.checkAvailability({ productIds: [tape.id], range: range(at(740), at(741)) });
      expect(later.products[0]).toMatchObject({ minAvailable: 75, minAvailableIgnoringProvisional: 100 });
    });

    it("books a permanent case as one line", async () => {
      const amp = await serializedProduct(server.database.db, warehouse, 2);
      const rack = await newPackedCase(server.database.db, warehouse, { assetIds: amp.assets.map((a) => a.id) });
      const e = await newEvent(720, 722);
      const added = await planning.addPullListLine({ eventId: e.id, item: { case: "caseId", value: rack.id }, quantity: 1 });
      expect(added.lines).toEqual([expect.objectContaining({ kind: LineKind.CASE, caseId: rack.id, quantity: 1, available: 1, shortage: 0 })]);
      expect((await inventory.checkAvailability({ productIds: [amp.id], range: range(at(0), at(1)) })).products[0]?.minAvailable).toBe(0);
    });

    it("gets, archives, restores and deletes venues and projects; lists events at a venue", async () => {
      const venue = (await planning.createVenue({ venue: { name: `Halle ${randomUUID().slice(0, 6)}`, accessNotes: "Tor 3", contacts: "Hausmeister" } })).venue;
      const project = (await planning.createProject({ name: `Tour ${randomUUID().slice(0, 6)}` })).project;
      const e = await newEvent(730, 731, { venueId: venue?.id, projectId: project?.id });
      expect((await planning.getVenue({ venueId: venue?.id })).venue).toMatchObject({ accessNotes: "Tor 3", contacts: "Hausmeister", archived: false });
      expect((await planning.listEvents({ venueId: venue?.id })).events.map((x) => x.id)).toEqual([e.id]);
      expect((await planning.listEvents({ projectId: project?.id })).events.map((x) => x.id)).toEqual([e.id]);
      expect((await planning.archiveVenue({ venueId: venue?.id, archived: true })).venue?.archived).toBe(true);
      expect((await planning.listVenues({ query: venue?.name ?? "" })).venues).toEqual([]);
      expect((await planning.listVenues({ query: venue?.name ?? "", includeArchived: true })).venues.map((v) => v.id)).toEqual([venue?.id]);
      expect((await planning.archiveVenue({ venueId: venue?.id, archived: false })).venue?.archived).toBe(false);
      expect((await planning.archiveProject({ projectId: project?.id, archived: true })).project?.archived).toBe(true);
      expect((await planning.getProject({ projectId: project?.id })).project?.archived).toBe(true);
      const unused = (await planning.createProject({ name: "Unused" })).project;
      await planning.deleteProject({ projectId: unused?.id });
      expect(await failure(planning.getProject({ projectId: unused?.id }))).toMatchObject({ code: "NotFound", reason: "PROJECT_NOT_FOUND" });
    });
  });

  describe("bad input", () => {
    it.each([
      ["a temporary case on a pull list", "FailedPrecondition", "CASE_NOT_PERMANENT"],
      ["a double-booked case", "FailedPrecondition", "CASE_DOUBLE_BOOKED"],
      ["a venue in use deleted", "FailedPrecondition", "VENUE_IN_USE"],
      ["an archived venue for a new event", "FailedPrecondition", "VENUE_ARCHIVED"],
      ["buffers for an unknown category", "NotFound", "CATEGORY_NOT_FOUND"],
      ["buffers beyond two weeks", "InvalidArgument", "VALIDATION_FAILED"],
      ["category buffers without settings.manage", "PermissionDenied", "PERMISSION_DENIED"],
      ["an end before the start", "InvalidArgument", "VALIDATION_FAILED"],
      ["phases out of order", "InvalidArgument", "PHASE_ORDER"],
      ["no show phase", "InvalidArgument", "NO_SHOW_PHASE"],
      ["an unknown time zone", "InvalidArgument", "INVALID_TIME_ZONE"],
      ["a zero quantity", "InvalidArgument", "VALIDATION_FAILED"],
      ["a negative quantity", "InvalidArgument", "VALIDATION_FAILED"],
      ["a transition not allowed", "FailedPrecondition", "TRANSITION_NOT_ALLOWED"],
      ["an archived kit", "FailedPrecondition", "KIT_ARCHIVED"],
      ["an archived product", "FailedPrecondition", "PRODUCT_ARCHIVED"],
      ["a sub-hire without a supplier", "InvalidArgument", "SUB_HIRE_NEEDS_SUPPLIER"],
      ["a stale version", "Aborted", "STALE_VERSION"],
      ["an unknown event", "NotFound", "EVENT_NOT_FOUND"],
      ["an unknown template", "NotFound", "TEMPLATE_NOT_FOUND"],
      ["an unknown line", "NotFound", "LINE_NOT_FOUND"],
      ["an unknown product in CheckAvailability", "NotFound", "PRODUCT_NOT_FOUND"],
      ["a double-booked asset", "FailedPrecondition", "ASSET_DOUBLE_BOOKED"],
      ["a settings change without settings.manage", "PermissionDenied", "PERMISSION_DENIED"],
    ])("refuses %s", async (name, code, reason) => {
      const db = server.database.db;
      const calls: Record<string, () => Promise<unknown>> = {
        "an end before the start": () => planning.createEvent({ event: input(0, 0, { phases: [{ kind: PhaseKind.SHOW, period: range(at(3), at(2)) }] }) }),
        "phases out of order": () =>
          planning.createEvent({
            event: input(0, 0, { phases: [{ kind: PhaseKind.SHOW, period: range(at(1), at(3)) }, { kind: PhaseKind.LOAD_IN, period: range(at(1), at(2)) }] }),
          }),
        "no show phase": () => planning.createEvent({ event: input(0, 0, { phases: [{ kind: PhaseKind.PREP, period: range(at(1), at(3)) }] }) }),
        "an unknown time zone": () => planning.createEvent({ event: input(1, 2, { timeZone: "Nowhere/Town" }) }),
        "a zero quantity": async () => planning.addPullListLine({ eventId: (await newEvent(1, 2)).id, item: { case: "productId", value: randomUUID() }, quantity: 0 }),
        "a negative quantity": async () => planning.addPullListLine({ eventId: (await newEvent(1, 2)).id, item: { case: "productId", value: randomUUID() }, quantity: -4 }),
        "a transition not allowed": async () => {
          const e = await newEvent(1, 2);
          return planning.changeEventStatus({ eventId: e.id, version: e.version, status: EventStatus.RETURNED });
        },
        "an archived kit": async () => {
          const p = await bulkProduct(db, [[warehouse, 1]]);
          const kit = await newKit(db, [{ productId: p.id, quantity: 1 }], { archived: true });
          return planning.addPullListLine({ eventId: (await newEvent(1, 2)).id, item: { case: "kitId", value: kit.id }, quantity: 1 });
        },
        "an archived product": async () => {
          const p = await newProduct(db, { archived: true });
          return planning.addPullListLine({ eventId: (await newEvent(1, 2)).id, item: { case: "productId", value: p.id }, quantity: 1 });
        },
        "a sub-hire without a supplier": async () => {
          const p = await bulkProduct(db, [[warehouse, 1]]);
          return planning.addPullListLine({ eventId: (await newEvent(1, 2)).id, item: { case: "productId", value: p.id }, quantity: 1, source: LineSource.PARTNER });
        },
        "a stale version": async () => planning.updateEvent({ eventId: (await newEvent(1, 2)).id, version: 9n, event: input(1, 2) }),
        "an unknown event": () => planning.getEvent({ eventId: randomUUID() }),
        "an unknown template": () => planning.createEvent({ event: input(1, 2), templateId: randomUUID() }),
        "an unknown line": () => planning.removePullListLine({ lineId: randomUUID() }),
        "an unknown product in CheckAvailability": () => inventory.checkAvailability({ productIds: [randomUUID()], range: range(at(1), at(2)) }),
        "a double-booked asset": async () => {
          const p = await serializedProduct(db, warehouse, 1);
          const assetId = p.assets[0]?.id ?? "";
          const a = await newEvent(50, 52);
          await planning.addPullListLine({ eventId: a.id, item: { case: "assetId", value: assetId }, quantity: 1 });
          await planning.changeEventStatus({ eventId: a.id, version: a.version, status: EventStatus.PROVISIONAL });
          const b = await newEvent(51, 53);
          await planning.changeEventStatus({ eventId: b.id, version: b.version, status: EventStatus.PROVISIONAL });
          return planning.addPullListLine({ eventId: b.id, item: { case: "assetId", value: assetId }, quantity: 1 });
        },
        "a temporary case on a pull list": async () => {
          const trunk = await newPackedCase(db, warehouse, { kind: "TEMPORARY" });
          return planning.addPullListLine({ eventId: (await newEvent(1, 2)).id, item: { case: "caseId", value: trunk.id }, quantity: 1 });
        },
        "a double-booked case": async () => {
          const rack = await newPackedCase(db, warehouse);
          const a = await newEvent(60, 62);
          await planning.addPullListLine({ eventId: a.id, item: { case: "caseId", value: rack.id }, quantity: 1 });
          await planning.changeEventStatus({ eventId: a.id, version: a.version, status: EventStatus.CONFIRMED });
          const b = await newEvent(61, 63);
          await planning.addPullListLine({ eventId: b.id, item: { case: "caseId", value: rack.id }, quantity: 1 });
          const again = (await planning.getEvent({ eventId: b.id })).event;
          return planning.changeEventStatus({ eventId: b.id, version: again?.version ?? 1n, status: EventStatus.PROVISIONAL });
        },
        "a venue in use deleted": async () => {
          const venue = (await planning.createVenue({ venue: { name: "Used" } })).venue;
          await newEvent(1, 2, { venueId: venue?.id });
          return planning.deleteVenue({ venueId: venue?.id });
        },
        "an archived venue for a new event": async () => {
          const venue = (await planning.createVenue({ venue: { name: "Closed hall" } })).venue;
          await planning.archiveVenue({ venueId: venue?.id, archived: true });
          return newEvent(1, 2, { venueId: venue?.id });
        },
        "buffers for an unknown category": () => planning.setCategoryBuffers({ categoryId: randomUUID(), buffers: { beforeMinutes: 1, afterMinutes: 1 } }),
        "buffers beyond two weeks": async () => planning.setCategoryBuffers({ categoryId: await newCategory(db), buffers: { beforeMinutes: 0, afterMinutes: 20161 } }),
        "category buffers without settings.manage": async () =>
          createClient(PlanningService, transport(server.url, protocol, plannerToken)).setCategoryBuffers({ categoryId: await newCategory(db), buffers: { beforeMinutes: 1, afterMinutes: 1 } }),
        "a settings change without settings.manage": () =>
          createClient(PlanningService, transport(server.url, protocol, plannerToken)).updatePlanningSettings({ overbookingPolicy: OverbookingPolicy.WARN }),
      };
      expect(await failure(calls[name]?.() ?? Promise.resolve())).toMatchObject({ code, reason });
    });
  });
});
