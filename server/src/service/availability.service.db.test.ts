// CheckAvailability end to end on a real database: owned units (serialized and
// bulk), repairs, provisional vs confirmed demand, buffers, exclude_event_id,
// kits, sub-hire lines; and the plans PostgreSQL chooses for the queries.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/db.js";
import {
  at,
  bulkProduct,
  day,
  eventInput,
  newKit,
  newLocation,
  newRepair,
  planner,
  rejectionCode,
  serializedProduct,
  setSettings,
} from "../../test/support/planning-factories.js";
import type { EventStatus } from "../domain/planning.js";
import { consumptionQuery, repairsQuery, reservationsQuery } from "../store/availability.store.js";
import type { DatabaseHandle, Db } from "../store/db.js";
import { AvailabilityService, consumingStatuses, reservingStatuses } from "./availability.service.js";
import { PlanningService } from "./planning.service.js";

let database: DatabaseHandle;
let availability: AvailabilityService;
let planning: PlanningService;
let warehouse: string;
let depot: string;
const staff = planner();

beforeAll(async () => {
  database = await createTestDatabase();
  const deps = { db: database.db, now: () => new Date() };
  availability = new AvailabilityService(deps);
  planning = new PlanningService(deps);
  warehouse = await newLocation(database.db);
  depot = await newLocation(database.db);
  // Overbooked worlds are built on purpose here.
  await setSettings(database.db, { overbookingPolicy: "WARN" });
});
afterAll(async () => {
  await database.close();
});

const path: Record<EventStatus, EventStatus[]> = {
  ENQUIRY: [],
  PROVISIONAL: ["PROVISIONAL"],
  CONFIRMED: ["CONFIRMED"],
  PREPPED: ["CONFIRMED", "PREPPED"],
  OUT: ["CONFIRMED", "PREPPED", "OUT"],
  RETURNED: ["CONFIRMED", "PREPPED", "OUT", "RETURNED"],
  CLOSED: ["CONFIRMED", "PREPPED", "OUT", "RETURNED", "CLOSED"],
  CANCELLED: ["CANCELLED"],
};

/** An event over days [from, to) with these own-stock lines, moved to `status`. */
async function booked(lines: readonly [string, number][], from: number, to: number, status: EventStatus, o: { isTemplate?: boolean; subHire?: [string, number][] } = {}) {
  let event = await planning.events.createEvent(staff, eventInput(from, to, { isTemplate: o.isTemplate ?? false }), undefined);
  for (const [productId, quantity] of lines) {
    await planning.pullLists.addLine(staff, { eventId: event.id, sectionId: undefined, item: { kind: "PRODUCT", productId }, quantity, source: undefined, supplier: "", cost: undefined, notes: "", includeOptional: false });
  }
  for (const [productId, quantity] of o.subHire ?? []) {
    await planning.pullLists.addLine(staff, { eventId: event.id, sectionId: undefined, item: { kind: "PRODUCT", productId }, quantity, source: "SUPPLIER", supplier: "Rent-a-Light", cost: undefined, notes: "", includeOptional: false });
  }
  for (const next of path[status]) event = (await planning.events.changeEventStatus(staff, { eventId: event.id, version: event.version, status: next, reason: "" })).event;
  return event;
}

async function check(productIds: string[], from: number, to: number, o: { kitIds?: string[]; excludeEventId?: string } = {}) {
  return availability.checkAvailability(staff, { productIds, kitIds: o.kitIds ?? [], range: { start: at(from), end: at(to) }, excludeEventId: o.excludeEventId });
}

const days = (segments: readonly { start: number; end: number }[]) => segments.map((s) => [(s.start - at(0).getTime()) / day, (s.end - at(0).getTime()) / day]);

