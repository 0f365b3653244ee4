// The plans PostgreSQL chooses for pull-list edits that must stay cheap however
// many lines and events the database holds (found by the load benchmark, bench/README.md).
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/db.js";
import type { DatabaseHandle } from "../store/db.js";
import { lockEventOfLineQuery } from "../store/event.store.js";
import { sectionsWithLinesQuery } from "../store/pull-list.store.js";

let database: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** The plan's text with sequential scans discouraged: a small test database is cheapest to scan, so this asks which indexes the planner can use. */
async function plan(query: (tx: DatabaseHandle["db"]) => { explain(): Promise<Record<string, unknown>[]> }): Promise<string> {
  return database.db.transaction().execute(async (tx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(tx);
    const rows = await query(tx).explain();
    return rows.map((r) => Object.values(r).join("")).join("\n");
  });
}

describe("query plans", () => {
  it("reads a pull list's sections and lines by the event's indexes, titles by primary keys, without joining the catalogue", async () => {
    const text = await plan((tx) => sectionsWithLinesQuery(tx, randomUUID()));
    expect(text).toContain("pull_list_section_event");
    expect(text).toContain("pull_list_line_event");
    expect(text).toContain("SubPlan");
    expect(text).not.toMatch(/Hash (Right |Left )?Join/);
  });

  it("locks a line's event with its phases in one statement, by primary keys only", async () => {
    const text = await plan((tx) => lockEventOfLineQuery(tx, randomUUID()));
    expect(text).toContain("pull_list_line_pkey");
    expect(text).toContain("event_pkey");
    expect(text).toContain("event_phase_pkey");
  });
});
