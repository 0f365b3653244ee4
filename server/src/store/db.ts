// The one data-access layer: Kysely over a pg.Pool, either a real PostgreSQL or
// the embedded PGlite through its node-postgres adapter.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, sql, type Migration, type MigrationProvider, type PostgresCursor, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from "kysely";
import pg from "pg";
import lockfile from "proper-lockfile";
import type { Database } from "./schema.js";

export type Engine = "pglite" | "postgres";
export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  pool: pg.Pool;
  /**
   * For counters that may lose their last moments in a crash (the rate limits): on PostgreSQL
   * its commits do not wait for the WAL flush (synchronous_commit=off), which every RPC would
   * otherwise pay for its rate-limit count; on PGlite it is `pool`.
   */
  counters: pg.Pool;
  engine: Engine;
  /**
   * The embedded engine's own LISTEN: PGlite delivers NOTIFY to callbacks on its
   * instance (there is no second connection to listen on). Absent for
   * PostgreSQL, where a listener opens its own connection.
   */
  listen?: (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;
  /** Closes the pool, the embedded database and releases the data folder lock. */
  close(): Promise<void>;
}

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(`the data folder ${dataDir} is in use by another EventKit process; stop it or set EVENTKIT_DATA_DIR to another folder`);
  }
}

export const migrationsDir = fileURLToPath(new URL("../../../migrations/", import.meta.url));

/** Contrib extensions must be passed every time PGlite opens a data folder. */
const pgliteExtensions = { btree_gist, pg_trgm };

export function createKysely(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
}

/**
 * A Kysely whose statements are prepared on each connection, named by their text: PostgreSQL
 * plans each once per connection (then reuses a generic plan) instead of on every call. Planning
 * was most of the database's CPU for the statement every authenticated request runs. Only for a
 * small, fixed set of statements (the counters'): every distinct text stays prepared on each
 * connection for its lifetime.
 */
export function createPreparedKysely(pool: pg.Pool): Db {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (name === undefined) {
      name = `ek_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  const preparing: PostgresPool = {
    connect: async () => {
      const client = await pool.connect();
      function query<R>(text: string, values: readonly unknown[]): Promise<PostgresQueryResult<R>>;
      function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
      function query<R>(text: string | PostgresCursor<R>, values: readonly unknown[] = []): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
        // Kysely passes a cursor only to stream, with a cursor class configured; there is none here.
        if (typeof text !== "string") throw new Error("streaming is not available on prepared connections");
        // pg's result has the shape Kysely reads (command, rowCount, rows); its command is typed as any string.
        return client.query({ name: nameOf(text), text, values: [...values] }) as unknown as Promise<PostgresQueryResult<R>>;
      }
      const prepared: PostgresPoolClient = { query, release: (destroy?: boolean) => { client.release(destroy); } };
      return prepared;
    },
    end: () => pool.end(),
  };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparing }), plugins: [new CamelCasePlugin()] });
}

/** Opens PGlite in `dataDir` (or in memory), with its extensions. */
export async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  return PGlite.create(dataDir ?? "memory://", { extensions: pgliteExtensions });
}

export function pglitePool(lite: PGlite): pg.Pool {
  return new pg.Pool(createPgConfig(lite));
}

/** A handle over an open PGlite; closing it closes the instance, then runs `afterClose` (e.g. releasing the folder lock). */
export function pgliteHandle(lite: PGlite, afterClose: () => Promise<void> = () => Promise.resolve()): DatabaseHandle {
  const pool = pglitePool(lite);
  const db = createKysely(pool);
  return {
    db,
    pool,
    counters: pool,
    engine: "pglite",
    listen: async (channel, onPayload) => {
      const unlisten = await lite.listen(channel, onPayload);
      return () => unlisten();
    },
    close: async () => {
      await db.destroy();
      await lite.close();
      await afterClose();
    },
  };
}

/**
 * PGlite does not protect its folder: two processes on one folder lose data.
 * An exclusive lock (refreshed while we run; stale after a crash) keeps a
 * second server out with a clear error.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  mkdirSync(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, { lockfilePath: join(dataDir, "eventkit.lock"), stale: 15_000, update: 5_000, realpath: false });
  } catch (error) {
    if ((error as { code?: string }).code === "ELOCKED") throw new DataDirLockedError(dataDir);
    throw error;
  }
}

export interface OpenOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize: number;
}

/**
 * Session settings of every server connection. JIT off: our statements are
 * short OLTP queries, yet a few (availability over thousands of products)
 * cross the planner's JIT cost threshold, and compiling them took ~300 ms
 * against ~70 ms of execution (bench, seed scale).
 */
const sessionSettings = "-c jit=off";

function postgresPool(connectionString: string, max: number, extra = ""): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000, options: `${sessionSettings} ${extra}`.trim() });
  // A connection that drops (idle in the pool, or checked out mid-query) must not crash the process:
  // the query in flight fails and is mapped to Unavailable; the pool replaces the connection.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  return pool;
}

/**
 * One short statement per RPC (an access token's session check with its rate-limit count, or the
 * count alone): a quarter of the main pool serves them.
 */
export function countersPoolSize(poolSize: number): number {
  return Math.max(2, Math.ceil(poolSize / 4));
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = postgresPool(options.databaseUrl, options.poolSize);
    const counters = postgresPool(options.databaseUrl, countersPoolSize(options.poolSize), "-c synchronous_commit=off");
    const db = createKysely(pool);
    return {
      db,
      pool,
      counters,
      engine: "postgres",
      close: async () => {
        await db.destroy();
        await counters.end();
      },
    };
  }
  const release = await lockDataDir(options.dataDir);
  try {
    return pgliteHandle(await openPglite(join(options.dataDir, "pgdata")), release);
  } catch (error) {
    await release();
    throw error;
  }
}

class SqlFileMigrations implements MigrationProvider {
  constructor(private readonly dir: string) {}

  getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of readdirSync(this.dir).filter((f) => f.endsWith(".sql")).sort()) {
      const text = readFileSync(join(this.dir, file), "utf8");
      migrations[file.replace(/\.sql$/, "")] = { up: async (db) => {
          await sql.raw(text).execute(db);
        } };
    }
    return Promise.resolve(migrations);
  }
}

/** Applies every pending migration in order; forward-only. Returns the names applied. */
export async function migrate(pool: pg.Pool, dir = migrationsDir): Promise<string[]> {
  // Without the CamelCasePlugin: the migrator's bookkeeping tables keep their own names.
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  const migrator = new Migrator({ db, provider: new SqlFileMigrations(dir), migrationTableName: "schema_migration", migrationLockTableName: "schema_migration_lock" });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? "(unknown)"} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Round trip to the database, for /health. */
export async function ping(db: Db, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => { resolve(false); }, timeoutMs);
  });
  try {
    return await Promise.race([sql`select 1`.execute(db).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
