// WatchSession across server processes: on PostgreSQL two app instances share
// one database, and a scan sent through instance A reaches a watcher on
// instance B (LISTEN/NOTIFY, no shared memory). On PGlite (one process owns the
// database) the instance's own listen carries it.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@connectrpc/connect";
import { ScanningService, ScanSessionKind, WatchEventKind, type WatchSessionResponse } from "@eventkit/api/eventkit/v1/scanning_pb.js";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEmail, adminPassword } from "../../test/support/auth.js";
import { createTestDatabase, testEngine } from "../../test/support/db.js";
import { newEvent, newLocation, newProduct, newUnits } from "../../test/support/scanning-factories.js";
import { authClient, testConfig, transport } from "../../test/support/server.js";
import { createApp } from "../app.js";
import { listen } from "../http/server.js";
import { createKysely, type DatabaseHandle } from "../store/db.js";
import { LocalFileStorage } from "../store/file-storage.js";

interface Instance {
  url: string;
  bootstrap(): Promise<unknown>;
  close(): Promise<void>;
}

const log = pino({ level: "silent" });
let database: DatabaseHandle;
let second: DatabaseHandle | undefined;
const instances: Instance[] = [];
let filesDir = "";

async function start(handle: DatabaseHandle): Promise<Instance> {
  const app = await createApp({ config: testConfig, database: handle, storage: new LocalFileStorage(filesDir), log });
  const server = await listen(app.handler, { host: "127.0.0.1", port: 0, log });
  const instance = {
    url: server.url,
    bootstrap: () => app.auth.bootstrap({ email: adminEmail, password: adminPassword }),
    close: async () => {
      app.shutdown.abort();
      await server.close(1000);
    },
  };
  instances.push(instance);
  return instance;
}

/** A second process's own pool on the same PostgreSQL database. */
function samePostgres(handle: DatabaseHandle): DatabaseHandle {
  const pool = new pg.Pool({ ...handle.pool.options, max: 4 });
  pool.on("error", () => undefined);
  const db = createKysely(pool);
  return { db, pool, counters: pool, engine: "postgres", close: () => db.destroy() };
}

beforeAll(async () => {
  filesDir = await mkdtemp(path.join(tmpdir(), "eventkit-files-"));
  database = await createTestDatabase();
  const a = await start(database);
  await a.bootstrap();
  if (testEngine === "postgres") {
    second = samePostgres(database);
    await start(second);
  }
}, 120_000);
afterAll(async () => {
  for (const i of instances) await i.close();
  await second?.close();
  await database.close();
  await rm(filesDir, { recursive: true, force: true });
});

describe("WatchSession", () => {
  it("delivers a scan made through one instance to a watcher on another (or the same, on PGlite)", async () => {
    const [a] = instances;
    if (!a) throw new Error("no instance");
    const b = instances[1] ?? a;
    const login = await authClient(a.url).login({ email: adminEmail, password: adminPassword });
    const token = login.tokens?.accessToken ?? "";
    const viaA = createClient(ScanningService, transport(a.url, "connect-json-h1", token));
    const viaB = createClient(ScanningService, transport(b.url, "connect-json-h1", token));
    expect(testEngine === "postgres" ? a.url !== b.url : a.url === b.url).toBe(true);

    const warehouse = await newLocation(database.db);
    const product = await newProduct(database.db);
    const units = await newUnits(database.db, product.id, warehouse.id, 3);
    const event = await newEvent(database.db, [{ productId: product.id, quantity: 3 }]);
    const sessionId = (await viaA.startSession({ kind: ScanSessionKind.CHECK_OUT, eventId: event.id })).session?.id ?? "";

    const seen: WatchSessionResponse[] = [];
    let sent = 0;
    for await (const message of viaB.watchSession({ sessionId })) {
      seen.push(message);
      if (message.kind === WatchEventKind.SNAPSHOT || message.kind === WatchEventKind.SCAN) {
        const next = units[sent++];
        if (next) await viaA.scan({ sessionId, scanId: randomUUID(), code: next.tag });
        else await viaA.endSession({ sessionId });
      }
    }
    expect(seen.map((m) => m.kind)).toEqual([WatchEventKind.SNAPSHOT, WatchEventKind.SCAN, WatchEventKind.SCAN, WatchEventKind.SCAN, WatchEventKind.ENDED]);
    expect(seen.slice(1, 4).map((m) => m.scan?.code)).toEqual(units.map((u) => u.tag));
    expect(seen.slice(1, 4).map((m) => m.lines[0]?.checkedOut)).toEqual([1, 2, 3]);
  });
});
