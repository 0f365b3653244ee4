import { describe, expect, it } from "vitest";
import { assertTransition, confirms, consumption, eventPeriods, lifetimeOf, reservation, shiftPhases, shortage, type EventStatus, type Phase } from "./planning.js";

const t = (day: number, hour = 0) => new Date(Date.UTC(2026, 11, day, hour));
const phase = (kind: Phase["kind"], from: Date, to: Date): Phase => ({ kind, start: from, end: to, label: "" });

function code(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe("event status machine", () => {
  it.each([
    ["ENQUIRY", "PROVISIONAL", "ok"],
    ["ENQUIRY", "CONFIRMED", "ok"],
    ["PROVISIONAL", "CONFIRMED", "ok"],
    ["CONFIRMED", "PREPPED", "ok"],
    ["PREPPED", "OUT", "ok"],
    ["OUT", "RETURNED", "ok"],
    ["RETURNED", "CLOSED", "ok"],
    ["CANCELLED", "ENQUIRY", "ok"],
    ["ENQUIRY", "OUT", "TRANSITION_NOT_ALLOWED"],
    ["OUT", "CANCELLED", "TRANSITION_NOT_ALLOWED"],
    ["CLOSED", "ENQUIRY", "TRANSITION_NOT_ALLOWED"],
    ["CONFIRMED", "CONFIRMED", "TRANSITION_NOT_ALLOWED"],
  ] as [EventStatus, EventStatus, string][])("%s → %s: %s", (from, to, expected) => {
    expect(code(() => { assertTransition(from, to); })).toBe(expected);
  });

  it("reserves softly when provisional, firmly from confirmed until returned", () => {
    const statuses: EventStatus[] = ["ENQUIRY", "PROVISIONAL", "CONFIRMED", "PREPPED", "OUT", "RETURNED", "CLOSED", "CANCELLED"];
    expect(statuses.map(reservation)).toEqual([undefined, "PROVISIONAL", "CONFIRMED", "CONFIRMED", "CONFIRMED", undefined, undefined, undefined]);
    expect(confirms("PROVISIONAL", "CONFIRMED")).toBe(true);
    expect(confirms("ENQUIRY", "CONFIRMED")).toBe(true);
    expect(confirms("CONFIRMED", "PREPPED")).toBe(false);
    expect(confirms("PREPPED", "CONFIRMED")).toBe(false);
  });
});

describe("phases", () => {
  it("derive the out-period and the charge period", () => {
    const periods = eventPeriods([phase("PREP", t(3), t(4)), phase("SHOW", t(5), t(7)), phase("LOAD_IN", t(7), t(7, 18))]);
    expect(periods).toEqual({ out: { start: t(3).getTime(), end: t(7, 18).getTime() }, charge: { start: t(5).getTime(), end: t(7).getTime() } });
  });

  it.each([
    [[phase("PREP", t(3), t(4))], "NO_SHOW_PHASE"],
    [[phase("SHOW", t(5), t(5))], "INVALID_PERIOD"],
    [[phase("SHOW", t(6), t(5))], "INVALID_PERIOD"],
    [[phase("SHOW", t(5), t(7)), phase("SHOW", t(6), t(8))], "PHASES_OVERLAP"],
    [[phase("SHOW", t(5), t(7)), phase("PREP", t(6), t(6, 5))], "PHASE_ORDER"],
    [[phase("SHOW", t(5), t(7)), phase("LOAD_IN", t(5), t(6))], "PHASE_ORDER"],
    [[phase("SHOW", t(5), t(6)), phase("SHOW", t(7), t(8))], "ok"],
  ])("%j → %s", (phases, expected) => {
    expect(code(() => eventPeriods(phases))).toBe(expected);
  });

  it("shift keeping offsets", () => {
    const moved = shiftPhases([phase("PREP", t(3), t(4)), phase("SHOW", t(5), t(7))], t(10));
    expect(moved.map((p) => [p.start.toISOString(), p.end.toISOString()])).toEqual([
      [t(10).toISOString(), t(11).toISOString()],
      [t(12).toISOString(), t(14).toISOString()],
    ]);
  });
});

describe("shortage", () => {
  it.each([
    [24, 30, 0, 0],
    [24, 20, 0, 4],
    [24, 20, 4, 0],
    [24, -5, 0, 24],
    [24, 20, 10, 0],
  ])("needs %i, %i left, %i sub-hired → short %i", (needed, available, subHired, expected) => {
    expect(shortage(needed, available, subHired)).toBe(expected);
  });
});

describe("consumables", () => {
  it.each([
    ["ENQUIRY", undefined],
    ["PROVISIONAL", "PROVISIONAL"],
    ["CONFIRMED", "CONFIRMED"],
    ["OUT", "CONFIRMED"],
    // Sold, not returned: a done event still took its consumables.
    ["RETURNED", "CONFIRMED"],
    ["CLOSED", "CONFIRMED"],
    ["CANCELLED", undefined],
  ] as const)("an event %s takes %s", (status, kind) => {
    expect(consumption(status)).toBe(kind);
  });
  it("only consumables stay gone", () => {
    expect(lifetimeOf("CONSUMABLE")).toBe("CONSUMED");
    expect(lifetimeOf("BULK")).toBe("RETURNED");
    expect(lifetimeOf("SERIALIZED")).toBe("RETURNED");
  });
});
