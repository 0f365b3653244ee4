// Use cases of the inventory catalogue: categories, locations, products,
// assets, CSV import and export (see rpc/catalogue.rpc.ts).
import { createHash } from "node:crypto";
import { assertStatusChange, type AssetStatus } from "../domain/asset.js";
import {
  accessoryCycleError,
  applyProductMask,
  assertAccessoryList,
  assertCategoryMove,
  assertCategoryUnused,
  assertIsoDate,
  assertLocationParent,
  assertMoney,
  assertProductUnused,
  assertTrackingChange,
  assetCsvTable,
  caseCsvTable,
  categoryPathKey,
  checkAssetRows,
  checkProductRows,
  depthFirst,
  findAccessoryCycle,
  duplicateCodeError,
  generatedTag,
  normalizeProductDraft,
  normalizeTag,
  pairSerials,
  planAssetUpdate,
  productCsvTable,
  readAssetRows,
  readProductRows,
  repeatedCodes,
  sortRowErrors,
  stockCsvTable,
  tagSeries,
  type AccessoryInput,
  type AssetChanges,
  type ProductDraft,
  type TagSeries,
} from "../domain/catalogue.js";
import { parseCsv, writeCsv } from "../domain/csv.js";
import type { Asset, AssetHistoryEntry, Category, CsvRowError, Location, LocationKind, Money, Product, StockLevel, TrackingMode } from "../domain/inventory.js";
import { InventoryError } from "../domain/inventory.errors.js";
import { decodePageToken, encodePageToken, PageTokenError, pageSize } from "../domain/pagination.js";
import { insertAssetHistory, type AssetChange } from "../store/asset-history.store.js";
import * as assets from "../store/asset.store.js";
import * as cases from "../store/case.store.js";
import * as catalogue from "../store/catalogue.store.js";
import * as categories from "../store/category.store.js";
import type { Db } from "../store/db.js";
import * as locations from "../store/location.store.js";
import * as products from "../store/product.store.js";
import type { CallContext } from "./auth.service.js";
import { requirePermission } from "./auth.service.js";
import type { FileStorage } from "../store/file-storage.js";
import * as fileStore from "../store/file.store.js";
import { FileLinks } from "./file-links.js";
import { removeBlobs } from "./file.service.js";
import type { InventoryDeps } from "./inventory.deps.js";

export interface CatalogueDeps extends InventoryDeps {
  /** Where a deleted product's files go from. */
  storage: FileStorage;
}

/** A product as lists and pages show it: with a link to its primary image ("" when none). */
export type ShownProduct = Product & { primaryImageUrl: string };

export type { ProductSort } from "../store/product.store.js";

export interface ListProductsInput {
  pageSize: number;
  pageToken: string;
  query: string;
  categoryId: string | undefined;
  tracking: TrackingMode | undefined;
  tag: string;
  includeArchived: boolean;
  sort: products.ProductSort;
}

export interface ListAssetsInput {
  pageSize: number;
  pageToken: string;
  productId: string | undefined;
  locationId: string | undefined;
  caseId: string | undefined;
  statuses: AssetStatus[];
  query: string;
}

export type TagSource = { kind: "explicit"; tags: string[]; serialNumbers: string[] } | { kind: "series"; series: TagSeries } | { kind: "generate"; count: number };

export interface CreateAssetsInput {
  productId: string;
  tags: TagSource;
  locationId: string;
  /** "" when unknown. */
  purchaseDate: string;
  purchaseCost: Money;
  notes: string;
}

export type CsvKind = "PRODUCTS" | "ASSETS" | "STOCK" | "CASES";

export interface ImportResult {
  rows: number;
  created: number;
  updated: number;
  errors: CsvRowError[];
}

export interface ExportInput {
  kind: CsvKind;
  query: string;
  categoryId: string | undefined;
  productId: string | undefined;
  locationId: string | undefined;
}

/** History rows read by GetAsset; older ones stay in the database. */
const historyLimit = 1000;

function fingerprint(query: object): string {
  return createHash("sha256").update(JSON.stringify(query)).digest("base64url").slice(0, 16);
}

/** Unique indexes (migrations/0003–0004) whose refusal means "this code is taken". */
const codeIndexes = new Set(["scan_code_unique", "asset_tag_unique", "product_code_unique", "location_code_unique"]);

