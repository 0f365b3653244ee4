// The availability engine: how many units of a product can still be promised
// over a period, and how that changes over time. Pure: callers load the
// supply and demand intervals (range-indexed SQL) and pass them in.
// See docs/rules/availability.md.

/** Half-open interval [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

export type ReservationKind = "PROVISIONAL" | "CONFIRMED";

export interface Reservation extends Interval {
  quantity: number;
  kind: ReservationKind;
  /** What reserves: an event id, for listing who competes for the units. */
  sourceId: string;
}

export interface SupplyChange extends Interval {
  /** Units added over the interval (sub-hired in), or removed (negative: a unit in repair). */
  quantity: number;
}

export interface ProductDemand {
  /** Units owned and rentable (serialized: not retired or lost; bulk: stock). */
  owned: number;
  /** Temporary changes of supply: repairs (−1 per unit) and sub-hires in (+n). */
  supply: readonly SupplyChange[];
  reservations: readonly Reservation[];
}

/** A stretch of time over which every figure is constant. */
export interface Segment extends Interval {
  /** Owned plus sub-hired minus out of service. */
  supply: number;
  confirmed: number;
  provisional: number;
  /** supply − confirmed − provisional; negative means a shortage. */
  available: number;
}

export interface Availability {
  /** Contiguous segments covering the queried range exactly, in time order. */
  timeline: Segment[];
  /** Minimum of `available` over the range. */
  minAvailable: number;
  /** Minimum of supply − confirmed: what is free if provisional holds are released. */
  minAvailableIgnoringProvisional: number;
}

function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Sweep over the boundaries of every interval that overlaps `range`: one pass,
 * O(n log n) in the number of intervals, independent of the range's length.
 */
export function availability(demand: ProductDemand, range: Interval): Availability {
  if (!(range.start < range.end)) throw new RangeError("availability: the range must end after it starts");
  // Deltas at each boundary, clipped to the range.
  const deltas = new Map<number, { supply: number; confirmed: number; provisional: number }>();
  const at = (t: number) => {
    let d = deltas.get(t);
    if (!d) {
      d = { supply: 0, confirmed: 0, provisional: 0 };
      deltas.set(t, d);
    }
    return d;
  };
  const add = (interval: Interval, field: "supply" | "confirmed" | "provisional", quantity: number) => {
    if (quantity === 0 || !overlaps(interval, range)) return;
    at(Math.max(interval.start, range.start))[field] += quantity;
    const end = Math.min(interval.end, range.end);
    if (end < range.end) at(end)[field] -= quantity;
  };
  for (const change of demand.supply) add(change, "supply", change.quantity);
  for (const r of demand.reservations) add(r, r.kind === "CONFIRMED" ? "confirmed" : "provisional", r.quantity);
  at(range.start);

  const times = [...deltas.keys()].sort((a, b) => a - b);
  const timeline: Segment[] = [];
  let supply = demand.owned;
  let confirmed = 0;
  let provisional = 0;
  let minAvailable = Number.POSITIVE_INFINITY;
  let minHard = Number.POSITIVE_INFINITY;
  times.forEach((t, i) => {
    const d = deltas.get(t) ?? { supply: 0, confirmed: 0, provisional: 0 };
    supply += d.supply;
    confirmed += d.confirmed;
    provisional += d.provisional;
    const end = times[i + 1] ?? range.end;
    const available = supply - confirmed - provisional;
    const last = timeline.at(-1);
    // Boundaries whose changes cancel out do not split a segment.
    if (last && last.supply === supply && last.confirmed === confirmed && last.provisional === provisional) {
      last.end = end;
    } else {
      timeline.push({ start: t, end, supply, confirmed, provisional, available });
    }
    minAvailable = Math.min(minAvailable, available);
    minHard = Math.min(minHard, supply - confirmed);
  });
  return { timeline, minAvailable, minAvailableIgnoringProvisional: minHard };
}

