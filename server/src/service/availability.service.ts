// Availability of products and kits over a period (InventoryService.CheckAvailability),
// and the loading behind every availability figure planning shows: a few
// range-indexed queries, then the pure engine per product.
// See docs/rules/availability.md.
import {
  availability,
  bufferTree,
  effectiveBuffers,
  holdingPeriod,
  kitAvailability,
  reservationsOf,
  type Availability,
  type Buffers,
  type Hold,
  type Interval,
  type Lifetime,
  type ProductDemand,
} from "../domain/availability.js";
import { InventoryError } from "../domain/inventory.errors.js";
import type { TimeRange } from "../domain/inventory.js";
import { consumption, lifetimeOf, reservation, type EventStatus } from "../domain/planning.js";
import type { PlanningSettings } from "../domain/planning.types.js";
import { repairChanges } from "../domain/shortage.js";
import { loadConsumption, loadKitItems, loadOwned, loadRepairs, loadReservations, type ProductSupply, type ReservationRow } from "../store/availability.store.js";
import type { Db } from "../store/db.js";
import { getPlanningSettings, listCategoriesWithBuffers } from "../store/planning.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import type { InventoryDeps } from "./inventory.deps.js";

const statuses: EventStatus[] = ["ENQUIRY", "PROVISIONAL", "CONFIRMED", "PREPPED", "OUT", "RETURNED", "CLOSED", "CANCELLED"];
export const reservingStatuses: readonly EventStatus[] = statuses.filter((s) => reservation(s) !== undefined);

/** Statuses whose consumption of a consumable counts: reserving ones, and done ones (sold stock does not come back). */
export const consumingStatuses: readonly EventStatus[] = statuses.filter((s) => consumption(s) !== undefined);

export interface ProductWorld extends ProductSupply {
  /** The product's turnaround buffers (its category's, inherited, or the instance's). */
  buffers: Buffers;
  lifetime: Lifetime;
  /** Supply and reservations (already widened by the buffers) overlapping the loaded range. */
  demand: ProductDemand;
  /** The reservations as loaded, with their events' own periods. */
  rows: ReservationRow[];
}

/** Everything the engine needs for some products over a period, loaded once. */
export interface World {
  settings: PlanningSettings;
  products: Map<string, ProductWorld>;
}

export type LoadOptions = {
  productIds: readonly string[];
  excludeEventId: string | undefined;
  settings?: PlanningSettings;
} & (
  | {
      /** Loaded range: every hold whose widened period overlaps it is included. */
      range: Interval;
    }
  | {
      /** An event's out-period (or a span of them): each product is loaded over the period the event would hold it. */
      around: Interval;
    }
);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** Smallest interval covering all of them. */
function cover(intervals: readonly Interval[]): Interval | undefined {
  if (intervals.length === 0) return undefined;
  return { start: Math.min(...intervals.map((i) => i.start)), end: Math.max(...intervals.map((i) => i.end)) };
}

/** Each product's buffers: its category's own, else the nearest ancestor's, else the instance's. */
async function buffersOf(db: Db, owned: ReadonlyMap<string, ProductSupply>, settings: PlanningSettings): Promise<Map<string, Buffers>> {
  const fallback: Buffers = { bufferBeforeMinutes: settings.bufferBeforeMinutes, bufferAfterMinutes: settings.bufferAfterMinutes };
  const categorized = [...owned.values()].some((p) => p.categoryId !== null);
  const { own, parentOf } = bufferTree(categorized ? await listCategoriesWithBuffers(db) : []);
  return new Map([...owned.values()].map((p) => [p.productId, effectiveBuffers(p.categoryId, own, parentOf, fallback).buffers]));
}

/**
 * Loads the owned units, open repairs and overlapping holds of the products:
 * settings, owned, category buffers, repairs, reservations and (for
 * consumables) consumption — a handful of range-indexed statements for any
 * number of products, whatever the period.
 */
