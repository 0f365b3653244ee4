import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StockMovementKind } from "./inventory.js";
import { assertPackable, levelsFromLedger, movementRequestPayload, planStockMovement, type LedgerEntry, type LocationStock, type MovementRequest } from "./stock.js";

function outcome(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (error) {
    return (error as { code: string }).code;
  }
}

const stock = (levels: Record<string, LocationStock>) => (id: string) => levels[id] ?? { quantity: 0, packed: 0 };
const m = (kind: StockMovementKind, from: string | null, to: string | null, quantity: number): MovementRequest => ({ kind, fromLocationId: from, toLocationId: to, quantity });

describe("planning a stock movement", () => {
  const levels = stock({ A: { quantity: 10, packed: 3 }, B: { quantity: 2, packed: 0 } });

  it.each([
    ["receive adds to the destination", m("RECEIVE", null, "A", 5), { recorded: 5, deltas: [{ locationId: "A", delta: 5 }] }],
    ["write-off takes free units", m("WRITE_OFF", "A", null, 7), { recorded: 7, deltas: [{ locationId: "A", delta: -7 }] }],
    ["transfer is one movement, two deltas", m("TRANSFER", "A", "B", 4), { recorded: 4, deltas: [{ locationId: "A", delta: -4 }, { locationId: "B", delta: 4 }] }],
    ["adjust records the signed difference (down)", m("ADJUST", null, "A", 6), { recorded: -4, deltas: [{ locationId: "A", delta: -4 }] }],
    ["adjust records the signed difference (up)", m("ADJUST", null, "B", 9), { recorded: 7, deltas: [{ locationId: "B", delta: 7 }] }],
    ["adjust to the same count records zero", m("ADJUST", null, "B", 2), { recorded: 0, deltas: [{ locationId: "B", delta: 0 }] }],
    ["adjust to zero where nothing is packed", m("ADJUST", null, "B", 0), { recorded: -2, deltas: [{ locationId: "B", delta: -2 }] }],
    ["write-off of packed units is refused", m("WRITE_OFF", "A", null, 8), "INSUFFICIENT_STOCK"],
    ["transfer beyond the level is refused", m("TRANSFER", "B", "A", 3), "INSUFFICIENT_STOCK"],
    ["write-off where nothing is", m("WRITE_OFF", "C", null, 1), "INSUFFICIENT_STOCK"],
    ["counting less than cases hold is refused", m("ADJUST", null, "A", 2), "INSUFFICIENT_STOCK"],
    ["receive needs a destination", m("RECEIVE", null, null, 1), "INVALID_MOVEMENT"],
    ["receive takes no source", m("RECEIVE", "A", "B", 1), "INVALID_MOVEMENT"],
    ["write-off needs a source", m("WRITE_OFF", null, null, 1), "INVALID_MOVEMENT"],
    ["write-off takes no destination", m("WRITE_OFF", "A", "B", 1), "INVALID_MOVEMENT"],
    ["adjust takes no source", m("ADJUST", "A", "B", 1), "INVALID_MOVEMENT"],
    ["transfer needs both ends", m("TRANSFER", "A", null, 1), "INVALID_MOVEMENT"],
    ["transfer to itself", m("TRANSFER", "A", "A", 1), "INVALID_MOVEMENT"],
    ["zero units", m("RECEIVE", null, "A", 0), "INVALID_QUANTITY"],
    ["negative count", m("ADJUST", null, "A", -1), "INVALID_QUANTITY"],
    ["fractional units", m("RECEIVE", null, "A", 1.5), "INVALID_QUANTITY"],
  ] as const)("%s", (_name, request, expected) => {
    expect(outcome(() => planStockMovement(request, levels))).toEqual(expected);
  });

  it("says how much is free when refusing", () => {
    try {
      planStockMovement(m("WRITE_OFF", "A", null, 8), levels);
      expect.unreachable();
    } catch (error) {
      expect((error as { metadata: Record<string, string> }).metadata).toMatchObject({ locationId: "A", available: "7", requested: "8", packed: "3" });
    }
  });
});

describe("packing bulk into a case", () => {
  it.each([
    [5, 10, 5, "ok"],
    [6, 10, 5, "INSUFFICIENT_STOCK"],
    [10, 10, 0, "ok"],
    [1, 0, 0, "INSUFFICIENT_STOCK"],
  ])("%i wanted of %i with %i in other cases: %s", (wanted, level, others, expected) => {
    expect(outcome(() => { assertPackable("p", wanted, level, others); return "ok"; })).toBe(expected);
  });
});

