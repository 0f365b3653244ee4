// Scanning use cases: sessions, scans (one transaction each, idempotent by the
// client's scan id), undo, the end of a session with its missing items or
// stocktake report, stocktake corrections, reports and live watching.
// See docs/rules/scanning.md.
import type { Principal } from "../domain/auth.js";
import { pageSize } from "../domain/pagination.js";
import {
  assertEventScannable,
  assertSameScan,
  assertScanFits,
  assertSessionTargets,
  assertUndoable,
  caseBulkKey,
  correctionFor,
  lineTotals,
  planCheckIn,
  planCheckOut,
  scanPayload,
  stocktakeDiscrepancies,
  type BulkCount,
  type BulkUnits,
  type CaseFacts,
  type CasePlacement,
  type Discrepancy,
  type FoundUnit,
  type LineProgress,
  type MissingItem,
  type Placement,
  type ResolvedTarget,
  type ScanAction,
  type ScanEffect,
  type ScanInput,
  type ScanRecord,
  type ScanSession,
  type SessionKind,
  type SessionState,
  type WatchEvent,
} from "../domain/scanning.js";
import { sessionReport } from "../domain/scanning-report.js";
import { ScanningError } from "../domain/scanning.errors.js";
import { insertAssetHistory, type AssetChange } from "../store/asset-history.store.js";
import { isCaseCycleViolation, listCaseAncestorIds, setCaseBulk } from "../store/case.store.js";
import type { Db } from "../store/db.js";
import * as store from "../store/scanning.store.js";
import { addToStockLevel, insertStockMovements, lockStockLevels, sumPackedAt, type NewStockMovement } from "../store/stock.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import type { ScanBus } from "./scanning.bus.js";
import { reportCsv, reportPdf, type RenderedReport } from "./scanning.report.js";
import { decodeKeyset, encodeKeyset, queryFingerprint } from "./stock.service.js";

export interface ScanningDeps {
  db: Db;
  now: () => Date;
  bus: ScanBus;
}

export interface StartSessionInput {
  kind: SessionKind;
  eventId: string | null;
  caseId: string | null;
  locationId: string | null;
  sourceLocationId: string | null;
  note: string;
  requestId: string | null;
}

export interface ScanResult {
  scan: ScanRecord;
  replayed: boolean;
  session: ScanSession;
  lines: LineProgress[];
}

export interface SessionDetail {
  session: ScanSession;
  scans: ScanRecord[];
  lines: LineProgress[];
  discrepancies: Discrepancy[];
  missing: MissingItem[];
}

/** What a kind-specific handler decided and did, before the scan row is written. */
interface Applied {
  action: ScanAction;
  quantity: number;
  assetIds: string[];
  lineIds: string[];
  overridden: string[];
  maintenanceRecordId: string | null;
  locationId: string | null;
  effects: ScanEffect[];
  /** The units' history the effects write. */
  history: AssetChange[];
}

/** A resolved code with the row it names. */
type Target =
  | { kind: "ASSET"; id: string; title: string }
  | { kind: "CASE"; id: string; title: string; code: string }
  | { kind: "PRODUCT"; id: string; title: string; tracking: "SERIALIZED" | "BULK" | "CONSUMABLE" }
  | { kind: "LOCATION"; id: string; title: string; archived: boolean };

/** Attempts of one scan when PostgreSQL reports a deadlock or serialization failure. */
const conflictAttempts = 3;

function sessionNotFound(id: string): ScanningError {
  return new ScanningError("SESSION_NOT_FOUND", "no such scanning session", { sessionId: id });
}

function nonNull<T>(value: T | null | undefined, error: () => Error): T {
  if (value === null || value === undefined) throw error();
  return value;
}

/** The target of a resolved code; kits are scanned by their items. */
function targetOf(code: string, hit: store.ResolvedCode | undefined): Target {
  if (!hit?.title) throw new ScanningError("UNKNOWN_CODE", `${code} is not a known code`, { code });
  switch (hit.kind) {
    case "ASSET":
      return { kind: "ASSET", id: hit.id, title: hit.title };
    case "CASE":
      return { kind: "CASE", id: hit.id, title: hit.title, code: hit.caseCode };
    case "PRODUCT":
      return { kind: "PRODUCT", id: hit.id, title: hit.title, tracking: hit.tracking ?? "BULK" };
    case "LOCATION":
      return { kind: "LOCATION", id: hit.id, title: hit.title, archived: hit.archived };
    case "KIT":
      throw new ScanningError("CODE_NOT_SCANNABLE_HERE", `${code} is a kit: scan the items in it`, { code, targetKind: "KIT" });
  }
}

export class ScanningService {
  constructor(private readonly deps: ScanningDeps) {}

  // --- sessions -----------------------------------------------------------------

  async startSession(ctx: CallContext, input: StartSessionInput): Promise<{ session: ScanSession; lines: LineProgress[] }> {
    const actor = requirePermission(ctx, "scanning.use");
    assertSessionTargets(input.kind, input);
    const { db } = this.deps;
    if (input.requestId) {
      const earlier = await store.findSessionByRequestId(db, input.requestId);
      if (earlier) return this.startedAgain(earlier, input);
    }
    try {
      const id = await db.transaction().execute(async (tx) => {
        if (input.eventId && (input.kind === "CHECK_OUT" || input.kind === "CHECK_IN")) {
          const event = nonNull(await store.findEventHead(tx, input.eventId), () => new ScanningError("EVENT_NOT_FOUND", "no such event", { eventId: input.eventId ?? "" }));
          assertEventScannable(input.kind, event.status, event.isTemplate, event.number);
        }
        if (input.caseId && input.kind === "CASE_PACKING") {
          if ((await store.findCaseRows(tx, [input.caseId])).size === 0) throw new ScanningError("CASE_NOT_FOUND", "no such case", { caseId: input.caseId });
        }
        for (const locationId of [input.locationId, input.sourceLocationId]) {
          if (!locationId) continue;
          const location = nonNull(await store.findLocationHead(tx, locationId), () => new ScanningError("LOCATION_NOT_FOUND", "no such location", { locationId }));
          if (location.archived) throw new ScanningError("LOCATION_ARCHIVED", `${location.name} is archived`, { locationId });
        }
        const row = await store.insertSession(tx, {
          kind: input.kind,
          eventId: input.kind === "CHECK_OUT" || input.kind === "CHECK_IN" ? input.eventId : null,
          caseId: input.kind === "CASE_PACKING" ? input.caseId : null,
          locationId: input.kind === "CHECK_OUT" || input.kind === "CASE_PACKING" ? null : input.locationId,
          sourceLocationId: input.kind === "TRANSFER" ? input.sourceLocationId : null,
          ownerUserId: actor.userId,
          note: input.note,
          requestId: input.requestId,
          now: this.deps.now(),
        });
        return row.id;
      });
      return { session: await this.view(db, id), lines: await this.linesOf(db, id) };
    } catch (error) {
      if (input.requestId && store.isSessionRequestTaken(error)) {
        const earlier = await store.findSessionByRequestId(db, input.requestId);
        if (earlier) return this.startedAgain(earlier, input);
      }
      throw error;
    }
  }

