// When a cached list of shortages may be out of date: which logged changes
// (pull-list lines, events, supply; migration 0029) can reach it. Pure; the
// service holds the cache and reads the log. See docs/rules/shortages.md.
import type { Interval } from "./availability.js";

/** A committed change: to one product's demand from an event starting at `startsAt`; null = any product, any time. */
export interface PlanningChange {
  productId: string | null;
  startsAt: number | null;
}

/**
 * How far changes reach a cached list over a range, as the latest event start
 * (exclusive, epoch ms) per product that can still matter.
 */
export interface Reach {
  /** Products some listed event needs: events starting before this compete for what it holds. */
  byProduct: ReadonlyMap<string, number>;
  /** Any other product: only an event overlapping the range can add a need of it to the list. */
  otherwise: number;
  /** The furthest of all: a change of an event reaches every product it has. */
  furthest: number;
}

/**
 * The reach of a list over `range` whose events hold products over `holds`:
 * an event E2 competes with a listed event's hold H of product P when E2's own
 * hold of P (its start less P's buffer before) begins before H ends.
 */
export function reachOf(range: Interval, holds: readonly { productId: string; hold: Interval; bufferBeforeMs: number }[]): Reach {
  const byProduct = new Map<string, number>();
  for (const { productId, hold, bufferBeforeMs } of holds) {
    byProduct.set(productId, Math.max(byProduct.get(productId) ?? range.end, hold.end + bufferBeforeMs));
  }
  return { byProduct, otherwise: range.end, furthest: Math.max(range.end, ...byProduct.values()) };
}

/** Can the change alter the list? Conservative: when in doubt, yes. */
export function touches(reach: Reach, change: PlanningChange): boolean {
  if (change.startsAt === null) return true;
  const until = change.productId === null ? reach.furthest : (reach.byProduct.get(change.productId) ?? reach.otherwise);
  return change.startsAt < until;
}