describe("request payloads", () => {
  it("differ when anything the client sent differs", () => {
    const base = movementRequestPayload("p", m("RECEIVE", null, "A", 5), "delivery");
    expect(movementRequestPayload("p", m("RECEIVE", null, "A", 5), "delivery")).toBe(base);
    expect(movementRequestPayload("p", m("RECEIVE", null, "A", 6), "delivery")).not.toBe(base);
    expect(movementRequestPayload("q", m("RECEIVE", null, "A", 5), "delivery")).not.toBe(base);
    expect(movementRequestPayload("p", m("RECEIVE", null, "B", 5), "delivery")).not.toBe(base);
    expect(movementRequestPayload("p", m("RECEIVE", null, "A", 5), "other")).not.toBe(base);
  });
});

describe("the ledger arithmetic (property)", () => {
  const locations = ["A", "B", "C"] as const;
  const location = fc.constantFrom(...locations);
  const request = fc.oneof(
    fc.record({ kind: fc.constant("RECEIVE" as const), fromLocationId: fc.constant(null), toLocationId: location, quantity: fc.integer({ min: 1, max: 50 }) }),
    fc.record({ kind: fc.constant("WRITE_OFF" as const), fromLocationId: location, toLocationId: fc.constant(null), quantity: fc.integer({ min: 1, max: 50 }) }),
    fc.record({ kind: fc.constant("ADJUST" as const), fromLocationId: fc.constant(null), toLocationId: location, quantity: fc.integer({ min: 0, max: 60 }) }),
    fc.record({ kind: fc.constant("TRANSFER" as const), fromLocationId: location, toLocationId: location, quantity: fc.integer({ min: 1, max: 50 }) }),
  );
  // Some units at each location sit in cases and may not leave.
  const packed = fc.record({ A: fc.integer({ min: 0, max: 5 }), B: fc.integer({ min: 0, max: 5 }), C: fc.integer({ min: 0, max: 5 }) });

  it("keeps every level at or above what cases hold, and the ledger alone explains every level", () => {
    fc.assert(
      fc.property(packed, fc.array(request, { maxLength: 60 }), (held, requests) => {
        // Start from a receipt of what the cases hold, so the starting state is legal.
        const ledger: LedgerEntry[] = locations.map((l) => ({ kind: "RECEIVE" as const, fromLocationId: null, toLocationId: l, quantity: held[l] }));
        const levels = new Map<string, number>(locations.map((l) => [l, held[l]]));
        for (const r of requests) {
          const before = new Map(levels);
          const total = [...before.values()].reduce((a, b) => a + b, 0);
          let plan;
          try {
            plan = planStockMovement(r, (id) => ({ quantity: levels.get(id) ?? 0, packed: held[id as keyof typeof held] }));
          } catch (error) {
            const code = (error as { code: string }).code;
            // Refused only for a reason that holds.
            if (code === "INVALID_MOVEMENT") expect(r.kind === "TRANSFER" && r.fromLocationId === r.toLocationId).toBe(true);
            else {
              expect(code).toBe("INSUFFICIENT_STOCK");
              const at = (r.kind === "ADJUST" ? r.toLocationId : r.fromLocationId) ?? "";
              const free = (before.get(at) ?? 0) - held[at as keyof typeof held];
              expect(r.kind === "ADJUST" ? r.quantity < held[at as keyof typeof held] : r.quantity > free).toBe(true);
            }
            continue;
          }
          for (const { locationId, delta } of plan.deltas) levels.set(locationId, (levels.get(locationId) ?? 0) + delta);
          ledger.push({ ...r, quantity: plan.recorded });
          const after = [...levels.values()].reduce((a, b) => a + b, 0);
          const expectedChange = { RECEIVE: r.quantity, WRITE_OFF: -r.quantity, TRANSFER: 0, ADJUST: plan.recorded }[r.kind];
          expect(after - total).toBe(expectedChange);
          if (r.kind === "ADJUST") expect(levels.get(r.toLocationId)).toBe(r.quantity);
          for (const l of locations) expect(levels.get(l) ?? 0).toBeGreaterThanOrEqual(held[l]);
        }
        const replayed = levelsFromLedger(ledger);
        for (const l of locations) expect(replayed.get(l) ?? 0).toBe(levels.get(l) ?? 0);
      }),
      { numRuns: 300 },
    );
  });
});