describe("CheckAvailability", () => {
  it("counts rentable units and every reserving event, provisional and confirmed apart", async () => {
    const heads = await serializedProduct(database.db, warehouse, 10, { retired: 1, lost: 1 });
    await booked([[heads.id, 4]], 1, 3, "CONFIRMED");
    await booked([[heads.id, 3]], 2, 5, "PROVISIONAL");
    await booked([[heads.id, 2]], 2, 4, "OUT");
    await booked([[heads.id, 5]], 0, 7, "ENQUIRY");
    await booked([[heads.id, 5]], 0, 7, "CANCELLED");
    await booked([[heads.id, 5]], 0, 7, "RETURNED");
    await booked([[heads.id, 5]], 0, 7, "ENQUIRY", { isTemplate: true });
    const [a] = (await check([heads.id], 0, 7)).products;
    expect(a?.availability.timeline.map((s) => [s.supply, s.confirmed, s.provisional, s.available])).toEqual([
      [10, 0, 0, 10],
      [10, 4, 0, 6],
      [10, 6, 3, 1],
      [10, 2, 3, 5],
      [10, 0, 3, 7],
      [10, 0, 0, 10],
    ]);
    expect(days(a?.availability.timeline ?? [])).toEqual([[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 7]]);
    expect(a?.availability.minAvailable).toBe(1);
    expect(a?.availability.minAvailableIgnoringProvisional).toBe(4);
  });

  it("sums bulk stock over every location", async () => {
    const cable = await bulkProduct(database.db, [[warehouse, 30], [depot, 12]]);
    const tape = await bulkProduct(database.db, [[warehouse, 50]], { tracking: "CONSUMABLE" });
    await booked([[cable.id, 40], [tape.id, 10]], 1, 2, "CONFIRMED");
    const { products } = await check([cable.id, tape.id], 0, 3);
    expect(products.map((p) => [p.availability.minAvailable, p.availability.timeline[0]?.supply])).toEqual([[2, 42], [40, 50]]);
  });

  it("takes units in open repairs out over the repair only, once per unit", async () => {
    const wash = await serializedProduct(database.db, warehouse, 5);
    const [first, second, third] = wash.assets;
    if (!first || !second || !third) throw new Error("factory");
    await newRepair(database.db, first.id, at(1), at(3));
    await newRepair(database.db, first.id, at(2), at(4), "IN_PROGRESS");
    await newRepair(database.db, second.id, at(2), at(3));
    await newRepair(database.db, third.id, at(0), at(6), "DONE");
    const [a] = (await check([wash.id], 0, 5)).products;
    expect(a?.availability.timeline.map((s) => s.supply)).toEqual([5, 4, 3, 4, 5]);
    expect(days(a?.availability.timeline ?? [])).toEqual([[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]]);
  });

  it("widens every reservation by the turnaround buffers", async () => {
    const truss = await serializedProduct(database.db, warehouse, 3);
    await booked([[truss.id, 2]], 10, 12, "CONFIRMED");
    expect((await check([truss.id], 12, 13)).products[0]?.availability.minAvailable).toBe(3);
    await setSettings(database.db, { bufferBeforeMinutes: 24 * 60, bufferAfterMinutes: 12 * 60 });
    try {
      const [a] = (await check([truss.id], 8, 14)).products;
      expect(a?.availability.timeline.map((s) => [(s.start - at(8).getTime()) / (day / 2), s.available])).toEqual([
        [0, 3],
        [2, 1],
        [9, 3],
      ]);
      // The half day after the return is turnaround, and so is the day before the prep.
      expect((await check([truss.id], 12, 13)).products[0]?.availability.minAvailable).toBe(1);
      expect((await check([truss.id], 9, 9.5)).products[0]?.availability.minAvailable).toBe(1);
      expect((await check([truss.id], 12.5, 13)).products[0]?.availability.minAvailable).toBe(3);
    } finally {
      await setSettings(database.db, { bufferBeforeMinutes: 0, bufferAfterMinutes: 0 });
    }
  });

  it("leaves one event's own reservations out on request", async () => {
    const mixer = await serializedProduct(database.db, warehouse, 4);
    const mine = await booked([[mixer.id, 3]], 1, 3, "CONFIRMED");
    await booked([[mixer.id, 1]], 2, 4, "PROVISIONAL");
    expect((await check([mixer.id], 0, 5)).products[0]?.availability.minAvailable).toBe(0);
    expect((await check([mixer.id], 0, 5, { excludeEventId: mine.id })).products[0]?.availability.minAvailable).toBe(3);
  });

  it("does not count sub-hire lines or kit headers as demand on own stock, but kit components are", async () => {
    const amp = await serializedProduct(database.db, warehouse, 6);
    const rack = await bulkProduct(database.db, [[warehouse, 4]]);
    const kit = await newKit(database.db, [{ productId: amp.id, quantity: 2 }, { productId: rack.id, quantity: 1 }]);
    const event = await booked([], 1, 2, "ENQUIRY", { subHire: [[amp.id, 10]] });
    await planning.pullLists.addLine(staff, { eventId: event.id, sectionId: undefined, item: { kind: "KIT", kitId: kit.id }, quantity: 2, source: undefined, supplier: "", cost: undefined, notes: "", includeOptional: false });
    await planning.events.changeEventStatus(staff, { eventId: event.id, version: event.version, status: "CONFIRMED", reason: "" });
    const { products, kits } = await check([amp.id, rack.id], 0, 3, { kitIds: [kit.id] });
    expect(products.map((p) => p.availability.minAvailable)).toEqual([2, 2]);
    // Amps leave 2 (one kit), racks 2: one whole kit.
    expect(kits).toEqual([{ kitId: kit.id, minAvailable: 1 }]);
  });

  it("answers kits as the minimum over required items of whole kits, over time", async () => {
    const mic = await serializedProduct(database.db, warehouse, 9);
    const stand = await bulkProduct(database.db, [[warehouse, 5]]);
    const spare = await bulkProduct(database.db, [[warehouse, 0]]);
    const kit = await newKit(database.db, [
      { productId: mic.id, quantity: 2 },
      { productId: stand.id, quantity: 1 },
      { productId: spare.id, quantity: 1, optional: true },
    ]);
    await booked([[mic.id, 5]], 2, 3, "PROVISIONAL");
    const { products, kits } = await check([], 0, 4, { kitIds: [kit.id] });
    expect(products).toEqual([]);
    // Mics: 9 → 4 kits, but 4 → 2 kits on day 2; stands 5. The optional spare does not count.
    expect(kits).toEqual([{ kitId: kit.id, minAvailable: 2 }]);
  });

  it("refuses unknown products and kits", async () => {
    expect(await rejectionCode(check(["00000000-0000-4000-8000-000000000000"], 0, 1))).toBe("PRODUCT_NOT_FOUND");
    expect(await rejectionCode(check([], 0, 1, { kitIds: ["00000000-0000-4000-8000-000000000000"] }))).toBe("KIT_NOT_FOUND");
    expect(await rejectionCode(availability.checkAvailability(planner(["planning.read"]), { productIds: [], kitIds: [], range: { start: at(0), end: at(1) }, excludeEventId: undefined }))).toBe("PERMISSION_DENIED");
  });
});

