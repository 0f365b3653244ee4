import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyProductMask,
  assertAccessoryList,
  assertCategoryMove,
  assertLocationParent,
  assertMoney,
  assertProductUnused,
  assertTrackingChange,
  assetCsvTable,
  categoryPathKey,
  checkAssetRows,
  checkProductRows,
  depthFirst,
  findAccessoryCycle,
  formatMoney,
  generatedTag,
  isIsoDate,
  normalizeProductDraft,
  normalizeTags,
  pairSerials,
  parseMoney,
  planAssetUpdate,
  productCsvTable,
  readAssetRows,
  readProductRows,
  repeatedCodes,
  tagSeries,
  type AccessoryEdge,
  type ProductDraft,
  type ProductUsage,
} from "./catalogue.js";
import { parseCsvText } from "./csv.js";
import type { Asset } from "./inventory.js";

function code(run: () => unknown): string {
  try {
    run();
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

function csv(text: string) {
  return parseCsvText(text);
}

const eur = (amountMinor: bigint) => ({ amountMinor, currency: "EUR" });

const draft: ProductDraft = {
  code: "MH-1",
  name: "Moving head",
  description: "",
  categoryId: null,
  tracking: "SERIALIZED",
  dayRate: eur(4500n),
  replacementValue: eur(250000n),
  dimensions: { weightGrams: 21000, lengthMm: 400, widthMm: 300, heightMm: 600 },
  tags: ["lighting"],
  customFields: { dmx: "16ch" },
  accessories: [],
  inspectionIntervalDays: 365,
  archived: false,
};

describe("depthFirst", () => {
  it("orders depth-first, siblings by name (naturally), with the path from the root", () => {
    const nodes = [
      { id: "3", parentId: "1", name: "Spots" },
      { id: "1", parentId: null, name: "Lighting" },
      { id: "2", parentId: "1", name: "Moving heads" },
      { id: "4", parentId: null, name: "audio" },
      { id: "5", parentId: "4", name: "Shelf 10" },
      { id: "6", parentId: "4", name: "Shelf 2" },
      { id: "7", parentId: "missing", name: "Orphan" },
    ];
    expect(depthFirst(nodes).map((n) => [n.id, n.path.join("/"), n.depth])).toEqual([
      ["4", "audio", 0],
      ["6", "audio/Shelf 2", 1],
      ["5", "audio/Shelf 10", 1],
      ["1", "Lighting", 0],
      ["2", "Lighting/Moving heads", 1],
      ["3", "Lighting/Spots", 1],
    ]);
  });

  it("lists every node of a forest once, each after its parent", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 3 })), { maxLength: 30 }), (spec) => {
        // Node i's parent is an earlier node (or none): always a forest.
        const nodes = spec.map(([p, name], i) => ({ id: `n${i}`, parentId: i === 0 || p % (i + 1) === i ? null : `n${p % i}`, name }));
        const out = depthFirst(nodes);
        expect(out.map((n) => n.id).sort()).toEqual(nodes.map((n) => n.id).sort());
        const position = new Map(out.map((n, i) => [n.id, i]));
        for (const n of out) {
          if (n.parentId !== null) {
            const parent = out[position.get(n.parentId) ?? -1];
            expect(parent?.path).toEqual(n.path.slice(0, -1));
            expect(position.get(n.parentId)).toBeLessThan(position.get(n.id) ?? -1);
          }
        }
      }),
    );
  });
});

describe("category and location trees", () => {
  it.each([
    ["moves under an unrelated branch", "c", ["b", "a"], "ok"],
    ["moves under itself", "c", ["c"], "CATEGORY_CYCLE"],
    ["moves under its grandchild", "a", ["c", "b", "a"], "CATEGORY_CYCLE"],
  ])("%s", (_name, id, ancestors, expected) => {
    expect(code(() => { assertCategoryMove(id, ancestors); })).toBe(expected);
  });

  it.each([
    ["WAREHOUSE", undefined, "ok"],
    ["ZONE", undefined, "INVALID_LOCATION_KIND"],
    ["WAREHOUSE", { id: "w", kind: "WAREHOUSE", archived: false }, "INVALID_LOCATION_KIND"],
    ["ZONE", { id: "w", kind: "WAREHOUSE", archived: false }, "ok"],
    ["ZONE", { id: "z", kind: "ZONE", archived: false }, "ok"],
    ["BIN", { id: "s", kind: "SHELF", archived: false }, "ok"],
    ["ZONE", { id: "s", kind: "SHELF", archived: false }, "INVALID_LOCATION_KIND"],
    ["SHELF", { id: "z", kind: "ZONE", archived: true }, "LOCATION_ARCHIVED"],
  ] as const)("a %s in %j: %s", (kind, parent, expected) => {
    expect(code(() => { assertLocationParent(kind, parent); })).toBe(expected);
  });
});

