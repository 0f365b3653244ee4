// The log of changes to what availability is computed from (written by the
// triggers of migration 0029), read against a snapshot: which committed
// changes did a snapshot not see? See docs/rules/shortages.md.
import { sql, type Kysely } from "kysely";
import type { PlanningChange } from "../domain/shortage-cache.js";
import type { Database } from "./schema.js";

type Q = Kysely<Database>;

/** The transaction's snapshot, as text (`xmin:xmax:xip,…`); call it inside the transaction that reads. */
export async function currentSnapshot(db: Q): Promise<string> {
  const { rows } = await sql<{ snapshot: string }>`SELECT pg_current_snapshot()::text AS snapshot`.execute(db);
  return rows[0]?.snapshot ?? "";
}

/** Changes committed by transactions `snapshot` did not see (everything older than its xmin it saw). */
export async function changesUnseenBy(db: Q, snapshot: string): Promise<PlanningChange[]> {
  const rows = await db
    .selectFrom("planningChange")
    .select(["productId", "startsAt"])
    .where(sql<boolean>`xid >= pg_snapshot_xmin(${snapshot}::pg_snapshot)`)
    .where(sql<boolean>`NOT pg_visible_in_snapshot(xid, ${snapshot}::pg_snapshot)`)
    .execute();
  return rows.map((r) => ({ productId: r.productId, startsAt: r.startsAt ? r.startsAt.getTime() : null }));
}

/** Forgets changes logged more than `ageMs` ago by the database's clock: no cached answer is that old. */
export async function pruneChanges(db: Q, ageMs: number): Promise<void> {
  await db.deleteFrom("planningChange").where("at", "<", sql<Date>`now() - ${ageMs}::double precision * interval '1 millisecond'`).execute();
}