describe("query plans", () => {
  /** EXPLAIN with sequential scans discouraged: a small test database is cheapest to scan, so ask which indexes the planner can use. */
  async function plan(query: (db: Db) => { explain(): Promise<Record<string, unknown>[]> }): Promise<string> {
    return database.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(tx);
      const rows = await query(tx).explain();
      return rows.map((r) => Object.values(r).join("")).join("\n");
    });
  }

  it("finds overlapping events through the GiST index on the out-period and lines through the product index", async () => {
    const product = await serializedProduct(database.db, warehouse, 1);
    const text = await plan((db) =>
      reservationsQuery(db, {
        products: [{ productId: product.id, bufferBeforeMinutes: 60, bufferAfterMinutes: 120 }],
        range: { start: at(0).getTime(), end: at(3).getTime() },
        statuses: reservingStatuses,
        excludeEventId: undefined,
      }),
    );
    expect(text).toContain("event_out_period");
    expect(text).toMatch(/pull_list_line_(demand|product)/);
  });

  it("finds consumption through the GiST index too, bounded by the product's last stock count", async () => {
    const product = await bulkProduct(database.db, [[warehouse, 5]], { tracking: "CONSUMABLE" });
    const text = await plan((db) =>
      consumptionQuery(db, {
        products: [{ productId: product.id, bufferBeforeMinutes: 60, bufferAfterMinutes: 0, countedAt: at(-5).getTime() }],
        range: { start: at(0).getTime(), end: at(3).getTime() },
        statuses: consumingStatuses,
        excludeEventId: undefined,
      }),
    );
    expect(text).toContain("event_out_period");
  });

  it("finds repairs through the GiST index of open out-of-service periods", async () => {
    const product = await serializedProduct(database.db, warehouse, 1);
    const text = await plan((db) => repairsQuery(db, [product.id], { start: at(0).getTime(), end: at(3).getTime() }));
    expect(text).toContain("maintenance_record_out_of_service");
  });
});
