// The period list of shortages is cached per range and served until a
// committed change can reach it (change log of migration 0029). A change made
// with the triggers switched off (session_replication_role = replica) is one
// the cache cannot see: the answer still lacking it proves it came from the cache.
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, testEngine } from "../../test/support/db.js";
import { at, bulkProduct, eventInput, newCategory, newLocation, newRepair, planner, serializedProduct, setSettings } from "../../test/support/planning-factories.js";
import type { EventStatus } from "../domain/planning.js";
import type { PlanningEvent } from "../domain/planning.types.js";
import type { DatabaseHandle } from "../store/db.js";
import { PlanningService } from "./planning.service.js";

let database: DatabaseHandle;
let planning: PlanningService;
let warehouse: string;
const staff = planner();

beforeAll(async () => {
  database = await createTestDatabase();
  planning = new PlanningService({ db: database.db, now: () => at(-30) });
  warehouse = await newLocation(database.db);
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await setSettings(database.db, { overbookingPolicy: "WARN", bufferBeforeMinutes: 0, bufferAfterMinutes: 0 });
});

async function create(service: PlanningService, from: number, to: number, status: EventStatus, lines: readonly [string, number][]): Promise<PlanningEvent> {
  const event = await service.events.createEvent(staff, eventInput(from, to), undefined);
  for (const [productId, quantity] of lines) {
    await service.pullLists.addLine(staff, { eventId: event.id, sectionId: undefined, item: { kind: "PRODUCT", productId }, quantity, source: undefined, supplier: "", cost: undefined, notes: "", includeOptional: false });
  }
  const moved = await service.events.changeEventStatus(staff, { eventId: event.id, version: event.version, status, reason: "" });
  return moved.event;
}

/** Runs `statement` without firing triggers: a change the change log never hears of. */
async function unlogged(statement: ReturnType<typeof sql>): Promise<void> {
  await database.db.transaction().execute(async (tx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(tx);
    await statement.execute(tx);
  });
}

const list = (service: PlanningService, from: number, to: number) => service.shortages.listShortages(staff, { eventId: undefined, range: { start: at(from), end: at(to) } });
const summary = (shortages: { eventId: string; short: number; productName: string }[]) => shortages.map((s) => [s.eventId, s.productName, s.short]);

