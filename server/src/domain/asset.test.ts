import { describe, expect, it } from "vitest";
import { assertStatusChange, isRentable, type AssetStatus, type StatusChangeSource } from "./asset.js";

function outcome(from: AssetStatus, to: AssetStatus, source: StatusChangeSource): string {
  try {
    assertStatusChange(from, to, source);
    return "ok";
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe("asset status changes", () => {
  it.each([
    ["AVAILABLE", "DAMAGED", "manual", "ok"],
    ["DAMAGED", "IN_MAINTENANCE", "maintenance", "ok"],
    ["LOST", "AVAILABLE", "manual", "ok"],
    ["AVAILABLE", "AVAILABLE", "manual", "ok"],
    ["AVAILABLE", "CHECKED_OUT", "manual", "ASSET_CHECKED_OUT"],
    ["CHECKED_OUT", "AVAILABLE", "manual", "ASSET_CHECKED_OUT"],
    ["AVAILABLE", "CHECKED_OUT", "scan", "ok"],
    ["RETIRED", "AVAILABLE", "manual", "ASSET_RETIRED"],
    ["AVAILABLE", "RETIRED", "manual", "ok"],
  ] as const)("%s → %s by %s: %s", (from, to, source, expected) => {
    expect(outcome(from, to, source)).toBe(expected);
  });

  it("rents everything but retired and lost units", () => {
    expect(["AVAILABLE", "CHECKED_OUT", "IN_MAINTENANCE", "DAMAGED", "LOST", "RETIRED"].filter((s) => isRentable(s as AssetStatus))).toEqual(["AVAILABLE", "CHECKED_OUT", "IN_MAINTENANCE", "DAMAGED"]);
  });
});
