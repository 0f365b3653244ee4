// Pure rules of the catalogue: category and location trees, accessories,
// asset tags, product updates by field mask, money and dates.
import { assertStatusChange, type AssetStatus } from "./asset.js";
import { fromSafeText, toSafeText } from "./csv.js";
import { InventoryError } from "./inventory.errors.js";
import type { Asset, Dimensions, LocationKind, Money, TrackingMode } from "./inventory.js";

// Trees (categories, locations)

export interface TreeNode {
  id: string;
  parentId: string | null;
  name: string;
}

const byName = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/**
 * Depth-first order, siblings by name (natural order: "Shelf 2" before
 * "Shelf 10"), each node with the names from its root down to itself.
 * Nodes whose parent is not in the list are left out with their subtree.
 */
export function depthFirst<T extends TreeNode>(nodes: readonly T[]): (T & { path: string[]; depth: number })[] {
  const children = new Map<string | null, T[]>();
  for (const node of nodes) {
    const siblings = children.get(node.parentId) ?? [];
    siblings.push(node);
    children.set(node.parentId, siblings);
  }
  for (const siblings of children.values()) siblings.sort((a, b) => byName.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: (T & { path: string[]; depth: number })[] = [];
  const visit = (parentId: string | null, path: string[]) => {
    for (const node of children.get(parentId) ?? []) {
      const own = [...path, node.name];
      out.push({ ...node, path: own, depth: own.length - 1 });
      visit(node.id, own);
    }
  };
  visit(null, []);
  return out;
}

/**
 * A category may not move under itself or one of its descendants.
 * `ancestorsOfNewParent` lists the new parent and every category above it.
 * See docs/rules/category-tree.md.
 */
export function assertCategoryMove(categoryId: string, ancestorsOfNewParent: readonly string[]): void {
  if (ancestorsOfNewParent.includes(categoryId)) {
    throw new InventoryError("CATEGORY_CYCLE", "a category cannot be moved under itself or one of its subcategories", { categoryId });
  }
}

/** Refused while products or subcategories use the category. See docs/rules/category-tree.md. */
export function assertCategoryUnused(categoryId: string, usage: { products: number; children: number }): void {
  if (usage.products > 0 || usage.children > 0) {
    throw new InventoryError("CATEGORY_IN_USE", "move or delete its products and subcategories first", {
      categoryId,
      products: String(usage.products),
      children: String(usage.children),
    });
  }
}

const locationRank: Record<LocationKind, number> = { WAREHOUSE: 0, ZONE: 1, SHELF: 2, BIN: 3 };

/**
 * Warehouses are roots; everything else sits in a location of the same or a
 * coarser kind (a bin on a shelf, a shelf in a zone, a zone in a zone), never
 * in an archived one. See docs/rules/location-tree.md.
 */
export function assertLocationParent(kind: LocationKind, parent: { id: string; kind: LocationKind; archived: boolean } | undefined): void {
  if (kind === "WAREHOUSE" || !parent) {
    if (kind === "WAREHOUSE" && !parent) return;
    throw new InventoryError("INVALID_LOCATION_KIND", "a warehouse has no parent; zones, shelves and bins need one", { kind });
  }
  if (parent.archived) throw new InventoryError("LOCATION_ARCHIVED", "the parent location is archived", { locationId: parent.id });
  if (locationRank[kind] < locationRank[parent.kind]) {
    throw new InventoryError("INVALID_LOCATION_KIND", `a ${kind.toLowerCase()} cannot be inside a ${parent.kind.toLowerCase()}`, { kind, parentKind: parent.kind });
  }
}

// Money and dates

const currencies = new Set(Intl.supportedValuesOf("currency"));
const maxMinor = 9_000_000_000_000_000n;

/** Minor-unit digits of a currency: 2 for EUR, 0 for JPY, 3 for KWD. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Money stored by the catalogue: a known ISO 4217 currency, never negative. */
export function assertMoney(field: string, money: Money): void {
  if (!currencies.has(money.currency)) throw new InventoryError("INVALID_MONEY", `${field}: unknown currency ${money.currency}`, { field, currency: money.currency });
  if (money.amountMinor < 0n || money.amountMinor > maxMinor) throw new InventoryError("INVALID_MONEY", `${field}: the amount must be between 0 and ${maxMinor}`, { field });
}

/** "12.50", "12.50 EUR" or "EUR 12.50" in major units → minor units; undefined when malformed. */
export function parseMoney(text: string, defaultCurrency = "EUR"): Money | undefined {
  const m = /^(?:([A-Za-z]{3})\s*)?(\d{1,16})(?:\.(\d+))?(?:\s*([A-Za-z]{3}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, before, whole = "0", fraction = "", after] = m;
  if (before && after) return undefined;
  const currency = (before ?? after ?? defaultCurrency).toUpperCase();
  if (!currencies.has(currency)) return undefined;
  const digits = minorDigits(currency);
  if (fraction.length > digits) return undefined;
  const amountMinor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0");
  return amountMinor <= maxMinor ? { amountMinor, currency } : undefined;
}

/** Minor units → "12.50 EUR" (what parseMoney reads back). */
export function formatMoney(money: Money): string {
  const digits = minorDigits(money.currency);
  const text = money.amountMinor.toString().padStart(digits + 1, "0");
  const major = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return `${major} ${money.currency}`;
}

/** A real calendar date written "YYYY-MM-DD". */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

export function assertIsoDate(field: string, text: string): void {
  if (!isIsoDate(text)) throw new InventoryError("INVALID_DATE", `${field}: ${text} is not a date (YYYY-MM-DD)`, { field });
}

// Tags of products (labels for filtering), one normal form

export function normalizeTag(tag: string): string {
  return tag.trim().replace(/\s+/g, " ").toLowerCase();
}

/** Trimmed, single-spaced, lower case, without duplicates or empties, sorted. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map(normalizeTag).filter((t) => t !== ""))].sort();
}

// Accessories

export interface AccessoryInput {
  productId: string;
  quantity: number;
  charged: boolean;
}

export interface AccessoryEdge {
  productId: string;
  accessoryProductId: string;
}

/** Each accessory once, never the product itself. See docs/rules/accessories-no-cycles.md. */
export function assertAccessoryList(productId: string | undefined, accessories: readonly AccessoryInput[]): void {
  const seen = new Set<string>();
  for (const a of accessories) {
    if (a.productId === productId) throw new InventoryError("ACCESSORY_OF_ITSELF", "a product cannot be its own accessory", { productId: a.productId });
    if (seen.has(a.productId)) throw new InventoryError("DUPLICATE_ACCESSORY", "an accessory is listed twice", { productId: a.productId });
    seen.add(a.productId);
  }
}

/**
 * The loop that giving `productId` these accessories would close, as
 * [productId, …, productId], or undefined. `edges` are the other products'
 * accessory links (this product's own are being replaced).
 */
export function findAccessoryCycle(productId: string, accessoryIds: readonly string[], edges: readonly AccessoryEdge[]): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (e.productId === productId) continue;
    const list = next.get(e.productId) ?? [];
    list.push(e.accessoryProductId);
    next.set(e.productId, list);
  }
  next.set(productId, [...accessoryIds]);
  // Depth-first from the product; a path back to it is the loop.
  const seen = new Set<string>();
  const path: string[] = [productId];
  const walk = (node: string): boolean => {
    for (const to of next.get(node) ?? []) {
      if (to === productId) {
        path.push(to);
        return true;
      }
      if (seen.has(to)) continue;
      seen.add(to);
      path.push(to);
      if (walk(to)) return true;
      path.pop();
    }
    return false;
  };
  return walk(productId) ? path : undefined;
}

