// The catalogue slice of InventoryService through real clients: categories,
// locations, products, assets, CSV. Happy paths and failures ({ code, reason }, never Internal).
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { createClient, type Client } from "@connectrpc/connect";
import { MoneySchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import {
  AssetChangeKind,
  AssetStatus,
  CsvKind,
  InventoryService,
  LocationKind,
  ProductSort,
  TrackingMode,
  type ProductInputSchema,
} from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEmail, adminPassword } from "../support/auth.js";
import { newAsset, newCase, newKit, uniqueCode } from "../support/catalogue-factories.js";
import { failure } from "../support/errors.js";
import { authClient, startTestServer, transport, type ProtocolName, type TestServer } from "../support/server.js";

let server: TestServer;
let token: string;
let readerToken: string;

beforeAll(async () => {
  server = await startTestServer();
  const admin = authClient(server.url);
  token = (await admin.login({ email: adminEmail, password: adminPassword })).tokens?.accessToken ?? "";
  // Sales sees the catalogue but may neither change nor export it.
  const roles = await authClient(server.url, "connect-json-h1", token).listRoles({});
  const viewer = roles.roles.find((r) => r.key === "sales");
  if (!viewer || viewer.permissions.includes("inventory.manage") || viewer.permissions.includes("data.export")) throw new Error("the sales role changed");
  await authClient(server.url, "connect-json-h1", token).createUser({ email: "viewer@example.com", displayName: "Viewer", roleIds: [viewer.id], password: "a-long-password-1" });
  readerToken = (await admin.login({ email: "viewer@example.com", password: "a-long-password-1" })).tokens?.accessToken ?? "";
});
afterAll(async () => {
  await server.close();
});

const eur = (amountMinor: bigint) => create(MoneySchema, { amountMinor, currency: "EUR" });
const missing = "00000000-0000-4000-8000-000000000099";

/** The value of a response field the call must have set. */
function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("missing in the response");
  return value;
}

function productInput(overrides: MessageInitShape<typeof ProductInputSchema> = {}): MessageInitShape<typeof ProductInputSchema> {
  return { code: uniqueCode("RP"), name: uniqueCode("Product"), tracking: TrackingMode.SERIALIZED, dayRate: eur(4500n), ...overrides };
}

const testedProtocols: ProtocolName[] = ["connect-json-h1", "grpc"];

