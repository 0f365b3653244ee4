// Rules of a serialized asset's status. See docs/rules/asset-status.md.
import { InventoryError } from "./inventory.errors.js";

export type AssetStatus = "AVAILABLE" | "CHECKED_OUT" | "IN_MAINTENANCE" | "DAMAGED" | "LOST" | "RETIRED";

export type StatusChangeSource = "manual" | "scan" | "maintenance" | "event" | "case" | "import";

/** Statuses in which a unit can be rented. */
export function isRentable(status: AssetStatus): boolean {
  return status !== "RETIRED" && status !== "LOST";
}

/**
 * Which status changes a source may make. Checking out and in belongs to
 * scanning; maintenance moves units in and out of repair; a person may mark
 * damage, loss and recovery by hand. Retired is final.
 */
export function assertStatusChange(from: AssetStatus, to: AssetStatus, source: StatusChangeSource): void {
  if (from === to) return;
  if (from === "RETIRED") throw new InventoryError("ASSET_RETIRED", "a retired asset cannot change status");
  const touchesCheckout = from === "CHECKED_OUT" || to === "CHECKED_OUT";
  if (touchesCheckout && source !== "scan" && source !== "event") {
    throw new InventoryError("ASSET_CHECKED_OUT", "checking out and in is done by scanning", { from, to });
  }
}
