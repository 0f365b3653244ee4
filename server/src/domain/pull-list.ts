// Pure rules of pull lists: kits expand into their products (kept grouped under
// a header line), accessories come with the products that need them (once per
// parent), quantities scale down the tree, and an event's shortage of a product
// is spread over its lines in list order. See docs/rules/pull-list.md.
import { PlanningError } from "./planning.errors.js";
import type { LineKind } from "./planning.types.js";

export const maxLineQuantity = 100_000;

export function assertQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > maxLineQuantity) {
    throw new PlanningError("INVALID_QUANTITY", `a quantity must be a whole number from 1 to ${maxLineQuantity}`, { quantity: String(quantity) });
  }
}

/** "EV-" and 42 → "EV-0042": at least four digits, never truncated. */
export function eventNumber(prefix: string, sequence: number): string {
  return `${prefix}${String(sequence).padStart(4, "0")}`;
}

export interface KitItemSpec {
  productId: string;
  /** Per kit. */
  quantity: number;
  optional: boolean;
}

export interface AccessorySpec {
  productId: string;
  accessoryProductId: string;
  /** Per unit of `productId`. */
  quantity: number;
}

/** A line about to be inserted; the caller chooses ids so children can point at their parents. */
export interface PlannedLine {
  id: string;
  kind: LineKind;
  productId: string | null;
  assetId: string | null;
  kitId: string | null;
  caseId: string | null;
  parentLineId: string | null;
  quantity: number;
  accessory: boolean;
}

export type Addition =
  | { kind: "PRODUCT"; productId: string; quantity: number }
  | { kind: "ASSET"; assetId: string; productId: string }
  | { kind: "KIT"; kitId: string; quantity: number; items: readonly KitItemSpec[]; includeOptional: boolean }
  /** A permanent case: one line, booked as a unit with what is inside it (no accessories: the case is packed already). */
  | { kind: "CASE"; caseId: string };

/** The products of `kits` kits: optional items only when asked for, quantities multiplied. */
export function kitComponents(items: readonly KitItemSpec[], kits: number, includeOptional: boolean): { productId: string; quantity: number }[] {
  assertQuantity(kits);
  const components = items.filter((i) => includeOptional || !i.optional).map((i) => ({ productId: i.productId, quantity: i.quantity * kits }));
  for (const c of components) assertQuantity(c.quantity);
  return components;
}

/**
 * Accessory lines for `parents`: each accessory of a parent's product, as a
 * child of that parent, multiplied by the parent's quantity. Products in `skip`
 * are already in the group (a kit that packs the cables its lights need) and
 * are not added again.
 */
export function accessoryLines(
  parents: readonly { id: string; productId: string; quantity: number }[],
  accessories: readonly AccessorySpec[],
  skip: ReadonlySet<string>,
  newId: () => string,
): PlannedLine[] {
  const lines: PlannedLine[] = [];
  for (const parent of parents) {
    for (const a of accessories) {
      if (a.productId !== parent.productId || skip.has(a.accessoryProductId)) continue;
      const quantity = a.quantity * parent.quantity;
      assertQuantity(quantity);
      lines.push({ id: newId(), kind: "PRODUCT", productId: a.accessoryProductId, assetId: null, kitId: null, caseId: null, parentLineId: parent.id, quantity, accessory: true });
    }
  }
  return lines;
}

/** Every line that adding `addition` puts on the list, parents before children. */
export function planLines(addition: Addition, accessories: readonly AccessorySpec[], newId: () => string): PlannedLine[] {
  switch (addition.kind) {
    case "PRODUCT": {
      assertQuantity(addition.quantity);
      const line: PlannedLine = { id: newId(), kind: "PRODUCT", productId: addition.productId, assetId: null, kitId: null, caseId: null, parentLineId: null, quantity: addition.quantity, accessory: false };
      return [line, ...accessoryLines([{ id: line.id, productId: addition.productId, quantity: line.quantity }], accessories, new Set(), newId)];
    }
    case "ASSET": {
      const line: PlannedLine = { id: newId(), kind: "ASSET", productId: addition.productId, assetId: addition.assetId, kitId: null, caseId: null, parentLineId: null, quantity: 1, accessory: false };
      return [line, ...accessoryLines([{ id: line.id, productId: addition.productId, quantity: 1 }], accessories, new Set(), newId)];
    }
    case "KIT": {
      const header: PlannedLine = { id: newId(), kind: "KIT", productId: null, assetId: null, kitId: addition.kitId, caseId: null, parentLineId: null, quantity: addition.quantity, accessory: false };
      const components = kitComponents(addition.items, addition.quantity, addition.includeOptional).map(
        (c): PlannedLine => ({ id: newId(), kind: "PRODUCT", productId: c.productId, assetId: null, kitId: null, caseId: null, parentLineId: header.id, quantity: c.quantity, accessory: false }),
      );
      const inKit = new Set(components.map((c) => c.productId ?? ""));
      const parents = components.map((c) => ({ id: c.id, productId: c.productId ?? "", quantity: c.quantity }));
      return [header, ...components, ...accessoryLines(parents, accessories, inKit, newId)];
    }
    case "CASE":
      return [{ id: newId(), kind: "CASE", productId: null, assetId: null, kitId: null, caseId: addition.caseId, parentLineId: null, quantity: 1, accessory: false }];
  }
}

