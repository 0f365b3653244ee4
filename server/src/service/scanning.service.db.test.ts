// ScanningService on a real database (PGlite, and PostgreSQL with
// TEST_DATABASE_URL): check-out against the pull list with every refusal and
// overrides, idempotent scan ids, undo, check-in with damage and missing items,
// case packing, stocktake with its discrepancy report and corrections,
// transfers, the last-unit race, and the reports.
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testEngine } from "../../test/support/db.js";
import {
  lineCounts,
  newCase,
  newEvent,
  newLocation,
  newProduct,
  newScanner,
  newStock,
  newUnits,
  putInCase,
  refusal,
  scanOf,
  scannerPermissions,
  stockLevel,
  unit,
  type Caller,
} from "../../test/support/scanning-factories.js";
import { pdfText } from "../../test/support/search-factories.js";
import type { DatabaseHandle } from "../store/db.js";
import { listenScanChannel } from "../store/scanning.listen.js";
import { ScanBus } from "./scanning.bus.js";
import { ScanningService } from "./scanning.service.js";

let database: DatabaseHandle;
let scanning: ScanningService;
let bus: ScanBus;
let scanner: Caller;
let boss: Caller;
let warehouse: { id: string; warehouseId: string; code: string };
const clock = { now: new Date(Date.UTC(2031, 4, 1)) };

beforeAll(async () => {
  database = await createTestDatabase();
  bus = new ScanBus((handlers) => listenScanChannel(database, handlers));
  scanning = new ScanningService({ db: database.db, now: () => clock.now, bus });
  scanner = await newScanner(database.db);
  boss = await newScanner(database.db, [...scannerPermissions, "scanning.override", "stock.manage"]);
  warehouse = await newLocation(database.db);
}, 180_000);
afterAll(async () => {
  await bus.close();
  await database.close();
});

async function checkOutSession(eventId: string, who: Caller = scanner) {
  return (await scanning.startSession(who, { kind: "CHECK_OUT", eventId, caseId: null, locationId: null, sourceLocationId: null, note: "", requestId: null })).session;
}

async function checkInSession(eventId: string) {
  return (await scanning.startSession(scanner, { kind: "CHECK_IN", eventId, caseId: null, locationId: warehouse.id, sourceLocationId: null, note: "", requestId: null })).session;
}

