import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/db.js";
import type { DatabaseHandle } from "./db.js";
import { countRequest } from "./rate-limit.store.js";

let database: DatabaseHandle;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.close();
});

describe("request counters", () => {
  it("count per key within a fixed window, and start again at 1 once it has ended", async () => {
    const at = (nowMs: number, key = "rq:user:a") => countRequest(database.db, { key, windowMs: 60_000, nowMs });
    expect(await at(1_000_000)).toEqual({ points: 1, expireMs: 1_060_000 });
    expect(await at(1_030_000)).toEqual({ points: 2, expireMs: 1_060_000 });
    expect(await at(1_030_000, "rq:user:b")).toEqual({ points: 1, expireMs: 1_090_000 });
    expect(await at(1_059_999)).toEqual({ points: 3, expireMs: 1_060_000 });
    expect(await at(1_060_000)).toEqual({ points: 1, expireMs: 1_120_000 });
  });
});
