// The SQL the server runs, captured from its own store and service functions
// through a Kysely that logs its queries, so that the benchmarks' "floor" (the
// same statements run directly with the same driver) measures exactly that SQL.
import type pg from "pg";
import { serverModule } from "./server-modules.js";

export interface Statement {
  sql: string;
  parameters: unknown[];
}

/** Runs `use` against a logging Kysely on `pool` and returns the statements it ran, in order. */
export async function captureSql(pool: pg.Pool, use: (db: unknown) => Promise<unknown>): Promise<Statement[]> {
  const kysely = await import("kysely");
  const captured: Statement[] = [];
  const db = new kysely.Kysely<unknown>({
    dialect: new kysely.PostgresDialect({ pool }),
    plugins: [new kysely.CamelCasePlugin()],
    log: (event) => {
      if (event.level === "query") captured.push({ sql: event.query.sql, parameters: [...event.query.parameters] });
    },
  });
  await use(db);
  if (captured.length === 0) throw new Error("no SQL was captured");
  return captured;
}

export interface StatementTimes {
  calls: number;
  totalMs: number;
}

/**
 * A Kysely as the server builds it (CamelCase) that counts the statements it
 * runs and sums their wall time (as the driver sees it: queueing for a lock
 * included) by SQL text; `sample` keeps the text of those run while it is on.
 */
export async function countingKysely(pool: pg.Pool): Promise<{ db: unknown; statements(): number; times(): Map<string, StatementTimes>; sample(on: boolean): string[] }> {
  const kysely = await import("kysely");
  let count = 0;
  let sampling = false;
  let sampled: string[] = [];
  const times = new Map<string, StatementTimes>();
  const db = new kysely.Kysely<unknown>({
    dialect: new kysely.PostgresDialect({ pool }),
    plugins: [new kysely.CamelCasePlugin()],
    log: (event) => {
      count += 1;
      const text = event.query.sql;
      if (sampling) sampled.push(text);
      const seen = times.get(text) ?? { calls: 0, totalMs: 0 };
      times.set(text, { calls: seen.calls + 1, totalMs: seen.totalMs + event.queryDurationMillis });
    },
  });
  return {
    db,
    statements: () => count,
    times: () => times,
    sample: (on) => {
      sampling = on;
      const out = sampled;
      if (on) sampled = [];
      return out;
    },
  };
}

/** The trigram thresholds the search service sets per transaction, for a session that replays its SQL. */
export const searchThresholdsSql = "SELECT set_config('pg_trgm.similarity_threshold', '0.3', false), set_config('pg_trgm.word_similarity_threshold', '0.45', false)";

/** A search's two statements: codes + full-text, then the typo-tolerant trigram one. */
export async function captureSearchSql(pool: pg.Pool, query: string): Promise<{ stage1: Statement; stage2: Statement }> {
  const domain = await serverModule<{
    normalizeQuery(raw: string): { text: string; words: string[] };
    tsQueryText(words: string[]): string;
    likePrefix(text: string): string;
    tagNumberPattern(text: string): string | undefined;
  }>("domain/search.js");
  const store = await serverModule<{
    findCodeAndTextCandidates(db: unknown, q: unknown): Promise<unknown[]>;
    findFuzzyCandidates(db: unknown, q: unknown): Promise<unknown[]>;
  }>("store/search.store.js");
  const q = domain.normalizeQuery(query);
  const kinds = new Set(["PRODUCT", "ASSET", "CASE", "KIT"]);
  const [stage1, stage2] = await captureSql(pool, async (db) => {
    await store.findCodeAndTextCandidates(db, { text: q.text, tsQuery: domain.tsQueryText(q.words), codePrefix: domain.likePrefix(q.text), tagNumber: domain.tagNumberPattern(q.text), kinds, limit: 20 });
    await store.findFuzzyCandidates(db, { text: q.text, kinds, limit: 20 });
  });
  if (!stage1 || !stage2) throw new Error("the search SQL was not captured");
  return { stage1, stage2 };
}

export interface AvailabilityAsk {
  productIds: string[];
  start: Date;
  end: Date;
  excludeEventId?: string;
}

/** The statements CheckAvailability runs (settings, owned units, open repairs, reservations). */
export async function captureAvailabilitySql(pool: pg.Pool, ask: AvailabilityAsk): Promise<Statement[]> {
  const service = await serverModule<{ loadWorld(db: unknown, o: unknown): Promise<unknown> }>("service/availability.service.js");
  return captureSql(pool, (db) =>
    service.loadWorld(db, { productIds: ask.productIds, range: { start: ask.start.getTime(), end: ask.end.getTime() }, ...(ask.excludeEventId ? { excludeEventId: ask.excludeEventId } : {}) }),
  );
}

export interface PlanFigures {
  /** Index scans the plan used, by index name. */
  indexes: string[];
  sequentialScans: string[];
  executionMs: number;
  /** The top node's row count. */
  rows: number;
}

/** The facts worth printing from `EXPLAIN (ANALYZE, COSTS OFF)` text. */
export function planFigures(text: string): PlanFigures {
  const indexes = new Set<string>();
  const seq = new Set<string>();
  for (const m of text.matchAll(/Index(?: Only)? Scan(?: Backward)? using (\w+)/g)) if (m[1]) indexes.add(m[1]);
  for (const m of text.matchAll(/Bitmap Index Scan on (\w+)/g)) if (m[1]) indexes.add(m[1]);
  for (const m of text.matchAll(/Seq Scan on (\w+)/g)) if (m[1]) seq.add(m[1]);
  const rows = /actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/.exec(text);
  return { indexes: [...indexes].sort(), sequentialScans: [...seq].sort(), executionMs: Number(/Execution Time: ([\d.]+)/.exec(text)?.[1] ?? Number.NaN), rows: Number(rows?.[1] ?? 0) };
}

/** EXPLAIN ANALYZE of one statement on `client`. */
export async function explain(client: pg.PoolClient | pg.Pool, statement: Statement): Promise<PlanFigures> {
  const explained = await client.query<Record<string, string>>(`EXPLAIN (ANALYZE, COSTS OFF) ${statement.sql}`, statement.parameters);
  return planFigures(explained.rows.map((r) => Object.values(r)[0] ?? "").join("\n"));
}