describe("check-out", () => {
  it("marks a unit out, counts it on its line and assigns it; a retry returns the stored scan and applies nothing", async () => {
    const product = await newProduct(database.db);
    const [a, b] = await newUnits(database.db, product.id, warehouse.id, 2);
    const event = await newEvent(database.db, [{ productId: product.id, quantity: 2 }]);
    const session = await checkOutSession(event.id);
    const input = scanOf(session.id, ` ${a?.tag.toLowerCase() ?? ""} `);
    const first = await scanning.scan(scanner, input);
    expect(first.replayed).toBe(false);
    expect(first.scan).toMatchObject({ action: "CHECKED_OUT", targetKind: "ASSET", quantity: 1, sequence: 1, lineIds: [event.lineIds[0]], assetIds: [a?.id] });
    expect(await unit(database.db, a?.id ?? "")).toMatchObject({ status: "CHECKED_OUT" });
    expect(await lineCounts(database.db, event.lineIds[0] ?? "")).toEqual({ picked: 1, checkedOut: 1, returned: 0 });
    expect(first.lines[0]?.assetTags).toEqual([a?.tag]);

    const again = await scanning.scan(scanner, input);
    expect(again.replayed).toBe(true);
    expect(again.scan).toEqual(first.scan);
    expect(await lineCounts(database.db, event.lineIds[0] ?? "")).toEqual({ picked: 1, checkedOut: 1, returned: 0 });

    expect(await refusal(scanning.scan(scanner, { ...input, code: b?.tag ?? "" }))).toMatchObject({ code: "SCAN_ID_REUSED" });
    const history = await database.db.selectFrom("assetHistory").select(["kind", "toValue", "sourceType", "sourceId"]).where("assetId", "=", a?.id ?? "").execute();
    expect(history).toEqual([{ kind: "STATUS", toValue: "CHECKED_OUT", sourceType: "scan", sourceId: input.scanId }]);
  });

  it("refuses with a clear reason, and accepts overridable refusals with an override by a permitted user", async () => {
    const listed = await newProduct(database.db);
    const other = await newProduct(database.db);
    const [one, two] = await newUnits(database.db, listed.id, warehouse.id, 2);
    const [stray] = await newUnits(database.db, other.id, warehouse.id, 1);
    const [broken] = await newUnits(database.db, listed.id, warehouse.id, 1, "IN_MAINTENANCE");
    const [retired] = await newUnits(database.db, listed.id, warehouse.id, 1, "RETIRED");
    const event = await newEvent(database.db, [{ productId: listed.id, quantity: 1 }]);
    const session = await checkOutSession(event.id);

    expect(await refusal(scanning.scan(scanner, scanOf(session.id, stray?.tag ?? "")))).toEqual({
      code: "NOT_ON_PULL_LIST",
      metadata: expect.objectContaining({ tag: stray?.tag, overridable: "true" }) as unknown,
    });
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, broken?.tag ?? "")))).toMatchObject({ code: "ASSET_IN_MAINTENANCE" });
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, retired?.tag ?? "")))).toMatchObject({ code: "ASSET_NOT_RENTABLE" });
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, "NO-SUCH-CODE")))).toMatchObject({ code: "UNKNOWN_CODE" });
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, warehouse.code)))).toMatchObject({ code: "CODE_NOT_SCANNABLE_HERE" });
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, listed.code)))).toMatchObject({ code: "CODE_NOT_SCANNABLE_HERE" });
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, one?.tag ?? "", { quantity: 2 })))).toMatchObject({ code: "INVALID_QUANTITY" });

    await scanning.scan(scanner, scanOf(session.id, one?.tag ?? ""));
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, one?.tag ?? "")))).toMatchObject({ code: "ASSET_ALREADY_OUT" });
    const overPick = scanOf(session.id, two?.tag ?? "");
    expect(await refusal(scanning.scan(scanner, overPick))).toMatchObject({ code: "OVER_PICK", metadata: { overridable: "true" } });
    expect(await refusal(scanning.scan(scanner, { ...overPick, override: true }))).toMatchObject({ code: "OVERRIDE_NOT_ALLOWED" });

    // The refused scan stored nothing: the same scan id may carry the override.
    const accepted = await scanning.scan(boss, { ...overPick, override: true, overrideNote: "client asked for a spare" });
    expect(accepted.scan).toMatchObject({ overriddenReason: "OVER_PICK", overrideNote: "client asked for a spare" });
    expect(await lineCounts(database.db, event.lineIds[0] ?? "")).toMatchObject({ checkedOut: 2 });
    const notListed = await scanning.scan(boss, scanOf(session.id, stray?.tag ?? "", { override: true }));
    expect(notListed.scan).toMatchObject({ overriddenReason: "NOT_ON_PULL_LIST", lineIds: [] });
    expect(await database.db.selectFrom("assetOut").select("lineId").where("assetId", "=", stray?.id ?? "").executeTakeFirst()).toEqual({ lineId: null });
    expect(accepted.session.summary).toMatchObject({ required: 1, done: 1 });
  });

  it("refuses a unit reserved by name for another overlapping event, and serves the unit asked for on this list", async () => {
    const product = await newProduct(database.db);
    const [wanted, other] = await newUnits(database.db, product.id, warehouse.id, 2);
    await newEvent(database.db, [{ productId: product.id, assetId: wanted?.id ?? "" }], { from: 1, to: 4 });
    const event = await newEvent(database.db, [{ productId: product.id, quantity: 1 }, { productId: product.id, assetId: other?.id ?? "" }], { from: 0, to: 3 });
    const session = await checkOutSession(event.id);
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, wanted?.tag ?? "")))).toMatchObject({ code: "ASSET_BOOKED_ELSEWHERE" });
    const named = await scanning.scan(scanner, scanOf(session.id, other?.tag ?? ""));
    expect(named.scan.lineIds).toEqual([event.lineIds[1]]);
  });

  it("takes bulk quantities (asking for one), refuses more than the list holds, and checks out a case with everything nested in it", async () => {
    const cable = await newProduct(database.db, "BULK");
    const lamp = await newProduct(database.db);
    await newStock(database.db, cable.id, warehouse.id, 100);
    const units = await newUnits(database.db, lamp.id, warehouse.id, 3);
    const outer = await newCase(database.db, warehouse.id);
    const inner = await newCase(database.db, warehouse.id, outer.id);
    await putInCase(database.db, [units[0]?.id ?? ""], outer.id);
    await putInCase(database.db, [units[1]?.id ?? ""], inner.id);
    await database.db.insertInto("caseBulkContent").values({ caseId: inner.id, productId: cable.id, quantity: 5 }).execute();
    const event = await newEvent(database.db, [
      { productId: cable.id, quantity: 20 },
      { productId: lamp.id, quantity: 3 },
    ]);
    const session = await checkOutSession(event.id);
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, cable.code)))).toMatchObject({ code: "QUANTITY_REQUIRED", metadata: { productName: cable.name } });
    await scanning.scan(scanner, scanOf(session.id, cable.code, { quantity: 10 }));
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, cable.code, { quantity: 11 })))).toMatchObject({ code: "OVER_PICK", metadata: { remaining: "10" } });
    const packed = await scanning.scan(scanner, scanOf(session.id, outer.code));
    expect(packed.scan).toMatchObject({ targetKind: "CASE", quantity: 7 });
    expect(packed.scan.assetIds.sort()).toEqual([units[0]?.id, units[1]?.id].sort());
    expect(await lineCounts(database.db, event.lineIds[0] ?? "")).toMatchObject({ checkedOut: 15 });
    expect(await lineCounts(database.db, event.lineIds[1] ?? "")).toMatchObject({ checkedOut: 2 });
    expect(packed.session.summary).toMatchObject({ scans: 2, units: 17, required: 23, done: 17 });
  });

  it("takes no scans once ended, and ending twice returns the same session", async () => {
    const product = await newProduct(database.db);
    const [a] = await newUnits(database.db, product.id, warehouse.id, 1);
    const event = await newEvent(database.db, [{ productId: product.id, quantity: 2 }]);
    const session = await checkOutSession(event.id);
    await scanning.scan(scanner, scanOf(session.id, a?.tag ?? ""));
    const ended = await scanning.endSession(scanner, session.id);
    expect(ended.session.state).toBe("ENDED");
    expect(ended.missing).toEqual([expect.objectContaining({ lineId: event.lineIds[0], quantity: 1 })]);
    expect((await scanning.endSession(scanner, session.id)).session.endedAt).toEqual(ended.session.endedAt);
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, a?.tag ?? "")))).toMatchObject({ code: "SESSION_CLOSED" });
    expect(await refusal(scanning.undoLastScan(scanner, { sessionId: session.id, scanId: null }))).toMatchObject({ code: "SESSION_CLOSED" });
  });

  it("refuses sessions on events that are not confirmed, and binds sessions to what they need", async () => {
    const draft = await newEvent(database.db, [], { status: "ENQUIRY" });
    expect(await refusal(checkOutSession(draft.id))).toMatchObject({ code: "EVENT_NOT_SCANNABLE" });
    expect(await refusal(scanning.startSession(scanner, { kind: "CHECK_IN", eventId: draft.id, caseId: null, locationId: null, sourceLocationId: null, note: "", requestId: null }))).toMatchObject({
      code: "SESSION_TARGET_REQUIRED",
    });
  });
});

