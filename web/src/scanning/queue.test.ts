import { IDBFactory } from "fake-indexeddb";
import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ScanQueue, refusalOf, type QueuedScan, type Refusal, type ScanPayload } from "./queue.js";
import { closeScanDb, indexedDbScanStorage, sessionsWithQueuedScans } from "./scan-store.js";
import { FakeScanServer, networkError, scanError, sids } from "./test-support.js";
import { Code } from "@connectrpc/connect";

let counter = 0;
function payload(code: string, overrides: Partial<ScanPayload> = {}): ScanPayload {
  counter += 1;
  const scanId = `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`;
  return { sessionId: sids.session, scanId, code, quantity: 0, override: false, overrideNote: "", damaged: false, damageNote: "", remove: false, ...overrides };
}

interface Seen {
  applied: string[];
  refused: { code: string; reason: string; live: boolean }[];
}

function newQueue(server: FakeScanServer, seen: Seen = { applied: [], refused: [] }) {
  const client = server.client();
  const queue = new ScanQueue({
    sessionId: sids.session,
    storage: indexedDbScanStorage,
    send: (scan) => client.scan(scan),
    retryDelaysMs: [3_600_000],
    events: {
      applied: (scan) => { seen.applied.push(scan.code); },
      refused: (scan: QueuedScan, refusal: Refusal, live: boolean) => { seen.refused.push({ code: scan.code, reason: refusal.reason, live }); },
      changed: () => undefined,
    },
  });
  return { queue, seen };
}

beforeEach(() => {
  // A fresh IndexedDB per test.
  globalThis.indexedDB = new IDBFactory();
});

afterEach(async () => {
  await closeScanDb();
});

describe("the offline scan queue", () => {
  it("sends scans in reading order and forgets them once applied", async () => {
    const server = new FakeScanServer();
    const { queue, seen } = newQueue(server);
    await Promise.all(["MH-0001", "MH-0002", "MH-0003"].map((code) => queue.enqueue(payload(code))));
    await queue.flush();
    expect(server.applied.map((request) => request.code)).toEqual(["MH-0001", "MH-0002", "MH-0003"]);
    expect(seen.applied).toEqual(["MH-0001", "MH-0002", "MH-0003"]);
    expect(queue.items()).toEqual([]);
    expect(await indexedDbScanStorage.list(sids.session)).toEqual([]);
    queue.dispose();
  });

  it("keeps scans while the network is away, and sends them in order when it returns; a refused one does not block the rest", async () => {
    const server = new FakeScanServer();
    const { queue, seen } = newQueue(server);
    await queue.enqueue(payload("MH-0001"));
    server.online = false;
    for (const code of ["MH-0002", "WRONG-1", "MH-0003"]) await queue.enqueue(payload(code));
    expect(queue.isOffline()).toBe(true);
    expect(queue.pendingCount()).toBe(3);
    expect((await indexedDbScanStorage.list(sids.session)).map((scan) => scan.code)).toEqual(["MH-0002", "WRONG-1", "MH-0003"]);
    expect(await sessionsWithQueuedScans()).toEqual(new Map([[sids.session, 3]]));

    server.online = true;
    await queue.flush();
    expect(queue.isOffline()).toBe(false);
    expect(server.received).toEqual(["MH-0001", "MH-0002", "WRONG-1", "MH-0003"]);
    expect(server.applied.map((request) => request.code)).toEqual(["MH-0001", "MH-0002", "MH-0003"]);
    expect(seen.refused).toEqual([{ code: "WRONG-1", reason: "NOT_ON_PULL_LIST", live: false }]);
    // The refused replay stays, visible and stored, until the user decides.
    expect(queue.items().map((scan) => [scan.code, scan.state, scan.refusal?.reason])).toEqual([["WRONG-1", "refused", "NOT_ON_PULL_LIST"]]);
    expect((await indexedDbScanStorage.list(sids.session)).map((scan) => scan.state)).toEqual(["refused"]);

    // Sent again with an override, under its scan id.
    const refused = queue.items()[0];
    if (!refused) throw new Error("no refused scan");
    await queue.retry(refused.scanId, { override: true, overrideNote: "client asked for it" });
    expect(server.applied.at(-1)).toMatchObject({ code: "WRONG-1", scanId: refused.scanId, override: true });
    expect(queue.items()).toEqual([]);
    queue.dispose();
  });

  it("survives a reload: a new queue over the same storage sends what the old one left", async () => {
    const server = new FakeScanServer();
    server.online = false;
    const first = newQueue(server);
    for (const code of ["MH-0001", "MH-0002"]) await first.queue.enqueue(payload(code));
    first.queue.dispose();
    await closeScanDb();

    server.online = true;
    const second = newQueue(server);
    await second.queue.ready();
    expect(second.queue.items().map((scan) => scan.code)).toEqual(["MH-0001", "MH-0002"]);
    await second.queue.enqueue(payload("MH-0003"));
    expect(server.applied.map((request) => request.code)).toEqual(["MH-0001", "MH-0002", "MH-0003"]);
    expect(second.seen.applied).toEqual(["MH-0001", "MH-0002", "MH-0003"]);
    second.queue.dispose();
  });

  it("applies a scan once when its answer was lost and it is sent again", async () => {
    const server = new FakeScanServer();
    const { queue, seen } = newQueue(server);
    server.loseNextAnswer = true;
    await queue.enqueue(payload("MH-0001"));
    expect(queue.pendingCount()).toBe(1);
    await queue.flush();
    expect(server.received).toEqual(["MH-0001", "MH-0001"]);
    expect(server.applied).toHaveLength(1);
    expect(seen.applied).toEqual(["MH-0001"]);
    expect(server.lines[0]?.checkedOut).toBe(1);
    queue.dispose();
  });

  it("hands a live refusal to the user at once and drops it from the queue", async () => {
    const server = new FakeScanServer();
    const { queue, seen } = newQueue(server);
    const bulk = payload("XLR-10");
    await queue.enqueue(bulk);
    expect(seen.refused).toEqual([{ code: "XLR-10", reason: "QUANTITY_REQUIRED", live: true }]);
    expect(queue.items()).toEqual([]);
    await queue.resend({ ...bulk, quantity: 12 });
    expect(server.applied.map((request) => [request.code, request.quantity, request.scanId])).toEqual([["XLR-10", 12, bulk.scanId]]);
    queue.dispose();
  });
});

describe("refusalOf", () => {
  it.each([
    { error: scanError(Code.FailedPrecondition, "ASSET_ALREADY_OUT"), expected: "ASSET_ALREADY_OUT" },
    { error: scanError(Code.NotFound, "UNKNOWN_CODE"), expected: "UNKNOWN_CODE" },
    { error: scanError(Code.Aborted, "SCAN_CONFLICT"), expected: undefined },
    { error: scanError(Code.ResourceExhausted, "RATE_LIMITED"), expected: undefined },
    { error: scanError(Code.Unauthenticated, "TOKEN_EXPIRED"), expected: undefined },
    { error: networkError(), expected: undefined },
    { error: new TypeError("Failed to fetch"), expected: undefined },
  ])("$expected for $error.message", ({ error, expected }) => {
    expect(refusalOf(error)?.reason).toBe(expected);
  });
});