/** A write refused by a unique index, as the error a client can act on; undefined for anything else. */
function duplicateFrom(error: unknown): InventoryError | undefined {
  const unique = catalogue.uniqueViolation(error);
  if (unique?.constraint === "category_sibling_name") return new InventoryError("DUPLICATE_NAME", "a category with this name exists at this level", { name: unique.value });
  if (unique && codeIndexes.has(unique.constraint)) {
    return new InventoryError("DUPLICATE_CODE", unique.value ? `${unique.value} is already in use` : "the code is already in use", { code: unique.value, codes: unique.value });
  }
  return undefined;
}

function productDraftOf(product: Product): ProductDraft {
  return {
    code: product.code,
    name: product.name,
    description: product.description,
    categoryId: product.categoryId,
    tracking: product.tracking,
    dayRate: product.dayRate,
    replacementValue: product.replacementValue,
    dimensions: product.dimensions,
    tags: product.tags,
    customFields: product.customFields,
    accessories: product.accessories.map((a) => ({ productId: a.productId, quantity: a.quantity, charged: a.charged })),
    inspectionIntervalDays: product.inspectionIntervalDays,
    archived: product.archived,
  };
}

function decodeCursor(token: string, print: string): { key: string | null; id: string } | undefined {
  const after = decodePageToken(token, print);
  if (after === undefined) return undefined;
  const parsed: unknown = JSON.parse(after);
  if (Array.isArray(parsed) && parsed.length === 2 && (typeof parsed[0] === "string" || parsed[0] === null) && typeof parsed[1] === "string") {
    return { key: parsed[0] as string | null, id: parsed[1] };
  }
  throw new PageTokenError();
}

export class CatalogueService {
  private readonly links: FileLinks;

  constructor(protected readonly deps: CatalogueDeps) {
    this.links = new FileLinks(deps.db);
  }

  private async withImages(list: readonly Product[]): Promise<ShownProduct[]> {
    const images = await fileStore.primaryImages(this.deps.db, list.map((p) => p.id));
    const now = this.deps.now();
    return Promise.all(
      list.map(async (product) => {
        const image = images.get(product.id);
        return { ...product, primaryImageUrl: image ? (await this.links.download(image, now)).url : "" };
      }),
    );
  }

