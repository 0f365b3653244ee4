// The pure scanning rules: which codes a session takes, how check-out and
// check-in count against the pull list (with property tests), what an undo may
// reverse, and the stocktake report.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AssetStatus } from "./asset.js";
import {
  assertSameScan,
  assertScanFits,
  assertSessionTargets,
  assertUndoable,
  correctionFor,
  parseNotice,
  planCheckIn,
  planCheckOut,
  scanPayload,
  stocktakeDiscrepancies,
  type ResolvedTarget,
  type ScanInput,
  type ScanLine,
  type SessionKind,
  type UnitFacts,
} from "./scanning.js";

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? "thrown";
  }
  return "ok";
}

const input: ScanInput = { sessionId: "s", scanId: "x", code: "A-1", quantity: 0, override: false, overrideNote: "", damaged: false, damageNote: "", remove: false };

function unit(id: string, productId: string, o: Partial<UnitFacts> = {}): UnitFacts {
  return { id, tag: `T-${id}`, productId, productName: `P ${productId}`, status: "AVAILABLE", outEventId: null, outEventNumber: "", bookedElsewhere: null, caseId: null, ...o };
}

function line(id: string, productId: string, quantity: number, o: Partial<ScanLine> = {}): ScanLine {
  return { id, kind: "PRODUCT", productId, caseId: null, assetId: null, quantity, checkedOut: 0, returned: 0, position: 0, ...o };
}

describe("assertScanFits", () => {
  const asset: ResolvedTarget = { kind: "ASSET", title: "A-1" };
  const box: ResolvedTarget = { kind: "CASE", title: "C-1" };
  const bulk: ResolvedTarget = { kind: "PRODUCT", title: "Cable", tracking: "BULK" };
  const serialized: ResolvedTarget = { kind: "PRODUCT", title: "Lamp", tracking: "SERIALIZED" };
  const shelf: ResolvedTarget = { kind: "LOCATION", title: "Shelf" };
  it.each<[SessionKind, ResolvedTarget, Partial<ScanInput>, string]>([
    ["CHECK_OUT", asset, {}, "ok"],
    ["CHECK_OUT", asset, { quantity: 1 }, "ok"],
    ["CHECK_OUT", asset, { quantity: 2 }, "INVALID_QUANTITY"],
    ["CHECK_OUT", box, {}, "ok"],
    ["CHECK_OUT", box, { quantity: 3 }, "INVALID_QUANTITY"],
    ["CHECK_OUT", bulk, {}, "QUANTITY_REQUIRED"],
    ["CHECK_OUT", bulk, { quantity: 5 }, "ok"],
    ["CHECK_OUT", serialized, { quantity: 5 }, "CODE_NOT_SCANNABLE_HERE"],
    ["CHECK_OUT", shelf, {}, "CODE_NOT_SCANNABLE_HERE"],
    ["CHECK_IN", shelf, {}, "CODE_NOT_SCANNABLE_HERE"],
    ["CASE_PACKING", shelf, {}, "CODE_NOT_SCANNABLE_HERE"],
    ["STOCKTAKE", shelf, {}, "ok"],
    ["TRANSFER", shelf, {}, "ok"],
    ["STOCKTAKE", shelf, { quantity: 1 }, "INVALID_QUANTITY"],
    ["CHECK_IN", asset, { damaged: true }, "ok"],
    ["CHECK_IN", box, { damaged: true }, "DAMAGE_NOT_ALLOWED"],
    ["CHECK_OUT", asset, { damaged: true }, "DAMAGE_NOT_ALLOWED"],
    ["CASE_PACKING", asset, { remove: true }, "ok"],
    ["TRANSFER", asset, { remove: true }, "REMOVE_NOT_ALLOWED"],
  ])("%s takes %o with %o: %s", (kind, target, o, expected) => {
    expect(codeOf(() => { assertScanFits(kind, target, { ...input, ...o }); })).toBe(expected);
  });
});