describe("money and dates", () => {
  it.each([
    ["12.50", 1250n, "EUR"],
    ["12.5", 1250n, "EUR"],
    ["12", 1200n, "EUR"],
    ["12.50 usd", 1250n, "USD"],
    ["CHF 3.05", 305n, "CHF"],
    ["1500 JPY", 1500n, "JPY"],
    ["1.234 KWD", 1234n, "KWD"],
    ["0", 0n, "EUR"],
  ])("parses %j", (text, amountMinor, currency) => {
    expect(parseMoney(text)).toEqual({ amountMinor, currency });
  });

  it.each(["", "12.505", "-1", "1,50", "12.50 EUR USD", "EUR 1 USD", "12 XYZ", "1.5 JPY", "abc", "99999999999999999"])("refuses %j", (text) => {
    expect(parseMoney(text)).toBeUndefined();
  });

  it("formats what it parses back", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.constantFrom("EUR", "JPY", "KWD", "GBP"), (amountMinor, currency) => {
        expect(parseMoney(formatMoney({ amountMinor, currency }))).toEqual({ amountMinor, currency });
      }),
    );
    expect(formatMoney(eur(5n))).toBe("0.05 EUR");
    expect(formatMoney({ amountMinor: 1500n, currency: "JPY" })).toBe("1500 JPY");
  });

  it.each([
    ["zero", eur(0n), "ok"],
    ["negative", eur(-1n), "INVALID_MONEY"],
    ["unknown currency", { amountMinor: 1n, currency: "XYZ" }, "INVALID_MONEY"],
  ])("checks %s money", (_name, money, expected) => {
    expect(code(() => { assertMoney("day_rate", money); })).toBe(expected);
  });

  it.each([
    ["2024-02-29", true],
    ["2023-02-29", false],
    ["2024-13-01", false],
    ["2024-1-01", false],
    ["", false],
  ])("%j is a date: %s", (text, expected) => {
    expect(isIsoDate(text)).toBe(expected);
  });
});

describe("tags of products", () => {
  it("normalizes: trimmed, single-spaced, lower case, unique, sorted", () => {
    expect(normalizeTags([" Outdoor ", "LED  wash", "outdoor", "", "  "])).toEqual(["led wash", "outdoor"]);
  });

  it("is idempotent", () => {
    fc.assert(fc.property(fc.array(fc.string()), (tags) => { expect(normalizeTags(normalizeTags(tags))).toEqual(normalizeTags(tags)); }));
  });
});

