// createApp(deps): services, routes and interceptors behind one Node request
// handler. Used by main.ts and by tests, which start real servers with it.
import { existsSync } from "node:fs";
import type http from "node:http";
import type http2 from "node:http2";
import { fileURLToPath } from "node:url";
import { createContextValues, createConnectRouter, type ConnectRouter } from "@connectrpc/connect";
import { compressionBrotli, compressionGzip, universalRequestFromNodeRequest, universalResponseToNodeResponse } from "@connectrpc/connect-node";
import { createValidateInterceptor } from "@connectrpc/validate";
import { AuthService as AuthApi } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { DiagnosticsService as DiagnosticsApi } from "@eventkit/api/eventkit/v1/diagnostics_pb.js";
import { InventoryService as InventoryApi } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { PlanningService as PlanningApi } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { CRMService as CrmApi } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { QuoteService as QuoteApi } from "@eventkit/api/eventkit/v1/quote_pb.js";
import { ScanningService as ScanningApi } from "@eventkit/api/eventkit/v1/scanning_pb.js";
import { ServerReflection as ReflectionV1 } from "@eventkit/api/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as ReflectionV1alpha } from "@eventkit/api/grpc/reflection/v1alpha/reflection_pb.js";
import type { Logger } from "pino";
import type { Config } from "./config.js";
import { applyDeadline } from "./http/deadline.js";
import { instrumentHandler, requestIdFrom } from "./http/edge.js";
import { createMetrics, type RpcMetrics } from "./http/metrics.js";
import { fileEndpoints } from "./http/files.js";
import { staticFiles } from "./http/static.js";
import { authRpc } from "./rpc/auth.rpc.js";
import { diagnosticsRpc } from "./rpc/diagnostics.rpc.js";
import { inventoryRpc } from "./rpc/inventory.rpc.js";
import { planningRpc } from "./rpc/planning.rpc.js";
import { crmRpc } from "./rpc/crm.rpc.js";
import { quoteRpc } from "./rpc/quote.rpc.js";
import { scanningRpc } from "./rpc/scanning.rpc.js";
import { kRequest } from "./rpc/context.js";
import { authInterceptor } from "./rpc/interceptors/auth.interceptor.js";
import { errorsInterceptor } from "./rpc/interceptors/errors.interceptor.js";
import { loadApiImage, reflectionRpc } from "./rpc/reflection.rpc.js";
import { AuthService } from "./service/auth.service.js";
import { AvailabilityService } from "./service/availability.service.js";
import { CatalogueService } from "./service/catalogue.service.js";
import { FileService } from "./service/file.service.js";
import { PlanningService } from "./service/planning.service.js";
import { CrmService } from "./service/crm.service.js";
import { ChromiumPdf } from "./service/quote.pdf.js";
import { QuoteService } from "./service/quote.service.js";
import { ScanBus } from "./service/scanning.bus.js";
import { ScanningService } from "./service/scanning.service.js";
import { SearchService } from "./service/search.service.js";
import { WarehouseService } from "./service/warehouse.service.js";
import { AccessTokens } from "./service/auth.tokens.js";
import { RateLimits } from "./service/rate-limit.js";
import { createPreparedKysely, ping, type DatabaseHandle } from "./store/db.js";
import type { FileStorage } from "./store/file-storage.js";
import { listenScanChannel } from "./store/scanning.listen.js";

export type AppConfig = Pick<
  Config,
  | "accessTokenTtlSeconds"
  | "refreshTokenTtlSeconds"
  | "inviteTtlSeconds"
  | "rateLimitPerMinute"
  | "loginFailuresPerAccount"
  | "loginFailuresPerAddress"
  | "readMaxBytes"
  | "requestTimeoutMs"
  | "reflection"
  | "webDir"
  | "trustProxy"
  | "fileMaxBytes"
> &
  Partial<Pick<Config, "chromiumPath">>;

export interface AppDeps {
  config: AppConfig;
  database: DatabaseHandle;
  /** Where file bytes live (a local folder or S3). */
  storage: FileStorage;
  log: Logger;
  now?: () => Date;
}

type NodeRequest = http.IncomingMessage | http2.Http2ServerRequest;
type NodeResponse = http.ServerResponse | http2.Http2ServerResponse;

export interface App {
  handler: (req: NodeRequest, res: NodeResponse) => void;
  auth: AuthService;
  metrics: RpcMetrics;
  /** Aborted on shutdown: long-running calls (streams) end. */
  shutdown: AbortController;
  /** Ends what the app started besides the database (the PDF browser). */
  close(): Promise<void>;
}

export const defaultWebDir = fileURLToPath(new URL("../../web/dist/", import.meta.url));

/** The services this server exposes; reflection lists them, the access test walks them. */
export const apiServices = [AuthApi, InventoryApi, PlanningApi, CrmApi, QuoteApi, ScanningApi, DiagnosticsApi] as const;

