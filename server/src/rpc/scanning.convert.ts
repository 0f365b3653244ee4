// proto ⇄ domain for ScanningService. Enum names match (SCAN_ACTION_PACKED ⇄ "PACKED").
import { create } from "@bufbuild/protobuf";
import { timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import {
  DiscrepancyKind,
  DiscrepancySchema,
  LineProgressSchema,
  MissingItemSchema,
  ScanAction,
  ScanRecordSchema,
  ScanSessionKind,
  ScanSessionSchema,
  ScanSessionState,
  ScanSummarySchema,
  ScanTargetKind,
  WatchEventKind,
  WatchSessionResponseSchema,
  type Discrepancy,
  type LineProgress,
  type MissingItem,
  type ScanRecord,
  type ScanSession,
  type WatchSessionResponse,
} from "@eventkit/api/eventkit/v1/scanning_pb.js";
import type * as d from "../domain/scanning.js";
import { enumName, enumValue } from "./inventory.convert.js";

function ts(date: Date | null): Timestamp | undefined {
  return date ? timestampFromDate(date) : undefined;
}

export function sessionKindFromProto(kind: ScanSessionKind): d.SessionKind {
  const name = enumName(ScanSessionKind, kind);
  if (name === undefined) throw new Error("kind passed validation unset");
  return name as d.SessionKind;
}

export function sessionKindsFromProto(kinds: readonly ScanSessionKind[]): d.SessionKind[] {
  return kinds.map(sessionKindFromProto);
}

export function sessionStateFromProto(state: ScanSessionState): d.SessionState | undefined {
  return enumName(ScanSessionState, state) as d.SessionState | undefined;
}

export function sessionToProto(s: d.ScanSession): ScanSession {
  return create(ScanSessionSchema, {
    id: s.id,
    kind: enumValue(ScanSessionKind, s.kind),
    state: enumValue(ScanSessionState, s.state),
    eventId: s.eventId ?? "",
    eventNumber: s.eventNumber,
    eventName: s.eventName,
    caseId: s.caseId ?? "",
    caseCode: s.caseCode,
    locationId: s.locationId ?? "",
    locationName: s.locationName,
    sourceLocationId: s.sourceLocationId ?? "",
    currentLocationId: s.currentLocationId ?? "",
    ownerUserId: s.ownerUserId,
    ownerName: s.ownerName,
    note: s.note,
    startedAt: ts(s.startedAt),
    endedAt: ts(s.endedAt),
    summary: create(ScanSummarySchema, s.summary),
    lastSequence: BigInt(s.lastSequence),
    correctionsApplied: s.correctionsApplied,
  });
}

export function scanToProto(s: d.ScanRecord): ScanRecord {
  return create(ScanRecordSchema, {
    scanId: s.scanId,
    sessionId: s.sessionId,
    sequence: BigInt(s.sequence),
    code: s.code,
    targetKind: enumValue(ScanTargetKind, s.targetKind),
    targetId: s.targetId,
    title: s.title,
    action: enumValue(ScanAction, s.action),
    quantity: s.quantity,
    assetIds: s.assetIds,
    lineIds: s.lineIds,
    overriddenReason: s.overriddenReason,
    overrideNote: s.overrideNote,
    damaged: s.damaged,
    damageNote: s.damageNote,
    maintenanceRecordId: s.maintenanceRecordId ?? "",
    locationId: s.locationId ?? "",
    userId: s.userId,
    scannedAt: ts(s.scannedAt),
    undone: s.undoneAt !== null,
    undoneAt: ts(s.undoneAt),
  });
}

export function lineToProto(l: d.LineProgress): LineProgress {
  return create(LineProgressSchema, { ...l, productId: l.productId ?? "", assetId: l.assetId ?? "" });
}

export function discrepancyToProto(x: d.Discrepancy): Discrepancy {
  return create(DiscrepancySchema, {
    id: x.id,
    kind: enumValue(DiscrepancyKind, x.kind),
    assetId: x.assetId ?? "",
    assetTag: x.assetTag,
    productId: x.productId,
    productName: x.productName,
    expectedLocationId: x.expectedLocationId ?? "",
    expectedLocationName: x.expectedLocationName,
    foundLocationId: x.foundLocationId ?? "",
    foundLocationName: x.foundLocationName,
    expectedQuantity: x.expectedQuantity,
    countedQuantity: x.countedQuantity,
    applied: x.appliedAt !== null,
    appliedReason: x.appliedReason,
    appliedByUserId: x.appliedByUserId ?? "",
    appliedAt: ts(x.appliedAt),
  });
}

export function missingToProto(m: d.MissingItem): MissingItem {
  return create(MissingItemSchema, { ...m, productId: m.productId ?? "" });
}

export function watchEventToProto(e: d.WatchEvent): WatchSessionResponse {
  return create(WatchSessionResponseSchema, {
    kind: enumValue(WatchEventKind, e.kind),
    session: sessionToProto(e.session),
    scan: e.scan ? scanToProto(e.scan) : undefined,
    scans: e.scans.map(scanToProto),
    lines: e.lines.map(lineToProto),
  });
}