describe("session targets", () => {
  it.each<[SessionKind, { eventId: string | null; caseId: string | null; locationId: string | null }, string]>([
    ["CHECK_OUT", { eventId: "e", caseId: null, locationId: null }, "ok"],
    ["CHECK_OUT", { eventId: null, caseId: null, locationId: "l" }, "SESSION_TARGET_REQUIRED"],
    ["CHECK_IN", { eventId: "e", caseId: null, locationId: null }, "SESSION_TARGET_REQUIRED"],
    ["CHECK_IN", { eventId: "e", caseId: null, locationId: "l" }, "ok"],
    ["CASE_PACKING", { eventId: null, caseId: null, locationId: "l" }, "SESSION_TARGET_REQUIRED"],
    ["STOCKTAKE", { eventId: null, caseId: null, locationId: "l" }, "ok"],
    ["TRANSFER", { eventId: null, caseId: null, locationId: null }, "SESSION_TARGET_REQUIRED"],
  ])("%s with %o: %s", (kind, targets, expected) => {
    expect(codeOf(() => { assertSessionTargets(kind, targets); })).toBe(expected);
  });
});

describe("scan payloads", () => {
  it("ignores white space around the code and tells any other difference", () => {
    expect(scanPayload({ ...input, code: " A-1 " })).toBe(scanPayload(input));
    expect(codeOf(() => { assertSameScan(scanPayload(input), { ...input, quantity: 1 }); })).toBe("SCAN_ID_REUSED");
    expect(codeOf(() => { assertSameScan(scanPayload(input), { ...input, override: true }); })).toBe("SCAN_ID_REUSED");
    expect(codeOf(() => { assertSameScan(scanPayload(input), input); })).toBe("ok");
  });
});

describe("planCheckOut", () => {
  it("gives a unit asked for by name its own line, and fills product lines in list order", () => {
    const lines = [line("p2", "P", 1, { position: 2 }), line("p1", "P", 1, { position: 1 }), line("named", "P", 1, { kind: "ASSET", assetId: "u9", position: 0 })];
    const plan = planCheckOut(lines, [unit("u1", "P"), unit("u9", "P"), unit("u2", "P")], [], false);
    expect(plan.assignments).toEqual([
      { assetId: "u1", lineId: "p1" },
      { assetId: "u9", lineId: "named" },
      { assetId: "u2", lineId: "p2" },
    ]);
    expect(plan.overridden).toEqual([]);
  });

  it.each<[string, Partial<UnitFacts>, string]>([
    ["retired", { status: "RETIRED" }, "ASSET_NOT_RENTABLE"],
    ["lost", { status: "LOST" }, "ASSET_NOT_RENTABLE"],
    ["out", { status: "CHECKED_OUT", outEventId: "e2", outEventNumber: "EV-2" }, "ASSET_ALREADY_OUT"],
    ["in maintenance", { status: "IN_MAINTENANCE" }, "ASSET_IN_MAINTENANCE"],
    ["damaged", { status: "DAMAGED" }, "ASSET_IN_MAINTENANCE"],
    ["booked elsewhere", { bookedElsewhere: "EV-9" }, "ASSET_BOOKED_ELSEWHERE"],
  ])("refuses a unit that is %s", (_what, o, expected) => {
    expect(codeOf(() => planCheckOut([line("l", "P", 5)], [unit("u", "P", o)], [], false))).toBe(expected);
  });

  it("lets an override accept soft refusals only, and says which", () => {
    const lines = [line("l", "P", 1, { checkedOut: 1 })];
    const plan = planCheckOut(lines, [unit("u", "P", { status: "DAMAGED", bookedElsewhere: "EV-9" }), unit("v", "Q")], [], true);
    expect(plan.overridden).toEqual(["ASSET_IN_MAINTENANCE", "ASSET_BOOKED_ELSEWHERE", "OVER_PICK", "NOT_ON_PULL_LIST"]);
    expect(plan.assignments).toEqual([
      { assetId: "u", lineId: "l" },
      { assetId: "v", lineId: null },
    ]);
    expect(codeOf(() => planCheckOut(lines, [unit("u", "P", { status: "RETIRED" })], [], true))).toBe("ASSET_NOT_RENTABLE");
    expect(codeOf(() => planCheckOut(lines, [unit("u", "P", { status: "CHECKED_OUT" })], [], true))).toBe("ASSET_ALREADY_OUT");
  });

  it("counts bulk over the product's lines and refuses more than they hold", () => {
    const lines = [line("a", "B", 3, { position: 0, checkedOut: 1 }), line("b", "B", 4, { position: 1 })];
    expect([...planCheckOut(lines, [], [{ productId: "B", productName: "Cable", quantity: 5 }], false).lineDeltas]).toEqual([
      ["a", 2],
      ["b", 3],
    ]);
    expect(codeOf(() => planCheckOut(lines, [], [{ productId: "B", productName: "Cable", quantity: 7 }], false))).toBe("OVER_PICK");
    expect(codeOf(() => planCheckOut(lines, [], [{ productId: "X", productName: "Other", quantity: 1 }], false))).toBe("NOT_ON_PULL_LIST");
  });

  it("never counts past a line's quantity without an override (property)", () => {
    const arbLine = fc.record({ quantity: fc.integer({ min: 1, max: 5 }), checkedOut: fc.integer({ min: 0, max: 5 }), product: fc.constantFrom("P", "Q") });
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 5 }), fc.array(fc.constantFrom("P", "Q", "R"), { maxLength: 8 }), fc.integer({ min: 0, max: 12 }), (ls, unitProducts, bulk) => {
        const lines = ls.map((l, i) => line(`l${i}`, l.product, l.quantity, { checkedOut: Math.min(l.checkedOut, l.quantity), position: i }));
        const units = unitProducts.map((p, i) => unit(`u${i}`, p));
        const bulkUnits = bulk > 0 ? [{ productId: "P", productName: "P", quantity: bulk }] : [];
        let plan;
        try {
          plan = planCheckOut(lines, units, bulkUnits, false);
        } catch (error) {
          expect(["OVER_PICK", "NOT_ON_PULL_LIST"]).toContain((error as { code: string }).code);
          return;
        }
        for (const l of lines) expect(l.checkedOut + (plan.lineDeltas.get(l.id) ?? 0)).toBeLessThanOrEqual(l.quantity);
        const counted = [...plan.lineDeltas.values()].reduce((a, b) => a + b, 0);
        expect(counted).toBe(units.length + bulk * (bulkUnits.length > 0 ? 1 : 0));
        expect(plan.overridden).toEqual([]);
      }),
    );
  });
});

