// How openDatabase connects: the counters pool (rate limits) commits without
// waiting for the WAL flush on PostgreSQL; everything else stays durable; no
// connection JIT-compiles its queries.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngine } from "../../test/support/db.js";
import { countersPoolSize, openDatabase, type DatabaseHandle } from "./db.js";

let database: DatabaseHandle;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "eventkit-db-"));
  database = await openDatabase({ databaseUrl: testEngine === "postgres" ? process.env.TEST_DATABASE_URL : undefined, dataDir, poolSize: 10 });
});
afterAll(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function setting(pool: DatabaseHandle["pool"], name: "synchronous_commit" | "jit"): Promise<string> {
  const { rows } = await pool.query<Record<string, string>>(`SHOW ${name}`);
  return rows[0]?.[name] ?? "";
}

const synchronousCommit = (pool: DatabaseHandle["pool"]) => setting(pool, "synchronous_commit");

describe("openDatabase", () => {
  it("keeps business writes durable", async () => {
    expect(await synchronousCommit(database.pool)).toBe("on");
  });

  it("lets rate-limit counters commit without waiting for the WAL flush (PGlite: its one connection serves both)", async () => {
    if (testEngine === "postgres") {
      expect(database.counters).not.toBe(database.pool);
      expect(await synchronousCommit(database.counters)).toBe("off");
    } else {
      expect(database.counters).toBe(database.pool);
    }
  });

  it("turns JIT compilation off on PostgreSQL, whose compile time dwarfed our short queries (PGlite has no JIT)", async () => {
    if (testEngine !== "postgres") return;
    expect(await setting(database.pool, "jit")).toBe("off");
    expect(await setting(database.counters, "jit")).toBe("off");
  });

  it("sizes the counters pool at a quarter of the main pool, at least two connections", () => {
    expect([1, 8, 10, 100].map(countersPoolSize)).toEqual([2, 2, 3, 25]);
  });
});
