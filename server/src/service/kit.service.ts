// Use cases of kits: named bundles of products. Kit availability (the minimum
// over its components) belongs to the planning availability engine.
import type { Kit, KitItem, KitPricing, Money } from "../domain/inventory.js";
import { InventoryError } from "../domain/inventory.errors.js";
import type { Db } from "../store/db.js";
import { isCodeTaken } from "../store/case.store.js";
import { findKitById, insertKit, isDuplicateKitCode, listKits, lockKit, replaceKitItems, updateKit, type KitFields } from "../store/kit.store.js";
import { findProductRefs } from "../store/product.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import type { InventoryDeps } from "./inventory.deps.js";

export interface KitInput {
  code: string;
  name: string;
  description: string;
  items: Omit<KitItem, "productName">[];
  pricing: KitPricing;
  dayRate: Money;
  archived: boolean;
}

function assertMoney(money: Money, field: string): void {
  if (money.amountMinor < 0n) throw new InventoryError("INVALID_MONEY", `${field} cannot be negative`, { field });
  if (!/^[A-Z]{3}$/.test(money.currency)) throw new InventoryError("INVALID_MONEY", `${field} needs an ISO 4217 currency code`, { field, currency: money.currency });
}

function assertItems(items: readonly Omit<KitItem, "productName">[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.productId)) throw new InventoryError("KIT_ITEM_REPEATED", "a product appears twice in the kit; give it one line with the total quantity", { productId: item.productId });
    seen.add(item.productId);
  }
}

function fields(input: KitInput): KitFields {
  return { code: input.code.trim(), name: input.name, description: input.description, pricing: input.pricing, dayRate: input.dayRate, archived: input.archived };
}

export class KitService {
  constructor(private readonly deps: InventoryDeps) {}

  async listKits(ctx: CallContext, filter: { includeArchived: boolean; query: string }): Promise<Kit[]> {
    requirePermission(ctx, "inventory.read");
    return listKits(this.deps.db, filter);
  }

  async getKit(ctx: CallContext, kitId: string): Promise<Kit> {
    requirePermission(ctx, "inventory.read");
    const kit = await findKitById(this.deps.db, kitId);
    if (!kit) throw new InventoryError("KIT_NOT_FOUND", "no such kit", { kitId });
    return kit;
  }

  async createKit(ctx: CallContext, input: KitInput): Promise<Kit> {
    requirePermission(ctx, "inventory.manage");
    assertItems(input.items);
    assertMoney(input.dayRate, "day_rate");
    const code = input.code.trim();
    return this.saving(code, async (tx) => {
      await this.assertProducts(tx, input.items, new Set());
      if (await isCodeTaken(tx, code)) throw new InventoryError("DUPLICATE_CODE", `the code ${code} is already in use`, { code });
      const id = await insertKit(tx, fields(input), this.deps.now());
      await replaceKitItems(tx, id, input.items);
      return this.load(tx, id);
    });
  }

  /** Replaces the kit (items included). Products archived since they joined the kit may stay. */
  async updateKit(ctx: CallContext, input: { kitId: string; version: number; kit: KitInput }): Promise<Kit> {
    requirePermission(ctx, "inventory.manage");
    assertItems(input.kit.items);
    assertMoney(input.kit.dayRate, "day_rate");
    const code = input.kit.code.trim();
    return this.saving(code, async (tx) => {
      const current = await lockKit(tx, input.kitId);
      if (!current) throw new InventoryError("KIT_NOT_FOUND", "no such kit", { kitId: input.kitId });
      if (current.version !== input.version) {
        throw new InventoryError("STALE_VERSION", "the kit was changed by someone else; reload and try again", { currentVersion: String(current.version) });
      }
      await this.assertProducts(tx, input.kit.items, new Set(current.items.map((i) => i.productId)));
      if (code.toLowerCase() !== current.code.toLowerCase() && (await isCodeTaken(tx, code))) {
        throw new InventoryError("DUPLICATE_CODE", `the code ${code} is already in use`, { code });
      }
      if (!(await updateKit(tx, current.id, input.version, fields(input.kit)))) {
        throw new InventoryError("STALE_VERSION", "the kit was changed by someone else; reload and try again", { currentVersion: String(current.version) });
      }
      await replaceKitItems(tx, current.id, input.kit.items);
      return this.load(tx, current.id);
    });
  }

  private async saving(code: string, fn: (tx: Db) => Promise<Kit>): Promise<Kit> {
    try {
      return await this.deps.db.transaction().execute(fn);
    } catch (error) {
      if (isDuplicateKitCode(error)) throw new InventoryError("DUPLICATE_CODE", `the code ${code} is already in use`, { code });
      throw error;
    }
  }

  private async assertProducts(tx: Db, items: readonly Omit<KitItem, "productName">[], alreadyIn: ReadonlySet<string>): Promise<void> {
    const products = await findProductRefs(tx, items.map((i) => i.productId));
    for (const item of items) {
      const product = products.get(item.productId);
      if (!product) throw new InventoryError("PRODUCT_NOT_FOUND", "no such product", { productId: item.productId });
      if (product.archived && !alreadyIn.has(product.id)) throw new InventoryError("PRODUCT_ARCHIVED", `${product.name} is archived`, { productId: product.id });
    }
  }

  private async load(tx: Db, kitId: string): Promise<Kit> {
    const kit = await findKitById(tx, kitId);
    if (!kit) throw new InventoryError("KIT_NOT_FOUND", "no such kit", { kitId });
    return kit;
  }
}
