import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/db.js";
import {
  assetRow,
  caller,
  historyOf,
  newAsset,
  newLocation,
  newMaintenanceRecord,
  newProduct,
  rejectionCode,
  type LocationRow,
  type ProductRow,
} from "../../test/support/warehouse-factories.js";
import type { DatabaseHandle } from "../store/db.js";
import { listOutOfServiceAssetIds, outOfServiceAssetsQuery } from "../store/maintenance.store.js";
import { MaintenanceService, type NewMaintenanceInput } from "./maintenance.service.js";

let database: DatabaseHandle;
let maintenance: MaintenanceService;
const clock = { now: new Date("2026-03-10T12:00:00Z") };
const tech = caller();
let site: LocationRow;
let dimmer: ProductRow;

const day = 24 * 3600 * 1000;
const daysFromNow = (n: number) => new Date(clock.now.getTime() + n * day);
const repairPeriod = () => ({ start: daysFromNow(0), end: daysFromNow(7) });

beforeAll(async () => {
  database = await createTestDatabase();
  maintenance = new MaintenanceService({ db: database.db, now: () => clock.now });
  site = await newLocation(database.db);
  dimmer = await newProduct(database.db, { tracking: "SERIALIZED" });
});
afterAll(async () => {
  await database.close();
});

async function unit(status: "AVAILABLE" | "RETIRED" | "CHECKED_OUT" | "LOST" = "AVAILABLE") {
  return newAsset(database.db, { productId: dimmer.id, locationId: site.id, status });
}

function record(assetId: string, o: Partial<NewMaintenanceInput> = {}): Promise<Awaited<ReturnType<MaintenanceService["createMaintenanceRecord"]>>> {
  return maintenance.createMaintenanceRecord(tech, {
    assetId,
    kind: "DAMAGE_REPORT",
    title: "Cracked housing",
    notes: "",
    cost: { amountMinor: 0n, currency: "EUR" },
    outOfService: null,
    inspectionResult: null,
    ...o,
  });
}

const edit = (recordId: string, version: number, o: Partial<Parameters<MaintenanceService["updateMaintenanceRecord"]>[1]> = {}) =>
  maintenance.updateMaintenanceRecord(tech, { recordId, version, state: undefined, notes: undefined, cost: undefined, outOfService: undefined, inspectionResult: undefined, ...o });

describe("creating records", () => {
  it("a damage report makes the asset DAMAGED, with a history row from maintenance", async () => {
    const asset = await unit();
    const { record: created, asset: after } = await record(asset.id, { cost: { amountMinor: 4500n, currency: "EUR" } });
    expect(created).toMatchObject({ kind: "DAMAGE_REPORT", state: "OPEN", assetTag: asset.tag, reportedByUserId: tech.principal.userId, closedAt: null, cost: { amountMinor: 4500n, currency: "EUR" } });
    expect(after.status).toBe("DAMAGED");
    expect(await historyOf(database.db, asset.id)).toEqual([
      { kind: "STATUS", fromValue: "AVAILABLE", toValue: "DAMAGED", reason: "Cracked housing", actorUserId: tech.principal.userId, sourceType: "maintenance", sourceId: created.id },
    ]);
  });

  it("a repair needs its period and puts the asset IN_MAINTENANCE", async () => {
    const asset = await unit();
    expect(await rejectionCode(record(asset.id, { kind: "REPAIR" }))).toBe("INVALID_MAINTENANCE");
    const period = repairPeriod();
    const { record: repair, asset: after } = await record(asset.id, { kind: "REPAIR", title: "Replace fan", outOfService: period });
    expect(repair.outOfService).toEqual(period);
    expect(after.status).toBe("IN_MAINTENANCE");
  });

  it("an inspection with its result is done at once; a failed one makes the asset DAMAGED", async () => {
    const passed = await unit();
    const ok = await record(passed.id, { kind: "INSPECTION", title: "PAT test", inspectionResult: "PASSED" });
    expect(ok.record).toMatchObject({ state: "DONE", inspectionResult: "PASSED", closedAt: clock.now });
    expect(ok.asset.status).toBe("AVAILABLE");
    const failing = await unit();
    const bad = await record(failing.id, { kind: "INSPECTION", title: "PAT test", inspectionResult: "FAILED" });
    expect(bad.record.state).toBe("DONE");
    expect(bad.asset.status).toBe("DAMAGED");
  });

  it.each([
    ["a retired asset", "RETIRED", "ASSET_RETIRED"],
    ["damage on a checked-out asset (check it in first)", "CHECKED_OUT", "ASSET_CHECKED_OUT"],
  ] as const)("refuses %s", async (_name, status, expected) => {
    const asset = await unit(status);
    expect(await rejectionCode(record(asset.id))).toBe(expected);
    expect((await assetRow(database.db, asset.id)).status).toBe(status);
    expect(await database.db.selectFrom("maintenanceRecord").select("id").where("assetId", "=", asset.id).execute()).toEqual([]);
  });

  it("refuses unknown assets, bad money and periods on the wrong kind", async () => {
    const asset = await unit();
    expect(await rejectionCode(record(randomUUID()))).toBe("ASSET_NOT_FOUND");
    expect(await rejectionCode(record(asset.id, { cost: { amountMinor: -5n, currency: "EUR" } }))).toBe("INVALID_MONEY");
    expect(await rejectionCode(record(asset.id, { outOfService: repairPeriod() }))).toBe("INVALID_MAINTENANCE");
    expect(await rejectionCode(maintenance.createMaintenanceRecord(caller(["inventory.read"]), { assetId: asset.id, kind: "DAMAGE_REPORT", title: "x", notes: "", cost: { amountMinor: 0n, currency: "EUR" }, outOfService: null, inspectionResult: null }))).toBe("PERMISSION_DENIED");
  });
});

