import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/db.js";
import {
  assetRow,
  caller,
  historyOf,
  movementsOf,
  newAsset,
  newLocation,
  newProduct,
  newStock,
  rejectionCode,
  stockLevel,
  type LocationRow,
  type ProductRow,
} from "../../test/support/warehouse-factories.js";
import { formatCaseCode } from "../domain/case.js";
import { levelsFromLedger } from "../domain/stock.js";
import { isCaseCycleViolation } from "../store/case.store.js";
import type { DatabaseHandle } from "../store/db.js";
import { CaseService } from "./case.service.js";

let database: DatabaseHandle;
let cases: CaseService;
const staff = caller();
let store: LocationRow;
let shelf: LocationRow;
let venue: LocationRow;
let speaker: ProductRow;
let cable: ProductRow;

beforeAll(async () => {
  database = await createTestDatabase();
  cases = new CaseService({ db: database.db, now: () => new Date() });
  store = await newLocation(database.db);
  shelf = await newLocation(database.db, { parent: store, kind: "SHELF" });
  venue = await newLocation(database.db);
  speaker = await newProduct(database.db, { tracking: "SERIALIZED" });
  cable = await newProduct(database.db, { tracking: "BULK" });
});
afterAll(async () => {
  await database.close();
});

const create = (o: { code?: string; locationId?: string; name?: string } = {}) =>
  cases.createCase(staff, { code: o.code ?? "", name: o.name ?? "Flight case", kind: "TEMPORARY", locationId: o.locationId ?? store.id });
const pack = (caseId: string, o: { assetIds?: string[]; bulk?: { productId: string; quantity: number }[]; childCaseIds?: string[] }) =>
  cases.packCase(staff, { caseId, assetIds: o.assetIds ?? [], bulk: o.bulk ?? [], childCaseIds: o.childCaseIds ?? [] });
const unpack = (caseId: string, o: { assetIds?: string[]; bulk?: { productId: string; quantity: number }[]; childCaseIds?: string[]; all?: boolean }) =>
  cases.unpackCase(staff, { caseId, assetIds: o.assetIds ?? [], bulk: o.bulk ?? [], childCaseIds: o.childCaseIds ?? [], all: o.all ?? false });

describe("creating and renaming", () => {
  it("generates the next free code, skipping ones typed in by hand", async () => {
    const first = await create();
    expect(first.code).toMatch(/^C\d{6}$/);
    const n = Number(first.code.slice(1));
    await create({ code: formatCaseCode(n + 1) });
    const third = await create();
    expect(third.code).toBe(formatCaseCode(n + 2));
  });

  it("keeps codes unique across every scannable code, case-insensitively", async () => {
    const asset = await newAsset(database.db, { productId: speaker.id, locationId: store.id, tag: "SPK-0042" });
    expect(await rejectionCode(create({ code: asset.tag.toLowerCase() }))).toBe("DUPLICATE_CODE");
    await create({ code: "RACK-1" });
    expect(await rejectionCode(create({ code: "rack-1" }))).toBe("DUPLICATE_CODE");
    expect(await rejectionCode(create({ code: speaker.code }))).toBe("DUPLICATE_CODE");
  });

  it("needs a usable location", async () => {
    expect(await rejectionCode(create({ locationId: randomUUID() }))).toBe("LOCATION_NOT_FOUND");
    const closed = await newLocation(database.db, { archived: true });
    expect(await rejectionCode(create({ locationId: closed.id }))).toBe("LOCATION_ARCHIVED");
  });

  it("updates with the version it read", async () => {
    const created = await create();
    const renamed = await cases.updateCase(staff, { caseId: created.id, version: created.version, name: "Amp rack", kind: "PERMANENT" });
    expect(renamed).toMatchObject({ name: "Amp rack", kind: "PERMANENT", version: created.version + 1 });
    expect(await rejectionCode(cases.updateCase(staff, { caseId: created.id, version: created.version, name: "Old", kind: "TEMPORARY" }))).toBe("STALE_VERSION");
    expect(await rejectionCode(cases.updateCase(staff, { caseId: randomUUID(), version: 1, name: "x", kind: "TEMPORARY" }))).toBe("CASE_NOT_FOUND");
  });

  it("needs inventory.manage to change, inventory.read to look", async () => {
    expect(await rejectionCode(cases.createCase(caller(["inventory.read"]), { code: "", name: "x", kind: "TEMPORARY", locationId: store.id }))).toBe("PERMISSION_DENIED");
    expect(await rejectionCode(cases.getCase(caller([]), randomUUID()))).toBe("PERMISSION_DENIED");
  });
});

