// Rules of the bulk stock ledger: what a movement does to the levels it touches.
// See docs/rules/no-negative-stock.md.
import type { StockMovementKind } from "./inventory.js";
import { InventoryError } from "./inventory.errors.js";

export interface MovementRequest {
  kind: StockMovementKind;
  fromLocationId: string | null;
  toLocationId: string | null;
  /** Units moved; for ADJUST the counted quantity. */
  quantity: number;
}

/** A location's level of one product, and how much of it sits packed in cases there. */
export interface LocationStock {
  quantity: number;
  packed: number;
}

export interface StockDelta {
  locationId: string;
  delta: number;
}

export interface MovementPlan {
  /** What the ledger records: units moved, or for ADJUST the signed difference applied. */
  recorded: number;
  /** Changes to apply to the levels, one per location touched. */
  deltas: StockDelta[];
}

/** A ledger row as far as the arithmetic is concerned. */
export interface LedgerEntry {
  kind: StockMovementKind;
  fromLocationId: string | null;
  toLocationId: string | null;
  quantity: number;
}

function invalid(message: string, field: string): InventoryError {
  return new InventoryError("INVALID_MOVEMENT", message, { field });
}

/** Which locations a movement kind needs, and that its quantity makes sense. */
export function assertMovementShape(m: MovementRequest): void {
  const needsFrom = m.kind === "WRITE_OFF" || m.kind === "TRANSFER";
  const needsTo = m.kind !== "WRITE_OFF";
  if (needsFrom && !m.fromLocationId) throw invalid(`a ${m.kind} needs from_location_id`, "from_location_id");
  if (!needsFrom && m.fromLocationId) throw invalid(`a ${m.kind} takes no from_location_id`, "from_location_id");
  if (needsTo && !m.toLocationId) throw invalid(`a ${m.kind} needs to_location_id`, "to_location_id");
  if (!needsTo && m.toLocationId) throw invalid(`a ${m.kind} takes no to_location_id`, "to_location_id");
  if (m.kind === "TRANSFER" && m.fromLocationId === m.toLocationId) throw invalid("a transfer needs two different locations", "to_location_id");
  if (!Number.isInteger(m.quantity) || m.quantity < 0 || (m.kind !== "ADJUST" && m.quantity === 0)) {
    throw new InventoryError("INVALID_QUANTITY", m.kind === "ADJUST" ? "the counted quantity must be 0 or more" : "move at least one unit", { quantity: String(m.quantity) });
  }
}

/**
 * What a movement does to the levels. A level never drops below what cases at
 * that location hold (so never below zero): writing off, transferring out or
 * counting less than that is refused with INSUFFICIENT_STOCK.
 * See docs/rules/no-negative-stock.md.
 */
export function planStockMovement(m: MovementRequest, stockAt: (locationId: string) => LocationStock): MovementPlan {
  assertMovementShape(m);
  const take = (locationId: string, units: number): StockDelta => {
    const { quantity, packed } = stockAt(locationId);
    const free = quantity - packed;
    if (units > free) {
      throw new InventoryError("INSUFFICIENT_STOCK", `only ${Math.max(0, free)} unpacked units at the location, ${units} requested`, {
        locationId,
        available: String(Math.max(0, free)),
        requested: String(units),
        packed: String(packed),
      });
    }
    return { locationId, delta: -units };
  };
  const from = m.fromLocationId ?? "";
  const to = m.toLocationId ?? "";
  switch (m.kind) {
    case "RECEIVE":
      return { recorded: m.quantity, deltas: [{ locationId: to, delta: m.quantity }] };
    case "WRITE_OFF":
      return { recorded: m.quantity, deltas: [take(from, m.quantity)] };
    case "TRANSFER":
      return { recorded: m.quantity, deltas: [take(from, m.quantity), { locationId: to, delta: m.quantity }] };
    case "ADJUST": {
      const { quantity, packed } = stockAt(to);
      if (m.quantity < packed) {
        throw new InventoryError("INSUFFICIENT_STOCK", `cases at the location hold ${packed} units; unpack them before counting ${m.quantity}`, {
          locationId: to,
          available: String(quantity),
          requested: String(m.quantity),
          packed: String(packed),
        });
      }
      return { recorded: m.quantity - quantity, deltas: [{ locationId: to, delta: m.quantity - quantity }] };
    }
    default:
      return m.kind satisfies never;
  }
}

/** The levels a ledger adds up to, per location: the ledger alone explains every level. */
export function levelsFromLedger(entries: readonly LedgerEntry[]): Map<string, number> {
  const levels = new Map<string, number>();
  const add = (locationId: string | null, delta: number) => {
    if (locationId) levels.set(locationId, (levels.get(locationId) ?? 0) + delta);
  };
  for (const e of entries) {
    switch (e.kind) {
      case "RECEIVE":
      case "ADJUST":
        add(e.toLocationId, e.quantity);
        break;
      case "WRITE_OFF":
        add(e.fromLocationId, -e.quantity);
        break;
      case "TRANSFER":
        add(e.fromLocationId, -e.quantity);
        add(e.toLocationId, e.quantity);
        break;
      default:
        e.kind satisfies never;
    }
  }
  return levels;
}

/**
 * A case may hold a bulk quantity at its location only out of what is there
 * and not already in other cases. See docs/rules/no-negative-stock.md.
 */
export function assertPackable(productId: string, wantedInCase: number, levelAtLocation: number, heldByOtherCases: number): void {
  const free = levelAtLocation - heldByOtherCases;
  if (wantedInCase > free) {
    throw new InventoryError("INSUFFICIENT_STOCK", `only ${Math.max(0, free)} units are free to pack at the case's location, ${wantedInCase} wanted`, {
      productId,
      available: String(Math.max(0, free)),
      requested: String(wantedInCase),
    });
  }
}

/** Same request id and same payload: a retry. The payload is everything the client sent, canonical. */
export function movementRequestPayload(productId: string, m: MovementRequest, reason: string): string {
  return JSON.stringify([productId, m.kind, m.fromLocationId ?? "", m.toLocationId ?? "", m.quantity, reason]);
}
