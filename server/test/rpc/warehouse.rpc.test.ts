// The warehouse slice of InventoryService through real clients: stock, cases,
// kits, maintenance. Happy paths and failure cases ({ code, reason }, never Internal).
import { randomUUID } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient, type Client } from "@connectrpc/connect";
import { MoneySchema, TimeRangeSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import {
  AssetStatus,
  CaseKind,
  InspectionResult,
  InventoryService,
  KitPricing,
  MaintenanceKind,
  MaintenanceState,
  StockMovementKind,
} from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEmail, adminPassword } from "../support/auth.js";
import { failure } from "../support/errors.js";
import { authClient, startTestServer, transport, type ProtocolName, type TestServer } from "../support/server.js";
import { newAsset, newLocation, newMaintenanceRecord, newProduct, uniqueCode, type LocationRow, type ProductRow } from "../support/warehouse-factories.js";

let server: TestServer;
let token: string;
let warehouse: LocationRow;
let venue: LocationRow;
let cable: ProductRow;
let speaker: ProductRow;

beforeAll(async () => {
  server = await startTestServer();
  const login = await authClient(server.url).login({ email: adminEmail, password: adminPassword });
  token = login.tokens?.accessToken ?? "";
  const db = server.database.db;
  warehouse = await newLocation(db);
  venue = await newLocation(db);
  cable = await newProduct(db, { tracking: "BULK", name: "Schuko 5 m" });
  speaker = await newProduct(db, { tracking: "SERIALIZED", name: "K2 top", inspectionIntervalDays: 365 });
});
afterAll(async () => {
  await server.close();
});

const testedProtocols: ProtocolName[] = ["connect-json-h1", "grpc"];
const day = 24 * 3600 * 1000;