describe("updating records", () => {
  it("closing the last open record returns the asset to AVAILABLE", async () => {
    const asset = await unit();
    const damage = (await record(asset.id)).record;
    const repair = (await record(asset.id, { kind: "REPAIR", title: "Fix", outOfService: repairPeriod() })).record;
    const started = await edit(repair.id, repair.version, { state: "IN_PROGRESS", notes: "parts ordered" });
    expect(started.record).toMatchObject({ state: "IN_PROGRESS", notes: "parts ordered", version: repair.version + 1 });
    expect(started.asset.status).toBe("IN_MAINTENANCE");
    const repaired = await edit(repair.id, started.record.version, { state: "DONE", cost: { amountMinor: 12000n, currency: "EUR" } });
    expect(repaired.record).toMatchObject({ state: "DONE", closedAt: clock.now, cost: { amountMinor: 12000n, currency: "EUR" } });
    expect(repaired.asset.status).toBe("DAMAGED");
    const closed = await edit(damage.id, damage.version, { state: "DONE" });
    expect(closed.asset.status).toBe("AVAILABLE");
    expect((await historyOf(database.db, asset.id)).map((h) => `${h.fromValue}→${h.toValue}`)).toEqual(["AVAILABLE→DAMAGED", "DAMAGED→IN_MAINTENANCE", "IN_MAINTENANCE→DAMAGED", "DAMAGED→AVAILABLE"]);
  });

  it("closed records are immutable; stale versions and backward steps are refused", async () => {
    const asset = await unit();
    const repair = (await record(asset.id, { kind: "REPAIR", title: "Fix", outOfService: repairPeriod() })).record;
    const started = (await edit(repair.id, repair.version, { state: "IN_PROGRESS" })).record;
    expect(await rejectionCode(edit(repair.id, repair.version, { notes: "late" }))).toBe("STALE_VERSION");
    expect(await rejectionCode(edit(repair.id, started.version, { state: "OPEN" }))).toBe("MAINTENANCE_INVALID_TRANSITION");
    const cancelled = (await edit(repair.id, started.version, { state: "CANCELLED" })).record;
    expect(cancelled.closedAt).toEqual(clock.now);
    expect(await rejectionCode(edit(repair.id, cancelled.version, { notes: "again" }))).toBe("MAINTENANCE_CLOSED");
    expect(await rejectionCode(edit(randomUUID(), 1))).toBe("MAINTENANCE_RECORD_NOT_FOUND");
    expect((await assetRow(database.db, asset.id)).status).toBe("AVAILABLE");
  });

  it("a scheduled inspection is finished with its result", async () => {
    const asset = await unit();
    const scheduled = (await record(asset.id, { kind: "INSPECTION", title: "Annual test" })).record;
    expect(scheduled.state).toBe("OPEN");
    expect(await rejectionCode(edit(scheduled.id, scheduled.version, { state: "DONE" }))).toBe("INVALID_MAINTENANCE");
    const failed = await edit(scheduled.id, scheduled.version, { state: "DONE", inspectionResult: "FAILED" });
    expect(failed.record.inspectionResult).toBe("FAILED");
    expect(failed.asset.status).toBe("DAMAGED");
  });

  it("moves a repair's period while it is open", async () => {
    const asset = await unit();
    const repair = (await record(asset.id, { kind: "REPAIR", title: "Fix", outOfService: repairPeriod() })).record;
    const longer = { start: daysFromNow(0), end: daysFromNow(14) };
    expect((await edit(repair.id, repair.version, { outOfService: longer })).record.outOfService).toEqual(longer);
  });
});

