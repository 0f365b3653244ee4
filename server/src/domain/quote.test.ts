import { describe, expect, it } from "vitest";
import { defaultCurve } from "./pricing.js";
import { assertDecision, assertDraft, assertRevisable, casePrice, compareLines, effectiveStatus, linesFromPullList, type QuoteLine, type StoredQuoteStatus } from "./quote.js";

function code(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (error) {
    return (error as { code: string }).code;
  }
}

const day = (d: number) => new Date(Date.UTC(2026, 5, d));

describe("quote status", () => {
  it("a sent version past its validity date is expired", () => {
    expect(effectiveStatus("SENT", day(10), day(9))).toBe("SENT");
    expect(effectiveStatus("SENT", day(10), day(10))).toBe("EXPIRED");
    expect(effectiveStatus("ACCEPTED", day(10), day(11))).toBe("ACCEPTED");
    expect(effectiveStatus("DRAFT", day(10), day(11))).toBe("DRAFT");
  });

  it.each<[StoredQuoteStatus, StoredQuoteStatus, number, number, Date, string]>([
    ["DRAFT", "SENT", 1, 1, day(1), "ok"],
    ["SENT", "ACCEPTED", 1, 1, day(1), "ok"],
    ["SENT", "DECLINED", 1, 1, day(1), "ok"],
    ["SENT", "ACCEPTED", 1, 1, day(20), "QUOTE_EXPIRED"],
    ["SENT", "DECLINED", 1, 1, day(20), "ok"],
    ["DRAFT", "ACCEPTED", 1, 1, day(1), "TRANSITION_NOT_ALLOWED"],
    ["ACCEPTED", "DECLINED", 1, 1, day(1), "TRANSITION_NOT_ALLOWED"],
    ["SENT", "SENT", 1, 1, day(1), "TRANSITION_NOT_ALLOWED"],
    ["SENT", "ACCEPTED", 1, 2, day(1), "VERSION_NOT_LATEST"],
  ])("%s → %s (v%i of %i) → %s", (status, to, version, latest, now, expected) => {
    expect(code(() => { assertDecision({ status, to, version, latest, validUntil: day(10), now }); })).toBe(expected);
  });

  it("only drafts change; only the latest non-draft is revised", () => {
    expect(code(() => { assertDraft("DRAFT", 1); })).toBe("ok");
    expect(code(() => { assertDraft("SENT", 1); })).toBe("VERSION_NOT_DRAFT");
    expect(code(() => { assertDraft("ACCEPTED", 1); })).toBe("VERSION_NOT_DRAFT");
    expect(code(() => { assertRevisable("SENT", 2, 2); })).toBe("ok");
    expect(code(() => { assertRevisable("DECLINED", 2, 2); })).toBe("ok");
    expect(code(() => { assertRevisable("SENT", 1, 2); })).toBe("VERSION_NOT_LATEST");
    expect(code(() => { assertRevisable("DRAFT", 2, 2); })).toBe("TRANSITION_NOT_ALLOWED");
  });
});

const ql = (key: string, over: Partial<QuoteLine> = {}): QuoteLine => ({
  key,
  section: "Audio",
  kind: "EQUIPMENT",
  productId: undefined,
  kitId: undefined,
  categoryId: undefined,
  description: key,
  unit: "",
  quantity: 1,
  days: 1,
  factorMilli: 1000,
  unitPriceMinor: 100n,
  discountBp: 0,
  taxRateBp: 1900,
  ...over,
});

describe("version comparison", () => {
  it("matches lines by key: changed fields, added, removed, unchanged", () => {
    const diff = compareLines([ql("a"), ql("b"), ql("c")], [ql("a"), ql("c", { quantity: 2, unitPriceMinor: 90n }), ql("d")]);
    expect(diff.map((d) => [d.key, d.change, d.fields])).toEqual([
      ["a", "UNCHANGED", []],
      ["c", "CHANGED", ["quantity", "unitPriceMinor"]],
      ["d", "ADDED", []],
      ["b", "REMOVED", []],
    ]);
  });
});

