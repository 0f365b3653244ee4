// Use cases of cases: create, rename, pack, unpack and move (with everything
// inside, nested cases too). Every asset change is written to its history;
// bulk that changes location with a case is transferred in the stock ledger.
import { assertNoCaseCycle, bulkAfterUnpack, formatCaseCode } from "../domain/case.js";
import type { Case, CaseContents, CaseKind } from "../domain/inventory.js";
import { InventoryError } from "../domain/inventory.errors.js";
import { pageSize } from "../domain/pagination.js";
import { assertPackable } from "../domain/stock.js";
import { insertAssetHistory, type AssetChange } from "../store/asset-history.store.js";
import {
  findCaseById,
  findCaseContents,
  insertCase,
  isCaseCycleViolation,
  isCodeTaken,
  isDuplicateCaseCode,
  listCaseAncestorIds,
  listCaseBulk,
  listCases,
  listCaseSubtreeIds,
  lockAssets,
  lockAssetsInCases,
  lockCases,
  nextCaseCodeNumber,
  setAssetPlacement,
  setCaseBulk,
  setCaseLocation,
  setCaseParent,
  updateCase,
} from "../store/case.store.js";
import type { Db } from "../store/db.js";
import { caseHasBookings, doubleBookedAssetId, syncCaseBookings } from "../store/event.store.js";
import { findLocation } from "../store/location.store.js";
import { findProductRefs } from "../store/product.store.js";
import {
  addToStockLevel,
  insertStockMovements,
  isNegativeStockViolation,
  levelOf,
  lockStockLevels,
  sumPackedAt,
  type NewStockMovement,
} from "../store/stock.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import type { InventoryDeps } from "./inventory.deps.js";
import { decodeKeyset, pageOf, queryFingerprint } from "./stock.service.js";

export interface CaseDetail {
  case: Case;
  contents: CaseContents;
  /** From the outermost case down to this one's parent. */
  ancestorIds: string[];
}

export interface BulkQuantity {
  productId: string;
  quantity: number;
}

export interface CaseItems {
  assetIds: string[];
  bulk: BulkQuantity[];
  childCaseIds: string[];
}

/** Who acts, when, and why: what every history row and ledger entry carries. */
interface Act {
  actorUserId: string;
  now: Date;
  reason: string;
  /** The case the change is about (history source_id). */
  caseId: string;
}

const anyCode = /^[\s\S]{1,64}$/;

function caseNotFound(caseId: string): InventoryError {
  return new InventoryError("CASE_NOT_FOUND", "no such case", { caseId });
}

/** Sums repeated products of a request. */
function mergeBulk(bulk: readonly BulkQuantity[]): Map<string, number> {
  const merged = new Map<string, number>();
  for (const b of bulk) merged.set(b.productId, (merged.get(b.productId) ?? 0) + b.quantity);
  return merged;
}

export class CaseService {
  constructor(private readonly deps: InventoryDeps) {}