describe("packing assets", () => {
  it("puts assets in, at the case's location, with CASE and LOCATION history", async () => {
    const box = await create({ locationId: shelf.id });
    const here = await newAsset(database.db, { productId: speaker.id, locationId: shelf.id });
    const elsewhere = await newAsset(database.db, { productId: speaker.id, locationId: venue.id });
    const detail = await pack(box.id, { assetIds: [here.id, elsewhere.id] });
    expect(detail.contents.assets.map((a) => a.id).sort()).toEqual([here.id, elsewhere.id].sort());
    expect(await assetRow(database.db, elsewhere.id)).toMatchObject({ caseId: box.id, locationId: shelf.id });
    expect(await historyOf(database.db, elsewhere.id)).toEqual([
      { kind: "CASE", fromValue: "", toValue: box.id, reason: `packed into case ${box.code}`, actorUserId: staff.principal.userId, sourceType: "case", sourceId: box.id },
      { kind: "LOCATION", fromValue: venue.id, toValue: shelf.id, reason: `packed into case ${box.code}`, actorUserId: staff.principal.userId, sourceType: "case", sourceId: box.id },
    ]);
    expect((await historyOf(database.db, here.id)).map((h) => h.kind)).toEqual(["CASE"]);
    // Packing again is a no-op, not a second history row.
    await pack(box.id, { assetIds: [here.id] });
    expect(await historyOf(database.db, here.id)).toHaveLength(1);
  });

  it.each([
    ["a retired asset", "ASSET_RETIRED"],
    ["an asset in another case", "ASSET_IN_OTHER_CASE"],
    ["an unknown asset", "ASSET_NOT_FOUND"],
    ["an unknown case", "CASE_NOT_FOUND"],
  ])("refuses %s: %s", async (name, expected) => {
    const box = await create();
    const other = await create();
    const retired = await newAsset(database.db, { productId: speaker.id, locationId: store.id, status: "RETIRED" });
    const taken = await newAsset(database.db, { productId: speaker.id, locationId: store.id, caseId: other.id });
    const free = await newAsset(database.db, { productId: speaker.id, locationId: store.id });
    const attempt = {
      "a retired asset": () => pack(box.id, { assetIds: [free.id, retired.id] }),
      "an asset in another case": () => pack(box.id, { assetIds: [free.id, taken.id] }),
      "an unknown asset": () => pack(box.id, { assetIds: [free.id, randomUUID()] }),
      "an unknown case": () => pack(randomUUID(), { assetIds: [free.id] }),
    }[name];
    expect(await rejectionCode(attempt?.() ?? Promise.resolve())).toBe(expected);
    expect((await assetRow(database.db, free.id)).caseId).toBeNull();
  });
});

describe("packing bulk", () => {
  it("packs only what is at the location and not in other cases", async () => {
    const site = await newLocation(database.db);
    await newStock(database.db, cable.id, site.id, 10);
    const a = await create({ locationId: site.id });
    const b = await create({ locationId: site.id });
    await pack(a.id, { bulk: [{ productId: cable.id, quantity: 4 }, { productId: cable.id, quantity: 2 }] });
    expect(await rejectionCode(pack(b.id, { bulk: [{ productId: cable.id, quantity: 5 }] }))).toBe("INSUFFICIENT_STOCK");
    const detail = await pack(b.id, { bulk: [{ productId: cable.id, quantity: 4 }] });
    expect(detail.contents.bulk).toEqual([{ productId: cable.id, quantity: 4, productName: cable.name }]);
    expect(await rejectionCode(pack(a.id, { bulk: [{ productId: cable.id, quantity: 1 }] }))).toBe("INSUFFICIENT_STOCK");
  });

  it("refuses serialized and unknown products", async () => {
    const box = await create();
    expect(await rejectionCode(pack(box.id, { bulk: [{ productId: speaker.id, quantity: 1 }] }))).toBe("NOT_BULK");
    expect(await rejectionCode(pack(box.id, { bulk: [{ productId: randomUUID(), quantity: 1 }] }))).toBe("PRODUCT_NOT_FOUND");
  });
});