describe("planCheckIn", () => {
  it("returns units out on this event to their lines, and refuses others", () => {
    const plan = planCheckIn("e", [line("l", "P", 2, { checkedOut: 2 })], [{ id: "u", tag: "T-u", out: { eventId: "e", lineId: "l" } }], []);
    expect([...plan.lineDeltas]).toEqual([["l", 1]]);
    expect(codeOf(() => planCheckIn("e", [], [{ id: "u", tag: "T-u", out: { eventId: "other", lineId: null } }], []))).toBe("NOT_OUT_ON_EVENT");
    expect(codeOf(() => planCheckIn("e", [], [{ id: "u", tag: "T-u", out: null }], []))).toBe("NOT_OUT_ON_EVENT");
  });

  it("never returns more bulk than is out (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ out: fc.integer({ min: 0, max: 6 }), back: fc.integer({ min: 0, max: 6 }) }), { maxLength: 4 }), fc.integer({ min: 1, max: 20 }), (ls, quantity) => {
        const lines = ls.map((l, i) => line(`l${i}`, "B", 10, { checkedOut: l.out, returned: Math.min(l.back, l.out), position: i }));
        const stillOut = lines.reduce((n, l) => n + l.checkedOut - l.returned, 0);
        try {
          const plan = planCheckIn("e", lines, [], [{ productId: "B", productName: "B", quantity }]);
          expect(quantity).toBeLessThanOrEqual(stillOut);
          for (const l of lines) expect(l.returned + (plan.lineDeltas.get(l.id) ?? 0)).toBeLessThanOrEqual(l.checkedOut);
        } catch (error) {
          expect(quantity).toBeGreaterThan(stillOut);
          expect(["INVALID_QUANTITY", "NOT_OUT_ON_EVENT"]).toContain((error as { code: string }).code);
        }
      }),
    );
  });
});

describe("assertUndoable", () => {
  const placement = { status: "CHECKED_OUT" as AssetStatus, locationId: "w", caseId: null };
  const facts = { assets: new Map([["u", placement]]), cases: new Map(), caseBulk: new Map(), session: { locationId: "w", currentLocationId: null } };
  it("allows an undo while the rows show the scan's result, and refuses once they changed", () => {
    const effects = [{ type: "asset" as const, assetId: "u", tag: "T", before: { ...placement, status: "AVAILABLE" as AssetStatus }, after: placement }];
    expect(codeOf(() => { assertUndoable(effects, facts); })).toBe("ok");
    expect(codeOf(() => { assertUndoable(effects, { ...facts, assets: new Map([["u", { ...placement, status: "AVAILABLE" }]]) }); })).toBe("UNDO_CONFLICT");
    expect(codeOf(() => { assertUndoable([{ type: "session", before: { locationId: "a", currentLocationId: null }, after: { locationId: "b", currentLocationId: null } }], facts); })).toBe("UNDO_CONFLICT");
  });
});

