// An in-memory ScanningService for the scanning tests: a real Connect router
// with a small check-out of one event (a pull list of moving heads and cables),
// idempotent by scan id like the server, and a switch that takes the network away.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, createRouterTransport, type ConnectRouter, type Interceptor, type ServiceImpl } from "@connectrpc/connect";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { ErrorInfoSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { InventoryService } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { PlanningService } from "@eventkit/api/eventkit/v1/planning_pb.js";
import {
  LineProgressSchema,
  ReportFormat,
  ScanAction,
  ScanRecordSchema,
  ScanResponseSchema,
  ScanSessionKind,
  ScanSessionSchema,
  ScanSessionState,
  ScanSummarySchema,
  ScanTargetKind,
  ScanningService,
  WatchEventKind,
  WatchSessionResponseSchema,
  type LineProgress,
  type ScanRecord,
  type ScanRequest,
  type ScanResponse,
  type ScanSession,
  type WatchSessionResponse,
} from "@eventkit/api/eventkit/v1/scanning_pb.js";
import type { LanguageCode } from "../i18n/languages.js";
import { newPrincipal, newTokens, newUser } from "../test/factories.js";
import { renderApp } from "../test/render.js";

// Mantine's autosizing Textarea listens to document.fonts, which happy-dom does not provide.
if (!("fonts" in document)) {
  Object.defineProperty(document, "fonts", { value: { addEventListener: () => undefined, removeEventListener: () => undefined } });
}

export const sids = {
  session: "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
  event: "6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5",
  spotLine: "7d2e3f4a-5b6c-4d7e-9f80-91a2b3c4d5e6",
  cableLine: "8e3f4a5b-6c7d-4e8f-a091-a2b3c4d5e6f7",
  spot: "9f4a5b6c-7d8e-4f90-b1a2-b3c4d5e6f708",
  cable: "0a5b6c7d-8e9f-4a01-82b3-c4d5e6f70819",
} as const;

/** An error as the server sends it, with its ErrorInfo reason and metadata. */
export function scanError(code: Code, reason: string, metadata: Record<string, string> = {}): ConnectError {
  return new ConnectError(`server says ${reason.toLowerCase()}`, code, undefined, [
    { desc: ErrorInfoSchema, value: { reason, domain: "eventkit", metadata } },
  ]);
}

/** What fetch gives when the network is away: no ErrorInfo, code Unknown. */
export function networkError(): ConnectError {
  return new ConnectError("Failed to fetch", Code.Unknown);
}

interface Item {
  lineId: string;
  title: string;
  bulk: boolean;
}

/**
 * A check-out of event EV-0042: 4 moving heads (MH-0001…MH-0006 exist) and 30
 * cables (bulk, code XLR-10). "WRONG-1" is an asset not on the pull list
 * (overridable), "OUT-1" one already out elsewhere.
 */
export class FakeScanServer {
  online = true;
  /** When set, the server applies the next scan but the answer is lost on the way back. */
  loseNextAnswer = false;
  readonly applied: ScanRequest[] = [];
  readonly received: string[] = [];
  private readonly results = new Map<string, { request: ScanRequest; response: ScanResponse }>();
  private readonly records: ScanRecord[] = [];
  private readonly watchers = new Set<(event: WatchSessionResponse) => void>();
  readonly lines: LineProgress[] = [
    create(LineProgressSchema, { lineId: sids.spotLine, productId: sids.spot, title: "Moving head spot", required: 4 }),
    create(LineProgressSchema, { lineId: sids.cableLine, productId: sids.cable, title: "XLR cable 10 m", required: 30 }),
  ];
  session: ScanSession = create(ScanSessionSchema, {
    id: sids.session,
    kind: ScanSessionKind.CHECK_OUT,
    state: ScanSessionState.OPEN,
    eventId: sids.event,
    eventNumber: "EV-0042",
    eventName: "Summer Festival",
    ownerName: "Ada Lovelace",
    startedAt: timestampFromDate(new Date("2026-06-05T06:00:00Z")),
    summary: create(ScanSummarySchema, { required: 34 }),
  });

  private item(code: string): Item | undefined {
    if (/^MH-000[1-6]$/.test(code)) return { lineId: sids.spotLine, title: `${code} · Moving head spot`, bulk: false };
    if (code === "XLR-10") return { lineId: sids.cableLine, title: "XLR cable 10 m", bulk: true };
    return undefined;
  }

