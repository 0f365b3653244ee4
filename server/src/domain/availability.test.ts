import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  availability,
  effectiveBuffers,
  holdingPeriod,
  kitAvailability,
  releasing,
  reservationsOf,
  withBuffers,
  type Buffers,
  type Hold,
  type Lifetime,
  type ProductDemand,
  type Reservation,
  type SupplyChange,
} from "./availability.js";

const day = 86_400_000;
const d = (n: number) => n * day;

function reservation(start: number, end: number, quantity: number, kind: Reservation["kind"] = "CONFIRMED", sourceId = "e"): Reservation {
  return { start: d(start), end: d(end), quantity, kind, sourceId };
}

describe("availability", () => {
  it("is everything owned when nothing is booked", () => {
    const a = availability({ owned: 24, supply: [], reservations: [] }, { start: d(0), end: d(7) });
    expect(a.minAvailable).toBe(24);
    expect(a.timeline).toEqual([{ start: d(0), end: d(7), supply: 24, confirmed: 0, provisional: 0, available: 24 }]);
  });

  it("answers the minimum over the range, not a single day", () => {
    // 24 moving heads; 10 out Mon–Wed, 16 out Wed–Fri: Wednesday is the pinch.
    const a = availability({ owned: 24, supply: [], reservations: [reservation(0, 3, 10), reservation(2, 5, 16)] }, { start: d(0), end: d(7) });
    expect(a.minAvailable).toBe(-2);
    expect(a.timeline.map((s) => [s.start / day, s.end / day, s.available])).toEqual([
      [0, 2, 14],
      [2, 3, -2],
      [3, 5, 8],
      [5, 7, 24],
    ]);
  });

  it("shows provisional and confirmed demand separately", () => {
    const a = availability({ owned: 10, supply: [], reservations: [reservation(1, 2, 4, "CONFIRMED"), reservation(1, 2, 3, "PROVISIONAL")] }, { start: d(0), end: d(3) });
    expect(a.timeline[1]).toMatchObject({ confirmed: 4, provisional: 3, available: 3 });
    expect(a.minAvailable).toBe(3);
    expect(a.minAvailableIgnoringProvisional).toBe(6);
  });

  it("counts repairs out and sub-hires in over their periods only", () => {
    const supply: SupplyChange[] = [
      { start: d(1), end: d(3), quantity: -1 },
      { start: d(2), end: d(4), quantity: 6 },
    ];
    const a = availability({ owned: 4, supply, reservations: [reservation(0, 5, 4)] }, { start: d(0), end: d(5) });
    expect(a.timeline.map((s) => s.available)).toEqual([0, -1, 5, 6, 0]);
  });

  it("ignores what lies outside the range and touching intervals", () => {
    const a = availability({ owned: 5, supply: [], reservations: [reservation(-5, 0, 5), reservation(7, 9, 5)] }, { start: d(0), end: d(7) });
    expect(a.minAvailable).toBe(5);
    expect(a.timeline).toHaveLength(1);
  });

  it("refuses an empty range", () => {
    expect(() => availability({ owned: 1, supply: [], reservations: [] }, { start: d(1), end: d(1) })).toThrow(RangeError);
  });

  it("widens periods by turnaround buffers", () => {
    expect(withBuffers({ start: d(2), end: d(4) }, d(1), d(0.5))).toEqual({ start: d(1), end: d(4.5) });
  });
});

// Brute force: evaluate every integer tick of a small world directly.
function bruteForce(demand: ProductDemand, start: number, end: number) {
  const values: { available: number; hard: number }[] = [];
  for (let t = start; t < end; t++) {
    const inside = (i: { start: number; end: number }) => i.start <= t && t < i.end;
    const supply = demand.owned + demand.supply.filter(inside).reduce((n, s) => n + s.quantity, 0);
    const confirmed = demand.reservations.filter((r) => inside(r) && r.kind === "CONFIRMED").reduce((n, r) => n + r.quantity, 0);
    const provisional = demand.reservations.filter((r) => inside(r) && r.kind === "PROVISIONAL").reduce((n, r) => n + r.quantity, 0);
    values.push({ available: supply - confirmed - provisional, hard: supply - confirmed });
  }
  return values;
}

const interval = fc.tuple(fc.integer({ min: -5, max: 40 }), fc.integer({ min: 1, max: 20 })).map(([s, len]) => ({ start: s, end: s + len }));
const world = fc.record({
  owned: fc.integer({ min: 0, max: 30 }),
  supply: fc.array(fc.tuple(interval, fc.integer({ min: -3, max: 5 })).map(([i, q]) => ({ ...i, quantity: q })), { maxLength: 6 }),
  reservations: fc.array(
    fc.tuple(interval, fc.integer({ min: 1, max: 10 }), fc.constantFrom<Reservation["kind"]>("CONFIRMED", "PROVISIONAL")).map(([i, q, kind]) => ({ ...i, quantity: q, kind, sourceId: "x" })),
    { maxLength: 12 },
  ),
  range: interval,
});

