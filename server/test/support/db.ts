// A fresh, fully migrated database per call: PGlite in memory (always), or a
// new PostgreSQL database cloned from a migrated template when the suite runs
// with EVENTKIT_TEST_ENGINE=postgres (TEST_DATABASE_URL).
import { randomUUID } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createKysely, migrate, openPglite, pgliteHandle, pglitePool, type DatabaseHandle } from "../../src/store/db.js";

export const testEngine = process.env.EVENTKIT_TEST_ENGINE === "postgres" ? "postgres" : "pglite";

let template: Promise<PGlite> | undefined;

async function migratedTemplate(): Promise<PGlite> {
  const lite = await openPglite(undefined);
  const pool = pglitePool(lite);
  await migrate(pool);
  await pool.end();
  return lite;
}

async function pgliteDatabase(): Promise<DatabaseHandle> {
  template ??= migratedTemplate();
  return pgliteHandle((await (await template).clone()) as PGlite);
}

/** One template per test run (globalSetup runs in vitest's main process, the workers are its children), so concurrent runs do not collide. */
export function postgresTemplateName(runPid = process.ppid): string {
  return `eventkit_test_template_${runPid}`;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("EVENTKIT_TEST_ENGINE=postgres needs TEST_DATABASE_URL");
  return url;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function postgresDatabase(): Promise<DatabaseHandle> {
  const name = `eventkit_test_${randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${postgresTemplateName()}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: databaseUrl(name), max: 10 });
  // DROP … WITH (FORCE) below ends connections the pool is still closing.
  pool.on("error", () => undefined);
  const db = createKysely(pool);
  return {
    db,
    pool,
    // Durability of the counters does not matter to the tests.
    counters: pool,
    engine: "postgres",
    close: async () => {
      await db.destroy();
      const cleanup = new pg.Client({ connectionString: adminUrl() });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export function createTestDatabase(): Promise<DatabaseHandle> {
  return testEngine === "postgres" ? postgresDatabase() : pgliteDatabase();
}