/**
 * Accessories are auto-added to pull lists, recursively; a loop (A needs B
 * needs A) would add forever. `path` names the loop's products, e.g. by code.
 * See docs/rules/accessories-no-cycles.md.
 */
export function accessoryCycleError(path: readonly string[]): InventoryError {
  const text = path.join(" → ");
  return new InventoryError("ACCESSORY_CYCLE", `accessories would form a loop: ${text}`, { path: text });
}

// Asset tags

export interface TagSeries {
  prefix: string;
  firstNumber: number;
  count: number;
  /** Zero-padded width; 0 = as many digits as needed. */
  digits: number;
}

const tagPattern = /^[A-Za-z0-9._/-]{1,64}$/;

export function isValidTag(tag: string): boolean {
  return tagPattern.test(tag);
}

/**
 * prefix + zero-padded number: {LX-, 1, 24, 4} → LX-0001 … LX-0024. A number
 * wider than `digits` is refused rather than silently breaking the sort order.
 * See docs/rules/unique-codes.md.
 */
export function tagSeries(series: TagSeries): string[] {
  const last = series.firstNumber + series.count - 1;
  if (series.digits > 0 && String(last).length > series.digits) {
    throw new InventoryError("INVALID_TAGS", `${last} has more than ${series.digits} digits`, { last: String(last), digits: String(series.digits) });
  }
  const tags = Array.from({ length: series.count }, (_, i) => `${series.prefix}${String(series.firstNumber + i).padStart(series.digits, "0")}`);
  const bad = tags.find((t) => !isValidTag(t));
  if (bad !== undefined) throw new InventoryError("INVALID_TAGS", `${bad} is not a valid tag`, { tag: bad });
  return tags;
}

/** Tags the instance hands out: "A" and at least six digits, e.g. A000123. */
export function generatedTag(n: bigint): string {
  return `A${n.toString().padStart(6, "0")}`;
}

/** Serial numbers, when given, pair with the tags one by one. */
export function pairSerials(tags: readonly string[], serials: readonly string[]): string[] {
  if (serials.length === 0) return tags.map(() => "");
  if (serials.length !== tags.length) {
    throw new InventoryError("INVALID_TAGS", `${serials.length} serial numbers for ${tags.length} tags`, { tags: String(tags.length), serialNumbers: String(serials.length) });
  }
  return serials.map((s) => s.trim());
}