  private async startedAgain(earlier: store.SessionRow, input: StartSessionInput): Promise<{ session: ScanSession; lines: LineProgress[] }> {
    if (earlier.kind !== input.kind) {
      throw new ScanningError("REQUEST_ID_REUSED", "this request id already started another session", { sessionId: earlier.id });
    }
    return { session: await this.view(this.deps.db, earlier.id), lines: await this.linesOf(this.deps.db, earlier.id) };
  }

  async getSession(ctx: CallContext, sessionId: string): Promise<SessionDetail> {
    requirePermission(ctx, "scanning.read");
    return this.detail(sessionId);
  }

  /** The check-out / check-in sheet, the stocktake discrepancy report, or the scans, as PDF or CSV. */
  async downloadReport(ctx: CallContext, input: { sessionId: string; format: "PDF" | "CSV" }): Promise<RenderedReport> {
    requirePermission(ctx, "scanning.read");
    const report = sessionReport(await this.detail(input.sessionId));
    return input.format === "CSV" ? reportCsv(report) : reportPdf(report, this.deps.now());
  }

  private async detail(sessionId: string): Promise<SessionDetail> {
    const { db } = this.deps;
    const session = await this.view(db, sessionId);
    const [scans, lines, discrepancies, missing] = await Promise.all([
      store.listScans(db, sessionId, 0),
      this.linesOf(db, sessionId),
      session.kind === "STOCKTAKE" ? store.listDiscrepancies(db, sessionId) : Promise.resolve([]),
      session.state === "ENDED" ? this.missingOf(db, session) : Promise.resolve([]),
    ]);
    return { session, scans, lines, discrepancies, missing };
  }

