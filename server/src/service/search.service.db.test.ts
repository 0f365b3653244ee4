import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SearchHit } from "../domain/inventory.js";
import { InventoryError } from "../domain/inventory.errors.js";
import type { DatabaseHandle } from "../store/db.js";
import { createTestDatabase } from "../../test/support/db.js";
import {
  caller,
  decodeLabels,
  newAccessory,
  newAsset,
  newCase,
  newCategory,
  newKit,
  newLocation,
  newProduct,
  newStockLevel,
  pdfPageCount,
  pdfText,
} from "../../test/support/search-factories.js";
import { labelFonts } from "./labels.pdf.js";
import { SearchService } from "./search.service.js";

let database: DatabaseHandle;
let service: SearchService;
const ctx = caller();
type Key = "warehouse" | "spot" | "mega" | "sm58" | "ew100" | "soca" | "archived" | "lx101" | "lx102" | "lx103" | "au" | "ampRack" | "trunk" | "vox";
const ids = {} as Record<Key, string>;

async function failure(call: Promise<unknown>): Promise<{ code: string; metadata: Record<string, string> }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof InventoryError) return { code: error.code, metadata: error.metadata };
    return { code: (error as { code?: string }).code ?? String(error), metadata: {} };
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  service = new SearchService({ db, now: () => new Date("2026-03-01T10:00:00Z") });
  const lighting = await newCategory(db, { name: "Lighting" });
  const movingHeads = await newCategory(db, { name: "Moving heads", parentId: lighting });
  const audio = await newCategory(db, { name: "Audio" });
  ids.warehouse = await newLocation(db, { name: "Main warehouse", code: "MAIN" });
  ids.spot = await newProduct(db, { code: "MH-575", name: "Moving Head Spot 575", categoryId: movingHeads, tags: ["lighting", "spot"], description: "Discharge spot, 575 W" });
  ids.mega = await newProduct(db, { code: "ROBE-MEGA", name: "Robe MegaPointe", categoryId: movingHeads });
  ids.sm58 = await newProduct(db, { code: "SHU-SM58", name: "Shure SM58", categoryId: audio, tags: ["vocal", "microphone"] });
  ids.ew100 = await newProduct(db, { code: "SEN-EW100", name: "Sennheiser EW 100 G4", categoryId: audio });
  ids.soca = await newProduct(db, { code: "SOCA-25", name: "Socapex 19-pin 25m", tracking: "BULK" });
  ids.archived = await newProduct(db, { code: "OLD-WASH", name: "Old Moving Head Wash", archived: true });
  ids.lx101 = await newAsset(db, ids.spot, ids.warehouse, { tag: "LX-000101", purchaseDate: "2024-02-29", purchaseCostMinor: 123456 });
  ids.lx102 = await newAsset(db, ids.spot, ids.warehouse, { tag: "LX-000102", serialNumber: "SN-ABC-123" });
  ids.lx103 = await newAsset(db, ids.spot, ids.warehouse, { tag: "LX-000103", status: "RETIRED" });
  ids.au = await newAsset(db, ids.sm58, ids.warehouse, { tag: "AU-001234", serialNumber: "SM58-9981" });
  ids.ampRack = await newCase(db, ids.warehouse, { code: "CASE-AMP-1", name: "Amp Rack 1", kind: "PERMANENT" });
  ids.trunk = await newCase(db, ids.warehouse, { code: "CASE-TRUNK-7", name: "Cable Trunk" });
  ids.vox = await newKit(db, { code: "KIT-VOX", name: "Vocal Mic Kit", description: "Four vocal microphones", items: [{ productId: ids.sm58, quantity: 4 }, { productId: ids.soca, quantity: 1, optional: true }] });
  await newAccessory(db, ids.spot, ids.soca, 2, true);
  await newStockLevel(db, ids.soca, ids.warehouse, 40);
  const second = await newLocation(db, { name: "Second", code: "SECOND" });
  await newStockLevel(db, ids.soca, second, 2);
});

afterAll(async () => {
  await database.close();
});

const search = (query: string, options: { kinds?: SearchHit["kind"][]; limit?: number } = {}) =>
  service.search(ctx, { query, kinds: options.kinds ?? [], limit: options.limit ?? 0 });