/** The latest of `segments` starting at or before `t` (binary search; segments in time order). */
function segmentAt(segments: readonly Segment[], t: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((segments[mid]?.start ?? Number.POSITIVE_INFINITY) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * `availability(demand without released, range)`, from `whole` = the
 * availability of the full demand over a period covering `range`: the
 * timeline clipped to the range, the released reservations given back. Lets
 * many events each ask "what do the others leave me?" of one timeline per
 * product instead of re-sweeping every reservation per event.
 */
export function releasing(whole: Availability, range: Interval, released: readonly Reservation[]): Availability {
  const first = whole.timeline[0];
  const last = whole.timeline.at(-1);
  if (!(range.start < range.end)) throw new RangeError("releasing: the range must end after it starts");
  if (!first || !last || first.start > range.start || last.end < range.end) throw new RangeError("releasing: the timeline does not cover the range");
  const back = released.filter((r) => r.quantity !== 0 && overlaps(r, range));
  const bounds = new Set<number>();
  for (const r of back) {
    if (r.start > range.start) bounds.add(r.start);
    if (r.end < range.end) bounds.add(r.end);
  }
  const cuts = [...bounds].sort((a, b) => a - b);
  const timeline: Segment[] = [];
  let minAvailable = Number.POSITIVE_INFINITY;
  let minHard = Number.POSITIVE_INFINITY;
  let cut = 0;
  for (let i = segmentAt(whole.timeline, range.start); i < whole.timeline.length; i++) {
    const s = whole.timeline[i];
    if (!s || s.start >= range.end) break;
    const end = Math.min(s.end, range.end);
    let at = Math.max(s.start, range.start);
    while (at < end) {
      while (cut < cuts.length && (cuts[cut] ?? Number.POSITIVE_INFINITY) <= at) cut++;
      const next = Math.min(end, cuts[cut] ?? Number.POSITIVE_INFINITY);
      let confirmed = s.confirmed;
      let provisional = s.provisional;
      for (const r of back) {
        if (r.start <= at && at < r.end) {
          if (r.kind === "CONFIRMED") confirmed -= r.quantity;
          else provisional -= r.quantity;
        }
      }
      const previous = timeline.at(-1);
      if (previous && previous.supply === s.supply && previous.confirmed === confirmed && previous.provisional === provisional) previous.end = next;
      else timeline.push({ start: at, end: next, supply: s.supply, confirmed, provisional, available: s.supply - confirmed - provisional });
      minAvailable = Math.min(minAvailable, s.supply - confirmed - provisional);
      minHard = Math.min(minHard, s.supply - confirmed);
      at = next;
    }
  }
  return { timeline, minAvailable, minAvailableIgnoringProvisional: minHard };
}

export interface KitComponent {
  quantity: number;
  availability: Availability;
}

/**
 * How many whole kits can be promised: at every moment the minimum over its
 * components of ⌊available ÷ quantity per kit⌋, then the minimum over time.
 */
export function kitAvailability(components: readonly KitComponent[], range: Interval): { timeline: (Interval & { available: number })[]; minAvailable: number } {
  if (components.length === 0) return { timeline: [{ ...range, available: 0 }], minAvailable: 0 };
  const boundaries = new Set<number>([range.start]);
  for (const c of components) for (const s of c.availability.timeline) if (s.start > range.start && s.start < range.end) boundaries.add(s.start);
  const times = [...boundaries].sort((a, b) => a - b);
  const timeline: (Interval & { available: number })[] = [];
  const cursors = components.map(() => 0);
  times.forEach((t, i) => {
    const end = times[i + 1] ?? range.end;
    let kits = Number.POSITIVE_INFINITY;
    components.forEach((c, k) => {
      const segments = c.availability.timeline;
      let cursor = cursors[k] ?? 0;
      while (cursor + 1 < segments.length && (segments[cursor + 1]?.start ?? Number.POSITIVE_INFINITY) <= t) cursor++;
      cursors[k] = cursor;
      const available = segments[cursor]?.available ?? 0;
      kits = Math.min(kits, Math.floor(available / c.quantity));
    });
    const last = timeline.at(-1);
    if (last && last.available === kits) last.end = end;
    else timeline.push({ start: t, end, available: kits });
  });
  return { timeline, minAvailable: Math.min(...timeline.map((s) => s.available)) };
}

/** A reservation's period widened by turnaround buffers (prep before, check-in after). */
export function withBuffers(period: Interval, beforeMs: number, afterMs: number): Interval {
  return { start: period.start - beforeMs, end: period.end + afterMs };
}

/** Turnaround buffers of a product, in minutes: its category's (or the nearest ancestor's), else the instance's. */
export interface Buffers {
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

/** How a product's units come back: rented gear returns, consumables are sold and stay gone. */
export type Lifetime = "RETURNED" | "CONSUMED";

const minute = 60_000;

/**
 * The period an event holds a product: its out-period widened by the
 * product's buffers; a consumable never comes back, so its hold has no end
 * (until a stock movement brings the ledger up to date — see
 * docs/rules/consumables.md).
 */
export function holdingPeriod(out: Interval, buffers: Buffers, lifetime: Lifetime): Interval {
  const widened = withBuffers(out, buffers.bufferBeforeMinutes * minute, buffers.bufferAfterMinutes * minute);
  return lifetime === "CONSUMED" ? { start: widened.start, end: Number.POSITIVE_INFINITY } : widened;
}

/** What one event holds of one product, as loaded: its out-period (no buffers). */
export interface Hold extends Interval {
  quantity: number;
  kind: ReservationKind;
  sourceId: string;
}

/** The engine's reservations for a product's holds: each widened by the product's buffers, open-ended for a consumable. */
export function reservationsOf(holds: readonly Hold[], buffers: Buffers, lifetime: Lifetime): Reservation[] {
  return holds.map((h) => ({ ...holdingPeriod(h, buffers, lifetime), quantity: h.quantity, kind: h.kind, sourceId: h.sourceId }));
}

/**
 * A product's buffers: the nearest category up the tree (starting at its own)
 * that has buffers of its own, else the instance's (`fromCategoryId` null).
 * `parentOf` maps a category to its parent; a loop stops the walk rather than spinning.
 * See docs/rules/turnaround-buffers.md.
 */
export function effectiveBuffers(
  categoryId: string | null,
  own: ReadonlyMap<string, Buffers>,
  parentOf: ReadonlyMap<string, string | null>,
  fallback: Buffers,
): { buffers: Buffers; fromCategoryId: string | null } {
  const seen = new Set<string>();
  let at = categoryId;
  while (at !== null && !seen.has(at)) {
    const found = own.get(at);
    if (found) return { buffers: found, fromCategoryId: at };
    seen.add(at);
    at = parentOf.get(at) ?? null;
  }
  return { buffers: fallback, fromCategoryId: null };
}

/** Category rows as the maps effectiveBuffers walks. */
export function bufferTree(rows: readonly { id: string; parentId: string | null; bufferBeforeMinutes: number | null; bufferAfterMinutes: number | null }[]): {
  own: Map<string, Buffers>;
  parentOf: Map<string, string | null>;
} {
  return {
    parentOf: new Map(rows.map((r) => [r.id, r.parentId])),
    own: new Map(
      rows.flatMap((r) => (r.bufferBeforeMinutes !== null && r.bufferAfterMinutes !== null ? [[r.id, { bufferBeforeMinutes: r.bufferBeforeMinutes, bufferAfterMinutes: r.bufferAfterMinutes }] as const] : [])),
    ),
  };
}