describe("stocktakeDiscrepancies", () => {
  const subtree = new Set(["hall", "a", "b"]);
  it("names missing, unexpected, misplaced units and bulk differences", () => {
    const report = stocktakeDiscrepancies({
      subtree,
      recorded: [
        { assetId: "1", productId: "P", locationId: "a", status: "AVAILABLE" },
        { assetId: "2", productId: "P", locationId: "a", status: "AVAILABLE" },
        { assetId: "3", productId: "P", locationId: "b", status: "AVAILABLE" },
        { assetId: "4", productId: "P", locationId: "a", status: "CHECKED_OUT" },
      ],
      found: [
        { assetId: "1", productId: "P", locationId: "a", status: "AVAILABLE", foundLocationId: "a" },
        { assetId: "3", productId: "P", locationId: "b", status: "AVAILABLE", foundLocationId: "a" },
        { assetId: "9", productId: "P", locationId: "far", status: "LOST", foundLocationId: "b" },
      ],
      stock: [{ productId: "B", locationId: "a", quantity: 10 }],
      counted: [
        { productId: "B", locationId: "a", quantity: 4 },
        { productId: "B", locationId: "a", quantity: 5 },
        { productId: "C", locationId: "b", quantity: 2 },
      ],
    });
    expect(report.map((d) => [d.kind, d.assetId ?? d.productId, d.expectedQuantity, d.countedQuantity])).toEqual([
      ["MISSING", "2", 0, 0],
      ["UNEXPECTED", "9", 0, 0],
      ["WRONG_LOCATION", "3", 0, 0],
      ["BULK_COUNT", "B", 10, 9],
      ["BULK_COUNT", "C", 0, 2],
    ]);
  });

  it("is empty when everything is found where recorded and every count matches, and lists each unfound shelf unit once (property)", () => {
    const arbUnit = fc.record({ location: fc.constantFrom("a", "b", "far"), status: fc.constantFrom<AssetStatus>("AVAILABLE", "DAMAGED", "CHECKED_OUT", "LOST"), found: fc.boolean() });
    fc.assert(
      fc.property(fc.array(arbUnit, { maxLength: 12 }), fc.array(fc.nat(20), { maxLength: 3 }), (units, levels) => {
        const recorded = units.map((u, i) => ({ assetId: `u${i}`, productId: "P", locationId: u.location, status: u.status }));
        const stock = levels.map((q, i) => ({ productId: `B${i}`, locationId: "a", quantity: q + 1 }));
        const exact = stocktakeDiscrepancies({ subtree, recorded: recorded.filter((r) => r.locationId !== "far"), found: [], stock, counted: stock }).filter((d) => d.kind !== "MISSING");
        expect(exact).toEqual([]);
        const found = recorded.filter((_, i) => units[i]?.found).map((r) => ({ ...r, foundLocationId: r.locationId }));
        const report = stocktakeDiscrepancies({ subtree, recorded, found, stock, counted: stock });
        const missing = report.filter((d) => d.kind === "MISSING").map((d) => d.assetId);
        const expected = recorded.filter((r, i) => subtree.has(r.locationId) && (r.status === "AVAILABLE" || r.status === "DAMAGED") && !units[i]?.found).map((r) => r.assetId);
        expect(missing.sort()).toEqual(expected.sort());
        expect(report.filter((d) => d.kind === "BULK_COUNT")).toEqual([]);
      }),
    );
  });
});