describe("accessories", () => {
  it.each([
    ["none", "p", [], "ok"],
    ["itself", "p", ["p"], "ACCESSORY_OF_ITSELF"],
    ["twice", "p", ["a", "a"], "DUPLICATE_ACCESSORY"],
    ["a new product", undefined, ["a", "b"], "ok"],
  ])("%s", (_name, productId, ids, expected) => {
    expect(code(() => { assertAccessoryList(productId, ids.map((id) => ({ productId: id, quantity: 1, charged: false }))); })).toBe(expected);
  });

  it.each([
    ["A→B, B→A", "A", ["B"], [["B", "A"]], ["A", "B", "A"]],
    ["A→B→C→A", "A", ["B"], [["B", "C"], ["C", "A"]], ["A", "B", "C", "A"]],
    ["A→B→C, no way back", "A", ["B"], [["B", "C"], ["C", "D"]], undefined],
    ["the product's old links are replaced", "A", ["B"], [["A", "C"], ["C", "A"]], undefined],
    ["diamond without loop", "A", ["B", "C"], [["B", "D"], ["C", "D"]], undefined],
  ] as const)("%s", (_name, product, accessories, edges, expected) => {
    const list: AccessoryEdge[] = edges.map(([productId, accessoryProductId]) => ({ productId, accessoryProductId }));
    expect(findAccessoryCycle(product, accessories, list)).toEqual(expected);
  });

  it("finds a loop exactly when the product can reach itself, and the loop is made of links", () => {
    const node = fc.constantFrom("A", "B", "C", "D", "E");
    fc.assert(
      fc.property(fc.array(fc.tuple(node, node)), fc.uniqueArray(node, { maxLength: 3 }), (pairs, accessories) => {
        const edges = pairs.filter(([a, b]) => a !== b && a !== "A").map(([productId, accessoryProductId]) => ({ productId, accessoryProductId }));
        const all = [...edges, ...accessories.filter((a) => a !== "A").map((a) => ({ productId: "A", accessoryProductId: a }))];
        // Naive reachability from A's accessories back to A.
        const reach = new Set<string>(all.filter((e) => e.productId === "A").map((e) => e.accessoryProductId));
        for (let changed = true; changed; ) {
          changed = false;
          for (const e of all) {
            if (reach.has(e.productId) && !reach.has(e.accessoryProductId)) {
              reach.add(e.accessoryProductId);
              changed = true;
            }
          }
        }
        const cycle = findAccessoryCycle("A", accessories.filter((a) => a !== "A"), edges);
        expect(cycle !== undefined).toBe(reach.has("A"));
        if (cycle) {
          expect(cycle[0]).toBe("A");
          expect(cycle.at(-1)).toBe("A");
          for (let i = 0; i + 1 < cycle.length; i++) expect(all.some((e) => e.productId === cycle[i] && e.accessoryProductId === cycle[i + 1])).toBe(true);
        }
      }),
    );
  });
});

describe("asset tags", () => {
  it("makes a zero-padded series", () => {
    const tags = tagSeries({ prefix: "LX-", firstNumber: 1, count: 24, digits: 4 });
    expect(tags).toHaveLength(24);
    expect(tags[0]).toBe("LX-0001");
    expect(tags[23]).toBe("LX-0024");
    expect(tagSeries({ prefix: "", firstNumber: 98, count: 3, digits: 0 })).toEqual(["98", "99", "100"]);
  });

  it.each([
    [{ prefix: "LX-", firstNumber: 95, count: 10, digits: 2 }, "INVALID_TAGS"],
    [{ prefix: "LX-", firstNumber: 90, count: 10, digits: 2 }, "ok"],
    [{ prefix: "", firstNumber: 0, count: 1, digits: 0 }, "ok"],
  ])("checks the width of %j", (series, expected) => {
    expect(code(() => tagSeries(series))).toBe(expected);
  });

  it("gives distinct tags in order", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z-]{0,5}$/), fc.integer({ min: 0, max: 100000 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 12 }), (prefix, firstNumber, count, digits) => {
        const tags = tagSeries({ prefix, firstNumber, count, digits: Math.max(digits, String(firstNumber + count).length) });
        expect(new Set(tags).size).toBe(count);
        expect([...tags].sort()).toEqual(tags);
      }),
    );
  });

  it("generates tags with at least six digits", () => {
    expect(generatedTag(123n)).toBe("A000123");
    expect(generatedTag(1234567n)).toBe("A1234567");
  });

  it("pairs serial numbers with tags", () => {
    expect(pairSerials(["a", "b"], [])).toEqual(["", ""]);
    expect(pairSerials(["a", "b"], [" s1", "s2 "])).toEqual(["s1", "s2"]);
    expect(code(() => pairSerials(["a", "b"], ["s1"]))).toBe("INVALID_TAGS");
  });

  it("finds repeated codes case-insensitively", () => {
    expect(repeatedCodes(["A1", "a2", "a1", "A2", "b"])).toEqual(["a1", "A2"]);
  });
});

