// vitest globalSetup of the postgres project: one migrated template database
// that every test file clones (CREATE DATABASE … TEMPLATE is fast).
import pg from "pg";
import { migrate } from "../../src/store/db.js";
import { databaseUrl, postgresTemplateName } from "./db.js";

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function setup(): Promise<() => Promise<void>> {
  const template = postgresTemplateName(process.pid);
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${template}`);
  });
  const pool = new pg.Pool({ connectionString: databaseUrl(template), max: 1 });
  await migrate(pool);
  await pool.end();
  return () =>
    admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    });
}