describe("nesting", () => {
  it("puts cases in cases and reports ancestors outermost first", async () => {
    const truck = await create({ name: "Truck pack" });
    const dolly = await create({ name: "Dolly" });
    const rack = await create({ name: "Rack" });
    await pack(dolly.id, { childCaseIds: [rack.id] });
    const detail = await pack(truck.id, { childCaseIds: [dolly.id] });
    expect(detail.contents.cases.map((c) => c.id)).toEqual([dolly.id]);
    const got = await cases.getCase(staff, rack.id);
    expect(got.ancestorIds).toEqual([truck.id, dolly.id]);
    expect(got.case.parentCaseId).toBe(dolly.id);
  });

  it("never puts a case inside itself or its contents", async () => {
    const outer = await create();
    const middle = await create();
    const inner = await create();
    await pack(outer.id, { childCaseIds: [middle.id] });
    await pack(middle.id, { childCaseIds: [inner.id] });
    expect(await rejectionCode(pack(outer.id, { childCaseIds: [outer.id] }))).toBe("CASE_CYCLE");
    expect(await rejectionCode(pack(middle.id, { childCaseIds: [outer.id] }))).toBe("CASE_CYCLE");
    expect(await rejectionCode(pack(inner.id, { childCaseIds: [outer.id] }))).toBe("CASE_CYCLE");
    expect((await cases.getCase(staff, outer.id)).case.parentCaseId).toBeNull();
  });

  it("asks to unpack a case from its parent before packing it elsewhere", async () => {
    const first = await create();
    const second = await create();
    const child = await create();
    await pack(first.id, { childCaseIds: [child.id] });
    expect(await rejectionCode(pack(second.id, { childCaseIds: [child.id] }))).toBe("CASE_IN_OTHER_CASE");
    await unpack(first.id, { childCaseIds: [child.id] });
    await pack(second.id, { childCaseIds: [child.id] });
  });

  it("lets only one of two opposite nestings win when they race", async () => {
    const a = await create();
    const b = await create();
    const outcomes = await Promise.all([rejectionCode(pack(a.id, { childCaseIds: [b.id] })), rejectionCode(pack(b.id, { childCaseIds: [a.id] }))]);
    expect(outcomes.sort()).toEqual(["CASE_CYCLE", "resolved"]);
  });

  it("has the database trigger as the last line", async () => {
    const a = await create();
    const b = await create();
    await pack(a.id, { childCaseIds: [b.id] });
    let caught: unknown;
    try {
      await sql`UPDATE equipment_case SET parent_case_id = ${b.id} WHERE id = ${a.id}`.execute(database.db);
    } catch (error) {
      caught = error;
    }
    expect(isCaseCycleViolation(caught)).toBe(true);
  });

  it("brings a packed case, its assets and its bulk to the parent's location", async () => {
    const from = await newLocation(database.db);
    const to = await newLocation(database.db);
    await newStock(database.db, cable.id, from.id, 6);
    const parent = await create({ locationId: to.id });
    const child = await create({ locationId: from.id });
    const grandchild = await create({ locationId: from.id });
    await pack(child.id, { childCaseIds: [grandchild.id], bulk: [{ productId: cable.id, quantity: 5 }] });
    const asset = await newAsset(database.db, { productId: speaker.id, locationId: from.id });
    await pack(grandchild.id, { assetIds: [asset.id] });
    await pack(parent.id, { childCaseIds: [child.id] });
    expect((await cases.getCase(staff, grandchild.id)).case.locationId).toBe(to.id);
    expect(await assetRow(database.db, asset.id)).toMatchObject({ locationId: to.id, caseId: grandchild.id });
    expect((await historyOf(database.db, asset.id)).at(-1)).toMatchObject({ kind: "LOCATION", fromValue: from.id, toValue: to.id, sourceType: "case", sourceId: parent.id });
    expect(await stockLevel(database.db, cable.id, from.id)).toBe(1);
    expect(await stockLevel(database.db, cable.id, to.id)).toBe(5);
  });
});

describe("unpacking", () => {
  it("takes selected items out; they stay where the case is", async () => {
    const site = await newLocation(database.db);
    await newStock(database.db, cable.id, site.id, 8);
    const box = await create({ locationId: site.id });
    const child = await create({ locationId: site.id });
    const one = await newAsset(database.db, { productId: speaker.id, locationId: site.id });
    const two = await newAsset(database.db, { productId: speaker.id, locationId: site.id });
    await pack(box.id, { assetIds: [one.id, two.id], bulk: [{ productId: cable.id, quantity: 8 }], childCaseIds: [child.id] });
    const after = await unpack(box.id, { assetIds: [one.id], bulk: [{ productId: cable.id, quantity: 3 }] });
    expect(after.contents.assets.map((a) => a.id)).toEqual([two.id]);
    expect(after.contents.bulk.map((b) => b.quantity)).toEqual([5]);
    expect(await assetRow(database.db, one.id)).toMatchObject({ caseId: null, locationId: site.id });
    expect((await historyOf(database.db, one.id)).at(-1)).toMatchObject({ kind: "CASE", fromValue: box.id, toValue: "", sourceType: "case", sourceId: box.id });
    expect(await rejectionCode(unpack(box.id, { bulk: [{ productId: cable.id, quantity: 6 }] }))).toBe("INVALID_QUANTITY");
    expect(await rejectionCode(unpack(box.id, { assetIds: [one.id] }))).toBe("ASSET_NOT_FOUND");
    const emptied = await unpack(box.id, { all: true });
    expect(emptied.contents).toEqual({ assets: [], bulk: [], cases: [] });
    expect((await cases.getCase(staff, child.id)).case.parentCaseId).toBeNull();
    expect(await stockLevel(database.db, cable.id, site.id)).toBe(8);
  });
});

