import { describe, expect, it } from "vitest";
import { reachOf, touches } from "./shortage-cache.js";

const day = 86_400_000;
const range = { start: 0, end: 30 * day };

describe("which changes reach a cached list of shortages", () => {
  // Listed events need product a until day 32 (buffer before: 1 day) and consumable c for ever.
  const reach = reachOf(range, [
    { productId: "a", hold: { start: 2 * day, end: 10 * day }, bufferBeforeMs: day },
    { productId: "a", hold: { start: 25 * day, end: 32 * day }, bufferBeforeMs: day },
    { productId: "c", hold: { start: 5 * day, end: Number.POSITIVE_INFINITY }, bufferBeforeMs: 0 },
  ]);

  it("a needed product: events starting before its last hold ends plus its buffer before", () => {
    expect(touches(reach, { productId: "a", startsAt: 32 * day })).toBe(true);
    expect(touches(reach, { productId: "a", startsAt: 33 * day - 1 })).toBe(true);
    expect(touches(reach, { productId: "a", startsAt: 33 * day })).toBe(false);
    expect(touches(reach, { productId: "a", startsAt: -400 * day })).toBe(true);
  });

  it("a consumable's hold never ends: any later event reaches it", () => {
    expect(touches(reach, { productId: "c", startsAt: 900 * day })).toBe(true);
  });

  it("a product no listed event needs: only an event that can overlap the range may add it", () => {
    expect(touches(reach, { productId: "b", startsAt: 30 * day - 1 })).toBe(true);
    expect(touches(reach, { productId: "b", startsAt: 30 * day })).toBe(false);
  });

  it("an event's own change (any product) reaches as far as any product; supply changes always", () => {
    expect(touches(reach, { productId: null, startsAt: 900 * day })).toBe(true);
    const gearOnly = reachOf(range, [{ productId: "a", hold: { start: 0, end: 10 * day }, bufferBeforeMs: 0 }]);
    expect(touches(gearOnly, { productId: null, startsAt: 30 * day - 1 })).toBe(true);
    expect(touches(gearOnly, { productId: null, startsAt: 30 * day })).toBe(false);
    expect(touches(gearOnly, { productId: null, startsAt: null })).toBe(true);
    expect(touches(gearOnly, { productId: "a", startsAt: null })).toBe(true);
  });
});