describe("the period list of shortages, cached", () => {
  it("is served from the cache until a change reaches it, then recomputed", async () => {
    const haze = await serializedProduct(database.db, warehouse, 2, { name: "Hazer" });
    const fog = await bulkProduct(database.db, [[warehouse, 5]], { name: "Fog fluid" });
    const a = await create(planning, 600, 604, "CONFIRMED", [[haze.id, 2]]);
    const b = await create(planning, 602, 603, "PROVISIONAL", [[haze.id, 1]]);
    const first = await list(planning, 599, 610);
    expect(summary(first)).toEqual([[b.id, "Hazer", 1]]);

    await unlogged(sql`DELETE FROM pull_list_line WHERE event_id = ${b.id}`);
    expect(await list(planning, 599, 610)).toEqual(first);
    // Scanning counts units out and in all day: that changes no demand, the cache still holds.
    await sql`UPDATE pull_list_line SET picked = picked + 1, checked_out = checked_out + 1 WHERE event_id = ${a.id}`.execute(database.db);
    expect(await list(planning, 599, 610)).toEqual(first);
    // Far ahead, and not competing: the cache still holds.
    await create(planning, 900, 902, "PROVISIONAL", [[haze.id, 1]]);
    expect(await list(planning, 599, 610)).toEqual(first);
    // A line of one of the listed events: recomputed, and the unlogged removal shows at last.
    await planning.pullLists.addLine(staff, { eventId: a.id, sectionId: undefined, item: { kind: "PRODUCT", productId: fog.id }, quantity: 1, source: undefined, supplier: "", cost: undefined, notes: "", includeOptional: false });
    expect(await list(planning, 599, 610)).toEqual([]);
  });

  type Story = { asset: string; category: string; event: PlanningEvent; competitor: PlanningEvent; day0: number };
  const changes: [string, (x: Story) => ReturnType<typeof sql>, (x: Story) => [string, number][]][] = [
    ["a unit retired", ({ asset }) => sql`UPDATE asset SET status = 'RETIRED' WHERE id = ${asset}`, ({ event }) => [[event.id, 1]]],
    ["a unit lost", ({ asset }) => sql`UPDATE asset SET status = 'LOST' WHERE id = ${asset}`, ({ event }) => [[event.id, 1]]],
    [
      "a competitor's dates moved onto the event",
      ({ competitor, day0 }) => sql`UPDATE event SET out_period = tstzrange(${at(day0)}::timestamptz, ${at(day0 + 2)}::timestamptz) WHERE id = ${competitor.id}`,
      ({ competitor }) => [[competitor.id, 1]],
    ],
    [
      "a competitor moved onto the event and confirmed",
      ({ competitor, day0 }) => sql`UPDATE event SET status = 'CONFIRMED', out_period = tstzrange(${at(day0)}::timestamptz, ${at(day0 + 2)}::timestamptz) WHERE id = ${competitor.id}`,
      ({ event, competitor }) => [[event.id, 1], [competitor.id, 1]],
    ],
    [
      "the product's group given a buffer before",
      ({ category }) => sql`INSERT INTO category_buffer (category_id, buffer_before_minutes, buffer_after_minutes) VALUES (${category}, ${3 * 24 * 60}, 0)`,
      ({ competitor }) => [[competitor.id, 1]],
    ],
    ["the instance's buffer before widened", () => sql`UPDATE planning_settings SET buffer_before_minutes = ${3 * 24 * 60}`, ({ competitor }) => [[competitor.id, 1]]],
  ];

  let slot = 0;
  it.each(changes)("is recomputed after %s", async (_name, change, expected) => {
    // Each case on days of its own: the events of one do not meet another's.
    const day0 = 1000 + 20 * slot++;
    const category = await newCategory(database.db);
    const product = await serializedProduct(database.db, warehouse, 2, { name: "Spot", categoryId: category });
    const asset = (await database.db.selectFrom("asset").select("id").where("productId", "=", product.id).executeTakeFirstOrThrow()).id;
    // The event needs both units; a provisional competitor needs one a day after the event ends.
    const event = await create(planning, day0, day0 + 2, "CONFIRMED", [[product.id, 2]]);
    const competitor = await create(planning, day0 + 3, day0 + 4, "PROVISIONAL", [[product.id, 1]]);
    expect(await list(planning, day0 - 1, day0 + 10)).toEqual([]);
    const story = { asset, category, event, competitor, day0 };
    await change(story).execute(database.db);
    const after = await list(planning, day0 - 1, day0 + 10);
    expect(after.map((s) => [s.eventId, s.short]).sort()).toEqual(expected(story).sort());
    // The same answer as a fresh service (no cache) computes.
    expect(after).toEqual(await list(new PlanningService({ db: database.db, now: () => at(-30) }), day0 - 1, day0 + 10));
  });

  it("is recomputed after an open repair or a product renamed", async () => {
    const product = await serializedProduct(database.db, warehouse, 1, { name: "Mixer" });
    const asset = (await database.db.selectFrom("asset").select("id").where("productId", "=", product.id).executeTakeFirstOrThrow()).id;
    const event = await create(planning, 720, 722, "CONFIRMED", [[product.id, 1]]);
    expect(await list(planning, 719, 730)).toEqual([]);
    await newRepair(database.db, asset, at(719), at(721));
    expect(summary(await list(planning, 719, 730))).toEqual([[event.id, "Mixer", 1]]);
    await sql`UPDATE product SET name = 'Mixing desk' WHERE id = ${product.id}`.execute(database.db);
    expect(summary(await list(planning, 719, 730))).toEqual([[event.id, "Mixing desk", 1]]);
  });

  it("sees a change made through another server process", async () => {
    const other = new PlanningService({ db: database.db, now: () => at(-30) });
    const product = await bulkProduct(database.db, [[warehouse, 3]], { name: "Stage deck" });
    const event = await create(planning, 740, 741, "CONFIRMED", [[product.id, 3]]);
    expect(await list(planning, 739, 745)).toEqual([]);
    const late = await create(other, 740, 742, "CONFIRMED", [[product.id, 1]]);
    expect((await list(planning, 739, 745)).map((s) => s.eventId).sort()).toEqual([event.id, late.id].sort());
  });

  it("sees a change that was in flight while the list was computed (PostgreSQL: concurrent transactions)", async () => {
    if (testEngine !== "postgres") return;
    const product = await bulkProduct(database.db, [[warehouse, 2]], { name: "Barrier" });
    const event = await create(planning, 760, 761, "CONFIRMED", [[product.id, 2]]);
    const line = await database.db.selectFrom("pullListLine").select("id").where("eventId", "=", event.id).executeTakeFirstOrThrow();
    const writer = await database.pool.connect();
    try {
      await writer.query("BEGIN");
      await writer.query("UPDATE pull_list_line SET quantity = 3 WHERE id = $1", [line.id]);
      // The writer has not committed: the list is computed (and cached) without it.
      expect(await list(planning, 759, 765)).toEqual([]);
      await writer.query("COMMIT");
    } finally {
      writer.release();
    }
    expect(summary(await list(planning, 759, 765))).toEqual([[event.id, "Barrier", 1]]);
  });

  it("rounds the default range to the minute, so views within a minute share one answer", async () => {
    let now = at(-30, 0).getTime() + 10_000;
    const service = new PlanningService({ db: database.db, now: () => new Date(now) });
    const product = await serializedProduct(database.db, warehouse, 1, { name: "Projector" });
    await create(service, -29, -27, "CONFIRMED", [[product.id, 1]]);
    const soft = await create(service, -28, -27, "PROVISIONAL", [[product.id, 1]]);
    const first = await service.shortages.listShortages(staff, { eventId: undefined, range: undefined });
    expect(first.filter((s) => s.productId === product.id).map((s) => s.eventId)).toEqual([soft.id]);
    await unlogged(sql`DELETE FROM pull_list_line WHERE event_id = ${soft.id}`);
    now += 40_000;
    expect(await service.shortages.listShortages(staff, { eventId: undefined, range: undefined })).toEqual(first);
    now += 20_000;
    expect((await service.shortages.listShortages(staff, { eventId: undefined, range: undefined })).filter((s) => s.productId === product.id)).toEqual([]);
  });
});