describe("undo", () => {
  it("reverses the newest scan exactly, only that one, and refuses once the items moved on", async () => {
    const product = await newProduct(database.db);
    const [a, b] = await newUnits(database.db, product.id, warehouse.id, 2);
    const event = await newEvent(database.db, [{ productId: product.id, quantity: 2 }]);
    const session = await checkOutSession(event.id);
    expect(await refusal(scanning.undoLastScan(scanner, { sessionId: session.id, scanId: null }))).toMatchObject({ code: "NOTHING_TO_UNDO" });
    const first = await scanning.scan(scanner, scanOf(session.id, a?.tag ?? ""));
    const second = await scanning.scan(scanner, scanOf(session.id, b?.tag ?? ""));
    expect(await refusal(scanning.undoLastScan(scanner, { sessionId: session.id, scanId: first.scan.scanId }))).toMatchObject({ code: "NOT_LAST_SCAN" });
    const undone = await scanning.undoLastScan(scanner, { sessionId: session.id, scanId: second.scan.scanId });
    expect(undone.scan.undoneAt).not.toBeNull();
    expect(await unit(database.db, b?.id ?? "")).toMatchObject({ status: "AVAILABLE" });
    expect(await lineCounts(database.db, event.lineIds[0] ?? "")).toEqual({ picked: 1, checkedOut: 1, returned: 0 });
    expect(await database.db.selectFrom("assetOut").select("assetId").where("eventId", "=", event.id).execute()).toEqual([{ assetId: a?.id }]);
    // A retried undo answers with the same undone scan.
    expect((await scanning.undoLastScan(scanner, { sessionId: session.id, scanId: second.scan.scanId })).scan.scanId).toBe(second.scan.scanId);

    // The first unit comes back through a check-in: its check-out can no longer be undone.
    const back = await checkInSession(event.id);
    await scanning.scan(scanner, scanOf(back.id, a?.tag ?? ""));
    expect(await refusal(scanning.undoLastScan(scanner, { sessionId: session.id, scanId: null }))).toMatchObject({ code: "UNDO_CONFLICT" });
    expect(await unit(database.db, a?.id ?? "")).toMatchObject({ status: "AVAILABLE" });
  });
});