/** Codes that are taken, for a DUPLICATE_CODE error listing them all. */
export function duplicateCodeError(codes: readonly string[]): InventoryError {
  const list = codes.join(", ");
  return new InventoryError("DUPLICATE_CODE", `already in use: ${list}`, { code: codes[0] ?? "", codes: list });
}

/** Codes that appear more than once (case-insensitive), in order of first repeat. */
export function repeatedCodes(codes: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const code of codes) {
    const key = code.toLowerCase();
    if (seen.has(key)) repeated.add(code);
    seen.add(key);
  }
  return [...repeated];
}

// Products

/** Every field of a product a client can set (ProductInput). */
export interface ProductDraft {
  code: string;
  name: string;
  description: string;
  categoryId: string | null;
  tracking: TrackingMode;
  dayRate: Money;
  replacementValue: Money;
  dimensions: Dimensions;
  tags: string[];
  customFields: Record<string, string>;
  accessories: AccessoryInput[];
  inspectionIntervalDays: number;
  archived: boolean;
}

/** Normal form of a draft, checked: tags normalized, custom field keys trimmed, money valid. */
export function normalizeProductDraft(draft: ProductDraft): ProductDraft {
  assertMoney("day_rate", draft.dayRate);
  assertMoney("replacement_value", draft.replacementValue);
  const customFields: Record<string, string> = {};
  for (const [key, value] of Object.entries(draft.customFields)) {
    const k = key.trim();
    if (k !== "" && value !== "") customFields[k] = value;
  }
  return { ...draft, code: draft.code.trim(), name: draft.name.trim(), tags: normalizeTags(draft.tags), customFields };
}

type DraftKey = keyof ProductDraft;

const dimensionPaths: Record<string, keyof Dimensions> = {
  "dimensions.weight_grams": "weightGrams",
  "dimensions.length_mm": "lengthMm",
  "dimensions.width_mm": "widthMm",
  "dimensions.height_mm": "heightMm",
};

const topLevelPaths: Record<string, DraftKey> = {
  code: "code",
  name: "name",
  description: "description",
  category_id: "categoryId",
  tracking: "tracking",
  day_rate: "dayRate",
  replacement_value: "replacementValue",
  dimensions: "dimensions",
  tags: "tags",
  custom_fields: "customFields",
  accessories: "accessories",
  inspection_interval_days: "inspectionIntervalDays",
  archived: "archived",
};

export const productMaskPaths: readonly string[] = [...Object.keys(topLevelPaths), ...Object.keys(dimensionPaths)];

/**
 * The product after an update: the fields named in `paths` (snake_case paths
 * of ProductInput, e.g. "name", "dimensions.weight_grams"; "*" for all) come
 * from `input`, the rest stay. Returns which top-level fields were named.
 */
export function applyProductMask(current: ProductDraft, input: ProductDraft, paths: readonly string[]): { next: ProductDraft; touched: Set<DraftKey> } {
  if (paths.length === 0) throw new InventoryError("INVALID_UPDATE_MASK", "name at least one field in update_mask", {});
  const unknown = paths.filter((p) => p !== "*" && !(p in topLevelPaths) && !(p in dimensionPaths));
  if (unknown.length > 0) {
    throw new InventoryError("INVALID_UPDATE_MASK", `unknown field in update_mask: ${unknown.join(", ")}`, { paths: unknown.join(","), allowed: productMaskPaths.join(",") });
  }
  const all = paths.includes("*");
  const next: ProductDraft = { ...current, dimensions: { ...current.dimensions } };
  const touched = new Set<DraftKey>();
  const copy = (key: DraftKey) => {
    Object.assign(next, { [key]: input[key] });
    touched.add(key);
  };
  for (const [path, key] of Object.entries(topLevelPaths)) if (all || paths.includes(path)) copy(key);
  for (const [path, key] of Object.entries(dimensionPaths)) {
    if (!all && paths.includes(path) && !paths.includes("dimensions")) {
      next.dimensions[key] = input.dimensions[key];
      touched.add("dimensions");
    }
  }
  return { next, touched };
}

/** How a product is referenced elsewhere. */
export interface ProductUsage {
  assets: number;
  stockLevels: number;
  stockMovements: number;
  kitItems: number;
  caseContents: number;
  accessoryOf: number;
}

/**
 * Tracking decides whether units are assets or counted stock; once either
 * exists, changing it would orphan them. See docs/rules/product-lifecycle.md.
 */
export function assertTrackingChange(from: TrackingMode, to: TrackingMode, usage: ProductUsage): void {
  if (from === to) return;
  if (usage.assets > 0 || usage.stockLevels > 0 || usage.stockMovements > 0 || usage.caseContents > 0) {
    throw new InventoryError("TRACKING_LOCKED", `tracking cannot change from ${from} to ${to}: the product has assets or stock`, {
      from,
      to,
      assets: String(usage.assets),
      stockLevels: String(usage.stockLevels),
    });
  }
}

