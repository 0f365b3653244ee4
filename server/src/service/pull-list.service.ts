// Use cases of pull lists: sections, lines (products, specific assets, kits
// expanded and kept grouped, accessories added once), and the live view with
// what each line can count on. See docs/rules/pull-list.md.
import { randomUUID } from "node:crypto";
import { kitAvailability } from "../domain/availability.js";
import type { Money } from "../domain/inventory.js";
import { assertEditable, reservation } from "../domain/planning.js";
import { PlanningError } from "../domain/planning.errors.js";
import type { LineSource, LiveLine, PlanningEvent, PullList, PullListLine, PullListSection } from "../domain/planning.types.js";
import { accessoryLines, assertQuantity, kitShortage, lineShortages, mergeTarget, planLines, rescale, subtree, type Addition, type PlannedLine } from "../domain/pull-list.js";
import { freeFor, minFree } from "../domain/shortage.js";
import type { Db } from "../store/db.js";
import { findBookingConflicts, findCaseConflicts, findEvent, insertBookings, lockEvent, lockEventOfLine } from "../store/event.store.js";
import { insertEventHistory } from "../store/planning.store.js";
import {
  deleteLine,
  deleteSection,
  findLineAsset,
  findLineCase,
  findLineKit,
  findLineProducts,
  findSection,
  findSectionEventId,
  insertLines,
  insertSection,
  listLines,
  listSections,
  listSectionsWithLines,
  loadAccessories,
  moveLines,
  renameSection,
  setLineQuantities,
  setSectionPositions,
  updateLine,
  type LinePatch,
  type NewLine,
} from "../store/pull-list.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import { availabilityIn, holdIn, loadWorld } from "./availability.service.js";
import { withAssetBookings } from "./event.service.js";
import type { InventoryDeps } from "./inventory.deps.js";
import { interval } from "./shortage.service.js";

export type LineItem = { kind: "PRODUCT"; productId: string } | { kind: "ASSET"; assetId: string } | { kind: "KIT"; kitId: string } | { kind: "CASE"; caseId: string };

export interface AddLineInput {
  eventId: string;
  sectionId: string | undefined;
  item: LineItem;
  quantity: number;
  /** Undefined: own stock. */
  source: LineSource | undefined;
  supplier: string;
  cost: Money | undefined;
  notes: string;
  includeOptional: boolean;
}

export interface UpdateLineInput {
  lineId: string;
  quantity: number | undefined;
  sectionId: string | undefined;
  source: LineSource | undefined;
  supplier: string | undefined;
  cost: Money | undefined;
  notes: string | undefined;
}

const defaultSectionName = "Equipment";
const noCost: Money = { amountMinor: 0n, currency: "EUR" };

function assertSource(kind: PullListLine["kind"], source: LineSource, supplier: string): void {
  if (source === "OWN_STOCK") return;
  if (kind !== "PRODUCT") throw new PlanningError("SUB_HIRE_NOT_ALLOWED", "only product lines can be sub-hired; a kit or a specific asset is own stock", { kind });
  if (supplier.trim() === "") throw new PlanningError("SUB_HIRE_NEEDS_SUPPLIER", "a sub-hire line names its partner or supplier", { source });
}

function assertCost(cost: Money): void {
  if (cost.amountMinor < 0n) throw new PlanningError("INVALID_COST", "a cost cannot be negative", { amountMinor: cost.amountMinor.toString() });
}

/** Whether writing `patch` would change nothing (a quantity-only change skips that write). */
function samePatch(line: PullListLine, patch: LinePatch): boolean {
  return (
    line.source === patch.source &&
    line.supplier === patch.supplier &&
    line.cost.amountMinor === patch.cost.amountMinor &&
    line.cost.currency === patch.cost.currency &&
    line.notes === patch.notes
  );
}

/**
 * The pull list with, per line, the minimum the other events leave over the
 * event's reserving period and what the line lacks: one availability load for
 * all the event's products. Works on a transaction.
 */
export async function livePullList(db: Db, event: PlanningEvent): Promise<PullList> {
  const { sections, lines } = await listSectionsWithLines(db, event.id);
  return { sections, lines: await liveLines(db, event, lines) };
}