describe("check-in", () => {
  it("returns units to the return location, opens a damage report for a damaged one, and lists what is still out", async () => {
    const product = await newProduct(database.db);
    const cable = await newProduct(database.db, "BULK");
    const dock = await newLocation(database.db);
    const units = await newUnits(database.db, product.id, dock.id, 3);
    const event = await newEvent(database.db, [
      { productId: product.id, quantity: 3 },
      { productId: cable.id, quantity: 10 },
    ]);
    const out = await checkOutSession(event.id);
    for (const u of units) await scanning.scan(scanner, scanOf(out.id, u.tag));
    await scanning.scan(scanner, scanOf(out.id, cable.code, { quantity: 10 }));

    const session = await checkInSession(event.id);
    const [ok, hurt, lost] = units;
    await scanning.scan(scanner, scanOf(session.id, ok?.tag ?? ""));
    expect(await unit(database.db, ok?.id ?? "")).toEqual({ status: "AVAILABLE", locationId: warehouse.id, caseId: null });
    const damaged = await scanning.scan(scanner, scanOf(session.id, hurt?.tag ?? "", { damaged: true, damageNote: "cracked lens" }));
    expect(await unit(database.db, hurt?.id ?? "")).toMatchObject({ status: "DAMAGED" });
    const record = await database.db
      .selectFrom("maintenanceRecord")
      .select(["kind", "state", "title", sql<boolean>`out_of_service @> ${clock.now}::timestamptz`.as("blocks")])
      .where("id", "=", damaged.scan.maintenanceRecordId ?? "")
      .executeTakeFirstOrThrow();
    expect(record).toEqual({ kind: "DAMAGE_REPORT", state: "OPEN", title: "cracked lens", blocks: true });
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, cable.code, { quantity: 11 })))).toMatchObject({ code: "INVALID_QUANTITY" });
    await scanning.scan(scanner, scanOf(session.id, cable.code, { quantity: 4 }));
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, ok?.tag ?? "")))).toMatchObject({ code: "NOT_OUT_ON_EVENT" });

    const ended = await scanning.endSession(scanner, session.id);
    expect(ended.missing).toEqual([
      expect.objectContaining({ lineId: event.lineIds[0], assetTags: [lost?.tag], quantity: 1 }),
      expect.objectContaining({ lineId: event.lineIds[1], assetTags: [], quantity: 6 }),
    ]);
    expect(await lineCounts(database.db, event.lineIds[0] ?? "")).toEqual({ picked: 3, checkedOut: 3, returned: 2 });
  });

  it("undoes a damaged return: the unit is out again and the damage report is cancelled", async () => {
    const product = await newProduct(database.db);
    const [a] = await newUnits(database.db, product.id, warehouse.id, 1);
    const event = await newEvent(database.db, [{ productId: product.id, quantity: 1 }]);
    await scanning.scan(scanner, scanOf((await checkOutSession(event.id)).id, a?.tag ?? ""));
    const session = await checkInSession(event.id);
    const back = await scanning.scan(scanner, scanOf(session.id, a?.tag ?? "", { damaged: true, damageNote: "dent" }));
    await scanning.undoLastScan(scanner, { sessionId: session.id, scanId: back.scan.scanId });
    expect(await unit(database.db, a?.id ?? "")).toMatchObject({ status: "CHECKED_OUT" });
    expect(await database.db.selectFrom("maintenanceRecord").select("state").where("id", "=", back.scan.maintenanceRecordId ?? "").executeTakeFirst()).toEqual({ state: "CANCELLED" });
    expect(await lineCounts(database.db, event.lineIds[0] ?? "")).toMatchObject({ returned: 0 });
  });
});

