import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/db.js";
import { caller, movementsOf, newCase, newLocation, newProduct, rejectionCode, stockLevel, type LocationRow } from "../../test/support/warehouse-factories.js";
import { levelsFromLedger } from "../domain/stock.js";
import type { DatabaseHandle } from "../store/db.js";
import { isNegativeStockViolation } from "../store/stock.store.js";
import { StockService } from "./stock.service.js";

let database: DatabaseHandle;
let stock: StockService;
const clock = { now: new Date("2026-02-01T10:00:00Z") };
const staff = caller();
let warehouse: LocationRow;
let zone: LocationRow;
let otherWarehouse: LocationRow;

function tick(): void {
  clock.now = new Date(clock.now.getTime() + 1000);
}

beforeAll(async () => {
  database = await createTestDatabase();
  stock = new StockService({ db: database.db, now: () => clock.now });
  warehouse = await newLocation(database.db);
  zone = await newLocation(database.db, { parent: warehouse });
  otherWarehouse = await newLocation(database.db);
});
afterAll(async () => {
  await database.close();
});

const receive = (productId: string, to: string, quantity: number, requestId: string | null = null) =>
  stock.recordStockMovement(staff, { productId, kind: "RECEIVE", fromLocationId: null, toLocationId: to, quantity, reason: "delivery", requestId });
const writeOff = (productId: string, from: string, quantity: number) =>
  stock.recordStockMovement(staff, { productId, kind: "WRITE_OFF", fromLocationId: from, toLocationId: null, quantity, reason: "broken", requestId: null });

describe("recording movements", () => {
  it("receives into a location and records who did it", async () => {
    const product = await newProduct(database.db);
    const { movement, levels } = await receive(product.id, zone.id, 40);
    expect(movement).toMatchObject({ kind: "RECEIVE", quantity: 40, toLocationId: zone.id, fromLocationId: null, actorUserId: staff.principal.userId, at: clock.now });
    expect(levels).toEqual([{ productId: product.id, locationId: zone.id, quantity: 40 }]);
    expect(await stockLevel(database.db, product.id, zone.id)).toBe(40);
  });

  it("writes off, refusing more than there is and changing nothing then", async () => {
    const product = await newProduct(database.db, { tracking: "CONSUMABLE" });
    await receive(product.id, warehouse.id, 5);
    expect(await rejectionCode(writeOff(product.id, warehouse.id, 6))).toBe("INSUFFICIENT_STOCK");
    expect(await stockLevel(database.db, product.id, warehouse.id)).toBe(5);
    await writeOff(product.id, warehouse.id, 5);
    expect(await stockLevel(database.db, product.id, warehouse.id)).toBe(0);
    expect((await movementsOf(database.db, product.id)).map((m) => m.kind)).toEqual(["RECEIVE", "WRITE_OFF"]);
  });

  it("adjusts to a counted quantity and records the signed difference", async () => {
    const product = await newProduct(database.db);
    await receive(product.id, warehouse.id, 30);
    const down = await stock.recordStockMovement(staff, { productId: product.id, kind: "ADJUST", fromLocationId: null, toLocationId: warehouse.id, quantity: 27, reason: "count", requestId: null });
    expect(down.movement.quantity).toBe(-3);
    expect(down.levels[0]?.quantity).toBe(27);
    const up = await stock.recordStockMovement(staff, { productId: product.id, kind: "ADJUST", fromLocationId: null, toLocationId: otherWarehouse.id, quantity: 4, reason: "found", requestId: null });
    expect(up.movement.quantity).toBe(4);
  });

  it("transfers between warehouses as one movement", async () => {
    const product = await newProduct(database.db);
    await receive(product.id, warehouse.id, 10);
    const { movement, levels } = await stock.recordStockMovement(staff, {
      productId: product.id,
      kind: "TRANSFER",
      fromLocationId: warehouse.id,
      toLocationId: otherWarehouse.id,
      quantity: 7,
      reason: "to the other site",
      requestId: null,
    });
    expect(movement).toMatchObject({ kind: "TRANSFER", quantity: 7, fromLocationId: warehouse.id, toLocationId: otherWarehouse.id });
    expect(levels).toEqual([
      { productId: product.id, locationId: warehouse.id, quantity: 3 },
      { productId: product.id, locationId: otherWarehouse.id, quantity: 7 },
    ]);
    expect((await movementsOf(database.db, product.id)).filter((m) => m.kind === "TRANSFER")).toHaveLength(1);
  });

  it("never takes units packed in cases at the location", async () => {
    const product = await newProduct(database.db);
    const site = await newLocation(database.db);
    await receive(product.id, site.id, 10);
    const trunk = await newCase(database.db, { locationId: site.id });
    await database.db.insertInto("caseBulkContent").values({ caseId: trunk.id, productId: product.id, quantity: 4 }).execute();
    expect(await rejectionCode(writeOff(product.id, site.id, 7))).toBe("INSUFFICIENT_STOCK");
    expect(await rejectionCode(stock.recordStockMovement(staff, { productId: product.id, kind: "ADJUST", fromLocationId: null, toLocationId: site.id, quantity: 3, reason: "", requestId: null }))).toBe("INSUFFICIENT_STOCK");
    await writeOff(product.id, site.id, 6);
    expect(await stockLevel(database.db, product.id, site.id)).toBe(4);
  });

  it.each([
    ["a serialized product", "NOT_BULK"],
    ["an unknown product", "PRODUCT_NOT_FOUND"],
    ["an archived product receiving", "PRODUCT_ARCHIVED"],
    ["an unknown location", "LOCATION_NOT_FOUND"],
    ["an archived destination", "LOCATION_ARCHIVED"],
    ["a write-off with a destination", "INVALID_MOVEMENT"],
    ["zero units", "INVALID_QUANTITY"],
  ])("refuses %s: %s", async (name, expected) => {
    const serialized = await newProduct(database.db, { tracking: "SERIALIZED" });
    const archived = await newProduct(database.db, { archived: true });
    const bulk = await newProduct(database.db);
    const closed = await newLocation(database.db, { archived: true });
    const input = {
      "a serialized product": { productId: serialized.id, to: warehouse.id, from: null, kind: "RECEIVE", quantity: 1 },
      "an unknown product": { productId: randomUUID(), to: warehouse.id, from: null, kind: "RECEIVE", quantity: 1 },
      "an archived product receiving": { productId: archived.id, to: warehouse.id, from: null, kind: "RECEIVE", quantity: 1 },
      "an unknown location": { productId: bulk.id, to: randomUUID(), from: null, kind: "RECEIVE", quantity: 1 },
      "an archived destination": { productId: bulk.id, to: closed.id, from: null, kind: "RECEIVE", quantity: 1 },
      "a write-off with a destination": { productId: bulk.id, to: warehouse.id, from: warehouse.id, kind: "WRITE_OFF", quantity: 1 },
      "zero units": { productId: bulk.id, to: warehouse.id, from: null, kind: "RECEIVE", quantity: 0 },
    }[name] as { productId: string; to: string; from: string | null; kind: "RECEIVE" | "WRITE_OFF"; quantity: number };
    const code = await rejectionCode(stock.recordStockMovement(staff, { productId: input.productId, kind: input.kind, fromLocationId: input.from, toLocationId: input.to, quantity: input.quantity, reason: "", requestId: null }));
    expect(code).toBe(expected);
  });

  it("lets stock leave an archived location", async () => {
    const product = await newProduct(database.db);
    const closing = await newLocation(database.db);
    await receive(product.id, closing.id, 3);
    await database.db.updateTable("location").set({ archived: true }).where("id", "=", closing.id).execute();
    await writeOff(product.id, closing.id, 3);
    expect(await stockLevel(database.db, product.id, closing.id)).toBe(0);
  });

  it("needs stock.manage", async () => {
    const product = await newProduct(database.db);
    const reader = caller(["inventory.read"]);
    expect(await rejectionCode(stock.recordStockMovement(reader, { productId: product.id, kind: "RECEIVE", fromLocationId: null, toLocationId: warehouse.id, quantity: 1, reason: "", requestId: null }))).toBe("PERMISSION_DENIED");
  });
});

