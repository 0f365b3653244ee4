// Availability of products and kits over a period (InventoryService.CheckAvailability),
// and the loading behind every availability figure planning shows: a few
// range-indexed queries, then the pure engine per product.
// See docs/rules/availability.md.
import { availability, kitAvailability, type Availability, type Interval, type ProductDemand, type Reservation } from "../domain/availability.js";
import { InventoryError } from "../domain/inventory.errors.js";
import type { TimeRange } from "../domain/inventory.js";
import { reservation, type EventStatus } from "../domain/planning.js";
import type { PlanningSettings } from "../domain/planning.types.js";
import { repairChanges } from "../domain/shortage.js";
import { loadKitItems, loadOwned, loadRepairs, loadReservations, type ProductSupply, type ReservationRow } from "../store/availability.store.js";
import type { Db } from "../store/db.js";
import { getPlanningSettings } from "../store/planning.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import type { InventoryDeps } from "./inventory.deps.js";

const statuses: EventStatus[] = ["ENQUIRY", "PROVISIONAL", "CONFIRMED", "PREPPED", "OUT", "RETURNED", "CLOSED", "CANCELLED"];
export const reservingStatuses: readonly EventStatus[] = statuses.filter((s) => reservation(s) !== undefined);

const minute = 60_000;

export interface ProductWorld extends ProductSupply {
  /** Supply and reservations (already widened by the buffers) overlapping the loaded range. */
  demand: ProductDemand;
  /** The reservations as loaded, with their events' own periods. */
  rows: ReservationRow[];
}

/** Everything the engine needs for some products over a period, loaded once. */
export interface World {
  range: Interval;
  settings: PlanningSettings;
  products: Map<string, ProductWorld>;
}

export interface LoadOptions {
  productIds: readonly string[];
  /** Loaded range: every reservation whose widened period overlaps it is included. */
  range: Interval;
  excludeEventId: string | undefined;
  settings?: PlanningSettings;
}

/**
 * Loads the owned units, open repairs and overlapping reservations of the
 * products (settings, owned, repairs, reservations: four queries in all).
 */
export async function loadWorld(db: Db, o: LoadOptions): Promise<World> {
  const settings = o.settings ?? (await getPlanningSettings(db));
  const before = settings.bufferBeforeMinutes * minute;
  const after = settings.bufferAfterMinutes * minute;
  const ids = [...new Set(o.productIds)];
  const owned = await loadOwned(db, ids);
  const found = [...owned.keys()];
  const repairs = await loadRepairs(db, found, o.range);
  // A reservation [s − before, e + after) overlaps [rs, re) when [s, e) overlaps [rs − after, re + before).
  const rows = await loadReservations(db, {
    productIds: found,
    overlapping: { start: o.range.start - after, end: o.range.end + before },
    statuses: reservingStatuses,
    excludeEventId: o.excludeEventId,
  });
  const products = new Map<string, ProductWorld>();
  for (const [id, supply] of owned) products.set(id, { ...supply, demand: { owned: supply.owned, supply: [], reservations: [] }, rows: [] });
  const repairsByProduct = new Map<string, typeof repairs>();
  for (const r of repairs) repairsByProduct.set(r.productId, [...(repairsByProduct.get(r.productId) ?? []), r]);
  for (const [id, list] of repairsByProduct) {
    const p = products.get(id);
    if (p) p.demand = { ...p.demand, supply: repairChanges(list) };
  }
  for (const r of rows) {
    const p = products.get(r.productId);
    const kind = reservation(r.status);
    if (!p || !kind) continue;
    const reserved: Reservation = { start: r.start - before, end: r.end + after, quantity: r.quantity, kind, sourceId: r.eventId };
    (p.demand.reservations as Reservation[]).push(reserved);
    p.rows.push(r);
  }
  return { range: o.range, settings, products };
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
