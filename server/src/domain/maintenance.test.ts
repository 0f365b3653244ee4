import { describe, expect, it } from "vitest";
import type { AssetStatus } from "./asset.js";
import { assertRecordEdit, assertTransition, assetStatusAfter, initialState, type OpenHolds, type RecordChange, type StatusEvent } from "./maintenance.js";

function outcome(fn: () => unknown): unknown {
  try {
    return fn() ?? "ok";
  } catch (error) {
    return (error as { code: string }).code;
  }
}

const period = { start: new Date("2026-03-01T00:00:00Z"), end: new Date("2026-03-05T00:00:00Z") };
const backwards = { start: period.end, end: period.start };

describe("record states", () => {
  it.each([
    ["OPEN", "IN_PROGRESS", "ok"],
    ["OPEN", "DONE", "ok"],
    ["OPEN", "CANCELLED", "ok"],
    ["OPEN", "OPEN", "ok"],
    ["IN_PROGRESS", "DONE", "ok"],
    ["IN_PROGRESS", "CANCELLED", "ok"],
    ["IN_PROGRESS", "OPEN", "MAINTENANCE_INVALID_TRANSITION"],
    ["DONE", "DONE", "MAINTENANCE_CLOSED"],
    ["DONE", "OPEN", "MAINTENANCE_CLOSED"],
    ["CANCELLED", "IN_PROGRESS", "MAINTENANCE_CLOSED"],
  ] as const)("%s → %s: %s", (from, to, expected) => {
    expect(outcome(() => { assertTransition(from, to); })).toBe(expected);
  });
});

describe("a new record", () => {
  it.each([
    ["damage report", { kind: "DAMAGE_REPORT", outOfService: null, inspectionResult: null }, "OPEN"],
    ["repair with its period", { kind: "REPAIR", outOfService: period, inspectionResult: null }, "OPEN"],
    ["repair without a period", { kind: "REPAIR", outOfService: null, inspectionResult: null }, "INVALID_MAINTENANCE"],
    ["repair ending before it starts", { kind: "REPAIR", outOfService: backwards, inspectionResult: null }, "INVALID_DATE"],
    ["damage report with a period", { kind: "DAMAGE_REPORT", outOfService: period, inspectionResult: null }, "INVALID_MAINTENANCE"],
    ["scheduled inspection", { kind: "INSPECTION", outOfService: null, inspectionResult: null }, "OPEN"],
    ["inspection with its result", { kind: "INSPECTION", outOfService: null, inspectionResult: "FAILED" }, "DONE"],
    ["repair with a result", { kind: "REPAIR", outOfService: period, inspectionResult: "PASSED" }, "INVALID_MAINTENANCE"],
  ] as const)("%s: %s", (_name, input, expected) => {
    expect(outcome(() => initialState(input))).toBe(expected);
  });
});

describe("editing a record", () => {
  const repair: RecordChange = { kind: "REPAIR", state: "OPEN", outOfService: period, inspectionResult: null };
  const inspection: RecordChange = { kind: "INSPECTION", state: "IN_PROGRESS", outOfService: null, inspectionResult: null };
  const done: RecordChange = { ...repair, state: "DONE" };

  it.each([
    ["repair moves on", repair, { ...repair, state: "IN_PROGRESS" }, "ok"],
    ["repair extends its period", repair, { ...repair, outOfService: { start: period.start, end: new Date("2026-03-09T00:00:00Z") } }, "ok"],
    ["repair loses its period", repair, { ...repair, outOfService: null }, "INVALID_MAINTENANCE"],
    ["inspection finished with a result", inspection, { ...inspection, state: "DONE", inspectionResult: "PASSED" }, "ok"],
    ["inspection finished without a result", inspection, { ...inspection, state: "DONE" }, "INVALID_MAINTENANCE"],
    ["inspection cancelled without a result", inspection, { ...inspection, state: "CANCELLED" }, "ok"],
    ["closed record edited", done, { ...done }, "MAINTENANCE_CLOSED"],
  ] as const)("%s: %s", (_name, current, next, expected) => {
    expect(outcome(() => { assertRecordEdit(current, next); })).toBe(expected);
  });
});

describe("the asset's status after maintenance", () => {
  const none: OpenHolds = { repair: false, damage: false };
  const repairOpen: OpenHolds = { repair: true, damage: false };
  const damageOpen: OpenHolds = { repair: false, damage: true };
  const opened: StatusEvent = { kind: "opened", failedInspection: false };
  const failed: StatusEvent = { kind: "opened", failedInspection: true };
  const closed: StatusEvent = { kind: "closed", failedInspection: false };
  const closedFailed: StatusEvent = { kind: "closed", failedInspection: true };
  const edited: StatusEvent = { kind: "edited" };

  it.each<[string, AssetStatus, OpenHolds, StatusEvent, AssetStatus]>([
    ["damage reported", "AVAILABLE", damageOpen, opened, "DAMAGED"],
    ["repair opened", "DAMAGED", { repair: true, damage: true }, opened, "IN_MAINTENANCE"],
    ["damage reported while in repair", "IN_MAINTENANCE", { repair: true, damage: true }, opened, "IN_MAINTENANCE"],
    ["inspection scheduled", "AVAILABLE", none, opened, "AVAILABLE"],
    ["inspection failed", "AVAILABLE", none, failed, "DAMAGED"],
    ["inspection failed while in repair", "IN_MAINTENANCE", repairOpen, failed, "IN_MAINTENANCE"],
    ["last repair closed", "IN_MAINTENANCE", none, closed, "AVAILABLE"],
    ["repair closed, damage report still open", "IN_MAINTENANCE", damageOpen, closed, "DAMAGED"],
    ["last damage report closed", "DAMAGED", none, closed, "AVAILABLE"],
    ["open inspection failed on closing", "AVAILABLE", none, closedFailed, "DAMAGED"],
    ["closing leaves a lost asset lost", "LOST", none, closed, "LOST"],
    ["closing leaves a checked-out asset out", "CHECKED_OUT", none, closed, "CHECKED_OUT"],
    ["editing changes nothing", "DAMAGED", none, edited, "DAMAGED"],
  ])("%s", (_name, current, holds, event, expected) => {
    expect(assetStatusAfter(current, holds, event)).toBe(expected);
  });
});
