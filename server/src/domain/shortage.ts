// Pure rules of shortages: what an event lacks of a product over its
// reserving period, given the availability the other events leave.
// See docs/rules/shortages.md.
import { type Availability, type Interval, type ReservationKind, type Segment, type SupplyChange } from "./availability.js";
import { shortage } from "./planning.js";

/**
 * Open repairs as supply changes: −1 per asset over the union of its repairs'
 * out-of-service periods (two overlapping repairs of one unit remove it once).
 */
export function repairChanges(repairs: readonly { assetId: string; start: number; end: number }[]): SupplyChange[] {
  const byAsset = new Map<string, Interval[]>();
  for (const r of repairs) byAsset.set(r.assetId, [...(byAsset.get(r.assetId) ?? []), { start: r.start, end: r.end }]);
  const changes: SupplyChange[] = [];
  for (const intervals of byAsset.values()) {
    intervals.sort((a, b) => a.start - b.start);
    let current: Interval | undefined;
    for (const i of intervals) {
      if (current && i.start <= current.end) current.end = Math.max(current.end, i.end);
      else {
        if (current) changes.push({ ...current, quantity: -1 });
        current = { ...i };
      }
    }
    if (current) changes.push({ ...current, quantity: -1 });
  }
  return changes;
}

/** How many units a stretch leaves for an event. */
export type Free = (segment: Segment) => number;

/**
 * A firm booking outranks soft holds: what a confirmed event can count on is
 * supply − confirmed (provisional holds give way and show the shortage); an
 * event that is provisional or not yet reserving competes with everything.
 */
export function freeFor(holds: ReservationKind | undefined): Free {
  return holds === "CONFIRMED" ? (s) => s.supply - s.confirmed : (s) => s.available;
}

export function minFree(a: Availability, free: Free): number {
  return Math.min(...a.timeline.map(free));
}

export interface ProductShortage {
  /** Own-stock need less what the event sub-hires. */
  needed: number;
  /** What the others leave, at its lowest (never below 0). */
  available: number;
  short: number;
  /** First to last stretch where the others leave less than is needed. */
  period: Interval;
}

/** The event's shortage of one product, or undefined when it is covered. */
export function productShortage(need: { needed: number; subHired: number }, a: Availability, free: Free): ProductShortage | undefined {
  const net = Math.max(0, need.needed - need.subHired);
  const lowest = minFree(a, free);
  const short = shortage(need.needed, lowest, need.subHired);
  if (short === 0) return undefined;
  const pinch = a.timeline.filter((s) => free(s) < net);
  const first = pinch[0];
  const last = pinch.at(-1);
  const period = first && last ? { start: first.start, end: last.end } : { start: a.timeline[0]?.start ?? 0, end: a.timeline.at(-1)?.end ?? 0 };
  return { needed: net, available: Math.max(0, lowest), short, period };
}