describe("listing records", () => {
  it("pages newest first and filters by asset, state and kind", async () => {
    const asset = await unit();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.now = new Date(clock.now.getTime() + 60_000);
      ids.push((await record(asset.id, { kind: i % 2 ? "INSPECTION" : "DAMAGE_REPORT", inspectionResult: i % 2 ? "PASSED" : null })).record.id);
    }
    const seen: string[] = [];
    let pageToken = "";
    do {
      const page = await maintenance.listMaintenance(tech, { pageSize: 2, pageToken, assetId: asset.id, productId: undefined, states: [], kind: undefined });
      seen.push(...page.records.map((r) => r.id));
      pageToken = page.nextPageToken;
    } while (pageToken !== "");
    expect(seen).toEqual([...ids].reverse());
    const inspections = await maintenance.listMaintenance(tech, { pageSize: 0, pageToken: "", assetId: asset.id, productId: undefined, states: ["DONE"], kind: "INSPECTION" });
    expect(inspections.records.map((r) => r.id)).toEqual([ids[3], ids[1]]);
    const open = await maintenance.listMaintenance(tech, { pageSize: 0, pageToken: "", assetId: asset.id, productId: undefined, states: ["OPEN", "IN_PROGRESS"], kind: undefined });
    expect(open.records).toHaveLength(3);
  });

  it("filters by product: records of every unit of that product, none of others", async () => {
    const fog = await newProduct(database.db, { tracking: "SERIALIZED" });
    const first = await newAsset(database.db, { productId: fog.id, locationId: site.id });
    const second = await newAsset(database.db, { productId: fog.id, locationId: site.id });
    const a = (await record(first.id, { title: "Pump" })).record.id;
    const b = (await record(second.id, { title: "Heater" })).record.id;
    await record((await unit()).id, { title: "Other product" });
    const listed = await maintenance.listMaintenance(tech, { pageSize: 0, pageToken: "", assetId: undefined, productId: fog.id, states: [], kind: undefined });
    expect(listed.records.map((r) => r.id).sort()).toEqual([a, b].sort());
    const narrowed = await maintenance.listMaintenance(tech, { pageSize: 0, pageToken: "", assetId: second.id, productId: fog.id, states: [], kind: undefined });
    expect(narrowed.records.map((r) => r.id)).toEqual([b]);
  });
});

