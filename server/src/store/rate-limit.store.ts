// Per-request counters in rate_limit, the table rate-limiter-flexible keeps the sign-in counters in
// (same columns and the same fixed-window rule, under keys of their own). One upsert counts a request,
// so every server process shares the limits.
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "./schema.js";

type Q = Kysely<Database>;

/** One request to count: the caller's key, the window and the time, in ms since the epoch. */
export interface RequestToCount {
  key: string;
  windowMs: number;
  nowMs: number;
}

/** The caller's requests in the current window, this one included, and when the window ends. */
export interface RequestCount {
  points: number;
  expireMs: number;
}

/**
 * The upsert counting one request for each row of `source` (a FROM clause, or nothing for one
 * unconditional count): a window that has ended starts again at 1.
 */
export function upsertRequestCount(count: RequestToCount, source: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    INSERT INTO rate_limit AS rl (key, points, expire)
    SELECT ${count.key}, 1, ${count.nowMs + count.windowMs}::bigint ${source}
    ON CONFLICT (key) DO UPDATE SET
      points = CASE WHEN rl.expire <= ${count.nowMs}::bigint THEN 1 ELSE rl.points + 1 END,
      expire = CASE WHEN rl.expire <= ${count.nowMs}::bigint THEN excluded.expire ELSE rl.expire END
    RETURNING points, expire`;
}

export async function countRequest(db: Q, count: RequestToCount): Promise<RequestCount> {
  const { rows } = await sql<{ points: number; expire: string }>`${upsertRequestCount(count, sql``)}`.execute(db);
  const row = rows[0];
  if (!row) throw new Error("the rate-limit upsert returned no row");
  return { points: row.points, expireMs: Number(row.expire) };
}
