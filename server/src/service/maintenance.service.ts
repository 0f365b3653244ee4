// Use cases of maintenance: damage reports, repairs and inspections, and the
// inspections due. Every status change an asset gets from them goes through
// assertStatusChange and into its history.
import { assertStatusChange, type AssetStatus } from "../domain/asset.js";
import type { Asset, InspectionDue, InspectionResult, MaintenanceKind, MaintenanceRecord, MaintenanceState, Money, TimeRange } from "../domain/inventory.js";
import { InventoryError } from "../domain/inventory.errors.js";
import { assertRecordEdit, assetStatusAfter, initialState, isClosed, type StatusEvent } from "../domain/maintenance.js";
import { pageSize } from "../domain/pagination.js";
import { insertAssetHistory } from "../store/asset-history.store.js";
import { findAsset, lockAsset } from "../store/asset.store.js";
import type { Db } from "../store/db.js";
import {
  findMaintenanceRecord,
  findOpenHolds,
  insertMaintenanceRecord,
  listInspectionsDue,
  listMaintenance,
  lockMaintenanceRecord,
  setAssetStatus,
  updateMaintenanceRecord,
} from "../store/maintenance.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import type { InventoryDeps } from "./inventory.deps.js";
import { decodeKeyset, pageOf, queryFingerprint } from "./stock.service.js";

export interface NewMaintenanceInput {
  assetId: string;
  kind: MaintenanceKind;
  title: string;
  notes: string;
  cost: Money;
  outOfService: TimeRange | null;
  inspectionResult: InspectionResult | null;
}

/** An edit of an open record; absent fields stay as they are. */
export interface MaintenanceEdit {
  recordId: string;
  version: number;
  state: MaintenanceState | undefined;
  notes: string | undefined;
  cost: Money | undefined;
  outOfService: TimeRange | undefined;
  inspectionResult: InspectionResult | undefined;
}

export interface MaintenanceResult {
  record: MaintenanceRecord;
  asset: Asset;
}

function assertMoney(money: Money): void {
  if (money.amountMinor < 0n) throw new InventoryError("INVALID_MONEY", "cost cannot be negative", { field: "cost" });
  if (!/^[A-Z]{3}$/.test(money.currency)) throw new InventoryError("INVALID_MONEY", "cost needs an ISO 4217 currency code", { field: "cost", currency: money.currency });
}

function recordNotFound(recordId: string): InventoryError {
  return new InventoryError("MAINTENANCE_RECORD_NOT_FOUND", "no such maintenance record", { recordId });
}

export class MaintenanceService {
  constructor(private readonly deps: InventoryDeps) {}

  async listMaintenance(
    ctx: CallContext,
    input: { pageSize: number; pageToken: string; assetId: string | undefined; productId: string | undefined; states: MaintenanceState[]; kind: MaintenanceKind | undefined },
  ): Promise<{ records: MaintenanceRecord[]; nextPageToken: string }> {
    requirePermission(ctx, "inventory.read");
    const states = [...new Set(input.states)].sort();
    const fingerprint = queryFingerprint(["maintenance", input.assetId ?? "", input.productId ?? "", states, input.kind ?? ""]);
    const after = decodeKeyset(input.pageToken, fingerprint);
    const limit = pageSize(input.pageSize);
    const rows = await listMaintenance(this.deps.db, { assetId: input.assetId, productId: input.productId, states, kind: input.kind, after: after && { at: after.key, id: after.id }, limit: limit + 1 });
    const { page, nextPageToken } = pageOf(rows, limit, fingerprint, (r) => r.cursorAt);
    return { records: page.map(({ cursorAt: _c, ...r }) => r), nextPageToken };
  }

  /**
   * A damage report makes the asset DAMAGED, a repair IN_MAINTENANCE over its
   * out-of-service period; an inspection with its result is done at once
   * (FAILED makes the asset DAMAGED). See docs/rules/repair-blocks-availability.md.
   */
  async createMaintenanceRecord(ctx: CallContext, input: NewMaintenanceInput): Promise<MaintenanceResult> {
    const actor = requirePermission(ctx, "maintenance.manage");
    const state = initialState(input);
    assertMoney(input.cost);
    return this.deps.db.transaction().execute(async (tx) => {
      const asset = await lockAsset(tx, input.assetId);
      if (!asset) throw new InventoryError("ASSET_NOT_FOUND", "no such asset", { assetId: input.assetId });
      if (asset.status === "RETIRED") throw new InventoryError("ASSET_RETIRED", `asset ${asset.tag} is retired`, { assetId: asset.id });
      const now = this.deps.now();
      const recordId = await insertMaintenanceRecord(tx, { ...input, state, reportedByUserId: actor.userId, now });
      const failedInspection = input.kind === "INSPECTION" && input.inspectionResult === "FAILED";
      await this.settleStatus(tx, asset, { kind: "opened", failedInspection }, { recordId, title: input.title, actorUserId: actor.userId, now });
      return this.result(tx, recordId);
    });
  }