describe("availability against brute force", () => {
  it("agrees at every tick, on the minimum, and segments tile the range", () => {
    fc.assert(
      fc.property(world, ({ owned, supply, reservations, range }) => {
        const demand = { owned, supply, reservations };
        const result = availability(demand, range);
        const expected = bruteForce(demand, range.start, range.end);
        expect(result.minAvailable).toBe(Math.min(...expected.map((v) => v.available)));
        expect(result.minAvailableIgnoringProvisional).toBe(Math.min(...expected.map((v) => v.hard)));
        expect(result.timeline[0]?.start).toBe(range.start);
        expect(result.timeline.at(-1)?.end).toBe(range.end);
        result.timeline.forEach((segment, i) => {
          if (i > 0) expect(segment.start).toBe(result.timeline[i - 1]?.end);
          for (let t = segment.start; t < segment.end; t++) expect(segment.available).toBe(expected[t - range.start]?.available);
          // Adjacent segments differ: no redundant splits.
          const next = result.timeline[i + 1];
          if (next) expect([next.supply, next.confirmed, next.provisional]).not.toEqual([segment.supply, segment.confirmed, segment.provisional]);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("kits: the minimum over components of whole kits, at every tick", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(world, fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 4 }), interval, (parts, range) => {
        const components = parts.map(([w, quantity]) => ({ quantity, availability: availability({ owned: w.owned, supply: w.supply, reservations: w.reservations }, range) }));
        const kits = kitAvailability(components, range);
        const perTick = parts.map(([w, quantity]) => bruteForce({ owned: w.owned, supply: w.supply, reservations: w.reservations }, range.start, range.end).map((v) => Math.floor(v.available / quantity)));
        for (let t = range.start; t < range.end; t++) {
          const expected = Math.min(...perTick.map((ticks) => ticks[t - range.start] ?? 0));
          const segment = kits.timeline.find((s) => s.start <= t && t < s.end);
          expect(segment?.available).toBe(expected);
        }
        expect(kits.minAvailable).toBe(Math.min(...kits.timeline.map((s) => s.available)));
      }),
      { numRuns: 300 },
    );
  });
});

describe("releasing one event's holds from a shared timeline", () => {
  it("gives back what the event holds, only over the asked range", () => {
    // 10 units; event a holds 4 on days 1–4, event b holds 5 on days 2–6 (provisional).
    const demand = { owned: 10, supply: [], reservations: [reservation(1, 4, 4, "CONFIRMED", "a"), reservation(2, 6, 5, "PROVISIONAL", "b")] };
    const whole = availability(demand, { start: d(0), end: d(8) });
    const forA = releasing(whole, { start: d(1), end: d(4) }, demand.reservations.filter((r) => r.sourceId === "a"));
    expect(forA.timeline.map((s) => [s.start / day, s.end / day, s.confirmed, s.provisional, s.available])).toEqual([
      [1, 2, 0, 0, 10],
      [2, 4, 0, 5, 5],
    ]);
    expect(forA.minAvailable).toBe(5);
    expect(forA.minAvailableIgnoringProvisional).toBe(10);
  });

  it("refuses a range the timeline does not cover, or an empty one", () => {
    const whole = availability({ owned: 1, supply: [], reservations: [] }, { start: d(1), end: d(3) });
    expect(() => releasing(whole, { start: d(0), end: d(2) }, [])).toThrow(RangeError);
    expect(() => releasing(whole, { start: d(2), end: d(4) }, [])).toThrow(RangeError);
    expect(() => releasing(whole, { start: d(2), end: d(2) }, [])).toThrow(RangeError);
  });

  it("equals the availability computed without the released holds (property)", () => {
    fc.assert(
      fc.property(world, interval, fc.array(fc.boolean(), { maxLength: 12 }), ({ owned, supply, reservations, range }, extra, release) => {
        const cover = { start: Math.min(range.start, extra.start), end: Math.max(range.end, extra.end) };
        const released = reservations.filter((_, i) => release[i] === true);
        const kept = reservations.filter((_, i) => release[i] !== true);
        const whole = availability({ owned, supply, reservations }, cover);
        expect(releasing(whole, range, released)).toEqual(availability({ owned, supply, reservations: kept }, range));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("holding periods", () => {
  const buffers: Buffers = { bufferBeforeMinutes: 60, bufferAfterMinutes: 30 };
  it("widens rented gear by its buffers in minutes", () => {
    expect(holdingPeriod({ start: d(2), end: d(4) }, buffers, "RETURNED")).toEqual({ start: d(2) - 3_600_000, end: d(4) + 1_800_000 });
  });
  it("never ends for a consumable: it is sold, not returned", () => {
    expect(holdingPeriod({ start: d(2), end: d(4) }, buffers, "CONSUMED")).toEqual({ start: d(2) - 3_600_000, end: Number.POSITIVE_INFINITY });
  });
  it("a consumable taken next week is gone for every later period, and not for earlier ones", () => {
    const holds: Hold[] = [{ start: d(7), end: d(9), quantity: 30, kind: "CONFIRMED", sourceId: "e" }];
    const demand = { owned: 100, supply: [], reservations: reservationsOf(holds, { bufferBeforeMinutes: 0, bufferAfterMinutes: 0 }, "CONSUMED") };
    expect(availability(demand, { start: d(0), end: d(7) }).minAvailable).toBe(100);
    expect(availability(demand, { start: d(20), end: d(30) }).minAvailable).toBe(70);
    expect(availability(demand, { start: d(20), end: Number.POSITIVE_INFINITY }).timeline).toEqual([
      { start: d(20), end: Number.POSITIVE_INFINITY, supply: 100, confirmed: 30, provisional: 0, available: 70 },
    ]);
  });
});

describe("buffers per product group", () => {
  const global: Buffers = { bufferBeforeMinutes: 15, bufferAfterMinutes: 15 };
  const lighting: Buffers = { bufferBeforeMinutes: 120, bufferAfterMinutes: 240 };
  const heads: Buffers = { bufferBeforeMinutes: 60, bufferAfterMinutes: 480 };
  // lighting → moving heads → spots; audio has none of its own.
  const parentOf = new Map<string, string | null>([
    ["lighting", null],
    ["heads", "lighting"],
    ["spots", "heads"],
    ["audio", null],
  ]);
  const own = new Map([
    ["lighting", lighting],
    ["heads", heads],
  ]);
  it.each([
    ["its own category's", "heads", heads, "heads"],
    ["the nearest ancestor's", "spots", heads, "heads"],
    ["the top category's", "lighting", lighting, "lighting"],
    ["the instance's when no category up the tree has any", "audio", global, null],
    ["the instance's for a product without a category", null, global, null],
    ["the instance's for an unknown category", "gone", global, null],
  ] as const)("takes %s", (_name, category, expected, from) => {
    expect(effectiveBuffers(category, own, parentOf, global)).toEqual({ buffers: expected, fromCategoryId: from });
  });
  it("stops on a loop in the tree instead of spinning", () => {
    const loop = new Map<string, string | null>([
      ["a", "b"],
      ["b", "a"],
    ]);
    expect(effectiveBuffers("a", new Map(), loop, global)).toEqual({ buffers: global, fromCategoryId: null });
  });
});

// Per-group buffers and consumables, against a brute force that applies them tick by tick.
const groupWorld = fc.record({
  owned: fc.integer({ min: 0, max: 30 }),
  lifetime: fc.constantFrom<Lifetime>("RETURNED", "CONSUMED"),
  // Buffers in whole minutes; a tick is a minute here.
  own: fc.option(fc.record({ bufferBeforeMinutes: fc.integer({ min: 0, max: 6 }), bufferAfterMinutes: fc.integer({ min: 0, max: 6 }) }), { nil: undefined }),
  parentOwn: fc.option(fc.record({ bufferBeforeMinutes: fc.integer({ min: 0, max: 6 }), bufferAfterMinutes: fc.integer({ min: 0, max: 6 }) }), { nil: undefined }),
  global: fc.record({ bufferBeforeMinutes: fc.integer({ min: 0, max: 6 }), bufferAfterMinutes: fc.integer({ min: 0, max: 6 }) }),
  holds: fc.array(
    fc.tuple(interval, fc.integer({ min: 1, max: 10 }), fc.constantFrom<Reservation["kind"]>("CONFIRMED", "PROVISIONAL")).map(([i, q, kind]) => ({ ...i, quantity: q, kind, sourceId: "x" })),
    { maxLength: 10 },
  ),
  range: interval,
});

describe("availability with per-group buffers and consumables, against brute force", () => {
  it("agrees at every tick and on the minimum", () => {
    const minute = 60_000;
    fc.assert(
      fc.property(groupWorld, (w) => {
        const own = new Map<string, Buffers>();
        if (w.own) own.set("child", w.own);
        if (w.parentOwn) own.set("parent", w.parentOwn);
        const parentOf = new Map<string, string | null>([
          ["child", "parent"],
          ["parent", null],
        ]);
        const { buffers } = effectiveBuffers("child", own, parentOf, w.global);
        // Ticks are minutes: scale the world so one buffer minute is one tick.
        const scaled = (h: Hold): Hold => ({ ...h, start: h.start * minute, end: h.end * minute });
        const demand = { owned: w.owned, supply: [], reservations: reservationsOf(w.holds.map(scaled), buffers, w.lifetime) };
        const result = availability(demand, { start: w.range.start * minute, end: w.range.end * minute });
        const expected: Buffers = w.own ?? w.parentOwn ?? w.global;
        for (let t = w.range.start; t < w.range.end; t++) {
          const holding = w.holds.filter((h) => h.start - expected.bufferBeforeMinutes <= t && (w.lifetime === "CONSUMED" || t < h.end + expected.bufferAfterMinutes));
          const available = w.owned - holding.reduce((n, h) => n + h.quantity, 0);
          const segment = result.timeline.find((s) => s.start <= t * minute && t * minute < s.end);
          expect(segment?.available).toBe(available);
        }
      }),
      { numRuns: 500 },
    );
  });
});