/** A product is deleted only when nothing refers to it; archive it otherwise. See docs/rules/product-lifecycle.md. */
export function assertProductUnused(productId: string, usage: ProductUsage): void {
  const used = Object.entries(usage).filter(([, n]) => n > 0);
  if (used.length > 0) {
    throw new InventoryError("PRODUCT_IN_USE", `the product is still used (${used.map(([k, n]) => `${k}: ${n}`).join(", ")}); archive it instead`, {
      productId,
      ...Object.fromEntries(used.map(([k, n]) => [k, String(n)])),
    });
  }
}

// Assets

export interface AssetChanges {
  serialNumber?: string;
  status?: AssetStatus;
  locationId?: string;
  condition?: string;
  notes?: string;
  /** "" clears the date. */
  purchaseDate?: string;
  purchaseCost?: Money;
}

export interface AssetPatch {
  serialNumber?: string;
  status?: AssetStatus;
  locationId?: string;
  condition?: string;
  notes?: string;
  purchaseDate?: string | null;
  purchaseCost?: Money;
}

export interface PlannedChange {
  kind: "STATUS" | "LOCATION";
  from: string;
  to: string;
}

/**
 * What a manual asset update writes: the changed columns and a history entry
 * for each change of status or location. A packed asset moves with its case
 * only. See docs/rules/asset-status.md.
 */
export function planAssetUpdate(current: Asset, changes: AssetChanges): { patch: AssetPatch; history: PlannedChange[] } {
  const patch: AssetPatch = {};
  const history: PlannedChange[] = [];
  if (changes.status !== undefined && changes.status !== current.status) {
    assertStatusChange(current.status, changes.status, "manual");
    patch.status = changes.status;
    history.push({ kind: "STATUS", from: current.status, to: changes.status });
  }
  if (changes.locationId !== undefined && changes.locationId !== current.locationId) {
    if (current.caseId !== null) {
      throw new InventoryError("ASSET_IN_OTHER_CASE", "the asset is packed in a case: unpack it or move the case", { assetId: current.id, caseId: current.caseId });
    }
    patch.locationId = changes.locationId;
    history.push({ kind: "LOCATION", from: current.locationId, to: changes.locationId });
  }
  if (changes.serialNumber !== undefined) patch.serialNumber = changes.serialNumber.trim();
  if (changes.condition !== undefined) patch.condition = changes.condition;
  if (changes.notes !== undefined) patch.notes = changes.notes;
  if (changes.purchaseDate !== undefined) {
    if (changes.purchaseDate !== "") assertIsoDate("purchase_date", changes.purchaseDate);
    patch.purchaseDate = changes.purchaseDate === "" ? null : changes.purchaseDate;
  }
  if (changes.purchaseCost !== undefined) {
    assertMoney("purchase_cost", changes.purchaseCost);
    patch.purchaseCost = changes.purchaseCost;
  }
  return { patch, history };
}

// CSV import and export of products and assets. Reading is in two steps:
// `read…Rows` checks each row on its own (required fields, numbers, money,
// dates), `check…Rows` checks rows against each other and the database
// (duplicate codes, unknown category, location or product).

export const productCsvColumns = [
  "code",
  "name",
  "description",
  "category",
  "tracking",
  "day_rate",
  "replacement_value",
  "weight_grams",
  "length_mm",
  "width_mm",
  "height_mm",
  "tags",
  "accessories",
  "inspection_interval_days",
  "archived",
] as const;
/** Written by the export, ignored by the import. */
const productCsvReadOnly = ["quantity_owned", "volume_cm3", "updated_at"];
export const customFieldColumnPrefix = "custom.";

export const assetCsvColumns = ["tag", "product_code", "serial_number", "status", "location_code", "purchase_date", "purchase_cost", "condition", "notes"] as const;
const assetCsvReadOnly = ["product_name", "case_code", "created_at"];

export interface ProductCsvRow {
  line: number;
  draft: Omit<ProductDraft, "categoryId" | "accessories">;
  /** "Lighting > Moving heads", or "" for none. */
  categoryPath: string;
  accessories: { code: string; quantity: number; charged: boolean }[];
}

export interface AssetCsvRow {
  line: number;
  /** "" = generated. */
  tag: string;
  productCode: string;
  locationCode: string;
  serialNumber: string;
  status: AssetStatus;
  purchaseDate: string | null;
  purchaseCost: Money;
  condition: string;
  notes: string;
}

interface CsvInput {
  header: readonly string[];
  rows: readonly { line: number; fields: readonly string[] }[];
}

interface RowError {
  line: number;
  field: string;
  reason: string;
  message: string;
}

const codePattern = /^[A-Za-z0-9._/-]+$/;

function columnName(header: string): string {
  const trimmed = header.trim();
  return trimmed.toLowerCase().startsWith(customFieldColumnPrefix) ? `${customFieldColumnPrefix}${trimmed.slice(customFieldColumnPrefix.length).trim()}` : trimmed.toLowerCase().replace(/\s+/g, "_");
}

