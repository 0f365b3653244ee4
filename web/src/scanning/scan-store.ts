import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { QueuedScan, ScanQueueStorage } from "./queue.js";

/** What the device remembers of a session, to show it again after a reload without network. */
export interface CachedSession {
  sessionId: string;
  /** The last GetSession / WatchSession state, as protobuf binary. */
  bytes: Uint8Array;
  savedAt: number;
}

interface ScanDb extends DBSchema {
  scans: {
    key: string;
    value: QueuedScan;
    indexes: { bySession: [string, number] };
  };
  sessions: {
    key: string;
    value: CachedSession;
  };
}

export const scanDbName = "eventkit-scanning";

let opened: Promise<IDBPDatabase<ScanDb>> | undefined;

function database(): Promise<IDBPDatabase<ScanDb>> {
  opened ??= openDB<ScanDb>(scanDbName, 1, {
    upgrade(db) {
      const scans = db.createObjectStore("scans", { keyPath: "scanId" });
      scans.createIndex("bySession", ["sessionId", "order"]);
      db.createObjectStore("sessions", { keyPath: "sessionId" });
    },
  });
  return opened;
}

/** Closes the database (tests open a fresh one per case). */
export async function closeScanDb(): Promise<void> {
  const db = opened;
  opened = undefined;
  if (db) (await db).close();
}

/** The offline scan queue in IndexedDB: it survives reloads and a closed tab. */
export const indexedDbScanStorage: ScanQueueStorage = {
  async put(scan) {
    await (await database()).put("scans", scan);
  },
  async delete(scanId) {
    await (await database()).delete("scans", scanId);
  },
  async list(sessionId) {
    const range = IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]);
    return (await database()).getAllFromIndex("scans", "bySession", range);
  },
};

/** Every session with scans still on this device (to point the user to them). */
export async function sessionsWithQueuedScans(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const scan of await (await database()).getAll("scans")) counts.set(scan.sessionId, (counts.get(scan.sessionId) ?? 0) + 1);
  return counts;
}

export async function saveSessionCache(entry: CachedSession): Promise<void> {
  await (await database()).put("sessions", entry);
}

export async function loadSessionCache(sessionId: string): Promise<CachedSession | undefined> {
  return (await database()).get("sessions", sessionId);
}
