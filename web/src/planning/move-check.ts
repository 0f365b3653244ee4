// Moving an event's dates: what it needs per product, and whether the rest of
// the world leaves enough over the new period (the rule of docs/rules/shortages.md).
import type { ProductAvailability } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { EventStatus, type PullListLine } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { isSubHire } from "./labels.js";

export interface ProductNeed {
  productId: string;
  title: string;
  /** Units from own stock (product and asset lines, kit components, accessories). */
  ownStock: number;
  /** Units sub-hired in. */
  subHired: number;
}

export function needsOf(lines: readonly PullListLine[]): ProductNeed[] {
  const needs = new Map<string, ProductNeed>();
  for (const line of lines) {
    if (!line.productId) continue;
    const need = needs.get(line.productId) ?? { productId: line.productId, title: line.title, ownStock: 0, subHired: 0 };
    if (isSubHire(line.source)) need.subHired += line.quantity;
    else need.ownStock += line.quantity;
    needs.set(line.productId, need);
  }
  return [...needs.values()].filter((need) => need.ownStock > 0);
}

export interface MoveResult extends ProductNeed {
  available: number;
  short: number;
}

/**
 * `short = max(0, need − max(0, free) − sub-hired)`. A firm booking (confirmed,
 * prepped, out) outranks soft holds, so it counts what is free ignoring provisional holds.
 */
export function moveResults(needs: readonly ProductNeed[], availability: readonly ProductAvailability[], status: EventStatus): MoveResult[] {
  const firm = status === EventStatus.CONFIRMED || status === EventStatus.PREPPED || status === EventStatus.OUT;
  const byId = new Map(availability.map((entry) => [entry.productId, entry]));
  return needs.map((need) => {
    const entry = byId.get(need.productId);
    const free = entry ? (firm ? entry.minAvailableIgnoringProvisional : entry.minAvailable) : 0;
    return { ...need, available: free, short: Math.max(0, need.ownStock - Math.max(0, free) - need.subHired) };
  });
}