describe("applyProductMask", () => {
  const input: ProductDraft = { ...draft, name: "Spot 2", code: "SP-2", dimensions: { weightGrams: 1, lengthMm: 2, widthMm: 3, heightMm: 4 }, tags: ["new"] };

  it("changes only the named fields", () => {
    const { next, touched } = applyProductMask(draft, input, ["name", "tags"]);
    expect(next).toEqual({ ...draft, name: "Spot 2", tags: ["new"] });
    expect([...touched].sort()).toEqual(["name", "tags"]);
  });

  it("changes one dimension", () => {
    const { next, touched } = applyProductMask(draft, input, ["dimensions.weight_grams"]);
    expect(next.dimensions).toEqual({ ...draft.dimensions, weightGrams: 1 });
    expect(draft.dimensions.weightGrams).toBe(21000);
    expect([...touched]).toEqual(["dimensions"]);
  });

  it("replaces everything with *", () => {
    expect(applyProductMask(draft, input, ["*"]).next).toEqual(input);
  });

  it.each([[["nmae"]], [[]], [["name", "dimensions.depth_mm"]], [["dayRate"]]])("refuses %j", (paths) => {
    expect(code(() => applyProductMask(draft, input, paths))).toBe("INVALID_UPDATE_MASK");
  });
});

describe("product rules", () => {
  const unused: ProductUsage = { assets: 0, stockLevels: 0, stockMovements: 0, kitItems: 0, caseContents: 0, accessoryOf: 0 };

  it.each([
    ["SERIALIZED", "BULK", unused, "ok"],
    ["SERIALIZED", "SERIALIZED", { ...unused, assets: 3 }, "ok"],
    ["SERIALIZED", "BULK", { ...unused, assets: 3 }, "TRACKING_LOCKED"],
    ["BULK", "CONSUMABLE", { ...unused, stockMovements: 1 }, "TRACKING_LOCKED"],
    ["BULK", "SERIALIZED", { ...unused, kitItems: 2 }, "ok"],
  ] as const)("tracking %s → %s with %j: %s", (from, to, usage, expected) => {
    expect(code(() => { assertTrackingChange(from, to, usage); })).toBe(expected);
  });

  it("names what still uses a product", () => {
    expect(code(() => { assertProductUnused("p", unused); })).toBe("ok");
    try {
      assertProductUnused("p", { ...unused, assets: 2, kitItems: 1 });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: "PRODUCT_IN_USE", metadata: { productId: "p", assets: "2", kitItems: "1" } });
    }
  });

  it("normalizes a draft and checks its money", () => {
    const normal = normalizeProductDraft({ ...draft, code: " MH-1 ", tags: ["B", " a "], customFields: { " k ": "v", empty: "" } });
    expect(normal).toMatchObject({ code: "MH-1", tags: ["a", "b"], customFields: { k: "v" } });
    expect(code(() => normalizeProductDraft({ ...draft, dayRate: eur(-5n) }))).toBe("INVALID_MONEY");
  });
});

describe("planAssetUpdate", () => {
  const asset: Asset = {
    id: "a1",
    productId: "p",
    productName: "Spot",
    tag: "LX-0001",
    serialNumber: "",
    status: "AVAILABLE",
    locationId: "loc-1",
    caseId: null,
    purchaseDate: null,
    purchaseCost: eur(0n),
    condition: "",
    notes: "",
    version: 1,
    createdAt: new Date(0),
  };

  it("records status and location changes", () => {
    const plan = planAssetUpdate(asset, { status: "DAMAGED", locationId: "loc-2", serialNumber: " SN1 ", purchaseDate: "2024-03-01" });
    expect(plan.patch).toEqual({ status: "DAMAGED", locationId: "loc-2", serialNumber: "SN1", purchaseDate: "2024-03-01" });
    expect(plan.history).toEqual([
      { kind: "STATUS", from: "AVAILABLE", to: "DAMAGED" },
      { kind: "LOCATION", from: "loc-1", to: "loc-2" },
    ]);
  });

  it("writes no history when nothing moves", () => {
    expect(planAssetUpdate(asset, { status: "AVAILABLE", locationId: "loc-1", notes: "ok", purchaseDate: "" })).toEqual({ patch: { notes: "ok", purchaseDate: null }, history: [] });
  });

  it.each([
    [{ status: "CHECKED_OUT" as const }, asset, "ASSET_CHECKED_OUT"],
    [{ status: "AVAILABLE" as const }, { ...asset, status: "RETIRED" as const }, "ASSET_RETIRED"],
    [{ locationId: "loc-2" }, { ...asset, caseId: "case-1" }, "ASSET_IN_OTHER_CASE"],
    [{ purchaseDate: "2024-02-30" }, asset, "INVALID_DATE"],
    [{ purchaseCost: eur(-1n) }, asset, "INVALID_MONEY"],
  ])("refuses %o", (changes, current, expected) => {
    expect(code(() => planAssetUpdate(current, changes))).toBe(expected);
  });
});