describe("retries", () => {
  it("applies a request id once and returns the original movement", async () => {
    const product = await newProduct(database.db);
    const requestId = randomUUID();
    const first = await receive(product.id, warehouse.id, 12, requestId);
    tick();
    const again = await receive(product.id, warehouse.id, 12, requestId);
    expect(again.movement).toEqual(first.movement);
    expect(again.levels).toEqual([{ productId: product.id, locationId: warehouse.id, quantity: 12 }]);
    expect(await movementsOf(database.db, product.id)).toHaveLength(1);
  });

  it("refuses the same request id with another payload", async () => {
    const product = await newProduct(database.db);
    const requestId = randomUUID();
    await receive(product.id, warehouse.id, 12, requestId);
    expect(await rejectionCode(receive(product.id, warehouse.id, 13, requestId))).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await rejectionCode(writeOff(product.id, warehouse.id, 1).then(() => receive(product.id, zone.id, 12, requestId)))).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await stockLevel(database.db, product.id, warehouse.id)).toBe(11);
  });

  it("applies concurrent retries of one request once", async () => {
    const product = await newProduct(database.db);
    const requestId = randomUUID();
    const results = await Promise.all(Array.from({ length: 6 }, () => receive(product.id, warehouse.id, 5, requestId)));
    expect(new Set(results.map((r) => r.movement.id)).size).toBe(1);
    expect(await stockLevel(database.db, product.id, warehouse.id)).toBe(5);
  });

  it("recognises a retried count (ADJUST) by what was asked, not by the difference recorded", async () => {
    const product = await newProduct(database.db);
    await receive(product.id, warehouse.id, 8);
    const requestId = randomUUID();
    const count = () => stock.recordStockMovement(staff, { productId: product.id, kind: "ADJUST", fromLocationId: null, toLocationId: warehouse.id, quantity: 5, reason: "count", requestId });
    const first = await count();
    const again = await count();
    expect(again.movement.id).toBe(first.movement.id);
    expect(again.movement.quantity).toBe(-3);
    expect(await stockLevel(database.db, product.id, warehouse.id)).toBe(5);
  });
});

