// ScanningService handlers: read the caller, convert, call one service method, convert back.
import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ApplyStocktakeCorrectionsResponseSchema,
  DownloadSessionReportResponseSchema,
  EndSessionResponseSchema,
  GetSessionResponseSchema,
  ListSessionsResponseSchema,
  ReportFormat,
  ScanResponseSchema,
  StartSessionResponseSchema,
  UndoLastScanResponseSchema,
  type ScanningService as ScanningApi,
} from "@eventkit/api/eventkit/v1/scanning_pb.js";
import type { ScanningService } from "../service/scanning.service.js";
import { requestState } from "./context.js";
import {
  discrepancyToProto,
  lineToProto,
  missingToProto,
  scanToProto,
  sessionKindFromProto,
  sessionKindsFromProto,
  sessionStateFromProto,
  sessionToProto,
  watchEventToProto,
} from "./scanning.convert.js";

const orNull = (id: string): string | null => (id === "" ? null : id);

export function scanningRpc(service: ScanningService): ServiceImpl<typeof ScanningApi> {
  return {
    async startSession(req, ctx) {
      const started = await service.startSession(requestState(ctx), {
        kind: sessionKindFromProto(req.kind),
        eventId: orNull(req.eventId),
        caseId: orNull(req.caseId),
        locationId: orNull(req.locationId),
        sourceLocationId: orNull(req.sourceLocationId),
        note: req.note,
        requestId: orNull(req.requestId),
      });
      return create(StartSessionResponseSchema, { session: sessionToProto(started.session), lines: started.lines.map(lineToProto) });
    },

    async scan(req, ctx) {
      const result = await service.scan(requestState(ctx), {
        sessionId: req.sessionId,
        scanId: req.scanId,
        code: req.code,
        quantity: req.quantity,
        override: req.override,
        overrideNote: req.overrideNote,
        damaged: req.damaged,
        damageNote: req.damageNote,
        remove: req.remove,
      });
      return create(ScanResponseSchema, {
        scan: scanToProto(result.scan),
        replayed: result.replayed,
        summary: sessionToProto(result.session).summary,
        lines: result.lines.map(lineToProto),
      });
    },

    async undoLastScan(req, ctx) {
      const result = await service.undoLastScan(requestState(ctx), { sessionId: req.sessionId, scanId: orNull(req.scanId) });
      return create(UndoLastScanResponseSchema, { scan: scanToProto(result.scan), summary: sessionToProto(result.session).summary, lines: result.lines.map(lineToProto) });
    },

    async endSession(req, ctx) {
      const detail = await service.endSession(requestState(ctx), req.sessionId);
      return create(EndSessionResponseSchema, {
        session: sessionToProto(detail.session),
        missing: detail.missing.map(missingToProto),
        discrepancies: detail.discrepancies.map(discrepancyToProto),
        lines: detail.lines.map(lineToProto),
      });
    },

    async applyStocktakeCorrections(req, ctx) {
      const result = await service.applyStocktakeCorrections(requestState(ctx), {
        sessionId: req.sessionId,
        corrections: req.corrections.map((c) => ({ discrepancyId: c.discrepancyId, reason: c.reason })),
      });
      return create(ApplyStocktakeCorrectionsResponseSchema, { discrepancies: result.discrepancies.map(discrepancyToProto), applied: result.applied });
    },

    async getSession(req, ctx) {
      const detail = await service.getSession(requestState(ctx), req.sessionId);
      return create(GetSessionResponseSchema, {
        session: sessionToProto(detail.session),
        scans: detail.scans.map(scanToProto),
        lines: detail.lines.map(lineToProto),
        discrepancies: detail.discrepancies.map(discrepancyToProto),
        missing: detail.missing.map(missingToProto),
      });
    },

    async listSessions(req, ctx) {
      const page = await service.listSessions(requestState(ctx), {
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        eventId: orNull(req.eventId) ?? undefined,
        kinds: sessionKindsFromProto(req.kinds),
        state: sessionStateFromProto(req.state),
      });
      return create(ListSessionsResponseSchema, { sessions: page.sessions.map(sessionToProto), nextPageToken: page.nextPageToken });
    },

    async *watchSession(req, ctx) {
      for await (const event of service.watch(requestState(ctx), { sessionId: req.sessionId, afterSequence: Number(req.afterSequence) }, ctx.signal)) {
        yield watchEventToProto(event);
      }
    },

    async downloadSessionReport(req, ctx) {
      const report = await service.downloadReport(requestState(ctx), { sessionId: req.sessionId, format: req.format === ReportFormat.CSV ? "CSV" : "PDF" });
      return create(DownloadSessionReportResponseSchema, report);
    },
  };
}