export async function loadWorld(db: Db, o: LoadOptions): Promise<World> {
  const settings = o.settings ?? (await getPlanningSettings(db));
  const ids = [...new Set(o.productIds)];
  const owned = await loadOwned(db, ids);
  const buffers = await buffersOf(db, owned, settings);
  const specs = [...owned.values()].map((p) => ({ productId: p.productId, countedAt: p.countedAt, lifetime: lifetimeOf(p.tracking), ...(buffers.get(p.productId) ?? settings) }));
  const returned = specs.filter((p) => p.lifetime === "RETURNED");
  const consumed = specs.filter((p) => p.lifetime === "CONSUMED");
  // Rented gear and consumables are loaded over their own windows: a consumable's hold never ends.
  const window = (list: typeof specs) => ("range" in o ? o.range : cover(list.map((p) => holdingPeriod(o.around, p, p.lifetime))));
  const returnedRange = window(returned);
  const consumedRange = window(consumed);
  const repairs = returnedRange ? await loadRepairs(db, returned.map((p) => p.productId), returnedRange) : [];
  const rows = [
    ...(returnedRange ? await loadReservations(db, { products: returned, range: returnedRange, statuses: reservingStatuses, excludeEventId: o.excludeEventId }) : []),
    ...(consumedRange ? await loadConsumption(db, { products: consumed, range: consumedRange, statuses: consumingStatuses, excludeEventId: o.excludeEventId }) : []),
  ];
  const products = new Map<string, ProductWorld>();
  for (const [id, supply] of owned) {
    const lifetime = lifetimeOf(supply.tracking);
    products.set(id, { ...supply, lifetime, buffers: buffers.get(id) ?? settings, demand: { owned: supply.owned, supply: [], reservations: [] }, rows: [] });
  }
  const repairsByProduct = groupBy(repairs, (r) => r.productId);
  for (const [id, list] of repairsByProduct) {
    const p = products.get(id);
    if (p) p.demand = { ...p.demand, supply: repairChanges(list) };
  }
  const holds = new Map<string, Hold[]>();
  for (const r of rows) {
    const p = products.get(r.productId);
    const kind = p?.lifetime === "CONSUMED" ? consumption(r.status) : reservation(r.status);
    if (!p || !kind) continue;
    const hold = { start: r.start, end: r.end, quantity: r.quantity, kind, sourceId: r.eventId };
    const list = holds.get(r.productId);
    if (list) list.push(hold);
    else holds.set(r.productId, [hold]);
    p.rows.push(r);
  }
  for (const [id, list] of holds) {
    const p = products.get(id);
    if (p) p.demand = { ...p.demand, reservations: reservationsOf(list, p.buffers, p.lifetime) };
  }
  return { settings, products };
}

/** The period an event holds this product: its out-period widened by the product's buffers (open-ended for a consumable). */
export function holdIn(world: World, productId: string, out: Interval): Interval {
  const p = world.products.get(productId);
  return holdingPeriod(out, p?.buffers ?? world.settings, p?.lifetime ?? "RETURNED");
}

/** The product's availability over `range` (inside the loaded range), leaving out one event's own reservations. */
export function availabilityIn(world: World, productId: string, range: Interval, withoutEventId?: string): Availability {
  const p = world.products.get(productId);
  if (!p) return availability({ owned: 0, supply: [], reservations: [] }, range);
  const demand = withoutEventId ? { ...p.demand, reservations: p.demand.reservations.filter((r) => r.sourceId !== withoutEventId) } : p.demand;
  return availability(demand, range);
}

function interval(range: TimeRange): Interval {
  return { start: range.start.getTime(), end: range.end.getTime() };
}

export interface AvailabilityQuery {
  productIds: readonly string[];
  kitIds: readonly string[];
  range: TimeRange;
  excludeEventId: string | undefined;
}

export interface AvailabilityAnswer {
  products: { productId: string; availability: Availability }[];
  kits: { kitId: string; minAvailable: number }[];
}

export class AvailabilityService {
  constructor(protected readonly deps: InventoryDeps) {}

  /** Requested products in request order, and kits (the minimum over their required items of whole kits). */
  async checkAvailability(ctx: CallContext, q: AvailabilityQuery): Promise<AvailabilityAnswer> {
    requirePermission(ctx, "inventory.read");
    const range = interval(q.range);
    if (!(range.start < range.end)) throw new InventoryError("INVALID_DATE", "the range must end after it starts", { field: "range" });
    const db = this.deps.db;
    const kits = await loadKitItems(db, q.kitIds);
    for (const kitId of q.kitIds) if (!kits.has(kitId)) throw new InventoryError("KIT_NOT_FOUND", "no such kit", { kitId });
    const componentIds = [...kits.values()].flatMap((items) => items.map((i) => i.productId));
    const world = await loadWorld(db, { productIds: [...q.productIds, ...componentIds], range, excludeEventId: q.excludeEventId });
    for (const productId of q.productIds) if (!world.products.has(productId)) throw new InventoryError("PRODUCT_NOT_FOUND", "no such product", { productId });
    const cache = new Map<string, Availability>();
    const of = (productId: string) => {
      let a = cache.get(productId);
      if (!a) {
        a = availabilityIn(world, productId, range);
        cache.set(productId, a);
      }
      return a;
    };
    return {
      products: q.productIds.map((productId) => ({ productId, availability: of(productId) })),
      kits: q.kitIds.map((kitId) => ({
        kitId,
        minAvailable: kitAvailability((kits.get(kitId) ?? []).map((i) => ({ quantity: i.quantity, availability: of(i.productId) })), range).minAvailable,
      })),
    };
  }
}