describe("case packing", () => {
  it("fills and empties a case with units, nested cases and bulk, and refuses cycles and items elsewhere", async () => {
    const shelf = await newLocation(database.db);
    const target = await newCase(database.db, shelf.id);
    const child = await newCase(database.db, warehouse.id);
    const other = await newCase(database.db, shelf.id);
    const product = await newProduct(database.db);
    const cable = await newProduct(database.db, "BULK");
    await newStock(database.db, cable.id, shelf.id, 8);
    const [loose, elsewhere, inChild] = await newUnits(database.db, product.id, warehouse.id, 3);
    await putInCase(database.db, [elsewhere?.id ?? ""], other.id);
    await putInCase(database.db, [inChild?.id ?? ""], child.id);
    const session = (await scanning.startSession(scanner, { kind: "CASE_PACKING", eventId: null, caseId: target.id, locationId: null, sourceLocationId: null, note: "", requestId: null })).session;

    await scanning.scan(scanner, scanOf(session.id, loose?.tag ?? ""));
    expect(await unit(database.db, loose?.id ?? "")).toEqual({ status: "AVAILABLE", locationId: shelf.id, caseId: target.id });
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, elsewhere?.tag ?? "")))).toMatchObject({ code: "ASSET_IN_OTHER_CASE" });
    await scanning.scan(scanner, scanOf(session.id, child.code));
    expect(await unit(database.db, inChild?.id ?? "")).toMatchObject({ locationId: shelf.id, caseId: child.id });
    await scanning.scan(scanner, scanOf(session.id, cable.code, { quantity: 5 }));
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, cable.code, { quantity: 4 })))).toMatchObject({ code: "INSUFFICIENT_STOCK" });
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, target.code)))).toMatchObject({ code: "CASE_CYCLE" });

    const inner = (await scanning.startSession(scanner, { kind: "CASE_PACKING", eventId: null, caseId: child.id, locationId: null, sourceLocationId: null, note: "", requestId: null })).session;
    expect(await refusal(scanning.scan(scanner, scanOf(inner.id, target.code)))).toMatchObject({ code: "CASE_CYCLE" });

    await scanning.scan(scanner, scanOf(session.id, loose?.tag ?? "", { remove: true }));
    expect(await unit(database.db, loose?.id ?? "")).toMatchObject({ caseId: null, locationId: shelf.id });
    await scanning.scan(scanner, scanOf(session.id, cable.code, { quantity: 2, remove: true }));
    expect(await database.db.selectFrom("caseBulkContent").select("quantity").where("caseId", "=", target.id).executeTakeFirst()).toEqual({ quantity: 3 });
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, elsewhere?.tag ?? "", { remove: true })))).toMatchObject({ code: "NOT_IN_CASE" });
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, cable.code, { quantity: 9, remove: true })))).toMatchObject({ code: "INVALID_QUANTITY" });

    // Undo the nesting step by step: bulk back, unit back, then the child case goes back where it was.
    await scanning.undoLastScan(scanner, { sessionId: session.id, scanId: null });
    await scanning.undoLastScan(scanner, { sessionId: session.id, scanId: null });
    await scanning.undoLastScan(scanner, { sessionId: session.id, scanId: null });
    await scanning.undoLastScan(scanner, { sessionId: session.id, scanId: null });
    expect(await database.db.selectFrom("equipmentCase").select(["parentCaseId", "locationId"]).where("id", "=", child.id).executeTakeFirst()).toEqual({ parentCaseId: null, locationId: warehouse.id });
    expect(await unit(database.db, inChild?.id ?? "")).toMatchObject({ locationId: warehouse.id, caseId: child.id });
  });
});