describe("inspections due", () => {
  it("lists assets due within the window, most overdue first, from the last passed inspection", async () => {
    const yearly = await newProduct(database.db, { tracking: "SERIALIZED", inspectionIntervalDays: 365 });
    const never = await newProduct(database.db, { tracking: "SERIALIZED" });
    const bought = (days: number) => daysFromNow(-days).toISOString().slice(0, 10);
    const overdue = await newAsset(database.db, { productId: yearly.id, locationId: site.id, purchaseDate: bought(400) });
    const soon = await newAsset(database.db, { productId: yearly.id, locationId: site.id, purchaseDate: bought(1000) });
    await newMaintenanceRecord(database.db, { assetId: soon.id, kind: "INSPECTION", state: "DONE", result: "PASSED", closedAt: daysFromNow(-300) });
    const failedSince = await newAsset(database.db, { productId: yearly.id, locationId: site.id, purchaseDate: bought(1000) });
    await newMaintenanceRecord(database.db, { assetId: failedSince.id, kind: "INSPECTION", state: "DONE", result: "PASSED", closedAt: daysFromNow(-380) });
    await newMaintenanceRecord(database.db, { assetId: failedSince.id, kind: "INSPECTION", state: "DONE", result: "FAILED", closedAt: daysFromNow(-10) });
    const fresh = await newAsset(database.db, { productId: yearly.id, locationId: site.id, createdAt: daysFromNow(-1) });
    await newAsset(database.db, { productId: yearly.id, locationId: site.id, purchaseDate: bought(900), status: "RETIRED" });
    await newAsset(database.db, { productId: yearly.id, locationId: site.id, purchaseDate: bought(900), status: "LOST" });
    await newAsset(database.db, { productId: never.id, locationId: site.id, purchaseDate: bought(900) });

    const mine = (ids: string[]) => ids.filter((id) => [overdue.id, soon.id, failedSince.id, fresh.id].includes(id));
    const { due } = await maintenance.listInspectionsDue(tech, { withinDays: 90, pageSize: 0, pageToken: "" });
    // Bought 400 days ago, never inspected: due 35 days ago; passed 380 days ago (failed since): due 15 days ago.
    expect(mine(due.map((d) => d.asset.id))).toEqual([overdue.id, failedSince.id, soon.id]);
    const first = due.find((d) => d.asset.id === failedSince.id);
    expect(first).toMatchObject({ overdue: true, lastInspectedAt: daysFromNow(-380), dueAt: daysFromNow(-15) });
    expect(due.find((d) => d.asset.id === soon.id)).toMatchObject({ overdue: false, dueAt: daysFromNow(65) });
    expect(due.find((d) => d.asset.id === overdue.id)?.lastInspectedAt).toBeNull();

    const everything = await maintenance.listInspectionsDue(tech, { withinDays: 400, pageSize: 0, pageToken: "" });
    expect(mine(everything.due.map((d) => d.asset.id))).toEqual([overdue.id, failedSince.id, soon.id, fresh.id]);

    const paged: string[] = [];
    let pageToken = "";
    do {
      const page = await maintenance.listInspectionsDue(tech, { withinDays: 400, pageSize: 1, pageToken });
      paged.push(...page.due.map((d) => d.asset.id));
      pageToken = page.nextPageToken;
    } while (pageToken !== "");
    expect(paged).toEqual(everything.due.map((d) => d.asset.id));
  });
});

describe("out-of-service assets for availability", () => {
  it("finds assets whose open repair overlaps a half-open range", async () => {
    const lamp = await newProduct(database.db, { tracking: "SERIALIZED" });
    const other = await newProduct(database.db, { tracking: "SERIALIZED" });
    const t = (d: number) => new Date(Date.UTC(2026, 5, d));
    const inRepair = await newAsset(database.db, { productId: lamp.id, locationId: site.id });
    const laterRepair = await newAsset(database.db, { productId: lamp.id, locationId: site.id });
    const repaired = await newAsset(database.db, { productId: lamp.id, locationId: site.id });
    const otherProduct = await newAsset(database.db, { productId: other.id, locationId: site.id });
    await newMaintenanceRecord(database.db, { assetId: inRepair.id, kind: "REPAIR", state: "IN_PROGRESS", outOfService: { start: t(1), end: t(5) } });
    await newMaintenanceRecord(database.db, { assetId: laterRepair.id, kind: "REPAIR", outOfService: { start: t(10), end: t(12) } });
    await newMaintenanceRecord(database.db, { assetId: repaired.id, kind: "REPAIR", state: "DONE", outOfService: { start: t(1), end: t(30) } });
    await newMaintenanceRecord(database.db, { assetId: otherProduct.id, kind: "REPAIR", outOfService: { start: t(1), end: t(30) } });

    expect(await listOutOfServiceAssetIds(database.db, [lamp.id], { start: t(4), end: t(11) })).toEqual([inRepair.id, laterRepair.id].sort());
    expect(await listOutOfServiceAssetIds(database.db, [lamp.id], { start: t(5), end: t(10) })).toEqual([]);
    expect(await listOutOfServiceAssetIds(database.db, [lamp.id, other.id], { start: t(2), end: t(3) })).toEqual([inRepair.id, otherProduct.id].sort());
    expect(await listOutOfServiceAssetIds(database.db, [], { start: t(1), end: t(30) })).toEqual([]);
  });

  it("can be answered from the GiST index of open repairs", async () => {
    const plan = await database.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(tx);
      const rows = await outOfServiceAssetsQuery(tx, [dimmer.id], { start: daysFromNow(0), end: daysFromNow(3) }).explain();
      return rows.map((r) => Object.values(r).join(" ")).join("\n");
    });
    expect(plan).toContain("maintenance_record_out_of_service");
  });
});