/** Column positions by name; header problems are reported on line 1. */
interface ColumnSpec {
  known: readonly string[];
  required: readonly string[];
  /** Written by the export, skipped by the import. */
  ignored: readonly string[];
  /** Prefix of free-named columns (custom fields), if the kind has them. */
  customPrefix?: string;
}

function columns(input: CsvInput, spec: ColumnSpec, errors: RowError[]): Map<string, number> {
  const { known, required, ignored, customPrefix } = spec;
  const at = new Map<string, number>();
  input.header.forEach((raw, index) => {
    const name = columnName(raw);
    if (at.has(name)) {
      errors.push({ line: 1, field: name, reason: "DUPLICATE_COLUMN", message: `column ${name} appears twice` });
    } else if (known.includes(name) || (customPrefix !== undefined && name.startsWith(customPrefix) && name.length > customPrefix.length)) {
      at.set(name, index);
    } else if (!ignored.includes(name)) {
      errors.push({ line: 1, field: raw, reason: "UNKNOWN_COLUMN", message: `unknown column ${raw}; known: ${known.join(", ")}` });
    }
  });
  for (const name of required) if (!at.has(name)) errors.push({ line: 1, field: name, reason: "MISSING_COLUMN", message: `the column ${name} is required` });
  return at;
}

/** Reads the cells of one record, collecting every problem instead of stopping at the first. */
class RowReader {
  constructor(
    private readonly record: { line: number; fields: readonly string[] },
    private readonly at: ReadonlyMap<string, number>,
    readonly errors: RowError[],
  ) {}

  private fail(field: string, reason: string, message: string): void {
    this.errors.push({ line: this.record.line, field, reason, message });
  }

  raw(field: string): string {
    const index = this.at.get(field);
    return index === undefined ? "" : (this.record.fields[index] ?? "").trim();
  }

  text(field: string, max: number): string {
    const value = fromSafeText(this.raw(field));
    if (value.length > max) this.fail(field, "TOO_LONG", `${field} has more than ${max} characters`);
    return value;
  }

  requiredText(field: string, max: number): string {
    const value = this.text(field, max);
    if (value === "") this.fail(field, "REQUIRED", `${field} is required`);
    return value;
  }

  code(field: string, max: number): string {
    const value = this.raw(field);
    if (value.length > max) this.fail(field, "TOO_LONG", `${field} has more than ${max} characters`);
    else if (value !== "" && !codePattern.test(value)) this.fail(field, "INVALID_FORMAT", `${field} may contain only letters, digits and . _ / -`);
    return value;
  }

  requiredCode(field: string, max: number): string {
    const value = this.code(field, max);
    if (value === "") this.fail(field, "REQUIRED", `${field} is required`);
    return value;
  }

  int(field: string, min: number, max: number): number {
    const value = this.raw(field);
    if (value === "") return 0;
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      this.fail(field, "INVALID_NUMBER", `${field} must be a whole number from ${min} to ${max}`);
      return 0;
    }
    return n;
  }

  money(field: string): Money {
    const value = this.raw(field);
    if (value === "") return { amountMinor: 0n, currency: "EUR" };
    const money = parseMoney(value);
    if (!money) {
      this.fail(field, "INVALID_MONEY", `${field} must be an amount such as 12.50 or 12.50 EUR`);
      return { amountMinor: 0n, currency: "EUR" };
    }
    return money;
  }

  bool(field: string): boolean {
    const value = this.raw(field).toLowerCase();
    if (["", "false", "no", "0", "n"].includes(value)) return false;
    if (["true", "yes", "1", "y"].includes(value)) return true;
    this.fail(field, "INVALID_BOOLEAN", `${field} must be true or false`);
    return false;
  }

  choice<T extends string>(field: string, allowed: readonly T[], fallback: T | undefined): T {
    const value = this.raw(field).toUpperCase().replace(/[\s-]+/g, "_");
    if (value === "" && fallback !== undefined) return fallback;
    const hit = allowed.find((a) => a === value);
    if (hit) return hit;
    this.fail(field, value === "" ? "REQUIRED" : `INVALID_${field.toUpperCase()}`, `${field} must be one of ${allowed.join(", ")}`);
    return fallback ?? (allowed[0] as T);
  }

  date(field: string): string | null {
    const value = this.raw(field);
    if (value === "") return null;
    if (!isIsoDate(value)) {
      this.fail(field, "INVALID_DATE", `${field} must be a date written YYYY-MM-DD`);
      return null;
    }
    return value;
  }

  list(field: string): string[] {
    const value = this.raw(field);
    return value === "" ? [] : value.split(";").map((s) => s.trim()).filter((s) => s !== "");
  }

  extraFields(width: number): void {
    const extra = this.record.fields.slice(width).filter((f) => f.trim() !== "");
    if (extra.length > 0) this.fail("", "WRONG_FIELD_COUNT", `the row has ${this.record.fields.length} fields; the header has ${width}`);
  }

  get line(): number {
    return this.record.line;
  }
}

