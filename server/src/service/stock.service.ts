// Use cases of bulk stock: levels, the movement ledger (receive, write off,
// adjust, transfer) with idempotent retries.
import { createHash } from "node:crypto";
import type { StockLevel, StockMovement, StockMovementKind } from "../domain/inventory.js";
import { InventoryError } from "../domain/inventory.errors.js";
import { decodePageToken, encodePageToken, pageSize, PageTokenError } from "../domain/pagination.js";
import { assertMovementShape, movementRequestPayload, planStockMovement, type MovementRequest } from "../domain/stock.js";
import type { Db } from "../store/db.js";
import { findLocations } from "../store/location.store.js";
import { findProductRefs } from "../store/product.store.js";
import {
  addToStockLevel,
  findStockLevels,
  findStockMovementByRequestId,
  insertStockMovements,
  isNegativeStockViolation,
  isRequestIdReuse,
  levelOf,
  listStockLevels,
  listStockMovements,
  lockStockLevels,
  sumPackedAt,
} from "../store/stock.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import type { InventoryDeps } from "./inventory.deps.js";

// Keyset cursors shared by the warehouse lists: a short fingerprint of the
// query, and the last (sort key, id) seen, checked before it reaches SQL.

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const exactTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function queryFingerprint(parts: readonly unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 16);
}

export function encodeKeyset(fingerprint: string, key: string, id: string): string {
  return encodePageToken(fingerprint, JSON.stringify([key, id]));
}

/** The (key, id) to continue after; `keyPattern` checks the key (default: an exact timestamp). */
export function decodeKeyset(token: string, fingerprint: string, keyPattern: RegExp = exactTimePattern): { key: string; id: string } | undefined {
  const after = decodePageToken(token, fingerprint);
  if (after === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(after);
  } catch {
    throw new PageTokenError();
  }
  if (Array.isArray(parsed) && parsed.length === 2) {
    const [key, id] = parsed as unknown[];
    if (typeof key === "string" && typeof id === "string" && keyPattern.test(key) && uuidPattern.test(id)) return { key, id };
  }
  throw new PageTokenError();
}

/** Rows fetched with limit + 1: the page, and the token for the next one. */
export function pageOf<T extends { id: string }>(rows: readonly T[], limit: number, fingerprint: string, keyOf: (row: T) => string): { page: T[]; nextPageToken: string } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextPageToken: rows.length > limit && last ? encodeKeyset(fingerprint, keyOf(last), last.id) : "" };
}

export interface RecordMovementInput {
  productId: string;
  kind: StockMovementKind;
  fromLocationId: string | null;
  toLocationId: string | null;
  /** Units moved; for ADJUST the counted quantity. */
  quantity: number;
  reason: string;
  /** Client-generated; a retry with the same id and payload returns the original movement. */
  requestId: string | null;
}

export interface MovementResult {
  movement: StockMovement;
  /** Levels now at the locations the movement touched. */
  levels: StockLevel[];
}

function touched(m: { fromLocationId: string | null; toLocationId: string | null }): string[] {
  return [m.fromLocationId, m.toLocationId].filter((id): id is string => id !== null);
}

export class StockService {
  constructor(private readonly deps: InventoryDeps) {}

  async listStock(ctx: CallContext, filter: { productId: string | undefined; locationId: string | undefined }): Promise<StockLevel[]> {
    requirePermission(ctx, "inventory.read");
    return listStockLevels(this.deps.db, filter);
  }