/**
 * These lines (in list order), live. A line's figures depend only on the lines of
 * its own product and on its kit's components, so any subset closed under both
 * gives every line in it the figures the whole list would.
 */
async function liveLines(db: Db, event: PlanningEvent, lines: readonly PullListLine[]): Promise<LiveLine[]> {
  const productIds = [...new Set(lines.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const out = interval(event.outPeriod);
  const world = await loadWorld(db, { productIds, around: out, excludeEventId: event.id });
  const free = freeFor(reservation(event.status));
  const periods = new Map(productIds.map((id) => [id, holdIn(world, id, out)]));
  const availabilities = new Map(productIds.map((id) => [id, availabilityIn(world, id, periods.get(id) ?? out)]));
  const freeByProduct = new Map([...availabilities].map(([id, a]) => [id, minFree(a, free)]));
  const subHired = new Map<string, number>();
  for (const l of lines) if (l.productId && l.source !== "OWN_STOCK") subHired.set(l.productId, (subHired.get(l.productId) ?? 0) + l.quantity);
  const demand = lines.flatMap((l) => (l.productId ? [{ id: l.id, productId: l.productId, quantity: l.quantity, ownStock: l.source === "OWN_STOCK" }] : []));
  const shortages = lineShortages(demand, freeByProduct, subHired);
  const caseIds = lines.flatMap((l) => (l.caseId ? [l.caseId] : []));
  const taken = new Set((await findCaseConflicts(db, caseIds, event.outPeriod, event.id)).map((c) => c.caseId));
  const live: LiveLine[] = lines.map((l) => {
    if (l.caseId) {
      // A permanent case is one unit: free unless another event holds it (or something in it) over the period.
      const available = taken.has(l.caseId) ? 0 : 1;
      return { ...l, available, shortage: 1 - available };
    }
    return { ...l, available: l.productId ? Math.max(0, freeByProduct.get(l.productId) ?? 0) : 0, shortage: shortages.get(l.id) ?? 0 };
  });
  for (const header of live.filter((l) => l.kind === "KIT")) {
    const components = live.filter((l) => l.parentLineId === header.id && !l.accessory && l.productId);
    // The kit is looked at over every period its components are held (their buffers may differ).
    const period = components.reduce((p, c) => {
      const own = c.productId ? periods.get(c.productId) : undefined;
      return own ? { start: Math.min(p.start, own.start), end: Math.max(p.end, own.end) } : p;
    }, out);
    const kits = kitAvailability(
      components.flatMap((c) => {
        const a = c.productId ? availabilityIn(world, c.productId, period) : undefined;
        return a ? [{ quantity: c.quantity / header.quantity, availability: { ...a, timeline: a.timeline.map((s) => ({ ...s, available: free(s) })) } }] : [];
      }),
      period,
    );
    header.available = components.length > 0 ? Math.max(0, kits.minAvailable) : header.quantity;
    header.shortage = kitShortage(header.quantity, components);
  }
  return live;
}

/**
 * After a write in the transaction, given the event's lines as written: the lines `ids`
 * live, computed over them, what hangs under them and the other lines of their
 * products only, not the whole list.
 */
async function liveLinesAfter(tx: Db, event: PlanningEvent, lines: readonly PullListLine[], ids: readonly string[]): Promise<LiveLine[]> {
  const group = new Set(ids.flatMap((id) => subtree(lines, id).map((l) => l.id)));
  const products = new Set(lines.flatMap((l) => (group.has(l.id) && l.productId ? [l.productId] : [])));
  const live = await liveLines(tx, event, lines.filter((l) => group.has(l.id) || (l.productId !== null && products.has(l.productId))));
  const byId = new Map(live.map((l) => [l.id, l]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Where lines appended to a section go: after its last line (the event's lines, read under its lock). */
function nextPosition(lines: readonly PullListLine[], sectionId: string): number {
  return lines.reduce((max, l) => (l.sectionId === sectionId ? Math.max(max, l.position) : max), -1) + 1;
}

export class PullListService {
  constructor(private readonly deps: InventoryDeps) {}

  async getPullList(ctx: CallContext, eventId: string): Promise<PullList> {
    requirePermission(ctx, "planning.read");
    const event = await findEvent(this.deps.db, eventId);
    if (!event) throw new PlanningError("EVENT_NOT_FOUND", "no such event", { eventId });
    return livePullList(this.deps.db, event);
  }

  async addSection(ctx: CallContext, q: { eventId: string; name: string }): Promise<PullListSection> {
    const principal = requirePermission(ctx, "planning.manage");
    return this.deps.db.transaction().execute(async (tx) => {
      const event = await this.editable(tx, q.eventId);
      const sections = await listSections(tx, event.id);
      const section = await insertSection(tx, event.id, q.name, sections.length);
      await this.history(tx, event.id, principal.userId, "section_added", { section: q.name });
      return section;
    });
  }

  /** Renames the section and moves it to `position` (0-based, clamped); the others close up. */
  async updateSection(ctx: CallContext, q: { sectionId: string; name: string; position: number }): Promise<PullListSection> {
    const principal = requirePermission(ctx, "planning.manage");
    return this.deps.db.transaction().execute(async (tx) => {
      const event = await this.editable(tx, await this.sectionEvent(tx, q.sectionId));
      const sections = await listSections(tx, event.id);
      const section = sections.find((s) => s.id === q.sectionId);
      if (!section) throw new PlanningError("SECTION_NOT_FOUND", "no such section", { sectionId: q.sectionId });
      const others = sections.filter((s) => s.id !== section.id);
      const at = Math.min(Math.max(0, q.position), others.length);
      const order = [...others.slice(0, at), section, ...others.slice(at)];
      await setSectionPositions(tx, order.map((s, position) => ({ id: s.id, position })));
      if (q.name !== section.name) await renameSection(tx, section.id, q.name);
      await this.history(tx, event.id, principal.userId, "section_updated", { section: q.name, position: String(at) });
      const saved = await findSection(tx, section.id);
      if (!saved) throw new PlanningError("SECTION_NOT_FOUND", "no such section", { sectionId: q.sectionId });
      return saved;
    });
  }

  /** Removes the section with its lines (and their asset bookings). */
  async removeSection(ctx: CallContext, sectionId: string): Promise<void> {
    const principal = requirePermission(ctx, "planning.manage");
    await this.deps.db.transaction().execute(async (tx) => {
      const event = await this.editable(tx, await this.sectionEvent(tx, sectionId));
      const sections = await listSections(tx, event.id);
      const section = sections.find((s) => s.id === sectionId);
      if (!section) throw new PlanningError("SECTION_NOT_FOUND", "no such section", { sectionId });
      const lines = (await listLines(tx, event.id)).filter((l) => l.sectionId === sectionId);
      await deleteSection(tx, sectionId);
      await setSectionPositions(tx, sections.filter((s) => s.id !== sectionId).map((s, position) => ({ id: s.id, position })));
      await this.history(tx, event.id, principal.userId, "section_removed", { section: section.name, lines: String(lines.length) });
    });
  }

  /**
   * Adds a product, a specific asset or a kit (a header line with one line per
   * item), with the accessories of every product added. A product the section
   * already lists on its own (own stock) is raised instead of listed twice.
   * Returns the lines added or changed, live.
   */
  async addLine(ctx: CallContext, q: AddLineInput): Promise<LiveLine[]> {
    const principal = requirePermission(ctx, "planning.manage");
    const source = q.source ?? "OWN_STOCK";
    const cost = q.cost ?? noCost;
    assertSource(q.item.kind, source, q.supplier);
    assertCost(cost);
    assertQuantity(q.quantity);
    if (q.item.kind === "ASSET" && q.quantity !== 1) throw new PlanningError("INVALID_QUANTITY", "a specific asset is one unit", { quantity: String(q.quantity) });
    if (q.item.kind === "CASE" && q.quantity !== 1) throw new PlanningError("INVALID_QUANTITY", "a case is one unit", { quantity: String(q.quantity) });
    return withAssetBookings(this.deps.db, async () =>
      this.deps.db.transaction().execute(async (tx) => {
        const event = await this.editable(tx, q.eventId);
        const { sections, lines: existing } = await listSectionsWithLines(tx, event.id);
        const section = await this.targetSection(tx, event.id, sections, q.sectionId);
        const { addition, title } = await this.resolve(tx, event, existing, q);
        const target = addition.kind === "PRODUCT" ? mergeTarget(existing, { sectionId: section.id, productId: addition.productId, source }) : undefined;
        let touched: string[];
        if (target && addition.kind === "PRODUCT") {
          const quantity = target.quantity + addition.quantity;
          assertQuantity(quantity);
          await setLineQuantities(tx, rescale(existing, target.id, quantity));
          // Accessories defined since the line was added come now, for the added units.
          const present = new Set(existing.filter((l) => l.parentLineId === target.id).map((l) => l.productId ?? ""));
          const missing = (await loadAccessories(tx, [addition.productId])).filter((a) => !present.has(a.accessoryProductId));
          const added = accessoryLines([{ id: target.id, productId: addition.productId, quantity: addition.quantity }], missing, new Set(), randomUUID);
          await this.insert(tx, event, section.id, nextPosition(existing, section.id), added, { source, supplier: q.supplier.trim(), cost: noCost, notes: "" });
          touched = [...subtree(existing, target.id).map((l) => l.id), ...added.map((l) => l.id)];
        } else {
          const parents = addition.kind === "KIT" ? addition.items.map((i) => i.productId) : addition.kind === "CASE" ? [] : [addition.productId];
          const planned = planLines(addition, await loadAccessories(tx, parents), randomUUID);
          await this.insert(tx, event, section.id, nextPosition(existing, section.id), planned, { source, supplier: q.supplier.trim(), cost, notes: q.notes });
          touched = planned.map((l) => l.id);
        }
        await this.history(tx, event.id, principal.userId, "line_added", { title, quantity: String(q.quantity), kind: q.item.kind, ...(source === "OWN_STOCK" ? {} : { source, supplier: q.supplier.trim() }) });
        return liveLinesAfter(tx, event, await listLines(tx, event.id), touched);
      }),
    );
  }

  /** Quantity changes scale the line's kit components and accessories by the same factor. */
  async updateLine(ctx: CallContext, q: UpdateLineInput): Promise<LiveLine> {
    const principal = requirePermission(ctx, "planning.manage");
    return this.deps.db.transaction().execute(async (tx) => {
      const event = await this.editableOfLine(tx, q.lineId);
      const lines = await listLines(tx, event.id);
      const line = lines.find((l) => l.id === q.lineId);
      if (!line) throw new PlanningError("LINE_NOT_FOUND", "no such line", { lineId: q.lineId });
      const source = q.source ?? line.source;
      const supplier = (q.supplier ?? line.supplier).trim();
      const cost = q.cost ?? line.cost;
      assertSource(line.kind, source, supplier);
      assertCost(cost);
      const details: Record<string, string> = { title: line.title };
      let quantities = new Map<string, number>();
      if (q.quantity !== undefined && q.quantity !== line.quantity) {
        assertQuantity(q.quantity);
        if (line.kind === "ASSET" || line.kind === "CASE") throw new PlanningError("INVALID_QUANTITY", "a specific asset or a case is one unit", { quantity: String(q.quantity) });
        quantities = rescale(lines, line.id, q.quantity);
        await setLineQuantities(tx, quantities);
        details.quantity = `${line.quantity}→${q.quantity}`;
      }
      const patch = { source, supplier: source === "OWN_STOCK" ? "" : supplier, cost, notes: q.notes ?? line.notes };
      if (!samePatch(line, patch)) await updateLine(tx, line.id, patch);
      if (source !== line.source) details.source = `${line.source}→${source}`;
      const moveTo = q.sectionId !== undefined && q.sectionId !== line.sectionId ? q.sectionId : undefined;
      if (moveTo !== undefined) {
        const section = await findSection(tx, moveTo);
        if (section?.eventId !== event.id) throw new PlanningError("SECTION_NOT_FOUND", "no such section on this event", { sectionId: moveTo });
        await moveLines(tx, subtree(lines, line.id).map((l) => l.id), section.id, nextPosition(lines, section.id));
        details.section = section.name;
      }
      await this.history(tx, event.id, principal.userId, "line_updated", details);
      // What was written, applied to the lines read under the lock; a move reorders the list, so it is read again.
      const written = moveTo !== undefined ? await listLines(tx, event.id) : lines.map((l) => ({ ...l, quantity: quantities.get(l.id) ?? l.quantity, ...(l.id === line.id ? patch : {}) }));
      const [live] = await liveLinesAfter(tx, event, written, [line.id]);
      if (!live) throw new PlanningError("LINE_NOT_FOUND", "no such line", { lineId: q.lineId });
      return live;
    });
  }

  /** Removes the line with its kit components and accessories (and their asset bookings). */
  async removeLine(ctx: CallContext, lineId: string): Promise<void> {
    const principal = requirePermission(ctx, "planning.manage");
    await this.deps.db.transaction().execute(async (tx) => {
      const event = await this.editableOfLine(tx, lineId);
      const lines = await listLines(tx, event.id);
      const line = lines.find((l) => l.id === lineId);
      if (!line) throw new PlanningError("LINE_NOT_FOUND", "no such line", { lineId });
      await deleteLine(tx, lineId);
      await this.history(tx, event.id, principal.userId, "line_removed", { title: line.title, quantity: String(line.quantity), lines: String(subtree(lines, lineId).length) });
    });
  }

  private async resolve(tx: Db, event: PlanningEvent, lines: readonly PullListLine[], q: AddLineInput): Promise<{ addition: Addition; title: string }> {
    switch (q.item.kind) {
      case "PRODUCT": {
        const productId = q.item.productId;
        const product = (await findLineProducts(tx, [productId])).get(productId);
        if (!product) throw new PlanningError("PRODUCT_NOT_FOUND", "no such product", { productId });
        if (product.archived) throw new PlanningError("PRODUCT_ARCHIVED", `${product.name} is archived`, { productId });
        return { addition: { kind: "PRODUCT", productId, quantity: q.quantity }, title: product.name };
      }
      case "ASSET": {
        const assetId = q.item.assetId;
        const asset = await findLineAsset(tx, assetId);
        if (!asset) throw new PlanningError("ASSET_NOT_FOUND", "no such asset", { assetId });
        if (asset.status === "RETIRED" || asset.status === "LOST") {
          throw new PlanningError("ASSET_NOT_RENTABLE", `${asset.tag} is ${asset.status.toLowerCase()}`, { assetId, assetTag: asset.tag, status: asset.status });
        }
        if (asset.productArchived) throw new PlanningError("PRODUCT_ARCHIVED", `${asset.productName} is archived`, { productId: asset.productId });
        if (asset.permanentCaseCode !== null) {
          throw new PlanningError("ASSET_IN_PERMANENT_CASE", `${asset.tag} is inside the permanent case ${asset.permanentCaseCode}: book the case, or take it out first`, {
            assetId,
            assetTag: asset.tag,
            caseCode: asset.permanentCaseCode,
          });
        }
        if (lines.some((l) => l.assetId === assetId)) {
          throw new PlanningError("ASSET_DOUBLE_BOOKED", `${asset.tag} is already on this event`, { assetId, assetTag: asset.tag, eventNumber: event.number });
        }
        if (reservation(event.status)) {
          const conflict = (await findBookingConflicts(tx, [assetId], event.outPeriod, event.id))[0];
          if (conflict) {
            throw new PlanningError("ASSET_DOUBLE_BOOKED", `${asset.tag} is booked on ${conflict.eventNumber} over an overlapping period`, {
              assetId,
              assetTag: asset.tag,
              eventNumber: conflict.eventNumber,
            });
          }
        }
        return { addition: { kind: "ASSET", assetId, productId: asset.productId }, title: `${asset.tag} · ${asset.productName}` };
      }
      case "KIT": {
        const kitId = q.item.kitId;
        const kit = await findLineKit(tx, kitId);
        if (!kit) throw new PlanningError("KIT_NOT_FOUND", "no such kit", { kitId });
        if (kit.archived) throw new PlanningError("KIT_ARCHIVED", `${kit.name} is archived`, { kitId });
        return { addition: { kind: "KIT", kitId, quantity: q.quantity, items: kit.items, includeOptional: q.includeOptional }, title: kit.name };
      }
      case "CASE": {
        const caseId = q.item.caseId;
        const found = await findLineCase(tx, caseId);
        if (!found) throw new PlanningError("CASE_NOT_FOUND", "no such case", { caseId });
        if (found.kind !== "PERMANENT") throw new PlanningError("CASE_NOT_PERMANENT", `${found.code} is a temporary case: book its contents instead`, { caseId, caseCode: found.code });
        if (lines.some((l) => l.caseId === caseId)) throw new PlanningError("CASE_DOUBLE_BOOKED", `${found.code} is already on this event`, { caseId, caseCode: found.code, eventNumber: event.number });
        if (reservation(event.status)) {
          const conflict = (await findCaseConflicts(tx, [caseId], event.outPeriod, event.id))[0];
          if (conflict) {
            throw new PlanningError("CASE_DOUBLE_BOOKED", `${found.code} is booked on ${conflict.eventNumber} over an overlapping period`, { caseId, caseCode: found.code, eventNumber: conflict.eventNumber });
          }
        }
        return { addition: { kind: "CASE", caseId }, title: `${found.code} · ${found.name}` };
      }
    }
  }

  /** Inserts planned lines from position `start` on; the first is the root (its cost and notes), the rest inherit the source. */
  private async insert(
    tx: Db,
    event: PlanningEvent,
    sectionId: string,
    start: number,
    planned: readonly PlannedLine[],
    root: { source: LineSource; supplier: string; cost: Money; notes: string },
  ): Promise<void> {
    if (planned.length === 0) return;
    const rows: NewLine[] = planned.map((l, i) => ({
      ...l,
      eventId: event.id,
      sectionId,
      source: root.source,
      supplier: root.source === "OWN_STOCK" ? "" : root.supplier,
      cost: i === 0 ? root.cost : { ...noCost, currency: root.cost.currency },
      notes: i === 0 ? root.notes : "",
      position: start + i,
    }));
    await insertLines(tx, rows);
    const booked = planned.filter((l) => l.kind === "ASSET" || l.kind === "CASE").map((l) => l.id);
    if (booked.length > 0 && reservation(event.status)) await insertBookings(tx, event.id, event.outPeriod, booked);
  }

  /** The named section of the event's `sections`, or its first (made when it has none). */
  private async targetSection(tx: Db, eventId: string, sections: readonly PullListSection[], sectionId: string | undefined): Promise<PullListSection> {
    if (sectionId) {
      const section = sections.find((s) => s.id === sectionId);
      if (!section) throw new PlanningError("SECTION_NOT_FOUND", "no such section on this event", { sectionId });
      return section;
    }
    return sections[0] ?? insertSection(tx, eventId, defaultSectionName, 0);
  }

  private async sectionEvent(tx: Db, sectionId: string): Promise<string> {
    const eventId = await findSectionEventId(tx, sectionId);
    if (!eventId) throw new PlanningError("SECTION_NOT_FOUND", "no such section", { sectionId });
    return eventId;
  }

  /** Locks the event (pull-list edits of one event are serialized) and checks it may still change. */
  private async editable(tx: Db, eventId: string): Promise<PlanningEvent> {
    const event = await lockEvent(tx, eventId);
    if (!event) throw new PlanningError("EVENT_NOT_FOUND", "no such event", { eventId });
    assertEditable(event.status);
    return event;
  }

  /** The same for the event of a line (the caller still finds the line under the lock: it may have gone meanwhile). */
  private async editableOfLine(tx: Db, lineId: string): Promise<PlanningEvent> {
    const event = await lockEventOfLine(tx, lineId);
    if (!event) throw new PlanningError("LINE_NOT_FOUND", "no such line", { lineId });
    assertEditable(event.status);
    return event;
  }

  private async history(tx: Db, eventId: string, actorUserId: string, action: string, details: Record<string, string>): Promise<void> {
    await insertEventHistory(tx, { eventId, at: this.deps.now(), actorUserId, action, details });
  }
}