describe.each(testedProtocols)("over %s", (protocol) => {
  let inventory: Client<typeof InventoryService>;
  let readOnly: Client<typeof InventoryService>;
  beforeAll(() => {
    inventory = createClient(InventoryService, transport(server.url, protocol, token));
    readOnly = createClient(InventoryService, transport(server.url, protocol, readerToken));
  });

  async function warehouse() {
    const created = await inventory.createLocation({ name: "Warehouse", code: uniqueCode("WH"), kind: LocationKind.WAREHOUSE });
    if (!created.location) throw new Error("no location");
    return created.location;
  }

  describe("categories", () => {
    it("creates, lists with paths, moves and deletes", async () => {
      const root = must((await inventory.createCategory({ name: uniqueCode("Lighting") })).category);
      const spots = must((await inventory.createCategory({ name: "Spots", parentId: root.id })).category);
      expect(spots.path).toEqual([root.name, "Spots"]);
      const listed = await readOnly.listCategories({});
      const ids = listed.categories.map((c) => c.id);
      expect(ids.indexOf(root.id)).toBeLessThan(ids.indexOf(spots.id));
      const other = must((await inventory.createCategory({ name: uniqueCode("Other") })).category);
      const moved = await inventory.updateCategory({ categoryId: spots.id, version: spots.version, name: "Spots", parentId: other.id });
      expect(moved.category).toMatchObject({ parentId: other.id, version: 2n, path: [other.name, "Spots"] });
      await inventory.deleteCategory({ categoryId: spots.id });
    });

    it("refuses duplicates, cycles, stale versions, deleting what is used, and readers", async () => {
      const root = must((await inventory.createCategory({ name: uniqueCode("Audio") })).category);
      const child = must((await inventory.createCategory({ name: "Tops", parentId: root.id })).category);
      expect(await failure(inventory.createCategory({ name: "TOPS", parentId: root.id }))).toMatchObject({ code: "AlreadyExists", reason: "DUPLICATE_NAME" });
      expect(await failure(inventory.createCategory({ name: "x", parentId: missing }))).toMatchObject({ code: "NotFound", reason: "CATEGORY_NOT_FOUND" });
      expect(await failure(inventory.updateCategory({ categoryId: root.id, version: 1n, name: root.name, parentId: child.id }))).toMatchObject({ code: "FailedPrecondition", reason: "CATEGORY_CYCLE" });
      expect(await failure(inventory.updateCategory({ categoryId: root.id, version: 5n, name: "x" }))).toMatchObject({ code: "Aborted", reason: "STALE_VERSION" });
      expect(await failure(inventory.deleteCategory({ categoryId: root.id }))).toMatchObject({ code: "FailedPrecondition", reason: "CATEGORY_IN_USE" });
      expect(await failure(inventory.deleteCategory({ categoryId: missing }))).toMatchObject({ code: "NotFound", reason: "CATEGORY_NOT_FOUND" });
      expect(await failure(readOnly.createCategory({ name: "x" }))).toMatchObject({ code: "PermissionDenied" });
    });
  });

  describe("locations", () => {
    it("creates a tree with the warehouse derived, archives and lists", async () => {
      const wh = await warehouse();
      expect(wh.warehouseId).toBe(wh.id);
      const zone = must((await inventory.createLocation({ name: "Zone A", code: uniqueCode("Z"), kind: LocationKind.ZONE, parentId: wh.id })).location);
      const bin = must((await inventory.createLocation({ name: "Bin 1", code: uniqueCode("B"), kind: LocationKind.BIN, parentId: zone.id })).location);
      expect(bin).toMatchObject({ warehouseId: wh.id, kind: LocationKind.BIN, parentId: zone.id });
      const archived = await inventory.updateLocation({ locationId: zone.id, version: 1n, name: "Zone A", archived: true });
      expect(archived.location?.archived).toBe(true);
      const visible = (await readOnly.listLocations({})).locations.map((l) => l.id);
      expect(visible).toContain(wh.id);
      expect(visible).not.toContain(bin.id);
      expect((await readOnly.listLocations({ includeArchived: true })).locations.find((l) => l.id === bin.id)?.archived).toBe(true);
    });

    it("refuses a duplicate code, an archived parent, a wrong kind, a stale version and a bad request", async () => {
      const wh = await warehouse();
      const shelf = must((await inventory.createLocation({ name: "Shelf", code: uniqueCode("S"), kind: LocationKind.SHELF, parentId: wh.id })).location);
      expect(await failure(inventory.createLocation({ name: "Dup", code: wh.code.toLowerCase(), kind: LocationKind.WAREHOUSE }))).toMatchObject({ code: "AlreadyExists", reason: "DUPLICATE_CODE" });
      expect(await failure(inventory.createLocation({ name: "Z", code: uniqueCode("Z"), kind: LocationKind.ZONE, parentId: shelf.id }))).toMatchObject({ code: "InvalidArgument", reason: "INVALID_LOCATION_KIND" });
      expect(await failure(inventory.createLocation({ name: "Z", code: uniqueCode("Z"), kind: LocationKind.ZONE, parentId: missing }))).toMatchObject({ code: "NotFound", reason: "LOCATION_NOT_FOUND" });
      expect(await failure(inventory.createLocation({ name: "Z", code: uniqueCode("Z"), kind: LocationKind.ZONE }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
      await inventory.updateLocation({ locationId: shelf.id, version: 1n, name: "Shelf", archived: true });
      expect(await failure(inventory.createLocation({ name: "B", code: uniqueCode("B"), kind: LocationKind.BIN, parentId: shelf.id }))).toMatchObject({ code: "FailedPrecondition", reason: "LOCATION_ARCHIVED" });
      expect(await failure(inventory.updateLocation({ locationId: shelf.id, version: 1n, name: "Shelf" }))).toMatchObject({ code: "Aborted", reason: "STALE_VERSION" });
    });
  });

  describe("products", () => {
    it("creates, gets, lists with a cursor, updates by mask and deletes", async () => {
      const category = must((await inventory.createCategory({ name: uniqueCode("Cat") })).category);
      const cable = must((await inventory.createProduct({ product: productInput({ tracking: TrackingMode.BULK, name: "Cable" }) })).product);
      const marker = uniqueCode("mk").toLowerCase();
      const created = must(
        (await inventory.createProduct({
          product: productInput({
            name: `Spot ${marker} 1`,
            categoryId: category.id,
            tags: ["LED"],
            customFields: { dmx_mode: "16ch" },
            accessories: [{ productId: cable.id, quantity: 2, charged: true }],
            dimensions: { weightGrams: 1000, lengthMm: 100, widthMm: 100, heightMm: 100 },
          }),
        })).product,
      );
      expect(created).toMatchObject({ tags: ["led"], customFields: { dmx_mode: "16ch" }, volumeCm3: 1000n, version: 1n, accessories: [{ productId: cable.id, quantity: 2, charged: true, productName: "Cable" }] });
      await inventory.createProduct({ product: productInput({ name: `Spot ${marker} 2`, categoryId: category.id }) });
      await inventory.createProduct({ product: productInput({ name: `Spot ${marker} 3`, categoryId: category.id }) });

      const first = await readOnly.listProducts({ pageSize: 2, query: marker, categoryId: category.id, sort: ProductSort.NAME });
      expect(first.products.map((p) => p.name)).toEqual([`Spot ${marker} 1`, `Spot ${marker} 2`]);
      const second = await readOnly.listProducts({ pageSize: 2, pageToken: first.nextPageToken, query: marker, categoryId: category.id, sort: ProductSort.NAME });
      expect(second.products.map((p) => p.name)).toEqual([`Spot ${marker} 3`]);
      expect(second.nextPageToken).toBe("");
      expect(await failure(readOnly.listProducts({ pageSize: 2, pageToken: first.nextPageToken, query: marker, sort: ProductSort.CODE }))).toMatchObject({ code: "InvalidArgument", reason: "INVALID_PAGE_TOKEN" });

      const got = await readOnly.getProduct({ productId: created.id });
      expect(got.product?.code).toBe(created.code);
      expect(got.assetsByStatus).toEqual({});

      const updated = await inventory.updateProduct({
        productId: created.id,
        version: 1n,
        product: productInput({ name: "Renamed", code: created.code, description: "not in the mask" }),
        updateMask: create(FieldMaskSchema, { paths: ["name", "day_rate"] }),
      });
      expect(updated.product).toMatchObject({ name: "Renamed", description: "", version: 2n, dayRate: { amountMinor: 4500n } });

      const spare = must((await inventory.createProduct({ product: productInput() })).product);
      await inventory.deleteProduct({ productId: spare.id });
      expect(await failure(readOnly.getProduct({ productId: spare.id }))).toMatchObject({ code: "NotFound", reason: "PRODUCT_NOT_FOUND" });
    });

    it("validates only the masked fields of an update", async () => {
      const created = must((await inventory.createProduct({ product: productInput() })).product);
      const mask = (paths: string[]) => create(FieldMaskSchema, { paths });
      const renamed = await inventory.updateProduct({ productId: created.id, version: 1n, product: { name: "Only the name" }, updateMask: mask(["name"]) });
      expect(renamed.product).toMatchObject({ name: "Only the name", code: created.code, tracking: TrackingMode.SERIALIZED, version: 2n });
      const heavier = await inventory.updateProduct({ productId: created.id, version: 2n, product: { code: "not valid!", dimensions: { weightGrams: 2500 } }, updateMask: mask(["dimensions.weight_grams"]) });
      expect(heavier.product?.dimensions?.weightGrams).toBe(2500);
      const badName = await failure(inventory.updateProduct({ productId: created.id, version: 3n, product: { name: "" }, updateMask: mask(["name"]) }));
      expect(badName).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
      expect(badName.message).toContain("product.name");
      const badWeight = await failure(inventory.updateProduct({ productId: created.id, version: 3n, product: { dimensions: { weightGrams: -1 } }, updateMask: mask(["dimensions"]) }));
      expect(badWeight).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
      expect(badWeight.message).toContain("product.dimensions.weight_grams");
      expect(await failure(inventory.updateProduct({ productId: created.id, version: 3n, product: { name: "x" }, updateMask: mask(["*"]) }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
      expect(await failure(inventory.updateProduct({ productId: created.id, version: 3n, updateMask: mask(["name"]) }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
      expect((await readOnly.getProduct({ productId: created.id })).product?.version).toBe(3n);
    });

    it("refuses duplicates, unknown references, bad masks, stale versions, locked tracking, loops and deleting what is used", async () => {
      const wh = await warehouse();
      const a = must((await inventory.createProduct({ product: productInput() })).product);
      const b = must((await inventory.createProduct({ product: productInput({ accessories: [{ productId: a.id, quantity: 1 }] }) })).product);
      expect(await failure(inventory.createProduct({ product: productInput({ code: a.code.toLowerCase() }) }))).toMatchObject({ code: "AlreadyExists", reason: "DUPLICATE_CODE" });
      expect(await failure(inventory.createProduct({ product: productInput({ categoryId: missing }) }))).toMatchObject({ code: "NotFound", reason: "CATEGORY_NOT_FOUND" });
      expect(await failure(inventory.createProduct({ product: productInput({ accessories: [{ productId: missing, quantity: 1 }] }) }))).toMatchObject({ code: "NotFound", reason: "PRODUCT_NOT_FOUND" });
      expect(await failure(inventory.createProduct({ product: productInput({ dayRate: create(MoneySchema, { amountMinor: -5n, currency: "EUR" }) }) }))).toMatchObject({
        code: "InvalidArgument",
        reason: "INVALID_MONEY",
      });
      const mask = (paths: string[]) => create(FieldMaskSchema, { paths });
      expect(await failure(inventory.updateProduct({ productId: a.id, version: 1n, product: productInput(), updateMask: mask(["colour"]) }))).toMatchObject({ code: "InvalidArgument", reason: "INVALID_UPDATE_MASK" });
      expect(await failure(inventory.updateProduct({ productId: a.id, version: 9n, product: productInput(), updateMask: mask(["name"]) }))).toMatchObject({ code: "Aborted", reason: "STALE_VERSION" });
      expect(await failure(inventory.updateProduct({ productId: a.id, version: 1n, product: productInput({ accessories: [{ productId: a.id, quantity: 1 }] }), updateMask: mask(["accessories"]) }))).toMatchObject({
        code: "InvalidArgument",
        reason: "ACCESSORY_OF_ITSELF",
      });
      expect(await failure(inventory.updateProduct({ productId: a.id, version: 1n, product: productInput({ accessories: [{ productId: b.id, quantity: 1 }] }), updateMask: mask(["accessories"]) }))).toMatchObject({
        code: "FailedPrecondition",
        reason: "ACCESSORY_CYCLE",
      });
      await inventory.createAssets({ productId: a.id, tags: { case: "generateCount", value: 1 }, locationId: wh.id });
      expect(await failure(inventory.updateProduct({ productId: a.id, version: 1n, product: productInput({ tracking: TrackingMode.BULK }), updateMask: mask(["tracking"]) }))).toMatchObject({
        code: "FailedPrecondition",
        reason: "TRACKING_LOCKED",
      });
      expect(await failure(inventory.deleteProduct({ productId: a.id }))).toMatchObject({ code: "FailedPrecondition", reason: "PRODUCT_IN_USE" });
      const kitted = must((await inventory.createProduct({ product: productInput() })).product);
      await newKit(server.database.db, [{ productId: kitted.id, quantity: 1 }]);
      expect(await failure(inventory.deleteProduct({ productId: kitted.id }))).toMatchObject({ code: "FailedPrecondition", reason: "PRODUCT_IN_USE" });
      expect(await failure(readOnly.deleteProduct({ productId: kitted.id }))).toMatchObject({ code: "PermissionDenied" });
    });
  });

  describe("assets", () => {
    it("creates a series, lists, gets with history, updates and retires", async () => {
      const wh = await warehouse();
      const shelf = must((await inventory.createLocation({ name: "Shelf", code: uniqueCode("S"), kind: LocationKind.SHELF, parentId: wh.id })).location);
      const product = must((await inventory.createProduct({ product: productInput() })).product);
      const prefix = `${uniqueCode("LX")}-`;
      const created = await inventory.createAssets({
        productId: product.id,
        tags: { case: "series", value: { prefix, firstNumber: 1, count: 24, digits: 4 } },
        locationId: wh.id,
        purchaseDate: "2024-03-01",
        purchaseCost: eur(99000n),
      });
      expect(created.assets.map((a) => a.tag)).toEqual(Array.from({ length: 24 }, (_, i) => `${prefix}${String(i + 1).padStart(4, "0")}`));
      const serial = uniqueCode("SN");
      const explicit = await inventory.createAssets({ productId: product.id, tags: { case: "explicit", value: { tags: [`${prefix}X1`], serialNumbers: [serial] } }, locationId: wh.id });
      expect(explicit.assets[0]).toMatchObject({ serialNumber: serial, status: AssetStatus.AVAILABLE });

      const page = await readOnly.listAssets({ productId: product.id, locationId: wh.id, pageSize: 20 });
      expect(page.assets).toHaveLength(20);
      const rest = await readOnly.listAssets({ productId: product.id, locationId: wh.id, pageSize: 20, pageToken: page.nextPageToken });
      expect(rest.assets).toHaveLength(5);
      expect((await readOnly.listAssets({ query: serial.toLowerCase() })).assets.map((a) => a.tag)).toEqual([`${prefix}X1`]);

      const target = must(created.assets[0]);
      const updated = await inventory.updateAsset({ assetId: target.id, version: 1n, status: AssetStatus.DAMAGED, locationId: shelf.id, condition: "cracked", reason: "dropped" });
      expect(updated.asset).toMatchObject({ status: AssetStatus.DAMAGED, locationId: shelf.id, condition: "cracked", version: 2n });
      const retired = await inventory.retireAsset({ assetId: target.id, reason: "scrapped" });
      expect(retired.asset?.status).toBe(AssetStatus.RETIRED);
      const got = await readOnly.getAsset({ assetId: target.id });
      expect(got.history.map((h) => [h.kind, h.from, h.to, h.reason])).toEqual([
        [AssetChangeKind.STATUS, "DAMAGED", "RETIRED", "scrapped"],
        [AssetChangeKind.LOCATION, wh.id, shelf.id, "dropped"],
        [AssetChangeKind.STATUS, "AVAILABLE", "DAMAGED", "dropped"],
        [AssetChangeKind.CREATED, "", "AVAILABLE", ""],
      ]);
      expect((await readOnly.getProduct({ productId: product.id })).assetsByStatus).toEqual({ AVAILABLE: 24, RETIRED: 1 });
    });

    it("refuses duplicates (listing them), bulk products, archived locations, manual check-out and stale versions", async () => {
      const wh = await warehouse();
      const product = must((await inventory.createProduct({ product: productInput() })).product);
      const bulk = must((await inventory.createProduct({ product: productInput({ tracking: TrackingMode.BULK }) })).product);
      const kase = await newCase(server.database.db, { locationId: wh.id });
      const taken = await inventory.createAssets({ productId: product.id, tags: { case: "explicit", value: { tags: [uniqueCode("T")] } }, locationId: wh.id });
      const tag = taken.assets[0]?.tag ?? "";
      const dup = await failure(inventory.createAssets({ productId: product.id, tags: { case: "explicit", value: { tags: ["FRESH-1", tag, kase.code, bulk.code] } }, locationId: wh.id }));
      expect(dup).toMatchObject({ code: "AlreadyExists", reason: "DUPLICATE_CODE" });
      expect(dup.message).toContain(kase.code);
      expect((await readOnly.listAssets({ query: "FRESH-1" })).assets).toEqual([]);
      expect(await failure(inventory.createAssets({ productId: bulk.id, tags: { case: "generateCount", value: 1 }, locationId: wh.id }))).toMatchObject({ code: "InvalidArgument", reason: "NOT_SERIALIZED" });
      const closed = await warehouse();
      await inventory.updateLocation({ locationId: closed.id, version: 1n, name: "closed", archived: true });
      expect(await failure(inventory.createAssets({ productId: product.id, tags: { case: "generateCount", value: 1 }, locationId: closed.id }))).toMatchObject({ code: "FailedPrecondition", reason: "LOCATION_ARCHIVED" });
      expect(await failure(inventory.createAssets({ productId: product.id, tags: { case: "series", value: { prefix: "W", firstNumber: 99, count: 2, digits: 2 } }, locationId: wh.id }))).toMatchObject({
        code: "InvalidArgument",
        reason: "INVALID_TAGS",
      });
      expect(await failure(inventory.createAssets({ productId: product.id, locationId: wh.id }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
      const assetId = taken.assets[0]?.id;
      expect(await failure(inventory.updateAsset({ assetId, version: 1n, status: AssetStatus.CHECKED_OUT }))).toMatchObject({ code: "FailedPrecondition", reason: "ASSET_CHECKED_OUT" });
      expect(await failure(inventory.updateAsset({ assetId, version: 3n, notes: "x" }))).toMatchObject({ code: "Aborted", reason: "STALE_VERSION" });
      expect(await failure(inventory.getAsset({ assetId: missing }))).toMatchObject({ code: "NotFound", reason: "ASSET_NOT_FOUND" });
      const out = await newAsset(server.database.db, { productId: product.id, locationId: wh.id, status: "CHECKED_OUT" });
      expect(await failure(inventory.retireAsset({ assetId: out.id, reason: "x" }))).toMatchObject({ code: "FailedPrecondition", reason: "ASSET_CHECKED_OUT" });
      await inventory.retireAsset({ assetId, reason: "gone" });
      expect(await failure(inventory.updateAsset({ assetId, version: 2n, status: AssetStatus.AVAILABLE }))).toMatchObject({ code: "FailedPrecondition", reason: "ASSET_RETIRED" });
    });
  });

  describe("CSV", () => {
    it("imports after a dry run, reports bad rows, and exports what it imported", async () => {
      const wh = await warehouse();
      const spot = uniqueCode("CSV");
      const products = new TextEncoder().encode(`code,name,tracking,day_rate\n${spot},"Spot, ""big""",SERIALIZED,12.50 EUR\n`);
      expect(await inventory.importCsv({ kind: CsvKind.PRODUCTS, csv: products, dryRun: true })).toMatchObject({ rows: 1, created: 0, errors: [] });
      expect(await inventory.importCsv({ kind: CsvKind.PRODUCTS, csv: products })).toMatchObject({ rows: 1, created: 1, errors: [] });
      const again = await inventory.importCsv({ kind: CsvKind.PRODUCTS, csv: products });
      expect(again.created).toBe(0);
      expect(again.errors).toMatchObject([{ line: 2, field: "code", reason: "DUPLICATE_CODE" }]);

      const assets = new TextEncoder().encode(`tag,product_code,location_code\n${spot}-1,${spot},${wh.code}\n,${spot},${wh.code}\n,NOPE,${wh.code}\n`);
      const bad = await inventory.importCsv({ kind: CsvKind.ASSETS, csv: assets });
      expect(bad).toMatchObject({ rows: 3, created: 0, errors: [{ line: 4, field: "product_code", reason: "UNKNOWN_PRODUCT" }] });
      const good = await inventory.importCsv({ kind: CsvKind.ASSETS, csv: assets.slice(0, assets.lastIndexOf(10, assets.length - 2) + 1) });
      expect(good).toMatchObject({ rows: 2, created: 2, errors: [] });

      const exported = await inventory.exportCsv({ kind: CsvKind.ASSETS, locationId: wh.id });
      expect(exported.rows).toBe(2);
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(exported.csv);
      expect(text.startsWith("\uFEFFtag,product_code,serial_number,status,location_code")).toBe(true);
      expect(text).toContain(`${spot}-1,${spot},,AVAILABLE,${wh.code}`);
      const productCsv = new TextDecoder().decode((await inventory.exportCsv({ kind: CsvKind.PRODUCTS, query: spot })).csv);
      expect(productCsv).toContain(`${spot},"Spot, ""big""",,,SERIALIZED,12.50 EUR`);
      expect(await failure(inventory.importCsv({ kind: CsvKind.STOCK, csv: products }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
      expect(await failure(readOnly.exportCsv({ kind: CsvKind.CASES }))).toMatchObject({ code: "PermissionDenied" });
    });
  });
});
