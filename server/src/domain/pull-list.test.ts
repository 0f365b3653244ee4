import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accessoryLines, assertQuantity, eventNumber, kitComponents, kitShortage, lineShortages, mergeTarget, planLines, rescale, subtree, type MergeCandidate } from "./pull-list.js";

function ids() {
  let n = 0;
  return () => `l${++n}`;
}

function code(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe("quantities and numbers", () => {
  it.each([
    [1, "ok"],
    [100_000, "ok"],
    [0, "INVALID_QUANTITY"],
    [-2, "INVALID_QUANTITY"],
    [1.5, "INVALID_QUANTITY"],
    [100_001, "INVALID_QUANTITY"],
  ])("quantity %d → %s", (quantity, expected) => {
    expect(code(() => { assertQuantity(quantity); })).toBe(expected);
  });

  it.each([
    ["EV-", 42, "EV-0042"],
    ["", 7, "0007"],
    ["JOB-2031-", 123456, "JOB-2031-123456"],
  ])("event number %s + %d = %s", (prefix, n, expected) => {
    expect(eventNumber(prefix, n)).toBe(expected);
  });
});

describe("kits", () => {
  const items = [
    { productId: "head", quantity: 4, optional: false },
    { productId: "cable", quantity: 4, optional: false },
    { productId: "spare", quantity: 1, optional: true },
  ];

  it.each([
    [1, false, [["head", 4], ["cable", 4]]],
    [3, false, [["head", 12], ["cable", 12]]],
    [2, true, [["head", 8], ["cable", 8], ["spare", 2]]],
  ])("%d kits (optional %s)", (kits, optional, expected) => {
    expect(kitComponents(items, kits, optional).map((c) => [c.productId, c.quantity])).toEqual(expected);
  });

  it("refuses a kit quantity that is not a positive whole number", () => {
    expect(code(() => kitComponents(items, 0, false))).toBe("INVALID_QUANTITY");
  });

  it("plans a header, its components, and accessories of components not already in the kit", () => {
    const accessories = [
      { productId: "head", accessoryProductId: "clamp", quantity: 2 },
      { productId: "head", accessoryProductId: "cable", quantity: 1 },
      { productId: "other", accessoryProductId: "x", quantity: 1 },
    ];
    const lines = planLines({ kind: "KIT", kitId: "k", quantity: 2, items, includeOptional: false }, accessories, ids());
    expect(lines.map((l) => [l.id, l.kind, l.productId ?? l.kitId, l.quantity, l.parentLineId, l.accessory])).toEqual([
      ["l1", "KIT", "k", 2, null, false],
      ["l2", "PRODUCT", "head", 8, "l1", false],
      ["l3", "PRODUCT", "cable", 8, "l1", false],
      ["l4", "PRODUCT", "clamp", 16, "l2", true],
    ]);
  });
});

describe("permanent cases", () => {
  it("are one line of quantity 1 with no accessories: the case is packed already", () => {
    let n = 0;
    const lines = planLines({ kind: "CASE", caseId: "rack" }, [{ productId: "amp", accessoryProductId: "cable", quantity: 2 }], () => `l${++n}`);
    expect(lines).toEqual([{ id: "l1", kind: "CASE", productId: null, assetId: null, kitId: null, caseId: "rack", parentLineId: null, quantity: 1, accessory: false }]);
  });
});

describe("accessories", () => {
  it("come with a product or an asset, multiplied, as children", () => {
    const accessories = [{ productId: "wash", accessoryProductId: "hook", quantity: 2 }];
    expect(planLines({ kind: "PRODUCT", productId: "wash", quantity: 3 }, accessories, ids()).map((l) => [l.productId, l.quantity, l.parentLineId, l.accessory])).toEqual([
      ["wash", 3, null, false],
      ["hook", 6, "l1", true],
    ]);
    expect(planLines({ kind: "ASSET", assetId: "a1", productId: "wash" }, accessories, ids()).map((l) => [l.kind, l.assetId, l.quantity])).toEqual([
      ["ASSET", "a1", 1],
      ["PRODUCT", null, 2],
    ]);
  });

  it("skip products already in the group", () => {
    const lines = accessoryLines([{ id: "p", productId: "wash", quantity: 1 }], [{ productId: "wash", accessoryProductId: "hook", quantity: 1 }], new Set(["hook"]), ids());
    expect(lines).toEqual([]);
  });

  it("merge into the section's own line of the same product, never into kit parts, accessories or sub-hires", () => {
    const base: MergeCandidate = { id: "x", kind: "PRODUCT", sectionId: "s", productId: "wash", parentLineId: null, accessory: false, source: "OWN_STOCK" };
    const add = { sectionId: "s", productId: "wash", source: "OWN_STOCK" };
    expect(mergeTarget([base], add)?.id).toBe("x");
    expect(mergeTarget([{ ...base, sectionId: "t" }], add)).toBeUndefined();
    expect(mergeTarget([{ ...base, parentLineId: "kit" }], add)).toBeUndefined();
    expect(mergeTarget([{ ...base, accessory: true }], add)).toBeUndefined();
    expect(mergeTarget([{ ...base, source: "SUPPLIER" }], add)).toBeUndefined();
    expect(mergeTarget([{ ...base, kind: "ASSET" }], add)).toBeUndefined();
    expect(mergeTarget([base], { ...add, source: "PARTNER" })).toBeUndefined();
  });
});

describe("groups", () => {
  const tree = [
    { id: "kit", parentLineId: null, quantity: 2 },
    { id: "head", parentLineId: "kit", quantity: 8 },
    { id: "clamp", parentLineId: "head", quantity: 16 },
    { id: "odd", parentLineId: "kit", quantity: 3 },
    { id: "other", parentLineId: null, quantity: 5 },
  ];

  it("a subtree is the line and everything under it", () => {
    expect(subtree(tree, "kit").map((l) => l.id)).toEqual(["kit", "head", "clamp", "odd"]);
    expect(subtree(tree, "head").map((l) => l.id)).toEqual(["head", "clamp"]);
  });

  it.each([
    ["kit", 3, { kit: 3, head: 12, clamp: 24, odd: 5 }],
    ["kit", 1, { kit: 1, head: 4, clamp: 8, odd: 2 }],
    ["head", 4, { head: 4, clamp: 8 }],
    ["other", 7, { other: 7 }],
  ])("rescaling %s to %d", (root, to, expected) => {
    expect(Object.fromEntries(rescale(tree, root, to))).toEqual(expected);
  });

  it("rescaling never goes below one, and scaling back restores exact multiples", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 50 }), (kits, perKit, to) => {
        const lines = [
          { id: "k", parentLineId: null, quantity: kits },
          { id: "c", parentLineId: "k", quantity: kits * perKit },
        ];
        const scaled = rescale(lines, "k", to);
        expect(scaled.get("c")).toBe(to * perKit);
        expect(Math.min(...scaled.values())).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});

describe("line shortages", () => {
  it("spread what is free over the product's lines in list order; sub-hires lack nothing and add to what is free", () => {
    const lines = [
      { id: "a", productId: "p", quantity: 4, ownStock: true },
      { id: "b", productId: "q", quantity: 2, ownStock: true },
      { id: "c", productId: "p", quantity: 3, ownStock: true },
      { id: "d", productId: "p", quantity: 2, ownStock: false },
    ];
    expect(Object.fromEntries(lineShortages(lines, new Map([["p", 5], ["q", -1]]), new Map()))).toEqual({ a: 0, b: 2, c: 2, d: 0 });
    expect(Object.fromEntries(lineShortages(lines, new Map([["p", 5], ["q", 3]]), new Map([["p", 2]])))).toEqual({ a: 0, b: 0, c: 0, d: 0 });
  });

  it("sum to the product's shortage", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: -10, max: 60 }), fc.integer({ min: 0, max: 10 }), (quantities, free, sub) => {
        const lines = quantities.map((quantity, i) => ({ id: String(i), productId: "p", quantity, ownStock: true }));
        const total = [...lineShortages(lines, new Map([["p", free]]), new Map([["p", sub]])).values()].reduce((a, b) => a + b, 0);
        const needed = quantities.reduce((a, b) => a + b, 0);
        expect(total).toBe(Math.max(0, needed - Math.max(0, free) - sub));
      }),
    );
  });

  it.each([
    [3, [{ quantity: 3, shortage: 1 }, { quantity: 6, shortage: 0 }], 1],
    [3, [{ quantity: 6, shortage: 3 }], 2],
    [2, [{ quantity: 8, shortage: 8 }], 2],
    [2, [], 0],
  ])("a kit header of %d kits lacks whole kits: %j → %d", (kits, components, expected) => {
    expect(kitShortage(kits, components)).toBe(expected);
  });
});