describe("stocktake", () => {
  it("reports missing, unexpected, misplaced units and bulk differences, and a manager books the corrections", async () => {
    const hall = await newLocation(database.db);
    const [shelfA, shelfB] = [await newLocation(database.db, hall), await newLocation(database.db, hall)];
    const elsewhere = await newLocation(database.db);
    const product = await newProduct(database.db);
    const cable = await newProduct(database.db, "BULK");
    const [present, missing] = await newUnits(database.db, product.id, shelfA.id, 2);
    const [misplaced] = await newUnits(database.db, product.id, shelfB.id, 1);
    const [stranger] = await newUnits(database.db, product.id, elsewhere.id, 1, "LOST");
    await newStock(database.db, cable.id, shelfA.id, 30);
    const session = (await scanning.startSession(scanner, { kind: "STOCKTAKE", eventId: null, caseId: null, locationId: hall.id, sourceLocationId: null, note: "", requestId: null })).session;

    expect(await refusal(scanning.scan(scanner, scanOf(session.id, elsewhere.code)))).toMatchObject({ code: "LOCATION_OUTSIDE_STOCKTAKE" });
    await scanning.scan(scanner, scanOf(session.id, shelfA.code));
    await scanning.scan(scanner, scanOf(session.id, present?.tag ?? ""));
    await scanning.scan(scanner, scanOf(session.id, misplaced?.tag ?? ""));
    await scanning.scan(scanner, scanOf(session.id, stranger?.tag ?? ""));
    await scanning.scan(scanner, scanOf(session.id, cable.code, { quantity: 20 }));
    await scanning.scan(scanner, scanOf(session.id, cable.code, { quantity: 7 }));
    expect(await refusal(scanning.applyStocktakeCorrections(boss, { sessionId: session.id, corrections: [] }))).toMatchObject({ code: "SESSION_OPEN" });

    const ended = await scanning.endSession(scanner, session.id);
    const byKind = Object.fromEntries(ended.discrepancies.map((d) => [d.kind, d]));
    expect(ended.discrepancies.map((d) => d.kind)).toEqual(["MISSING", "UNEXPECTED", "WRONG_LOCATION", "BULK_COUNT"]);
    expect(byKind.MISSING).toMatchObject({ assetId: missing?.id, expectedLocationId: shelfA.id });
    expect(byKind.UNEXPECTED).toMatchObject({ assetId: stranger?.id, expectedLocationId: elsewhere.id, foundLocationId: shelfA.id });
    expect(byKind.WRONG_LOCATION).toMatchObject({ assetId: misplaced?.id, expectedLocationId: shelfB.id, foundLocationId: shelfA.id });
    expect(byKind.BULK_COUNT).toMatchObject({ productId: cable.id, expectedQuantity: 30, countedQuantity: 27 });

    expect(await refusal(scanning.applyStocktakeCorrections(scanner, { sessionId: session.id, corrections: [] }))).toMatchObject({ code: "PERMISSION_DENIED" });
    const corrections = ended.discrepancies.map((d) => ({ discrepancyId: d.id, reason: "counted twice" }));
    const applied = await scanning.applyStocktakeCorrections(boss, { sessionId: session.id, corrections });
    expect(applied.applied).toBe(4);
    expect(applied.discrepancies.every((d) => d.appliedAt !== null && d.appliedReason === "counted twice")).toBe(true);
    expect(await unit(database.db, missing?.id ?? "")).toMatchObject({ status: "LOST" });
    expect(await unit(database.db, stranger?.id ?? "")).toMatchObject({ status: "AVAILABLE", locationId: shelfA.id });
    expect(await unit(database.db, misplaced?.id ?? "")).toMatchObject({ locationId: shelfA.id });
    expect(await stockLevel(database.db, cable.id, shelfA.id)).toBe(27);
    const adjust = await database.db.selectFrom("stockMovement").select(["kind", "quantity"]).where("productId", "=", cable.id).execute();
    expect(adjust).toEqual([{ kind: "ADJUST", quantity: -3 }]);
    expect((await scanning.applyStocktakeCorrections(boss, { sessionId: session.id, corrections })).applied).toBe(0);

    const pdf = await scanning.downloadReport(scanner, { sessionId: session.id, format: "PDF" });
    const text = await pdfText(pdf.content);
    expect(text).toContain("Stocktake discrepancy report");
    expect(text).toContain(missing?.tag);
    expect(text).toContain("Wrong location");
    const csv = new TextDecoder().decode((await scanning.downloadReport(scanner, { sessionId: session.id, format: "CSV" })).content);
    expect(csv.split(/\r?\n/)[0]).toBe("Kind,Asset,Product,Expected at,Found at,Expected,Counted,Applied");
    expect(csv).toContain(`Count differs,,${cable.name}`);
  });
});

describe("transfer", () => {
  it("moves units, cases with their contents and bulk from the source, to the destination scanned last", async () => {
    const from = await newLocation(database.db);
    const to = await newLocation(database.db);
    const later = await newLocation(database.db);
    const product = await newProduct(database.db);
    const cable = await newProduct(database.db, "BULK");
    await newStock(database.db, cable.id, from.id, 10);
    const [loose, packed] = await newUnits(database.db, product.id, from.id, 2);
    const box = await newCase(database.db, from.id);
    await putInCase(database.db, [packed?.id ?? ""], box.id);
    const session = (await scanning.startSession(scanner, { kind: "TRANSFER", eventId: null, caseId: null, locationId: to.id, sourceLocationId: from.id, note: "", requestId: null })).session;

    await scanning.scan(scanner, scanOf(session.id, loose?.tag ?? ""));
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, packed?.tag ?? "")))).toMatchObject({ code: "ASSET_IN_CASE" });
    expect(await refusal(scanning.scan(scanner, scanOf(session.id, cable.code, { quantity: 11 })))).toMatchObject({ code: "INSUFFICIENT_STOCK" });
    await scanning.scan(scanner, scanOf(session.id, cable.code, { quantity: 4 }));
    await scanning.scan(scanner, scanOf(session.id, later.code));
    await scanning.scan(scanner, scanOf(session.id, box.code));
    expect(await unit(database.db, loose?.id ?? "")).toMatchObject({ locationId: to.id });
    expect(await unit(database.db, packed?.id ?? "")).toMatchObject({ locationId: later.id, caseId: box.id });
    expect([await stockLevel(database.db, cable.id, from.id), await stockLevel(database.db, cable.id, to.id)]).toEqual([6, 4]);

    await scanning.undoLastScan(scanner, { sessionId: session.id, scanId: null });
    await scanning.undoLastScan(scanner, { sessionId: session.id, scanId: null });
    await scanning.undoLastScan(scanner, { sessionId: session.id, scanId: null });
    expect(await unit(database.db, packed?.id ?? "")).toMatchObject({ locationId: from.id });
    expect([await stockLevel(database.db, cable.id, from.id), await stockLevel(database.db, cable.id, to.id)]).toEqual([10, 0]);
    expect((await scanning.getSession(scanner, session.id)).session.locationId).toBe(to.id);
  });
});