describe("racing for the last units", () => {
  it("lets exactly one of several concurrent write-offs take them", async () => {
    const product = await newProduct(database.db);
    await receive(product.id, warehouse.id, 3);
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => rejectionCode(writeOff(product.id, warehouse.id, 3))));
    expect(outcomes.filter((o) => o === "resolved")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "INSUFFICIENT_STOCK")).toHaveLength(5);
    expect(await stockLevel(database.db, product.id, warehouse.id)).toBe(0);
  });

  it("keeps the level equal to what the ledger adds up to under concurrent transfers", async () => {
    const product = await newProduct(database.db);
    await receive(product.id, warehouse.id, 20);
    await receive(product.id, otherWarehouse.id, 20);
    const moves = Array.from({ length: 16 }, (_, i) =>
      rejectionCode(
        stock.recordStockMovement(staff, {
          productId: product.id,
          kind: "TRANSFER",
          fromLocationId: i % 2 === 0 ? warehouse.id : otherWarehouse.id,
          toLocationId: i % 2 === 0 ? otherWarehouse.id : warehouse.id,
          quantity: 3 + (i % 4),
          reason: "",
          requestId: null,
        }),
      ),
    );
    expect((await Promise.all(moves)).every((o) => o === "resolved" || o === "INSUFFICIENT_STOCK")).toBe(true);
    const replayed = levelsFromLedger(await movementsOf(database.db, product.id));
    expect(await stockLevel(database.db, product.id, warehouse.id)).toBe(replayed.get(warehouse.id));
    expect(await stockLevel(database.db, product.id, otherWarehouse.id)).toBe(replayed.get(otherWarehouse.id));
    expect((replayed.get(warehouse.id) ?? 0) + (replayed.get(otherWarehouse.id) ?? 0)).toBe(40);
  });

  it("has the CHECK constraint as the last line", async () => {
    const product = await newProduct(database.db);
    await receive(product.id, warehouse.id, 1);
    let caught: unknown;
    try {
      await sql`UPDATE stock_level SET quantity = quantity - 2 WHERE product_id = ${product.id}`.execute(database.db);
    } catch (error) {
      caught = error;
    }
    expect(isNegativeStockViolation(caught)).toBe(true);
  });
});

describe("listing", () => {
  it("lists non-zero levels, a location including its sub-locations", async () => {
    const product = await newProduct(database.db);
    await receive(product.id, warehouse.id, 2);
    await receive(product.id, zone.id, 3);
    await receive(product.id, otherWarehouse.id, 4);
    await writeOff(product.id, otherWarehouse.id, 4);
    const all = await stock.listStock(staff, { productId: product.id, locationId: undefined });
    expect(all.map((l) => [l.locationId, l.quantity]).sort()).toEqual([[warehouse.id, 2], [zone.id, 3]].sort());
    const inWarehouse = await stock.listStock(staff, { productId: product.id, locationId: warehouse.id });
    expect(inWarehouse).toHaveLength(2);
    const inZone = await stock.listStock(staff, { productId: product.id, locationId: zone.id });
    expect(inZone).toEqual([{ productId: product.id, locationId: zone.id, quantity: 3 }]);
  });

  it("pages movements newest first with a keyset cursor, filtered by product and location", async () => {
    const product = await newProduct(database.db);
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      tick();
      ids.push((await receive(product.id, i % 2 ? warehouse.id : otherWarehouse.id, i)).movement.id);
    }
    const seen: string[] = [];
    let pageToken = "";
    do {
      const page = await stock.listStockMovements(staff, { pageSize: 2, pageToken, productId: product.id, locationId: undefined });
      expect(page.movements.length).toBeLessThanOrEqual(2);
      seen.push(...page.movements.map((m) => m.id));
      pageToken = page.nextPageToken;
    } while (pageToken !== "");
    expect(seen).toEqual([...ids].reverse());
    const atOther = await stock.listStockMovements(staff, { pageSize: 0, pageToken: "", productId: product.id, locationId: otherWarehouse.id });
    expect(atOther.movements.map((m) => m.id)).toEqual([ids[3], ids[1]]);
  });

  it("refuses a page token of another query", async () => {
    const product = await newProduct(database.db);
    await receive(product.id, warehouse.id, 1);
    await receive(product.id, warehouse.id, 1);
    const page = await stock.listStockMovements(staff, { pageSize: 1, pageToken: "", productId: product.id, locationId: undefined });
    expect(page.nextPageToken).not.toBe("");
    expect(await rejectionCode(stock.listStockMovements(staff, { pageSize: 1, pageToken: page.nextPageToken, productId: undefined, locationId: undefined }))).toBe("INVALID_PAGE_TOKEN");
  });
});
