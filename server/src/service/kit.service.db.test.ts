import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/db.js";
import { caller, newAsset, newLocation, newProduct, rejectionCode, type ProductRow } from "../../test/support/warehouse-factories.js";
import type { DatabaseHandle } from "../store/db.js";
import { KitService, type KitInput } from "./kit.service.js";

let database: DatabaseHandle;
let kits: KitService;
const staff = caller();
let mic: ProductRow;
let stand: ProductRow;
let cable: ProductRow;

beforeAll(async () => {
  database = await createTestDatabase();
  kits = new KitService({ db: database.db, now: () => new Date() });
  mic = await newProduct(database.db, { tracking: "SERIALIZED", name: "SM58" });
  stand = await newProduct(database.db, { tracking: "SERIALIZED", name: "Boom stand" });
  cable = await newProduct(database.db, { tracking: "BULK", name: "XLR 10 m" });
});
afterAll(async () => {
  await database.close();
});

function input(o: Partial<KitInput> = {}): KitInput {
  return {
    code: `KIT-${randomUUID().slice(0, 8)}`,
    name: "Vocal mic kit",
    description: "",
    items: [
      { productId: mic.id, quantity: 1, optional: false },
      { productId: stand.id, quantity: 1, optional: false },
      { productId: cable.id, quantity: 2, optional: true },
    ],
    pricing: "AS_UNIT",
    dayRate: { amountMinor: 2500n, currency: "EUR" },
    archived: false,
    ...o,
  };
}

describe("kits", () => {
  it("creates a kit with its items in order, with product names", async () => {
    const kit = await kits.createKit(staff, input({ code: "VOX-1" }));
    expect(kit).toMatchObject({ code: "VOX-1", pricing: "AS_UNIT", dayRate: { amountMinor: 2500n, currency: "EUR" }, archived: false, version: 1 });
    expect(kit.items).toEqual([
      { productId: mic.id, quantity: 1, optional: false, productName: "SM58" },
      { productId: stand.id, quantity: 1, optional: false, productName: "Boom stand" },
      { productId: cable.id, quantity: 2, optional: true, productName: "XLR 10 m" },
    ]);
    expect(await kits.getKit(staff, kit.id)).toEqual(kit);
  });

  it("keeps codes unique across every scannable code", async () => {
    await kits.createKit(staff, input({ code: "DUP-KIT" }));
    expect(await rejectionCode(kits.createKit(staff, input({ code: "dup-kit" })))).toBe("DUPLICATE_CODE");
    expect(await rejectionCode(kits.createKit(staff, input({ code: mic.code })))).toBe("DUPLICATE_CODE");
    const site = await newLocation(database.db);
    const asset = await newAsset(database.db, { productId: mic.id, locationId: site.id });
    expect(await rejectionCode(kits.createKit(staff, input({ code: asset.tag })))).toBe("DUPLICATE_CODE");
  });

  it.each([
    ["an unknown product", () => input({ items: [{ productId: randomUUID(), quantity: 1, optional: false }] }), "PRODUCT_NOT_FOUND"],
    ["a product twice", () => input({ items: [{ productId: mic.id, quantity: 1, optional: false }, { productId: mic.id, quantity: 2, optional: false }] }), "KIT_ITEM_REPEATED"],
    ["a negative day rate", () => input({ dayRate: { amountMinor: -1n, currency: "EUR" } }), "INVALID_MONEY"],
    ["a made-up currency", () => input({ dayRate: { amountMinor: 1n, currency: "eur" } }), "INVALID_MONEY"],
  ])("refuses %s", async (_name, make, expected) => {
    expect(await rejectionCode(kits.createKit(staff, make()))).toBe(expected);
  });

  it("refuses archived products, except ones already in the kit", async () => {
    const old = await newProduct(database.db, { name: "Old DI box" });
    const kit = await kits.createKit(staff, input({ items: [{ productId: old.id, quantity: 1, optional: false }] }));
    await database.db.updateTable("product").set({ archived: true }).where("id", "=", old.id).execute();
    expect(await rejectionCode(kits.createKit(staff, input({ items: [{ productId: old.id, quantity: 1, optional: false }] })))).toBe("PRODUCT_ARCHIVED");
    const renamed = await kits.updateKit(staff, { kitId: kit.id, version: kit.version, kit: input({ code: kit.code, name: "Renamed", items: kit.items }) });
    expect(renamed.name).toBe("Renamed");
  });

  it("updates with the version it read, replacing the items", async () => {
    const kit = await kits.createKit(staff, input());
    const updated = await kits.updateKit(staff, { kitId: kit.id, version: 1, kit: input({ code: kit.code, pricing: "PER_ITEM", items: [{ productId: cable.id, quantity: 4, optional: false }] }) });
    expect(updated).toMatchObject({ pricing: "PER_ITEM", version: 2, items: [{ productId: cable.id, quantity: 4, optional: false, productName: "XLR 10 m" }] });
    expect(await rejectionCode(kits.updateKit(staff, { kitId: kit.id, version: 1, kit: input({ code: kit.code }) }))).toBe("STALE_VERSION");
    expect(await rejectionCode(kits.updateKit(staff, { kitId: randomUUID(), version: 1, kit: input() }))).toBe("KIT_NOT_FOUND");
    const other = await kits.createKit(staff, input());
    expect(await rejectionCode(kits.updateKit(staff, { kitId: kit.id, version: 2, kit: input({ code: other.code.toUpperCase() }) }))).toBe("DUPLICATE_CODE");
  });

  it("lists by name, hiding archived kits unless asked, matching code or name", async () => {
    const tag = randomUUID().slice(0, 6);
    await kits.createKit(staff, input({ name: `Zeta ${tag}` }));
    await kits.createKit(staff, input({ name: `Alpha ${tag}` }));
    await kits.createKit(staff, input({ name: `Gone ${tag}`, archived: true }));
    expect((await kits.listKits(staff, { includeArchived: false, query: tag })).map((k) => k.name)).toEqual([`Alpha ${tag}`, `Zeta ${tag}`]);
    expect((await kits.listKits(staff, { includeArchived: true, query: tag.toUpperCase() })).map((k) => k.name)).toEqual([`Alpha ${tag}`, `Gone ${tag}`, `Zeta ${tag}`]);
    expect(await rejectionCode(kits.getKit(staff, randomUUID()))).toBe("KIT_NOT_FOUND");
  });

  it("needs inventory.manage to change a kit", async () => {
    expect(await rejectionCode(kits.createKit(caller(["inventory.read"]), input()))).toBe("PERMISSION_DENIED");
  });
});
