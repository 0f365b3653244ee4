// ScanningService through real clients: a check-out over Connect JSON and gRPC,
// refusals as { code, reason } (never Internal), 1,000 scans each sent twice in
// random order (applied exactly once), the live stream over Connect, and the
// report download.
import { randomUUID } from "node:crypto";
import { createClient, type Client } from "@connectrpc/connect";
import { InventoryService } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { ReportFormat, ScanAction, ScanningService, ScanSessionKind, ScanSessionState, WatchEventKind, type WatchSessionResponse } from "@eventkit/api/eventkit/v1/scanning_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEmail, adminPassword } from "../support/auth.js";
import { failure } from "../support/errors.js";
import { lineCounts, newEvent, newLocation, newProduct, newStock, newUnits } from "../support/scanning-factories.js";
import { authClient, startTestServer, transport, type ProtocolName, type TestServer } from "../support/server.js";

let server: TestServer;
let token: string;
let warehouse: { id: string; code: string };

beforeAll(async () => {
  server = await startTestServer();
  const login = await authClient(server.url).login({ email: adminEmail, password: adminPassword });
  token = login.tokens?.accessToken ?? "";
  warehouse = await newLocation(server.database.db);
}, 180_000);
afterAll(async () => {
  await server.close();
});

function scanning(protocol: ProtocolName = "connect-json-h1"): Client<typeof ScanningService> {
  return createClient(ScanningService, transport(server.url, protocol, token));
}

describe.each<ProtocolName>(["connect-json-h1", "grpc"])("over %s", (protocol) => {
  it("checks out an event, answers a retry with the stored scan, and refuses with reasons", async () => {
    const client = scanning(protocol);
    const db = server.database.db;
    const product = await newProduct(db);
    const [a, b] = await newUnits(db, product.id, warehouse.id, 2);
    const event = await newEvent(db, [{ productId: product.id, quantity: 1 }]);
    const { session, lines } = await client.startSession({ kind: ScanSessionKind.CHECK_OUT, eventId: event.id });
    expect(lines.map((l) => [l.lineId, l.required, l.checkedOut])).toEqual([[event.lineIds[0], 1, 0]]);
    const sessionId = session?.id ?? "";
    const scanId = randomUUID();
    const first = await client.scan({ sessionId, scanId, code: a?.tag ?? "" });
    expect(first.scan).toMatchObject({ action: ScanAction.CHECKED_OUT, sequence: 1n, quantity: 1 });
    expect(first.summary).toMatchObject({ scans: 1, required: 1, done: 1 });
    expect(first.lines[0]?.assetTags).toEqual([a?.tag]);
    const retry = await client.scan({ sessionId, scanId, code: a?.tag ?? "" });
    expect(retry.replayed).toBe(true);
    expect(retry.scan?.sequence).toBe(1n);

    expect(await failure(client.scan({ sessionId, scanId, code: b?.tag ?? "" }))).toMatchObject({ code: "InvalidArgument", reason: "SCAN_ID_REUSED" });
    expect(await failure(client.scan({ sessionId, scanId: randomUUID(), code: b?.tag ?? "" }))).toMatchObject({ code: "FailedPrecondition", reason: "OVER_PICK" });
    expect(await failure(client.scan({ sessionId, scanId: randomUUID(), code: "NOPE-404" }))).toMatchObject({ code: "NotFound", reason: "UNKNOWN_CODE" });
    expect(await failure(client.scan({ sessionId, scanId: randomUUID(), code: warehouse.code }))).toMatchObject({ code: "InvalidArgument", reason: "CODE_NOT_SCANNABLE_HERE" });
    expect(await failure(client.scan({ sessionId, scanId: "not-a-uuid", code: "X" }))).toMatchObject({ code: "InvalidArgument" });
    expect(await failure(client.scan({ sessionId, scanId: randomUUID(), code: "X", quantity: -1 }))).toMatchObject({ code: "InvalidArgument" });
    expect(await failure(client.scan({ sessionId: randomUUID(), scanId: randomUUID(), code: a?.tag ?? "" }))).toMatchObject({ code: "NotFound", reason: "SESSION_NOT_FOUND" });

    const undone = await client.undoLastScan({ sessionId, scanId });
    expect(undone.scan?.undone).toBe(true);
    expect(undone.summary).toMatchObject({ scans: 0, undone: 1, done: 0 });
    await client.scan({ sessionId, scanId: randomUUID(), code: b?.tag ?? "" });
    const ended = await client.endSession({ sessionId });
    expect(ended.session?.state).toBe(ScanSessionState.ENDED);
    expect(await failure(client.scan({ sessionId, scanId: randomUUID(), code: a?.tag ?? "" }))).toMatchObject({ code: "FailedPrecondition", reason: "SESSION_CLOSED" });

    const report = await client.downloadSessionReport({ sessionId, format: ReportFormat.PDF });
    expect(report.contentType).toBe("application/pdf");
    expect(new TextDecoder().decode(report.content.slice(0, 5))).toBe("%PDF-");
    const listed = await client.listSessions({ eventId: event.id });
    expect(listed.sessions.map((s) => s.id)).toEqual([sessionId]);
    const got = await client.getSession({ sessionId });
    expect(got.scans.map((s) => [s.sequence, s.undone])).toEqual([
      [1n, true],
      [2n, false],
    ]);
  });
});