  private line(lineId: string): LineProgress {
    const line = this.lines.find((candidate) => candidate.lineId === lineId);
    if (!line) throw new Error(`no line ${lineId}`);
    return line;
  }

  private summary() {
    const done = this.lines.reduce((sum, line) => sum + line.checkedOut, 0);
    const scans = this.records.filter((record) => !record.undone).length;
    return create(ScanSummarySchema, { scans, units: done, required: 34, done, undone: this.records.length - scans });
  }

  private publish(kind: WatchEventKind, scan: ScanRecord): void {
    this.session = { ...this.session, summary: this.summary(), lastSequence: BigInt(this.records.length) };
    const event = create(WatchSessionResponseSchema, { kind, session: this.session, scan, lines: this.lines });
    for (const watcher of this.watchers) watcher(event);
  }

  scan(request: ScanRequest): ScanResponse {
    this.received.push(request.code);
    const stored = this.results.get(request.scanId);
    if (stored) {
      if (stored.request.code !== request.code) throw scanError(Code.InvalidArgument, "SCAN_ID_REUSED");
      return { ...stored.response, replayed: true };
    }
    const code = request.code.trim().toUpperCase();
    if (code === "OUT-1") throw scanError(Code.FailedPrecondition, "ASSET_ALREADY_OUT", { code, tag: "OUT-1", event_number: "EV-0007" });
    const item = this.item(code);
    if (code === "WRONG-1" && !request.override) {
      throw scanError(Code.FailedPrecondition, "NOT_ON_PULL_LIST", { code, tag: "WRONG-1", product_name: "Fog machine", overridable: "true" });
    }
    if (!item && code !== "WRONG-1") throw scanError(Code.NotFound, "UNKNOWN_CODE", { code });
    if (item?.bulk && request.quantity === 0) throw scanError(Code.InvalidArgument, "QUANTITY_REQUIRED", { code, product_name: "XLR cable 10 m" });
    const quantity = item?.bulk ? request.quantity : 1;
    const lineIds: string[] = [];
    if (item) {
      const line = this.line(item.lineId);
      if (!request.override && line.checkedOut + quantity > line.required) {
        throw scanError(Code.FailedPrecondition, "OVER_PICK", { code, product_name: line.title, overridable: "true" });
      }
      line.checkedOut += quantity;
      line.picked += quantity;
      if (!item.bulk) line.assetTags.push(code);
      lineIds.push(line.lineId);
    }
    const record = create(ScanRecordSchema, {
      scanId: request.scanId,
      sessionId: request.sessionId,
      sequence: BigInt(this.records.length + 1),
      code,
      targetKind: item?.bulk ? ScanTargetKind.PRODUCT : ScanTargetKind.ASSET,
      title: item?.title ?? "WRONG-1 · Fog machine",
      action: ScanAction.CHECKED_OUT,
      quantity,
      lineIds,
      overriddenReason: request.override ? "NOT_ON_PULL_LIST" : "",
      overrideNote: request.overrideNote,
      scannedAt: timestampFromDate(new Date("2026-06-05T07:00:00Z")),
    });
    this.records.push(record);
    const response = create(ScanResponseSchema, { scan: record, summary: this.summary(), lines: this.lines.filter((line) => lineIds.includes(line.lineId)) });
    this.results.set(request.scanId, { request, response });
    this.applied.push(request);
    this.publish(WatchEventKind.SCAN, record);
    return response;
  }

  undo(scanId: string) {
    const record = [...this.records].reverse().find((candidate) => !candidate.undone);
    if (!record) throw scanError(Code.FailedPrecondition, "NOTHING_TO_UNDO");
    if (scanId && record.scanId !== scanId) throw scanError(Code.FailedPrecondition, "NOT_LAST_SCAN");
    record.undone = true;
    for (const lineId of record.lineIds) {
      const line = this.line(lineId);
      line.checkedOut -= record.quantity;
      line.picked -= record.quantity;
      line.assetTags = line.assetTags.filter((tag) => tag !== record.code);
    }
    this.publish(WatchEventKind.UNDO, record);
    return { scan: record, summary: this.summary(), lines: this.lines.filter((line) => record.lineIds.includes(line.lineId)) };
  }