  /**
   * The only way bulk stock changes. Levels are locked (one order) before the
   * decision, so two write-offs of the last units cannot both succeed; the
   * level CHECK is the last line. See docs/rules/no-negative-stock.md.
   */
  async recordStockMovement(ctx: CallContext, input: RecordMovementInput): Promise<MovementResult> {
    const actor = requirePermission(ctx, "stock.manage");
    const request: MovementRequest = { kind: input.kind, fromLocationId: input.fromLocationId, toLocationId: input.toLocationId, quantity: input.quantity };
    assertMovementShape(request);
    const requestId = input.requestId;
    const payload = requestId ? movementRequestPayload(input.productId, request, input.reason) : null;
    try {
      return await this.deps.db.transaction().execute(async (tx) => {
        if (requestId && payload) {
          const earlier = await this.retried(tx, requestId, payload);
          if (earlier) return earlier;
        }
        const product = (await findProductRefs(tx, [input.productId])).get(input.productId);
        if (!product) throw new InventoryError("PRODUCT_NOT_FOUND", "no such product", { productId: input.productId });
        if (product.tracking === "SERIALIZED") throw new InventoryError("NOT_BULK", "serialized products are counted as assets, not stock", { productId: product.id });
        if (input.kind === "RECEIVE" && product.archived) throw new InventoryError("PRODUCT_ARCHIVED", "an archived product cannot receive stock", { productId: product.id });
        const locationIds = touched(request);
        const locations = await findLocations(tx, locationIds);
        for (const id of locationIds) {
          if (!locations.has(id)) throw new InventoryError("LOCATION_NOT_FOUND", "no such location", { locationId: id });
        }
        // Stock may leave an archived location, never arrive there.
        if (input.toLocationId && locations.get(input.toLocationId)?.archived) {
          throw new InventoryError("LOCATION_ARCHIVED", "the location is archived", { locationId: input.toLocationId });
        }
        const levels = await lockStockLevels(tx, locationIds.map((locationId) => ({ productId: product.id, locationId })));
        // A concurrent retry with the same id waited on the locks above: look again.
        if (requestId && payload) {
          const earlier = await this.retried(tx, requestId, payload);
          if (earlier) return earlier;
        }
        const packed = await sumPackedAt(tx, product.id, locationIds);
        const plan = planStockMovement(request, (locationId) => ({ quantity: levelOf(levels, product.id, locationId), packed: packed.get(locationId) ?? 0 }));
        for (const d of plan.deltas) await addToStockLevel(tx, product.id, d.locationId, d.delta);
        const [movement] = await insertStockMovements(tx, [
          {
            requestId,
            requestPayload: payload,
            productId: product.id,
            kind: input.kind,
            fromLocationId: input.fromLocationId,
            toLocationId: input.toLocationId,
            quantity: plan.recorded,
            reason: input.reason,
            actorUserId: actor.userId,
            at: this.deps.now(),
          },
        ]);
        if (!movement) throw new Error("the movement was not recorded");
        return { movement, levels: await findStockLevels(tx, product.id, locationIds) };
      });
    } catch (error) {
      if (requestId && payload && isRequestIdReuse(error)) {
        const earlier = await this.retried(this.deps.db, requestId, payload);
        if (earlier) return earlier;
      }
      if (isNegativeStockViolation(error)) throw new InventoryError("INSUFFICIENT_STOCK", "not enough stock at the location", { productId: input.productId });
      throw error;
    }
  }

  /** The movement recorded earlier under this request id, if any; a different payload is refused. */
  private async retried(db: Db, requestId: string, payload: string): Promise<MovementResult | undefined> {
    const earlier = await findStockMovementByRequestId(db, requestId);
    if (!earlier) return undefined;
    if (earlier.requestPayload !== payload) {
      throw new InventoryError("IDEMPOTENCY_KEY_REUSED", "this request_id was used for a different movement", { requestId, movementId: earlier.movement.id });
    }
    return { movement: earlier.movement, levels: await findStockLevels(db, earlier.movement.productId, touched(earlier.movement)) };
  }

  async listStockMovements(
    ctx: CallContext,
    input: { pageSize: number; pageToken: string; productId: string | undefined; locationId: string | undefined },
  ): Promise<{ movements: StockMovement[]; nextPageToken: string }> {
    requirePermission(ctx, "inventory.read");
    const fingerprint = queryFingerprint(["stock-movements", input.productId ?? "", input.locationId ?? ""]);
    const after = decodeKeyset(input.pageToken, fingerprint);
    const limit = pageSize(input.pageSize);
    const rows = await listStockMovements(this.deps.db, {
      productId: input.productId,
      locationId: input.locationId,
      after: after && { at: after.key, id: after.id },
      limit: limit + 1,
    });
    const { page, nextPageToken } = pageOf(rows, limit, fingerprint, (r) => r.cursorAt);
    return { movements: page.map(({ cursorAt: _c, ...m }) => m), nextPageToken };
  }
}