describe("ResolveCode", () => {
  it("names a location by its shelf label", async () => {
    const inventory = createClient(InventoryService, transport(server.url, "connect-json-h1", token));
    const resolved = await inventory.resolveCode({ code: warehouse.code.toLowerCase() });
    expect(resolved.target).toMatchObject({ case: "location", value: { id: warehouse.id } });
  });
});

describe("replay", () => {
  it("applies each of 1,000 scans exactly once when every scan is sent twice in random order", async () => {
    const db = server.database.db;
    const lamp = await newProduct(db);
    const cable = await newProduct(db, "BULK");
    const units = await newUnits(db, lamp.id, warehouse.id, 100);
    await newStock(db, cable.id, warehouse.id, 100_000);
    const event = await newEvent(db, [
      { productId: lamp.id, quantity: 100 },
      { productId: cable.id, quantity: 100_000 },
    ]);
    const client = scanning("connect-binary-h2");
    const sessionId = (await client.startSession({ kind: ScanSessionKind.CHECK_OUT, eventId: event.id })).session?.id ?? "";
    const scans = [
      ...units.map((u) => ({ scanId: randomUUID(), code: u.tag, quantity: 0 })),
      ...Array.from({ length: 900 }, (_, i) => ({ scanId: randomUUID(), code: cable.code, quantity: 1 + (i % 3) })),
    ];
    const sends = [...scans, ...scans];
    for (let i = sends.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [sends[i], sends[j]] = [sends[j] as (typeof sends)[number], sends[i] as (typeof sends)[number]];
    }
    const answers = new Map<string, { sequence: bigint; replayed: boolean }[]>();
    let next = 0;
    const worker = async () => {
      while (next < sends.length) {
        const s = sends[next++];
        if (!s) return;
        const r = await client.scan({ sessionId, ...s });
        answers.set(s.scanId, [...(answers.get(s.scanId) ?? []), { sequence: r.scan?.sequence ?? 0n, replayed: r.replayed }]);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    expect(answers.size).toBe(1000);
    for (const pair of answers.values()) {
      expect(pair).toHaveLength(2);
      expect(pair[0]?.sequence).toBe(pair[1]?.sequence);
      expect(pair.filter((p) => p.replayed)).toHaveLength(1);
    }
    const sequences = [...answers.values()].map((p) => Number(p[0]?.sequence)).sort((x, y) => x - y);
    expect(sequences).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    const bulk = scans.reduce((n, s) => n + s.quantity, 0);
    expect(await lineCounts(db, event.lineIds[0] ?? "")).toMatchObject({ checkedOut: 100 });
    expect(await lineCounts(db, event.lineIds[1] ?? "")).toMatchObject({ checkedOut: bulk });
    const stored = await db.selectFrom("scan").select((e) => e.fn.countAll<string>().as("n")).where("sessionId", "=", sessionId).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(1000);
  }, 300_000);
});

describe("WatchSession over Connect", () => {
  it("streams a snapshot, each scan with the progress, an undo, and the end", async () => {
    const db = server.database.db;
    const product = await newProduct(db);
    const [a, b] = await newUnits(db, product.id, warehouse.id, 2);
    const event = await newEvent(db, [{ productId: product.id, quantity: 2 }]);
    const client = scanning();
    const sessionId = (await client.startSession({ kind: ScanSessionKind.CHECK_OUT, eventId: event.id })).session?.id ?? "";
    await client.scan({ sessionId, scanId: randomUUID(), code: a?.tag ?? "" });

    const seen: WatchSessionResponse[] = [];
    const stream = (async () => {
      for await (const message of scanning().watchSession({ sessionId })) {
        seen.push(message);
        if (message.kind === WatchEventKind.SNAPSHOT) {
          await client.scan({ sessionId, scanId: randomUUID(), code: b?.tag ?? "" });
        }
        if (message.kind === WatchEventKind.SCAN) await client.undoLastScan({ sessionId });
        if (message.kind === WatchEventKind.UNDO) await client.endSession({ sessionId });
      }
    })();
    await stream;
    expect(seen.map((m) => m.kind)).toEqual([WatchEventKind.SNAPSHOT, WatchEventKind.SCAN, WatchEventKind.UNDO, WatchEventKind.ENDED]);
    expect(seen[0]?.scans.map((s) => s.code)).toEqual([a?.tag]);
    expect(seen[1]?.scan?.code).toBe(b?.tag);
    expect(seen[1]?.lines[0]).toMatchObject({ checkedOut: 2, required: 2 });
    expect(seen[2]?.scan).toMatchObject({ code: b?.tag, undone: true });
    expect(seen[2]?.lines[0]).toMatchObject({ checkedOut: 1 });
    expect(seen[3]?.session?.state).toBe(ScanSessionState.ENDED);
  });
});