describe("Search", () => {
  it("finds a product by a misspelled name, with the words marked", async () => {
    const [first] = await search("moving haed");
    expect(first).toMatchObject({ kind: "PRODUCT", id: ids.spot, code: "MH-575", title: "Moving Head Spot 575", subtitle: "Moving heads", highlight: "«Moving Head» Spot 575", exact: false });
    expect(first?.score).toBeGreaterThanOrEqual(1);
    expect(first?.score).toBeLessThan(2); // typo-tolerant tier
  });

  it.each([
    ["megapiont", "mega"],
    ["sennhieser", "ew100"],
    ["socapex 19pin", "soca"],
    ["robe mega", "mega"],
  ] as const)("finds %s", async (query, key) => {
    const hits = await search(query);
    expect(hits[0]?.id).toBe(ids[key]);
  });

  it("never shows archived products", async () => {
    const hits = await search("moving head wash");
    expect(hits.map((h) => h.id)).not.toContain(ids.archived);
  });

  it("puts an exact tag first, case-insensitively, with the product as subtitle", async () => {
    const hits = await search("lx-000101");
    expect(hits[0]).toMatchObject({ kind: "ASSET", id: ids.lx101, code: "LX-000101", title: "LX-000101", subtitle: "Moving Head Spot 575", exact: true, highlight: "«LX-000101»" });
    expect(hits[0]?.score).toBeGreaterThanOrEqual(3);
  });

  it("finds tags by their start", async () => {
    const hits = await search("LX-0001");
    expect(hits.filter((h) => h.kind === "ASSET").map((h) => h.title).sort()).toEqual(["LX-000101", "LX-000102", "LX-000103"]);
    expect(hits.every((h) => !h.exact && h.score >= 2 && h.score < 3)).toBe(true);
    expect(hits[0]?.highlight).toMatch(/^«LX-0001»0\d$/);
  });

  it("keeps an exact code first when many codes start with it", async () => {
    const { db } = database;
    const product = await newProduct(db, { name: "Truss 1m" });
    for (const tag of ["ZZ-10", "ZZ-11", "ZZ-12", "ZZ-1", "ZZ-100"]) await newAsset(db, product, ids.warehouse, { tag });
    const hits = await search("zz-1", { limit: 2 });
    expect(hits.map((h) => [h.title, h.exact])).toEqual([
      ["ZZ-1", true],
      ["ZZ-10", false],
    ]);
  });

  it("finds an asset by the number in its tag", async () => {
    const hits = await search("1234");
    expect(hits[0]).toMatchObject({ kind: "ASSET", id: ids.au, highlight: "AU-00«1234»" });
  });

  it("finds an asset by its serial number, exact first", async () => {
    const hits = await search("sn-abc-123");
    expect(hits[0]).toMatchObject({ kind: "ASSET", id: ids.lx102, code: "LX-000102", subtitle: "Moving Head Spot 575 · S/N SN-ABC-123", exact: false });
    expect(hits[0]?.score).toBeGreaterThanOrEqual(3);
    const partial = await search("SN-AB");
    expect(partial[0]).toMatchObject({ id: ids.lx102 });
    expect(partial[0]?.score).toBeLessThan(3);
  });

  it.each([
    ["shu-sm58", "PRODUCT", "sm58"],
    ["case-amp-1", "CASE", "ampRack"],
    ["KIT-VOX", "KIT", "vox"],
  ] as const)("puts the exact code %s first", async (query, kind, key) => {
    const [first] = await search(query);
    expect(first).toMatchObject({ kind, id: ids[key], exact: true });
  });

  it("finds products by code words, names and tags", async () => {
    expect((await search("sm58")).map((h) => h.id)).toEqual(expect.arrayContaining([ids.sm58, ids.au]));
    expect((await search("microphone"))[0]?.id).toBe(ids.sm58);
    expect((await search("discharge"))[0]?.id).toBe(ids.spot);
  });

  it("finds cases and kits by name, also misspelled", async () => {
    expect(await search("amp rak")).toEqual([expect.objectContaining({ kind: "CASE", id: ids.ampRack, subtitle: "Main warehouse", highlight: "«Amp» Rack 1" })]);
    expect((await search("vocal"))[0]).toMatchObject({ kind: "KIT", id: ids.vox, subtitle: "Four vocal microphones", highlight: "«Vocal» Mic Kit" });
    expect((await search("cable trnk"))[0]).toMatchObject({ kind: "CASE", id: ids.trunk });
  });

  it("filters by kind", async () => {
    expect(await search("moving head", { kinds: ["CASE", "KIT"] })).toEqual([]);
    const products = await search("LX-0001 moving", { kinds: ["PRODUCT"] });
    expect(products.every((h) => h.kind === "PRODUCT")).toBe(true);
    const assets = await search("LX-0001", { kinds: ["ASSET"] });
    expect(assets).toHaveLength(3);
  });

  it("cuts at the limit, best first", async () => {
    const all = await search("lx-0001");
    const two = await search("lx-0001", { limit: 2 });
    expect(two).toEqual(all.slice(0, 2));
  });

  it.each([["   "], ["'&|!:*"], ["%_\\"], ["(("], ["é"], ["a".repeat(200)]])("answers %j without error", async (query) => {
    const hits = await search(query);
    expect(Array.isArray(hits)).toBe(true);
  });

  it("treats LIKE wildcards as text", async () => {
    expect(await search("LX-00010_")).toEqual([]);
    expect(await search("%")).toEqual([]);
  });

  it("needs inventory.read", async () => {
    expect(await failure(service.search(caller([]), { query: "x", kinds: [], limit: 0 }))).toMatchObject({ code: "PERMISSION_DENIED" });
  });
});