  /** One transaction; rule violations the database catches become the same errors the code raises. */
  private async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    try {
      return await this.deps.db.transaction().execute(fn);
    } catch (error) {
      if (isCaseCycleViolation(error)) throw new InventoryError("CASE_CYCLE", "a case cannot be put inside itself or inside a case it contains");
      if (isNegativeStockViolation(error)) throw new InventoryError("INSUFFICIENT_STOCK", "not enough stock at the location");
      // An asset packed into a booked permanent case while another event holds it (docs/rules/permanent-cases.md).
      const assetId = doubleBookedAssetId(error);
      if (assetId !== undefined) throw new InventoryError("ASSET_BOOKED", "an asset going into the case is booked on an event while the case is booked on another", { assetId });
      throw error;
    }
  }

  async listCases(
    ctx: CallContext,
    input: { pageSize: number; pageToken: string; locationId: string | undefined; query: string },
  ): Promise<{ cases: Case[]; nextPageToken: string }> {
    requirePermission(ctx, "inventory.read");
    const fingerprint = queryFingerprint(["cases", input.locationId ?? "", input.query.trim().toLowerCase()]);
    const after = decodeKeyset(input.pageToken, fingerprint, anyCode);
    const limit = pageSize(input.pageSize);
    const rows = await listCases(this.deps.db, { locationId: input.locationId, query: input.query, after: after && { code: after.key, id: after.id }, limit: limit + 1 });
    const { page, nextPageToken } = pageOf(rows, limit, fingerprint, (r) => r.sortCode);
    return { cases: page.map(({ sortCode: _s, ...c }) => c), nextPageToken };
  }

  async getCase(ctx: CallContext, caseId: string): Promise<CaseDetail> {
    requirePermission(ctx, "inventory.read");
    return this.deps.db.transaction().execute(async (tx) => {
      const found = await findCaseById(tx, caseId);
      if (!found) throw caseNotFound(caseId);
      return { case: found, contents: await findCaseContents(tx, caseId), ancestorIds: await listCaseAncestorIds(tx, caseId) };
    });
  }

  /** An empty code gets the next free "C000123"; codes are unique across every scannable code. */
  async createCase(ctx: CallContext, input: { code: string; name: string; kind: CaseKind; locationId: string }): Promise<Case> {
    requirePermission(ctx, "inventory.manage");
    let code = input.code.trim();
    try {
      return await this.transaction(async (tx) => {
        await this.usableLocation(tx, input.locationId);
        if (code === "") {
          // Skip numbers someone already typed in by hand.
          do {
            code = formatCaseCode(BigInt(await nextCaseCodeNumber(tx)));
          } while (await isCodeTaken(tx, code));
        } else if (await isCodeTaken(tx, code)) {
          throw new InventoryError("DUPLICATE_CODE", `the code ${code} is already in use`, { code });
        }
        return insertCase(tx, { code, name: input.name, kind: input.kind, locationId: input.locationId, now: this.deps.now() });
      });
    } catch (error) {
      if (isDuplicateCaseCode(error)) throw new InventoryError("DUPLICATE_CODE", `the code ${code} is already in use`, { code });
      throw error;
    }
  }

  async updateCase(ctx: CallContext, input: { caseId: string; version: number; name: string; kind: CaseKind }): Promise<Case> {
    requirePermission(ctx, "inventory.manage");
    return this.transaction(async (tx) => {
      const before = (await lockCases(tx, [input.caseId])).get(input.caseId);
      if (before?.kind === "PERMANENT" && input.kind !== "PERMANENT" && (await caseHasBookings(tx, before.id, this.deps.now()))) {
        throw new InventoryError("CASE_BOOKED", `case ${before.code} is booked on an event as a permanent case`, { caseId: before.id });
      }
      const updated = await updateCase(tx, input.caseId, input.version, { name: input.name, kind: input.kind });
      if (updated) return updated;
      const current = await findCaseById(tx, input.caseId);
      if (!current) throw caseNotFound(input.caseId);
      throw new InventoryError("STALE_VERSION", "the case was changed by someone else; reload and try again", { currentVersion: String(current.version) });
    });
  }

  /**
   * Puts assets, bulk and other cases into a case. Packed assets and cases
   * (with everything in them) take the case's location. Cases never end up
   * inside themselves: the case, its ancestors and the cases going in are
   * locked before deciding. See docs/rules/cases-no-cycles.md.
   */
  async packCase(ctx: CallContext, input: { caseId: string } & CaseItems): Promise<CaseDetail> {
    const actor = requirePermission(ctx, "inventory.manage");
    return this.transaction(async (tx) => {
      const seenAncestors = await listCaseAncestorIds(tx, input.caseId);
      const locked = await lockCases(tx, [input.caseId, ...seenAncestors, ...input.childCaseIds]);
      const target = locked.get(input.caseId);
      if (!target) throw caseNotFound(input.caseId);
      const act: Act = { actorUserId: actor.userId, now: this.deps.now(), reason: `packed into case ${target.code}`, caseId: target.id };

      // Cases going in: checked against the ancestors as they are now, under the locks.
      const ancestors = await listCaseAncestorIds(tx, target.id);
      const children: Case[] = [];
      for (const childId of input.childCaseIds) {
        const child = locked.get(childId);
        if (!child) throw caseNotFound(childId);
        assertNoCaseCycle(child.id, target.id, ancestors);
        if (child.parentCaseId === target.id) continue;
        if (child.parentCaseId !== null) {
          throw new InventoryError("CASE_IN_OTHER_CASE", `case ${child.code} is inside another case; unpack it first`, { caseId: child.id, parentCaseId: child.parentCaseId });
        }
        children.push(child);
      }

      const assets = await lockAssets(tx, input.assetIds);
      const byId = new Map(assets.map((a) => [a.id, a]));
      for (const id of input.assetIds) {
        const asset = byId.get(id);
        if (!asset) throw new InventoryError("ASSET_NOT_FOUND", "no such asset", { assetId: id });
        if (asset.status === "RETIRED") throw new InventoryError("ASSET_RETIRED", `asset ${asset.tag} is retired`, { assetId: id });
        if (asset.caseId !== null && asset.caseId !== target.id) {
          throw new InventoryError("ASSET_IN_OTHER_CASE", `asset ${asset.tag} is in another case; unpack it first`, { assetId: id, caseId: asset.caseId });
        }
      }

      const bulk = mergeBulk(input.bulk);
      const products = await findProductRefs(tx, [...bulk.keys()]);
      for (const productId of bulk.keys()) {
        const product = products.get(productId);
        if (!product) throw new InventoryError("PRODUCT_NOT_FOUND", "no such product", { productId });
        if (product.tracking === "SERIALIZED") throw new InventoryError("NOT_BULK", `${product.name} is serialized: pack its assets`, { productId });
      }

      if (children.length > 0) {
        await setCaseParent(tx, children.map((c) => c.id), target.id);
        await this.relocate(tx, children.map((c) => c.id), target.locationId, act);
      }

      const entering = assets.filter((a) => a.caseId !== target.id);
      await setAssetPlacement(tx, entering.map((a) => a.id), { caseId: target.id, locationId: target.locationId }, act.now);
      const history: AssetChange[] = [];
      for (const a of entering) {
        history.push(change(act, a.id, "CASE", "", target.id));
        if (a.locationId !== target.locationId) history.push(change(act, a.id, "LOCATION", a.locationId, target.locationId));
      }
      await insertAssetHistory(tx, history);
      if (target.kind === "PERMANENT" && entering.length > 0) await syncCaseBookings(tx, target.id, act.now);

      if (bulk.size > 0) {
        // The level lock is what packs and stock movements at this location queue on.
        const levels = await lockStockLevels(tx, [...bulk.keys()].map((productId) => ({ productId, locationId: target.locationId })));
        const inCase = new Map((await listCaseBulk(tx, [target.id])).map((b) => [b.productId, b.quantity]));
        for (const [productId, quantity] of bulk) {
          const held = (await sumPackedAt(tx, productId, [target.locationId], [target.id])).get(target.locationId) ?? 0;
          const wanted = (inCase.get(productId) ?? 0) + quantity;
          assertPackable(productId, wanted, levelOf(levels, productId, target.locationId), held);
          await setCaseBulk(tx, target.id, productId, wanted);
        }
      }
      return this.detail(tx, target.id);
    });
  }

  /** Takes items (or everything, with `all`) out of a case; they stay where the case is. */
  async unpackCase(ctx: CallContext, input: { caseId: string; all: boolean } & CaseItems): Promise<CaseDetail> {
    const actor = requirePermission(ctx, "inventory.manage");
    return this.transaction(async (tx) => {
      const target = (await lockCases(tx, [input.caseId])).get(input.caseId);
      if (!target) throw caseNotFound(input.caseId);
      const act: Act = { actorUserId: actor.userId, now: this.deps.now(), reason: `unpacked from case ${target.code}`, caseId: target.id };
      const contents = await findCaseContents(tx, target.id);

      const childIds = input.all ? contents.cases.map((c) => c.id) : input.childCaseIds;
      const children = await lockCases(tx, childIds);
      for (const id of childIds) {
        if (children.get(id)?.parentCaseId !== target.id) throw new InventoryError("CASE_NOT_FOUND", "that case is not inside this case", { caseId: id, parentCaseId: target.id });
      }
      await setCaseParent(tx, childIds, null);

      const assetIds = input.all ? contents.assets.map((a) => a.id) : input.assetIds;
      const assets = new Map((await lockAssets(tx, assetIds)).map((a) => [a.id, a]));
      for (const id of assetIds) {
        if (assets.get(id)?.caseId !== target.id) throw new InventoryError("ASSET_NOT_FOUND", "that asset is not inside this case", { assetId: id, caseId: target.id });
      }
      await setAssetPlacement(tx, assetIds, { caseId: null }, act.now);
      await insertAssetHistory(tx, assetIds.map((id) => change(act, id, "CASE", target.id, "")));
      if (target.kind === "PERMANENT" && assetIds.length > 0) await syncCaseBookings(tx, target.id, act.now);

      const bulk = input.all ? new Map(contents.bulk.map((b) => [b.productId, b.quantity])) : mergeBulk(input.bulk);
      const inCase = new Map(contents.bulk.map((b) => [b.productId, b.quantity]));
      for (const [productId, quantity] of bulk) {
        await setCaseBulk(tx, target.id, productId, bulkAfterUnpack(productId, inCase.get(productId) ?? 0, quantity));
      }
      return this.detail(tx, target.id);
    });
  }

  /**
   * Moves a case with everything in it, nested cases and their assets and bulk
   * too, in one transaction. A case that sat inside another leaves it.
   * Returns how many assets changed location.
   */
  async moveCase(ctx: CallContext, input: { caseId: string; locationId: string; reason: string }): Promise<{ case: Case; assetsMoved: number }> {
    const actor = requirePermission(ctx, "inventory.manage");
    return this.transaction(async (tx) => {
      const moving = (await lockCases(tx, [input.caseId])).get(input.caseId);
      if (!moving) throw caseNotFound(input.caseId);
      await this.usableLocation(tx, input.locationId);
      const act: Act = { actorUserId: actor.userId, now: this.deps.now(), reason: input.reason || `case ${moving.code} moved`, caseId: moving.id };
      if (moving.parentCaseId !== null) await setCaseParent(tx, [moving.id], null);
      const assetsMoved = await this.relocate(tx, [moving.id], input.locationId, act);
      const moved = await findCaseById(tx, moving.id);
      if (!moved) throw caseNotFound(moving.id);
      return { case: moved, assetsMoved };
    });
  }

  private async usableLocation(tx: Db, locationId: string): Promise<void> {
    const location = await findLocation(tx, locationId);
    if (!location) throw new InventoryError("LOCATION_NOT_FOUND", "no such location", { locationId });
    if (location.archived) throw new InventoryError("LOCATION_ARCHIVED", "the location is archived", { locationId });
  }

  private async detail(tx: Db, caseId: string): Promise<CaseDetail> {
    const found = await findCaseById(tx, caseId);
    if (!found) throw caseNotFound(caseId);
    return { case: found, contents: await findCaseContents(tx, caseId), ancestorIds: await listCaseAncestorIds(tx, caseId) };
  }

  /**
   * Brings these cases and everything nested in them to a location: the cases,
   * their assets (with history), and their bulk (as ledger transfers, so the
   * levels stay explained by the ledger). Returns the assets that moved.
   */
  private async relocate(tx: Db, rootIds: readonly string[], locationId: string, act: Act): Promise<number> {
    const subtree = [...new Set((await Promise.all(rootIds.map((id) => listCaseSubtreeIds(tx, id)))).flat())];
    const cases = await lockCases(tx, subtree);
    const assets = (await lockAssetsInCases(tx, subtree)).filter((a) => a.locationId !== locationId);
    await setCaseLocation(tx, subtree, locationId);
    await setAssetPlacement(tx, assets.map((a) => a.id), { locationId }, act.now);
    await insertAssetHistory(tx, assets.map((a) => change(act, a.id, "LOCATION", a.locationId, locationId)));

    // Bulk leaving each case's old location, per product.
    const transfers = new Map<string, NewStockMovement>();
    for (const b of await listCaseBulk(tx, subtree)) {
      const from = cases.get(b.caseId)?.locationId;
      if (from === undefined || from === locationId) continue;
      const key = `${b.productId}/${from}`;
      const earlier = transfers.get(key);
      transfers.set(key, {
        requestId: null,
        requestPayload: null,
        productId: b.productId,
        kind: "TRANSFER",
        fromLocationId: from,
        toLocationId: locationId,
        quantity: (earlier?.quantity ?? 0) + b.quantity,
        reason: act.reason,
        actorUserId: act.actorUserId,
        at: act.now,
      });
    }
    const moves = [...transfers.values()];
    await lockStockLevels(tx, moves.flatMap((m) => [{ productId: m.productId, locationId: m.fromLocationId ?? "" }, { productId: m.productId, locationId }]));
    for (const m of moves) {
      await addToStockLevel(tx, m.productId, m.fromLocationId ?? "", -m.quantity);
      await addToStockLevel(tx, m.productId, locationId, m.quantity);
    }
    await insertStockMovements(tx, moves);
    return assets.length;
  }
}

function change(act: Act, assetId: string, kind: "CASE" | "LOCATION", from: string, to: string): AssetChange {
  return { assetId, kind, from, to, reason: act.reason, actorUserId: act.actorUserId, sourceType: "case", sourceId: act.caseId };
}