/** "Lighting > Moving heads" in one normal form for lookups. */
export function categoryPathKey(path: string | readonly string[]): string {
  const parts = typeof path === "string" ? path.split(">") : path;
  return parts.map((p) => p.trim().replace(/\s+/g, " ").toLowerCase()).filter((p) => p !== "").join(" > ");
}

const trackingModes = ["SERIALIZED", "BULK", "CONSUMABLE"] as const;
const assetStatuses = ["AVAILABLE", "CHECKED_OUT", "IN_MAINTENANCE", "DAMAGED", "LOST", "RETIRED"] as const;

export function readProductRows(input: CsvInput): { rows: ProductCsvRow[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const at = columns(input, { known: productCsvColumns, required: ["code", "name", "tracking"], ignored: productCsvReadOnly, customPrefix: customFieldColumnPrefix }, errors);
  const rows: ProductCsvRow[] = [];
  for (const record of input.rows) {
    const r = new RowReader(record, at, errors);
    r.extraFields(input.header.length);
    const tags = r.list("tags");
    if (tags.length > 50) errors.push({ line: r.line, field: "tags", reason: "TOO_MANY", message: "at most 50 tags" });
    const badTag = tags.find((t) => t.length > 50);
    if (badTag !== undefined) errors.push({ line: r.line, field: "tags", reason: "TOO_LONG", message: `the tag ${badTag.slice(0, 20)}… has more than 50 characters` });
    const accessories: ProductCsvRow["accessories"] = [];
    for (const item of r.list("accessories")) {
      const m = /^([A-Za-z0-9._/-]{1,64})(?::(\d{1,5}))?(?::(charged|free))?$/i.exec(item);
      const quantity = m?.[2] === undefined ? 1 : Number(m[2]);
      if (!m?.[1] || quantity < 1 || quantity > 10000) {
        errors.push({ line: r.line, field: "accessories", reason: "INVALID_FORMAT", message: `accessory "${item}": write CODE, CODE:QUANTITY or CODE:QUANTITY:charged` });
        continue;
      }
      accessories.push({ code: m[1], quantity, charged: m[3]?.toLowerCase() === "charged" });
    }
    if (accessories.length > 50) errors.push({ line: r.line, field: "accessories", reason: "TOO_MANY", message: "at most 50 accessories" });
    const customFields: Record<string, string> = {};
    for (const [name] of at) {
      if (!name.startsWith(customFieldColumnPrefix)) continue;
      const key = name.slice(customFieldColumnPrefix.length);
      const value = r.text(name, 1000);
      if (key.length > 64) errors.push({ line: r.line, field: name, reason: "TOO_LONG", message: "a custom field name has at most 64 characters" });
      if (value !== "") customFields[key] = value;
    }
    if (Object.keys(customFields).length > 50) errors.push({ line: r.line, field: "custom", reason: "TOO_MANY", message: "at most 50 custom fields" });
    rows.push({
      line: r.line,
      draft: {
        code: r.requiredCode("code", 64),
        name: r.requiredText("name", 200),
        description: r.text("description", 10000),
        tracking: r.choice("tracking", trackingModes, undefined),
        dayRate: r.money("day_rate"),
        replacementValue: r.money("replacement_value"),
        dimensions: {
          weightGrams: r.int("weight_grams", 0, 100_000_000),
          lengthMm: r.int("length_mm", 0, 100_000),
          widthMm: r.int("width_mm", 0, 100_000),
          heightMm: r.int("height_mm", 0, 100_000),
        },
        tags: normalizeTags(tags),
        customFields,
        inspectionIntervalDays: r.int("inspection_interval_days", 0, 3650),
        archived: r.bool("archived"),
      },
      categoryPath: r.raw("category"),
      accessories,
    });
  }
  return { rows, errors };
}

export interface ProductCsvContext {
  /** Codes in use anywhere (products, assets, cases, kits), lower case → what uses it. */
  takenCodes: ReadonlyMap<string, string>;
  /** categoryPathKey(path) → id. */
  categoryIdByPath: ReadonlyMap<string, string>;
  /** Existing products by lower-case code (accessories may name them). */
  productIdByCode: ReadonlyMap<string, string>;
}

function duplicateInFile(rows: readonly { line: number }[], key: (row: never) => string): Map<number, number> {
  const first = new Map<string, number>();
  const duplicates = new Map<number, number>();
  for (const row of rows) {
    const k = (key as (r: typeof row) => string)(row).toLowerCase();
    if (k === "") continue;
    const seen = first.get(k);
    if (seen === undefined) first.set(k, row.line);
    else duplicates.set(row.line, seen);
  }
  return duplicates;
}

/** Problems between rows and with the database. See docs/rules/unique-codes.md. */
export function checkProductRows(rows: readonly ProductCsvRow[], ctx: ProductCsvContext): RowError[] {
  const errors: RowError[] = [];
  const repeats = duplicateInFile(rows, (r: ProductCsvRow) => r.draft.code);
  const inFile = new Map<string, ProductCsvRow>();
  for (const r of rows) if (!inFile.has(r.draft.code.toLowerCase())) inFile.set(r.draft.code.toLowerCase(), r);
  for (const row of rows) {
    const code = row.draft.code;
    const repeatOf = repeats.get(row.line);
    if (repeatOf !== undefined) errors.push({ line: row.line, field: "code", reason: "DUPLICATE_CODE", message: `${code} is also on line ${repeatOf}` });
    const taken = ctx.takenCodes.get(code.toLowerCase());
    if (taken !== undefined) errors.push({ line: row.line, field: "code", reason: "DUPLICATE_CODE", message: `${code} is already used by a ${taken.toLowerCase()}` });
    if (row.categoryPath !== "" && !ctx.categoryIdByPath.has(categoryPathKey(row.categoryPath))) {
      errors.push({ line: row.line, field: "category", reason: "UNKNOWN_CATEGORY", message: `no category ${row.categoryPath}` });
    }
    const seen = new Set<string>();
    for (const a of row.accessories) {
      const key = a.code.toLowerCase();
      if (key === code.toLowerCase()) errors.push({ line: row.line, field: "accessories", reason: "ACCESSORY_OF_ITSELF", message: "a product cannot be its own accessory" });
      else if (seen.has(key)) errors.push({ line: row.line, field: "accessories", reason: "DUPLICATE_ACCESSORY", message: `${a.code} is listed twice` });
      else if (!inFile.has(key) && !ctx.productIdByCode.has(key)) errors.push({ line: row.line, field: "accessories", reason: "UNKNOWN_PRODUCT", message: `no product ${a.code}` });
      seen.add(key);
    }
  }
  // Existing products never name new ones, so a loop can only run through the file's rows.
  const edges = rows.flatMap((r) => r.accessories.filter((a) => inFile.has(a.code.toLowerCase())).map((a) => ({ productId: r.draft.code.toLowerCase(), accessoryProductId: a.code.toLowerCase() })));
  const reported = new Set<string>();
  for (const row of rows) {
    const own = row.draft.code.toLowerCase();
    if (reported.has(own)) continue;
    const cycle = findAccessoryCycle(own, edges.filter((e) => e.productId === own && e.accessoryProductId !== own).map((e) => e.accessoryProductId), edges.filter((e) => e.productId !== e.accessoryProductId));
    if (cycle) {
      for (const c of cycle) reported.add(c);
      const path = cycle.map((c) => inFile.get(c)?.draft.code ?? c).join(" → ");
      errors.push({ line: row.line, field: "accessories", reason: "ACCESSORY_CYCLE", message: `accessories would form a loop: ${path}` });
    }
  }
  return errors;
}

export function readAssetRows(input: CsvInput): { rows: AssetCsvRow[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const at = columns(input, { known: assetCsvColumns, required: ["product_code", "location_code"], ignored: assetCsvReadOnly }, errors);
  const rows: AssetCsvRow[] = [];
  for (const record of input.rows) {
    const r = new RowReader(record, at, errors);
    r.extraFields(input.header.length);
    const status = r.choice("status", assetStatuses, "AVAILABLE");
    try {
      assertStatusChange("AVAILABLE", status, "import");
    } catch {
      errors.push({ line: r.line, field: "status", reason: "INVALID_STATUS", message: `an asset cannot be imported as ${status}: check it out by scanning` });
    }
    rows.push({
      line: r.line,
      tag: r.code("tag", 64),
      productCode: r.requiredCode("product_code", 64),
      locationCode: r.requiredCode("location_code", 40),
      serialNumber: r.text("serial_number", 128),
      status,
      purchaseDate: r.date("purchase_date"),
      purchaseCost: r.money("purchase_cost"),
      condition: r.text("condition", 500),
      notes: r.text("notes", 5000),
    });
  }
  return { rows, errors };
}

export interface AssetCsvContext {
  takenCodes: ReadonlyMap<string, string>;
  productsByCode: ReadonlyMap<string, { id: string; tracking: TrackingMode; archived: boolean }>;
  locationsByCode: ReadonlyMap<string, { id: string; archived: boolean }>;
}

/** Problems between rows and with the database. See docs/rules/unique-codes.md. */
export function checkAssetRows(rows: readonly AssetCsvRow[], ctx: AssetCsvContext): RowError[] {
  const errors: RowError[] = [];
  const repeats = duplicateInFile(rows, (r: AssetCsvRow) => r.tag);
  for (const row of rows) {
    const repeatOf = repeats.get(row.line);
    if (repeatOf !== undefined) errors.push({ line: row.line, field: "tag", reason: "DUPLICATE_CODE", message: `${row.tag} is also on line ${repeatOf}` });
    const taken = row.tag === "" ? undefined : ctx.takenCodes.get(row.tag.toLowerCase());
    if (taken !== undefined) errors.push({ line: row.line, field: "tag", reason: "DUPLICATE_CODE", message: `${row.tag} is already used by a ${taken.toLowerCase()}` });
    if (row.productCode !== "") {
      const product = ctx.productsByCode.get(row.productCode.toLowerCase());
      if (!product) errors.push({ line: row.line, field: "product_code", reason: "UNKNOWN_PRODUCT", message: `no product ${row.productCode}` });
      else if (product.tracking !== "SERIALIZED") errors.push({ line: row.line, field: "product_code", reason: "NOT_SERIALIZED", message: `${row.productCode} is tracked as ${product.tracking.toLowerCase()} stock, not as assets` });
      else if (product.archived) errors.push({ line: row.line, field: "product_code", reason: "PRODUCT_ARCHIVED", message: `${row.productCode} is archived` });
    }
    if (row.locationCode !== "") {
      const location = ctx.locationsByCode.get(row.locationCode.toLowerCase());
      if (!location) errors.push({ line: row.line, field: "location_code", reason: "UNKNOWN_LOCATION", message: `no location ${row.locationCode}` });
      else if (location.archived) errors.push({ line: row.line, field: "location_code", reason: "LOCATION_ARCHIVED", message: `${row.locationCode} is archived` });
    }
  }
  return errors;
}

/** Errors in file order: by line, header problems first. */
export function sortRowErrors<E extends RowError>(errors: readonly E[]): E[] {
  return [...errors].sort((a, b) => a.line - b.line);
}

// Export rows

export interface ProductExportRow {
  code: string;
  name: string;
  description: string;
  categoryPath: string;
  tracking: TrackingMode;
  dayRate: Money;
  replacementValue: Money;
  dimensions: Dimensions;
  tags: string[];
  accessories: { code: string; quantity: number; charged: boolean }[];
  inspectionIntervalDays: number;
  archived: boolean;
  customFields: Record<string, string>;
  quantityOwned: number;
  volumeCm3: bigint;
  updatedAt: Date;
}

/** Header and records of a products export; custom fields become `custom.<name>` columns. */
export function productCsvTable(rows: readonly ProductExportRow[]): { header: string[]; records: string[][] } {
  const customKeys = [...new Set(rows.flatMap((r) => Object.keys(r.customFields)))].sort();
  const header = [...productCsvColumns, ...customKeys.map((k) => `${customFieldColumnPrefix}${k}`), ...productCsvReadOnly];
  const records = rows.map((r) => [
    r.code,
    toSafeText(r.name),
    toSafeText(r.description),
    r.categoryPath,
    r.tracking,
    formatMoney(r.dayRate),
    formatMoney(r.replacementValue),
    String(r.dimensions.weightGrams),
    String(r.dimensions.lengthMm),
    String(r.dimensions.widthMm),
    String(r.dimensions.heightMm),
    r.tags.join(";"),
    r.accessories.map((a) => `${a.code}:${a.quantity}${a.charged ? ":charged" : ""}`).join(";"),
    String(r.inspectionIntervalDays),
    r.archived ? "true" : "false",
    ...customKeys.map((k) => toSafeText(r.customFields[k] ?? "")),
    String(r.quantityOwned),
    r.volumeCm3.toString(),
    r.updatedAt.toISOString(),
  ]);
  return { header, records };
}

export interface AssetExportRow {
  asset: Asset;
  productCode: string;
  locationCode: string;
  caseCode: string;
}

export function assetCsvTable(rows: readonly AssetExportRow[]): { header: string[]; records: string[][] } {
  const header = [...assetCsvColumns, ...assetCsvReadOnly];
  const records = rows.map(({ asset, productCode, locationCode, caseCode }) => [
    asset.tag,
    productCode,
    toSafeText(asset.serialNumber),
    asset.status,
    locationCode,
    asset.purchaseDate ?? "",
    formatMoney(asset.purchaseCost),
    toSafeText(asset.condition),
    toSafeText(asset.notes),
    toSafeText(asset.productName),
    caseCode,
    asset.createdAt.toISOString(),
  ]);
  return { header, records };
}

export interface StockExportRow {
  productCode: string;
  productName: string;
  locationCode: string;
  locationName: string;
  quantity: number;
}

export function stockCsvTable(rows: readonly StockExportRow[]): { header: string[]; records: string[][] } {
  return {
    header: ["product_code", "product_name", "location_code", "location_name", "quantity"],
    records: rows.map((r) => [r.productCode, toSafeText(r.productName), r.locationCode, toSafeText(r.locationName), String(r.quantity)]),
  };
}

export interface CaseExportRow {
  code: string;
  name: string;
  kind: string;
  locationCode: string;
  parentCaseCode: string;
  assets: number;
  bulkUnits: number;
  cases: number;
}

export function caseCsvTable(rows: readonly CaseExportRow[]): { header: string[]; records: string[][] } {
  return {
    header: ["code", "name", "kind", "location_code", "parent_case_code", "assets", "bulk_units", "cases"],
    records: rows.map((r) => [r.code, toSafeText(r.name), r.kind, r.locationCode, r.parentCaseCode, String(r.assets), String(r.bulkUnits), String(r.cases)]),
  };
}
