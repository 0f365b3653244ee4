// The plans PostgreSQL chooses for pull-list edits that must stay cheap however
// many lines and events the database holds (found by the load benchmark, bench/README.md).
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/db.js";
import type { DatabaseHandle } from "../store/db.js";
import { lockEventOfLineQuery } from "../store/event.store.js";

let database: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("query plans", () => {
  it("locks a line's event with its phases in one statement, by primary keys only", async () => {
    // Sequential scans discouraged: a small test database is cheapest to scan, so ask which indexes the planner can use.
    const text = await database.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(tx);
      const rows = await lockEventOfLineQuery(tx, randomUUID()).explain();
      return rows.map((r) => Object.values(r).join("")).join("\n");
    });
    expect(text).toContain("pull_list_line_pkey");
    expect(text).toContain("event_pkey");
    expect(text).toContain("event_phase_pkey");
  });
});