describe("ResolveCode", () => {
  it("resolves an asset tag, case-insensitively and trimmed", async () => {
    const resolved = await service.resolveCode(ctx, "  lx-000101 ");
    expect(resolved).toMatchObject({
      kind: "ASSET",
      asset: {
        id: ids.lx101,
        productId: ids.spot,
        productName: "Moving Head Spot 575",
        tag: "LX-000101",
        status: "AVAILABLE",
        locationId: ids.warehouse,
        caseId: null,
        purchaseDate: "2024-02-29",
        purchaseCost: { amountMinor: 123456n, currency: "EUR" },
        version: 1,
      },
    });
  });

  it("resolves a case", async () => {
    expect(await service.resolveCode(ctx, "CASE-AMP-1")).toEqual({
      kind: "CASE",
      case: { id: ids.ampRack, code: "CASE-AMP-1", name: "Amp Rack 1", kind: "PERMANENT", locationId: ids.warehouse, parentCaseId: null, version: 1 },
    });
  });

  it("resolves a serialized product with its rentable units and accessories", async () => {
    const resolved = await service.resolveCode(ctx, "mh-575");
    expect(resolved.kind).toBe("PRODUCT");
    if (resolved.kind !== "PRODUCT") return;
    expect(resolved.product).toMatchObject({
      id: ids.spot,
      name: "Moving Head Spot 575",
      tracking: "SERIALIZED",
      tags: ["lighting", "spot"],
      quantityOwned: 2, // the retired unit does not count
      accessories: [{ productId: ids.soca, quantity: 2, charged: true, productName: "Socapex 19-pin 25m" }],
      dayRate: { amountMinor: 0n, currency: "EUR" },
      volumeCm3: 0n,
    });
  });

  it("resolves a bulk product with its stock over all locations", async () => {
    const resolved = await service.resolveCode(ctx, "SOCA-25");
    expect(resolved).toMatchObject({ kind: "PRODUCT", product: { id: ids.soca, tracking: "BULK", quantityOwned: 42 } });
  });

  it("resolves a kit with its items in order", async () => {
    const resolved = await service.resolveCode(ctx, "kit-vox");
    expect(resolved).toMatchObject({
      kind: "KIT",
      kit: {
        id: ids.vox,
        name: "Vocal Mic Kit",
        items: [
          { productId: ids.sm58, quantity: 4, optional: false, productName: "Shure SM58" },
          { productId: ids.soca, quantity: 1, optional: true, productName: "Socapex 19-pin 25m" },
        ],
      },
    });
  });

  it.each([["NOPE-1"], ["LX-00010"], ["   "], ["sn-abc-123"]])("refuses unknown code %j", async (code) => {
    expect(await failure(service.resolveCode(ctx, code))).toMatchObject({ code: "CODE_NOT_FOUND" });
  });

  it("needs inventory.read", async () => {
    expect(await failure(service.resolveCode(caller(["inventory.manage"]), "LX-000101"))).toMatchObject({ code: "PERMISSION_DENIED" });
  });
});