  async listSessions(
    ctx: CallContext,
    input: { pageSize: number; pageToken: string; eventId: string | undefined; kinds: SessionKind[]; state: SessionState | undefined },
  ): Promise<{ sessions: ScanSession[]; nextPageToken: string }> {
    requirePermission(ctx, "scanning.read");
    const limit = pageSize(input.pageSize);
    const print = queryFingerprint(["scan-sessions", input.eventId ?? "", [...input.kinds].sort(), input.state ?? ""]);
    const after = input.pageToken ? decodeKeyset(input.pageToken, print) : undefined;
    const rows = await store.listSessionIds(this.deps.db, {
      eventId: input.eventId,
      kinds: input.kinds,
      state: input.state,
      after: after && { startedAt: after.key, id: after.id },
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const views = await store.findSessions(this.deps.db, page.map((r) => r.id));
    const last = page[page.length - 1];
    return {
      sessions: page.flatMap((r) => views.get(r.id) ?? []),
      nextPageToken: rows.length > limit && last ? encodeKeyset(print, last.cursorAt, last.id) : "",
    };
  }

  /** The session with its live summary (scan counts, and the pull-list totals of check-out and check-in). */
  async view(db: Db, sessionId: string): Promise<ScanSession> {
    return (await this.viewWithLines(db, sessionId)).session;
  }

  /** The session with its live summary, and the progress of its event's lines (read once for both). */
  private async viewWithLines(db: Db, sessionId: string): Promise<{ session: ScanSession; lines: LineProgress[] }> {
    const session = nonNull((await store.findSessions(db, [sessionId])).get(sessionId), () => sessionNotFound(sessionId));
    const lines = session.eventId ? await store.lineProgress(db, session.eventId) : [];
    if (session.kind === "CHECK_OUT" || session.kind === "CHECK_IN") session.summary = { ...session.summary, ...lineTotals(lines, session.kind) };
    return { session, lines };
  }

  async linesOf(db: Db, sessionId: string): Promise<LineProgress[]> {
    const row = await store.findSessionRow(db, sessionId);
    return row?.eventId ? store.lineProgress(db, row.eventId) : [];
  }

  /**
   * The live stream of a session: a snapshot, then each applied or undone
   * scan, until the session ends or `signal` aborts. Subscribes before
   * reading, and reads every scan after the last one sent, so a notice that
   * arrives early or late loses nothing; a gap (dropped connection, slow
   * watcher) is answered with a fresh snapshot.
   */
  async *watch(ctx: CallContext, input: { sessionId: string; afterSequence: number }, signal: AbortSignal): AsyncGenerator<WatchEvent> {
    requirePermission(ctx, "scanning.read");
    const { db } = this.deps;
    const sub = await this.deps.bus.subscribe(input.sessionId);
    try {
      let last = input.afterSequence;
      const snapshot = async (): Promise<WatchEvent> => {
        const current = await this.viewWithLines(db, input.sessionId);
        const scans = await store.listScans(db, input.sessionId, last);
        last = Math.max(last, ...scans.map((x) => x.sequence));
        return { kind: "SNAPSHOT", scan: null, scans, ...current };
      };
      const first = await snapshot();
      yield first;
      if (first.session.state === "ENDED") {
        yield { ...first, kind: "ENDED", scans: [] };
        return;
      }
      for (;;) {
        const wake = await sub.next(signal);
        if (wake.kind === "stopped") return;
        if (wake.kind === "gap") {
          const again = await snapshot();
          yield again;
          if (again.session.state === "ENDED") {
            yield { ...again, kind: "ENDED", scans: [] };
            return;
          }
          continue;
        }
        for (const notice of wake.notices) {
          if (notice.kind === "SCAN") {
            for (const scan of await store.listScans(db, input.sessionId, last)) {
              last = scan.sequence;
              yield { kind: "SCAN", scan, scans: [], ...(await this.viewWithLines(db, input.sessionId)) };
            }
          } else if (notice.kind === "UNDO") {
            const undone = await store.findScan(db, notice.scanId);
            if (undone) yield { kind: "UNDO", scan: undone.record, scans: [], ...(await this.viewWithLines(db, input.sessionId)) };
          } else {
            yield { kind: "ENDED", scan: null, scans: [], ...(await this.viewWithLines(db, input.sessionId)) };
            return;
          }
        }
      }
    } finally {
      sub.close();
    }
  }

  // --- scan -------------------------------------------------------------------------

  /**
   * Applies one scan in one transaction. A scan id seen before answers with
   * what was stored (same payload) or is refused (another payload). Deadlocks
   * and serialization failures are retried; the scan id makes that safe.
   */
  async scan(ctx: CallContext, input: ScanInput): Promise<ScanResult> {
    const actor = requirePermission(ctx, "scanning.use");
    if (input.override && !actor.permissions.has("scanning.override")) {
      throw new ScanningError("OVERRIDE_NOT_ALLOWED", "overriding a refused scan needs the scanning.override permission", { permission: "scanning.override" });
    }
    const { db } = this.deps;
    for (let attempt = 1; ; attempt++) {
      try {
        const applied = await db.transaction().execute((tx) => this.applyScan(tx, actor, input));
        if (applied.replayed) return await this.replay(applied.stored, input);
        return { scan: applied.stored.record, replayed: false, ...(await this.progress(applied.stored.record)) };
      } catch (error) {
        if (store.isScanIdTaken(error)) {
          const stored = await store.findScan(db, input.scanId);
          if (stored) return this.replay(stored, input);
        }
        if (store.isAssetOutTaken(error)) throw new ScanningError("ASSET_ALREADY_OUT", "a unit of this scan was just checked out by another scan", { code: input.code.trim() });
        if (isCaseCycleViolation(error)) throw new ScanningError("CASE_CYCLE", "a case cannot end up inside itself", { code: input.code.trim() });
        if (store.isNegativeStock(error)) throw new ScanningError("INSUFFICIENT_STOCK", "there is not enough stock for this", { code: input.code.trim() });
        if (store.isRetryableConflict(error)) {
          if (attempt < conflictAttempts) continue;
          throw new ScanningError("SCAN_CONFLICT", "other scans kept changing the same items; send the scan again", { scanId: input.scanId });
        }
        throw error;
      }
    }
  }

  private async replay(stored: store.StoredScan, input: ScanInput): Promise<ScanResult> {
    assertSameScan(stored.payload, input);
    return { scan: stored.record, replayed: true, ...(await this.progress(stored.record)) };
  }

  /** The session with its live summary, and the lines the scan touched. */
  private async progress(scan: ScanRecord): Promise<{ session: ScanSession; lines: LineProgress[] }> {
    const found = nonNull(await store.findSessionProgress(this.deps.db, scan.sessionId, scan.lineIds), () => sessionNotFound(scan.sessionId));
    const { session } = found;
    if (session.kind === "CHECK_OUT" || session.kind === "CHECK_IN") session.summary = { ...session.summary, ...lineTotals(found.lineCounts, session.kind) };
    return { session, lines: found.lines };
  }

  private async applyScan(tx: Db, actor: Principal, input: ScanInput): Promise<{ replayed: true; stored: store.StoredScan } | { replayed: false; stored: store.StoredScan }> {
    const code = input.code.trim();
    const context = nonNull(await store.lockScanContext(tx, input.sessionId, input.scanId, code), () => sessionNotFound(input.sessionId));
    const { session } = context;
    // Two deliveries of one scan to one session queue on the session lock; the second finds the first here.
    const again = context.earlierCurrent ? context.earlier : await store.findScan(tx, input.scanId);
    if (again) return { replayed: true, stored: again };
    if (session.state !== "OPEN") throw new ScanningError("SESSION_CLOSED", "this session has ended; start a new one", { sessionId: session.id });

    const target = targetOf(code, context.code);
    const fits: ResolvedTarget = { kind: target.kind, title: target.title, ...(target.kind === "PRODUCT" ? { tracking: target.tracking } : {}) };
    assertScanFits(session.kind, fits, input);

    const now = this.deps.now();
    const act: Act = { tx, actor, scanId: input.scanId, now, sessionId: session.id };
    const applied = await this.applyTo(session, context.event, target, input, act);
    const sequence = session.lastSequence + 1;
    const record: ScanRecord = {
      scanId: input.scanId,
      sessionId: session.id,
      sequence,
      code,
      targetKind: target.kind,
      targetId: target.id,
      title: applied.quantity > 1 && target.kind === "PRODUCT" ? `${target.title} × ${applied.quantity}` : target.title,
      action: applied.action,
      quantity: applied.quantity,
      assetIds: applied.assetIds,
      lineIds: applied.lineIds,
      overriddenReason: applied.overridden.join(","),
      overrideNote: applied.overridden.length > 0 ? input.overrideNote : "",
      damaged: input.damaged,
      damageNote: input.damageNote,
      maintenanceRecordId: applied.maintenanceRecordId,
      locationId: applied.locationId,
      userId: actor.userId,
      scannedAt: now,
      undoneAt: null,
    };
    const payload = scanPayload(input);
    await this.write(act, applied.effects, applied.history, { kind: "SCAN", record, payload, effects: applied.effects });
    return { replayed: false, stored: { record, payload, effects: applied.effects } };
  }

  private applyTo(session: store.SessionRow, event: store.EventHead | undefined, target: Target, input: ScanInput, act: Act): Promise<Applied> {
    const eventOf = () => nonNull(event, () => new ScanningError("EVENT_NOT_FOUND", "the session's event is gone", {}));
    switch (session.kind) {
      case "CHECK_OUT":
        return this.checkOut(eventOf(), target, input, act);
      case "CHECK_IN":
        return this.checkIn(session, eventOf(), target, input, act);
      case "CASE_PACKING":
        return this.pack(session, target, input, act);
      case "STOCKTAKE":
        return this.count(session, target, input, act);
      case "TRANSFER":
        return this.transfer(session, target, input, act);
    }
  }

  /** The units and bulk a scanned asset, case (with everything nested) or product stands for. */
  private async itemsOf(tx: Db, target: Target, quantity: number): Promise<{ unitIds: string[]; bulk: BulkUnits[]; caseIds: string[] }> {
    switch (target.kind) {
      case "ASSET":
        return { unitIds: [target.id], bulk: [], caseIds: [] };
      case "CASE": {
        const caseIds = await store.caseSubtreeIds(tx, target.id);
        // Per case and product: bulk in a permanent case goes with that case's line.
        const bulk = new Map<string, BulkUnits>();
        for (const b of await store.caseBulk(tx, caseIds)) {
          const key = `${b.caseId}/${b.productId}`;
          const seen = bulk.get(key);
          bulk.set(key, { productId: b.productId, productName: b.productName, quantity: (seen?.quantity ?? 0) + b.quantity, caseId: b.caseId });
        }
        return { unitIds: await store.assetIdsInCases(tx, caseIds), bulk: [...bulk.values()], caseIds };
      }
      case "PRODUCT":
        return { unitIds: [], bulk: [{ productId: target.id, productName: target.title, quantity }], caseIds: [] };
      case "LOCATION":
        return { unitIds: [], bulk: [], caseIds: [] };
    }
  }

  /** The cases a scan touches: those scanned (the case and everything nested), and the cases single scanned units sit in. */
  private async casesOf(tx: Db, scannedCaseIds: readonly string[], units: readonly { caseId: string | null }[]): Promise<CaseFacts[]> {
    const scanned = new Set(scannedCaseIds);
    const ids = [...new Set([...scannedCaseIds, ...units.flatMap((u) => (u.caseId === null ? [] : [u.caseId]))])];
    const rows = await store.findCaseRows(tx, ids);
    return ids.flatMap((id) => {
      const c = rows.get(id);
      return c ? [{ id, code: c.code, permanent: c.kind === "PERMANENT", scanned: scanned.has(id) }] : [];
    });
  }

  private async checkOut(event: store.EventHead, target: Target, input: ScanInput, act: Act): Promise<Applied> {
    const { tx } = act;
    assertEventScannable("CHECK_OUT", event.status, event.isTemplate, event.number);
    const items = await this.itemsOf(tx, target, input.quantity);
    const { units, lines } = await store.lockCheckOutFacts(tx, items.unitIds, { id: event.id, start: event.outStart, end: event.outEnd });
    const plan = planCheckOut(
      lines,
      units,
      items.bulk,
      input.override,
      await this.casesOf(tx, items.caseIds, units),
    );
    const byId = new Map(units.map((u) => [u.id, u]));
    const effects: ScanEffect[] = [];
    const history: AssetChange[] = [];
    for (const a of plan.assignments) {
      const unit = nonNull(byId.get(a.assetId), () => new ScanningError("UNKNOWN_CODE", "a unit of this scan is gone", {}));
      const before: Placement = { status: unit.status, locationId: unit.locationId, caseId: unit.caseId };
      const after: Placement = { ...before, status: "CHECKED_OUT" };
      effects.push({ type: "asset", assetId: unit.id, tag: unit.tag, before, after });
      effects.push({ type: "out", assetId: unit.id, eventId: event.id, lineId: a.lineId, scanId: act.scanId, outAt: act.now.toISOString(), added: true });
      history.push(this.change(act, unit.id, "STATUS", unit.status, "CHECKED_OUT", `checked out for ${event.number}`));
    }
    for (const [lineId, n] of plan.lineDeltas) effects.push({ type: "line", lineId, picked: n, checkedOut: n, returned: 0 });
    return {
      action: "CHECKED_OUT",
      quantity: units.length + sumOf(items.bulk.map((b) => b.quantity)),
      assetIds: units.map((u) => u.id),
      lineIds: [...plan.lineDeltas.keys()],
      overridden: plan.overridden,
      maintenanceRecordId: null,
      locationId: null,
      effects,
      history,
    };
  }

  private async checkIn(session: store.SessionRow, event: store.EventHead, target: Target, input: ScanInput, act: Act): Promise<Applied> {
    const { tx } = act;
    assertEventScannable("CHECK_IN", event.status, event.isTemplate, event.number);
    const returnTo = session.locationId ?? "";
    const items = await this.itemsOf(tx, target, input.quantity);
    const cases = await store.lockCaseRows(tx, items.caseIds);
    const units = await store.lockUnits(tx, items.unitIds);
    const lines = await store.listScanLines(tx, event.id);
    const plan = planCheckIn(
      event.id,
      lines,
      units.map((u) => ({ id: u.id, tag: u.tag, out: u.outEventId ? { eventId: u.outEventId, lineId: u.outLineId } : null })),
      items.bulk,
      await this.casesOf(tx, items.caseIds, units),
      input.override,
    );
    const effects: ScanEffect[] = [];
    const history: AssetChange[] = [];
    let maintenanceRecordId: string | null = null;
    const single = target.kind === "ASSET";
    for (const unit of units) {
      const before: Placement = { status: unit.status, locationId: unit.locationId, caseId: unit.caseId };
      const status = input.damaged ? "DAMAGED" : "AVAILABLE";
      // A unit scanned on its own comes back loose; units in a scanned case stay in it.
      const after: Placement = { status, locationId: returnTo, caseId: single ? null : unit.caseId };
      effects.push({ type: "asset", assetId: unit.id, tag: unit.tag, before, after });
      effects.push({ type: "out", assetId: unit.id, eventId: event.id, lineId: unit.outLineId, scanId: unit.outScanId ?? act.scanId, outAt: (unit.outAt ?? act.now).toISOString(), added: false });
      const reason = `returned from ${event.number}`;
      history.push(this.change(act, unit.id, "STATUS", before.status, status, input.damaged ? `${reason}, damaged: ${input.damageNote}` : reason));
      if (before.locationId !== returnTo) history.push(this.change(act, unit.id, "LOCATION", before.locationId, returnTo, reason));
      if (before.caseId !== after.caseId) history.push(this.change(act, unit.id, "CASE", before.caseId ?? "", "", reason));
      if (input.damaged) {
        maintenanceRecordId = await store.openDamageReport(tx, {
          assetId: unit.id,
          title: (input.damageNote || `Damaged on return from ${event.number}`).slice(0, 200),
          notes: `Reported at check-in of ${event.number} (${unit.tag}).`,
          userId: act.actor.userId,
          now: act.now,
        });
        effects.push({ type: "maintenance", recordId: maintenanceRecordId });
      }
    }
    for (const id of items.caseIds) {
      const c = cases.get(id);
      if (!c) continue;
      const after: CasePlacement = { locationId: returnTo, parentCaseId: id === target.id ? null : c.parentCaseId };
      if (after.locationId !== c.locationId || after.parentCaseId !== c.parentCaseId) {
        effects.push({ type: "case", caseId: c.id, code: c.code, before: { locationId: c.locationId, parentCaseId: c.parentCaseId }, after });
      }
    }
    for (const [lineId, n] of plan.lineDeltas) effects.push({ type: "line", lineId, picked: 0, checkedOut: 0, returned: n });
    return {
      action: "CHECKED_IN",
      quantity: units.length + sumOf(items.bulk.map((b) => b.quantity)),
      assetIds: units.map((u) => u.id),
      lineIds: [...plan.lineDeltas.keys()],
      overridden: plan.overridden,
      maintenanceRecordId,
      locationId: returnTo,
      effects,
      history,
    };
  }

  private async pack(session: store.SessionRow, target: Target, input: ScanInput, act: Act): Promise<Applied> {
    const { tx } = act;
    const caseId = session.caseId ?? "";
    const ancestors = await listCaseAncestorIds(tx, caseId);
    const into = nonNull((await store.lockCaseRows(tx, [caseId, ...ancestors])).get(caseId), () => new ScanningError("CASE_NOT_FOUND", "the session's case is gone", { caseId }));
    const action: ScanAction = input.remove ? "UNPACKED" : "PACKED";
    const done = (effects: ScanEffect[], quantity: number, assetIds: string[], history: AssetChange[] = []): Applied => ({
      action,
      quantity,
      assetIds,
      lineIds: [],
      overridden: [],
      maintenanceRecordId: null,
      locationId: into.locationId,
      effects,
      history,
    });
    switch (target.kind) {
      case "ASSET": {
        const [unit] = await store.lockUnits(tx, [target.id]);
        if (!unit) throw new ScanningError("UNKNOWN_CODE", "the unit is gone", { code: input.code });
        const before: Placement = { status: unit.status, locationId: unit.locationId, caseId: unit.caseId };
        if (input.remove) {
          if (unit.caseId !== into.id) throw new ScanningError("NOT_IN_CASE", `${unit.tag} is not in case ${into.code}`, { tag: unit.tag, caseCode: into.code });
          const effects: ScanEffect[] = [{ type: "asset", assetId: unit.id, tag: unit.tag, before, after: { ...before, caseId: null } }];
          return done(effects, 1, [unit.id], [this.change(act, unit.id, "CASE", into.id, "", `unpacked from case ${into.code}`)]);
        }
        if (unit.status === "RETIRED" || unit.status === "LOST") throw new ScanningError("ASSET_NOT_RENTABLE", `${unit.tag} is ${unit.status.toLowerCase()}`, { tag: unit.tag, status: unit.status });
        if (unit.status === "CHECKED_OUT") throw new ScanningError("ASSET_ALREADY_OUT", `${unit.tag} is out on ${unit.outEventNumber || "an event"}`, { tag: unit.tag, eventNumber: unit.outEventNumber });
        if (unit.caseId === into.id) return done([], 0, [unit.id]);
        if (unit.caseId !== null) throw new ScanningError("ASSET_IN_OTHER_CASE", `${unit.tag} is in another case; take it out first`, { tag: unit.tag });
        const effects: ScanEffect[] = [{ type: "asset", assetId: unit.id, tag: unit.tag, before, after: { ...before, caseId: into.id, locationId: into.locationId } }];
        const history = [this.change(act, unit.id, "CASE", "", into.id, `packed into case ${into.code}`)];
        if (unit.locationId !== into.locationId) history.push(this.change(act, unit.id, "LOCATION", unit.locationId, into.locationId, `packed into case ${into.code}`));
        return done(effects, 1, [unit.id], history);
      }
      case "CASE": {
        const child = nonNull((await store.lockCaseRows(tx, [target.id])).get(target.id), () => new ScanningError("UNKNOWN_CODE", "the case is gone", { code: input.code }));
        if (input.remove) {
          if (child.parentCaseId !== into.id) throw new ScanningError("NOT_IN_CASE", `case ${child.code} is not in case ${into.code}`, { caseCode: child.code });
          const effects: ScanEffect[] = [{ type: "case", caseId: child.id, code: child.code, before: { locationId: child.locationId, parentCaseId: child.parentCaseId }, after: { locationId: child.locationId, parentCaseId: null } }];
          return done(effects, 0, []);
        }
        if (child.id === into.id || ancestors.includes(child.id)) {
          throw new ScanningError("CASE_CYCLE", `case ${child.code} cannot go inside case ${into.code}: it holds it`, { caseCode: child.code });
        }
        if (child.parentCaseId === into.id) return done([], 0, []);
        if (child.parentCaseId !== null) throw new ScanningError("CASE_IN_OTHER_CASE", `case ${child.code} is inside another case; take it out first`, { caseCode: child.code });
        const effects: ScanEffect[] = [{ type: "case", caseId: child.id, code: child.code, before: { locationId: child.locationId, parentCaseId: null }, after: { locationId: into.locationId, parentCaseId: into.id } }];
        effects.push(...(await this.relocationEffects(tx, child.id, into.locationId)));
        const moved = this.relocationHistory(act, effects, `packed into case ${into.code}`);
        return done(effects, moved.assetIds.length, moved.assetIds, moved.history);
      }
      case "PRODUCT": {
        const levels = await lockStockLevels(tx, [{ productId: target.id, locationId: into.locationId }]);
        const inCase = (await store.caseBulk(tx, [into.id])).find((b) => b.productId === target.id)?.quantity ?? 0;
        let after = inCase - input.quantity;
        if (input.remove) {
          if (after < 0) throw new ScanningError("INVALID_QUANTITY", `case ${into.code} holds only ${inCase} ${target.title}`, { quantity: String(input.quantity), inCase: String(inCase) });
        } else {
          after = inCase + input.quantity;
          const held = (await sumPackedAt(tx, target.id, [into.locationId], [into.id])).get(into.locationId) ?? 0;
          const level = levels.get(`${target.id}/${into.locationId}`) ?? 0;
          if (after > level - held) {
            throw new ScanningError("INSUFFICIENT_STOCK", `only ${Math.max(0, level - held - inCase)} more ${target.title} are loose at the case's location`, { productName: target.title, free: String(Math.max(0, level - held - inCase)) });
          }
        }
        const effects: ScanEffect[] = [{ type: "caseBulk", caseId: into.id, productId: target.id, before: inCase, after }];
        return done(effects, input.quantity, []);
      }
      case "LOCATION":
        throw new ScanningError("CODE_NOT_SCANNABLE_HERE", "a case-packing session takes items", { code: input.code });
    }
  }

  private async count(session: store.SessionRow, target: Target, input: ScanInput, act: Act): Promise<Applied> {
    const { tx } = act;
    const root = session.locationId ?? "";
    const here = session.currentLocationId ?? root;
    const found = (effects: ScanEffect[], quantity: number, assetIds: string[], action: ScanAction = "FOUND", locationId = here): Applied => ({
      action,
      quantity,
      assetIds,
      lineIds: [],
      overridden: [],
      maintenanceRecordId: null,
      locationId,
      effects,
      history: [],
    });
    switch (target.kind) {
      case "LOCATION": {
        const subtree = await store.locationSubtreeIds(tx, root);
        if (!subtree.includes(target.id)) throw new ScanningError("LOCATION_OUTSIDE_STOCKTAKE", `${target.title} is not part of this stocktake`, { code: input.code.trim() });
        const effects: ScanEffect[] = [{ type: "session", before: { locationId: root, currentLocationId: here }, after: { locationId: root, currentLocationId: target.id } }];
        return found(effects, 0, [], "LOCATION_SET", target.id);
      }
      case "ASSET":
        return found([], 1, [target.id]);
      case "CASE":
      case "PRODUCT": {
        const items = await this.itemsOf(tx, target, input.quantity);
        const effects: ScanEffect[] = items.bulk.map((b) => ({ type: "count", productId: b.productId, locationId: here, quantity: b.quantity }));
        return found(effects, items.unitIds.length + sumOf(items.bulk.map((b) => b.quantity)), items.unitIds);
      }
    }
  }

  private async transfer(session: store.SessionRow, target: Target, input: ScanInput, act: Act): Promise<Applied> {
    const { tx } = act;
    const to = session.locationId ?? "";
    const moved = (effects: ScanEffect[], quantity: number, assetIds: string[], history: AssetChange[] = [], action: ScanAction = "MOVED", locationId = to): Applied => ({
      action,
      quantity,
      assetIds,
      lineIds: [],
      overridden: [],
      maintenanceRecordId: null,
      locationId,
      effects,
      history,
    });
    const reason = `transfer (scan session)`;
    switch (target.kind) {
      case "LOCATION": {
        if (target.archived) throw new ScanningError("LOCATION_ARCHIVED", `${target.title} is archived`, { code: input.code.trim() });
        const effects: ScanEffect[] = [{ type: "session", before: { locationId: to, currentLocationId: session.currentLocationId }, after: { locationId: target.id, currentLocationId: session.currentLocationId } }];
        return moved(effects, 0, [], [], "LOCATION_SET", target.id);
      }
      case "ASSET": {
        const [unit] = await store.lockUnits(tx, [target.id]);
        if (!unit) throw new ScanningError("UNKNOWN_CODE", "the unit is gone", { code: input.code });
        if (unit.status === "CHECKED_OUT") throw new ScanningError("ASSET_ALREADY_OUT", `${unit.tag} is out on ${unit.outEventNumber || "an event"}`, { tag: unit.tag, eventNumber: unit.outEventNumber });
        if (unit.caseId !== null) throw new ScanningError("ASSET_IN_CASE", `${unit.tag} is packed in a case: scan the case, or take it out first`, { tag: unit.tag });
        if (unit.locationId === to) return moved([], 1, [unit.id]);
        const before: Placement = { status: unit.status, locationId: unit.locationId, caseId: null };
        const effects: ScanEffect[] = [{ type: "asset", assetId: unit.id, tag: unit.tag, before, after: { ...before, locationId: to } }];
        return moved(effects, 1, [unit.id], [this.change(act, unit.id, "LOCATION", unit.locationId, to, reason)]);
      }
      case "CASE": {
        const root = nonNull((await store.lockCaseRows(tx, [target.id])).get(target.id), () => new ScanningError("UNKNOWN_CODE", "the case is gone", { code: input.code }));
        const effects: ScanEffect[] = [];
        if (root.parentCaseId !== null || root.locationId !== to) {
          effects.push({ type: "case", caseId: root.id, code: root.code, before: { locationId: root.locationId, parentCaseId: root.parentCaseId }, after: { locationId: to, parentCaseId: null } });
        }
        effects.push(...(await this.relocationEffects(tx, root.id, to)));
        const relocated = this.relocationHistory(act, effects, reason);
        return moved(effects, relocated.assetIds.length, relocated.assetIds, relocated.history);
      }
      case "PRODUCT": {
        const from = session.sourceLocationId;
        if (!from) throw new ScanningError("SESSION_TARGET_REQUIRED", "bulk quantities are transferred from the session's source location; start the session with one", { field: "source_location_id" });
        if (from === to) return moved([], input.quantity, []);
        const levels = await lockStockLevels(tx, [{ productId: target.id, locationId: from }, { productId: target.id, locationId: to }]);
        const held = (await sumPackedAt(tx, target.id, [from])).get(from) ?? 0;
        const loose = (levels.get(`${target.id}/${from}`) ?? 0) - held;
        if (input.quantity > loose) {
          throw new ScanningError("INSUFFICIENT_STOCK", `only ${Math.max(0, loose)} ${target.title} are loose at the source location`, { productName: target.title, free: String(Math.max(0, loose)) });
        }
        const effects: ScanEffect[] = [{ type: "stock", productId: target.id, fromLocationId: from, toLocationId: to, quantity: input.quantity }];
        return moved(effects, input.quantity, []);
      }
    }
  }

  /**
   * Everything nested in a case follows it to a location: the nested cases,
   * the units in any of them, and their bulk (as ledger transfers). The root
   * case's own effect is the caller's.
   */
  private async relocationEffects(tx: Db, rootId: string, to: string): Promise<ScanEffect[]> {
    const subtree = await store.caseSubtreeIds(tx, rootId);
    const cases = await store.lockCaseRows(tx, subtree);
    const units = await store.lockUnits(tx, await store.assetIdsInCases(tx, subtree));
    const effects: ScanEffect[] = [];
    for (const c of cases.values()) {
      if (c.id === rootId || c.locationId === to) continue;
      effects.push({ type: "case", caseId: c.id, code: c.code, before: { locationId: c.locationId, parentCaseId: c.parentCaseId }, after: { locationId: to, parentCaseId: c.parentCaseId } });
    }
    for (const u of units) {
      if (u.status === "CHECKED_OUT") throw new ScanningError("ASSET_ALREADY_OUT", `${u.tag} in this case is out on ${u.outEventNumber || "an event"}`, { tag: u.tag, eventNumber: u.outEventNumber });
      const before: Placement = { status: u.status, locationId: u.locationId, caseId: u.caseId };
      if (u.locationId !== to) effects.push({ type: "asset", assetId: u.id, tag: u.tag, before, after: { ...before, locationId: to } });
    }
    const moves = new Map<string, ScanEffect & { type: "stock" }>();
    for (const b of await store.caseBulk(tx, subtree)) {
      const from = cases.get(b.caseId)?.locationId;
      if (from === undefined || from === to) continue;
      const key = `${b.productId}/${from}`;
      moves.set(key, { type: "stock", productId: b.productId, fromLocationId: from, toLocationId: to, quantity: (moves.get(key)?.quantity ?? 0) + b.quantity });
    }
    effects.push(...moves.values());
    return effects;
  }

  /** The units' history of a relocation, and the units that moved. */
  private relocationHistory(act: Act, effects: readonly ScanEffect[], reason: string): { history: AssetChange[]; assetIds: string[] } {
    const history: AssetChange[] = [];
    for (const e of effects) if (e.type === "asset") history.push(this.change(act, e.assetId, "LOCATION", e.before.locationId, e.after.locationId, reason));
    return { history, assetIds: effects.flatMap((e) => (e.type === "asset" ? [e.assetId] : [])) };
  }

  /**
   * Writes each effect's "after" (forward), the history and the scan (or its
   * undo) — the one place a scan changes rows. Cases (the cycle trigger checks
   * each move), case bulk, the session's locations and stock (locked in key
   * order) are rare and go one statement each; the rest is one statement.
   */
  private async write(act: Act, effects: readonly ScanEffect[], history: readonly AssetChange[], finish: store.ScanFinish): Promise<void> {
    const { tx, now } = act;
    await store.setCasePlacements(tx, effects.flatMap((e) => (e.type === "case" ? [{ caseId: e.caseId, to: e.after }] : [])));
    for (const e of effects) {
      if (e.type === "caseBulk") await setCaseBulk(tx, e.caseId, e.productId, e.after);
      if (e.type === "session") await store.setSessionLocations(tx, act.sessionId, e.after);
    }
    await this.moveStock(act, effects.flatMap((e) => (e.type === "stock" ? [e] : [])), "transfer (scan)");
    await store.writeScan(tx, {
      now,
      placements: effects.flatMap((e) => (e.type === "asset" ? [{ assetId: e.assetId, to: e.after }] : [])),
      outRemoved: effects.flatMap((e) => (e.type === "out" && !e.added ? [e.assetId] : [])),
      outAdded: effects.flatMap((e) => (e.type === "out" && e.added ? [{ assetId: e.assetId, eventId: e.eventId, lineId: e.lineId, scanId: e.scanId, outAt: e.outAt }] : [])),
      lineDeltas: effects.flatMap((e) => (e.type === "line" ? [{ lineId: e.lineId, picked: e.picked, checkedOut: e.checkedOut, returned: e.returned }] : [])),
      history,
      finish,
    });
  }

  private async moveStock(act: Act, moves: readonly (ScanEffect & { type: "stock" })[], reason: string): Promise<void> {
    if (moves.length === 0) return;
    const { tx } = act;
    await lockStockLevels(tx, moves.flatMap((m) => [{ productId: m.productId, locationId: m.fromLocationId }, { productId: m.productId, locationId: m.toLocationId }]));
    const ledger: NewStockMovement[] = [];
    for (const m of moves) {
      await addToStockLevel(tx, m.productId, m.fromLocationId, -m.quantity);
      await addToStockLevel(tx, m.productId, m.toLocationId, m.quantity);
      ledger.push({
        requestId: null,
        requestPayload: null,
        productId: m.productId,
        kind: "TRANSFER",
        fromLocationId: m.fromLocationId,
        toLocationId: m.toLocationId,
        quantity: m.quantity,
        reason,
        actorUserId: act.actor.userId,
        at: act.now,
      });
    }
    await insertStockMovements(tx, ledger);
  }

  private change(act: Act, assetId: string, kind: AssetChange["kind"], from: string, to: string, reason: string): AssetChange {
    return { assetId, kind, from, to, reason, actorUserId: act.actor.userId, sourceType: "scan", sourceId: act.scanId };
  }

  // --- undo ----------------------------------------------------------------------------

  /** Reverses the newest applied scan of an open session. See docs/rules/scanning.md. */
  async undoLastScan(ctx: CallContext, input: { sessionId: string; scanId: string | null }): Promise<ScanResult> {
    const actor = requirePermission(ctx, "scanning.use");
    const { db } = this.deps;
    const undone = await db.transaction().execute(async (tx) => {
      const session = nonNull(await store.lockSession(tx, input.sessionId), () => sessionNotFound(input.sessionId));
      if (input.scanId) {
        const named = await store.findScan(tx, input.scanId);
        if (named?.record.sessionId === session.id && named.record.undoneAt !== null) return named.record;
      }
      if (session.state !== "OPEN") throw new ScanningError("SESSION_CLOSED", "this session has ended", { sessionId: session.id });
      const last = nonNull(await store.lockLastAppliedScan(tx, session.id), () => new ScanningError("NOTHING_TO_UNDO", "this session has no scan to undo", { sessionId: session.id }));
      if (input.scanId && last.record.scanId !== input.scanId) {
        throw new ScanningError("NOT_LAST_SCAN", "only the newest scan can be undone", { scanId: input.scanId, lastScanId: last.record.scanId });
      }
      if (session.eventId) await store.lockEventHead(tx, session.eventId);
      const now = this.deps.now();
      const act: Act = { tx, actor, scanId: last.record.scanId, now, sessionId: session.id };
      await this.reverse(act, session, last.effects);
      return { ...last.record, undoneAt: now };
    });
    return { scan: undone, replayed: false, ...(await this.progress(undone)) };
  }

  private async reverse(act: Act, session: store.SessionRow, effects: readonly ScanEffect[]): Promise<void> {
    const { tx } = act;
    const assetIds = effects.flatMap((e) => (e.type === "asset" ? [e.assetId] : []));
    const caseIds = effects.flatMap((e) => (e.type === "case" ? [e.caseId] : []));
    const bulkCases = effects.flatMap((e) => (e.type === "caseBulk" ? [e.caseId] : []));
    const units = await store.lockUnits(tx, assetIds);
    const cases = await store.lockCaseRows(tx, [...caseIds, ...bulkCases]);
    const bulk = await store.caseBulk(tx, bulkCases);
    assertUndoable(effects, {
      assets: new Map(units.map((u) => [u.id, { status: u.status, locationId: u.locationId, caseId: u.caseId }])),
      cases: new Map([...cases.values()].map((c) => [c.id, { locationId: c.locationId, parentCaseId: c.parentCaseId }])),
      caseBulk: new Map(bulk.map((b) => [caseBulkKey(b.caseId, b.productId), b.quantity])),
      session: { locationId: session.locationId, currentLocationId: session.currentLocationId },
    });
    const inverse: ScanEffect[] = [];
    const history: AssetChange[] = [];
    const reason = "scan undone";
    for (const e of [...effects].reverse()) {
      switch (e.type) {
        case "asset":
          inverse.push({ ...e, before: e.after, after: e.before });
          if (e.before.status !== e.after.status) history.push(this.change(act, e.assetId, "STATUS", e.after.status, e.before.status, reason));
          if (e.before.locationId !== e.after.locationId) history.push(this.change(act, e.assetId, "LOCATION", e.after.locationId, e.before.locationId, reason));
          if (e.before.caseId !== e.after.caseId) history.push(this.change(act, e.assetId, "CASE", e.after.caseId ?? "", e.before.caseId ?? "", reason));
          break;
        case "out":
          inverse.push({ ...e, added: !e.added });
          break;
        case "line":
          inverse.push({ ...e, picked: -e.picked, checkedOut: -e.checkedOut, returned: -e.returned });
          break;
        case "stock":
          inverse.push({ ...e, fromLocationId: e.toLocationId, toLocationId: e.fromLocationId });
          break;
        case "case":
        case "session":
          inverse.push({ ...e, before: e.after, after: e.before } as ScanEffect);
          break;
        case "caseBulk":
          inverse.push({ ...e, before: e.after, after: e.before });
          break;
        case "maintenance":
          await store.cancelMaintenanceRecord(tx, e.recordId, act.now);
          break;
        case "count":
          break;
      }
    }
    try {
      await this.write(act, inverse, history, { kind: "UNDO", sessionId: session.id, scanId: act.scanId });
    } catch (error) {
      if (store.isNegativeStock(error) || store.isAssetOutTaken(error)) throw new ScanningError("UNDO_CONFLICT", "the items changed since this scan; it cannot be undone", {});
      throw error;
    }
  }

  // --- end, report of what is missing, stocktake ---------------------------------------

  async endSession(ctx: CallContext, sessionId: string): Promise<SessionDetail> {
    requirePermission(ctx, "scanning.use");
    const { db } = this.deps;
    await db.transaction().execute(async (tx) => {
      const session = nonNull(await store.lockSession(tx, sessionId), () => sessionNotFound(sessionId));
      if (session.state === "ENDED") return;
      if (session.kind === "STOCKTAKE") await store.insertDiscrepancies(tx, session.id, await this.discrepanciesOf(tx, session));
      await store.endSessionRow(tx, session.id, this.deps.now());
      await store.notifySession(tx, { sessionId: session.id, kind: "ENDED", scanId: "" });
    });
    return this.detail(sessionId);
  }

  private async discrepanciesOf(tx: Db, session: store.SessionRow) {
    const subtree = await store.locationSubtreeIds(tx, session.locationId ?? "");
    const applied = await store.appliedEffects(tx, session.id);
    const foundAt = new Map<string, string>();
    const counted: BulkCount[] = [];
    for (const { record, effects } of applied) {
      if (record.action !== "FOUND") continue;
      for (const id of record.assetIds) foundAt.set(id, record.locationId ?? session.locationId ?? "");
      for (const e of effects) if (e.type === "count") counted.push({ productId: e.productId, locationId: e.locationId, quantity: e.quantity });
    }
    const statuses = await store.unitStatuses(tx, [...foundAt.keys()]);
    const found: FoundUnit[] = [...foundAt].flatMap(([assetId, where]) => {
      const s = statuses.get(assetId);
      return s ? [{ assetId, productId: s.productId, locationId: s.locationId, status: s.status, foundLocationId: where }] : [];
    });
    return stocktakeDiscrepancies({
      subtree: new Set(subtree),
      recorded: await store.recordedUnitsIn(tx, subtree),
      found,
      stock: await store.stockIn(tx, subtree),
      counted,
    });
  }

  private async missingOf(db: Db, session: ScanSession): Promise<MissingItem[]> {
    if (!session.eventId) return [];
    const lines = await store.lineProgress(db, session.eventId);
    if (session.kind === "CHECK_OUT") {
      return lines
        .filter((l) => l.checkedOut < l.required)
        .map((l) => ({ lineId: l.lineId, productId: l.productId, title: l.title, assetTags: [], assetIds: [], quantity: l.required - l.checkedOut }));
    }
    if (session.kind !== "CHECK_IN") return [];
    const out = await store.unitsOutOnEvent(db, session.eventId);
    const missing: MissingItem[] = [];
    for (const l of lines) {
      const units = out.filter((u) => u.lineId === l.lineId);
      const quantity = l.checkedOut - l.returned;
      // A case line counts the case (1), with the tags of the units still out in it.
      const count = l.caseId !== null ? Math.max(quantity, units.length > 0 ? 1 : 0) : Math.max(quantity, units.length);
      if (count > 0) {
        missing.push({ lineId: l.lineId, productId: l.productId, title: l.title, assetTags: units.map((u) => u.tag), assetIds: units.map((u) => u.assetId), quantity: count });
      }
    }
    const loose = out.filter((u) => u.lineId === null);
    for (const u of loose) missing.push({ lineId: "", productId: u.productId, title: `${u.tag} · ${u.productName}`, assetTags: [u.tag], assetIds: [u.assetId], quantity: 1 });
    return missing;
  }

  async applyStocktakeCorrections(ctx: CallContext, input: { sessionId: string; corrections: { discrepancyId: string; reason: string }[] }): Promise<{ discrepancies: Discrepancy[]; applied: number }> {
    const actor = requirePermission(ctx, "stock.manage");
    const { db } = this.deps;
    const applied = await db.transaction().execute(async (tx) => {
      const session = nonNull(await store.lockSession(tx, input.sessionId), () => sessionNotFound(input.sessionId));
      if (session.kind !== "STOCKTAKE") throw new ScanningError("NOT_A_STOCKTAKE", "corrections belong to stocktakes", { sessionId: session.id });
      if (session.state !== "ENDED") throw new ScanningError("SESSION_OPEN", "end the stocktake before applying corrections", { sessionId: session.id });
      const reasons = new Map(input.corrections.map((c) => [c.discrepancyId, c.reason.trim()]));
      const rows = await store.lockDiscrepancies(tx, session.id, [...reasons.keys()]);
      const known = new Set(rows.map((r) => r.id));
      const unknown = [...reasons.keys()].find((id) => !known.has(id));
      if (unknown) throw new ScanningError("DISCREPANCY_NOT_FOUND", "no such discrepancy in this stocktake", { discrepancyId: unknown });
      const now = this.deps.now();
      const units = new Map((await store.lockUnits(tx, rows.flatMap((r) => (r.assetId ? [r.assetId] : [])))).map((u) => [u.id, u]));
      let count = 0;
      for (const row of rows) {
        if (row.appliedAt !== null) continue;
        const reason = reasons.get(row.id) ?? "";
        const unit = row.assetId ? units.get(row.assetId) : undefined;
        const correction = correctionFor(row, unit);
        const source = { actorUserId: actor.userId, sourceType: "stocktake", sourceId: session.id, reason };
        if (correction?.type === "asset" && unit) {
          const locationChanges = correction.locationId !== unit.locationId;
          await store.setUnitPlacements(tx, [{ assetId: unit.id, to: { status: correction.status, locationId: correction.locationId, caseId: locationChanges ? null : unit.caseId } }], now);
          const history: AssetChange[] = [];
          if (correction.status !== unit.status) history.push({ ...source, assetId: unit.id, kind: "STATUS", from: unit.status, to: correction.status });
          if (locationChanges) history.push({ ...source, assetId: unit.id, kind: "LOCATION", from: unit.locationId, to: correction.locationId });
          if (locationChanges && unit.caseId) history.push({ ...source, assetId: unit.id, kind: "CASE", from: unit.caseId, to: "" });
          await insertAssetHistory(tx, history);
        }
        if (correction?.type === "count") {
          await lockStockLevels(tx, [{ productId: correction.productId, locationId: correction.locationId }]);
          const before = await store.setStockLevel(tx, correction.productId, correction.locationId, correction.quantity);
          await insertStockMovements(tx, [
            {
              requestId: null,
              requestPayload: null,
              productId: correction.productId,
              kind: "ADJUST",
              fromLocationId: null,
              toLocationId: correction.locationId,
              quantity: correction.quantity - before,
              reason: `stocktake: ${reason}`,
              actorUserId: actor.userId,
              at: now,
            },
          ]);
        }
        await store.markDiscrepancyApplied(tx, row.id, { reason, userId: actor.userId, now });
        count++;
      }
      if (count > 0) await store.markCorrectionsApplied(tx, session.id);
      return count;
    });
    return { discrepancies: await store.listDiscrepancies(db, input.sessionId), applied };
  }
}

interface Act {
  tx: Db;
  actor: Principal;
  scanId: string;
  now: Date;
  sessionId: string;
}

function sumOf(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