describe("reports", () => {
  it("prints the check-out sheet with every line and unit, as PDF and CSV", async () => {
    const product = await newProduct(database.db, "SERIALIZED", "Robe Spiider");
    const units = await newUnits(database.db, product.id, warehouse.id, 2);
    const event = await newEvent(database.db, [{ productId: product.id, quantity: 4 }]);
    const session = await checkOutSession(event.id);
    for (const u of units) await scanning.scan(scanner, scanOf(session.id, u.tag));
    const text = await pdfText((await scanning.downloadReport(scanner, { sessionId: session.id, format: "PDF" })).content);
    expect(text).toContain("Check-out sheet");
    expect(text).toContain(event.number);
    expect(text).toContain("Robe Spiider");
    for (const u of units) expect(text).toContain(u.tag);
    const csv = await scanning.downloadReport(scanner, { sessionId: session.id, format: "CSV" });
    expect(csv.fileName).toBe(`check-out-${event.number}.csv`);
    expect(new TextDecoder().decode(csv.content)).toContain(`Robe Spiider,4,2,0,"${[...units.map((u) => u.tag)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).join(", ")}"`);
  });
});

describe("the last unit of a line", () => {
  it("goes to exactly one of two scanners checking it out at once", async () => {
    const product = await newProduct(database.db);
    const [a, b] = await newUnits(database.db, product.id, warehouse.id, 2);
    const event = await newEvent(database.db, [{ productId: product.id, quantity: 1 }]);
    const [one, two] = [await checkOutSession(event.id), await checkOutSession(event.id)];
    const race = async () => Promise.allSettled([scanning.scan(scanner, scanOf(one.id, a?.tag ?? "")), scanning.scan(scanner, scanOf(two.id, b?.tag ?? ""))]);

    // Hold the event row so both scans are in flight together, then let go: only the lock on the
    // event row (or a constraint) can keep both from reading "one left" and both taking it.
    const results = await whileRowLocked("event", event.id, race);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code?: string }).code] : []));
    expect(ok).toHaveLength(1);
    expect(refused).toEqual(["OVER_PICK"]);
    expect(await lineCounts(database.db, event.lineIds[0] ?? "")).toMatchObject({ checkedOut: 1 });
  });
});

/**
 * Runs `race` while another connection holds `table`'s row `id` locked (PostgreSQL), letting go once two
 * of its statements wait for a lock, so that they are in flight together. PGlite has one connection: the
 * race runs as is.
 */