export interface TreeLine {
  id: string;
  parentLineId: string | null;
  quantity: number;
}

/** The line and everything under it (kit components, accessories, their accessories). */
export function subtree<T extends TreeLine>(lines: readonly T[], rootId: string): T[] {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const l of lines) {
      if (l.parentLineId !== null && ids.has(l.parentLineId) && !ids.has(l.id)) {
        ids.add(l.id);
        grew = true;
      }
    }
  }
  return lines.filter((l) => ids.has(l.id));
}

/**
 * New quantities when the root of a group goes from its quantity to `to`:
 * every line under it scales by the same factor (rounded, at least 1), so 2
 * kits of 4 heads becoming 3 kits gives 12 heads and their 12 cables.
 */
export function rescale(lines: readonly TreeLine[], rootId: string, to: number): Map<string, number> {
  assertQuantity(to);
  const group = subtree(lines, rootId);
  const root = group.find((l) => l.id === rootId);
  if (!root) return new Map();
  const from = root.quantity;
  return new Map(group.map((l) => [l.id, l.id === rootId ? to : Math.min(maxLineQuantity, Math.max(1, Math.round((l.quantity * to) / from)))]));
}

export interface MergeCandidate {
  id: string;
  kind: LineKind;
  sectionId: string;
  productId: string | null;
  parentLineId: string | null;
  accessory: boolean;
  source: string;
}

/**
 * Adding a product the section already lists on its own (own stock, not part of
 * a kit, not an accessory) raises that line instead of adding a second one, so
 * its accessories are not duplicated either.
 */
export function mergeTarget<T extends MergeCandidate>(lines: readonly T[], add: { sectionId: string; productId: string; source: string }): T | undefined {
  if (add.source !== "OWN_STOCK") return undefined;
  return lines.find(
    (l) => l.kind === "PRODUCT" && l.productId === add.productId && l.sectionId === add.sectionId && l.parentLineId === null && !l.accessory && l.source === "OWN_STOCK",
  );
}

export interface DemandLine {
  id: string;
  productId: string;
  quantity: number;
  ownStock: boolean;
}

/**
 * What each own-stock line of the event lacks: per product, what the others
 * leave (`free`, never below 0) plus what the event sub-hires covers its lines
 * in list order; a line gets the part that is not covered. Sub-hire lines lack
 * nothing.
 */
export function lineShortages(lines: readonly DemandLine[], free: ReadonlyMap<string, number>, subHired: ReadonlyMap<string, number>): Map<string, number> {
  const pool = new Map<string, number>();
  const result = new Map<string, number>();
  for (const line of lines) {
    if (!line.ownStock) {
      result.set(line.id, 0);
      continue;
    }
    const left = pool.get(line.productId) ?? Math.max(0, free.get(line.productId) ?? 0) + (subHired.get(line.productId) ?? 0);
    const covered = Math.min(left, line.quantity);
    pool.set(line.productId, left - covered);
    result.set(line.id, line.quantity - covered);
  }
  return result;
}

/** Kits of a kit header that cannot be made whole: the worst component, in kits. */
export function kitShortage(kits: number, components: readonly { quantity: number; shortage: number }[]): number {
  let short = 0;
  for (const c of components) {
    if (c.quantity <= 0 || c.shortage <= 0) continue;
    short = Math.max(short, Math.ceil((c.shortage * kits) / c.quantity));
  }
  return Math.min(kits, short);
}