function clientAddress(req: NodeRequest, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

export async function createApp(deps: AppDeps): Promise<App> {
  const { config, database, log } = deps;
  const now = deps.now ?? (() => new Date());
  const tokens = new AccessTokens(database.db, config.accessTokenTtlSeconds);
  await tokens.init();
  const counters = { pool: database.counters, db: createPreparedKysely(database.counters) };
  const limits = new RateLimits(counters, {
    requestsPerMinute: config.rateLimitPerMinute,
    loginFailuresPerAccount: config.loginFailuresPerAccount,
    loginFailuresPerAddress: config.loginFailuresPerAddress,
  });
  const auth = new AuthService({
    db: database.db,
    counters: counters.db,
    tokens,
    limits,
    now,
    settings: { refreshTokenTtlSeconds: config.refreshTokenTtlSeconds, inviteTtlSeconds: config.inviteTtlSeconds, setupTokenTtlSeconds: 24 * 3600 },
  });
  await auth.syncBuiltInRoles();

  const inventoryDeps = { db: database.db, now };
  const inventory = {
    catalogue: new CatalogueService({ ...inventoryDeps, storage: deps.storage }),
    warehouse: new WarehouseService(inventoryDeps),
    search: new SearchService(inventoryDeps),
    availability: new AvailabilityService(inventoryDeps),
    files: new FileService({ ...inventoryDeps, storage: deps.storage, maxBytes: config.fileMaxBytes }),
  };
  const planning = new PlanningService(inventoryDeps);
  const crm = new CrmService(inventoryDeps, planning.events);
  const pdf = new ChromiumPdf(config.chromiumPath ?? "/usr/bin/chromium", (error) => { log.error({ err: error }, "Chromium for quote PDFs does not start"); });
  const quotes = new QuoteService({ ...inventoryDeps, events: planning.events, pdf });
  // One NOTIFY listener per process, opened by the first watcher, closed on shutdown.
  const scanBus = new ScanBus((handlers) => listenScanChannel(database, handlers));
  const scanning = new ScanningService({ ...inventoryDeps, bus: scanBus });

  const metrics = createMetrics();
  const shutdown = new AbortController();
  shutdown.signal.addEventListener("abort", () => {
    scanBus.close().catch((error: unknown) => {
      log.warn({ err: error }, "closing the scanning listener failed");
    });
  });
  const routes = (router: ConnectRouter) => {
    router.service(AuthApi, authRpc(auth));
    router.service(InventoryApi, inventoryRpc(inventory));
    router.service(PlanningApi, planningRpc(planning));
    router.service(CrmApi, crmRpc(crm));
    router.service(QuoteApi, quoteRpc(quotes));
    router.service(ScanningApi, scanningRpc(scanning));
    router.service(DiagnosticsApi, diagnosticsRpc());
    if (config.reflection) {
      const image = loadApiImage();
      const names = [...apiServices.map((s) => s.typeName), ReflectionV1.typeName, ReflectionV1alpha.typeName];
      const impl = reflectionRpc(image, names);
      router.service(ReflectionV1, impl);
      // Same messages in both versions; connect builds each from the method's own schema.
      router.service(ReflectionV1alpha, impl as never);
    }
  };
  const router = createConnectRouter({
    interceptors: [errorsInterceptor, authInterceptor(auth), createValidateInterceptor()],
    readMaxBytes: config.readMaxBytes,
    maxTimeoutMs: config.requestTimeoutMs,
    shutdownSignal: shutdown.signal,
    acceptCompression: [compressionGzip, compressionBrotli],
    jsonOptions: { ignoreUnknownFields: false },
  });
  routes(router);
  const paths = new Map(router.handlers.map((h) => [h.requestPath, instrumentHandler(h, { log, metrics })]));
  const serveFiles = fileEndpoints(inventory.files, log);
  const serveStatic = staticFiles(config.webDir ?? (existsSync(defaultWebDir) ? defaultWebDir : undefined));

  const handler = (req: NodeRequest, res: NodeResponse) => {
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    const pathname = (req.url ?? "/").split("?", 1)[0] ?? "/";
    const rpc = paths.get(pathname);
    if (rpc) {
      const values = createContextValues().set(kRequest, {
        requestId,
        principal: undefined,
        clientAddress: clientAddress(req, config.trustProxy),
        log: log.child({ reqId: requestId }),
      });
      const uReq = universalRequestFromNodeRequest(req, res, undefined, values);
      applyDeadline(uReq.header, config.requestTimeoutMs);
      rpc(uReq)
        .then((uRes) => universalResponseToNodeResponse(uRes, res))
        .catch((error: unknown) => { log.warn({ err: error, reqId: requestId }, "response stream ended early"); });
      return;
    }
    void plainHttp(req, res, pathname, requestId);
  };

  async function plainHttp(req: NodeRequest, res: NodeResponse, pathname: string, requestId: string) {
    res.setHeader("x-request-id", requestId);
    if (pathname === "/health" && (req.method === "GET" || req.method === "HEAD")) {
      const up = await ping(database.db, 2_000);
      res.writeHead(up ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ status: up ? "ok" : "unavailable", database: { engine: database.engine, status: up ? "up" : "down" } }));
      return;
    }
    if (pathname === "/metrics" && req.method === "GET") {
      res.writeHead(200, { "content-type": metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
      return;
    }
    if (pathname.startsWith("/files/") && (await serveFiles(req, res, new URL(req.url ?? "/", "http://localhost"), requestId))) return;
    if (serveStatic(req, res, pathname)) return;
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: "not_found", message: "not found" }));
  }

  return { handler, auth, metrics, shutdown, close: () => pdf.close() };
}