  /**
   * OPEN → IN_PROGRESS → DONE or CANCELLED; a closed record is immutable.
   * Closing the last record that holds the asset makes it AVAILABLE again.
   */
  async updateMaintenanceRecord(ctx: CallContext, input: MaintenanceEdit): Promise<MaintenanceResult> {
    const actor = requirePermission(ctx, "maintenance.manage");
    if (input.cost) assertMoney(input.cost);
    return this.deps.db.transaction().execute(async (tx) => {
      const seen = await findMaintenanceRecord(tx, input.recordId);
      if (!seen) throw recordNotFound(input.recordId);
      // Asset first, then record: the same order as creating one.
      const asset = await lockAsset(tx, seen.assetId);
      const current = await lockMaintenanceRecord(tx, input.recordId);
      if (!asset || !current) throw recordNotFound(input.recordId);
      const next = {
        kind: current.kind,
        state: input.state ?? current.state,
        outOfService: input.outOfService ?? current.outOfService,
        inspectionResult: input.inspectionResult ?? current.inspectionResult,
      };
      assertRecordEdit(current, next);
      if (current.version !== input.version) {
        throw new InventoryError("STALE_VERSION", "the record was changed by someone else; reload and try again", { currentVersion: String(current.version) });
      }
      const now = this.deps.now();
      const closing = isClosed(next.state);
      const saved = await updateMaintenanceRecord(tx, current.id, input.version, {
        ...next,
        notes: input.notes ?? current.notes,
        cost: input.cost ?? current.cost,
        closedAt: closing ? now : null,
      });
      if (!saved) throw new InventoryError("STALE_VERSION", "the record was changed by someone else; reload and try again", { currentVersion: String(current.version) });
      const event: StatusEvent = closing
        ? { kind: "closed", failedInspection: current.kind === "INSPECTION" && next.state === "DONE" && next.inspectionResult === "FAILED" }
        : { kind: "edited" };
      await this.settleStatus(tx, asset, event, { recordId: current.id, title: current.title, actorUserId: actor.userId, now });
      return this.result(tx, current.id);
    });
  }

  async listInspectionsDue(ctx: CallContext, input: { withinDays: number; pageSize: number; pageToken: string }): Promise<{ due: InspectionDue[]; nextPageToken: string }> {
    requirePermission(ctx, "inventory.read");
    const fingerprint = queryFingerprint(["inspections-due", input.withinDays]);
    const after = decodeKeyset(input.pageToken, fingerprint);
    const limit = pageSize(input.pageSize);
    const rows = await listInspectionsDue(this.deps.db, { now: this.deps.now(), withinDays: input.withinDays, after: after && { at: after.key, id: after.id }, limit: limit + 1 });
    const { page, nextPageToken } = pageOf(
      rows.map((r) => ({ ...r, id: r.asset.id })),
      limit,
      fingerprint,
      (r) => r.cursorAt,
    );
    return { due: page.map(({ cursorAt: _c, id: _id, ...d }) => d), nextPageToken };
  }

  /** Applies the status the open records call for, through the status rules, with a history row. */
  private async settleStatus(tx: Db, asset: Asset, event: StatusEvent, why: { recordId: string; title: string; actorUserId: string; now: Date }): Promise<void> {
    const holds = await findOpenHolds(tx, asset.id);
    const next: AssetStatus = assetStatusAfter(asset.status, holds, event);
    if (next === asset.status) return;
    assertStatusChange(asset.status, next, "maintenance");
    await setAssetStatus(tx, asset.id, next, why.now);
    await insertAssetHistory(tx, [
      { assetId: asset.id, kind: "STATUS", from: asset.status, to: next, reason: why.title, actorUserId: why.actorUserId, sourceType: "maintenance", sourceId: why.recordId },
    ]);
  }

  private async result(tx: Db, recordId: string): Promise<MaintenanceResult> {
    const record = await findMaintenanceRecord(tx, recordId);
    if (!record) throw recordNotFound(recordId);
    const asset = await findAsset(tx, record.assetId);
    if (!asset) throw new InventoryError("ASSET_NOT_FOUND", "no such asset", { assetId: record.assetId });
    return { record, asset };
  }
}