describe("product CSV", () => {
  const header = "code,name,tracking,category,day_rate,weight_grams,tags,accessories,archived,custom.DMX mode";

  it("reads a valid file", () => {
    const { rows, errors } = readProductRows(csv(`${header}\nMH-1,"Spot, 300W",serialized,Lighting > Spots,45.00,21000,LED;Outdoor,CAB-1:2:charged;CLAMP,no,16ch\n`));
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        categoryPath: "Lighting > Spots",
        accessories: [
          { code: "CAB-1", quantity: 2, charged: true },
          { code: "CLAMP", quantity: 1, charged: false },
        ],
        draft: expect.objectContaining({ code: "MH-1", name: "Spot, 300W", tracking: "SERIALIZED", dayRate: eur(4500n), tags: ["led", "outdoor"], archived: false, customFields: { "DMX mode": "16ch" } }) as unknown,
      },
    ]);
  });

  it("reports every problem of every row with line and field", () => {
    const text = [
      "code,name,tracking,day_rate,weight_grams,archived,colour",
      "bad code,,SOMETIMES,12.345,-4,maybe,red",
      "OK-1,Fine,BULK,1,2,true,blue,extra",
    ].join("\n");
    const { errors } = readProductRows(csv(text));
    expect(errors.map((e) => [e.line, e.field, e.reason])).toEqual([
      [1, "colour", "UNKNOWN_COLUMN"],
      [2, "code", "INVALID_FORMAT"],
      [2, "name", "REQUIRED"],
      [2, "tracking", "INVALID_TRACKING"],
      [2, "day_rate", "INVALID_MONEY"],
      [2, "weight_grams", "INVALID_NUMBER"],
      [2, "archived", "INVALID_BOOLEAN"],
      [3, "", "WRONG_FIELD_COUNT"],
    ]);
  });

  it("reports missing and repeated columns on line 1", () => {
    expect(readProductRows(csv("code,code,name\n")).errors.map((e) => [e.line, e.field, e.reason])).toEqual([
      [1, "code", "DUPLICATE_COLUMN"],
      [1, "tracking", "MISSING_COLUMN"],
    ]);
  });

  it("checks codes, categories and accessories against each other and the database", () => {
    const text = [
      "code,name,tracking,category,accessories",
      "A,a,BULK,,B",
      "B,b,BULK,,A",
      "a,dup,BULK,,",
      "TAKEN,t,BULK,Nowhere,GHOST;EXISTING;EXISTING",
      "SELF,s,BULK,lighting >  spots,SELF",
    ].join("\n");
    const { rows, errors } = readProductRows(csv(text));
    expect(errors).toEqual([]);
    const found = checkProductRows(rows, {
      takenCodes: new Map([["taken", "ASSET"]]),
      categoryIdByPath: new Map([[categoryPathKey(["Lighting", "Spots"]), "cat-1"]]),
      productIdByCode: new Map([["existing", "p-1"]]),
    });
    expect(found.map((e) => [e.line, e.field, e.reason])).toEqual([
      [4, "code", "DUPLICATE_CODE"],
      [5, "code", "DUPLICATE_CODE"],
      [5, "category", "UNKNOWN_CATEGORY"],
      [5, "accessories", "UNKNOWN_PRODUCT"],
      [5, "accessories", "DUPLICATE_ACCESSORY"],
      [6, "accessories", "ACCESSORY_OF_ITSELF"],
      [2, "accessories", "ACCESSORY_CYCLE"],
    ]);
    expect(found.find((e) => e.reason === "ACCESSORY_CYCLE")?.message).toContain("A → B → A");
  });

  it("reads back what it exports", () => {
    const exported = productCsvTable([
      {
        ...draft,
        name: "=cmd()",
        description: 'multi\nline, "quoted"',
        categoryPath: "Lighting > Spots",
        accessories: [{ code: "CAB-1", quantity: 2, charged: true }],
        quantityOwned: 4,
        volumeCm3: 72000n,
        updatedAt: new Date("2025-01-01T00:00:00Z"),
      },
    ]);
    expect(exported.records[0]?.[1]).toBe("'=cmd()");
    const text = [exported.header, ...exported.records].map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(",")).join("\n");
    const { rows, errors } = readProductRows(csv(text));
    expect(errors).toEqual([]);
    const { accessories: _accessories, categoryId: _categoryId, ...rest } = draft;
    expect(rows[0]?.draft).toEqual({ ...rest, name: "=cmd()", description: 'multi\nline, "quoted"' });
    expect(rows[0]?.accessories).toEqual([{ code: "CAB-1", quantity: 2, charged: true }]);
    expect(rows[0]?.categoryPath).toBe("Lighting > Spots");
  });
});