  /** A change made on another device, e.g. a second scanner. */
  scanElsewhere(code: string, scanId: string): void {
    this.scan({ $typeName: "eventkit.v1.ScanRequest", sessionId: sids.session, scanId, code, quantity: 0, override: false, overrideNote: "", damaged: false, damageNote: "", remove: false });
  }

  async *watch(): AsyncGenerator<WatchSessionResponse> {
    const queue: WatchSessionResponse[] = [create(WatchSessionResponseSchema, { kind: WatchEventKind.SNAPSHOT, session: this.session, lines: this.lines, scans: this.records })];
    let wake: (() => void) | undefined;
    const watcher = (event: WatchSessionResponse) => {
      queue.push(event);
      wake?.();
    };
    this.watchers.add(watcher);
    try {
      for (;;) {
        const next = queue.shift();
        if (next) {
          yield structuredClone(next);
          if (next.kind === WatchEventKind.ENDED) return;
          continue;
        }
        await new Promise<void>((resolve) => { wake = resolve; });
        wake = undefined;
      }
    } finally {
      this.watchers.delete(watcher);
    }
  }

  handlers(): Partial<ServiceImpl<typeof ScanningService>> {
    return {
      getSession: () => ({ session: this.session, lines: this.lines, scans: this.records }),
      scan: (request) => this.scan(request),
      undoLastScan: (request) => this.undo(request.scanId),
      watchSession: () => this.watch(),
      endSession: () => {
        this.session = { ...this.session, state: ScanSessionState.ENDED, endedAt: timestampFromDate(new Date("2026-06-05T08:00:00Z")) };
        const missing = this.lines
          .filter((line) => line.checkedOut < line.required)
          .map((line) => ({ lineId: line.lineId, productId: line.productId, title: line.title, quantity: line.required - line.checkedOut }));
        const ended = create(WatchSessionResponseSchema, { kind: WatchEventKind.ENDED, session: this.session, lines: this.lines });
        for (const watcher of this.watchers) watcher(ended);
        return { session: this.session, missing, lines: this.lines };
      },
      downloadSessionReport: (request) => ({
        content: new TextEncoder().encode(request.format === ReportFormat.CSV ? "line,required\n" : "%PDF-1.7"),
        contentType: request.format === ReportFormat.CSV ? "text/csv; charset=utf-8" : "application/pdf",
        fileName: request.format === ReportFormat.CSV ? "check-out-EV-0042.csv" : "check-out-EV-0042.pdf",
      }),
    };
  }

  /** Takes requests away while `online` is false, and loses an answer when asked to. */
  network(): Interceptor {
    return (next) => async (request) => {
      if (!this.online) throw networkError();
      const response = await next(request);
      if (this.loseNextAnswer && request.method.name === "Scan") {
        this.loseNextAnswer = false;
        throw networkError();
      }
      return response;
    };
  }

  routes(router: ConnectRouter): void {
    router.service(ScanningService, this.handlers());
  }

  /** A client of this server through a real in-memory Connect transport. */
  client() {
    return createClient(ScanningService, createRouterTransport((router) => { this.routes(router); }, { transport: { interceptors: [this.network()] } }));
  }
}

/** The whole app at the session's scanning screen, signed in with `permissions`. */
export function renderScanning({
  server,
  path = `/scanning/sessions/${sids.session}`,
  permissions = ["scanning.read", "scanning.use", "planning.read", "inventory.read"],
  language = "en",
  planning = {},
  inventory = {},
}: {
  server: FakeScanServer;
  path?: string;
  permissions?: string[];
  language?: LanguageCode;
  planning?: Partial<ServiceImpl<typeof PlanningService>>;
  inventory?: Partial<ServiceImpl<typeof InventoryService>>;
}) {
  return renderApp({
    path,
    language,
    interceptors: [server.network()],
    routes: (router) => {
      router.service(AuthService, { getCurrentUser: () => ({ principal: newPrincipal(permissions, newUser({ locale: language })) }) });
      router.service(ScanningService, server.handlers());
      router.service(PlanningService, { listEvents: () => ({ events: [] }), ...planning });
      router.service(InventoryService, { listLocations: () => ({ locations: [] }), listCases: () => ({ cases: [] }), ...inventory });
    },
    before: (services) => { services.session.signIn(newTokens()); },
  });
}