describe("RenderLabels", () => {
  it("prints a Code128 A4 sheet whose every code decodes, over two pages", async () => {
    const { db } = database;
    const product = await newProduct(db, { name: "Robe MegaPointe" });
    const assetIds: string[] = [];
    for (let i = 1; i <= 24; i += 1) assetIds.push(await newAsset(db, product, ids.warehouse, { tag: `MP-${String(i).padStart(4, "0")}` }));
    const rendered = await service.renderLabels(ctx, { assetIds, caseIds: [ids.trunk], layout: "A4_3X8", symbology: "CODE128" });
    expect(rendered.labelCount).toBe(25);
    expect(Buffer.from(rendered.pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    expect(await pdfPageCount(rendered.pdf)).toBe(2);
    const expected = [...Array.from({ length: 24 }, (_, i) => `MP-${String(i + 1).padStart(4, "0")}`), "CASE-TRUNK-7"];
    expect(await decodeLabels(rendered.pdf, "A4_3X8", 25)).toEqual(expected);
    const text = await pdfText(rendered.pdf);
    expect(text).toContain("Robe MegaPointe");
    expect(text).toContain("MP-0001");
    expect(text).toContain("Cable Trunk");
  });

  it("prints QR labels one per page, any text included", async () => {
    const { db } = database;
    const amp = await newCase(db, ids.warehouse, { code: "VERSTÄRKER-1", name: "Усилитель Rack ñ" });
    const rendered = await service.renderLabels(ctx, { assetIds: [ids.lx102, ids.au], caseIds: [amp], layout: "SINGLE_62X29", symbology: "QR" });
    expect(rendered.labelCount).toBe(3);
    expect(await pdfPageCount(rendered.pdf)).toBe(3);
    expect(await decodeLabels(rendered.pdf, "SINGLE_62X29", 3)).toEqual(["LX-000102", "AU-001234", "VERSTÄRKER-1"]);
    const text = await pdfText(rendered.pdf);
    expect(text).toContain("Shure SM58");
    // Without an embedded Unicode font, names fall back to Latin-1 with "?" for the rest.
    expect(text).toContain(labelFonts().unicode ? "Усилитель Rack ñ" : "????????? Rack ñ");
  });

  it("is the same file for the same labels", async () => {
    const input = { assetIds: [ids.lx101], caseIds: [], layout: "A4_3X8", symbology: "QR" } as const;
    const a = await service.renderLabels(ctx, input);
    const b = await service.renderLabels(ctx, input);
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
  });

  it("refuses an unknown asset or case, naming it", async () => {
    const missing = "00000000-0000-4000-8000-000000000001";
    expect(await failure(service.renderLabels(ctx, { assetIds: [ids.lx101, missing], caseIds: [], layout: "A4_3X8", symbology: "QR" }))).toEqual({
      code: "ASSET_NOT_FOUND",
      metadata: { id: missing },
    });
    expect(await failure(service.renderLabels(ctx, { assetIds: [], caseIds: [missing], layout: "A4_3X8", symbology: "QR" }))).toEqual({
      code: "CASE_NOT_FOUND",
      metadata: { id: missing },
    });
  });

  it("refuses Code128 for a code beyond ASCII", async () => {
    const { db } = database;
    const odd = await newCase(db, ids.warehouse, { code: "KOFFER-Ü2" });
    expect(await failure(service.renderLabels(ctx, { assetIds: [], caseIds: [odd], layout: "SINGLE_62X29", symbology: "CODE128" }))).toEqual({
      code: "CODE_NOT_ENCODABLE",
      metadata: { code: "KOFFER-Ü2", symbology: "CODE128" },
    });
  });

  it("needs inventory.read", async () => {
    expect(await failure(service.renderLabels(caller([]), { assetIds: [ids.lx101], caseIds: [], layout: "A4_3X8", symbology: "QR" }))).toMatchObject({ code: "PERMISSION_DENIED" });
  });
});