describe.each(testedProtocols)("over %s", (protocol) => {
  let inventory: Client<typeof InventoryService>;
  beforeAll(() => {
    inventory = createClient(InventoryService, transport(server.url, protocol, token));
  });

  describe("stock", () => {
    it("receives, transfers, writes off and lists the ledger newest first", async () => {
      const product = await newProduct(server.database.db);
      const received = await inventory.recordStockMovement({ productId: product.id, kind: StockMovementKind.RECEIVE, toLocationId: warehouse.id, quantity: 20, reason: "delivery" });
      expect(received.movement?.quantity).toBe(20);
      expect(received.levels.map((l) => l.quantity)).toEqual([20]);
      const moved = await inventory.recordStockMovement({ productId: product.id, kind: StockMovementKind.TRANSFER, fromLocationId: warehouse.id, toLocationId: venue.id, quantity: 5 });
      expect(moved.levels.map((l) => [l.locationId, l.quantity])).toEqual([[warehouse.id, 15], [venue.id, 5]]);
      const counted = await inventory.recordStockMovement({ productId: product.id, kind: StockMovementKind.ADJUST, toLocationId: venue.id, quantity: 4, reason: "count" });
      expect(counted.movement?.quantity).toBe(-1);
      const levels = await inventory.listStock({ productId: product.id });
      expect(levels.levels.map((l) => [l.locationId, l.quantity]).sort()).toEqual([[warehouse.id, 15], [venue.id, 4]].sort());
      const first = await inventory.listStockMovements({ productId: product.id, pageSize: 2 });
      expect(first.movements.map((m) => m.kind)).toHaveLength(2);
      const second = await inventory.listStockMovements({ productId: product.id, pageSize: 2, pageToken: first.nextPageToken });
      expect([...first.movements, ...second.movements].map((m) => m.kind).sort()).toEqual(
        [StockMovementKind.ADJUST, StockMovementKind.TRANSFER, StockMovementKind.RECEIVE].sort(),
      );
      expect(second.nextPageToken).toBe("");
    });

    it("applies a retried request once and refuses a reused request id", async () => {
      const product = await newProduct(server.database.db);
      const requestId = randomUUID();
      const request = { productId: product.id, kind: StockMovementKind.RECEIVE, toLocationId: warehouse.id, quantity: 3, requestId };
      const first = await inventory.recordStockMovement(request);
      const again = await inventory.recordStockMovement(request);
      expect(again.movement?.id).toBe(first.movement?.id);
      expect(again.levels[0]?.quantity).toBe(3);
      expect(await failure(inventory.recordStockMovement({ ...request, quantity: 4 }))).toMatchObject({ code: "InvalidArgument", reason: "IDEMPOTENCY_KEY_REUSED" });
    });

    it("lets one of two concurrent write-offs of the last units succeed", async () => {
      const product = await newProduct(server.database.db);
      await inventory.recordStockMovement({ productId: product.id, kind: StockMovementKind.RECEIVE, toLocationId: warehouse.id, quantity: 2 });
      const writeOff = () => inventory.recordStockMovement({ productId: product.id, kind: StockMovementKind.WRITE_OFF, fromLocationId: warehouse.id, quantity: 2 });
      const results = await Promise.allSettled([writeOff(), writeOff(), writeOff()]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const levels = await inventory.listStock({ productId: product.id, locationId: warehouse.id });
      expect(levels.levels).toEqual([]);
    });

    it.each([
      ["negative stock", "FailedPrecondition", "INSUFFICIENT_STOCK"],
      ["a serialized product", "InvalidArgument", "NOT_BULK"],
      ["an unknown product", "NotFound", "PRODUCT_NOT_FOUND"],
      ["an unknown location", "NotFound", "LOCATION_NOT_FOUND"],
      ["a transfer without a destination", "InvalidArgument", "INVALID_MOVEMENT"],
      ["a negative quantity", "InvalidArgument", "VALIDATION_FAILED"],
      ["a page token of another query", "InvalidArgument", "INVALID_PAGE_TOKEN"],
    ])("refuses %s", async (name, code, reason) => {
      const product = await newProduct(server.database.db);
      const calls: Record<string, () => Promise<unknown>> = {
        "negative stock": () => inventory.recordStockMovement({ productId: product.id, kind: StockMovementKind.WRITE_OFF, fromLocationId: warehouse.id, quantity: 1 }),
        "a serialized product": () => inventory.recordStockMovement({ productId: speaker.id, kind: StockMovementKind.RECEIVE, toLocationId: warehouse.id, quantity: 1 }),
        "an unknown product": () => inventory.recordStockMovement({ productId: randomUUID(), kind: StockMovementKind.RECEIVE, toLocationId: warehouse.id, quantity: 1 }),
        "an unknown location": () => inventory.recordStockMovement({ productId: product.id, kind: StockMovementKind.RECEIVE, toLocationId: randomUUID(), quantity: 1 }),
        "a transfer without a destination": () => inventory.recordStockMovement({ productId: product.id, kind: StockMovementKind.TRANSFER, fromLocationId: warehouse.id, quantity: 1 }),
        "a negative quantity": () => inventory.recordStockMovement({ productId: product.id, kind: StockMovementKind.RECEIVE, toLocationId: warehouse.id, quantity: -1 }),
        "a page token of another query": async () => {
          await inventory.recordStockMovement({ productId: product.id, kind: StockMovementKind.RECEIVE, toLocationId: warehouse.id, quantity: 1 });
          await inventory.recordStockMovement({ productId: product.id, kind: StockMovementKind.RECEIVE, toLocationId: warehouse.id, quantity: 1 });
          const page = await inventory.listStockMovements({ productId: product.id, pageSize: 1 });
          return inventory.listStockMovements({ pageSize: 1, pageToken: page.nextPageToken });
        },
      };
      expect(await failure(calls[name]?.() ?? Promise.resolve())).toMatchObject({ code, reason });
    });
  });

  describe("cases", () => {
    it("creates, renames, packs, nests, moves, unpacks and lists", async () => {
      const db = server.database.db;
      const truck = (await inventory.createCase({ name: "Truck pack", kind: CaseKind.TEMPORARY, locationId: warehouse.id })).case;
      expect(truck?.code).toMatch(/^C\d{6}$/);
      const rackCode = uniqueCode("RACK");
      const rack = (await inventory.createCase({ code: rackCode, name: "Amp rack", kind: CaseKind.PERMANENT, locationId: warehouse.id })).case;
      const renamed = await inventory.updateCase({ caseId: rack?.id, version: rack?.version, name: "Amp rack A", kind: CaseKind.PERMANENT });
      expect(renamed.case?.version).toBe(2n);

      const assets = await Promise.all([1, 2].map(() => newAsset(db, { productId: speaker.id, locationId: warehouse.id })));
      await inventory.recordStockMovement({ productId: cable.id, kind: StockMovementKind.RECEIVE, toLocationId: warehouse.id, quantity: 10 });
      const packed = await inventory.packCase({ caseId: rack?.id, assetIds: assets.map((a) => a.id), bulk: [{ productId: cable.id, quantity: 4 }] });
      expect(packed.contents?.assets.map((a) => a.id).sort()).toEqual(assets.map((a) => a.id).sort());
      expect(packed.contents?.bulk).toMatchObject([{ productId: cable.id, quantity: 4, productName: cable.name }]);
      const nested = await inventory.packCase({ caseId: truck?.id, childCaseIds: [rack?.id ?? ""] });
      expect(nested.contents?.cases.map((c) => c.id)).toEqual([rack?.id]);

      const got = await inventory.getCase({ caseId: rack?.id });
      expect(got.ancestorIds).toEqual([truck?.id]);
      expect(got.case?.parentCaseId).toBe(truck?.id);

      const moved = await inventory.moveCase({ caseId: truck?.id, locationId: venue.id, reason: "load-in" });
      expect(moved.assetsMoved).toBe(2);
      expect(moved.case?.locationId).toBe(venue.id);

      const unpacked = await inventory.unpackCase({ caseId: rack?.id, all: true });
      expect(unpacked.contents?.assets).toEqual([]);
      expect(unpacked.contents?.bulk).toEqual([]);

      const listed = await inventory.listCases({ query: rackCode });
      expect(listed.cases.map((c) => c.id)).toEqual([rack?.id]);
      expect(listed.cases[0]?.locationId).toBe(venue.id);
    });

    it.each([
      ["a cycle", "FailedPrecondition", "CASE_CYCLE"],
      ["a duplicate code", "AlreadyExists", "DUPLICATE_CODE"],
      ["a stale version", "Aborted", "STALE_VERSION"],
      ["an unknown case", "NotFound", "CASE_NOT_FOUND"],
      ["an unknown location", "NotFound", "LOCATION_NOT_FOUND"],
      ["a retired asset", "FailedPrecondition", "ASSET_RETIRED"],
      ["an asset in another case", "FailedPrecondition", "ASSET_IN_OTHER_CASE"],
      ["a case inside another case", "FailedPrecondition", "CASE_IN_OTHER_CASE"],
      ["more bulk than is free", "FailedPrecondition", "INSUFFICIENT_STOCK"],
      ["packing a serialized product as bulk", "InvalidArgument", "NOT_BULK"],
      ["unpacking more than the case holds", "InvalidArgument", "INVALID_QUANTITY"],
    ])("refuses %s", async (name, code, reason) => {
      const db = server.database.db;
      const make = async (parent?: string) => {
        const created = (await inventory.createCase({ name: "Box", kind: CaseKind.TEMPORARY, locationId: warehouse.id })).case;
        if (parent) await inventory.packCase({ caseId: parent, childCaseIds: [created?.id ?? ""] });
        return created?.id ?? "";
      };
      const calls: Record<string, () => Promise<unknown>> = {
        "a cycle": async () => {
          const outer = await make();
          const inner = await make(outer);
          return inventory.packCase({ caseId: inner, childCaseIds: [outer] });
        },
        "a duplicate code": async () => {
          const asset = await newAsset(db, { productId: speaker.id, locationId: warehouse.id });
          return inventory.createCase({ code: asset.tag, name: "Box", kind: CaseKind.TEMPORARY, locationId: warehouse.id });
        },
        "a stale version": async () => inventory.updateCase({ caseId: await make(), version: 7n, name: "x", kind: CaseKind.TEMPORARY }),
        "an unknown case": () => inventory.getCase({ caseId: randomUUID() }),
        "an unknown location": async () => inventory.moveCase({ caseId: await make(), locationId: randomUUID() }),
        "a retired asset": async () => {
          const asset = await newAsset(db, { productId: speaker.id, locationId: warehouse.id, status: "RETIRED" });
          return inventory.packCase({ caseId: await make(), assetIds: [asset.id] });
        },
        "an asset in another case": async () => {
          const asset = await newAsset(db, { productId: speaker.id, locationId: warehouse.id });
          await inventory.packCase({ caseId: await make(), assetIds: [asset.id] });
          return inventory.packCase({ caseId: await make(), assetIds: [asset.id] });
        },
        "a case inside another case": async () => {
          const child = await make(await make());
          return inventory.packCase({ caseId: await make(), childCaseIds: [child] });
        },
        "more bulk than is free": async () => inventory.packCase({ caseId: await make(), bulk: [{ productId: (await newProduct(db)).id, quantity: 1 }] }),
        "packing a serialized product as bulk": async () => inventory.packCase({ caseId: await make(), bulk: [{ productId: speaker.id, quantity: 1 }] }),
        "unpacking more than the case holds": async () => inventory.unpackCase({ caseId: await make(), bulk: [{ productId: cable.id, quantity: 1 }] }),
      };
      expect(await failure(calls[name]?.() ?? Promise.resolve())).toMatchObject({ code, reason });
    });
  });

  describe("kits", () => {
    const kitInput = (code: string, productId: string) => ({
      code,
      name: `Kit ${code}`,
      items: [{ productId, quantity: 2, optional: false }],
      pricing: KitPricing.AS_UNIT,
      dayRate: create(MoneySchema, { amountMinor: 1500n, currency: "EUR" }),
    });

    it("creates, gets, updates and lists kits", async () => {
      const code = uniqueCode("KIT");
      const created = (await inventory.createKit({ kit: kitInput(code, cable.id) })).kit;
      expect(created?.items).toMatchObject([{ productId: cable.id, quantity: 2, productName: cable.name }]);
      expect(created?.dayRate?.amountMinor).toBe(1500n);
      expect((await inventory.getKit({ kitId: created?.id })).kit?.code).toBe(code);
      const updated = await inventory.updateKit({ kitId: created?.id, version: 1n, kit: { ...kitInput(code, speaker.id), pricing: KitPricing.PER_ITEM } });
      expect(updated.kit).toMatchObject({ version: 2n, pricing: KitPricing.PER_ITEM });
      expect((await inventory.listKits({ query: code })).kits.map((k) => k.id)).toEqual([created?.id]);
    });

    it.each([
      ["a duplicate code", "AlreadyExists", "DUPLICATE_CODE"],
      ["an archived product", "FailedPrecondition", "PRODUCT_ARCHIVED"],
      ["an unknown product", "NotFound", "PRODUCT_NOT_FOUND"],
      ["a product twice", "InvalidArgument", "KIT_ITEM_REPEATED"],
      ["a stale version", "Aborted", "STALE_VERSION"],
      ["an unknown kit", "NotFound", "KIT_NOT_FOUND"],
      ["no items", "InvalidArgument", "VALIDATION_FAILED"],
    ])("refuses %s", async (name, code, reason) => {
      const calls: Record<string, () => Promise<unknown>> = {
        "a duplicate code": () => inventory.createKit({ kit: kitInput(cable.code, cable.id) }),
        "an archived product": async () => inventory.createKit({ kit: kitInput(uniqueCode("KIT"), (await newProduct(server.database.db, { archived: true })).id) }),
        "an unknown product": () => inventory.createKit({ kit: kitInput(uniqueCode("KIT"), randomUUID()) }),
        "a product twice": () => inventory.createKit({ kit: { ...kitInput(uniqueCode("KIT"), cable.id), items: [{ productId: cable.id, quantity: 1 }, { productId: cable.id, quantity: 1 }] } }),
        "a stale version": async () => {
          const kit = (await inventory.createKit({ kit: kitInput(uniqueCode("KIT"), cable.id) })).kit;
          return inventory.updateKit({ kitId: kit?.id, version: 5n, kit: kitInput(kit?.code ?? "", cable.id) });
        },
        "an unknown kit": () => inventory.getKit({ kitId: randomUUID() }),
        "no items": () => inventory.createKit({ kit: { ...kitInput(uniqueCode("KIT"), cable.id), items: [] } }),
      };
      expect(await failure(calls[name]?.() ?? Promise.resolve())).toMatchObject({ code, reason });
    });
  });

  describe("maintenance", () => {
    const period = () => create(TimeRangeSchema, { start: timestampFromDate(new Date(server.clock.now.getTime())), end: timestampFromDate(new Date(server.clock.now.getTime() + 3 * day)) });

    it("reports damage, repairs, closes and lists", async () => {
      const asset = await newAsset(server.database.db, { productId: speaker.id, locationId: warehouse.id });
      const damage = await inventory.createMaintenanceRecord({ assetId: asset.id, kind: MaintenanceKind.DAMAGE_REPORT, title: "Dented grille" });
      expect(damage.asset?.status).toBe(AssetStatus.DAMAGED);
      const repair = await inventory.createMaintenanceRecord({
        assetId: asset.id,
        kind: MaintenanceKind.REPAIR,
        title: "New grille",
        outOfService: period(),
        cost: create(MoneySchema, { amountMinor: 3900n, currency: "EUR" }),
      });
      expect(repair.asset?.status).toBe(AssetStatus.IN_MAINTENANCE);
      expect(repair.record?.outOfService?.end).toBeDefined();
      const done = await inventory.updateMaintenanceRecord({ recordId: repair.record?.id, version: 1n, state: MaintenanceState.DONE, notes: "fitted" });
      expect(done.record).toMatchObject({ state: MaintenanceState.DONE, notes: "fitted" });
      expect(done.asset?.status).toBe(AssetStatus.DAMAGED);
      const closed = await inventory.updateMaintenanceRecord({ recordId: damage.record?.id, version: 1n, state: MaintenanceState.DONE });
      expect(closed.asset?.status).toBe(AssetStatus.AVAILABLE);
      const listed = await inventory.listMaintenance({ assetId: asset.id, states: [MaintenanceState.DONE], pageSize: 1 });
      expect(listed.records).toHaveLength(1);
      expect(listed.nextPageToken).not.toBe("");
      const rest = await inventory.listMaintenance({ assetId: asset.id, states: [MaintenanceState.DONE], pageSize: 1, pageToken: listed.nextPageToken });
      expect([listed.records[0]?.id, rest.records[0]?.id].sort()).toEqual([damage.record?.id, repair.record?.id].sort());
      const byProduct = await inventory.listMaintenance({ productId: speaker.id, pageSize: 500 });
      expect(byProduct.records.map((r) => r.id)).toEqual(expect.arrayContaining([damage.record?.id, repair.record?.id]));
      expect((await inventory.listMaintenance({ productId: cable.id })).records).toEqual([]);
      expect(await failure(inventory.listMaintenance({ productId: "not-a-uuid" }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
    });

    it("records an inspection and lists inspections due", async () => {
      const bought = new Date(server.clock.now.getTime() - 500 * day).toISOString().slice(0, 10);
      const due = await newAsset(server.database.db, { productId: speaker.id, locationId: warehouse.id, purchaseDate: bought });
      const inspected = await newAsset(server.database.db, { productId: speaker.id, locationId: warehouse.id, purchaseDate: bought });
      const passed = await inventory.createMaintenanceRecord({ assetId: inspected.id, kind: MaintenanceKind.INSPECTION, title: "PAT", inspectionResult: InspectionResult.PASSED });
      expect(passed.record?.state).toBe(MaintenanceState.DONE);
      const list = await inventory.listInspectionsDue({ withinDays: 30 });
      const ids = list.due.map((d) => d.asset?.id);
      expect(ids).toContain(due.id);
      expect(ids).not.toContain(inspected.id);
      expect(list.due.find((d) => d.asset?.id === due.id)?.overdue).toBe(true);
    });

    it.each([
      ["a closed record", "FailedPrecondition", "MAINTENANCE_CLOSED"],
      ["a repair without a period", "InvalidArgument", "INVALID_MAINTENANCE"],
      ["a retired asset", "FailedPrecondition", "ASSET_RETIRED"],
      ["an unknown asset", "NotFound", "ASSET_NOT_FOUND"],
      ["an unknown record", "NotFound", "MAINTENANCE_RECORD_NOT_FOUND"],
      ["a stale version", "Aborted", "STALE_VERSION"],
      ["a step backwards", "FailedPrecondition", "MAINTENANCE_INVALID_TRANSITION"],
    ])("refuses %s", async (name, code, reason) => {
      const db = server.database.db;
      const asset = await newAsset(db, { productId: speaker.id, locationId: warehouse.id });
      const calls: Record<string, () => Promise<unknown>> = {
        "a closed record": async () => {
          const id = await newMaintenanceRecord(db, { assetId: asset.id, kind: "DAMAGE_REPORT", state: "CANCELLED" });
          return inventory.updateMaintenanceRecord({ recordId: id, version: 1n, notes: "x" });
        },
        "a repair without a period": () => inventory.createMaintenanceRecord({ assetId: asset.id, kind: MaintenanceKind.REPAIR, title: "Fix" }),
        "a retired asset": async () => {
          const retired = await newAsset(db, { productId: speaker.id, locationId: warehouse.id, status: "RETIRED" });
          return inventory.createMaintenanceRecord({ assetId: retired.id, kind: MaintenanceKind.DAMAGE_REPORT, title: "x" });
        },
        "an unknown asset": () => inventory.createMaintenanceRecord({ assetId: randomUUID(), kind: MaintenanceKind.DAMAGE_REPORT, title: "x" }),
        "an unknown record": () => inventory.updateMaintenanceRecord({ recordId: randomUUID(), version: 1n }),
        "a stale version": async () => {
          const id = await newMaintenanceRecord(db, { assetId: asset.id, kind: "DAMAGE_REPORT" });
          return inventory.updateMaintenanceRecord({ recordId: id, version: 3n, notes: "x" });
        },
        "a step backwards": async () => {
          const id = await newMaintenanceRecord(db, { assetId: asset.id, kind: "DAMAGE_REPORT", state: "IN_PROGRESS" });
          return inventory.updateMaintenanceRecord({ recordId: id, version: 1n, state: MaintenanceState.OPEN });
        },
      };
      expect(await failure(calls[name]?.() ?? Promise.resolve())).toMatchObject({ code, reason });
    });
  });
});

describe("permissions", () => {
  it("needs stock.manage to record a movement", async () => {
    const admin = authClient(server.url, "connect-json-h1", token);
    const roles = await admin.listRoles({});
    const viewer = roles.roles.find((r) => !r.permissions.includes("stock.manage") && r.permissions.includes("inventory.read"));
    expect(viewer).toBeDefined();
    const email = `${randomUUID().slice(0, 8)}@example.com`;
    await admin.createUser({ email, displayName: "Viewer", roleIds: [viewer?.id ?? ""], password: "a-long-password-1" });
    const login = await authClient(server.url).login({ email, password: "a-long-password-1" });
    const inventory = createClient(InventoryService, transport(server.url, "connect-json-h1", login.tokens?.accessToken));
    expect((await inventory.listStock({})).levels).toBeDefined();
    expect(await failure(inventory.recordStockMovement({ productId: cable.id, kind: StockMovementKind.RECEIVE, toLocationId: warehouse.id, quantity: 1 }))).toMatchObject({
      code: "PermissionDenied",
      reason: "PERMISSION_DENIED",
    });
  });
});
