// The plans PostgreSQL chooses for pull-list writes that must stay cheap however
// many lines the database holds (found by the load benchmark, bench/README.md).
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/db.js";
import type { DatabaseHandle } from "../store/db.js";
import { maxLinePositionQuery } from "../store/pull-list.store.js";

let database: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("query plans", () => {
  it("reads a section's last line position from the section index, not every line", async () => {
    // Sequential scans discouraged: a small test database is cheapest to scan, so ask which index the planner can use.
    const text = await database.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(tx);
      const rows = await maxLinePositionQuery(tx, randomUUID()).explain();
      return rows.map((r) => Object.values(r).join("")).join("\n");
    });
    expect(text).toContain("pull_list_line_section");
  });
});