async function whileRowLocked<T>(table: "event" | "scan_session", id: string, race: () => Promise<T>): Promise<T> {
  if (testEngine !== "postgres") return race();
  const blocker = new pg.Client(database.pool.options);
  await blocker.connect();
  await blocker.query("BEGIN");
  await blocker.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
  const pending = race();
  for (let i = 0; i < 400; i++) {
    const waiting = await blocker.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    if ((waiting.rows[0]?.n ?? 0) >= 2) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await blocker.query("ROLLBACK");
  await blocker.end();
  return pending;
}

describe("one scan delivered twice at once", () => {
  it("applies once: the delivery that waited for the session answers with the stored scan", async () => {
    const product = await newProduct(database.db);
    const [a] = await newUnits(database.db, product.id, warehouse.id, 1);
    const event = await newEvent(database.db, [{ productId: product.id, quantity: 1 }]);
    const session = await checkOutSession(event.id);
    const input = scanOf(session.id, a?.tag ?? "");
    const deliver = async () => Promise.all([scanning.scan(scanner, input), scanning.scan(scanner, input)]);

    // Hold the session row so both deliveries read their snapshot before either can lock it: the one
    // that locks second must see that a scan committed meanwhile and look again, not check out twice.
    const answers = await whileRowLocked("scan_session", session.id, deliver);
    const [one, two] = answers;
    expect([one.replayed, two.replayed].sort()).toEqual([false, true]);
    expect(one.scan).toEqual(two.scan);
    expect(one.scan).toMatchObject({ sequence: 1, action: "CHECKED_OUT" });
    expect(await lineCounts(database.db, event.lineIds[0] ?? "")).toEqual({ picked: 1, checkedOut: 1, returned: 0 });
    const detail = await scanning.getSession(scanner, session.id);
    expect(detail.scans).toHaveLength(1);
    expect(detail.session.lastSequence).toBe(1);
  });
});

describe("the answer to a scan", () => {
  it("carries the session as getSession shows it and the lines the scan touched, with their units", async () => {
    const lamp = await newProduct(database.db);
    const cable = await newProduct(database.db);
    const [a, b] = await newUnits(database.db, lamp.id, warehouse.id, 2);
    const [c] = await newUnits(database.db, cable.id, warehouse.id, 1);
    const event = await newEvent(database.db, [
      { productId: lamp.id, quantity: 3 },
      { productId: cable.id, quantity: 2 },
    ]);
    const session = await checkOutSession(event.id);
    await scanning.scan(scanner, scanOf(session.id, a?.tag ?? ""));
    await scanning.scan(scanner, scanOf(session.id, c?.tag ?? ""));
    const undone = await scanning.undoLastScan(scanner, { sessionId: session.id, scanId: null });
    expect(undone.lines).toEqual([expect.objectContaining({ lineId: event.lineIds[1], checkedOut: 0, assetTags: [] })]);
    const last = await scanning.scan(scanner, scanOf(session.id, b?.tag ?? ""));

    const detail = await scanning.getSession(scanner, session.id);
    expect(last.session).toEqual(detail.session);
    expect(last.session.summary).toEqual({ scans: 2, undone: 1, units: 2, required: 5, done: 2, overrides: 0 });
    expect(last.lines).toEqual(detail.lines.filter((l) => l.lineId === event.lineIds[0]));
    expect(last.lines[0]?.assetTags).toEqual([a?.tag, b?.tag].sort((x, y) => (x ?? "").toLowerCase().localeCompare((y ?? "").toLowerCase())));
  });
});

describe("permanent-case lines", () => {
  it("checks the case line out with its contents in one scan, refuses a unit alone, undoes, and checks the case in", async () => {
    const product = await newProduct(database.db);
    const [a, b] = await newUnits(database.db, product.id, warehouse.id, 2);
    if (!a || !b) throw new Error("two units");
    const rack = await newCase(database.db, warehouse.id);
    await database.db.updateTable("equipmentCase").set({ kind: "PERMANENT" }).where("id", "=", rack.id).execute();
    await putInCase(database.db, [a.id, b.id], rack.id);
    const event = await newEvent(database.db, []);
    const section = await database.db.selectFrom("pullListSection").select("id").where("eventId", "=", event.id).executeTakeFirstOrThrow();
    const line = await database.db
      .insertInto("pullListLine")
      .values({ eventId: event.id, sectionId: section.id, kind: "CASE", caseId: rack.id, quantity: 1, costMinor: 0, position: 0 })
      .returning("id")
      .executeTakeFirstOrThrow();

    const out = await checkOutSession(event.id);
    expect((await refusal(scanning.scan(scanner, scanOf(out.id, a.tag)))).code).toBe("ASSET_IN_PERMANENT_CASE");
    const first = scanOf(out.id, rack.code);
    const scanned = await scanning.scan(scanner, first);
    expect(scanned.scan.lineIds).toEqual([line.id]);
    expect(await lineCounts(database.db, line.id)).toEqual({ picked: 1, checkedOut: 1, returned: 0 });
    expect((await unit(database.db, a.id)).status).toBe("CHECKED_OUT");
    expect((await scanning.scan(scanner, first)).replayed).toBe(true);
    expect(await lineCounts(database.db, line.id)).toEqual({ picked: 1, checkedOut: 1, returned: 0 });
    const progress = (await scanning.getSession(scanner, out.id)).lines.find((l) => l.lineId === line.id);
    expect(progress?.title).toBe(`${rack.code} · Case ${rack.code}`);
    expect(progress?.assetTags.length).toBe(2);

    await scanning.undoLastScan(scanner, { sessionId: out.id, scanId: first.scanId });
    expect(await lineCounts(database.db, line.id)).toEqual({ picked: 0, checkedOut: 0, returned: 0 });
    expect((await unit(database.db, b.id)).status).toBe("AVAILABLE");
    await scanning.scan(scanner, scanOf(out.id, rack.code));

    const back = await checkInSession(event.id);
    expect((await refusal(scanning.scan(scanner, scanOf(back.id, b.tag)))).code).toBe("ASSET_IN_PERMANENT_CASE");
    await scanning.scan(scanner, scanOf(back.id, rack.code));
    expect(await lineCounts(database.db, line.id)).toEqual({ picked: 1, checkedOut: 1, returned: 1 });
    expect(await unit(database.db, b.id)).toEqual({ status: "AVAILABLE", locationId: warehouse.id, caseId: rack.id });
  });
});
