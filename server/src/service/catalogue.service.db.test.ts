import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProductDraft } from "../domain/catalogue.js";
import { parseCsvText } from "../domain/csv.js";
import type { DatabaseHandle } from "../store/db.js";
import {
  manager,
  newAccessory,
  newAsset,
  newCase,
  newCategory,
  newKit,
  newLocation,
  newProduct,
  newStock,
  reader,
  uniqueCode,
} from "../../test/support/catalogue-factories.js";
import { createTestDatabase } from "../../test/support/db.js";
import { LocalFileStorage } from "../store/file-storage.js";
import { CatalogueService } from "./catalogue.service.js";

let database: DatabaseHandle;
let service: CatalogueService;
const clock = { now: new Date("2026-03-01T10:00:00Z") };
const ctx = manager();

beforeAll(async () => {
  database = await createTestDatabase();
  service = new CatalogueService({ db: database.db, now: () => clock.now, storage: new LocalFileStorage(await mkdtemp(path.join(tmpdir(), "eventkit-catalogue-"))) });
});
afterAll(async () => {
  await database.close();
});

/** The error code a promise rejects with. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; metadata: Record<string, string> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; metadata?: Record<string, string> };
    return { code: e.code ?? String(error), metadata: e.metadata ?? {} };
  }
  return { code: "resolved", metadata: {} };
}

async function reason(promise: Promise<unknown>): Promise<string> {
  return (await refusal(promise)).code;
}

function draft(overrides: Partial<ProductDraft> = {}): ProductDraft {
  return {
    code: uniqueCode("PR"),
    name: uniqueCode("Product"),
    description: "",
    categoryId: null,
    tracking: "SERIALIZED",
    dayRate: { amountMinor: 4500n, currency: "EUR" },
    replacementValue: { amountMinor: 0n, currency: "EUR" },
    dimensions: { weightGrams: 0, lengthMm: 0, widthMm: 0, heightMm: 0 },
    tags: [],
    customFields: {},
    accessories: [],
    inspectionIntervalDays: 0,
    archived: false,
    ...overrides,
  };
}

async function count(table: string, where = sql`true`): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(database.db);
  return rows[0]?.n ?? -1;
}

describe("categories", () => {
  it("lists depth-first with the path from the root", async () => {
    const root = await service.createCategory(ctx, { name: "Zz Lighting", parentId: null });
    const spots = await service.createCategory(ctx, { name: "Spots", parentId: root.id });
    const heads = await service.createCategory(ctx, { name: "Moving heads", parentId: root.id });
    expect(spots.path).toEqual(["Zz Lighting", "Spots"]);
    const listed = (await service.listCategories(reader())).filter((c) => c.path[0] === "Zz Lighting");
    expect(listed.map((c) => [c.id, c.path.join(" > ")])).toEqual([
      [root.id, "Zz Lighting"],
      [heads.id, "Zz Lighting > Moving heads"],
      [spots.id, "Zz Lighting > Spots"],
    ]);
  });

  it("refuses a sibling with the same name, an unknown parent, and readers", async () => {
    const root = await service.createCategory(ctx, { name: uniqueCode("Audio"), parentId: null });
    await service.createCategory(ctx, { name: "Speakers", parentId: root.id });
    expect(await reason(service.createCategory(ctx, { name: " speakers ", parentId: root.id }))).toBe("DUPLICATE_NAME");
    expect(await reason(service.createCategory(ctx, { name: "X", parentId: "00000000-0000-4000-8000-000000000001" }))).toBe("CATEGORY_NOT_FOUND");
    expect(await reason(service.createCategory(reader(), { name: "X", parentId: null }))).toBe("PERMISSION_DENIED");
  });

  it("moves and renames, but never under itself, and checks the version", async () => {
    const a = await service.createCategory(ctx, { name: uniqueCode("A"), parentId: null });
    const b = await service.createCategory(ctx, { name: "B", parentId: a.id });
    const c = await service.createCategory(ctx, { name: "C", parentId: b.id });
    expect(await reason(service.updateCategory(ctx, { categoryId: a.id, version: a.version, name: a.name, parentId: c.id }))).toBe("CATEGORY_CYCLE");
    expect(await reason(service.updateCategory(ctx, { categoryId: a.id, version: a.version, name: a.name, parentId: a.id }))).toBe("CATEGORY_CYCLE");
    const moved = await service.updateCategory(ctx, { categoryId: c.id, version: c.version, name: "C2", parentId: a.id });
    expect(moved).toMatchObject({ parentId: a.id, path: [a.name, "C2"], version: c.version + 1 });
    expect(await reason(service.updateCategory(ctx, { categoryId: c.id, version: c.version, name: "C3", parentId: a.id }))).toBe("STALE_VERSION");
    expect(await reason(service.updateCategory(ctx, { categoryId: b.id, version: b.version, name: "c2", parentId: a.id }))).toBe("DUPLICATE_NAME");
  });

  it("never lets two concurrent moves put categories under each other", async () => {
    const a = await service.createCategory(ctx, { name: uniqueCode("RaceA"), parentId: null });
    const b = await service.createCategory(ctx, { name: uniqueCode("RaceB"), parentId: null });
    const outcomes = await Promise.allSettled([
      service.updateCategory(ctx, { categoryId: a.id, version: a.version, name: a.name, parentId: b.id }),
      service.updateCategory(ctx, { categoryId: b.id, version: b.version, name: b.name, parentId: a.id }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.find((o) => o.status === "rejected")).toMatchObject({ reason: { code: "CATEGORY_CYCLE" } });
  });

  it("is deleted only when no product or subcategory uses it", async () => {
    const parent = await service.createCategory(ctx, { name: uniqueCode("Del"), parentId: null });
    const child = await service.createCategory(ctx, { name: "Child", parentId: parent.id });
    const product = await newProduct(database.db, { categoryId: child.id });
    expect(await refusal(service.deleteCategory(ctx, parent.id))).toEqual({ code: "CATEGORY_IN_USE", metadata: { categoryId: parent.id, products: "0", children: "1" } });
    expect((await refusal(service.deleteCategory(ctx, child.id))).metadata).toMatchObject({ products: "1" });
    await database.db.deleteFrom("product").where("id", "=", product.id).execute();
    await service.deleteCategory(ctx, child.id);
    await service.deleteCategory(ctx, parent.id);
    expect(await reason(service.deleteCategory(ctx, parent.id))).toBe("CATEGORY_NOT_FOUND");
  });
});

describe("locations", () => {
  it("derives the warehouse from the parent chain and lists depth-first", async () => {
    const warehouse = await service.createLocation(ctx, { name: "Berlin", code: uniqueCode("BER"), kind: "WAREHOUSE", parentId: null, address: "Hall 3" });
    expect(warehouse.warehouseId).toBe(warehouse.id);
    const zone = await service.createLocation(ctx, { name: "Zone A", code: uniqueCode("BER-A"), kind: "ZONE", parentId: warehouse.id, address: "" });
    const shelf = await service.createLocation(ctx, { name: "Shelf 3", code: uniqueCode("BER-A-03"), kind: "SHELF", parentId: zone.id, address: "" });
    expect(shelf).toMatchObject({ parentId: zone.id, warehouseId: warehouse.id, archived: false, version: 1 });
    const ids = (await service.listLocations(reader(), { includeArchived: false })).map((l) => l.id);
    expect(ids.indexOf(warehouse.id)).toBeLessThan(ids.indexOf(zone.id));
    expect(ids.indexOf(zone.id)).toBeLessThan(ids.indexOf(shelf.id));
  });

  it("refuses a duplicate code, an unknown or archived parent, and a zone on a shelf", async () => {
    const warehouse = await newLocation(database.db);
    const shelf = await newLocation(database.db, { parent: warehouse, kind: "SHELF" });
    const archived = await newLocation(database.db, { parent: warehouse, archived: true });
    expect(await refusal(service.createLocation(ctx, { name: "x", code: warehouse.code.toLowerCase(), kind: "WAREHOUSE", parentId: null, address: "" }))).toMatchObject({ code: "DUPLICATE_CODE" });
    expect(await reason(service.createLocation(ctx, { name: "x", code: uniqueCode(), kind: "ZONE", parentId: "00000000-0000-4000-8000-000000000002", address: "" }))).toBe("LOCATION_NOT_FOUND");
    expect(await reason(service.createLocation(ctx, { name: "x", code: uniqueCode(), kind: "SHELF", parentId: archived.id, address: "" }))).toBe("LOCATION_ARCHIVED");
    expect(await reason(service.createLocation(ctx, { name: "x", code: uniqueCode(), kind: "ZONE", parentId: shelf.id, address: "" }))).toBe("INVALID_LOCATION_KIND");
  });

  it("archives a subtree, hides it from the list, and restores only under a live parent", async () => {
    const warehouse = await newLocation(database.db);
    const zone = await newLocation(database.db, { parent: warehouse });
    const bin = await newLocation(database.db, { parent: zone, kind: "BIN" });
    const archivedZone = await service.updateLocation(ctx, { locationId: zone.id, version: 1, name: "Old zone", address: "", archived: true });
    expect(archivedZone).toMatchObject({ archived: true, version: 2, name: "Old zone" });
    const visible = (await service.listLocations(reader(), { includeArchived: false })).map((l) => l.id);
    expect(visible).toContain(warehouse.id);
    expect(visible).not.toContain(zone.id);
    expect(visible).not.toContain(bin.id);
    const all = await service.listLocations(reader(), { includeArchived: true });
    expect(all.find((l) => l.id === bin.id)).toMatchObject({ archived: true, version: 2 });
    expect(await reason(service.updateLocation(ctx, { locationId: bin.id, version: 2, name: "Bin", address: "", archived: false }))).toBe("LOCATION_ARCHIVED");
    expect(await reason(service.updateLocation(ctx, { locationId: zone.id, version: 1, name: "Zone", address: "", archived: false }))).toBe("STALE_VERSION");
    await service.updateLocation(ctx, { locationId: zone.id, version: 2, name: "Zone", address: "", archived: false });
  });
});

describe("products", () => {
  it("creates with accessories, normalized tags and custom fields as written", async () => {
    const category = await newCategory(database.db);
    const cable = await newProduct(database.db, { tracking: "BULK" });
    const created = await service.createProduct(
      ctx,
      draft({
        categoryId: category.id,
        tags: [" LED ", "led", "Outdoor"],
        customFields: { dmx_mode: "16ch", "Power Draw": "300W" },
        accessories: [{ productId: cable.id, quantity: 2, charged: true }],
        dimensions: { weightGrams: 21000, lengthMm: 400, widthMm: 300, heightMm: 600 },
      }),
    );
    expect(created).toMatchObject({
      categoryId: category.id,
      tags: ["led", "outdoor"],
      customFields: { dmx_mode: "16ch", "Power Draw": "300W" },
      accessories: [{ productId: cable.id, quantity: 2, charged: true, productName: cable.name }],
      volumeCm3: 72000n,
      version: 1,
      quantityOwned: 0,
      createdAt: clock.now,
    });
  });

  it("refuses a code used by anything scannable, an unknown category or accessory, and bad money", async () => {
    const warehouse = await newLocation(database.db);
    const product = await newProduct(database.db);
    const asset = await newAsset(database.db, { productId: product.id, locationId: warehouse.id });
    const kase = await newCase(database.db, { locationId: warehouse.id });
    expect(await refusal(service.createProduct(ctx, draft({ code: asset.tag.toUpperCase() })))).toMatchObject({ code: "DUPLICATE_CODE", metadata: { kind: "ASSET" } });
    expect(await refusal(service.createProduct(ctx, draft({ code: kase.code })))).toMatchObject({ code: "DUPLICATE_CODE", metadata: { kind: "CASE" } });
    expect(await reason(service.createProduct(ctx, draft({ code: product.code })))).toBe("DUPLICATE_CODE");
    expect(await reason(service.createProduct(ctx, draft({ categoryId: "00000000-0000-4000-8000-000000000003" })))).toBe("CATEGORY_NOT_FOUND");
    expect(await refusal(service.createProduct(ctx, draft({ accessories: [{ productId: "00000000-0000-4000-8000-000000000004", quantity: 1, charged: false }] })))).toMatchObject({
      code: "PRODUCT_NOT_FOUND",
      metadata: { productId: "00000000-0000-4000-8000-000000000004" },
    });
    expect(await reason(service.createProduct(ctx, draft({ dayRate: { amountMinor: -1n, currency: "EUR" } })))).toBe("INVALID_MONEY");
    expect(await reason(service.createProduct(ctx, draft({ accessories: [{ productId: product.id, quantity: 1, charged: false }, { productId: product.id, quantity: 2, charged: false }] })))).toBe(
      "DUPLICATE_ACCESSORY",
    );
  });

  it("gets a product with stock per location and assets by status", async () => {
    const warehouse = await newLocation(database.db);
    const shelf = await newLocation(database.db, { parent: warehouse, kind: "SHELF" });
    const spot = await newProduct(database.db);
    for (const status of ["AVAILABLE", "AVAILABLE", "DAMAGED", "RETIRED", "LOST"] as const) await newAsset(database.db, { productId: spot.id, locationId: warehouse.id, status });
    const cable = await newProduct(database.db, { tracking: "BULK" });
    await newStock(database.db, cable.id, warehouse.id, 40);
    await newStock(database.db, cable.id, shelf.id, 2);
    const gotSpot = await service.getProduct(reader(), spot.id);
    expect(gotSpot.product.quantityOwned).toBe(3);
    expect(gotSpot.assetsByStatus).toEqual({ AVAILABLE: 2, DAMAGED: 1, RETIRED: 1, LOST: 1 });
    const gotCable = await service.getProduct(reader(), cable.id);
    expect(gotCable.product.quantityOwned).toBe(42);
    expect(gotCable.stock.map((s) => [s.locationId, s.quantity]).sort()).toEqual([[shelf.id, 2], [warehouse.id, 40]].sort());
    expect(await reason(service.getProduct(reader(), "00000000-0000-4000-8000-000000000005"))).toBe("PRODUCT_NOT_FOUND");
  });

  it("updates the fields of the mask only, with the version", async () => {
    const created = await service.createProduct(ctx, draft({ description: "keep me" }));
    clock.now = new Date("2026-03-02T10:00:00Z");
    const updated = await service.updateProduct(ctx, {
      productId: created.id,
      version: created.version,
      product: draft({ name: "Renamed", description: "ignored", dimensions: { weightGrams: 5, lengthMm: 9, widthMm: 9, heightMm: 9 } }),
      paths: ["name", "dimensions.weight_grams"],
    });
    expect(updated).toMatchObject({ name: "Renamed", description: "keep me", code: created.code, dimensions: { weightGrams: 5, lengthMm: 0 }, version: 2, updatedAt: clock.now });
    expect(await reason(service.updateProduct(ctx, { productId: created.id, version: 1, product: draft(), paths: ["name"] }))).toBe("STALE_VERSION");
    expect(await reason(service.updateProduct(ctx, { productId: created.id, version: 2, product: draft(), paths: ["colour"] }))).toBe("INVALID_UPDATE_MASK");
    expect(await reason(service.updateProduct(ctx, { productId: "00000000-0000-4000-8000-000000000006", version: 1, product: draft(), paths: ["name"] }))).toBe("PRODUCT_NOT_FOUND");
  });

  it("locks tracking once assets or stock exist", async () => {
    const warehouse = await newLocation(database.db);
    const empty = await newProduct(database.db);
    const changed = await service.updateProduct(ctx, { productId: empty.id, version: 1, product: draft({ tracking: "BULK" }), paths: ["tracking"] });
    expect(changed.tracking).toBe("BULK");
    await newStock(database.db, empty.id, warehouse.id, 0);
    expect(await refusal(service.updateProduct(ctx, { productId: empty.id, version: 2, product: draft({ tracking: "SERIALIZED" }), paths: ["tracking"] }))).toMatchObject({
      code: "TRACKING_LOCKED",
      metadata: { from: "BULK", to: "SERIALIZED" },
    });
  });

  it("refuses accessories that are the product itself or close a loop anywhere in the graph", async () => {
    const a = await newProduct(database.db, { code: uniqueCode("A") });
    const b = await newProduct(database.db, { code: uniqueCode("B") });
    const c = await newProduct(database.db, { code: uniqueCode("C") });
    await newAccessory(database.db, b.id, c.id);
    await newAccessory(database.db, c.id, a.id);
    const set = (productId: string, version: number, ids: string[]) =>
      service.updateProduct(ctx, { productId, version, product: draft({ accessories: ids.map((id) => ({ productId: id, quantity: 1, charged: false })) }), paths: ["accessories"] });
    expect(await reason(set(a.id, 1, [a.id]))).toBe("ACCESSORY_OF_ITSELF");
    const loop = await refusal(set(a.id, 1, [b.id]));
    expect(loop.code).toBe("ACCESSORY_CYCLE");
    expect(loop.metadata.path).toBe(`${a.code} → ${b.code} → ${c.code} → ${a.code}`);
    // Without the link back, the same change is fine.
    await database.db.deleteFrom("productAccessory").where("productId", "=", c.id).execute();
    const updated = await set(a.id, 1, [b.id, c.id]);
    expect(updated.accessories.map((x) => x.productId)).toEqual([b.id, c.id]);
  });

  it("never lets two concurrent changes close a loop together", async () => {
    const a = await newProduct(database.db);
    const b = await newProduct(database.db);
    const link = (from: string, to: string) => service.updateProduct(ctx, { productId: from, version: 1, product: draft({ accessories: [{ productId: to, quantity: 1, charged: false }] }), paths: ["accessories"] });
    const outcomes = await Promise.allSettled([link(a.id, b.id), link(b.id, a.id)]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.find((o) => o.status === "rejected")).toMatchObject({ reason: { code: "ACCESSORY_CYCLE" } });
  });

  it("is deleted only when nothing refers to it, and says what does", async () => {
    const warehouse = await newLocation(database.db);
    const used = await newProduct(database.db, { tracking: "BULK" });
    const parent = await newProduct(database.db);
    await newAccessory(database.db, parent.id, used.id);
    await newStock(database.db, used.id, warehouse.id, 3);
    await newKit(database.db, [{ productId: used.id, quantity: 1 }]);
    expect(await refusal(service.deleteProduct(ctx, used.id))).toEqual({
      code: "PRODUCT_IN_USE",
      metadata: { productId: used.id, stockLevels: "1", kitItems: "1", accessoryOf: "1" },
    });
    const withAsset = await newProduct(database.db);
    await newAsset(database.db, { productId: withAsset.id, locationId: warehouse.id });
    expect((await refusal(service.deleteProduct(ctx, withAsset.id))).metadata).toMatchObject({ assets: "1" });
    // Its own accessory links go with it.
    await service.deleteProduct(ctx, parent.id);
    expect(await count("product_accessory", sql`product_id = ${parent.id}`)).toBe(0);
    expect(await reason(service.deleteProduct(ctx, parent.id))).toBe("PRODUCT_NOT_FOUND");
  });
});

describe("listProducts", () => {
  let category: { id: string };
  let sub: { id: string };
  const names: string[] = [];

  beforeAll(async () => {
    category = await newCategory(database.db, { name: uniqueCode("ListRoot") });
    sub = await newCategory(database.db, { parentId: category.id });
    const warehouse = await newLocation(database.db);
    for (let i = 0; i < 12; i++) {
      const p = await newProduct(database.db, {
        name: `Lst ${String(i).padStart(2, "0")} ${i % 3 === 0 ? "wash" : "spot"}`,
        code: `LST-${String(11 - i).padStart(2, "0")}`,
        categoryId: i % 2 === 0 ? category.id : sub.id,
        tracking: i % 4 === 0 ? "BULK" : "SERIALIZED",
        tags: i % 5 === 0 ? ["outdoor"] : [],
        archived: i === 11,
        updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i * 7)),
      });
      names.push(p.name);
      if (i === 1) for (let n = 0; n < 3; n++) await newAsset(database.db, { productId: p.id, locationId: warehouse.id });
      if (i === 0) await newStock(database.db, p.id, warehouse.id, 25);
    }
  });

  async function all(input: Partial<Parameters<CatalogueService["listProducts"]>[1]>, size = 5) {
    const seen: string[] = [];
    let pageToken = "";
    do {
      const page = await service.listProducts(reader(), { pageSize: size, pageToken, query: "lst", categoryId: undefined, tracking: undefined, tag: "", includeArchived: false, sort: "NAME", ...input });
      seen.push(...page.products.map((p) => p.name));
      pageToken = page.nextPageToken;
    } while (pageToken !== "");
    return seen;
  }

  it("pages through every sort without gaps or repeats", async () => {
    expect(await all({ sort: "NAME" })).toEqual(names.slice(0, 11));
    expect(await all({ sort: "CODE" })).toEqual(names.slice(0, 11).reverse());
    expect(await all({ sort: "UPDATED_DESC" }, 4)).toEqual(names.slice(0, 11).reverse());
    expect(await all({ sort: "NAME", includeArchived: true }, 3)).toEqual(names);
  });

  it("filters by query, category subtree, tracking and tag", async () => {
    expect(await all({ query: "WASH" })).toEqual([names[0], names[3], names[6], names[9]]);
    expect(await all({ categoryId: sub.id })).toEqual([1, 3, 5, 7, 9].map((i) => names[i]));
    expect((await all({ categoryId: category.id })).length).toBe(11);
    expect(await all({ tracking: "BULK" })).toEqual([names[0], names[4], names[8]]);
    expect(await all({ tag: " Outdoor " })).toEqual([names[0], names[5], names[10]]);
    expect(await all({ query: "100%_" })).toEqual([]);
  });

  it("computes what is owned in the same list", async () => {
    const page = await service.listProducts(reader(), { pageSize: 2, pageToken: "", query: "lst", categoryId: undefined, tracking: undefined, tag: "", includeArchived: false, sort: "NAME" });
    expect(page.products.map((p) => p.quantityOwned)).toEqual([25, 3]);
  });

  it("refuses a token from another query and an unknown category", async () => {
    const page = await service.listProducts(reader(), { pageSize: 2, pageToken: "", query: "lst", categoryId: undefined, tracking: undefined, tag: "", includeArchived: false, sort: "NAME" });
    expect(await reason(service.listProducts(reader(), { pageSize: 2, pageToken: page.nextPageToken, query: "lst", categoryId: undefined, tracking: undefined, tag: "", includeArchived: false, sort: "CODE" }))).toBe(
      "INVALID_PAGE_TOKEN",
    );
    expect(await reason(service.listProducts(reader(), { pageSize: 2, pageToken: "", query: "", categoryId: "00000000-0000-4000-8000-000000000007", tracking: undefined, tag: "", includeArchived: false, sort: "NAME" }))).toBe(
      "CATEGORY_NOT_FOUND",
    );
  });
});

describe("assets", () => {
  let warehouse: { id: string; code: string; warehouseId: string };
  let spot: { id: string; code: string };

  beforeAll(async () => {
    warehouse = await newLocation(database.db);
    spot = await newProduct(database.db);
  });

  it("creates a numbered series with a CREATED history row each", async () => {
    const prefix = `${uniqueCode("LX")}-`;
    const created = await service.createAssets(ctx, {
      productId: spot.id,
      tags: { kind: "series", series: { prefix, firstNumber: 1, count: 24, digits: 4 } },
      locationId: warehouse.id,
      purchaseDate: "2024-03-01",
      purchaseCost: { amountMinor: 99000n, currency: "EUR" },
      notes: "batch 1",
    });
    expect(created).toHaveLength(24);
    expect(created[0]).toMatchObject({ tag: `${prefix}0001`, status: "AVAILABLE", locationId: warehouse.id, purchaseDate: "2024-03-01", purchaseCost: { amountMinor: 99000n, currency: "EUR" }, notes: "batch 1", productName: expect.any(String) as unknown });
    expect(created[23]?.tag).toBe(`${prefix}0024`);
    const { history } = await service.getAsset(reader(), created[0]?.id ?? "");
    expect(history).toMatchObject([{ kind: "CREATED", from: "", to: "AVAILABLE", actorUserId: ctx.principal?.userId, sourceType: "manual" }]);
  });

  it("creates explicit tags with serial numbers, and generated tags", async () => {
    const tags = [uniqueCode("EX"), uniqueCode("EX")];
    const created = await service.createAssets(ctx, { productId: spot.id, tags: { kind: "explicit", tags, serialNumbers: ["SN-1", "SN-2"] }, locationId: warehouse.id, purchaseDate: "", purchaseCost: { amountMinor: 0n, currency: "EUR" }, notes: "" });
    expect(created.map((a) => [a.tag, a.serialNumber, a.purchaseDate])).toEqual([
      [tags[0], "SN-1", null],
      [tags[1], "SN-2", null],
    ].sort());
    // A hand-made tag in the generated range is skipped, not duplicated.
    const next = await sql<{ n: string }>`SELECT (last_value + 1)::text AS n FROM asset_tag_seq`.execute(database.db);
    const handMade = `A${(next.rows[0]?.n ?? "1").padStart(6, "0")}`;
    await newAsset(database.db, { productId: spot.id, locationId: warehouse.id, tag: handMade });
    const generated = await service.createAssets(ctx, { productId: spot.id, tags: { kind: "generate", count: 3 }, locationId: warehouse.id, purchaseDate: "", purchaseCost: { amountMinor: 0n, currency: "EUR" }, notes: "" });
    expect(generated).toHaveLength(3);
    for (const a of generated) expect(a.tag).toMatch(/^A\d{6,}$/);
    expect(generated.map((a) => a.tag)).not.toContain(handMade);
  });

  it("refuses every duplicate at once, against tags, cases and product codes, and creates nothing", async () => {
    const kase = await newCase(database.db, { locationId: warehouse.id });
    const other = await newProduct(database.db);
    const existing = await newAsset(database.db, { productId: spot.id, locationId: warehouse.id });
    const fresh = uniqueCode("FRESH");
    const refused = await refusal(
      service.createAssets(ctx, { productId: spot.id, tags: { kind: "explicit", tags: [fresh, existing.tag.toLowerCase(), kase.code, other.code], serialNumbers: [] }, locationId: warehouse.id, purchaseDate: "", purchaseCost: { amountMinor: 0n, currency: "EUR" }, notes: "" }),
    );
    expect(refused.code).toBe("DUPLICATE_CODE");
    expect(refused.metadata.codes).toBe([existing.tag.toLowerCase(), kase.code, other.code].join(", "));
    expect(await count("asset", sql`tag = ${fresh}`)).toBe(0);
    expect(await reason(service.createAssets(ctx, { productId: spot.id, tags: { kind: "explicit", tags: ["dup-x", "DUP-X"], serialNumbers: [] }, locationId: warehouse.id, purchaseDate: "", purchaseCost: { amountMinor: 0n, currency: "EUR" }, notes: "" }))).toBe("DUPLICATE_CODE");
  });

  it("refuses bulk or archived products, unknown or archived locations, and a series too wide", async () => {
    const base = { tags: { kind: "generate" as const, count: 1 }, purchaseDate: "", purchaseCost: { amountMinor: 0n, currency: "EUR" }, notes: "" };
    const bulk = await newProduct(database.db, { tracking: "BULK" });
    const old = await newProduct(database.db, { archived: true });
    const closed = await newLocation(database.db, { archived: true });
    expect(await reason(service.createAssets(ctx, { ...base, productId: bulk.id, locationId: warehouse.id }))).toBe("NOT_SERIALIZED");
    expect(await reason(service.createAssets(ctx, { ...base, productId: old.id, locationId: warehouse.id }))).toBe("PRODUCT_ARCHIVED");
    expect(await reason(service.createAssets(ctx, { ...base, productId: spot.id, locationId: closed.id }))).toBe("LOCATION_ARCHIVED");
    expect(await reason(service.createAssets(ctx, { ...base, productId: spot.id, locationId: "00000000-0000-4000-8000-000000000008" }))).toBe("LOCATION_NOT_FOUND");
    expect(await reason(service.createAssets(ctx, { ...base, productId: "00000000-0000-4000-8000-000000000009", locationId: warehouse.id }))).toBe("PRODUCT_NOT_FOUND");
    expect(await reason(service.createAssets(ctx, { ...base, productId: spot.id, locationId: warehouse.id, tags: { kind: "series", series: { prefix: "W", firstNumber: 95, count: 10, digits: 2 } } }))).toBe("INVALID_TAGS");
    expect(await reason(service.createAssets(ctx, { ...base, productId: spot.id, locationId: warehouse.id, purchaseDate: "2024-02-30" }))).toBe("INVALID_DATE");
  });

  it("lets exactly one of two racing requests take a tag", async () => {
    const tag = uniqueCode("RACE");
    const create = () => service.createAssets(ctx, { productId: spot.id, tags: { kind: "explicit", tags: [tag], serialNumbers: [] }, locationId: warehouse.id, purchaseDate: "", purchaseCost: { amountMinor: 0n, currency: "EUR" }, notes: "" });
    const outcomes = await Promise.allSettled([create(), create()]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.find((o) => o.status === "rejected")).toMatchObject({ reason: { code: "DUPLICATE_CODE" } });
  });

  it("updates by hand with history, by the status rules and the version", async () => {
    const shelf = await newLocation(database.db, { parent: warehouse, kind: "SHELF" });
    const asset = await newAsset(database.db, { productId: spot.id, locationId: warehouse.id });
    const updated = await service.updateAsset(ctx, { assetId: asset.id, version: 1, changes: { status: "DAMAGED", locationId: shelf.id, condition: "cracked lens", purchaseCost: { amountMinor: 500n, currency: "USD" } }, reason: "dropped" });
    expect(updated).toMatchObject({ status: "DAMAGED", locationId: shelf.id, condition: "cracked lens", purchaseCost: { amountMinor: 500n, currency: "USD" }, version: 2 });
    const { history } = await service.getAsset(reader(), asset.id);
    expect(history.map((h) => [h.kind, h.from, h.to, h.reason, h.sourceType])).toEqual([
      ["LOCATION", warehouse.id, shelf.id, "dropped", "manual"],
      ["STATUS", "AVAILABLE", "DAMAGED", "dropped", "manual"],
    ]);
    expect(await reason(service.updateAsset(ctx, { assetId: asset.id, version: 1, changes: { notes: "x" }, reason: "" }))).toBe("STALE_VERSION");
    expect(await reason(service.updateAsset(ctx, { assetId: asset.id, version: 2, changes: { status: "CHECKED_OUT" }, reason: "" }))).toBe("ASSET_CHECKED_OUT");
    const closed = await newLocation(database.db, { archived: true });
    expect(await reason(service.updateAsset(ctx, { assetId: asset.id, version: 2, changes: { locationId: closed.id }, reason: "" }))).toBe("LOCATION_ARCHIVED");
    const kase = await newCase(database.db, { locationId: warehouse.id });
    const packed = await newAsset(database.db, { productId: spot.id, locationId: warehouse.id, caseId: kase.id });
    expect(await reason(service.updateAsset(ctx, { assetId: packed.id, version: 1, changes: { locationId: shelf.id }, reason: "" }))).toBe("ASSET_IN_OTHER_CASE");
  });

  it("retires with a history row, and not while checked out", async () => {
    const asset = await newAsset(database.db, { productId: spot.id, locationId: warehouse.id, status: "DAMAGED" });
    const retired = await service.retireAsset(ctx, { assetId: asset.id, reason: "beyond repair" });
    expect(retired.status).toBe("RETIRED");
    expect((await service.getAsset(reader(), asset.id)).history[0]).toMatchObject({ kind: "STATUS", from: "DAMAGED", to: "RETIRED", reason: "beyond repair" });
    expect((await service.retireAsset(ctx, { assetId: asset.id, reason: "again" })).version).toBe(retired.version);
    const out = await newAsset(database.db, { productId: spot.id, locationId: warehouse.id, status: "CHECKED_OUT" });
    expect(await reason(service.retireAsset(ctx, { assetId: out.id, reason: "x" }))).toBe("ASSET_CHECKED_OUT");
    expect(await reason(service.retireAsset(ctx, { assetId: "00000000-0000-4000-8000-00000000000a", reason: "x" }))).toBe("ASSET_NOT_FOUND");
  });
});

describe("listAssets", () => {
  let warehouse: { id: string; warehouseId: string };
  let shelf: { id: string; warehouseId: string };
  let product: { id: string };
  const prefix = uniqueCode("LA");

  beforeAll(async () => {
    warehouse = await newLocation(database.db);
    const zone = await newLocation(database.db, { parent: warehouse });
    shelf = await newLocation(database.db, { parent: zone, kind: "SHELF" });
    product = await newProduct(database.db);
    for (let i = 0; i < 9; i++) {
      await newAsset(database.db, {
        productId: product.id,
        locationId: i < 4 ? warehouse.id : shelf.id,
        tag: `${prefix}-${i}`,
        serialNumber: `SER${i}`,
        status: i % 3 === 0 ? "DAMAGED" : "AVAILABLE",
      });
    }
  });

  async function tags(input: Partial<Parameters<CatalogueService["listAssets"]>[1]>, size = 4) {
    const seen: string[] = [];
    let pageToken = "";
    do {
      const page = await service.listAssets(reader(), { pageSize: size, pageToken, productId: product.id, locationId: undefined, caseId: undefined, statuses: [], query: "", ...input });
      seen.push(...page.assets.map((a) => a.tag));
      pageToken = page.nextPageToken;
    } while (pageToken !== "");
    return seen;
  }

  it("pages by tag and filters by location subtree, status and tag or serial prefix", async () => {
    const every = Array.from({ length: 9 }, (_, i) => `${prefix}-${i}`);
    expect(await tags({})).toEqual(every);
    expect(await tags({ locationId: warehouse.id }, 2)).toEqual(every);
    expect(await tags({ locationId: shelf.id })).toEqual(every.slice(4));
    expect(await tags({ statuses: ["DAMAGED"] })).toEqual([every[0], every[3], every[6]]);
    expect(await tags({ query: `${prefix.toLowerCase()}-1` })).toEqual([every[1]]);
    expect(await tags({ query: "ser5" })).toEqual([every[5]]);
  });

  it("says NotFound for an unknown filter target", async () => {
    const base = { pageSize: 1, pageToken: "", productId: undefined, locationId: undefined, caseId: undefined, statuses: [], query: "" };
    expect(await reason(service.listAssets(reader(), { ...base, locationId: "00000000-0000-4000-8000-00000000000b" }))).toBe("LOCATION_NOT_FOUND");
    expect(await reason(service.listAssets(reader(), { ...base, productId: "00000000-0000-4000-8000-00000000000c" }))).toBe("PRODUCT_NOT_FOUND");
    expect(await reason(service.listAssets(reader(), { ...base, caseId: "00000000-0000-4000-8000-00000000000d" }))).toBe("CASE_NOT_FOUND");
  });
});

describe("CSV import", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it("imports products with categories and accessories from the file and the database, after a dry run", async () => {
    const root = await newCategory(database.db, { name: uniqueCode("Imp") });
    const spots = await newCategory(database.db, { name: "Spots", parentId: root.id });
    const clamp = await newProduct(database.db, { tracking: "BULK" });
    const a = uniqueCode("IMP");
    const b = uniqueCode("IMP");
    const text = `\uFEFFcode,name,tracking,category,day_rate,tags,accessories,custom.dmx_mode\r\n${a},"Spot, big",SERIALIZED,${root.name} > spots,45.50,Outdoor,${b}:2:charged;${clamp.code},16ch\r\n${b},"Cable\nDMX",BULK,,1.00,,,\r\n`;
    const dry = await service.importCsv(ctx, { kind: "PRODUCTS", csv: bytes(text), dryRun: true });
    expect(dry).toEqual({ rows: 2, created: 0, updated: 0, errors: [] });
    expect(await count("product", sql`code = ${a}`)).toBe(0);
    const done = await service.importCsv(ctx, { kind: "PRODUCTS", csv: bytes(text), dryRun: false });
    expect(done).toEqual({ rows: 2, created: 2, updated: 0, errors: [] });
    const page = await service.listProducts(reader(), { pageSize: 10, pageToken: "", query: a, categoryId: spots.id, tracking: undefined, tag: "outdoor", includeArchived: false, sort: "NAME" });
    expect(page.products[0]).toMatchObject({ code: a, name: "Spot, big", dayRate: { amountMinor: 4550n, currency: "EUR" }, customFields: { dmx_mode: "16ch" } });
    expect(page.products[0]?.accessories.map((x) => [x.quantity, x.charged])).toEqual([
      [2, true],
      [1, false],
    ]);
  });

  it("reports every bad row and writes nothing", async () => {
    const existing = await newProduct(database.db);
    const good = uniqueCode("GOOD");
    const text = ["code,name,tracking,category,day_rate", `${good},Fine,BULK,,1`, `${existing.code},Dup,BULK,,1`, `${good},Again,BULK,Nowhere,1.234`, ",,,,"].join("\n");
    const result = await service.importCsv(ctx, { kind: "PRODUCTS", csv: bytes(text), dryRun: false });
    expect(result.created).toBe(0);
    expect(result.errors.map((e) => [e.line, e.field, e.reason])).toEqual([
      [3, "code", "DUPLICATE_CODE"],
      [4, "day_rate", "INVALID_MONEY"],
      [4, "code", "DUPLICATE_CODE"],
      [4, "category", "UNKNOWN_CATEGORY"],
      [5, "code", "REQUIRED"],
      [5, "name", "REQUIRED"],
      [5, "tracking", "REQUIRED"],
    ]);
    expect(await count("product", sql`code = ${good}`)).toBe(0);
  });

  it("imports assets with generated tags and an import history row", async () => {
    const warehouse = await newLocation(database.db);
    const spot = await newProduct(database.db);
    const tag = uniqueCode("CSV");
    const text = ["tag,product_code,location_code,serial_number,status,purchase_date,purchase_cost", `${tag},${spot.code},${warehouse.code.toLowerCase()},SN9,damaged,2024-01-31,100 EUR`, `,${spot.code},${warehouse.code},,,,`].join("\n");
    const result = await service.importCsv(ctx, { kind: "ASSETS", csv: bytes(text), dryRun: false });
    expect(result).toEqual({ rows: 2, created: 2, updated: 0, errors: [] });
    const listed = await service.listAssets(reader(), { pageSize: 10, pageToken: "", productId: spot.id, locationId: undefined, caseId: undefined, statuses: [], query: "", });
    expect(listed.assets.map((a) => a.status).sort()).toEqual(["AVAILABLE", "DAMAGED"]);
    const imported = listed.assets.find((a) => a.tag === tag);
    expect(imported).toMatchObject({ serialNumber: "SN9", purchaseDate: "2024-01-31", purchaseCost: { amountMinor: 10000n, currency: "EUR" } });
    expect((await service.getAsset(reader(), imported?.id ?? "")).history).toMatchObject([{ kind: "CREATED", to: "DAMAGED", sourceType: "import" }]);
  });

  it("reports a malformed file at its line, and refuses kinds it cannot import", async () => {
    const result = await service.importCsv(ctx, { kind: "ASSETS", csv: bytes('tag,product_code,location_code\n"open,x,y\n'), dryRun: true });
    expect(result.errors).toMatchObject([{ line: 2, reason: "MALFORMED_CSV" }]);
    expect(await reason(service.importCsv(ctx, { kind: "STOCK", csv: bytes("a\n"), dryRun: true }))).toBe("INVALID_CSV");
    expect(await reason(service.importCsv(reader(), { kind: "PRODUCTS", csv: bytes("a\n"), dryRun: true }))).toBe("PERMISSION_DENIED");
  });
});

describe("CSV export", () => {
  it("exports products, assets, stock and cases with the list filters", async () => {
    const category = await newCategory(database.db, { name: uniqueCode("Exp") });
    const warehouse = await newLocation(database.db);
    const shelf = await newLocation(database.db, { parent: warehouse, kind: "SHELF" });
    const spot = await service.createProduct(ctx, draft({ code: uniqueCode("EXP"), name: "=Spot, \"big\"", categoryId: category.id, customFields: { dmx: "16" } }));
    const cable = await newProduct(database.db, { tracking: "BULK", categoryId: category.id });
    await newStock(database.db, cable.id, shelf.id, 7);
    const kase = await newCase(database.db, { locationId: shelf.id });
    await newAsset(database.db, { productId: spot.id, locationId: shelf.id, tag: uniqueCode("EXA"), caseId: kase.id });

    const products = await service.exportCsv(ctx, { kind: "PRODUCTS", query: "", categoryId: category.id, productId: undefined, locationId: undefined });
    expect(products.rows).toBe(2);
    expect(products.fileName).toBe("products-2026-03-02.csv");
    const table = parseCsvText(products.csv);
    expect(table.header.slice(0, 3)).toEqual(["code", "name", "description"]);
    expect(table.header).toContain("custom.dmx");
    const spotRow = table.rows.find((r) => r.fields[0] === spot.code)?.fields ?? [];
    expect(spotRow[1]).toBe("'=Spot, \"big\"");
    expect(spotRow[3]).toBe(category.name);

    const assetsCsv = parseCsvText((await service.exportCsv(ctx, { kind: "ASSETS", query: "", categoryId: undefined, productId: undefined, locationId: warehouse.id })).csv);
    expect(assetsCsv.rows).toHaveLength(1);
    expect(assetsCsv.rows[0]?.fields[assetsCsv.header.indexOf("case_code")]).toBe(kase.code);

    const stock = parseCsvText((await service.exportCsv(ctx, { kind: "STOCK", query: "", categoryId: undefined, productId: undefined, locationId: warehouse.id })).csv);
    expect(stock.rows.map((r) => r.fields)).toEqual([[cable.code, cable.name, shelf.code, expect.any(String), "7"]]);

    const cases = parseCsvText((await service.exportCsv(ctx, { kind: "CASES", query: "", categoryId: undefined, productId: undefined, locationId: warehouse.id })).csv);
    expect(cases.rows.map((r) => r.fields)).toEqual([[kase.code, "Case", "TEMPORARY", shelf.code, "", "1", "0", "0"]]);

    expect(await reason(service.exportCsv(reader(), { kind: "CASES", query: "", categoryId: undefined, productId: undefined, locationId: undefined }))).toBe("PERMISSION_DENIED");
  });
});
