// Shortages (one event's, or every reserving event's in a period) and a
// product's timeline of bookings and availability. Batched by product: one
// load of the world for all events and products, then the pure engine.
// See docs/rules/shortages.md.
import type { Interval } from "../domain/availability.js";
import type { TimeRange } from "../domain/inventory.js";
import { reservation } from "../domain/planning.js";
import { PlanningError } from "../domain/planning.errors.js";
import type { PlanningEvent, PlanningSettings, ProductTimeline, Shortage } from "../domain/planning.types.js";
import { freeFor, productShortage, type Free } from "../domain/shortage.js";
import type { Db } from "../store/db.js";
import { findEvent, findEventHeads, listEventHeadsOverlapping, type EventHead } from "../store/event.store.js";
import { loadNeeds, type EventNeed } from "../store/pull-list.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import { availabilityIn, holdIn, loadWorld, reservingStatuses, type World } from "./availability.service.js";
import type { InventoryDeps } from "./inventory.deps.js";

const day = 86_400_000;

export function interval(range: TimeRange): Interval {
  return { start: range.start.getTime(), end: range.end.getTime() };
}

function timeRange(i: Interval): TimeRange {
  return { start: new Date(i.start), end: new Date(i.end) };
}

function shortagesFrom(world: World, head: EventHead, needs: readonly EventNeed[], free: Free): Shortage[] {
  const out = interval(head.outPeriod);
  const found: Shortage[] = [];
  for (const need of needs) {
    if (need.ownStock === 0) continue;
    const a = availabilityIn(world, need.productId, holdIn(world, need.productId, out), head.id);
    const s = productShortage({ needed: need.ownStock, subHired: need.subHired }, a, free);
    if (!s) continue;
    found.push({
      eventId: head.id,
      eventNumber: head.number,
      eventName: head.name,
      productId: need.productId,
      productName: world.products.get(need.productId)?.name ?? "",
      needed: s.needed,
      available: s.available,
      short: s.short,
      // A consumable's pinch can last until a movement restocks it: shown up to its last change or the event's end.
      period: timeRange({ start: s.period.start, end: Number.isFinite(s.period.end) ? s.period.end : Math.max(s.period.start, out.end, a.timeline.at(-1)?.start ?? 0) }),
    });
  }
  return found.sort((a, b) => a.productName.localeCompare(b.productName) || a.productId.localeCompare(b.productId));
}

/**
 * What the event lacks over its reserving period, leaving its own reservations
 * out. `free` says what counts against it (see freeFor). Works on a transaction.
 */
export async function shortagesOfEvent(db: Db, event: PlanningEvent, free: Free, settings?: PlanningSettings): Promise<Shortage[]> {
  const needs = await loadNeeds(db, [event.id]);
  const productIds = needs.filter((n) => n.ownStock > 0).map((n) => n.productId);
  if (productIds.length === 0) return [];
  const world = await loadWorld(db, { productIds, around: interval(event.outPeriod), excludeEventId: event.id, ...(settings ? { settings } : {}) });
  return shortagesFrom(world, event, needs, free);
}

export class ShortageService {
  constructor(private readonly deps: InventoryDeps) {}

  /** One event's shortages; or every reserving event's overlapping `range` (default: the next 30 days), by event start. */
  async listShortages(ctx: CallContext, q: { eventId: string | undefined; range: TimeRange | undefined }): Promise<Shortage[]> {
    requirePermission(ctx, "planning.read");
    const db = this.deps.db;
    if (q.eventId) {
      const event = await findEvent(db, q.eventId);
      if (!event) throw new PlanningError("EVENT_NOT_FOUND", "no such event", { eventId: q.eventId });
      return shortagesOfEvent(db, event, freeFor(reservation(event.status)));
    }
    const now = this.deps.now();
    const range = q.range ?? { start: now, end: new Date(now.getTime() + 30 * day) };
    if (!(range.start.getTime() < range.end.getTime())) throw new PlanningError("INVALID_PERIOD", "the range must end after it starts", { field: "range" });
    const events = await listEventHeadsOverlapping(db, range, reservingStatuses);
    if (events.length === 0) return [];
    const needs = await loadNeeds(db, events.map((e) => e.id));
    const periods = events.map((e) => interval(e.outPeriod));
    // One load covering every event's holding periods; each event then leaves out its own reservations.
    const span = { start: Math.min(...periods.map((p) => p.start)), end: Math.max(...periods.map((p) => p.end)) };
    const world = await loadWorld(db, { productIds: needs.filter((n) => n.ownStock > 0).map((n) => n.productId), around: span, excludeEventId: undefined });
    const byEvent = new Map<string, EventNeed[]>();
    for (const n of needs) byEvent.set(n.eventId, [...(byEvent.get(n.eventId) ?? []), n]);
    return events.flatMap((e) => shortagesFrom(world, e, byEvent.get(e.id) ?? [], freeFor(reservation(e.status))));
  }

  /** Which events hold the product over `range` (with their own out-periods), and its availability there. */
  async getProductTimeline(ctx: CallContext, q: { productId: string; range: TimeRange }): Promise<ProductTimeline> {
    requirePermission(ctx, "planning.read");
    const range = interval(q.range);
    if (!(range.start < range.end)) throw new PlanningError("INVALID_PERIOD", "the range must end after it starts", { field: "range" });
    const db = this.deps.db;
    const world = await loadWorld(db, { productIds: [q.productId], range, excludeEventId: undefined });
    const product = world.products.get(q.productId);
    if (!product) throw new PlanningError("PRODUCT_NOT_FOUND", "no such product", { productId: q.productId });
    const heads = await findEventHeads(db, product.rows.map((r) => r.eventId));
    const bookings = product.rows
      .flatMap((r) => {
        const head = heads.get(r.eventId);
        return head ? [{ eventId: head.id, eventNumber: head.number, eventName: head.name, status: head.status, period: head.outPeriod, quantity: r.quantity }] : [];
      })
      .sort((a, b) => a.period.start.getTime() - b.period.start.getTime() || a.eventNumber.localeCompare(b.eventNumber));
    return { bookings, availability: availabilityIn(world, q.productId, range) };
  }
}