describe("asset CSV", () => {
  it("reads rows and checks them against the database", () => {
    const text = [
      "tag,product_code,location_code,serial_number,status,purchase_date,purchase_cost",
      "LX-1,SPOT,BER,SN1,,2024-01-31,100.00",
      ",SPOT,BER,,damaged,,",
      "lx-1,CABLE,GONE,,CHECKED_OUT,2024-02-30,x",
      "USED,OLD,OLDLOC,,,,",
      ",,,,,,",
    ].join("\n");
    const read = readAssetRows(csv(text));
    expect(read.errors.map((e) => [e.line, e.field, e.reason])).toEqual([
      [4, "status", "INVALID_STATUS"],
      [4, "purchase_date", "INVALID_DATE"],
      [4, "purchase_cost", "INVALID_MONEY"],
      [6, "product_code", "REQUIRED"],
      [6, "location_code", "REQUIRED"],
    ]);
    expect(read.rows[0]).toMatchObject({ tag: "LX-1", serialNumber: "SN1", status: "AVAILABLE", purchaseDate: "2024-01-31", purchaseCost: eur(10000n) });
    expect(read.rows[1]).toMatchObject({ tag: "", status: "DAMAGED" });
    const checked = checkAssetRows(read.rows, {
      takenCodes: new Map([["used", "CASE"]]),
      productsByCode: new Map([
        ["spot", { id: "p1", tracking: "SERIALIZED", archived: false }],
        ["cable", { id: "p2", tracking: "BULK", archived: false }],
        ["old", { id: "p3", tracking: "SERIALIZED", archived: true }],
      ]),
      locationsByCode: new Map([
        ["ber", { id: "l1", archived: false }],
        ["oldloc", { id: "l2", archived: true }],
      ]),
    });
    expect(checked.map((e) => [e.line, e.field, e.reason])).toEqual([
      [4, "tag", "DUPLICATE_CODE"],
      [4, "product_code", "NOT_SERIALIZED"],
      [4, "location_code", "UNKNOWN_LOCATION"],
      [5, "tag", "DUPLICATE_CODE"],
      [5, "product_code", "PRODUCT_ARCHIVED"],
      [5, "location_code", "LOCATION_ARCHIVED"],
    ]);
  });

  it("exports the columns the import reads", () => {
    const table = assetCsvTable([
      {
        asset: {
          id: "a",
          productId: "p",
          productName: "Spot",
          tag: "LX-1",
          serialNumber: "SN",
          status: "DAMAGED",
          locationId: "l",
          caseId: null,
          purchaseDate: "2024-01-31",
          purchaseCost: eur(100n),
          condition: "-scratched",
          notes: "",
          version: 1,
          createdAt: new Date("2025-01-01T00:00:00Z"),
        },
        productCode: "SPOT",
        locationCode: "BER",
        caseCode: "",
      },
    ]);
    const text = [table.header, ...table.records].map((r) => r.join(",")).join("\n");
    const read = readAssetRows(csv(text));
    expect(read.errors).toEqual([]);
    expect(read.rows[0]).toMatchObject({ tag: "LX-1", productCode: "SPOT", locationCode: "BER", status: "DAMAGED", purchaseCost: eur(100n), condition: "-scratched" });
  });
});
