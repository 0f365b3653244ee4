import { AssetStatus, TrackingMode } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { describe, expect, it } from "vitest";
import { enumName, enumValue, moneyFromProto } from "./inventory.convert.js";

describe("enum mapping", () => {
  it("maps names both ways and UNSPECIFIED to nothing", () => {
    expect(enumValue(TrackingMode, "BULK")).toBe(TrackingMode.BULK);
    expect(enumName(TrackingMode, TrackingMode.CONSUMABLE)).toBe("CONSUMABLE");
    expect(enumName(AssetStatus, AssetStatus.UNSPECIFIED)).toBeUndefined();
    expect(enumValue(AssetStatus, "NOPE")).toBe(0);
    expect(enumValue(AssetStatus, null)).toBe(0);
  });
  it("treats absent money as zero", () => {
    expect(moneyFromProto(undefined, "GBP")).toEqual({ amountMinor: 0n, currency: "GBP" });
  });
});