describe("lines from a pull list", () => {
  it("prices products, assets and kits by the curve; a kit as a unit carries its components, a kit per item is its components", () => {
    let n = 0;
    const base = { productId: undefined, kitId: undefined, categoryId: undefined, isKitComponent: false, kitPricing: undefined, quantity: 1, dayRateMinor: 0n, contents: [] };
    const lines = linesFromPullList(
      [
        { ...base, sectionName: "Audio", kind: "PRODUCT", productId: "p1", categoryId: "audio", title: "K2", quantity: 4, dayRateMinor: 8000n },
        { ...base, sectionName: "Light", kind: "KIT", kitId: "k1", title: "Spot kit", kitPricing: "AS_UNIT", dayRateMinor: 15000n },
        { ...base, sectionName: "Light", kind: "PRODUCT", productId: "p2", title: "Spot", isKitComponent: true, kitPricing: "AS_UNIT", quantity: 4 },
        { ...base, sectionName: "Light", kind: "KIT", kitId: "k2", title: "Wash kit", kitPricing: "PER_ITEM", dayRateMinor: 99n },
        { ...base, sectionName: "Light", kind: "PRODUCT", productId: "p3", title: "Wash", isKitComponent: true, kitPricing: "PER_ITEM", quantity: 2, dayRateMinor: 3000n },
      ],
      { days: 3, companyId: undefined, curves: [{ companyId: undefined, categoryId: "audio", points: [{ days: 1, factorMilli: 1000 }, { days: 3, factorMilli: 1800 }] }], taxRateBp: 1900, newKey: () => `k${++n}` },
    );
    expect(lines.map((l) => [l.key, l.section, l.description, l.quantity, l.days, l.factorMilli, l.unitPriceMinor])).toEqual([
      ["k1", "Audio", "K2", 4, 3, 1800, 8000n],
      ["k2", "Light", "Spot kit", 1, 3, 2000, 15000n],
      ["k3", "Light", "Wash", 2, 3, 2000, 3000n],
    ]);
    expect(defaultCurve[2]?.factorMilli).toBe(2000);
  });

  it("prices a permanent case as one line: the sum of its contents, on the curve of the category carrying most of it", () => {
    const base = { productId: undefined, kitId: undefined, categoryId: undefined, isKitComponent: false, kitPricing: undefined, quantity: 1, dayRateMinor: 0n };
    const lines = linesFromPullList(
      [
        {
          ...base,
          sectionName: "Audio",
          kind: "CASE",
          title: "RACK-1 · Amp rack",
          contents: [
            { productId: "amp", categoryId: "audio", quantity: 1, dayRateMinor: 9000n },
            { productId: "amp", categoryId: "audio", quantity: 1, dayRateMinor: 9000n },
            { productId: "cable", categoryId: "cables", quantity: 12, dayRateMinor: 150n },
          ],
        },
        { ...base, sectionName: "Audio", kind: "CASE", title: "EMPTY · Empty trunk", contents: [] },
      ],
      {
        days: 3,
        companyId: undefined,
        curves: [
          { companyId: undefined, categoryId: "audio", points: [{ days: 1, factorMilli: 1000 }, { days: 3, factorMilli: 1800 }] },
          { companyId: undefined, categoryId: "cables", points: [{ days: 1, factorMilli: 1000 }, { days: 3, factorMilli: 1200 }] },
        ],
        taxRateBp: 1900,
        newKey: () => "k",
      },
    );
    expect(lines.map((l) => [l.description, l.quantity, l.categoryId, l.factorMilli, l.unitPriceMinor, l.productId, l.kitId])).toEqual([
      ["RACK-1 · Amp rack", 1, "audio", 1800, 19800n, undefined, undefined],
      ["EMPTY · Empty trunk", 1, undefined, 2000, 0n, undefined, undefined],
    ]);
  });
});

describe("casePrice", () => {
  it("sums units and bulk at their rates and leads with the category of the largest value", () => {
    expect(
      casePrice([
        { productId: "a", categoryId: "light", quantity: 2, dayRateMinor: 1000n },
        { productId: "b", categoryId: "audio", quantity: 1, dayRateMinor: 2500n },
      ]),
    ).toEqual({ dayRateMinor: 4500n, categoryId: "audio" });
  });

  it("breaks a tie in value by the category of more units, then by the smaller id", () => {
    expect(
      casePrice([
        { productId: "a", categoryId: "light", quantity: 4, dayRateMinor: 500n },
        { productId: "b", categoryId: "audio", quantity: 1, dayRateMinor: 2000n },
      ]).categoryId,
    ).toBe("light");
    expect(
      casePrice([
        { productId: "a", categoryId: "zeta", quantity: 1, dayRateMinor: 500n },
        { productId: "b", categoryId: "alpha", quantity: 1, dayRateMinor: 500n },
      ]).categoryId,
    ).toBe("alpha");
  });

  it("gives an empty case no price and no category; uncategorised contents lead with no category", () => {
    expect(casePrice([])).toEqual({ dayRateMinor: 0n, categoryId: undefined });
    expect(casePrice([{ productId: "a", categoryId: undefined, quantity: 3, dayRateMinor: 700n }, { productId: "b", categoryId: "x", quantity: 1, dayRateMinor: 100n }])).toEqual({ dayRateMinor: 2200n, categoryId: undefined });
  });
});