  /** One transaction; a unique index refusing the write is a duplicate, not a crash. */
  private async write<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    try {
      return await this.deps.db.transaction().execute(work);
    } catch (error) {
      throw duplicateFrom(error) ?? error;
    }
  }

  // Categories

  async listCategories(ctx: CallContext): Promise<Category[]> {
    requirePermission(ctx, "inventory.read");
    return depthFirst(await categories.listCategories(this.deps.db)).map(({ depth: _depth, ...c }) => c);
  }

  private async categoryWithPath(tx: Db, id: string): Promise<Category> {
    const chain = await categories.ancestorsOf(tx, id);
    const own = chain[0];
    if (!own) throw new InventoryError("CATEGORY_NOT_FOUND", "category not found", { categoryId: id });
    return { ...own, path: chain.map((c) => c.name).reverse() };
  }

  async createCategory(ctx: CallContext, input: { name: string; parentId: string | null }): Promise<Category> {
    requirePermission(ctx, "inventory.manage");
    const name = input.name.trim();
    return this.write(async (tx) => {
      if (input.parentId !== null && !(await categories.shareCategory(tx, input.parentId))) {
        throw new InventoryError("CATEGORY_NOT_FOUND", "the parent category does not exist", { categoryId: input.parentId });
      }
      if (await categories.siblingNamed(tx, input.parentId, name, null)) throw new InventoryError("DUPLICATE_NAME", `a category named ${name} exists at this level`, { name });
      const row = await categories.insertCategory(tx, { name, parentId: input.parentId });
      return this.categoryWithPath(tx, row.id);
    });
  }

  /** Renames or moves a category; never under itself. See docs/rules/category-tree.md. */
  async updateCategory(ctx: CallContext, input: { categoryId: string; version: number; name: string; parentId: string | null }): Promise<Category> {
    requirePermission(ctx, "inventory.manage");
    const name = input.name.trim();
    return this.write(async (tx) => {
      // The tree lock before any row: concurrent moves queue instead of deadlocking.
      await categories.lockCategoryTree(tx);
      const current = await categories.lockCategory(tx, input.categoryId);
      if (!current) throw new InventoryError("CATEGORY_NOT_FOUND", "category not found", { categoryId: input.categoryId });
      if (current.version !== input.version) throw new InventoryError("STALE_VERSION", "the category was changed by someone else; reload and try again", { currentVersion: String(current.version) });
      if (input.parentId !== current.parentId && input.parentId !== null) {
        if (!(await categories.shareCategory(tx, input.parentId))) throw new InventoryError("CATEGORY_NOT_FOUND", "the parent category does not exist", { categoryId: input.parentId });
        assertCategoryMove(current.id, (await categories.ancestorsOf(tx, input.parentId)).map((c) => c.id));
      }
      if (await categories.siblingNamed(tx, input.parentId, name, current.id)) throw new InventoryError("DUPLICATE_NAME", `a category named ${name} exists at this level`, { name });
      const updated = await categories.updateCategory(tx, current.id, input.version, { name, parentId: input.parentId });
      if (!updated) throw new InventoryError("STALE_VERSION", "the category was changed by someone else; reload and try again", { currentVersion: String(current.version) });
      return this.categoryWithPath(tx, current.id);
    });
  }

  async deleteCategory(ctx: CallContext, categoryId: string): Promise<void> {
    requirePermission(ctx, "inventory.manage");
    await this.write(async (tx) => {
      if (!(await categories.lockCategory(tx, categoryId))) throw new InventoryError("CATEGORY_NOT_FOUND", "category not found", { categoryId });
      assertCategoryUnused(categoryId, await categories.categoryUsage(tx, categoryId));
      await categories.deleteCategory(tx, categoryId);
    });
  }

  // Locations

  async listLocations(ctx: CallContext, input: { includeArchived: boolean }): Promise<Location[]> {
    requirePermission(ctx, "inventory.read");
    return depthFirst(await locations.listLocations(this.deps.db, input.includeArchived)).map(({ depth: _depth, path: _path, ...l }) => l);
  }

  /** The warehouse comes from the parent chain. See docs/rules/location-tree.md. */
  async createLocation(ctx: CallContext, input: { name: string; code: string; kind: LocationKind; parentId: string | null; address: string }): Promise<Location> {
    requirePermission(ctx, "inventory.manage");
    return this.write(async (tx) => {
      const parent = input.parentId === null ? undefined : await locations.shareLocation(tx, input.parentId);
      if (input.parentId !== null && !parent) throw new InventoryError("LOCATION_NOT_FOUND", "the parent location does not exist", { locationId: input.parentId });
      assertLocationParent(input.kind, parent);
      return locations.insertLocation(tx, { name: input.name.trim(), code: input.code, kind: input.kind, parentId: input.parentId, warehouseId: parent?.warehouseId ?? null, address: input.address });
    });
  }

  /** Archiving archives everything below; unarchiving needs a live parent. See docs/rules/location-tree.md. */
  async updateLocation(ctx: CallContext, input: { locationId: string; version: number; name: string; address: string; archived: boolean }): Promise<Location> {
    requirePermission(ctx, "inventory.manage");
    return this.write(async (tx) => {
      const current = await locations.lockLocation(tx, input.locationId);
      if (!current) throw new InventoryError("LOCATION_NOT_FOUND", "location not found", { locationId: input.locationId });
      if (current.version !== input.version) throw new InventoryError("STALE_VERSION", "the location was changed by someone else; reload and try again", { currentVersion: String(current.version) });
      if (current.archived && !input.archived && current.parentId !== null) {
        const parent = await locations.shareLocation(tx, current.parentId);
        if (parent?.archived) throw new InventoryError("LOCATION_ARCHIVED", "the parent location is archived; restore it first", { locationId: parent.id });
      }
      const updated = await locations.updateLocation(tx, current.id, input.version, { name: input.name.trim(), address: input.address, archived: input.archived });
      if (!updated) throw new InventoryError("STALE_VERSION", "the location was changed by someone else; reload and try again", { currentVersion: String(current.version) });
      if (input.archived && !current.archived) await locations.archiveDescendants(tx, current.id);
      return updated;
    });
  }

  // Products

  async listProducts(ctx: CallContext, input: ListProductsInput): Promise<{ products: ShownProduct[]; nextPageToken: string }> {
    requirePermission(ctx, "inventory.read");
    const filter: products.ProductFilter = {
      query: input.query.trim(),
      categoryId: input.categoryId,
      tracking: input.tracking,
      tag: input.tag.trim() === "" ? undefined : normalizeTag(input.tag),
      includeArchived: input.includeArchived,
    };
    const print = fingerprint({ ...filter, sort: input.sort });
    const after = decodeCursor(input.pageToken, print);
    const size = pageSize(input.pageSize);
    const rows = await products.listProducts(this.deps.db, filter, input.sort, after, size + 1);
    if (rows.length === 0 && filter.categoryId !== undefined && !(await categories.findCategory(this.deps.db, filter.categoryId))) {
      throw new InventoryError("CATEGORY_NOT_FOUND", "category not found", { categoryId: filter.categoryId });
    }
    const page = rows.slice(0, size);
    const last = page.at(-1);
    const nextPageToken = rows.length > size && last ? encodePageToken(print, JSON.stringify([last.cursor.key, last.cursor.id])) : "";
    return { products: await this.withImages(page.map((r) => r.product)), nextPageToken };
  }

  async getProduct(ctx: CallContext, productId: string): Promise<{ product: ShownProduct; stock: StockLevel[]; assetsByStatus: Record<string, number> }> {
    requirePermission(ctx, "inventory.read");
    const product = await products.findProduct(this.deps.db, productId);
    if (!product) throw new InventoryError("PRODUCT_NOT_FOUND", "product not found", { productId });
    const [stock, byStatus] = await Promise.all([products.stockOfProduct(this.deps.db, productId), products.assetsByStatus(this.deps.db, productId)]);
    const [shown] = await this.withImages([product]);
    return { product: shown ?? { ...product, primaryImageUrl: "" }, stock, assetsByStatus: byStatus };
  }

  /** Accessories must exist, kept from deletion meanwhile. */
  private async shareAccessories(tx: Db, accessories: readonly AccessoryInput[]): Promise<void> {
    const ids = accessories.map((a) => a.productId);
    const found = await products.shareProducts(tx, ids);
    const missing = ids.find((id) => !found.some((p) => p.id === id));
    if (missing !== undefined) throw new InventoryError("PRODUCT_NOT_FOUND", "an accessory product does not exist", { productId: missing });
  }

  private async assertCodeFree(tx: Db, code: string): Promise<void> {
    const taken = await catalogue.takenCodes(tx, [code]);
    const hit = taken.get(code.toLowerCase());
    if (hit) throw new InventoryError("DUPLICATE_CODE", `${code} is already used by a ${hit.kind.toLowerCase()}`, { code, codes: code, kind: hit.kind });
  }

  /** See docs/rules/unique-codes.md and docs/rules/accessories-no-cycles.md. */
  async createProduct(ctx: CallContext, input: ProductDraft): Promise<Product> {
    requirePermission(ctx, "inventory.manage");
    const draft = normalizeProductDraft(input);
    assertAccessoryList(undefined, draft.accessories);
    return this.write(async (tx) => {
      if (draft.categoryId !== null && !(await categories.shareCategory(tx, draft.categoryId))) {
        throw new InventoryError("CATEGORY_NOT_FOUND", "category not found", { categoryId: draft.categoryId });
      }
      await this.shareAccessories(tx, draft.accessories);
      await this.assertCodeFree(tx, draft.code);
      // A new product has no incoming accessory links, so its own cannot close a loop.
      const ids = await products.insertProducts(tx, [draft], this.deps.now());
      const id = ids.get(draft.code.toLowerCase());
      if (id === undefined) throw new Error("inserted product not returned");
      await products.replaceAccessories(tx, new Map([[id, draft.accessories]]));
      return this.loadProduct(tx, id);
    });
  }

  private async loadProduct(tx: Db, id: string): Promise<Product> {
    const product = await products.findProduct(tx, id);
    if (!product) throw new InventoryError("PRODUCT_NOT_FOUND", "product not found", { productId: id });
    return product;
  }

  /** Changes the fields named in `paths`. See docs/rules/product-lifecycle.md. */
  async updateProduct(ctx: CallContext, input: { productId: string; version: number; product: ProductDraft; paths: readonly string[] }): Promise<Product> {
    requirePermission(ctx, "inventory.manage");
    return this.write(async (tx) => {
      // The graph lock first, then rows: two concurrent changes queue instead of deadlocking.
      if (input.paths.includes("accessories") || input.paths.includes("*")) await products.lockAccessoryGraph(tx);
      if (!(await products.lockProduct(tx, input.productId))) throw new InventoryError("PRODUCT_NOT_FOUND", "product not found", { productId: input.productId });
      const current = await this.loadProduct(tx, input.productId);
      if (current.version !== input.version) throw new InventoryError("STALE_VERSION", "the product was changed by someone else; reload and try again", { currentVersion: String(current.version) });
      const { next: masked, touched } = applyProductMask(productDraftOf(current), input.product, input.paths);
      const next = normalizeProductDraft(masked);
      if (next.categoryId !== null && next.categoryId !== current.categoryId && !(await categories.shareCategory(tx, next.categoryId))) {
        throw new InventoryError("CATEGORY_NOT_FOUND", "category not found", { categoryId: next.categoryId });
      }
      if (next.tracking !== current.tracking) assertTrackingChange(current.tracking, next.tracking, await products.productUsage(tx, current.id));
      if (next.code.toLowerCase() !== current.code.toLowerCase()) await this.assertCodeFree(tx, next.code);
      if (touched.has("accessories")) {
        assertAccessoryList(current.id, next.accessories);
        await this.shareAccessories(tx, next.accessories);
        const accessoryIds = next.accessories.map((a) => a.productId);
        const cycle = findAccessoryCycle(current.id, accessoryIds, await products.accessoryEdgesFrom(tx, accessoryIds));
        if (cycle) {
          const codes = new Map((await products.shareProducts(tx, cycle)).map((p) => [p.id, p.code]));
          throw accessoryCycleError(cycle.map((id) => (id === current.id ? next.code : (codes.get(id) ?? id))));
        }
      }
      if (!(await products.updateProduct(tx, current.id, input.version, next, this.deps.now()))) {
        throw new InventoryError("STALE_VERSION", "the product was changed by someone else; reload and try again", { currentVersion: String(current.version) });
      }
      if (touched.has("accessories")) await products.replaceAccessories(tx, new Map([[current.id, next.accessories]]));
      return this.loadProduct(tx, current.id);
    });
  }

  /** Only an unused product is deleted; archive it otherwise. See docs/rules/product-lifecycle.md. */
  async deleteProduct(ctx: CallContext, productId: string): Promise<void> {
    requirePermission(ctx, "inventory.manage");
    try {
      // Its files' rows go with it (ON DELETE CASCADE); their bytes after the commit.
      const fileKeys = await this.write(async (tx) => {
        if (!(await products.lockProduct(tx, productId))) throw new InventoryError("PRODUCT_NOT_FOUND", "product not found", { productId });
        assertProductUnused(productId, await products.productUsage(tx, productId));
        const keys = await fileStore.productFileKeys(tx, productId);
        await products.deleteProduct(tx, productId);
        return keys;
      });
      await removeBlobs(this.deps.storage, fileKeys);
    } catch (error) {
      // Tables of other areas (bookings, pull lists) refer to products too; their keys refuse the delete.
      const fk = catalogue.foreignKeyViolation(error);
      if (fk) throw new InventoryError("PRODUCT_IN_USE", "the product is still used; archive it instead", { productId, constraint: fk.constraint });
      throw error;
    }
  }

  // Assets

  async listAssets(ctx: CallContext, input: ListAssetsInput): Promise<{ assets: Asset[]; nextPageToken: string }> {
    requirePermission(ctx, "inventory.read");
    const filter: assets.AssetFilter = {
      productId: input.productId,
      locationId: input.locationId,
      caseId: input.caseId,
      statuses: [...new Set(input.statuses)].sort(),
      query: input.query.trim(),
    };
    const print = fingerprint(filter);
    const after = decodeCursor(input.pageToken, print);
    const size = pageSize(input.pageSize);
    const rows = await assets.listAssets(this.deps.db, filter, after?.key ?? undefined, size + 1);
    if (rows.length === 0) await this.assertFilterTargetsExist(filter);
    const page = rows.slice(0, size);
    const last = page.at(-1);
    const nextPageToken = rows.length > size && last ? encodePageToken(print, JSON.stringify([last.tag.toLowerCase(), last.id])) : "";
    return { assets: page, nextPageToken };
  }

  /** An empty list for a filter naming something that does not exist is NotFound, not "nothing there". */
  private async assertFilterTargetsExist(filter: assets.AssetFilter): Promise<void> {
    const db = this.deps.db;
    if (filter.productId !== undefined && !(await products.findProduct(db, filter.productId))) throw new InventoryError("PRODUCT_NOT_FOUND", "product not found", { productId: filter.productId });
    if (filter.locationId !== undefined && !(await locations.findLocation(db, filter.locationId))) throw new InventoryError("LOCATION_NOT_FOUND", "location not found", { locationId: filter.locationId });
    if (filter.caseId !== undefined && !(await cases.findCaseById(db, filter.caseId))) throw new InventoryError("CASE_NOT_FOUND", "case not found", { caseId: filter.caseId });
  }

  async getAsset(ctx: CallContext, assetId: string): Promise<{ asset: Asset; history: AssetHistoryEntry[] }> {
    requirePermission(ctx, "inventory.read");
    const asset = await assets.findAsset(this.deps.db, assetId);
    if (!asset) throw new InventoryError("ASSET_NOT_FOUND", "asset not found", { assetId });
    return { asset, history: await assets.assetHistory(this.deps.db, assetId, historyLimit) };
  }

  /** Tags handed out by the instance, skipping any already taken by hand. */
  private async generateTags(tx: Db, count: number, reserved: ReadonlySet<string>): Promise<string[]> {
    const tags: string[] = [];
    for (let round = 0; tags.length < count; round++) {
      if (round === 20) throw new Error("could not find free generated tags");
      const candidates = (await catalogue.nextTagNumbers(tx, count - tags.length)).map(generatedTag).filter((t) => !reserved.has(t.toLowerCase()));
      const taken = await catalogue.takenCodes(tx, candidates);
      tags.push(...candidates.filter((t) => !taken.has(t.toLowerCase())));
    }
    return tags;
  }

  private async usableLocation(tx: Db, locationId: string): Promise<Location> {
    const location = await locations.shareLocation(tx, locationId);
    if (!location) throw new InventoryError("LOCATION_NOT_FOUND", "location not found", { locationId });
    if (location.archived) throw new InventoryError("LOCATION_ARCHIVED", `${location.code} is archived`, { locationId });
    return location;
  }

  /** One or many units, all or none. See docs/rules/unique-codes.md. */
  async createAssets(ctx: CallContext, input: CreateAssetsInput): Promise<Asset[]> {
    const actor = requirePermission(ctx, "inventory.manage");
    if (input.purchaseDate !== "") assertIsoDate("purchase_date", input.purchaseDate);
    assertMoney("purchase_cost", input.purchaseCost);
    return this.write(async (tx) => {
      const product = await products.shareProduct(tx, input.productId);
      if (!product) throw new InventoryError("PRODUCT_NOT_FOUND", "product not found", { productId: input.productId });
      if (product.tracking !== "SERIALIZED") throw new InventoryError("NOT_SERIALIZED", `${product.code} is counted as stock, not tracked as assets`, { productId: product.id, tracking: product.tracking });
      if (product.archived) throw new InventoryError("PRODUCT_ARCHIVED", `${product.code} is archived`, { productId: product.id });
      await this.usableLocation(tx, input.locationId);
      let tags: string[];
      let serials: string[];
      switch (input.tags.kind) {
        case "explicit":
          tags = input.tags.tags;
          serials = pairSerials(tags, input.tags.serialNumbers);
          break;
        case "series":
          tags = tagSeries(input.tags.series);
          serials = tags.map(() => "");
          break;
        case "generate":
          tags = await this.generateTags(tx, input.tags.count, new Set());
          serials = tags.map(() => "");
          break;
      }
      const repeated = repeatedCodes(tags);
      if (repeated.length > 0) throw duplicateCodeError(repeated);
      const taken = await catalogue.takenCodes(tx, tags);
      if (taken.size > 0) throw duplicateCodeError(tags.filter((t) => taken.has(t.toLowerCase())));
      const now = this.deps.now();
      const ids = await assets.insertAssets(
        tx,
        tags.map((tag, i) => ({
          productId: product.id,
          tag,
          serialNumber: serials[i] ?? "",
          status: "AVAILABLE",
          locationId: input.locationId,
          purchaseDate: input.purchaseDate === "" ? null : input.purchaseDate,
          purchaseCost: input.purchaseCost,
          condition: "",
          notes: input.notes,
        })),
        now,
      );
      await insertAssetHistory(
        tx,
        ids.map((assetId) => ({ assetId, kind: "CREATED", from: "", to: "AVAILABLE", reason: "", actorUserId: actor.userId, sourceType: "manual", sourceId: "" })),
      );
      return assets.findAssetsByIds(tx, ids);
    });
  }

  /** Status by the manual rules, every status or location change in the history. See docs/rules/asset-status.md. */
  async updateAsset(ctx: CallContext, input: { assetId: string; version: number; changes: AssetChanges; reason: string }): Promise<Asset> {
    const actor = requirePermission(ctx, "inventory.manage");
    return this.write(async (tx) => {
      const current = await assets.lockAsset(tx, input.assetId);
      if (!current) throw new InventoryError("ASSET_NOT_FOUND", "asset not found", { assetId: input.assetId });
      if (current.version !== input.version) throw new InventoryError("STALE_VERSION", "the asset was changed by someone else; reload and try again", { currentVersion: String(current.version) });
      if (input.changes.locationId !== undefined && input.changes.locationId !== current.locationId) await this.usableLocation(tx, input.changes.locationId);
      const plan = planAssetUpdate(current, input.changes);
      if (!(await assets.updateAsset(tx, current.id, input.version, plan.patch, this.deps.now()))) {
        throw new InventoryError("STALE_VERSION", "the asset was changed by someone else; reload and try again", { currentVersion: String(current.version) });
      }
      await insertAssetHistory(tx, plan.history.map((h): AssetChange => ({ assetId: current.id, ...h, reason: input.reason, actorUserId: actor.userId, sourceType: "manual", sourceId: "" })));
      return this.loadAsset(tx, current.id);
    });
  }

  private async loadAsset(tx: Db, id: string): Promise<Asset> {
    const asset = await assets.findAsset(tx, id);
    if (!asset) throw new InventoryError("ASSET_NOT_FOUND", "asset not found", { assetId: id });
    return asset;
  }

  /** Retired is final; a unit out on a job is checked in first. See docs/rules/asset-status.md. */
  async retireAsset(ctx: CallContext, input: { assetId: string; reason: string }): Promise<Asset> {
    const actor = requirePermission(ctx, "inventory.manage");
    return this.write(async (tx) => {
      const current = await assets.lockAsset(tx, input.assetId);
      if (!current) throw new InventoryError("ASSET_NOT_FOUND", "asset not found", { assetId: input.assetId });
      if (current.status === "RETIRED") return current;
      assertStatusChange(current.status, "RETIRED", "manual");
      await assets.updateAsset(tx, current.id, current.version, { status: "RETIRED" }, this.deps.now());
      await insertAssetHistory(tx, [{ assetId: current.id, kind: "STATUS", from: current.status, to: "RETIRED", reason: input.reason, actorUserId: actor.userId, sourceType: "manual", sourceId: "" }]);
      return this.loadAsset(tx, current.id);
    });
  }

  // CSV

  /** Every bad row reported; nothing written unless all are valid and it is not a dry run. See docs/rules/csv-import.md. */
  async importCsv(ctx: CallContext, input: { kind: CsvKind; csv: Uint8Array; dryRun: boolean }): Promise<ImportResult> {
    const actor = requirePermission(ctx, "inventory.manage");
    if (input.kind !== "PRODUCTS" && input.kind !== "ASSETS") throw new InventoryError("INVALID_CSV", "only products and assets can be imported", { kind: input.kind });
    const table = parseCsv(input.csv);
    return this.write(async (tx) => {
      const outcome = input.kind === "PRODUCTS" ? await this.importProducts(tx, table, input.dryRun) : await this.importAssets(tx, table, input.dryRun, actor.userId);
      return { rows: table.rows.length, created: outcome.created, updated: 0, errors: sortRowErrors([...table.errors, ...outcome.errors]) };
    });
  }

  private async importProducts(tx: Db, table: ReturnType<typeof parseCsv>, dryRun: boolean): Promise<{ created: number; errors: CsvRowError[] }> {
    const read = readProductRows(table);
    const categoryIdByPath = new Map(depthFirst(await categories.listCategories(tx)).map((c) => [categoryPathKey(c.path), c.id]));
    const taken = await catalogue.takenCodes(tx, read.rows.map((r) => r.draft.code).filter((c) => c !== ""));
    const inFile = new Set(read.rows.map((r) => r.draft.code.toLowerCase()));
    const named = [...new Set(read.rows.flatMap((r) => r.accessories.map((a) => a.code.toLowerCase())))].filter((c) => !inFile.has(c));
    const existing = await products.shareProductsByCodes(tx, named);
    const productIdByCode = new Map(existing.map((p) => [p.code.toLowerCase(), p.id]));
    const errors = [...read.errors, ...checkProductRows(read.rows, { takenCodes: new Map([...taken].map(([k, v]) => [k, v.kind])), categoryIdByPath, productIdByCode })];
    if (errors.length > 0 || dryRun) return { created: 0, errors };
    const drafts = read.rows.map((r) => ({ ...r.draft, categoryId: r.categoryPath === "" ? null : (categoryIdByPath.get(categoryPathKey(r.categoryPath)) ?? null) }));
    const ids = await products.insertProducts(tx, drafts, this.deps.now());
    const idOf = (code: string) => ids.get(code.toLowerCase()) ?? productIdByCode.get(code.toLowerCase()) ?? "";
    const links = new Map<string, AccessoryInput[]>();
    for (const row of read.rows) {
      if (row.accessories.length > 0) links.set(idOf(row.draft.code), row.accessories.map((a) => ({ productId: idOf(a.code), quantity: a.quantity, charged: a.charged })));
    }
    await products.replaceAccessories(tx, links);
    return { created: drafts.length, errors: [] };
  }

  private async importAssets(tx: Db, table: ReturnType<typeof parseCsv>, dryRun: boolean, actorUserId: string | null): Promise<{ created: number; errors: CsvRowError[] }> {
    const read = readAssetRows(table);
    const given = read.rows.map((r) => r.tag).filter((t) => t !== "");
    const taken = await catalogue.takenCodes(tx, given);
    const productRows = await products.shareProductsByCodes(tx, [...new Set(read.rows.map((r) => r.productCode.toLowerCase()).filter((c) => c !== ""))]);
    const locationRows = await locations.shareLocationsByCodes(tx, [...new Set(read.rows.map((r) => r.locationCode.toLowerCase()).filter((c) => c !== ""))]);
    const productsByCode = new Map(productRows.map((p) => [p.code.toLowerCase(), p]));
    const locationsByCode = new Map(locationRows.map((l) => [l.code.toLowerCase(), l]));
    const errors = [...read.errors, ...checkAssetRows(read.rows, { takenCodes: new Map([...taken].map(([k, v]) => [k, v.kind])), productsByCode, locationsByCode })];
    if (errors.length > 0 || dryRun) return { created: 0, errors };
    const generated = await this.generateTags(tx, read.rows.filter((r) => r.tag === "").length, new Set(given.map((t) => t.toLowerCase())));
    let nextGenerated = 0;
    const rows = read.rows.map((r) => ({
      productId: productsByCode.get(r.productCode.toLowerCase())?.id ?? "",
      tag: r.tag === "" ? (generated[nextGenerated++] ?? "") : r.tag,
      serialNumber: r.serialNumber,
      status: r.status,
      locationId: locationsByCode.get(r.locationCode.toLowerCase())?.id ?? "",
      purchaseDate: r.purchaseDate,
      purchaseCost: r.purchaseCost,
      condition: r.condition,
      notes: r.notes,
    }));
    const ids = await assets.insertAssets(tx, rows, this.deps.now());
    const history: AssetChange[] = ids.map((assetId, i) => ({ assetId, kind: "CREATED", from: "", to: rows[i]?.status ?? "AVAILABLE", reason: "CSV import", actorUserId, sourceType: "import", sourceId: "" }));
    for (let i = 0; i < history.length; i += 2000) await insertAssetHistory(tx, history.slice(i, i + 2000));
    return { created: ids.length, errors: [] };
  }

  /** A list as CSV (with a BOM, so spreadsheets read it as UTF-8), one query per kind. */
  async exportCsv(ctx: CallContext, input: ExportInput): Promise<{ csv: string; fileName: string; rows: number }> {
    requirePermission(ctx, "data.export");
    const db = this.deps.db;
    const query = input.query.trim();
    let table: { header: string[]; records: string[][] };
    switch (input.kind) {
      case "PRODUCTS": {
        const paths = new Map(depthFirst(await categories.listCategories(db)).map((c) => [c.id, c.path.join(" > ")]));
        const rows = await products.exportProducts(db, { query, categoryId: input.categoryId });
        table = productCsvTable(rows.map((p) => ({ ...p, categoryPath: p.categoryId === null ? "" : (paths.get(p.categoryId) ?? ""), accessories: p.accessoryCodes })));
        break;
      }
      case "ASSETS":
        table = assetCsvTable(await assets.exportAssets(db, { query, productId: input.productId, locationId: input.locationId }));
        break;
      case "STOCK":
        table = stockCsvTable(await catalogue.exportStock(db, { query, productId: input.productId, locationId: input.locationId, categoryId: input.categoryId }));
        break;
      case "CASES":
        table = caseCsvTable(await catalogue.exportCases(db, { query, locationId: input.locationId }));
        break;
    }
    const day = this.deps.now().toISOString().slice(0, 10);
    return { csv: `\uFEFF${writeCsv(table.header, table.records)}`, fileName: `${input.kind.toLowerCase()}-${day}.csv`, rows: table.records.length };
  }
}
