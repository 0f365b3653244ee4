// Shortages (one event's, or every reserving event's in a period) and a
// product's timeline of bookings and availability. Batched by product: one
// load of the world for all events and products, then the pure engine.
// See docs/rules/shortages.md.
import { releasing, type Availability, type Interval, type Reservation } from "../domain/availability.js";
import type { TimeRange } from "../domain/inventory.js";
import { reservation } from "../domain/planning.js";
import { PlanningError } from "../domain/planning.errors.js";
import type { PlanningEvent, PlanningSettings, ProductTimeline, Shortage } from "../domain/planning.types.js";
import { freeFor, productShortage, type Free } from "../domain/shortage.js";
import { reachOf, touches, type Reach } from "../domain/shortage-cache.js";
import type { Db } from "../store/db.js";
import { findEvent, findEventHeads, listEventHeadsOverlapping, type EventHead } from "../store/event.store.js";
import { changesUnseenBy, currentSnapshot, pruneChanges } from "../store/planning-change.store.js";
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

/** What the other events leave an event of a product over the period it would hold it. */
type OthersLeave = (eventId: string, productId: string, hold: Interval) => Availability;

function shortagesFrom(world: World, head: EventHead, needs: readonly EventNeed[], free: Free, othersLeave: OthersLeave): Shortage[] {
  const out = interval(head.outPeriod);
  const found: Shortage[] = [];
  for (const need of needs) {
    if (need.ownStock === 0) continue;
    const a = othersLeave(head.id, need.productId, holdIn(world, need.productId, out));
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
  return shortagesFrom(world, event, needs, free, (eventId, productId, hold) => availabilityIn(world, productId, hold, eventId));
}

/**
 * For many events at once: one timeline per product over every period asked
 * of it, from which each event releases its own holds — instead of sweeping
 * the product's reservations again for every event that needs it.
 */
function sharedTimelines(world: World, asks: readonly { eventId: string; productId: string; hold: Interval }[]): OthersLeave {
  const spans = new Map<string, Interval>();
  for (const { productId, hold } of asks) {
    const span = spans.get(productId);
    spans.set(productId, span ? { start: Math.min(span.start, hold.start), end: Math.max(span.end, hold.end) } : hold);
  }
  const timelines = new Map<string, Availability>();
  const held = new Map<string, Reservation[]>();
  for (const [productId, span] of spans) {
    timelines.set(productId, availabilityIn(world, productId, span));
    for (const r of world.products.get(productId)?.demand.reservations ?? []) {
      const key = `${productId} ${r.sourceId}`;
      const list = held.get(key);
      if (list) list.push(r);
      else held.set(key, [r]);
    }
  }
  return (eventId, productId, hold) => {
    const whole = timelines.get(productId);
    return whole ? releasing(whole, hold, held.get(`${productId} ${eventId}`) ?? []) : availabilityIn(world, productId, hold, eventId);
  };
}

/** A cached answer is recomputed after this long whatever happened (and the change log forgets after three times it). */
const cacheLifetimeMs = 10 * 60_000;
const pruneEveryMs = 5 * 60_000;
/** Ranges cached per server process (the default one, plus a few a client asked for). */
const cacheEntries = 16;

interface CachedShortages {
  snapshot: string;
  reach: Reach;
  shortages: Shortage[];
  computedAt: number;
}

/** From the start of the minute of `now`, `days` ahead: whole minutes, so that one answer serves a minute of views. */
function nextDays(now: Date, days: number): TimeRange {
  const start = Math.floor(now.getTime() / 60_000) * 60_000;
  return { start: new Date(start), end: new Date(start + days * day) };
}

async function computePeriodShortages(db: Db, range: Interval): Promise<{ shortages: Shortage[]; reach: Reach }> {
  const events = await listEventHeadsOverlapping(db, timeRange(range), reservingStatuses);
  if (events.length === 0) return { shortages: [], reach: reachOf(range, []) };
  const needs = await loadNeeds(db, events.map((e) => e.id));
  const periods = events.map((e) => interval(e.outPeriod));
  // One load covering every event's holding periods; each event then leaves out its own reservations.
  const span = { start: Math.min(...periods.map((p) => p.start)), end: Math.max(...periods.map((p) => p.end)) };
  const world = await loadWorld(db, { productIds: needs.filter((n) => n.ownStock > 0).map((n) => n.productId), around: span, excludeEventId: undefined });
  const outOf = new Map(events.map((e) => [e.id, interval(e.outPeriod)]));
  const byEvent = new Map<string, EventNeed[]>();
  const asks: { eventId: string; productId: string; hold: Interval }[] = [];
  for (const n of needs) {
    const list = byEvent.get(n.eventId);
    if (list) list.push(n);
    else byEvent.set(n.eventId, [n]);
    const out = outOf.get(n.eventId);
    if (out && n.ownStock > 0) asks.push({ eventId: n.eventId, productId: n.productId, hold: holdIn(world, n.productId, out) });
  }
  const othersLeave = sharedTimelines(world, asks);
  const reach = reachOf(
    range,
    asks.map((a) => ({ ...a, bufferBeforeMs: (world.products.get(a.productId)?.buffers.bufferBeforeMinutes ?? world.settings.bufferBeforeMinutes) * 60_000 })),
  );
  return { shortages: events.flatMap((e) => shortagesFrom(world, e, byEvent.get(e.id) ?? [], freeFor(reservation(e.status)), othersLeave)), reach };
}

export class ShortageService {
  /** Period lists by range, oldest first (a Map keeps insertion order). */
  private readonly cache = new Map<string, CachedShortages>();
  private prunedAt = 0;

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
    const range = q.range ?? nextDays(this.deps.now(), 30);
    if (!(range.start.getTime() < range.end.getTime())) throw new PlanningError("INVALID_PERIOD", "the range must end after it starts", { field: "range" });
    return this.periodShortages(interval(range));
  }

  /**
   * Every reserving event's shortages over the range, from the cache while no
   * committed change can reach the cached list (recomputed otherwise). The
   * events list asks this on every view; computing it reads the whole world
   * of the next weeks (seed scale: ~200 events, ~1,900 products, 5,000 holds).
   */
  private async periodShortages(range: Interval): Promise<Shortage[]> {
    const db = this.deps.db;
    const key = `${range.start}/${range.end}`;
    const now = this.deps.now().getTime();
    const cached = this.cache.get(key);
    if (cached && now - cached.computedAt < cacheLifetimeMs) {
      const unseen = await changesUnseenBy(db, cached.snapshot);
      if (!unseen.some((change) => touches(cached.reach, change))) return cached.shortages;
    }
    // One snapshot for the whole computation: the answer and the snapshot the cache checks changes against agree.
    const computed = await db
      .transaction()
      .setIsolationLevel("repeatable read")
      .setAccessMode("read only")
      .execute(async (tx) => ({ snapshot: await currentSnapshot(tx), ...(await computePeriodShortages(tx, range)) }));
    this.cache.delete(key);
    this.cache.set(key, { ...computed, computedAt: now });
    for (const stale of [...this.cache.keys()].slice(0, Math.max(0, this.cache.size - cacheEntries))) this.cache.delete(stale);
    if (now - this.prunedAt > pruneEveryMs) {
      this.prunedAt = now;
      await pruneChanges(db, 3 * cacheLifetimeMs);
    }
    return computed.shortages;
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