describe("correctionFor", () => {
  const base = { kind: "MISSING" as const, assetId: "u", productId: "P", expectedLocationId: "a", foundLocationId: null, expectedQuantity: 0, countedQuantity: 0 };
  it("loses a missing unit, moves a found one (recovering a lost one), counts bulk, and leaves units out on events alone", () => {
    expect(correctionFor(base, { status: "AVAILABLE", locationId: "a", tag: "T" })).toEqual({ type: "asset", assetId: "u", status: "LOST", locationId: "a" });
    expect(correctionFor({ ...base, kind: "UNEXPECTED", foundLocationId: "b" }, { status: "LOST", locationId: "far", tag: "T" })).toEqual({ type: "asset", assetId: "u", status: "AVAILABLE", locationId: "b" });
    expect(correctionFor({ ...base, kind: "BULK_COUNT", assetId: null, countedQuantity: 7 }, undefined)).toEqual({ type: "count", productId: "P", locationId: "a", quantity: 7 });
    expect(codeOf(() => correctionFor({ ...base, kind: "WRONG_LOCATION", foundLocationId: "b" }, { status: "CHECKED_OUT", locationId: "a", tag: "T" }))).toBe("ASSET_ALREADY_OUT");
    expect(correctionFor(base, { status: "RETIRED", locationId: "a", tag: "T" })).toBeUndefined();
  });
});

describe("parseNotice", () => {
  it("reads our payloads and ignores anything else", () => {
    expect(parseNotice(JSON.stringify({ sessionId: "s", kind: "SCAN", scanId: "x" }))).toEqual({ sessionId: "s", kind: "SCAN", scanId: "x" });
    expect(parseNotice("not json")).toBeUndefined();
    expect(parseNotice(JSON.stringify({ sessionId: "s", kind: "DROP", scanId: "x" }))).toBeUndefined();
  });
});

describe("permanent-case lines", () => {
  const rack = { id: "c1", code: "RACK-1", permanent: true, scanned: true };
  const caseLine = line("lc", "", 1, { kind: "CASE", productId: null, caseId: "c1" });
  const amps = [unit("u1", "amp", { caseId: "c1" }), unit("u2", "amp", { caseId: "c1" })];
  const cables = { productId: "cable", productName: "Cable", quantity: 10, caseId: "c1" };

  it("a scanned case takes its CASE line (1) with its units and bulk, not the product lines", () => {
    const plan = planCheckOut([caseLine, line("la", "amp", 4), line("lb", "cable", 10)], amps, [cables], false, [rack]);
    expect(plan.assignments).toEqual([
      { assetId: "u1", lineId: "lc" },
      { assetId: "u2", lineId: "lc" },
    ]);
    expect([...plan.lineDeltas]).toEqual([["lc", 1]]);
    expect(plan.overridden).toEqual([]);
  });

  it("a unit of a permanent case scanned on its own is refused unless overridden; a case out already is refused", () => {
    const single = [unit("u1", "amp", { caseId: "c1" })];
    const own = { ...rack, scanned: false };
    expect(codeOf(() => planCheckOut([caseLine, line("la", "amp", 4)], single, [], false, [own]))).toBe("ASSET_IN_PERMANENT_CASE");
    const plan = planCheckOut([caseLine, line("la", "amp", 4)], single, [], true, [own]);
    expect(plan.overridden).toEqual(["ASSET_IN_PERMANENT_CASE"]);
    expect([...plan.lineDeltas]).toEqual([["la", 1]]);
    expect(codeOf(() => planCheckOut([{ ...caseLine, checkedOut: 1 }], [], [], true, [rack]))).toBe("CASE_ALREADY_OUT");
    expect(codeOf(() => planCheckOut([], amps, [cables], false, [rack]))).toBe("NOT_ON_PULL_LIST");
  });

  it("check-in of the case returns its line (1) with everything in it; a unit alone is refused unless overridden", () => {
    const out = { ...caseLine, checkedOut: 1 };
    const returning = amps.map((u) => ({ id: u.id, tag: u.tag, out: { eventId: "e", lineId: "lc" } }));
    const plan = planCheckIn("e", [out], returning, [cables], [rack]);
    expect([...plan.lineDeltas]).toEqual([["lc", 1]]);
    expect(plan.returns.map((r) => r.lineId)).toEqual(["lc", "lc"]);
    const alone = returning.slice(0, 1);
    expect(codeOf(() => planCheckIn("e", [out], alone, [], [{ ...rack, scanned: false }]))).toBe("ASSET_IN_PERMANENT_CASE");
    const forced = planCheckIn("e", [out], alone, [], [{ ...rack, scanned: false }], true);
    expect(forced.overridden).toEqual(["ASSET_IN_PERMANENT_CASE"]);
    expect([...forced.lineDeltas]).toEqual([]);
  });
});
