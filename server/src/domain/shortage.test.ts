import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availability, type Reservation } from "./availability.js";
import { freeFor, productShortage, repairChanges } from "./shortage.js";

const day = 86_400_000;
const d = (n: number) => n * day;

function reservation(start: number, end: number, quantity: number, kind: Reservation["kind"]): Reservation {
  return { start: d(start), end: d(end), quantity, kind, sourceId: "other" };
}

describe("repairs", () => {
  it.each([
    ["one repair", [["a", 1, 3]], [[1, 3]]],
    ["overlapping repairs of one unit count once", [["a", 1, 3], ["a", 2, 5]], [[1, 5]]],
    ["touching repairs join", [["a", 1, 3], ["a", 3, 4]], [[1, 4]]],
    ["separate repairs stay apart", [["a", 1, 2], ["a", 3, 4]], [[1, 2], [3, 4]]],
    ["two units, two changes", [["a", 1, 3], ["b", 2, 5]], [[1, 3], [2, 5]]],
  ] as [string, [string, number, number][], [number, number][]][])("%s", (_name, repairs, expected) => {
    const changes = repairChanges(repairs.map(([assetId, start, end]) => ({ assetId, start: d(start), end: d(end) })));
    expect(changes.map((c) => [c.start / day, c.end / day, c.quantity])).toEqual(expected.map(([s, e]) => [s, e, -1]));
  });

  it("never removes a unit twice at one moment", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ asset: fc.constantFrom("a", "b"), start: fc.integer({ min: 0, max: 10 }), length: fc.integer({ min: 1, max: 5 }) }), { maxLength: 8 }), (rs) => {
        const changes = repairChanges(rs.map((r) => ({ assetId: r.asset, start: d(r.start), end: d(r.start + r.length) })));
        const a = availability({ owned: 2, supply: changes, reservations: [] }, { start: 0, end: d(20) });
        for (let t = 0; t < 20; t++) {
          const out = new Set(rs.filter((r) => r.start <= t && t < r.start + r.length).map((r) => r.asset)).size;
          const segment = a.timeline.find((s) => s.start <= d(t) && d(t) < s.end);
          expect(segment?.supply).toBe(2 - out);
        }
      }),
    );
  });
});

describe("product shortage", () => {
  // 10 owned; confirmed 6 over days 1–3; provisional 3 over days 2–4.
  const a = availability({ owned: 10, supply: [], reservations: [reservation(1, 3, 6, "CONFIRMED"), reservation(2, 4, 3, "PROVISIONAL")] }, { start: d(0), end: d(5) });

  it.each([
    ["an enquiry that fits", undefined, 1, 0, undefined],
    ["an enquiry competes with everything", undefined, 4, 0, { short: 3, available: 1, period: [2, 3] }],
    ["a provisional event short over the pinch", "PROVISIONAL", 3, 0, { short: 2, available: 1, period: [2, 3] }],
    ["a confirmed event does not count provisional holds", "CONFIRMED", 4, 0, undefined],
    ["a confirmed event short against firm bookings", "CONFIRMED", 6, 0, { short: 2, available: 4, period: [1, 3] }],
    ["sub-hires cover the rest", "PROVISIONAL", 3, 2, undefined],
    ["sub-hires cover part", "PROVISIONAL", 5, 1, { needed: 4, short: 3, available: 1, period: [2, 3] }],
  ] as const)("%s", (_name, holds, needed, subHired, expected) => {
    const s = productShortage({ needed, subHired }, a, freeFor(holds));
    if (!expected) {
      expect(s).toBeUndefined();
      return;
    }
    expect(s).toMatchObject({ ...expected, period: { start: d(expected.period[0]), end: d(expected.period[1]) } });
  });

  it("reports 0 available when the others already overbooked it", () => {
    const over = availability({ owned: 2, supply: [], reservations: [reservation(0, 1, 3, "CONFIRMED")] }, { start: d(0), end: d(1) });
    expect(productShortage({ needed: 1, subHired: 0 }, over, freeFor(undefined))).toMatchObject({ available: 0, short: 1 });
  });
});