describe("moving", () => {
  it("moves the case, nested cases and all their assets and bulk in one go", async () => {
    const from = await newLocation(database.db);
    const to = await newLocation(database.db);
    await newStock(database.db, cable.id, from.id, 10);
    const truck = await create({ locationId: from.id });
    const rack = await create({ locationId: from.id });
    const assets = await Promise.all([1, 2, 3].map(() => newAsset(database.db, { productId: speaker.id, locationId: from.id })));
    const [a0, a1, a2] = assets.map((a) => a.id);
    await pack(rack.id, { assetIds: [a0 ?? "", a1 ?? ""], bulk: [{ productId: cable.id, quantity: 4 }] });
    await pack(truck.id, { assetIds: [a2 ?? ""], childCaseIds: [rack.id], bulk: [{ productId: cable.id, quantity: 2 }] });
    const moved = await cases.moveCase(staff, { caseId: truck.id, locationId: to.id, reason: "load-in" });
    expect(moved.assetsMoved).toBe(3);
    expect(moved.case.locationId).toBe(to.id);
    expect((await cases.getCase(staff, rack.id)).case.locationId).toBe(to.id);
    for (const a of assets) {
      expect((await assetRow(database.db, a.id)).locationId).toBe(to.id);
      expect((await historyOf(database.db, a.id)).at(-1)).toEqual({ kind: "LOCATION", fromValue: from.id, toValue: to.id, reason: "load-in", actorUserId: staff.principal.userId, sourceType: "case", sourceId: truck.id });
    }
    expect(await stockLevel(database.db, cable.id, from.id)).toBe(4);
    expect(await stockLevel(database.db, cable.id, to.id)).toBe(6);
    const ledger = await movementsOf(database.db, cable.id);
    expect(ledger.filter((m) => m.kind === "TRANSFER" && m.fromLocationId === from.id && m.toLocationId === to.id).map((m) => m.quantity)).toEqual([6]);
    const replayed = levelsFromLedger(ledger);
    expect(replayed.get(from.id)).toBe(4);
    expect(replayed.get(to.id)).toBe(6);
  });

  it("takes a nested case out of its parent", async () => {
    const dolly = await create();
    const box = await create();
    await pack(dolly.id, { childCaseIds: [box.id] });
    const moved = await cases.moveCase(staff, { caseId: box.id, locationId: venue.id, reason: "" });
    expect(moved.case).toMatchObject({ parentCaseId: null, locationId: venue.id });
    expect((await cases.getCase(staff, dolly.id)).contents.cases).toEqual([]);
  });

  it("refuses unknown cases and unusable locations", async () => {
    const box = await create();
    const closed = await newLocation(database.db, { archived: true });
    expect(await rejectionCode(cases.moveCase(staff, { caseId: randomUUID(), locationId: venue.id, reason: "" }))).toBe("CASE_NOT_FOUND");
    expect(await rejectionCode(cases.moveCase(staff, { caseId: box.id, locationId: randomUUID(), reason: "" }))).toBe("LOCATION_NOT_FOUND");
    expect(await rejectionCode(cases.moveCase(staff, { caseId: box.id, locationId: closed.id, reason: "" }))).toBe("LOCATION_ARCHIVED");
  });
});

describe("listing", () => {
  it("pages by code, filters by text and by location with its sub-locations", async () => {
    const site = await newLocation(database.db);
    const bay = await newLocation(database.db, { parent: site, kind: "ZONE" });
    const codes = ["LST-A", "LST-B", "LST-C", "LST-D", "LST-E"];
    for (const [i, code] of codes.entries()) await create({ code, locationId: i % 2 ? bay.id : site.id, name: i === 2 ? "Special mic case" : "Case" });
    const seen: string[] = [];
    let pageToken = "";
    do {
      const page = await cases.listCases(staff, { pageSize: 2, pageToken, locationId: site.id, query: "" });
      seen.push(...page.cases.map((c) => c.code));
      pageToken = page.nextPageToken;
    } while (pageToken !== "");
    expect(seen).toEqual(codes);
    expect((await cases.listCases(staff, { pageSize: 0, pageToken: "", locationId: bay.id, query: "" })).cases.map((c) => c.code)).toEqual(["LST-B", "LST-D"]);
    expect((await cases.listCases(staff, { pageSize: 0, pageToken: "", locationId: undefined, query: "mic" })).cases.map((c) => c.code)).toEqual(["LST-C"]);
    expect((await cases.listCases(staff, { pageSize: 0, pageToken: "", locationId: undefined, query: "lst-e" })).cases.map((c) => c.code)).toEqual(["LST-E"]);
    expect((await cases.listCases(staff, { pageSize: 0, pageToken: "", locationId: undefined, query: "%" })).cases).toEqual([]);
  });
});
