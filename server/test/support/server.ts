// A real server on a loopback port, backed by a fresh test database, and
// clients for every protocol it speaks.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { pino } from "pino";
import { createApp, type App, type AppConfig } from "../../src/app.js";
import { listen } from "../../src/http/server.js";
import type { DatabaseHandle } from "../../src/store/db.js";
import { LocalFileStorage, type FileStorage } from "../../src/store/file-storage.js";
import { adminEmail, adminPassword } from "./auth.js";
import { createTestDatabase } from "./db.js";

export const testConfig: AppConfig = {
  accessTokenTtlSeconds: 900,
  refreshTokenTtlSeconds: 3600,
  inviteTtlSeconds: 3600,
  rateLimitPerMinute: 100_000,
  loginFailuresPerAccount: 50,
  loginFailuresPerAddress: 1000,
  readMaxBytes: 1 << 20,
  requestTimeoutMs: 10_000,
  reflection: true,
  webDir: undefined,
  trustProxy: false,
  fileMaxBytes: 5 << 20,
};

export interface TestServer {
  url: string;
  app: App;
  database: DatabaseHandle;
  /** The folder of its file storage. */
  filesDir: string;
  clock: { now: Date };
  close(): Promise<void>;
}

export async function startTestServer(overrides: Partial<AppConfig> = {}, storage?: FileStorage): Promise<TestServer> {
  const database = await createTestDatabase();
  const filesDir = await mkdtemp(path.join(tmpdir(), "eventkit-files-"));
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const clock = { now: new Date() };
  const app = await createApp({ config: { ...testConfig, ...overrides }, database, storage: storage ?? new LocalFileStorage(filesDir), log, now: () => clock.now });
  await app.auth.bootstrap({ email: adminEmail, password: adminPassword });
  const server = await listen(app.handler, { host: "127.0.0.1", port: 0, log });
  return {
    url: server.url,
    app,
    database,
    filesDir,
    clock,
    close: async () => {
      app.shutdown.abort();
      await server.close(1000);
      await app.close();
      await database.close();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
}

export type ProtocolName = "connect-json-h1" | "connect-binary-h2" | "grpc" | "grpc-web-h1" | "grpc-web-h2";

export const protocols: readonly ProtocolName[] = ["connect-json-h1", "connect-binary-h2", "grpc", "grpc-web-h1", "grpc-web-h2"];

export function transport(url: string, protocol: ProtocolName, token?: string): Transport {
  const bearer: Interceptor = (next) => (req) => {
    if (token) req.header.set("authorization", `Bearer ${token}`);
    return next(req);
  };
  const interceptors = [bearer];
  switch (protocol) {
    case "connect-json-h1":
      return createConnectTransport({ baseUrl: url, httpVersion: "1.1", useBinaryFormat: false, interceptors });
    case "connect-binary-h2":
      return createConnectTransport({ baseUrl: url, httpVersion: "2", useBinaryFormat: true, interceptors });
    case "grpc":
      return createGrpcTransport({ baseUrl: url, interceptors });
    case "grpc-web-h1":
      return createGrpcWebTransport({ baseUrl: url, httpVersion: "1.1", interceptors });
    case "grpc-web-h2":
      return createGrpcWebTransport({ baseUrl: url, httpVersion: "2", interceptors });
  }
}

export function authClient(url: string, protocol: ProtocolName = "connect-json-h1", token?: string): Client<typeof AuthService> {
  return createClient(AuthService, transport(url, protocol, token));
}
